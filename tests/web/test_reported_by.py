"""reported_by on the JSON API and on article, quote and search cards ("reported by Z")."""

from __future__ import annotations

import csv
import io
from typing import Any

from .conftest import TOKEN
from .records import _span, article

TEXT = (
    "Talks fail\n\nAhmad Massoud said the talks with the Taliban had failed, according to "
    "Kabul Wire. The Taliban did not reply."
)


def _record() -> dict[str, Any]:
    rec = article(
        "rep-1",
        TEXT,
        [("indirect", "said", "Ahmad Massoud", "the talks with the Taliban had failed", "E1")],
        [
            ("E1", "Ahmad Massoud", "PERSON", [], [], ["Ahmad Massoud"]),
            ("E2", "Taliban", "ORG", [], [], ["Taliban"]),
            ("E3", "Kabul Wire", "ORG", [], [], ["Kabul Wire"]),
        ],
        meta={"title": "Talks fail", "published": "2024-05-03"},
    )
    rec["quotes"][0]["reported_by"] = {
        "speaker": {"entity": "E3", "name": "Kabul Wire", "type": "ORG"},
        "cue": _span(TEXT, "according to"),
        "source": _span(TEXT, "Kabul Wire"),
    }
    return rec


def test_reported_by_in_api_and_cards(write_client: Any) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = write_client.post("/api/articles", json=_record(), headers=auth)
    assert r.status_code == 201, r.text
    aid = r.json()["id"]
    art = write_client.get(f"/api/articles/{aid}").json()["article"]
    rep = art["quotes"][0]["reported_by"]
    wire = next(e["speaker_id"] for e in art["entities"] if e["name"] == "Kabul Wire")
    assert rep["speaker"]["speaker_id"] == wire and rep["cue"]["text"] == "according to"
    res = write_client.get("/api/search", params={"q": "talks"}).json()["results"]
    assert res[0]["reported_by"]["speaker"] == {"id": wire, "name": "Kabul Wire", "type": "ORG"}
    quote = write_client.get(f"/api/quotes/{aid}:Q1").json()["quote"]
    assert quote["reported_by"]["source"] == "Kabul Wire"
    for url in (f"/articles/{aid}", f"/quotes/{aid}:Q1", "/search?q=talks"):
        html = write_client.get(url).text
        assert 'class="reported-by">reported by' in html, url
        assert f'href="/speakers/{wire}">Kabul Wire</a>' in html, url
    body = write_client.get("/api/search/export", params={"q": "talks"}).text
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["reported_by"] == "Kabul Wire" and row["reported_by_id"] == str(wire)


def test_statements_without_a_reporter_show_none(write_client: Any) -> None:
    rec = _record()
    del rec["quotes"][0]["reported_by"]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    aid = write_client.post("/api/articles", json=rec, headers=auth).json()["id"]
    assert (
        write_client.get(f"/api/articles/{aid}").json()["article"]["quotes"][0]["reported_by"]
        is None
    )
    assert "reported-by" not in write_client.get(f"/articles/{aid}").text
