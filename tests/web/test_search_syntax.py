"""Search syntax on the pages and the API, whole-word speaker suggestions (issue 19, item 6)."""

from __future__ import annotations

import re
from typing import Any


def _contents(client: Any, q: str) -> set[str]:
    data = client.get("/api/search", params={"q": q, "per_page": 100}).json()
    return {r["content"] for r in data["results"]}


def test_search_syntax_through_the_api(client: Any) -> None:
    assert "the talks with Massoud would resume" in _contents(client, "resumed")  # stemming
    assert _contents(client, '"talks with Massoud"') == {"the talks with Massoud would resume"}
    assert _contents(client, '"Massoud talks"') == set()
    either = _contents(client, "bridge OR negotiations")
    assert either == {
        "The bridge will reopen in spring",
        "negotiations with the Taliban had failed",
    }
    assert "Budget item 3 is fine" not in _contents(client, "budget -3")
    assert len(_contents(client, "budget NOT 3")) == 23
    assert _contents(client, "reope*") == {"The bridge will reopen in spring"}


def test_search_page_marks_word_forms_and_shows_the_syntax(client: Any) -> None:
    page = client.get("/search", params={"q": "resumed -failed"}).text
    assert "<mark>resume</mark>" in page
    assert 'id="search-syntax"' in page and "prefix*" in page
    assert 'id="search-syntax"' in client.get("/").text


def test_speaker_suggestions_match_whole_words(client: Any) -> None:
    data = client.get("/api/search", params={"q": "Massoud"}).json()
    assert [s["name"] for s in data["speakers"]] == ["Ahmad Massoud"]
    # "arbour" is inside "Harbour" but is no word of any name
    assert client.get("/api/search", params={"q": "arbour"}).json().get("speakers") == []
    harbour = client.get("/api/search", params={"q": "harbour"}).json()["speakers"]
    assert {s["name"] for s in harbour} == {"Lee Harbour", "Harbour Council"}
    page = client.get("/search", params={"q": "arbour"}).text
    assert not re.search(r'class="speaker-matches"', page)
