"""Hostile and unlucky batch inputs (issue 11): one bad record never ends the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from saidwhat.batch.sources import read_file
from saidwhat.readers import line_limit


def _write(path: Path, lines: list[bytes]) -> str:
    path.write_bytes(b"".join(x + b"\n" for x in lines))
    return str(path)


def test_jsonl_lone_surrogate_is_replaced_with_a_warning(tmp_path: Path) -> None:
    f = _write(tmp_path / "s.jsonl", [rb'{"text": "\ud800 x, she said."}'])
    (rec,) = read_file(f)
    assert rec.ok and rec.text == "\ufffd x, she said."
    assert any("[W006]" in w for w in rec.warnings)
    assert rec.content_hash  # hashable (was a UnicodeEncodeError)


def test_jsonl_deep_nesting_is_one_failed_record(tmp_path: Path) -> None:
    good = json.dumps({"text": "Rain is coming, she said."}).encode()
    f = _write(tmp_path / "n.jsonl", [b"[" * 100_000, good])
    bad, ok = read_file(f)
    assert not bad.ok and "[E004]" in (bad.reason or "") and bad.record_index == 1
    assert ok.ok and ok.record_index == 2


def test_jsonl_line_size_is_bounded(tmp_path: Path) -> None:
    limit = line_limit(100)
    long = b'{"text": "' + b"a" * (limit + 10) + b'"}'
    good = json.dumps({"text": "Rain is coming, she said."}).encode()
    f = _write(tmp_path / "l.jsonl", [long, good])
    bad, ok = read_file(f, max_bytes=100)
    assert not bad.ok and "[E015]" in (bad.reason or "")
    assert ok.ok and ok.record_index == 2


def test_jsonl_list_id_and_empty_text_get_their_own_errors(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "i.jsonl",
        [
            b'{"id": ["list"], "text": "Hi there, he said."}',
            b'{"text": ""}',
            b'{"id": 7, "text": "x"}',
        ],
    )
    lst, empty, num = read_file(f)
    assert not lst.ok and "[E063]" in (lst.reason or "") and "list" in (lst.reason or "")
    assert not empty.ok and "[E062]" in (empty.reason or "") and "empty" in (empty.reason or "")
    assert num.ok and num.id == "7"


@pytest.mark.slow
def test_batch_run_survives_bad_jsonl(tmp_path: Path) -> None:
    from saidwhat.batch.output import read_errors, read_output
    from saidwhat.cli import main

    f = _write(
        tmp_path / "in.jsonl",
        [
            rb'{"text": "\ud800 x, she said."}',
            b"[" * 100_000,
            b'{"id": ["list"], "text": "Hi there, he said."}',
            b'{"text": ""}',
            json.dumps({"id": "ok", "text": '"We won," Bob Jones said.'}).encode(),
        ],
    )
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["batch", f, "-o", str(out), "-j", "1", "--no-progress"])
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    ids = sorted(rec["id"] for rec in read_output(out))
    assert len(ids) == 2 and "ok" in ids
    reasons = " ".join(str(e["reason"]) for e in read_errors(out))
    for code in ("E004", "E062", "E063"):
        assert code in reasons
    assert (out / "runs.jsonl").exists()


def test_jsonl_lone_surrogates_in_metadata_are_replaced(tmp_path: Path) -> None:
    """Issue 20.1: a lone surrogate in the id or title lost the run's output."""
    f = _write(
        tmp_path / "s.jsonl",
        [rb'{"id": "s\ud800id", "title": "T\udfff", "text": "Rain is coming, she said."}'],
    )
    (rec,) = read_file(f)
    assert rec.ok and rec.id == "s\ufffdid" and rec.meta["title"] == "T\ufffd"
    assert any("[W006]" in w for w in rec.warnings)
    json.dumps(rec.meta, ensure_ascii=False).encode("utf-8")
