"""Stable identifiers shared by the batch runner and the store.

:func:`content_hash` is the one definition of "the same article": two texts
with the same hash are processed once by ``saidwhat batch`` and stored once by
the store. Import it from here; do not re-implement it.
"""

from __future__ import annotations

import hashlib

__all__ = ["content_hash"]


def content_hash(text: str) -> str:
    """Return the first 32 hex digits of the SHA-256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
