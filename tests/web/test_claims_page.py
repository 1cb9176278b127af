"""``/claims`` and ``/api/claims``: every claim, filtered by act, party, event and
place; the JSON form, the page and (Playwright, Debian's chromium) the page in a
browser, over the hand-made records of the conflicts tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import serve_app, store_of, watched_page
from .records import XSS_SCRIPT
from .test_conflicts import records


@pytest.fixture(scope="module")
def claims_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from saidwhat.web.app import create_app

    return create_app(store_of(tmp_path_factory.mktemp("claims") / "c.db", records()))


@pytest.fixture(scope="module")
def client(claims_app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(claims_app) as c:
        yield c


def _agents(body: dict[str, Any]) -> list[str]:
    return [c["agent"]["name"] for c in body["claims"]]


def test_api_claims_lists_every_claim(client: Any) -> None:
    body = client.get("/api/claims").json()
    assert body["ok"] is True and body["total"] == 4
    # newest first: the two July articles, then the two claims of the June one in order
    titles = [c["article_title"] for c in body["claims"]]
    assert titles == ["Council blames", "Red Hand statement", "Bridge bombing", "Bridge bombing"]
    assert [c["act"] for c in body["claims"][2:]] == ["responsibility", "blame"]
    first = body["claims"][0]
    assert first["link"] == f"/articles/{first['article_id']}#C1"


def test_api_claims_filters(client: Any) -> None:
    def get(**params: str) -> dict[str, Any]:
        r = client.get("/api/claims", params=params)
        assert r.status_code == 200, r.text
        return r.json()

    assert _agents(get(act="blame")) == ["Blue Watch", "Coastal Brigade"]
    assert _agents(get(party="red hand")) == ["Red Hand"]  # claimant or agent, any case
    assert _agents(get(party="Ortiz")) == ["Coastal Brigade"]  # the claimant's name
    assert get(event="harbor")["total"] == 1 and get(event="attack")["total"] == 4  # kind
    assert _agents(get(place="port vell", act="responsibility")) == ["Red Hand"]
    assert get(since="2025-07-08")["total"] == 1
    assert get(party="100%_")["total"] == 0  # LIKE characters are literal
    paged = get(per_page="1", page="2")
    assert paged["total"] == 4 and len(paged["claims"]) == 1
    assert paged["previous"] and paged["next"] and "page=3" in paged["next"]


def test_api_claims_errors_use_the_envelope(client: Any) -> None:
    for params in ({"act": "praise"}, {"since": "last week"}, {"per_page": "0"}):
        r = client.get("/api/claims", params=params)
        body = r.json()
        assert r.status_code in (400, 422), params
        assert body["ok"] is False and body["status"] == r.status_code and body["error"]


def test_claims_page_escapes_filters_and_links(client: Any) -> None:
    html = client.get("/claims").text
    assert XSS_SCRIPT not in html and "&lt;script&gt;" in html
    assert html.count('class="claim act-') == 4
    assert '#C2" title="Bridge bombing"' in html and 'href="/api/claims?' in html
    html = client.get("/claims", params={"act": "blame", "party": "<b>x"}).text
    assert "&lt;b&gt;x" in html and "<b>x" not in html
    assert '<option value="blame" selected>' in html
    r = client.get("/claims", params={"act": "praise"})
    assert r.status_code == 422 and "act must be one of" in r.text


@pytest.fixture(scope="module")
def claims_server(claims_app: Any) -> Iterator[str]:
    with serve_app(claims_app) as url:
        yield url


def test_claims_page_in_browser(browser: Any, claims_server: str) -> None:
    with watched_page(browser, claims_server) as page:
        page.goto("/")
        page.click("nav a[href='/claims']")
        page.wait_for_url("**/claims")
        assert page.locator("tr.claim").count() == 4
        assert f"{XSS_SCRIPT} Council" in page.inner_text("table.claims")  # text, not run
        # filter: blames only, then a party's name
        page.select_option("select[name=act]", "blame")
        page.fill("input[name=party]", "coastal")
        page.click("form.filters button")
        page.wait_for_url("**act=blame**")
        rows = page.locator("tr.claim")
        assert rows.count() == 1
        assert rows.nth(0).locator("td.agent").inner_text() == "Coastal Brigade"
        assert page.input_value("input[name=party]") == "coastal"
        # the sentence opens the article at the claim
        rows.nth(0).locator("td.sentence a").click()
        page.wait_for_url("**/articles/**#C2")
        assert "Coastal Brigade" in page.locator("li.claim#C2").inner_text()
        assert page.dialogs == [] and page.console_errors == []
