"""Hostile and unlucky input to `saidwhat ingest` (issue 11): no good record lost."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from saidwhat.cli import main

from .conftest import person_article


def _good(n: int) -> list[dict[str, Any]]:
    return [
        person_article(f"Speaker{i} Jones", f"Statement number {i}", id=str(i)) for i in range(n)
    ]


def _ingest(*args: str) -> Any:
    return CliRunner().invoke(main, ["ingest", *args, "--no-progress"])


def _count(url: str) -> int:
    from saidwhat.store import open_store
    from saidwhat.store.query import stats

    with open_store(url) as s:
        return int(stats(s)["articles"])


def test_one_malformed_record_does_not_lose_the_good_ones(tmp_path: Path, store_url: str) -> None:
    recs: list[Any] = _good(5)
    bad = {"id": "a", "text": '"Hi," Bob Jones said.', "quotes": [{"id": "Q1"}], "entities": []}
    recs.insert(2, bad)
    lines = [json.dumps(r) for r in recs]
    lines.insert(4, "{not json")
    src = tmp_path / "g.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = _ingest(str(src), "--db", store_url, "--batch-size", "200")
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output and "KeyError" not in r.output
    assert f"error: [E059] {src}: line 3: invalid extraction record: quotes[0] has no 'kind'" in (
        r.output
    )
    assert "5 articles written" in r.output
    assert _count(store_url) == 5
    # a rerun writes nothing new and stops at nothing
    r = _ingest(str(src), "--db", store_url)
    assert "0 articles written" in r.output and "5 already stored" in r.output


def test_malformed_records_in_batch_output_are_quarantined(tmp_path: Path, store_url: str) -> None:
    out = tmp_path / "out" / "articles"
    out.mkdir(parents=True)
    recs: list[Any] = _good(3)
    bad = dict(_good(4)[3], entities=[{"id": "E1", "name": "X", "type": "PERSON", "mentions": 5}])
    lines = [json.dumps(recs[0]), json.dumps(bad), "[" * 100_000, json.dumps(recs[1])]
    lines.append(json.dumps(recs[2]))
    (out / "part-x-00000.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = _ingest(str(tmp_path / "out"), "--db", store_url)
    assert r.exit_code == 1, r.output
    assert "[E059]" in r.output and "line 2" in r.output and "mentions must be a list" in r.output
    assert "[E004]" in r.output and "line 3" in r.output
    assert "3 articles written" in r.output
    assert _count(store_url) == 3


def test_write_articles_quarantines_bad_dicts(store: Any) -> None:
    from saidwhat.store.write import write_articles

    recs: list[Any] = _good(3)
    recs.insert(1, {"text": "x said y", "quotes": [{"id": "Q", "kind": "direct"}], "entities": 7})
    recs.insert(1, {"text": 5})
    stats = write_articles(store, recs, batch_size=2)
    assert stats.written == 3 and len(stats.errors) == 2
    assert "[E009]" in stats.errors[0] and "[E059]" in stats.errors[1]


def test_rerun_of_raw_ingest_does_not_extract_stored_articles(
    tmp_path: Path, store_url: str, monkeypatch: Any
) -> None:
    import saidwhat.api

    seen: list[str] = []

    def fake_extract_many(inputs: Any, n_process: int = 1, **_: Any) -> Any:
        for inp in inputs:
            seen.append(inp.id)
            yield {"id": inp.id, "text": inp.text, "quotes": [], "entities": []}

    monkeypatch.setattr(saidwhat.api, "extract_many", fake_extract_many)
    src = tmp_path / "raw"
    src.mkdir()
    for i in range(3):
        (src / f"a{i}.txt").write_text(f"Article number {i}, she said.", encoding="utf-8")
    r = _ingest(str(src), "--db", store_url)
    assert r.exit_code == 0 and "3 articles written" in r.output, r.output
    assert seen == ["a0", "a1", "a2"]
    (src / "a3.txt").write_text("A new article, he said.", encoding="utf-8")
    seen.clear()
    r = _ingest(str(src), "--db", store_url)
    assert r.exit_code == 0, r.output
    assert seen == ["a3"]  # the three stored articles were not extracted again
    assert "1 articles written" in r.output and "3 already stored" in r.output
    seen.clear()
    r = _ingest(str(src), "--db", store_url, "--replace")
    assert seen == ["a0", "a1", "a2", "a3"] and "4 replaced" in r.output


def test_detection_of_extraction_jsonl_survives_deep_nesting(tmp_path: Path) -> None:
    from saidwhat.store.load import is_extraction_jsonl

    f = tmp_path / "deep.jsonl"
    f.write_text("[" * 100_000 + "\n", encoding="utf-8")
    assert is_extraction_jsonl(f) is False
