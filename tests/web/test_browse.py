"""Browse pages and facets (issue 19, item 7): /articles and GET /api/articles, outlets,
facet counts beside a search, its volume over time, export links on list pages."""

from __future__ import annotations

from typing import Any


def test_api_articles_pages_through_every_article(client: Any) -> None:
    first = client.get("/api/articles", params={"per_page": 20}).json()
    assert first["ok"] is True and first["total"] == 30  # records.all_records()
    second = client.get(first["next"]).json()
    ids = [a["id"] for a in first["articles"] + second["articles"]]
    assert len(ids) == len(set(ids)) == 30 and second["next"] is None
    dates = [a["published"] for a in first["articles"] if a["published"]]
    assert dates == sorted(dates, reverse=True)
    kabul = client.get("/api/articles", params={"outlet": "Kabul Times"}).json()
    assert [a["title"] for a in kabul["articles"]] == ["Resistance vows to fight on"]
    assert kabul["articles"][0]["n_quotes"] == 1


def test_articles_and_outlets_pages(client: Any) -> None:
    page = client.get("/articles").text
    assert "Resistance vows to fight on" in page and "30 articles" in page
    assert 'href="/api/articles?' in page
    outlets = client.get("/api/outlets").json()["outlets"]
    by_name = {o["outlet"]: o for o in outlets}
    assert by_name["Daily Example"]["n_articles"] == 25  # 24 fillers and massoud-2
    assert by_name["Kabul Times"]["href"] == "/articles?outlet=Kabul+Times"
    assert "Daily Example" in client.get("/outlets").text
    nav = client.get("/").text
    assert 'href="/articles"' in nav and 'href="/outlets"' in nav


def test_search_facets_count_the_whole_result(client: Any) -> None:
    data = client.get("/api/search", params={"q": "budget OR negotiations", "per_page": 5}).json()
    f = data["facets"]
    assert sum(s["n"] for s in f["kind"]) == data["total"] == 25
    assert {s["name"]: s["n"] for s in f["speaker"]} == {"Jane Doe": 24, "Ahmad Massoud": 1}
    assert {o["value"]: o["n"] for o in f["outlet"]} == {"Daily Example": 25}
    assert sum(m["n"] for m in f["month"]) == 25 and len(f["month"]) == 13  # 12 + 2024-07
    page = client.get("/search", params={"q": "budget OR negotiations"}).text
    assert 'id="volume"' in page and 'class="facets"' in page
    assert "/search?q=budget+OR+negotiations&amp;speaker=" in page
    assert "since=2024-07-01&amp;until=2024-07-31" in page


def test_speaker_page_links_its_export(client: Any) -> None:
    sid = client.get("/api/speakers", params={"q": "Massoud"}).json()["speakers"][0]["id"]
    page = client.get(f"/speakers/{sid}").text
    href = f"/api/search/export?speaker={sid}&amp;format=csv"
    assert href in page
    csv = client.get(href.replace("&amp;", "&")).text
    assert "negotiations with the Taliban had failed" in csv
