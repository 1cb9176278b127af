"""The per-article time limit (issue 11, item 3): an article over it fails with E060,
the others are analysed, in extract_many, batch and ingest alike."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from saidwhat.timelimit import TimeLimitExceeded, deadline, time_limit_of

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "saidwhat" / "sample"
LIMIT = 3.0


def test_deadline_interrupts_a_busy_loop_and_is_cancelled_after() -> None:
    t0 = time.monotonic()
    with pytest.raises(TimeLimitExceeded, match="0.2 s"), deadline(0.2):
        while True:
            pass
    assert time.monotonic() - t0 < 2
    with deadline(0.05):
        pass
    time.sleep(0.1)  # no alarm left behind


def test_time_limit_of_config() -> None:
    assert time_limit_of(None) == 1800
    assert time_limit_of({"limits": {"time_limit": 5}}) == 5
    assert time_limit_of({"limits": {"time_limit": -1}}) == 0


def _big() -> str:
    # far over the limit on any machine: ~1.5 MB (minutes of analysis)
    return (SAMPLE / "election.txt").read_text(encoding="utf-8") * 400


@pytest.mark.slow
def test_an_article_over_the_limit_fails_with_e060_the_others_are_analysed() -> None:
    from saidwhat.api import ExtractFailure, extract_many

    items = [
        ('"We will win," Bob Jones said.', "a"),
        (_big(), "big"),
        ('"It is over," Ann Lee said.', "c"),
    ]
    out = list(
        extract_many(
            items, batch_size=3, config={"limits": {"time_limit": LIMIT}}, on_error="return"
        )
    )
    assert [o.id for o in out] == ["a", "big", "c"]
    assert isinstance(out[1], ExtractFailure) and "[E060]" in out[1].message
    assert not isinstance(out[0], ExtractFailure) and out[0].quotes
    assert not isinstance(out[2], ExtractFailure) and out[2].quotes


@pytest.mark.slow
def test_ingest_and_batch_report_e060_and_go_on(tmp_path: Path) -> None:
    from saidwhat.batch.output import read_errors, read_output
    from saidwhat.cli import main

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text('"We will win," Bob Jones said.', encoding="utf-8")
    (src / "b.txt").write_text(_big(), encoding="utf-8")
    (src / "c.txt").write_text('"It is over," Ann Lee said.', encoding="utf-8")
    run = CliRunner().invoke
    r = run(main, ["ingest", str(src), "--db", str(tmp_path / "s.db"), "--time-limit", "3"])
    assert r.exit_code == 1, r.output
    assert "error: [E060]" in r.output and "2 articles written" in r.output
    out = tmp_path / "out"
    r = run(main, ["batch", str(src), "-o", str(out), "-j", "1", "--time-limit", "3"])
    assert r.exit_code == 1, r.output
    assert len(list(read_output(out))) == 2
    assert any("[E060]" in str(e["reason"]) for e in read_errors(out))
