"""``--stance`` on extract and ingest, ``quotes --stance``: the flag switches the
classification on, its absence leaves the JSON as it was, the store filters by it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from saidwhat.cli import main

TEXT = (
    "Opposition attacks minister\n\n"
    '"Maria Lopez has failed every family in this country and must resign," '
    "said Tom Baker, the opposition leader, on Monday."
)


def test_extract_and_ingest_with_stance(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    on = runner.invoke(main, ["extract", str(src), "--stance", "-o", str(tmp_path / "on.jsonl")])
    assert on.exit_code == 0, on.output
    off = runner.invoke(main, ["extract", str(src), "-o", str(tmp_path / "off.jsonl")])
    assert off.exit_code == 0, off.output
    rec_on = json.loads((tmp_path / "on.jsonl").read_text())
    rec_off = json.loads((tmp_path / "off.jsonl").read_text())
    assert all(q["stance"] is None for q in rec_off["quotes"])
    names = {e["id"]: e["name"] for e in rec_on["entities"]}
    pairs = [(names[s["entity"]], s["label"]) for q in rec_on["quotes"] for s in q["stance"]]
    assert [p[0] for p in pairs] == ["Maria Lopez"]  # the target, never the speaker
    label = pairs[0][1]
    db = str(tmp_path / "s.db")
    res = runner.invoke(main, ["ingest", str(tmp_path / "on.jsonl"), "--db", db])
    assert res.exit_code == 0, res.output
    args = ["quotes", "--db", db, "--about", "Maria Lopez", "--format", "jsonl"]
    found = runner.invoke(main, [*args, "--stance", label])
    (row,) = [json.loads(line) for line in found.output.splitlines()]
    assert row["targets"][0]["stance"] == label and 0 < row["targets"][0]["stance_prob"] <= 1
    other = next(x for x in ("against", "neutral", "for") if x != label)
    assert runner.invoke(main, [*args, "--stance", other]).output == ""
    # raw text ingested with --stance is classified on the way in
    db2 = str(tmp_path / "raw.db")
    assert runner.invoke(main, ["ingest", str(src), "--db", db2, "--stance"]).exit_code == 0
    again = runner.invoke(main, ["quotes", "--db", db2, "--stance", label, "--format", "jsonl"])
    assert len(again.output.splitlines()) == 1
