"""Hostile requests to the web server (issue 11): 4xx envelopes, never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# ---------------------------------------------------------------- item 7


def test_deeply_nested_json_is_a_400_not_a_500(write_client: Any) -> None:
    r = _post(write_client, b"[" * 50_000)
    assert r.status_code == 400, r.text
    assert "[E054]" in r.json()["error"]


def test_raw_text_with_a_lone_surrogate_is_stored(write_client: Any) -> None:
    raw = b'{"text": "\\ud800 We will win, Bob Jones said."}'
    r = _post(write_client, raw)
    assert r.status_code == 201, r.text
    art = write_client.get(f"/api/articles/{r.json()['id']}").json()["article"]
    assert art["text"].startswith("\ufffd We will win")


def test_500_carries_the_security_headers(store_url: str, monkeypatch: Any) -> None:
    from fastapi.testclient import TestClient

    from saidwhat.web import app as web_app
    from saidwhat.web import queries

    def boom(store: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(queries, "stats", boom)
    app = web_app.create_app(store_url)
    with TestClient(app, raise_server_exceptions=False) as c:
        for path in ("/api/stats", "/"):
            r = c.get(path)
            assert r.status_code == 500
            for k, v in web_app.SECURITY_HEADERS.items():
                assert r.headers.get(k) == v, (path, k)
        assert r.headers["content-type"].startswith("text/html")


def test_a_token_of_spaces_is_refused(store_url: str) -> None:
    from saidwhat.web.app import create_app

    with pytest.raises(ValueError, match="E058"):
        create_app(store_url, token=" " * 32)
    from click.testing import CliRunner

    from saidwhat.cli import main

    r = CliRunner().invoke(main, ["serve", "--db", store_url, "--token", " " * 32])
    assert r.exit_code == 1 and "[E058]" in r.output


def test_host_header_check(store_url: str) -> None:
    from fastapi.testclient import TestClient

    from saidwhat.web.app import create_app

    app = create_app(store_url, allowed_hosts=["news.example.org", ".corp.example"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/stats").status_code == 200
        for host in ("localhost:8000", "[::1]:8000", "news.example.org", "a.corp.example"):
            assert c.get("/api/stats", headers={"Host": host}).status_code == 200, host
        for host in ("evil.example.com", "attacker.test:8000", "", "corp.example.evil"):
            r = c.get("/api/stats", headers={"Host": host})
            assert r.status_code == 400, host
            assert "[E061]" in r.json()["error"]
            assert r.headers["x-content-type-options"] == "nosniff"


def test_serve_allows_only_loopback_and_configured_hosts(store_url: str, monkeypatch: Any) -> None:
    from fastapi.testclient import TestClient

    from saidwhat.web.app import app_from_env

    monkeypatch.setenv("SAIDWHAT_SERVE_DB", store_url)
    monkeypatch.setenv("SAIDWHAT_SERVE_HOSTS", "news.example.org")
    with TestClient(app_from_env(), base_url="http://localhost") as c:
        assert c.get("/api/stats").status_code == 200
        assert c.get("/api/stats", headers={"Host": "news.example.org"}).status_code == 200
        assert c.get("/api/stats", headers={"Host": "rebind.attacker.test"}).status_code == 400
    monkeypatch.delenv("SAIDWHAT_SERVE_HOSTS")
    with TestClient(app_from_env(), base_url="http://rebind.attacker.test") as c:
        assert c.get("/api/stats").status_code == 400


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "kind",
                    "start",
                    "end",
                    "text",
                    "cue",
                    "sources",
                    "contents",
                    "speaker",
                    "entity",
                    "name",
                    "type",
                    "roles",
                    "mentions",
                    "confidence",
                    "reported_by",
                    "x",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=25,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(min_size=1, max_size=40),
    quotes=st.lists(_json, max_size=3) | _json,
    entities=st.lists(_json, max_size=3) | _json,
)
def test_any_extracted_record_is_stored_or_refused_never_500(
    write_client: Any, text: str, quotes: Any, entities: Any
) -> None:
    body = {"text": text, "quotes": quotes, "entities": entities}
    r = _post(write_client, body)
    assert r.status_code in (200, 201, 422), r.text
    if r.status_code != 422:  # 201 exactly when the article is new (200: stored before)
        assert (r.status_code == 201) is r.json()["created"]
