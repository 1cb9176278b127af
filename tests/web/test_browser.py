"""The pages in a real browser: Debian's chromium driven by Playwright."""

from __future__ import annotations

import re
from typing import Any

from . import records

NO_JS_DIALOG_PAGES = ("/", "/speakers", "/network", "/search?q=hacked")


def ids_for_xss(live_server: str) -> tuple[str, str]:
    import httpx

    row = httpx.get(f"{live_server}/api/search", params={"q": "hacked"}).json()["results"][0]
    return str(row["article_id"]), str(row["speaker"]["id"])


def assert_clean(page: Any) -> None:
    """No injected element ran or exists, nothing was fetched from another origin."""
    assert page.dialogs == []
    assert page.offsite == []
    assert page.console_errors == []
    assert page.locator("img").count() == 0
    scripts = page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
    assert scripts == ["/static/app.js"]


def test_search_flow_from_home(page: Any) -> None:
    page.goto("/")
    page.fill("#home-search input[name=q]", "negotiations")
    page.click("#home-search button")
    page.wait_for_url("**/search?q=negotiations**")
    item = page.locator("li.statement", has_text="negotiations with the Taliban had failed")
    assert item.count() == 1
    item.locator("a.speaker").click()
    page.wait_for_url("**/speakers/**")
    assert page.inner_text("h1") == "Ahmad Massoud"
    bars = page.locator("#timeline rect.bar")
    assert bars.count() >= 3  # May, June (empty), July 2024
    assert (
        page.locator("#timeline rect.bar[data-month='2024-05']").get_attribute("data-count") == "1"
    )
    assert page.locator("section.roles", has_text="leader").count() == 1
    assert_clean(page)


def test_article_page_highlights_and_hover(page: Any) -> None:
    page.goto("/search?q=fight")
    page.locator("a.article-link").first.click()
    page.wait_for_url("**/articles/**")
    assert page.inner_text("h1") == "Resistance vows to fight on"
    content = page.locator("#article-text .hl-content").first
    assert "We will fight the Taliban until the end" in content.inner_text()
    page.hover("li.statement[data-q='Q1']")
    assert "active" in (content.get_attribute("class") or "")
    page.locator("#article-text a.hl-source").first.click()
    page.wait_for_url("**/speakers/**")
    assert page.inner_text("h1") == "Ahmad Massoud"
    assert_clean(page)


def test_pagination_in_browser(page: Any) -> None:
    page.goto("/search?q=budget&per_page=10")
    first = page.locator("li.statement blockquote").all_inner_texts()
    assert len(first) == 10
    page.click("a[rel=next]")
    page.wait_for_url("**page=2**")
    second = page.locator("li.statement blockquote").all_inner_texts()
    assert len(second) == 10 and not set(first) & set(second)
    assert_clean(page)


def test_network_view(page: Any) -> None:
    page.goto("/network")
    nodes = page.locator("#network .node")
    assert nodes.count() >= 3
    assert page.locator("#network .edge").count() >= 2
    taliban = page.locator("#network .node", has_text="Taliban")
    taliban.hover()
    # the script dims the nodes not connected to the hovered one
    khalilzad = page.locator("#network .node", has_text="Zalmay Khalilzad")
    massoud = page.locator("#network .node", has_text="Ahmad Massoud")
    assert "dim" in (khalilzad.get_attribute("class") or "")
    assert "dim" not in (massoud.get_attribute("class") or "")
    assert "dim" not in (taliban.get_attribute("class") or "")
    assert_clean(page)


def test_script_payloads_never_run(page: Any, live_server: str) -> None:
    article_id, speaker_id = ids_for_xss(live_server)
    import httpx

    quote_id = httpx.get(f"{live_server}/api/search", params={"q": "hacked"}).json()["results"][0][
        "id"
    ]
    for url in (
        *NO_JS_DIALOG_PAGES,
        f"/articles/{article_id}",
        f"/speakers/{speaker_id}",
        f"/quotes/{quote_id}",
    ):
        page.goto(url)
        page.wait_for_load_state("load")
        assert_clean(page)
    # shown as text, exactly as stored
    page.goto(f"/articles/{article_id}")
    assert page.inner_text("#article-text") == records.xss()["text"]
    assert page.inner_text("h1") == f"Breaking {records.XSS_SCRIPT}"
    import httpx

    name = httpx.get(f"{live_server}/api/speakers/{speaker_id}").json()["speaker"]["name"]
    page.goto(f"/speakers/{speaker_id}")
    assert page.inner_text("h1") == name
    # the payloads in the speaker's name, roles and affiliations are shown as text
    body = page.inner_text("main")
    assert records.XSS_IMG in body and records.XSS_SCRIPT in body
    assert_clean(page)


def test_error_page_in_browser(page: Any) -> None:
    resp = page.goto("/speakers/does-not-exist")
    assert resp.status == 404
    assert "[E050]" in page.inner_text(".error .message")


def test_article_statement_speaker_links_open_the_speaker(page: Any) -> None:
    """Issue 10, bug 1: the statement list linked every speaker to ``/speakers/``."""
    page.goto("/search?q=resume")
    page.locator("a.article-link").first.click()
    page.wait_for_url("**/articles/**")
    links = page.locator("section.quotes li.statement a.speaker")
    assert links.count() == 2
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert all(re.fullmatch(r"/speakers/\d+", h) for h in hrefs), hrefs
    page.locator("section.quotes a.speaker", has_text="Zalmay Khalilzad").click()
    page.wait_for_url("**/speakers/**")
    assert page.inner_text("h1") == "Zalmay Khalilzad"
    assert_clean(page)


def test_pages_fit_a_390px_screen(browser: Any, live_server: str) -> None:
    """Issue 10, bug 4: at 390 px the header pushed the search box off-screen and a long
    unbroken title (an article's 32-character id) overflowed the page."""
    import httpx

    untitled = httpx.get(f"{live_server}/api/search", params={"q": "bridge"}).json()["results"][0]
    massoud = httpx.get(f"{live_server}/api/search", params={"q": "fight"}).json()["results"][0]
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    pg = context.new_page()
    try:
        for url in (
            "/",
            "/search?q=budget",
            "/speakers",
            f"/speakers/{massoud['speaker']['id']}",
            f"/articles/{massoud['article_id']}",
            f"/articles/{untitled['article_id']}",
            f"/quotes/{untitled['id']}",
            "/network",
        ):
            pg.goto(url)
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (url, width)
            box = pg.locator("header .mini-search input").bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, url
            h1 = pg.locator("h1").bounding_box()
            assert h1 is not None and h1["x"] + h1["width"] <= 390, url
        # an article without a title takes its record's name (issue 19), not its hash
        pg.goto(f"/articles/{untitled['article_id']}")
        assert pg.inner_text("h1") == "untitled 1"
    finally:
        context.close()


def test_network_draws_each_entity_once_with_readable_labels_and_a_legend(page: Any) -> None:
    """Issue 10, bug 5: an organisation drawn twice (as a speaker and as a name-only
    target), labels clipped at the edges and overlapping, no legend."""
    page.goto("/network")
    labels = page.eval_on_selector_all("#network .node text", "els => els.map(e => e.textContent)")
    assert len(labels) == len(set(labels)), labels
    council = page.locator("#network .node", has_text="Harbour Council")
    assert council.count() == 1
    assert re.fullmatch(r"/speakers/\d+", council.get_attribute("href") or "")
    view = page.evaluate(
        "(() => { const b = document.querySelector('#network').viewBox.baseVal;"
        " return [b.width, b.height]; })()"
    )
    boxes = page.eval_on_selector_all(
        "#network .node text",
        "els => els.map(e => { const b = e.getBBox(); return [b.x, b.y, b.width, b.height]; })",
    )
    for x, y, w, h in boxes:
        assert x >= 0 and y >= 0 and x + w <= view[0] and y + h <= view[1], (x, y, w, h)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a[0] + a[2] <= b[0]
                or b[0] + b[2] <= a[0]
                or a[1] + a[3] <= b[1]
                or b[1] + b[3] <= a[1]
            )
            assert apart, (a, b)
    legend = page.locator(".network-legend li")
    assert legend.count() >= 5
    assert "person" in page.inner_text(".network-legend")
    assert_clean(page)


def test_speaker_field_suggests_names_as_one_types(page: Any) -> None:
    """Issue 10: speaker autocomplete (a datalist filled by /static/app.js, no innerHTML)."""
    page.goto("/search")
    page.locator("#search-form input[name=speaker]").type("khal", delay=20)
    page.wait_for_selector("#speaker-names option", state="attached", timeout=5000)
    options = page.eval_on_selector_all("#speaker-names option", "els => els.map(e => e.value)")
    assert options == ["Zalmay Khalilzad"]
    assert_clean(page)


def test_stance_filter_and_cards(page: Any) -> None:
    """The search form's stance filter with About: only the statement against the
    Taliban; its card says so; "for" finds nothing; the speaker page counts it."""
    page.goto("/search")
    page.fill("#search-form input[name=about]", "Taliban")
    page.select_option("#search-form select[name=stance]", "against")
    page.locator("#search-form button[type=submit], #search-form input[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*stance=against.*"))
    items = page.locator("li.statement")
    assert items.count() == 1
    assert "We will fight the Taliban until the end" in items.first.inner_text()
    card = items.first.locator("span.stance-against")
    assert card.inner_text() == "against Taliban 0.93"  # the probability is visible
    assert page.locator("#search-form select[name=stance]").input_value() == "against"
    # the neutral statement about the Taliban is found with stance=neutral, shown as "about"
    page.select_option("#search-form select[name=stance]", "neutral")
    page.locator("#search-form button[type=submit], #search-form input[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*stance=neutral.*"))
    assert page.locator("li.statement").count() == 1
    assert "negotiations with the Taliban" in page.locator("li.statement").first.inner_text()
    assert page.locator("li.statement span.stance").count() == 0
    page.select_option("#search-form select[name=stance]", "for")
    page.locator("#search-form button[type=submit], #search-form input[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*stance=for.*"))
    assert page.locator("li.statement").count() == 0
    # the speaker page counts the statement against the Taliban
    page.goto("/search?q=negotiations")
    page.locator("li.statement a.speaker").first.click()
    page.wait_for_url("**/speakers/**")
    against = page.locator("section.targets a.stance-against")
    assert against.inner_text() == "against 1"
    assert_clean(page)
