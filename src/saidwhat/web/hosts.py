"""Host-header check: the server answers only to the names it is meant to be reached by.

A page on another site can make a browser send requests to
``http://127.0.0.1:8000`` under a name of its own that resolves to the loopback
address (DNS rebinding); such requests carry that foreign name in the ``Host``
header. :class:`HostCheck` answers them with 400 (E061) before any route runs.
Loopback names and addresses are always allowed; other names only when
configured (``saidwhat serve --allow-host``).
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from ..errors import Errors
from .envelope import envelope

__all__ = ["LOOPBACK_HOSTS", "HostCheck", "host_allowed", "host_name"]

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def host_name(header: str) -> str:
    """The name of a ``Host`` header value, without port, lower case, no trailing dot."""
    h = header.strip().lower()
    if h.startswith("["):  # [::1]:8000
        end = h.find("]")
        return h[1:end] if end > 0 else h
    if h.count(":") == 1:
        h = h.split(":", 1)[0]
    return h.rstrip(".")


def _is_loopback(name: str) -> bool:
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_allowed(header: str, allowed: Iterable[str]) -> bool:
    """Whether a ``Host`` header names this server.

    ``allowed`` holds names (``news.example.org``), suffix patterns
    (``.example.org`` or ``*.example.org``) or ``*`` (any host).
    """
    name = host_name(header)
    if not name:
        return False
    if _is_loopback(name):
        return True
    for a in allowed:
        a = host_name(a) if not a.startswith(("*", ".")) else a.lower().rstrip(".")
        if a == "*" or a == name:
            return True
        if a.startswith(("*.", ".")) and name.endswith(a.lstrip("*")):
            return True
    return False


class HostCheck:
    """ASGI middleware: refuse requests whose ``Host`` header is not allowed (400, E061)."""

    def __init__(self, app: Any, *, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = tuple(allowed)

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
        send: Callable[[MutableMapping[str, Any]], Awaitable[None]],
    ) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        header = ""
        for name, value in scope.get("headers", ()):
            if name == b"host":
                header = value.decode("latin-1")
                break
        if host_allowed(header, self.allowed):
            await self.app(scope, receive, send)
            return
        shown = header[:100].encode("ascii", "backslashreplace").decode("ascii")
        body = json.dumps(envelope(400, Errors.E061.format(host=shown))).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        await send({"type": "http.response.body", "body": body})
