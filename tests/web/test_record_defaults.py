"""What a reader sees by default (issue 19, items 3 and 4): statements below confidence
0.5 hidden in pages and exports with a toggle, counted by stats; stance probabilities
shown, labels below 0.6 uncertain and left out of the against / for counts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from . import records
from .conftest import store_of


def _records() -> list[dict[str, Any]]:
    sure = records.article(
        "r-sure",
        '"The Harbour Board must resign," said Kim Vale. "The Harbour Board lied," Kim Vale said.',
        [
            ("direct", "said", "Kim Vale", "The Harbour Board must resign", "E1"),
            ("direct", "said", "Kim Vale", "The Harbour Board lied", "E1"),
        ],
        [
            ("E1", "Kim Vale", "PERSON", [], [], ["Kim Vale"]),
            ("E2", "Harbour Board", "ORG", [], [], ["Harbour Board"]),
        ],
        meta={"title": "Vale speaks", "published": "2024-04-01"},
    )
    records.with_stance(sure, 1, "E2", "against", 0.91)
    records.with_stance(sure, 2, "E2", "against", 0.55)  # uncertain
    unsure = records.article(
        "r-unsure",
        '"The quarry may close soon," said Kim Vale on Friday.',
        [("direct", "said", "Kim Vale", "The quarry may close soon", "E1")],
        [("E1", "Kim Vale", "PERSON", [], [], ["Kim Vale"])],
        meta={"title": "Quarry", "published": "2024-04-02"},
    )
    unsure["quotes"][0]["confidence"] = 0.35
    return [sure, unsure]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from saidwhat.web.app import create_app

    url = store_of(tmp_path_factory.mktemp("defaults") / "d.db", _records())
    with TestClient(create_app(url)) as c:
        yield c


def _vale(client: Any) -> int:
    return int(client.get("/api/speakers", params={"q": "Vale"}).json()["speakers"][0]["id"])


def test_low_confidence_hidden_by_default_with_a_toggle(client: Any) -> None:
    data = client.get("/api/search", params={"q": "quarry OR harbour"}).json()
    assert {r["content"] for r in data["results"]} == {
        "The Harbour Board must resign",
        "The Harbour Board lied",
    }
    assert data["hidden_low_confidence"] == 1
    shown = client.get("/api/search", params={"q": "quarry", "min_confidence": 0}).json()
    assert [r["content"] for r in shown["results"]] == ["The quarry may close soon"]
    page = client.get("/search", params={"q": "quarry"}).text
    assert "1 statement below confidence 0.5 hidden" in page and 'id="show-low"' in page
    csv_default = client.get("/api/search/export", params={"speaker": "Kim Vale"}).text
    csv_all = client.get(
        "/api/search/export", params={"speaker": "Kim Vale", "min_confidence": "0"}
    ).text
    assert "quarry" not in csv_default and "quarry" in csv_all
    sp = client.get(f"/api/speakers/{_vale(client)}").json()["speaker"]
    assert sp["hidden_low_confidence"] == 1
    assert all(s["confidence"] >= 0.5 for s in sp["statements"]) and len(sp["statements"]) == 2
    stats = client.get("/api/stats").json()["stats"]
    assert stats["low_confidence"] == 1 and stats["min_confidence"] == 0.5


def test_stance_probability_shown_and_uncertain_labels_not_counted(client: Any) -> None:
    page = client.get("/search", params={"q": "harbour"}).text
    assert "against <a" in page and "0.91" in page
    assert "uncertain: against?" in page and "0.55" in page
    sp = client.get(f"/api/speakers/{_vale(client)}").json()["speaker"]
    board = next(t for t in sp["targets"] if t["name"] == "Harbour Board")
    assert (board["n"], board["against"]) == (2, 1)  # the 0.55 label is not counted
    edges = client.get("/api/network").json()["edges"]
    edge = next(e for e in edges if e["weight"] == 2)
    assert edge["against"] == 1 and edge["stance"] == "against"


def test_cli_stats_counts_low_confidence(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from saidwhat.cli import main

    url = store_of(tmp_path / "s.db", _records())
    res = CliRunner().invoke(main, ["stats", "--db", url, "--format", "json"])
    assert res.exit_code == 0, res.output
    assert '"low_confidence": 1' in res.output
