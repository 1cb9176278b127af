"""A client that connects and sends nothing is disconnected (issue 20, item 10)."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pytest

from saidwhat.web.protocol import IdleTimeoutH11Protocol


def _serve(app: Any, protocol: Any) -> tuple[Any, threading.Thread, int]:
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        timeout_keep_alive=1,
        http=protocol,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    return server, thread, port


def _closed_by_server(port: int, wait: float) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as conn:
        try:
            return conn.recv(1) == b""  # an orderly close, no request sent
        except TimeoutError:
            return False


@pytest.mark.issue(20)
def test_an_idle_connection_is_closed(app: Any) -> None:
    server, thread, port = _serve(app, IdleTimeoutH11Protocol)
    try:
        assert _closed_by_server(port, wait=30)
        # a real request is still served on a new connection
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            conn.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert conn.recv(12).startswith(b"HTTP/1.1")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
