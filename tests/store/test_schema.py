from __future__ import annotations

import pytest
import sqlalchemy as sa

from saidwhat.errors import StoreError
from saidwhat.store import open_store
from saidwhat.store.db import normalize_url
from saidwhat.store.schema import MIGRATIONS, SCHEMA_VERSION, schema_version


def test_urls_plain_path_sqlite_and_postgres_use_psycopg3():
    assert normalize_url("news.db").startswith("sqlite:///")
    assert normalize_url("sqlite:///x/y.db") == "sqlite:///x/y.db"
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgresql+psycopg2://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(StoreError, match=r"\[E031\]"):
        normalize_url("mysql://u@h/db")


def test_missing_directory_is_a_coded_error(tmp_path):
    with pytest.raises(StoreError, match=r"\[E030\]"):
        open_store(tmp_path / "nope" / "x.db")


def test_new_store_records_its_schema_version_once(store_url):
    s = open_store(store_url)
    s.close()
    s = open_store(store_url)  # reopening applies nothing twice
    with s.connect() as c:
        rows = c.execute(sa.select(schema_version.c.version)).scalars().all()
    s.close()
    assert rows == sorted(MIGRATIONS) and rows[-1] == SCHEMA_VERSION


def test_store_from_a_newer_saidwhat_is_refused(store_url):
    s = open_store(store_url)
    with s.begin() as c:
        c.execute(schema_version.insert().values(version=SCHEMA_VERSION + 1, applied_at="x"))
    s.close()
    with pytest.raises(StoreError, match=r"\[E032\]"):
        open_store(store_url)


def test_sqlite_store_uses_wal(tmp_path):
    s = open_store(tmp_path / "w.db")
    with s.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    s.close()


def test_an_older_store_is_migrated_in_place(store_url):
    s = open_store(store_url)
    with s.begin() as c:  # make it look like a version-1 store
        c.exec_driver_sql("ALTER TABLE speakers DROP COLUMN suffix")
        c.execute(schema_version.delete().where(schema_version.c.version > 1))
    s.close()
    s = open_store(store_url)
    with s.connect() as c:
        cols = {col["name"] for col in sa.inspect(c).get_columns("speakers")}
        versions = c.execute(sa.select(schema_version.c.version)).scalars().all()
    s.close()
    assert "suffix" in cols and max(versions) == SCHEMA_VERSION
