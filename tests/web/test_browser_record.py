"""Issue 19 in Chromium at 1280 and 390 px: search syntax (phrase, OR, NOT, prefix,
stemming), /articles, facets, export from a speaker page, moving a statement, a merge
and the redirect of the old speaker URL; no page overflows sideways."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from . import records
from .conftest import TOKEN, serve_app, watched_page
from .test_corrections import _art


@pytest.fixture(params=[1280, 390], ids=["1280px", "390px"])
def site(request: pytest.FixtureRequest, browser: Any, tmp_path: Path) -> Iterator[Any]:
    """A page of a server with a token over its own store (the web records and three
    Massouds), at the parametrised width."""
    from saidwhat.web.app import create_app
    from saidwhat.web.queries import open_store, write

    store = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    for rec in records.all_records() + [
        _art("a1", "Ahmad Massoud", "We fight on", "NRF spokesman"),
        _art("a2", "Ahmed Massoud", "Talks failed", "NRF leader"),
    ]:
        write(store, rec)
    with serve_app(create_app(store, token=TOKEN)) as url, watched_page(browser, url) as pg:
        pg.set_viewport_size({"width": request.param, "height": 900})
        pg.width = request.param
        yield pg


def _no_overflow(pg: Any) -> None:
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= pg.width + 1, f"{pg.url} is {width}px wide at {pg.width}px"


def _search(pg: Any, q: str) -> list[str]:
    pg.goto("/search")
    pg.fill("#search-form input[name=q]", q)
    pg.click("#search-form button[type=submit]")
    pg.wait_for_load_state()
    _no_overflow(pg)
    return [t.strip() for t in pg.locator("ol.results blockquote.content").all_inner_texts()]


def test_search_syntax(site: Any) -> None:
    assert _search(site, '"talks with Massoud"') == ["the talks with Massoud would resume"]
    assert sorted(_search(site, "bridge OR negotiations")) == [
        "The bridge will reopen in spring",
        "negotiations with the Taliban had failed",
    ]
    _search(site, "budget -3")
    assert site.inner_text(".summary .total") == "23 statements"
    assert _search(site, "reope*") == ["The bridge will reopen in spring"]
    assert "the talks with Massoud would resume" in _search(site, "resumed")
    assert site.locator("ol.results mark").first.inner_text() == "resume"
    assert "prefix*" in site.inner_text("#search-syntax")
    assert not site.dialogs and not site.offsite


def test_articles_facets_and_export(site: Any) -> None:
    site.goto("/articles")
    _no_overflow(site)
    assert "32 articles" in site.inner_text(".summary")
    site.click("table.articles a.article-link >> nth=0")
    site.wait_for_url("**/articles/*")
    _search(site, "budget OR negotiations")
    assert site.locator("#volume rect.bar").count() >= 12
    facet = site.locator(".facet-speaker a", has_text="Ahmad Massoud")
    facet.click()
    site.wait_for_load_state()
    assert site.inner_text(".summary .total") == "1 statement"
    site.click("ol.results a.speaker")
    site.wait_for_url("**/speakers/*")
    _no_overflow(site)
    with site.expect_download() as dl:
        site.click("section.statements a.export >> text=CSV")
    body = Path(dl.value.path()).read_text(encoding="utf-8")
    assert "negotiations with the Taliban had failed" in body and body.startswith("id,")


def test_move_a_statement_then_merge_and_follow_the_old_url(site: Any) -> None:
    _search(site, '"We fight on"')
    site.click("ol.results a.permalink")
    site.wait_for_url("**/quotes/*")
    _no_overflow(site)
    qurl = site.url
    site.fill("#move input[name=speaker]", "Jane Doe")
    site.fill("#move input[name=token]", "wrong-token-0123456789")
    site.click("#move button")
    site.wait_for_load_state()
    assert "[E052]" in site.inner_text("#form-error")  # back at the form, with the message
    site.fill("#move input[name=speaker]", "Jane Doe")
    site.fill("#move input[name=token]", TOKEN)
    site.click("#move button")
    site.wait_for_url(qurl)
    assert site.inner_text("figcaption a.speaker") == "Jane Doe"
    # merge Ahmed into Ahmad, then the old URL of Ahmed leads to Ahmad
    site.goto("/search?speaker=Ahmed+Massoud")
    old = site.locator("ol.results a.speaker").first.get_attribute("href")
    site.goto("/search?speaker=Ahmad+Massoud")
    me = site.locator("ol.results a.speaker").first.get_attribute("href")
    site.goto(me)
    dup = site.locator("#duplicates li.duplicate", has_text="Ahmed Massoud")
    dup.locator("input[name=token]").fill(TOKEN)
    dup.locator("button").click()
    site.wait_for_url(f"**{me}")
    site.goto(old)
    assert site.url.endswith(me)
    _no_overflow(site)
    assert not site.dialogs and not site.offsite
