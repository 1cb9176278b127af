"""Open a store: an embedded SQLite file or a PostgreSQL server, same schema.

>>> store = open_store("saidwhat.db")                       # doctest: +SKIP
>>> store = open_store("postgresql://saidwhat@127.0.0.1/news")  # doctest: +SKIP
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..errors import Errors, StoreError
from . import schema

if TYPE_CHECKING:
    from ..records import ArticleResult

#: Used when no ``--db`` is given.
DEFAULT_URL = "saidwhat.db"

_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def normalize_url(url: str | Path) -> str:
    """A SQLAlchemy URL from a plain path, ``sqlite:///…`` or ``postgresql://…``.

    PostgreSQL URLs always use the psycopg 3 driver (``postgresql+psycopg://``).
    """
    s = str(url)
    if s in (":memory:", "sqlite://", "sqlite:///:memory:"):
        return "sqlite://"
    if s.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + s.split("://", 1)[1]
    if s.startswith("postgresql+"):
        if not s.startswith("postgresql+psycopg://"):
            return "postgresql+psycopg://" + s.split("://", 1)[1]
        return s
    if s.startswith("sqlite:///"):
        return s
    if "://" in s:
        raise StoreError(Errors.E031.format(url=s))
    return "sqlite:///" + str(Path(s).expanduser())


def _redact(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


class Store:
    """A connection pool to one database with the saidwhat schema.

    Use :meth:`begin` for a transaction and :meth:`connect` for reads. The
    read functions live in :mod:`saidwhat.store.query`; writing one article is
    :meth:`write_article` (one transaction per article).
    """

    def __init__(self, engine: Engine, *, url: str, pg_schema: str | None = None) -> None:
        self.engine = engine
        self.url = url
        self.pg_schema = pg_schema

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction that holds the store's write lock from its first statement.

        SQLite: ``BEGIN IMMEDIATE`` (a deferred ``BEGIN`` would take the lock only
        at the first write, after the "already stored" check and the speaker
        lookups of another writer's batch had been made on stale data).
        PostgreSQL: a transaction-scoped advisory lock per schema. Writers
        therefore take turns batch by batch; readers are never blocked.
        """
        with self.engine.connect() as conn:
            write_transaction(conn)
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql(_PG_WRITE_LOCK)
                yield conn

    def write_article(
        self,
        result: ArticleResult | Mapping[str, Any],
        meta: Mapping[str, Any] | None = None,
        *,
        replace: bool = False,
    ) -> str | None:
        """Store one extraction result atomically; see :func:`saidwhat.store.write.write_article`.

        Returns the article id (content hash) when written, ``None`` when the
        same text was already stored (and ``replace`` is false).
        """
        from .write import write_article

        return write_article(self, result, meta=meta, replace=replace)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({_redact(self.url)!r})"


#: The write lock of a PostgreSQL store: one per schema of the database.
_PG_WRITE_LOCK = "SELECT pg_advisory_xact_lock(74202, hashtext(current_schema()))"
_IMMEDIATE = "saidwhat_immediate"


def write_transaction(conn: Connection) -> Connection:
    """Mark ``conn`` so that its next SQLite transaction starts with ``BEGIN IMMEDIATE``."""
    return conn.execution_options(**{_IMMEDIATE: True})


def _sqlite_begin(conn: Connection) -> None:
    # pysqlite's own implicit BEGIN is off (isolation_level=None): DDL is transactional
    # too, and a write transaction takes the lock at once.
    immediate = conn.get_execution_options().get(_IMMEDIATE)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA page_size=16384")  # new files only: fewer, larger page writes
    # Switching a new file to WAL fails at once (no busy wait) while another process
    # holds a lock on it, as when several processes create one store together: retry.
    for attempt in range(300):
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            break
        except Exception as exc:  # sqlite3.OperationalError: database is locked
            if "locked" not in str(exc) or attempt == 299:
                raise
            time.sleep(0.1)
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def open_store(
    url: str | Path = DEFAULT_URL, *, pg_schema: str | None = None, must_exist: bool = False
) -> Store:
    """Open (and create or migrate) the store at ``url``.

    Args:
        url: a file path, ``sqlite:///path``, ``postgresql://user@host/db``
            or any ``postgresql+psycopg://`` URL.
        pg_schema: PostgreSQL only: a schema name to create if needed and
            use as ``search_path`` (lets several stores share one database).
        must_exist: a SQLite file that does not exist is an error (E057) instead
            of a new empty store (the read commands: nothing to read).

    Raises:
        StoreError: the database cannot be reached or has a newer schema.
    """
    sa_url = normalize_url(url)
    if must_exist and sa_url.startswith("sqlite:///"):
        file = Path(sa_url[len("sqlite:///") :])
        if not file.exists():
            raise StoreError(Errors.E057.format(path=file))
    kwargs: dict[str, Any] = {}
    if sa_url.startswith("sqlite"):
        if sa_url == "sqlite://":
            kwargs["poolclass"] = sa.pool.StaticPool
            kwargs["connect_args"] = {"check_same_thread": False}
        else:
            path = Path(sa_url[len("sqlite:///") :])
            if path.parent and not path.parent.exists():
                raise StoreError(
                    Errors.E030.format(url=url, reason=f"directory {path.parent} does not exist")
                )
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    elif pg_schema is not None and not _SCHEMA_NAME.match(pg_schema):
        raise StoreError(Errors.E030.format(url=url, reason=f"bad schema name {pg_schema!r}"))
    try:
        engine = sa.create_engine(sa_url, **kwargs)
    except Exception as exc:  # missing driver, malformed URL
        raise StoreError(Errors.E030.format(url=_redact(str(url)), reason=exc)) from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
    elif pg_schema:

        def _search_path(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute(f'CREATE SCHEMA IF NOT EXISTS "{pg_schema}"')
            cur.execute(f'SET search_path TO "{pg_schema}"')
            cur.close()
            dbapi_conn.commit()

        sa.event.listen(engine, "connect", _search_path)
    store = Store(engine, url=sa_url, pg_schema=pg_schema)
    try:
        with engine.connect() as conn, write_transaction(conn).begin():
            # Serialise concurrent first-time migrations (SQLite: BEGIN IMMEDIATE).
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(74201)")
            found = schema.current_version(conn)
            if found > schema.SCHEMA_VERSION:
                raise StoreError(
                    Errors.E032.format(
                        url=_redact(sa_url), found=found, supported=schema.SCHEMA_VERSION
                    )
                )
            schema.migrate(conn, now=utcnow())
    except StoreError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        raise StoreError(Errors.E030.format(url=_redact(str(url)), reason=exc)) from exc
    return store


__all__ = ["DEFAULT_URL", "Store", "normalize_url", "open_store", "utcnow", "write_transaction"]
