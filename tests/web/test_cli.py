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

from .conftest import TOKEN, _free_port

SAIDWHAT = Path(sys.executable).with_name("saidwhat")


def test_missing_store_is_an_error(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "nope.db")])
    assert r.exit_code == 1
    assert "[E057]" in r.output


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
