"""The speaker page's duplicate suggestions and token-gated merge/split in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import TOKEN, serve_app
from .test_corrections import _art


@pytest.fixture()
def token_server(tmp_path: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """A server with a token over its own store holding three Massouds."""
    from saidwhat.store import query
    from saidwhat.web.app import create_app
    from saidwhat.web.queries import open_store, write

    store = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    for rec in (
        _art("a1", "Ahmad Massoud", "We fight on", "NRF spokesman"),
        _art("a2", "Ahmed Massoud", "Talks failed", "NRF leader"),
        _art("a3", "Karim Massoud", "The valley holds", "farmer"),
    ):
        write(store, rec)
    ids = {s["name"]: s["id"] for s in query.list_speakers(store)}
    with serve_app(create_app(store, token=TOKEN)) as url:
        yield url, ids


def test_merge_a_suggested_duplicate_then_split_it_off(browser: Any, token_server: Any) -> None:
    base, ids = token_server
    context = browser.new_context(base_url=base)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    me = ids["Ahmad Massoud"]
    page.goto(f"/speakers/{me}")
    dup = page.locator(f"#duplicates li.duplicate[data-speaker='{ids['Ahmed Massoud']}']")
    assert "variant given name" in dup.inner_text()
    # a wrong token: the error page, nothing merged
    dup.locator("input[name=token]").fill("not-the-token-0123456789")
    dup.locator("button").click()
    page.wait_for_load_state()
    assert "[E052]" in page.content()
    errors.clear()  # the browser logs the 401 itself
    page.goto(f"/speakers/{me}")
    dup = page.locator(f"#duplicates li.duplicate[data-speaker='{ids['Ahmed Massoud']}']")
    dup.locator("input[name=token]").fill(TOKEN)
    dup.locator("button").click()
    page.wait_for_url(f"**/speakers/{me}")
    assert "2 statements" in page.inner_text(".facts")
    assert page.locator(f"li.duplicate[data-speaker='{ids['Ahmed Massoud']}']").count() == 0
    # split the misspelling off again
    form = page.locator("form.split")
    form.locator("input[value='Ahmed Massoud']").check()
    form.locator("input[name=token]").fill(TOKEN)
    form.locator("button").click()
    page.wait_for_url("**/speakers/*")
    assert page.inner_text("h1") == "Ahmed Massoud"
    assert errors == []
    context.close()


def test_the_form_fits_a_narrow_screen(browser: Any, token_server: Any) -> None:
    base, ids = token_server
    context = browser.new_context(base_url=base, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"/speakers/{ids['Ahmad Massoud']}")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
    context.close()
