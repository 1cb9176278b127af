"""``/conflicts`` and ``/api/conflicts``: the JSON form, the page and (Playwright,
Debian's chromium) the page in a browser, over hand-made records with claims."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import serve_app, store_of, watched_page
from .records import XSS_SCRIPT, _span


def _claim(text, n, act, claimant, agent, event, *, sentence, place=None, quote=None, ev="V1"):
    s = _span(text, sentence)

    def inside(part):
        return _span(text, part, s["start"]) if part else None

    trig = {"responsibility": "claimed", "blame": "blamed", "denial": "denied"}[act]
    return {
        "id": f"C{n}",
        "act": act,
        "trigger": inside(trig),
        "sentence": s,
        "claimant": {"entity": claimant[0], "name": claimant[1], "type": "ORG"},
        "claimant_span": inside(claimant[2]),
        "agent": {"entity": agent[0], "name": agent[1], "type": "ORG"} if agent else None,
        "agent_span": inside(agent[2]) if agent else None,
        "event": inside(event),
        "event_kind": "attack",
        "event_ref": ev,
        "place": inside(place),
        "time": None,
        "quote": quote,
    }


def _entity(text, eid, name, typ, mention):
    return {
        "id": eid,
        "name": name,
        "type": typ,
        "mentions": [_span(text, mention)],
        "roles": [],
        "affiliations": [],
    }


def records() -> list[dict[str, Any]]:
    one = (
        "The Northern Front claimed responsibility for the bombing of the Harbor Bridge. "
        "Mayor Lena Ortiz blamed the Coastal Brigade for the attack."
    )
    a = "The Red Hand claimed responsibility for the rocket attack on Port Vell on Monday."
    b = (
        f"The {XSS_SCRIPT} Council blamed the Blue Watch for the rocket attack on Port Vell, "
        "which killed four people."
    )
    return [
        {
            "id": "one",
            "text": one,
            "entities": [
                _entity(one, "E1", "Northern Front", "ORG", "Northern Front"),
                _entity(one, "E2", "Lena Ortiz", "PERSON", "Lena Ortiz"),
                _entity(one, "E3", "Coastal Brigade", "ORG", "Coastal Brigade"),
            ],
            "claims": [
                _claim(
                    one,
                    1,
                    "responsibility",
                    ("E1", "Northern Front", "The Northern Front"),
                    ("E1", "Northern Front", "The Northern Front"),
                    "the bombing of the Harbor Bridge",
                    sentence=one[: one.index(". ") + 1],
                ),
                _claim(
                    one,
                    2,
                    "blame",
                    ("E2", "Lena Ortiz", "Mayor Lena Ortiz"),
                    ("E3", "Coastal Brigade", "the Coastal Brigade"),
                    "the attack",
                    sentence=one[one.index("Mayor") :],
                ),
            ],
            "meta": {
                "title": "Bridge bombing",
                "outlet": "Harbor Times",
                "published": "2025-06-02",
            },
        },
        {
            "id": "a",
            "text": a,
            "entities": [_entity(a, "E1", "Red Hand", "ORG", "Red Hand")],
            "claims": [
                _claim(
                    a,
                    1,
                    "responsibility",
                    ("E1", "Red Hand", "The Red Hand"),
                    ("E1", "Red Hand", "The Red Hand"),
                    "the rocket attack on Port Vell",
                    sentence=a,
                    place="Port Vell",
                )
            ],
            "meta": {"title": "Red Hand statement", "outlet": "Wire A", "published": "2025-07-07"},
        },
        {
            "id": "b",
            "text": b,
            "entities": [
                _entity(b, "E1", f"{XSS_SCRIPT} Council", "ORG", f"{XSS_SCRIPT} Council"),
                _entity(b, "E2", "Blue Watch", "ORG", "Blue Watch"),
            ],
            "claims": [
                _claim(
                    b,
                    1,
                    "blame",
                    ("E1", f"{XSS_SCRIPT} Council", f"The {XSS_SCRIPT} Council"),
                    ("E2", "Blue Watch", "the Blue Watch"),
                    "the rocket attack on Port Vell",
                    sentence=b,
                    place="Port Vell",
                )
            ],
            "meta": {"title": "Council blames", "outlet": "Wire B", "published": "2025-07-08"},
        },
    ]


@pytest.fixture(scope="module")
def conflicts_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from saidwhat.web.app import create_app

    return create_app(store_of(tmp_path_factory.mktemp("conflicts") / "c.db", records()))


@pytest.fixture(scope="module")
def cclient(conflicts_app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(conflicts_app) as c:
        yield c


def test_api_conflicts(cclient: Any) -> None:
    r = cclient.get("/api/conflicts")
    assert r.status_code == 200
    body = r.json()
    assert body["ok"] is True
    events = body["conflicts"]
    assert [e["event"]["n_articles"] for e in events] == [2, 1]  # newest first
    two = events[0]
    assert two["event"]["place"] == "Port Vell"
    assert {c["agent"]["name"] for c in two["claims"]} == {"Red Hand", "Blue Watch"}
    assert {c["outlet"] for c in two["claims"]} == {"Wire A", "Wire B"}
    one = events[1]
    assert {(c["act"], c["claimant"]["name"]) for c in one["claims"]} == {
        ("responsibility", "Northern Front"),
        ("blame", "Lena Ortiz"),
    }
    assert one["pairs"] == [
        {"a": one["claims"][0]["id"], "b": one["claims"][1]["id"], "reason": "different agents"}
    ]


def test_api_conflicts_filters_and_errors(cclient: Any) -> None:
    r = cclient.get("/api/conflicts", params={"since": "2025-07-01"})
    assert [e["event"]["n_articles"] for e in r.json()["conflicts"]] == [2]
    r = cclient.get("/api/conflicts", params={"since": "yesterday"})
    assert r.status_code == 400 or r.status_code == 422
    body = r.json()
    assert body["ok"] is False and body["status"] == r.status_code and body["error"]
    r = cclient.get("/api/conflicts", params={"window": "-1"})
    assert r.status_code == 422 and r.json()["ok"] is False


def test_conflicts_page_escapes_and_links(cclient: Any) -> None:
    r = cclient.get("/conflicts")
    assert r.status_code == 200
    html = r.text
    assert XSS_SCRIPT not in html and "&lt;script&gt;" in html
    assert html.count('class="conflict"') == 2
    assert 'href="/articles/' in html and "#C1" in html
    assert 'href="/api/conflicts?' in html


def test_article_page_anchors_claims(cclient: Any) -> None:
    rows = cclient.get("/api/conflicts").json()["conflicts"]
    link = rows[1]["claims"][1]["link"]
    path, _, anchor = link.partition("#")
    html = cclient.get(path).text
    assert f'id="{anchor}"' in html
    assert "Mayor Lena Ortiz blamed the Coastal Brigade" in html


@pytest.fixture(scope="module")
def conflicts_server(conflicts_app: Any) -> Iterator[str]:
    with serve_app(conflicts_app) as url:
        yield url


def test_conflicts_page_in_browser(browser: Any, conflicts_server: str) -> None:
    with watched_page(browser, conflicts_server) as page:
        page.goto("/")
        page.click("nav a[href='/conflicts']")
        page.wait_for_url("**/conflicts")
        sections = page.locator("section.conflict")
        assert sections.count() == 2
        first = sections.nth(0)
        assert "Port Vell" in first.locator("h2").inner_text()
        rows = first.locator("tr.claim")
        assert rows.count() == 2
        agents = set(first.locator("td.agent").all_inner_texts())
        assert agents == {"Red Hand", "Blue Watch"}
        assert f"{XSS_SCRIPT} Council" in first.inner_text()  # shown as text, not run
        # filter by date: only the two-article event is left
        page.fill("input[name=since]", "2025-07-01")
        page.click("form.filters button")
        page.wait_for_url("**since=2025-07-01**")
        assert page.locator("section.conflict").count() == 1
        # a claim's sentence opens its article at the claim
        page.goto("/conflicts?until=2025-06-30")
        row = page.locator("tr.claim", has_text="Lena Ortiz")
        row.locator("td.sentence a").click()
        page.wait_for_url("**/articles/**#C2")
        claim = page.locator("li.claim#C2")
        assert "Coastal Brigade" in claim.inner_text()
        # a claimant with a speaker opens the speaker
        page.go_back()
        page.locator("tr.claim td.claimant a", has_text="Lena Ortiz").click()
        page.wait_for_url("**/speakers/**")
        assert page.inner_text("h1") == "Lena Ortiz"
        assert page.dialogs == [] and page.console_errors == []
