"""`saidwhat copies QID` and `saidwhat ingest --no-embed`; `saidwhat evaluate copies`."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from saidwhat.cli import main
from saidwhat.ids import content_hash

from .conftest import person_article

SAID = "We will not negotiate with the Taliban until every prisoner is free"
MISSAID = "We will never negotiate with the Taliban until every prisoner is free"


def test_copies_command_lists_copies_with_a_word_diff(tmp_path, store_url):
    recs = [
        person_article("Ahmad Massoud", SAID, outlet="Wire", published="2024-05-12", id="1"),
        person_article("Ahmad Massoud", MISSAID, outlet="Herald", published="2024-05-13", id="2"),
        person_article("Ahmad Massoud", "The harvest was good this year in the valley", id="3"),
    ]
    src = tmp_path / "x.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    run = CliRunner().invoke
    r = run(main, ["ingest", str(src), "--db", store_url, "--no-progress", "--no-embed"])
    assert r.exit_code == 0, r.output
    assert "1 copies linked" in r.output
    q1, q2 = (f"{content_hash(rec['text'])}:Q1" for rec in recs[:2])
    r = run(main, ["copies", q1, "--db", store_url, "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.output.splitlines()]
    assert [(x["id"], x["outlet"], x["published"], x["kind"]) for x in rows] == [
        (q2, "Herald", "2024-05-13", "near")
    ]
    r = run(main, ["copies", q2, "--db", store_url, "--format", "csv"])
    got = list(csv.DictReader(io.StringIO(r.output)))
    assert [(x["id"], x["kind"]) for x in got] == [(q1, "near")]
    assert got[0]["diff"] == (
        "We will [-never-] {+not+} negotiate with the Taliban until every prisoner is free"
    )
    r = run(main, ["copies", "nope:Q1", "--db", store_url])
    assert r.exit_code == 1 and "E100" in r.output


def test_evaluate_copies_prints_recall_and_precision(polnear_dir):
    r = CliRunner().invoke(main, ["evaluate", "copies", str(polnear_dir), "--limit", "2", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["positives"] == 5 * d["quotes"] > 0
    assert set(d["types"]) >= {"punct", "swap", "substitute", "delete", "truncate"}
    assert 0 <= d["precision"] <= 1 and 0 <= d["recall"] <= 1
    r = CliRunner().invoke(main, ["evaluate", "copies", str(polnear_dir), "--limit", "2"])
    assert r.exit_code == 0 and "recall" in r.output and "truncate" in r.output
