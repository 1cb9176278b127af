"""A real ``saidwhat ingest`` killed with SIGKILL leaves only whole articles; a rerun completes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa

from saidwhat.store import open_store, query

from .conftest import make_record

N = 4000


def _records(path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(N):
            who = f"Person{i % 50} Lastname{i % 50}"
            text = f'"Statement number {i} is here," said {who} in report {i}.'
            rec = make_record(
                text,
                id=f"r{i}",
                entities=[{"name": who, "roles": ["official"]}],
                quotes=[
                    {"speaker": 0, "content": f"Statement number {i} is here", "cue": "said"},
                    {"speaker": None, "content": f"report {i}", "kind": "indirect"},
                ],
            )
            fh.write(json.dumps(rec) + "\n")


def _articles(url: str) -> int:
    s = open_store(url)
    try:
        return query.stats(s)["articles"]
    finally:
        s.close()


def _check_whole(url: str) -> int:
    s = open_store(url)
    try:
        with s.connect() as c:
            n_art = c.exec_driver_sql("SELECT count(*) FROM articles").scalar()
            # Every stored article has all its rows, and nothing hangs without an article.
            bad = c.exec_driver_sql(
                "SELECT count(*) FROM articles a WHERE a.n_quotes <> "
                "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id) "
                "OR 1 <> (SELECT count(*) FROM entities e WHERE e.article_id = a.id)"
            ).scalar()
            orphans = c.exec_driver_sql(
                "SELECT (SELECT count(*) FROM quotes"
                "        WHERE article_id NOT IN (SELECT id FROM articles))"
                " + (SELECT count(*) FROM entities"
                "    WHERE article_id NOT IN (SELECT id FROM articles))"
                " + (SELECT count(*) FROM quote_spans"
                "    WHERE quote_id NOT IN (SELECT id FROM quotes))"
            ).scalar()
            spans = c.execute(sa.text("SELECT count(*) FROM quote_spans")).scalar()
        assert bad == 0 and orphans == 0
        assert spans == 3 * n_art  # source + content of Q1, content of Q2
        return int(n_art)
    finally:
        s.close()


def _ingest(path, url: str, *, batch_size: int = 200) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-c",
        "from saidwhat.cli import main; main()",
        "ingest",
        str(path),
        "--db",
        url,
        "--batch-size",
        str(batch_size),
        "--no-progress",
        # no sentence vectors: 4,000 of them would take minutes; copy links are written in
        # the batch's transaction like every other row (tests/store/test_copies.py)
        "--no-embed",
    ]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_sigkill_mid_ingest_then_rerun(tmp_path, store_url):
    src = tmp_path / "extracted.jsonl"
    _records(src)
    open_store(store_url).close()  # schema exists before we start polling
    proc = _ingest(src, store_url, batch_size=1)  # slow: one transaction per article
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _articles(store_url)
        if seen >= 100:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    partial = _check_whole(store_url)
    assert 100 <= partial < N
    rerun = _ingest(src, store_url)
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    assert f"{N - partial} articles written" in err.decode()
    assert _check_whole(store_url) == N
    # Idempotent: a third run adds nothing.
    again = _ingest(src, store_url)
    _, err = again.communicate(timeout=600)
    assert "0 articles written" in err.decode() and _articles(store_url) == N
