"""The store: articles, canonical speakers and statements in SQLite or PostgreSQL.

>>> from saidwhat.store import open_store, query           # doctest: +SKIP
>>> store = open_store("saidwhat.db")                       # doctest: +SKIP
>>> query.search_quotes(store, q="negotiations", speaker="Ahmad Massoud")  # doctest: +SKIP
"""

from __future__ import annotations

from .db import DEFAULT_URL, Store, open_store

__all__ = ["DEFAULT_URL", "Store", "open_store"]
