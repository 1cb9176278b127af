"""The store: articles, canonical speakers and statements in SQLite or PostgreSQL.

>>> from saidwhat.store import open_store, query           # doctest: +SKIP
>>> from saidwhat.store.filters import QuoteFilters         # doctest: +SKIP
>>> store = open_store("saidwhat.db")                       # doctest: +SKIP
>>> query.search_quotes(store, QuoteFilters(q="negotiations", speaker="Massoud"))  # doctest: +SKIP

Importing the package is cheap (``store.filters`` is read by the CLI's options):
SQLAlchemy loads with :mod:`.db`, on the first use of these names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .db import DEFAULT_URL, Store, open_store

__all__ = ["DEFAULT_URL", "Store", "open_store"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import db

        return getattr(db, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
