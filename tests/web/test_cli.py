"""``saidwhat serve`` as a user runs it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from saidwhat.cli import main
from saidwhat.runtime.procs import child_pids, is_running, orphans_of_kill

from .conftest import TOKEN, _free_port

SAIDWHAT = Path(sys.executable).with_name("saidwhat")


def test_missing_store_is_an_error(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "nope.db")])
    assert r.exit_code == 1
    assert "[E057]" in r.output


def test_a_bad_or_unreachable_database_is_one_numbered_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database, " * 200)
    cases = {
        "mysql://reader:s3cret@db.example/news": "[E031]",  # no such driver
        "postgresql://reader:s3cret@127.0.0.1:1/news": "[E030]",  # nothing listens on port 1
        str(junk): "[E030]",  # not a SQLite file
    }
    for url, code in cases.items():
        r = CliRunner().invoke(main, ["serve", "--db", url, "--port", str(_free_port())])
        lines = r.output.strip().splitlines()
        assert r.exit_code != 0, url
        assert len(lines) == 1 and lines[0].startswith(f"Error: {code}"), (url, r.output)
        assert "Traceback" not in r.output and "\\n" not in r.output, url
        assert "sqlalche.me" not in r.output and "s3cret" not in r.output, url
        assert "serving" not in r.output, url


def test_short_token_is_an_error(store_url: str) -> None:
    r = CliRunner().invoke(main, ["serve", "--db", store_url, "--token", "abc"])
    assert r.exit_code == 1 and "[E058]" in r.output


def test_serve_subprocess_read_only_then_with_token(store_url: str) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "SAIDWHAT_TOKEN"}
    env["SAIDWHAT_TOKEN"] = TOKEN  # the environment variable enables ingest
    proc = subprocess.Popen(
        [str(SAIDWHAT), "serve", "--db", store_url, "--port", str(port), "--max-body", "1000"],
        env=env,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            try:
                r = httpx.get(base + "/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["stats"]["articles"] > 0
        assert httpx.get(base + "/").status_code == 200
        # token from the environment: wrong token 401, body over --max-body 413
        bad = httpx.post(
            base + "/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer nope"}
        )
        assert bad.status_code == 401
        big = httpx.post(
            base + "/api/articles",
            json={"text": "x" * 2000},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert big.status_code == 413
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def test_a_port_in_use_is_an_error_before_serving_is_announced(store_url: str) -> None:
    """Issue 20.9: ``serve`` printed "serving ..." and then failed with "address
    already in use"."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = CliRunner().invoke(main, ["serve", "--db", store_url, "--port", str(port)])
    assert r.exit_code == 1 and "[E065]" in r.output and "serving" not in r.output


def test_serve_workers_die_with_their_parent(store_url: str) -> None:
    """Issue 20.9: after kill -9 of ``serve --workers 2`` its workers went on serving
    on the port for 30 s and more."""
    port = _free_port()
    proc = subprocess.Popen(
        [str(SAIDWHAT), "serve", "--db", store_url, "--port", str(port), "--workers", "2"],
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                workers = {w for w in child_pids(proc.pid) if is_running(w)}
                if len(workers) >= 2:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and proc.poll() is None, "serve did not start"
            time.sleep(0.2)
        # the watcher looks every second
        assert not orphans_of_kill(proc, workers, grace=20), "orphaned server workers"
    finally:
        for w in workers:
            if is_running(w):
                os.kill(w, signal.SIGKILL)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
