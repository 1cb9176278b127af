"""Open a store: an embedded SQLite file or a PostgreSQL server, same schema.

>>> store = open_store("saidwhat.db")                       # doctest: +SKIP
>>> store = open_store("postgresql://saidwhat@127.0.0.1/news")  # doctest: +SKIP
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..errors import Errors, StoreBusy, StoreError
from . import schema

#: Used when no ``--db`` is given.
DEFAULT_URL = "saidwhat.db"
#: Seconds a writer waits for the write lock when the configuration names none.
DEFAULT_LOCK_WAIT = 600.0


def lock_wait_of(config: Mapping[str, Any] | None, key: str = "lock_wait") -> float:
    """``limits.lock_wait`` (or ``key``) of a configuration (default: the shipped one)."""
    from ..config import load_config

    limits = (config if config is not None else load_config()).get("limits") or {}
    try:
        return max(0.0, float(limits.get(key, DEFAULT_LOCK_WAIT)))
    except (TypeError, ValueError):
        return DEFAULT_LOCK_WAIT


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
        raise StoreError(Errors.E031.format(url=_redact(s)))
    return "sqlite:///" + str(Path(s).expanduser())


def _redact(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def one_line(exc: BaseException) -> str:
    """A database error as one line: the driver's own message (not SQLAlchemy's wrapper
    with its statement and "Background on this error" link), white space folded."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc) or type(exc).__name__
    return " ".join(text.split())


class Store:
    """A connection pool to one database with the saidwhat schema.

    Use :meth:`begin` for a transaction and :meth:`connect` for reads. The
    read functions live in :mod:`saidwhat.store.query`; writing one article is
    :meth:`write_article` (one transaction per article).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        url: str,
        pg_schema: str | None = None,
        lock_wait: float = DEFAULT_LOCK_WAIT,
    ) -> None:
        self.engine = engine
        self.url = url
        self.pg_schema = pg_schema
        #: seconds :meth:`begin` waits for the write lock before :class:`StoreBusy`
        self.lock_wait = lock_wait
        #: called with the seconds waited so far while :meth:`begin` waits (progress)
        self.on_wait: Callable[[float], None] | None = None

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

        While another writer holds the lock this waits, with backoff, up to
        :attr:`lock_wait` seconds (calling :attr:`on_wait` with the time waited
        every 30 s or so), then raises :class:`StoreBusy` (E038) having written nothing.
        """
        t0 = time.monotonic()
        delay = 0.05
        told = 0.0
        while True:
            conn = self.engine.connect()
            try:
                write_transaction(conn)
                if conn.dialect.name == "sqlite":
                    # one attempt waits in SQLite at most this long (30 s between notices)
                    left = min(30.0, max(0.05, self.lock_wait - (time.monotonic() - t0)))
                    raw: Any = conn.connection.dbapi_connection
                    raw.execute(f"PRAGMA busy_timeout={int(left * 1000)}")
                trans = conn.begin()
                if conn.dialect.name == "sqlite":
                    raw.execute("PRAGMA busy_timeout=30000")  # the lock is held: as before
                if conn.dialect.name == "postgresql":
                    conn.execute(
                        sa.text("SELECT set_config('lock_timeout', :ms, true)"),
                        {"ms": f"{max(1, int(self.lock_wait * 1000))}ms"},
                    )
                    conn.exec_driver_sql(_PG_WRITE_LOCK)
                break
            except sa.exc.OperationalError as exc:
                conn.close()
                waited = time.monotonic() - t0
                if not _is_lock_wait(exc) or waited >= self.lock_wait:
                    if _is_lock_wait(exc):
                        url = _redact(self.url)
                        raise StoreBusy(Errors.E038.format(url=url, seconds=waited)) from None
                    raise
                if self.on_wait is not None and waited - told >= 30:
                    told = waited
                    self.on_wait(waited)
                time.sleep(min(delay, max(0.0, self.lock_wait - waited)))
                delay = min(delay * 2, 5.0)
        with conn, trans:
            yield conn

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


def _is_lock_wait(exc: BaseException) -> bool:
    """SQLite's "database is locked" or PostgreSQL's lock timeout (SQLSTATE 55P03)."""
    orig = getattr(exc, "orig", exc)
    return "database is locked" in str(orig) or getattr(orig, "sqlstate", None) == "55P03"


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
    url: str | Path = DEFAULT_URL,
    *,
    pg_schema: str | None = None,
    must_exist: bool = False,
    lock_wait: float | None = None,
) -> Store:
    """Open (and create or migrate) the store at ``url``.

    Args:
        url: a file path, ``sqlite:///path``, ``postgresql://user@host/db``
            or any ``postgresql+psycopg://`` URL.
        pg_schema: PostgreSQL only: a schema name to create if needed and
            use as ``search_path`` (lets several stores share one database).
        must_exist: a SQLite file that does not exist is an error (E057) instead
            of a new empty store (the read commands: nothing to read).
        lock_wait: seconds a write waits for another writer's lock
            (:meth:`Store.begin`; default ``limits.lock_wait``). Opening a store
            whose schema is current takes no lock, so it never waits for a writer.

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
        raise StoreError(Errors.E030.format(url=_redact(str(url)), reason=one_line(exc))) from exc
    wait = lock_wait_of(None) if lock_wait is None else max(0.0, lock_wait)
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
    store = Store(engine, url=sa_url, pg_schema=pg_schema, lock_wait=wait)
    try:
        if _schema_is_current(engine):
            return store  # no write lock to open: another writer's long batch is no obstacle
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
        raise StoreError(Errors.E030.format(url=_redact(str(url)), reason=one_line(exc))) from exc
    return store


def _schema_is_current(engine: Engine) -> bool:
    """Whether every migration is applied (read without the write lock)."""
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("schema_version"):
                return False
            applied = set(conn.execute(sa.select(schema.schema_version.c.version)).scalars())
    except sa.exc.OperationalError:
        return False  # let the locked path below report or migrate
    versions = {int(v) for v in applied}
    # a newer store (E032) is reported by the locked path
    return set(schema.MIGRATIONS) <= versions and max(versions) <= schema.SCHEMA_VERSION


__all__ = [
    "DEFAULT_LOCK_WAIT",
    "DEFAULT_URL",
    "Store",
    "lock_wait_of",
    "normalize_url",
    "open_store",
    "utcnow",
    "write_transaction",
]
