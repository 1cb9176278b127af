"""The one error envelope of the web server, for the JSON API and the pages alike.

``{"ok": false, "error": "[E050] speaker 'x' not found", "status": 404}``
"""

from __future__ import annotations

from typing import Any

__all__ = ["ApiError", "envelope"]


class ApiError(Exception):
    """Raised by route handlers; rendered as the envelope (JSON) or the error page (HTML)."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def envelope(status: int, message: str) -> dict[str, Any]:
    return {"ok": False, "error": message, "status": status}
