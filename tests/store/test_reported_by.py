"""reported_by ("X said Y, according to Z"): stored, linked to Z's speaker, read back,
migrated into older stores, and absent (NULL) for records written before it existed."""

from __future__ import annotations

import json

import sqlalchemy as sa

from saidwhat.ids import content_hash
from saidwhat.store import open_store, query
from saidwhat.store.corrections import merge_speakers
from saidwhat.store.filters import QuoteFilters
from saidwhat.store.schema import SCHEMA_VERSION, schema_version
from saidwhat.store.write import write_article, write_articles

from .conftest import make_record

TEXT = (
    'Ahmad Massoud said the talks had failed, according to Reuters. "We will go on," Massoud added.'
)


def _record(with_reporter: bool = True) -> dict:
    rec = make_record(
        TEXT,
        entities=[
            {"name": "Ahmad Massoud", "mentions": ["Ahmad Massoud", "Massoud added"[:7]]},
            {"name": "Reuters", "type": "ORG"},
        ],
        quotes=[
            {"speaker": 0, "content": "the talks had failed", "cue": "said", "kind": "indirect"},
            {"speaker": 0, "content": "We will go on", "cue": "added"},
        ],
    )
    if with_reporter:
        i = TEXT.index("according to")
        j = TEXT.index("Reuters")
        rec["quotes"][0]["reported_by"] = {
            "speaker": {"entity": "E2", "name": "Reuters", "type": "ORG"},
            "cue": {"start": i, "end": i + 12, "text": "according to"},
            "source": {"start": j, "end": j + 7, "text": "Reuters"},
        }
        rec["quotes"][1]["reported_by"] = None
    return rec


def test_reported_by_is_stored_linked_and_read_back(store):
    aid = write_article(store, _record())
    art = query.get_article(store, aid)
    q1, q2 = art["quotes"]
    reuters = next(e["speaker_id"] for e in art["entities"] if e["name"] == "Reuters")
    assert q1["reported_by"] == {
        "speaker": {"entity": "E2", "name": "Reuters", "type": "ORG", "speaker_id": reuters},
        "cue": {
            "start": TEXT.index("according"),
            "end": TEXT.index(" Reuters"),
            "text": "according to",
        },
        "source": {
            "start": TEXT.index("Reuters"),
            "end": TEXT.index("Reuters") + 7,
            "text": "Reuters",
        },
    }
    assert q2["reported_by"] is None
    rows = {r["local_id"]: r for r in query.search_quotes(store, QuoteFilters(article=aid))}
    assert rows["Q1"]["reported_by"] == {
        "speaker": {"id": reuters, "name": "Reuters", "type": "ORG"},
        "name": "Reuters",
        "type": "ORG",
        "cue": "according to",
        "source": "Reuters",
    }
    assert rows["Q2"]["reported_by"] is None
    assert query.get_quote(store, f"{aid}:Q1")["reported_by"]["speaker"]["id"] == reuters
    # the statement stays Massoud's
    assert rows["Q1"]["speaker"]["name"] == "Ahmad Massoud"
    json.dumps(rows)


def test_an_unresolved_reporter_keeps_its_source_text(store):
    rec = _record()
    rec["quotes"][0]["reported_by"]["speaker"] = None
    aid = write_article(store, rec)
    row = next(
        r for r in query.search_quotes(store, QuoteFilters(article=aid)) if r["local_id"] == "Q1"
    )
    assert row["reported_by"]["speaker"] is None and row["reported_by"]["name"] == "Reuters"


def test_old_records_without_the_key_still_ingest(store):
    rec = _record(with_reporter=False)
    for q in rec["quotes"]:
        q.pop("reported_by", None)
    aid = write_article(store, rec)
    assert all(q["reported_by"] is None for q in query.get_article(store, aid)["quotes"])


def test_a_merge_moves_the_reporter_link(store):
    aid = write_article(store, _record())
    other = make_record(
        '"Prices rose," Reuters News said.',
        id="b",
        entities=[{"name": "Reuters News", "type": "ORG"}],
        quotes=[{"speaker": 0, "content": "Prices rose", "cue": "said"}],
    )
    write_article(store, other)
    keep = query.resolve_speaker(store, "Reuters News")["id"]
    merge_speakers(store, keep, "Reuters")
    row = query.get_quote(store, f"{aid}:Q1")
    assert row["reported_by"]["speaker"]["id"] == keep


def test_a_version_4_store_gains_the_reporter_columns(store_url):
    s = open_store(store_url)
    write_article(s, _record(with_reporter=False))
    with s.begin() as c:  # make it look like a version-4 store
        for col in ("reporter_id", "reporter_entity", "reporter_name", "reporter_cue"):
            c.exec_driver_sql("DROP INDEX IF EXISTS ix_quotes_reporter")
            c.exec_driver_sql(f"ALTER TABLE quotes DROP COLUMN {col}")
        c.execute(schema_version.delete().where(schema_version.c.version > 4))
    s.close()
    s = open_store(store_url)
    try:
        with s.connect() as c:
            cols = {col["name"] for col in sa.inspect(c).get_columns("quotes")}
            versions = c.execute(sa.select(schema_version.c.version)).scalars().all()
        assert {"reporter_id", "reporter_entity", "reporter_name", "reporter_cue"} <= cols
        assert max(versions) == SCHEMA_VERSION >= 5
        write_articles(s, [_record()], replace=True)
        aid = content_hash(TEXT)
        assert query.get_article(s, aid)["quotes"][0]["reported_by"]["source"]["text"] == "Reuters"
    finally:
        s.close()


def test_quotes_csv_has_the_reporter(tmp_path):
    import csv
    import io

    from click.testing import CliRunner

    from saidwhat.cli import main

    db = str(tmp_path / "c.db")
    s = open_store(db)
    write_article(s, _record())
    s.close()
    r = CliRunner().invoke(main, ["quotes", "--db", db, "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = {x["content"]: x for x in csv.DictReader(io.StringIO(r.output))}
    assert rows["the talks had failed"]["reported_by"] == "Reuters"
    assert rows["We will go on"]["reported_by"] == ""
