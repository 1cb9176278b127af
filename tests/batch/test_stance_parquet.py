"""The Parquet schema carries ``quote.stance`` (a list of structs; null when stance is off)."""

from __future__ import annotations

from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from saidwhat.batch.output import arrow_schemas, row_to_record  # noqa: E402
from saidwhat.store.filters import QuoteFilters  # noqa: E402

TEXT = '"The Taliban lied," Ahmad Massoud said.'


def _row(stance: list[dict] | None) -> dict:
    t = TEXT.index("Taliban")
    quote = {
        "id": "Q1",
        "kind": "direct",
        "cue": {"start": 34, "end": 38, "text": "said"},
        "sources": [{"start": 20, "end": 33, "text": "Ahmad Massoud"}],
        "contents": [{"start": 1, "end": 17, "text": "The Taliban lied"}],
        "speaker": {"entity": "E1", "name": "Ahmad Massoud", "type": "PERSON"},
        "confidence": 0.9,
    }
    if stance is not None:
        quote["stance"] = stance
    ents = [
        {"id": "E1", "name": "Ahmad Massoud", "type": "PERSON", "roles": [], "affiliations": [],
         "mentions": [{"start": 20, "end": 33, "text": "Ahmad Massoud"}]},
        {"id": "E2", "name": "Taliban", "type": "ORG", "roles": [], "affiliations": [],
         "mentions": [{"start": t, "end": t + 7, "text": "Taliban"}]},
    ]  # fmt: skip
    return {"id": "a", "content_hash": "h", "text": TEXT, "source": "s", "quotes": [quote],
            "entities": ents, "warnings": []}  # fmt: skip


def test_stance_round_trips_through_parquet(tmp_path: Path) -> None:
    t = TEXT.index("Taliban")
    st = [{"entity": "E2", "start": t, "end": t + 7, "label": "against", "prob": 0.875}]
    schema, _ = arrow_schemas()
    table = pa.Table.from_pylist([_row(st), _row(None)], schema=schema)
    pq.write_table(table, tmp_path / "part.parquet")
    on, off = (row_to_record(r) for r in pq.read_table(tmp_path / "part.parquet").to_pylist())
    assert on["quotes"][0]["stance"] == st
    assert off["quotes"][0]["stance"] is None


def test_a_parquet_record_with_stance_is_stored(tmp_path: Path) -> None:
    from saidwhat.store import open_store, query
    from saidwhat.store.write import write_article

    t = TEXT.index("Taliban")
    st = [{"entity": "E2", "start": t, "end": t + 7, "label": "against", "prob": 0.875}]
    schema, _ = arrow_schemas()
    (rec,) = (row_to_record(r) for r in pa.Table.from_pylist([_row(st)], schema=schema).to_pylist())
    store = open_store(tmp_path / "s.db")
    try:
        write_article(store, rec)
        (row,) = query.search_quotes(store, QuoteFilters(stance="against", about="Taliban"))
        assert [(x["name"], x["stance"], x["stance_prob"]) for x in row["targets"]] == [
            ("Taliban", "against", 0.875)
        ]
    finally:
        store.close()
