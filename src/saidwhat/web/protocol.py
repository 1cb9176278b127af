"""The HTTP protocol ``saidwhat serve`` runs: uvicorn's h11 protocol, with a
connection that sends no request closed after ``timeout_keep_alive`` seconds.

uvicorn starts that timer only after a response, so a client that connects and
says nothing holds a connection (and, with enough of them, every slot) for ever.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol


class IdleTimeoutH11Protocol(H11Protocol):
    """h11 with the keep-alive timer also running from the moment a client connects
    (it is cancelled as soon as request data arrives, as after a response)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )
