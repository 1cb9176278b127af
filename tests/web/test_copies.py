"""A quote page lists the statement's copies in other articles: outlet, date, kind and a
word diff (API and HTML, escaped); and in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from saidwhat.ids import content_hash

from .conftest import serve_app, store_of, watched_page
from .records import XSS_IMG, XSS_SCRIPT, article

ORIGINAL = "We will fight the Taliban until the end of this war"
MISQUOTE = "We will fight the Taliban to the end of this war"
EVIL = f"{XSS_SCRIPT} we hacked {XSS_IMG} the page and the site"
EVIL_COPY = f"{XSS_SCRIPT} we hacked {XSS_IMG} the page and the server"


def _rec(id: str, content: str, outlet: str, published: str, name: str = "Ahmad Massoud") -> dict:
    text = f'Story {id}\n\n"{content}," said {name} on Monday.'
    return article(
        id,
        text,
        [("direct", "said", name, content, "E1")],
        [("E1", name, "PERSON", [], [], [name])],
        meta={"title": f"Story {id}", "outlet": outlet, "published": published},
    )


RECORDS = [
    _rec("c1", ORIGINAL, "Kabul Times", "2024-05-12"),
    _rec("c2", MISQUOTE, "Global Wire", "2024-05-13"),
    _rec("c3", ORIGINAL.upper(), "Morning Herald", "2024-05-14"),
    _rec("c4", "The harvest in the valley was the best in a decade", "Kabul Times", "2024-05-15"),
    _rec("x1", EVIL, XSS_IMG, "2024-06-01", name="Mallory Example"),
    _rec("x2", EVIL_COPY, f"Wire {XSS_SCRIPT}", "2024-06-02", name="Mallory Example"),
]


def _qid(rec: dict) -> str:
    return f"{content_hash(rec['text'])}:Q1"


@pytest.fixture(scope="module")
def copies_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from saidwhat.web.app import create_app

    return create_app(store_of(tmp_path_factory.mktemp("copies") / "c.db", RECORDS))


@pytest.fixture(scope="module")
def copies_client(copies_app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(copies_app) as c:
        yield c


def test_api_lists_copies_with_outlet_date_kind_and_diff(copies_client: Any) -> None:
    r = copies_client.get(f"/api/quotes/{quote(_qid(RECORDS[0]), safe='')}")
    assert r.status_code == 200
    copies = r.json()["quote"]["copies"]
    assert [(c["id"], c["outlet"], c["published"], c["kind"]) for c in copies] == [
        (_qid(RECORDS[1]), "Global Wire", "2024-05-13", "near"),
        (_qid(RECORDS[2]), "Morning Herald", "2024-05-14", "same"),
    ]
    diff = copies[0]["diff"]
    assert {"op": "replace", "a": "until", "b": "to"} in diff
    assert all(p["op"] == "equal" for p in copies[1]["diff"])  # case only
    other = copies_client.get(f"/api/quotes/{quote(_qid(RECORDS[3]), safe='')}").json()
    assert other["quote"]["copies"] == []
    only = copies_client.get(f"/api/quotes/{quote(_qid(RECORDS[0]), safe='')}/copies").json()
    assert only == {"ok": True, "id": _qid(RECORDS[0]), "copies": copies}
    missing = copies_client.get("/api/quotes/nope%3AQ1/copies")
    assert missing.status_code == 404 and missing.json()["ok"] is False
    stats = copies_client.get("/api/stats").json()["stats"]
    # c1-c2-c3 pairwise (one same, two near) and the two script-laden quotes (near)
    assert stats["copies_by_kind"] == {"same": 1, "near": 3, "paraphrase": 0}  # zeros listed


def test_search_rows_and_export_count_copies(copies_client: Any) -> None:
    rows = copies_client.get("/api/search", params={"speaker": "Ahmad Massoud"}).json()["results"]
    got = {r["content"]: r["n_copies"] for r in rows}
    assert got[ORIGINAL] == 2 and got[MISQUOTE] == 2 and got[ORIGINAL.upper()] == 2
    assert got["The harvest in the valley was the best in a decade"] == 0
    html = copies_client.get("/search", params={"speaker": "Ahmad Massoud"}).text
    assert html.count('class="copies-link"') == 3 and "2 copies" in html
    csv_text = copies_client.get(
        "/api/search/export", params={"speaker": "Ahmad Massoud", "format": "csv"}
    ).text
    import csv
    import io

    cells = {r["content"]: r["copies"] for r in csv.DictReader(io.StringIO(csv_text))}
    assert (
        cells[MISQUOTE] == "2"
        and cells["The harvest in the valley was the best in a decade"] == "0"
    )


def test_quote_page_shows_the_diff_escaped(copies_client: Any) -> None:
    html = copies_client.get(f"/quotes/{quote(_qid(RECORDS[4]), safe='')}").text
    assert 'class="copies"' in html
    assert "<del>site</del> <ins>server</ins>" in html
    assert XSS_SCRIPT not in html and XSS_IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_copies_in_the_browser(browser: Any, tmp_path: Path, copies_app: Any) -> None:
    with serve_app(copies_app) as base:
        _browse_copies(browser, base)


def _browse_copies(browser: Any, base: str) -> None:
    with watched_page(browser, base) as page:
        page.goto(f"/quotes/{quote(_qid(RECORDS[0]), safe='')}")
        items = page.locator("#copies li.copy")
        assert items.count() == 2
        first = items.nth(0)
        assert first.locator(".outlet").inner_text() == "Global Wire"
        assert first.locator("time").inner_text() == "2024-05-13"
        assert first.locator(".copy-kind").inner_text() == "near-identical"
        assert first.locator("blockquote.diff del").inner_text() == "until"
        assert first.locator("blockquote.diff ins").inner_text() == "to"
        assert items.nth(1).locator(".copy-kind").inner_text() == "same words"
        # the copy's page lists the original back
        first.locator("a.copy-link").click()
        page.wait_for_url("**/quotes/**")
        assert page.locator("blockquote.content").inner_text() == MISQUOTE
        back = page.locator("#copies li.copy", has_text="Kabul Times")
        assert back.count() == 1
        assert back.locator("blockquote.diff del").inner_text() == "to"
        # script payloads in a diff and an outlet stay text
        page.goto(f"/quotes/{quote(_qid(RECORDS[4]), safe='')}")
        copy = page.locator("#copies li.copy")
        assert copy.count() == 1
        assert XSS_SCRIPT in copy.locator("blockquote.diff").inner_text()
        assert copy.locator("blockquote.diff ins").inner_text() == "server"
        assert page.locator("img").count() == 0
        assert page.dialogs == [] and page.console_errors == []
