"""The Spark engine, for real, in local[2] mode: same output as the local engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from saidwhat.batch import read_errors, read_output, run_batch

from .conftest import ARTICLES, QUOTE

pytest.importorskip("pyspark")


def _articles(out: Path) -> list[dict]:
    return sorted(read_output(out), key=lambda r: r["meta"]["content_hash"])


def _errors(out: Path) -> list[tuple]:
    return sorted((e["source"], e["stage"], e["level"], e["reason"]) for e in read_errors(out))


@pytest.fixture
def inputs(mixed_inputs: Path, warc_file) -> Path:
    path, _ = warc_file
    shutil.copy(path, mixed_inputs / path.name)
    return mixed_inputs


def test_spark_and_local_give_identical_output(spark, inputs: Path, tmp_path: Path):
    local = run_batch([inputs], tmp_path / "local", workers=2, batch_size=2)
    remote = run_batch([inputs], tmp_path / "spark", engine="spark", partitions=2, batch_size=2)
    a, b = _articles(tmp_path / "local"), _articles(tmp_path / "spark")
    assert a == b
    assert len(a) == local.articles == remote.articles
    assert _errors(tmp_path / "local") == _errors(tmp_path / "spark")
    for key in ("records", "duplicates", "skipped", "read_errors", "extract_errors"):
        assert getattr(local, key) == getattr(remote, key), key
    assert local.duplicates == 1 and local.skipped == 2  # the JSONL copy of bridge.txt
    assert {e[3][:6] for e in _errors(tmp_path / "spark")} >= {"[E004]", "[E041]", "[E043]"}


def test_spark_resumes_and_reads_local_output(spark, inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = run_batch([inputs / "more.jsonl"], out, engine="spark", fmt="jsonl")
    assert first.articles == 3
    # A later run over everything: the JSONL articles are skipped via the anti-join.
    second = run_batch([inputs], out, engine="spark", partitions=3)
    assert second.already_done == 3 and second.articles > 0
    # The local engine sees Spark's output as done, and vice versa.
    third = run_batch([inputs], out, workers=1)
    assert third.articles == 0 and third.already_done == first.articles + second.articles
    assert len(_articles(out)) == first.articles + second.articles
    assert len({a["meta"]["content_hash"] for a in _articles(out)}) == len(_articles(out))


def test_interrupted_spark_run_is_ignored(spark, mixed_inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    inputs = [mixed_inputs / "more.jsonl"]
    run_batch(inputs, out, engine="spark")
    (run_dir,) = (out / "articles").glob("spark-*")
    (run_dir / "_SUCCESS").unlink()  # as if the job died before committing
    assert list(read_output(out)) == []
    again = run_batch(inputs, out, engine="spark")
    assert again.already_done == 0 and again.articles == 3 and again.duplicates == 0


def _input(file_index: int, record_index: int, text: str | None, **extra) -> dict:
    from saidwhat.ids import content_hash

    row = {
        "file_index": file_index,
        "record_index": record_index,
        "content_hash": content_hash(text) if text else None,
        "id": f"r{file_index}-{record_index}",
        "text": text,
        "source": f"f{file_index}:{record_index}",
        "warnings": [],
        "level": None,
        "reason": None,
        "_done": None,
    }
    return {**row, **extra}


def test_extract_batches_dedups_and_passes_errors_through():
    """The mapInArrow function on its own: Arrow in, Arrow out, same rules as the local engine."""
    import pyarrow as pa

    from saidwhat.batch.spark import extract_batches, input_arrow_schema, result_arrow_schema

    bridge, harbour, rail = ARTICLES["bridge"], ARTICLES["harbour"], ARTICLES["rail"]
    rows = [
        _input(0, 0, None, level="error", reason="[E004] unreadable"),
        _input(0, 1, bridge),
        _input(1, 0, bridge),  # same text later in the input: a duplicate
        _input(1, 1, harbour, _done=True),  # already in the output
        _input(1, 2, rail),
    ]
    # As Spark delivers them: sorted by content_hash, then input position.
    rows.sort(key=lambda r: (r["content_hash"] or "", r["file_index"], r["record_index"]))
    schema = input_arrow_schema().append(pa.field("_done", pa.bool_()))
    batches = [pa.RecordBatch.from_pylist(rows[:2], schema=schema)]
    batches.append(pa.RecordBatch.from_pylist(rows[2:], schema=schema))
    out = list(extract_batches(iter(batches), config=None, batch_size=1))
    assert all(b.schema.equals(result_arrow_schema()) for b in out)
    got = {r["source"]: r for b in out for r in b.to_pylist()}
    assert len(got) == len(rows)
    assert (got["f0:0"]["stage"], got["f0:0"]["reason"]) == ("read", "[E004] unreadable")
    assert (got["f1:0"]["stage"], got["f1:0"]["level"]) == ("dedup", "duplicate")
    assert (got["f1:1"]["stage"], got["f1:1"]["level"]) == ("dedup", "done")
    for source in ("f0:1", "f1:2"):
        assert got[source]["stage"] is None and got[source]["text"]
    quote = next(q for q in got["f0:1"]["quotes"] for c in q["contents"] if QUOTE in c["text"])
    start, end = quote["contents"][0]["start"], quote["contents"][0]["end"]
    assert bridge[start:end] == quote["contents"][0]["text"]
