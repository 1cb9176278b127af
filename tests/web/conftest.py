"""Fixtures for the web tests: a small SQLite store, the app, a live server, a browser."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from . import records

TOKEN = "test-token-0123456789abcdef"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def store_of(path: Path, recs: Iterable[dict[str, Any]]) -> str:
    """The URL of a new SQLite store at ``path`` holding ``recs`` (written through the
    store's API)."""
    from saidwhat.web.queries import open_store, write

    url = f"sqlite:///{path}"
    store = open_store(url)
    for rec in recs:
        write(store, rec)
    return url


@pytest.fixture(scope="session")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store holding the hand-made records."""
    return store_of(tmp_path_factory.mktemp("web") / "web.db", records.all_records())


@pytest.fixture(scope="session")
def app(store_url: str) -> Any:
    from saidwhat.web.app import create_app

    return create_app(store_url)


@pytest.fixture(scope="session")
def client(app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture()
def write_client(tmp_path: Path) -> Iterator[Any]:
    """A client of an app with ingest enabled, over its own fresh store."""
    from fastapi.testclient import TestClient

    from saidwhat.web.app import create_app

    app = create_app(f"sqlite:///{tmp_path / 'w.db'}", token=TOKEN, max_body=64 * 1024)
    with TestClient(app) as c:
        yield c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve_app(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1 in a background thread; yields its URL."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(app: Any) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 in a background thread."""
    with serve_app(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} not found: install Debian's chromium (.ci/run does) for browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextlib.contextmanager
def watched_page(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh browser page on ``base_url`` that records dialogs (``.dialogs``), console
    errors (``.console_errors``) and off-site requests (``.offsite``)."""
    context = browser.new_context(base_url=base_url)
    pg = context.new_page()
    pg.dialogs = []
    pg.offsite = []
    pg.console_errors = []

    def on_dialog(d: Any) -> None:
        pg.dialogs.append(d.message)
        d.dismiss()

    def on_request(r: Any) -> None:
        if not r.url.startswith(base_url) and not r.url.startswith("data:"):
            pg.offsite.append(r.url)

    pg.on("dialog", on_dialog)
    pg.on("request", on_request)
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture()
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh browser page on the live server (see :func:`watched_page`)."""
    with watched_page(browser, live_server) as pg:
        yield pg
