"""The read commands (issue 19, item 10): a store that does not exist is an error, one
set of --format names, one wording for an empty result, extract's table shows targets
and claims."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from saidwhat.cli import main

READ = [["quotes"], ["stats"], ["speakers"], ["claims"], ["conflicts"], ["entities", "show", "X"]]


@pytest.mark.parametrize("cmd", READ, ids=lambda c: " ".join(c))
def test_a_missing_store_fails_clearly_and_is_not_created(cmd: list[str], tmp_path: Path) -> None:
    db = tmp_path / "missing.db"
    r = CliRunner().invoke(main, [*cmd, "--db", str(db)])
    assert r.exit_code != 0
    assert "[E057]" in r.output and "does not exist" in r.output
    assert not db.exists()


def test_formats_and_the_empty_wording(tmp_path: Path) -> None:
    from saidwhat.store.db import open_store

    db = str(tmp_path / "empty.db")
    open_store(db).close()
    run = CliRunner(env={"COLUMNS": "200"}).invoke
    for cmd, what in (("quotes", "statements"), ("speakers", "speakers"), ("claims", "claims")):
        assert run(main, [cmd, "--db", db]).output.strip() == f"no {what} found"
        assert json.loads(run(main, [cmd, "--db", db, "--format", "json"]).output) == []
    assert run(main, ["conflicts", "--db", db]).output.strip() == "no conflicting claims found"
    assert json.loads(run(main, ["conflicts", "--db", db, "--format", "json"]).output) == []
    assert run(main, ["stats", "--db", db, "--format", "table"]).exit_code == 0
    assert json.loads(run(main, ["stats", "--db", db, "--format", "json"]).output)["quotes"] == 0


def test_extract_table_shows_targets_and_claims(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text(
        "Blast hits market\n\nA bomb killed five people at a market in Northtown on Monday. "
        "The Red Hand Brigade claimed responsibility for the attack in a statement.\n\n"
        '"The Red Hand Brigade will be defeated," said Governor Anna Pike of the Harbour League.\n',
        encoding="utf-8",
    )
    r = CliRunner(env={"COLUMNS": "250"}).invoke(main, ["extract", str(art), "--format", "table"])
    assert r.exit_code == 0, r.output
    assert "about" in r.output and "claims about events" in r.output
    assert "responsibility" in r.output
    pike = next(line for line in r.output.splitlines() if "Anna Pike" in line)
    assert "Red Hand Brigade" in pike.split("│")[5]  # the statement's target, "about" column


def test_claims_lists_every_stored_claim_with_filters(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text(
        "Blast hits market\n\nA bomb killed five people at a market in Northtown on Monday. "
        "The Red Hand Brigade claimed responsibility for the attack.\n\n"
        "The Blue Front denied any involvement in the attack.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "c.db")
    run = CliRunner(env={"COLUMNS": "250"}).invoke
    assert run(main, ["ingest", "--db", db, str(art)]).exit_code == 0
    every = [
        json.loads(line)
        for line in run(main, ["claims", "--db", db, "--format", "jsonl"]).output.splitlines()
    ]
    assert {(c["act"], c["claimant"]["name"]) for c in every} == {
        ("responsibility", "Red Hand Brigade"),
        ("denial", "Blue Front"),
    }
    denials = json.loads(
        run(main, ["claims", "--db", db, "--act", "denial", "--format", "json"]).output
    )
    assert [c["agent"]["name"] for c in denials] == ["Blue Front"]
    csv = run(main, ["claims", "--db", db, "--party", "red hand", "--format", "csv"]).output
    header, row = csv.splitlines()
    assert header.startswith("published,outlet,act,claimant,agent,event,place,sentence")
    assert "responsibility,Red Hand Brigade,Red Hand Brigade" in row and "#C" in row
    table = run(main, ["claims", "--db", db, "--event", "attack"]).output
    assert "Blue Front" in table and "Red Hand Brigade" in table
