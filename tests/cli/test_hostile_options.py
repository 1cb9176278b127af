"""CLI options and terminal output under hostile input (issue 11, items 8 and 9)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from saidwhat.cli import main
from saidwhat.records import ArticleResult, Quote, Speaker, TextSpan
from saidwhat.render import render_table, terminal_text

HUGE = "99999999999999999999999"


@pytest.fixture
def db(tmp_path: Path) -> str:
    from saidwhat.store import open_store
    from saidwhat.store.write import write_articles

    text = '"Hello \x1b]0;pwned\x07 [bold]world[/]," Bob Jones said.'
    rec = {
        "id": "a\x1b[31m",
        "text": text,
        "quotes": [
            {
                "id": "Q1",
                "kind": "direct",
                "cue": None,
                "sources": [],
                "contents": [{"start": 1, "end": 30, "text": text[1:30]}],
                "speaker": None,
                "confidence": 0.5,
            }
        ],
        "entities": [],
        "meta": {"published": "2024-05-12"},
    }
    url = str(tmp_path / "q.db")
    with open_store(url) as s:
        write_articles(s, [rec])
    return url


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "--max-bytes", HUGE, "-"],
        ["batch", "--max-bytes", HUGE, "x", "-o", "y"],
        ["quotes", "--limit", "100000000000000000000"],
        ["quotes", "--offset", "-5"],
        ["quotes", "--since", "garbage"],
        ["quotes", "--until", "yesterday"],
        ["quotes", "--since", "2024-02-30"],
        ["speakers", "--limit", HUGE],
        ["speakers", "--offset", "-1"],
        ["ingest", "x", "--batch-size", HUGE],
        ["batch", "x", "-o", "y", "--batch-size", HUGE],
        ["serve", "--workers", HUGE],
        ["serve", "--max-body", HUGE],
    ],
)
def test_bad_option_values_are_usage_errors(args: list[str], db: str) -> None:
    r = _run(*args, "--db", db) if args[0] in ("quotes", "speakers") else _run(*args)
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and "OverflowError" not in r.output


def test_dates_filter_and_months_are_accepted(db: str) -> None:
    for since, n in (("2024-05-12", 1), ("2024-05-13", 0), ("2024", 1)):
        r = _run("quotes", "--db", db, "--since", since, "--format", "jsonl")
        assert r.exit_code == 0 and len(r.output.splitlines()) == n, (since, r.output)
    r = _run("quotes", "--db", db, "--until", "2024-05", "--format", "jsonl")
    assert r.exit_code == 0 and len(r.output.splitlines()) == 1


def test_quotes_table_shows_control_characters_as_escapes(db: str) -> None:
    # wide enough that the escaped content is not folded across lines (ids and cues added)
    r = CliRunner(env={"COLUMNS": "240"}).invoke(main, ["quotes", "--db", db, "--format", "table"])
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.output and "\x07" not in r.output
    assert "\\x1b]0;pwned\\x07" in r.output
    assert "[bold]world[" in r.output  # not taken as rich markup


def test_extract_table_shows_control_characters_as_escapes() -> None:
    text = '"Run \x1b]0;pwned\x07 now," Bob said.'
    res = ArticleResult(
        id="x\x1b[2J",
        text=text,
        quotes=(
            Quote(
                "Q1",
                "direct",
                None,
                (),
                (TextSpan(1, 19, text[1:19]),),
                Speaker("E1", "Bob\x1b[31m", "PERSON"),
                0.9,
            ),
        ),
    )
    import io

    out = io.StringIO()
    render_table([res], out)
    assert "\x1b" not in out.getvalue()
    assert "\\x1b]0;pwned\\x07" in out.getvalue()


def test_file_name_with_a_newline_cannot_forge_an_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "x\nerror: forged.txt"
    bad.write_bytes(b"")
    r = CliRunner().invoke(main, ["extract", str(bad)])
    lines = [ln for ln in r.output.splitlines() if ln.startswith("error: forged")]
    assert not lines, r.output
    assert "x\\nerror: forged.txt" in r.output


def test_terminal_text() -> None:
    assert terminal_text("a\nb\x1b\u202e\x9b") == "a\\nb\\x1b\\u202e\\x9b"
    assert terminal_text("plain “text” ü") == "plain “text” ü"
    assert json.dumps(terminal_text("\t"))
