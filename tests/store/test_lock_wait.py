"""Another writer's long transaction (issue 20.6): opening the store takes no lock, a
write waits for the lock with backoff and then gives up with E038 (not "cannot open
store"), and POST answers 503 with Retry-After instead of 500."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from saidwhat.errors import StoreBusy
from saidwhat.store import open_store
from saidwhat.store.write import write_articles

from .conftest import person_article

TOKEN = "lock-wait-token-0123456789"


def _locked(path: Path) -> sqlite3.Connection:
    """A raw connection holding the store's write lock (as a long ingest batch does)."""
    held = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    held.execute("BEGIN IMMEDIATE")
    return held


def test_a_busy_store_opens_and_a_write_gives_up_with_e037(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_store(path).close()  # created and migrated
    held = _locked(path)
    try:
        with open_store(path, lock_wait=0.3) as s:  # no lock needed to open
            with pytest.raises(StoreBusy) as err:
                write_articles(s, [person_article("Ann Lee", "Rain is coming", id="a")])
            msg = str(err.value)
            assert msg.startswith("[E038]") and "cannot open store" not in msg
    finally:
        held.rollback()
        held.close()
    with open_store(path) as s, s.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM articles").scalar() == 0


def test_a_write_waits_for_the_lock_and_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_store(path).close()
    held = _locked(path)
    release = threading.Timer(0.5, held.rollback)
    release.start()
    try:
        with open_store(path, lock_wait=60) as s:
            stats = write_articles(s, [person_article("Ann Lee", "Rain is coming", id="a")])
        assert stats.written == 1
    finally:
        release.join()
        held.close()


def test_post_answers_503_with_retry_after_while_the_store_is_busy(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from saidwhat.web.app import create_app

    path = tmp_path / "s.db"
    open_store(path).close()
    app = create_app(str(path), token=TOKEN, config={"limits": {"post_lock_wait": 0.3}})
    held = _locked(path)
    try:
        with TestClient(app, base_url="http://127.0.0.1") as c:
            r = c.post(
                "/api/articles",
                json=person_article("Ann Lee", "Rain is coming", id="a"),
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
        assert r.status_code == 503 and r.headers["Retry-After"].isdigit()
        assert "[E038]" in r.json()["error"]
    finally:
        held.rollback()
        held.close()
