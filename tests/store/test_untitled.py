"""Untitled articles take a name, undated ones a date from their layout (issue 19, item 5)."""

from __future__ import annotations

from saidwhat.readers import dated_in_text, text_meta
from saidwhat.store import query
from saidwhat.store.write import fallback_title, write_articles

from .conftest import make_record


def test_fallback_title_from_url_file_or_record_id() -> None:
    assert (
        fallback_title(url="https://ex.org/2024/05/talks-stall.html", source=None, record_id=None)
        == "talks stall"
    )
    assert fallback_title(url=None, source="in/harbour-row.txt", record_id="x") == "harbour row"
    assert fallback_title(url=None, source="feed.jsonl:3", record_id="harbour_row") == "harbour row"
    for generic in ("9306bdddc750de086ce6335028adfdf3", "doc0", "posted", "feed:3"):
        assert fallback_title(url=None, source=None, record_id=generic) is None


def test_an_untitled_article_is_stored_under_its_name(store) -> None:
    rec = make_record(
        '"The bridge will reopen," said Ann Lee.',
        id="bridge-reopens",
        entities=[{"name": "Ann Lee", "type": "PERSON", "mentions": ["Ann Lee"]}],
        quotes=[{"speaker": 0, "content": "The bridge will reopen", "cue": "said"}],
    )
    write_articles(store, [rec])
    (art,) = query.list_articles(store)
    assert art["title"] == "bridge reopens"


def test_updated_lines_and_datelines_fill_published() -> None:
    assert dated_in_text("Harbour row\n\nUpdated: July 21, 2017 10:02 GMT\n\nText.") == "2017-07-21"
    assert dated_in_text("NORTHTOWN, 3 March 2020 - The council met.") == "2020-03-03"
    assert dated_in_text("Published on 2021-11-02\n\nText.") == "2021-11-02"
    assert dated_in_text("She said on March 3, 2020 that it was late.") is None  # no marker
    meta = text_meta("Harbour row\n\nNORTHTOWN, 3 March 2020 - The council met.\n\nMore text.")
    assert meta == {"title": "Harbour row", "published": "2020-03-03"}
