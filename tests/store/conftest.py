"""Store fixtures: every store test runs on SQLite and, when SAIDWHAT_TEST_PG is set, PostgreSQL.

Records are built by hand (``make_record``) so the tests do not depend on the
extraction engine's current output.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

PG_URL = os.environ.get("SAIDWHAT_TEST_PG")
_REPO = Path(__file__).resolve().parents[2]
#: GUM news, found like tests/conftest.py does (SAIDWHAT_SHARED or ../shared).
GUM = Path(os.environ.get("SAIDWHAT_SHARED", _REPO.parent / "shared")) / "data" / "gum-news"
PG_SKIP = "SAIDWHAT_TEST_PG is not set: no PostgreSQL server to test against (.ci/run starts one)"


def pg_schema_url(schema: str) -> str:
    assert PG_URL
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_schema() -> Iterator[str]:
    """A fresh PostgreSQL schema, dropped afterwards."""
    if not PG_URL:
        pytest.skip(PG_SKIP)
    import sqlalchemy as sa

    from saidwhat.store.db import normalize_url

    name = f"t_{uuid.uuid4().hex[:12]}"
    eng = sa.create_engine(normalize_url(PG_URL))
    try:
        with eng.begin() as c:
            c.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    except Exception as exc:  # pragma: no cover - server configured but unreachable
        pytest.fail(f"SAIDWHAT_TEST_PG={PG_URL} is set but unusable: {exc}")
    yield name
    with eng.begin() as c:
        c.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
    eng.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """A URL of an empty store, SQLite file or PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    schema = request.getfixturevalue("pg_schema")
    return pg_schema_url(schema)


@pytest.fixture
def store(store_url: str) -> Iterator[Any]:
    from saidwhat.store import open_store

    s = open_store(store_url)
    yield s
    s.close()


def _span(text: str, needle: str, start: int = 0) -> dict[str, Any]:
    i = text.index(needle, start)
    return {"start": i, "end": i + len(needle), "text": needle}


def make_record(
    text: str,
    *,
    id: str = "doc",
    entities: Sequence[dict[str, Any]] = (),
    quotes: Sequence[dict[str, Any]] = (),
    meta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An extraction record in the engine's JSON form, with offsets computed from ``text``.

    entities: ``{"name", "type", "mentions": [surface strings], "roles", "affiliations"}``
    quotes: ``{"speaker": entity index or None, "content": str, "cue": str, "kind"}``
    """
    ents = []
    for i, e in enumerate(entities, start=1):
        ents.append(
            {
                "id": f"E{i}",
                "name": e["name"],
                "type": e.get("type", "PERSON"),
                "roles": list(e.get("roles", ())),
                "affiliations": list(e.get("affiliations", ())),
                "mentions": [_span(text, m) for m in e.get("mentions", [e["name"]])],
            }
        )
    qs = []
    for i, q in enumerate(quotes, start=1):
        sp = q.get("speaker")
        e = ents[sp] if sp is not None else None
        qs.append(
            {
                "id": f"Q{i}",
                "kind": q.get("kind", "direct"),
                "cue": _span(text, q["cue"]) if q.get("cue") else None,
                "sources": [e["mentions"][0]] if e else [],
                "contents": [_span(text, q["content"])],
                "speaker": {"entity": e["id"], "name": e["name"], "type": e["type"]} if e else None,
                "confidence": q.get("confidence", 0.9),
            }
        )
    rec: dict[str, Any] = {"id": id, "text": text, "quotes": qs, "entities": ents, "warnings": []}
    if meta:
        rec["meta"] = meta
    return rec


def person_article(
    name: str,
    said: str,
    *,
    mention: str | None = None,
    roles: Sequence[str] = (),
    affiliations: Sequence[str] = (),
    published: str | None = None,
    outlet: str | None = None,
    type: str = "PERSON",
    id: str = "doc",
    about: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """A one-quote article: ``"<said>," <mention or name> said.``; ``about``: (name, type)
    of entities named inside ``said``."""
    who = mention or name
    text = f'"{said}," {who} said on Tuesday.'
    return make_record(
        text,
        id=id,
        entities=[
            {
                "name": name,
                "type": type,
                "mentions": [who],
                "roles": roles,
                "affiliations": affiliations,
            },
            *({"name": n, "type": t, "mentions": [n]} for n, t in about),
        ],
        quotes=[{"speaker": 0, "content": said, "cue": "said"}],
        meta={k: v for k, v in (("published", published), ("outlet", outlet)) if v},
    )
