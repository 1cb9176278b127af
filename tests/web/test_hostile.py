"""Hostile requests to the web server (issue 11): 4xx envelopes, never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest

from . import records
from .conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}


def _post(client: Any, body: Any) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post("/api/articles", content=raw, headers=AUTH)


def _bad_records() -> list[Any]:
    base = records.massoud_1()
    out = []
    for mutate in (
        lambda r: r["quotes"][0].pop("kind"),
        lambda r: r["quotes"][0].pop("id"),
        lambda r: r["quotes"][0]["contents"][0].pop("text"),
        lambda r: r["quotes"][0].__setitem__("speaker", {"entity": "E1"}),
        lambda r: r["entities"][0].pop("type"),
        lambda r: r["entities"][0].__setitem__("mentions", [{"start": 0}]),
        lambda r: r["entities"][0].__setitem__("name", "N" * 1000),
        lambda r: r["entities"].append(dict(r["entities"][0])),
        lambda r: r.__setitem__("quotes", {"Q1": 1}),
    ):
        r = json.loads(json.dumps(base))
        mutate(r)
        out.append(r)
    return out


@pytest.mark.parametrize("body", _bad_records())
def test_malformed_extracted_record_gets_a_422_envelope(write_client: Any, body: Any) -> None:
    r = _post(write_client, body)
    assert r.status_code == 422, r.text
    err = r.json()
    assert err["ok"] is False and "[E059]" in err["error"]
    assert write_client.get("/api/stats").json()["stats"]["articles"] == 0


def test_extracted_record_with_a_lone_surrogate_is_stored(write_client: Any) -> None:
    rec = records.massoud_1()
    rec["text"] = rec["text"] + " \ud800"
    r = write_client.post("/api/articles", content=json.dumps(rec).encode(), headers=AUTH)
    assert r.status_code == 201, r.text
    art = write_client.get(f"/api/articles/{r.json()['id']}").json()["article"]
    assert art["text"].endswith(" \ufffd")
