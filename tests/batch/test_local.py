"""The local engine: output tables, de-duplication, resume, failure isolation, CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from saidwhat.batch import done_hashes, read_errors, read_output, run_batch
from saidwhat.batch.output import ARTICLES_DIR, arrow_schemas
from saidwhat.batch.sources import SourceRecord
from saidwhat.batch.work import extract_records
from saidwhat.ids import content_hash
from saidwhat.records import ArticleResult

from .conftest import ARTICLES, QUOTE

pytest.importorskip("pyarrow")


def _by_hash(out: Path) -> dict[str, dict]:
    return {r["meta"]["content_hash"]: r for r in read_output(out)}


def test_local_batch_writes_each_article_once(mixed_inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    s = run_batch([mixed_inputs], out, workers=2, batch_size=2)
    # 2 files + 4 JSONL lines; the bridge text appears twice; one line is not JSON.
    assert (s.records, s.articles, s.duplicates, s.read_errors) == (6, 4, 1, 1)
    assert s.extract_errors == 0 and s.failed == 1 and s.peak_worker_rss_mb > 0
    arts = _by_hash(out)
    plain = {content_hash(ARTICLES[k]) for k in ("bridge", "school", "rail")}
    assert len(arts) == 4 and plain < set(arts)
    (harbour,) = (a for h, a in arts.items() if h not in plain)  # converted from HTML
    assert "Peter Moss" in harbour["text"] and harbour["meta"]["source"].endswith(".html")
    bridge = arts[content_hash(ARTICLES["bridge"])]
    # the first occurrence (bridge.txt) wins: content-hash id, the file as source
    assert bridge["id"] == content_hash(ARTICLES["bridge"])
    assert bridge["meta"]["source"].endswith("bridge.txt")
    assert any(QUOTE in c["text"] for q in bridge["quotes"] for c in q["contents"])
    school = arts[content_hash(ARTICLES["school"])]
    assert school["id"] == "school-1" and school["meta"]["url"] == "https://ex.org/school"
    for rec in arts.values():  # the engine's JSON form, offsets into the text
        res = ArticleResult.from_dict(rec)
        for q in res.quotes:
            for span in (*q.contents, *q.sources):
                assert rec["text"][span.start : span.end] == span.text
    (err,) = read_errors(out)
    assert err["stage"] == "read" and "[E004]" in err["reason"]
    parts = list((out / ARTICLES_DIR).glob("*.parquet"))
    assert parts
    import pyarrow.parquet as pq

    assert pq.read_schema(parts[0]).names == arrow_schemas()[0].names


def test_resume_skips_done_articles(mixed_inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = run_batch([mixed_inputs], out, workers=1, part_size=2, fmt="jsonl")
    parts = sorted((out / ARTICLES_DIR).glob("*.jsonl"))
    assert len(parts) == 2 and first.articles == 4
    full = _by_hash(out)
    # A crash after the first part: the second part never got written.
    lost = done_hashes(out)
    parts[1].unlink()
    lost -= done_hashes(out)
    assert len(lost) == 2
    again = run_batch([mixed_inputs], out, workers=1, part_size=2, fmt="jsonl")
    assert again.articles == 2 and again.already_done == 2
    assert _by_hash(out) == full
    # Nothing left: the pool is never needed, every article is already done.
    third = run_batch([mixed_inputs], out, workers=2)
    assert third.articles == 0 and third.already_done == 4
    assert sum(1 for _ in read_output(out)) == 4  # Parquet and JSONL parts read together


def test_failing_article_is_isolated(tmp_path: Path):
    good = [
        SourceRecord(0, i, f"s{i}", text=t, id=content_hash(t), content_hash=content_hash(t))
        for i, t in enumerate([ARTICLES["bridge"], ARTICLES["rail"]])
    ]
    bad = SourceRecord(0, 9, "broken-record", id="b", content_hash="b")  # no text at all
    rows, errors = extract_records([good[0], bad, good[1]])
    assert [r["source"] for r in rows] == ["s0", "s1"]
    (err,) = errors
    assert err["source"] == "broken-record" and err["stage"] == "extract"
    assert "[E045]" in err["reason"]


def test_dying_worker_loses_one_article(mixed_inputs: Path, tmp_path: Path, monkeypatch):
    """A worker killed mid-batch (fault injected into the forked workers): the pool is
    restarted, the innocent articles are retried and only the culprit is an error."""
    from saidwhat.engine import Engine

    real = Engine.extract_each

    def extract_or_die(self, articles, **kw):
        if any("KILL-WORKER" in a.text for a in articles):
            os._exit(3)
        return real(self, articles, **kw)

    monkeypatch.setattr(Engine, "extract_each", extract_or_die)
    (mixed_inputs / "poison.txt").write_text("KILL-WORKER said nothing.", encoding="utf-8")
    out = tmp_path / "out"
    s = run_batch([mixed_inputs], out, workers=2, batch_size=4)
    assert s.articles == 4 and s.extract_errors == 1
    errs = [e for e in read_errors(out) if e["stage"] == "extract"]
    assert len(errs) == 1 and "[E046]" in errs[0]["reason"]
    assert errs[0]["source"].endswith("poison.txt")


def test_cli_batch_exit_codes(mixed_inputs: Path, tmp_path: Path):
    from click.testing import CliRunner

    from saidwhat.cli import main

    runner = CliRunner()
    out = tmp_path / "out"
    res = runner.invoke(
        main, ["batch", str(mixed_inputs), "-o", str(out), "-j", "1", "--no-progress"]
    )
    assert res.exit_code == 1, res.output  # the bad JSONL line failed
    assert "4 articles written" in res.stderr and "1 failed" in res.stderr
    res = runner.invoke(main, ["batch", str(mixed_inputs), "-o", str(out), "--allow-errors"])
    assert res.exit_code == 0 and "4 already done" in res.stderr
    res = runner.invoke(main, ["batch", str(tmp_path / "missing-dir"), "-o", str(out)])
    assert res.exit_code == 1  # the missing input is reported as a failed record
    res = runner.invoke(main, ["batch", str(mixed_inputs), "-o", str(out), "--engine", "nope"])
    assert res.exit_code == 2
    (tmp_path / "empty").mkdir()
    res = runner.invoke(main, ["batch", str(tmp_path / "empty"), "-o", str(out)])
    assert res.exit_code == 2 and "[E040]" in res.stderr  # nothing to read: cannot start


def test_output_must_be_a_directory(mixed_inputs: Path, tmp_path: Path):
    from saidwhat.errors import BatchError

    (tmp_path / "file").write_text("x")
    with pytest.raises(BatchError, match=r"\[E048\]"):
        run_batch([mixed_inputs], tmp_path / "file")
