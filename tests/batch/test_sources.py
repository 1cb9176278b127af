"""Batch inputs: directories, JSONL, Parquet and WARC files read into SourceRecords."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from saidwhat.batch.sources import (
    LEVEL_ERROR,
    LEVEL_SKIPPED,
    decode_html,
    input_kind,
    list_inputs,
    read_file,
)
from saidwhat.ids import content_hash

from .conftest import ARTICLES, write_warc


def test_content_hash_is_sha256_prefix():
    text = "Ünïcode “quotes” and text"
    h = content_hash(text)
    assert h == hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    assert len(h) == 32 and content_hash(text + " ") != h


def test_input_kind_by_name():
    assert input_kind("a/CC-MAIN-001.warc.gz") == "warc"
    assert input_kind("x.WARC") == "warc"
    assert input_kind("t.parquet") == "parquet"
    assert input_kind("t.jsonl") == "jsonl"
    assert input_kind("page.html") == "file"


def test_list_inputs_sorted_recursive_without_hidden(mixed_inputs: Path):
    (mixed_inputs / "sub").mkdir()
    (mixed_inputs / "sub" / "a.txt").write_text("x", encoding="utf-8")
    files = list_inputs([mixed_inputs])
    names = [Path(f).relative_to(mixed_inputs).as_posix() for f in files]
    assert names == sorted(names)
    assert "sub/a.txt" in names and ".hidden.txt" not in names
    assert list_inputs(["nope.txt"]) == ["nope.txt"]  # kept; reading reports it


def test_jsonl_ids_meta_and_bad_lines(mixed_inputs: Path):
    recs = list(read_file(str(mixed_inputs / "more.jsonl"), 7))
    assert [r.record_index for r in recs] == [1, 2, 3, 4]
    assert all(r.file_index == 7 for r in recs)
    school, rail, dup, bad = recs
    assert school.id == "school-1" and school.meta["url"] == "https://ex.org/school"
    assert school.text == ARTICLES["school"]
    assert rail.id == content_hash(ARTICLES["rail"]) == rail.content_hash  # no explicit id
    assert rail.meta == {"title": "Storm stops trains"}
    assert dup.content_hash == content_hash(ARTICLES["bridge"]) and dup.id == "bridge-again"
    assert not bad.ok and bad.level == LEVEL_ERROR and "[E004]" in (bad.reason or "")
    assert bad.source.endswith("more.jsonl:4")


def test_text_and_html_files(mixed_inputs: Path):
    (txt,) = read_file(str(mixed_inputs / "bridge.txt"))
    assert txt.ok and txt.text == ARTICLES["bridge"] and txt.id == content_hash(txt.text)
    (html,) = read_file(str(mixed_inputs / "harbour.html"))
    assert html.ok and "Peter Moss" in (html.text or "") and "Contact us" not in (html.text or "")
    (missing,) = read_file(str(mixed_inputs / "nope.txt"))
    assert not missing.ok and "[E003]" in (missing.reason or "")


def test_parquet_input(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "body": [ARTICLES["bridge"], None, ARTICLES["rail"]],
            "id": ["b1", "x", None],
            "url": ["https://ex.org/b", None, None],
            "published": pa.array(
                [datetime(2024, 1, 2, tzinfo=timezone.utc), None, None], pa.timestamp("s", "UTC")
            ),
            "ignored": [1, 2, 3],
        }
    )
    path = tmp_path / "articles.parquet"
    pq.write_table(table, path)
    recs = list(read_file(str(path), text_column="body"))
    assert [r.ok for r in recs] == [True, False, True]
    assert recs[0].id == "b1" and recs[0].meta["url"] == "https://ex.org/b"
    assert recs[0].meta["published"].startswith("2024-01-02")
    assert "[E044]" in (recs[1].reason or "")
    assert recs[2].id == content_hash(ARTICLES["rail"])
    (no_col,) = read_file(str(path))  # default column "text" is absent
    assert not no_col.ok and "no column 'text'" in (no_col.reason or "")
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really parquet")
    (corrupt,) = read_file(str(tmp_path / "bad.parquet"))
    assert not corrupt.ok and "[E049]" in (corrupt.reason or "")


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_good_pages_out_bad_ones_reported(tmp_path: Path, gz: bool):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    uris = write_warc(path, gz=gz)
    recs = list(read_file(str(path), 3))
    good = {r.meta["url"]: r for r in recs if r.ok}
    assert set(good) == {uris["good"], uris["latin1"], uris["slightly"]}
    bridge = good[uris["good"]]
    assert "Mayor Anna Keller" in (bridge.text or "") and "Contact us" not in (bridge.text or "")
    assert bridge.meta["crawled"] == "2024-03-05T10:00:00Z"
    assert bridge.id == content_hash(bridge.text or "")
    assert bridge.source.startswith(f"{path}#")
    assert "café" in (good[uris["latin1"]].text or "")  # <meta charset> honoured
    assert any("[W040]" in w for w in good[uris["slightly"]].warnings)

    bad = [r for r in recs if not r.ok]
    reasons = {r.level: [] for r in bad}
    for r in bad:
        reasons[r.level].append(r.reason or "")
    skipped = " ".join(reasons[LEVEL_SKIPPED])
    assert "[W041]" in skipped and uris["png"] in skipped
    assert "[W042]" in skipped and "404" in skipped
    errors = reasons[LEVEL_ERROR]
    assert len(errors) == 2
    assert any("[E043]" in e for e in errors)  # the broken encoding
    assert any("[E041]" in e for e in errors)  # the truncated record
    assert all(r.file_index == 3 for r in recs)


def test_decode_html_charset_sources():
    body = "<p>naïve</p>".encode("cp1252")
    text, warnings, error = decode_html(body, "text/html; charset=windows-1252", "s")
    assert text == "<p>naïve</p>" and not warnings and error is None
    text, warnings, error = decode_html(b"<p>plain</p>", "text/html; charset=x-made-up", "s")
    assert text == "<p>plain</p>" and error is None and any("[W043]" in w for w in warnings)
    _, _, error = decode_html(body * 3, "text/html; charset=utf-8", "s")  # mostly undecodable
    assert error and "[E043]" in error
    _, _, error = decode_html(b"\x00\x01" * 100, "text/html", "s")
    assert error and "[E002]" in error


def test_jsonl_html_records(tmp_path: Path):
    from .conftest import page

    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"html": page("Rail", ARTICLES["rail"])}) + "\n", encoding="utf-8")
    (rec,) = read_file(str(path))
    assert rec.ok and "spokesman" in (rec.text or "") and rec.meta.get("title") == "Rail"
