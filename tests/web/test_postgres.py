"""The same app over PostgreSQL (when a server is available, as in CI)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest

from . import records

PG_URL = os.environ.get("SAIDWHAT_TEST_PG")


@pytest.fixture(scope="module")
def pg_client() -> Iterator[Any]:
    if not PG_URL:
        pytest.skip(
            "SAIDWHAT_TEST_PG is not set: no PostgreSQL server to test against (.ci/run starts one)"
        )
    import sqlalchemy as sa
    from fastapi.testclient import TestClient

    from saidwhat.store.db import open_store
    from saidwhat.store.write import write_article
    from saidwhat.web.app import create_app

    schema = f"web_{secrets.token_hex(4)}"
    store = open_store(PG_URL, pg_schema=schema)
    try:
        for rec in records.all_records(6):
            write_article(store, rec)
        with TestClient(create_app(store)) as c:
            yield c
    finally:
        store.close()
        eng = sa.create_engine(store.url)
        with eng.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        eng.dispose()


def test_pages_and_api_on_postgres(pg_client: Any) -> None:
    rows = pg_client.get("/api/search", params={"q": "negotiations"}).json()["results"]
    assert [r["content"] for r in rows] == ["negotiations with the Taliban had failed"]
    sid = rows[0]["speaker"]["id"]
    sp = pg_client.get(f"/api/speakers/{sid}").json()["speaker"]
    assert sp["name"] == "Ahmad Massoud"
    assert {"month": "2024-05", "n": 1} in sp["timeline"]
    for url in (
        "/",
        f"/speakers/{sid}",
        f"/articles/{rows[0]['article_id']}",
        "/network",
        "/search?q=hacked",
        "/speakers",
    ):
        r = pg_client.get(url)
        assert r.status_code == 200, url
        assert records.XSS_SCRIPT not in r.text
    assert pg_client.get("/api/search", params={"q": "a\x00b"}).status_code == 200
    assert pg_client.get("/api/articles/a%00b").status_code == 404


def test_search_sort_totals_export_and_permalink_on_postgres(pg_client: Any) -> None:
    import json

    every = pg_client.get("/api/search", params={"per_page": 100}).json()
    assert every["total"] == len(every["results"]) and every["total_exact"] is True
    for sort in ("oldest", "speaker", "relevance"):
        r = pg_client.get("/api/search", params={"q": "budget", "sort": sort, "per_page": 3})
        assert r.status_code == 200 and r.json()["total"] == 6, sort
    kinds = pg_client.get("/api/search", params={"kind": "indirect", "min_confidence": "0.5"})
    assert {x["kind"] for x in kinds.json()["results"]} == {"indirect"}
    r = pg_client.get("/api/search/export", params={"q": "budget", "format": "json"})
    assert [x["content"] for x in json.loads(r.text)] == [
        x["content"] for x in pg_client.get("/api/search", params={"q": "budget"}).json()["results"]
    ]
    r = pg_client.get("/api/search/export", params={"format": "csv"})
    assert len(r.text.splitlines()) == every["total"] + 1
    qid = every["results"][0]["id"]
    assert pg_client.get(f"/api/quotes/{qid}").json()["quote"]["id"] == qid
    assert pg_client.get(f"/quotes/{qid}").status_code == 200
    counts = pg_client.get("/api/stats").json()["stats"]
    assert counts["mentioned"] >= 1
    net = pg_client.get("/api/network").json()
    names = [n["name"] for n in net["nodes"]]
    assert len(names) == len(set(names))
