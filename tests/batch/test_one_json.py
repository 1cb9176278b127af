"""One JSON form (issue 19, item 11): ``saidwhat extract``, ``batch --engine local``,
``batch --engine spark`` and ``POST /api/articles`` write the same bytes for the same
articles (the bundled samples, fed as one JSONL file so that every path reads the
same ids and metadata)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from saidwhat.batch import run_batch
from saidwhat.readers import read_inputs

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "saidwhat" / "sample"
TOKEN = "one-json-token-0123456789"


def _feed(path: Path) -> list[dict]:
    rows = [
        {"id": Path(item.source).stem, "text": item.text, **item.meta}
        for item in read_inputs([str(p) for p in sorted(SAMPLES.glob("*.txt"))])
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return rows


def _lines(out: Path) -> list[str]:
    files = [  # local: part files; Spark: a directory of part-* files per run
        f
        for f in sorted((out / "articles").rglob("*"))
        if f.is_file() and not f.name.startswith((".", "_"))
    ]
    return sorted(line for f in files for line in f.read_text(encoding="utf-8").splitlines())


def _posted(rows: list[dict], tmp_path: Path, feed: str) -> list[str]:
    from fastapi.testclient import TestClient

    from saidwhat.web.app import create_app

    app = create_app(f"sqlite:///{tmp_path / 'posted.db'}", token=TOKEN)
    out = []
    with TestClient(app) as client:
        for n, row in enumerate(rows, 1):
            meta = {k: v for k, v in row.items() if k not in ("id", "text")}
            body = {"id": row["id"], "text": row["text"], "meta": meta | {"source": f"{feed}:{n}"}}
            resp = client.post(
                "/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"}
            )
            assert resp.status_code == 201, resp.text
            out.append(json.dumps(resp.json()["record"], ensure_ascii=False))
    return sorted(out)


def test_the_four_outputs_are_byte_identical(spark, tmp_path: Path) -> None:
    from saidwhat.cli import main

    feed = str(tmp_path / "feed.jsonl")  # every path names its input "<feed>:<line>"
    rows = _feed(Path(feed))
    res = CliRunner().invoke(main, ["extract", feed, "-o", str(tmp_path / "extract.jsonl")])
    assert res.exit_code == 0, res.output
    extracted = sorted((tmp_path / "extract.jsonl").read_text(encoding="utf-8").splitlines())
    run_batch([feed], tmp_path / "local", fmt="jsonl", workers=1)
    run_batch([feed], tmp_path / "spark", engine="spark", fmt="jsonl", partitions=2)
    local, remote = _lines(tmp_path / "local"), _lines(tmp_path / "spark")
    posted = _posted(rows, tmp_path, feed)
    assert len(extracted) == len(rows) == 4
    assert extracted == local
    assert extracted == remote
    assert extracted == posted
    first = json.loads(extracted[0])
    assert list(first) == ["id", "text", "quotes", "entities", "claims", "warnings", "meta"]
    assert all(
        {"reported_by", "stance"} <= set(q) for r in extracted for q in json.loads(r)["quotes"]
    )
    assert any(json.loads(r)["quotes"] for r in extracted)


def test_record_dict_gives_one_key_order_whatever_the_input() -> None:
    from saidwhat.records import QUOTE_KEYS, record_json

    a = {
        "meta": {"content_hash": "h", "title": "T", "url": None},
        "warnings": [],
        "claims": [],
        "entities": [],
        "quotes": [{"kind": "direct", "id": "Q1", "confidence": 0.5}],
        "text": "x",
        "id": "a",
    }
    b = {
        "id": "a",
        "text": "x",
        "quotes": [{"id": "Q1", "kind": "direct", "confidence": 0.5, "stance": None}],
        "meta": {"title": "T", "content_hash": "h"},
    }
    assert record_json(a) == record_json(b)
    quote = json.loads(record_json(a))["quotes"][0]
    assert tuple(quote) == QUOTE_KEYS and quote["reported_by"] is None
    assert json.loads(record_json(a))["meta"] == {"title": "T", "content_hash": "h"}


pytest.importorskip("fastapi")
