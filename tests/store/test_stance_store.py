"""Stance per (statement, target): stored from the record's ``quote.stance``, read back,
filtered (``stance`` with and without ``about``), aggregated on speakers and the
network, migrated into version-7 stores, NULL for records extracted without it."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from saidwhat.errors import InputError
from saidwhat.store import open_store, query
from saidwhat.store.filters import QuoteFilters
from saidwhat.store.schema import SCHEMA_VERSION, schema_version
from saidwhat.store.write import write_article

from .conftest import make_record

TEXT = (
    '"The Taliban lied to us and Kabul let them," Ahmad Massoud said. '
    '"Pakistan helped us," Massoud added.'
)


def _record(with_stance: bool = True) -> dict:
    rec = make_record(
        TEXT,
        entities=[
            {"name": "Ahmad Massoud", "mentions": ["Ahmad Massoud", "Massoud added"[:7]]},
            {"name": "Taliban", "type": "ORG"},
            {"name": "Kabul", "type": "GPE"},
            {"name": "Pakistan", "type": "GPE"},
        ],
        quotes=[
            {"speaker": 0, "content": "The Taliban lied to us and Kabul let them", "cue": "said"},
            {"speaker": 0, "content": "Pakistan helped us", "cue": "added"},
        ],
    )
    if with_stance:
        ents = {e["name"]: e for e in rec["entities"]}

        def st(name: str, label: str, prob: float) -> dict:
            m = ents[name]["mentions"][0]
            return {"entity": ents[name]["id"], "start": m["start"], "end": m["end"],
                    "label": label, "prob": prob}  # fmt: skip

        rec["quotes"][0]["stance"] = [st("Taliban", "against", 0.91), st("Kabul", "neutral", 0.6)]
        rec["quotes"][1]["stance"] = [st("Pakistan", "for", 0.8)]
    return rec


def test_stance_is_stored_per_target_and_read_back(store):
    aid = write_article(store, _record())
    q1, q2 = query.get_article(store, aid)["quotes"]
    assert [(t["name"], t["stance"], t["stance_prob"]) for t in q1["targets"]] == [
        ("Taliban", "against", 0.91),
        ("Kabul", "neutral", 0.6),
    ]
    assert [(t["name"], t["stance"]) for t in q2["targets"]] == [("Pakistan", "for")]
    rows = query.search_quotes(store, QuoteFilters(article=aid))
    assert {t["stance"] for r in rows for t in r["targets"]} == {"against", "neutral", "for"}
    json.dumps(rows)


def test_stance_filter_with_and_without_about(store):
    write_article(store, _record())
    against = query.search_quotes(store, QuoteFilters(stance="against"))
    assert [r["local_id"] for r in against] == ["Q1"]
    assert [r["local_id"] for r in query.search_quotes(store, QuoteFilters(stance="for"))] == ["Q2"]
    assert (
        query.search_quotes(store, QuoteFilters(stance="against", about="Taliban"))[0]["local_id"]
        == "Q1"
    )
    # the statement is against the Taliban, not against Kabul
    assert query.search_quotes(store, QuoteFilters(stance="against", about="Kabul")) == []
    assert len(query.search_quotes(store, QuoteFilters(stance="neutral", about="Kabul"))) == 1
    assert query.count_quotes(store, QuoteFilters(stance="for", about="Pakistan")) == (1, True)
    assert [r["local_id"] for r in query.iter_quotes(store, QuoteFilters(stance="for"))] == ["Q2"]
    with pytest.raises(InputError, match=r"E101.*stance must be one of"):
        query.search_quotes(store, QuoteFilters(stance="hostile"))


def test_speaker_and_network_aggregate_stance(store):
    write_article(store, _record())
    sid = query.resolve_speaker(store, "Ahmad Massoud")["id"]
    targets = {t["name"]: t for t in query.get_speaker(store, sid)["targets"]}
    assert (targets["Taliban"]["against"], targets["Taliban"]["for"]) == (1, 0)
    assert (targets["Pakistan"]["against"], targets["Pakistan"]["for"]) == (0, 1)
    assert (targets["Kabul"]["against"], targets["Kabul"]["for"]) == (0, 0)
    net = query.network(store)
    names = {n["id"]: n["name"] for n in net["nodes"]}
    stances = {names[e["target"]]: e["stance"] for e in net["edges"]}
    assert stances == {"Taliban": "against", "Pakistan": "for", "Kabul": None}


def test_records_without_stance_store_null(store):
    aid = write_article(store, _record(with_stance=False))
    q1, _ = query.get_article(store, aid)["quotes"]
    assert [t["stance"] for t in q1["targets"]] == [None, None]
    assert query.search_quotes(store, QuoteFilters(stance="against")) == []


def test_a_bad_stance_record_is_refused(store):
    from saidwhat.validate import InvalidRecord

    rec = _record()
    rec["quotes"][0]["stance"][0]["label"] = "furious"
    with pytest.raises(InvalidRecord, match="stance"):
        write_article(store, rec)


def test_a_version_7_store_gains_the_stance_columns(store_url):
    s = open_store(store_url)
    write_article(s, _record(with_stance=False))
    with s.begin() as c:  # make it look like a version-7 store
        c.exec_driver_sql("DROP INDEX IF EXISTS ix_quote_targets_stance")
        for col in ("stance", "stance_prob"):
            c.exec_driver_sql(f"ALTER TABLE quote_targets DROP COLUMN {col}")
        c.execute(schema_version.delete().where(schema_version.c.version > 7))
    s.close()
    s = open_store(store_url)
    try:
        with s.connect() as c:
            cols = {col["name"] for col in sa.inspect(c).get_columns("quote_targets")}
            versions = c.execute(sa.select(schema_version.c.version)).scalars().all()
        assert {"stance", "stance_prob"} <= cols
        assert max(versions) == SCHEMA_VERSION >= 8
        assert query.search_quotes(s, QuoteFilters(stance="against")) == []
        write_article(s, _record(), replace=True)
        assert [r["local_id"] for r in query.search_quotes(s, QuoteFilters(stance="against"))] == [
            "Q1"
        ]
    finally:
        s.close()
