"""The web server: HTML pages and a JSON API over a saidwhat store (``saidwhat serve``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app"]


def create_app(store_or_url: Any, **options: Any) -> FastAPI:
    """Build the ASGI app; see :func:`saidwhat.web.app.create_app`."""
    from .app import create_app as _create_app

    return _create_app(store_or_url, **options)
