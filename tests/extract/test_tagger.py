"""How the tagger's contents meet the quotation marks (``extract.tagger.snap_to_quotes``)."""

from __future__ import annotations

import pytest

from saidwhat.extract.quotemarks import find_quoted
from saidwhat.extract.tagger import snap_to_quotes

TEXT = '"It is a heavy burden. The post is fatal. But we want another," Mirziyoyev said.\n'


def _span(words: str) -> tuple[int, int]:
    return TEXT.index(words), TEXT.index(words) + len(words)


@pytest.mark.issue(16)
def test_a_content_that_ends_a_passage_takes_the_passage_of_its_paragraph() -> None:
    quoted, _ = find_quoted(TEXT)
    s, e = _span('But we want another,"')
    assert snap_to_quotes(TEXT, s, e, quoted) == (0, e)


@pytest.mark.issue(16)
def test_a_content_that_ends_a_passage_does_not_take_another_statements_words() -> None:
    quoted, _ = find_quoted(TEXT)
    s, e = _span('But we want another,"')
    other = _span("The post is fatal.")
    assert snap_to_quotes(TEXT, s, e, quoted, taken=[other]) == (s, e)


@pytest.mark.issue(16)
def test_a_passage_over_paragraphs_gives_the_content_its_own_paragraph_only() -> None:
    text = '"I am tired. Listen to me.\n\n"I may hold a forum. Should I?" he said.\n'
    quoted, _ = find_quoted(text)
    s = text.index("Should I?")
    e = text.index(" he said")
    start = text.index('"I may')
    assert snap_to_quotes(text, s, e, quoted) == (start, e)


@pytest.mark.issue(16)
def test_a_content_that_is_only_the_opening_mark_takes_the_passage() -> None:
    # the cue's paragraph ends with a comma; the quotation runs over the next two
    # paragraphs, the second not re-opened
    text = (
        "Rafe Cole told a magazine,\n\n“I have an incredible manager. She helped me.\n\n"
        "She is someone who supports me.”\n\nThey met in 2009.\n"
    )
    quoted, _ = find_quoted(text)
    s = text.index("“")
    assert snap_to_quotes(text, s, s + 1, quoted) == (s, text.index("”") + 1)


def test_a_quotation_after_a_cue_ending_its_paragraph_is_found() -> None:
    from saidwhat import extract

    text = (
        "Singer thanks manager\n\nThe singer praised his manager on Monday.\n\nRafe Cole "
        "told a magazine,\n\n“I have an incredible partner and manager. She has helped me "
        "through the hardest times.\n\nShe is someone who has been able to support me.”\n\n"
        "The couple met in 2009.\n"
    )
    quotes = extract(text).quotes
    # the quotation's second paragraph, closed at its end, is his too (one entry a
    # paragraph)
    assert [q.speaker.name if q.speaker else None for q in quotes] == ["Rafe Cole"] * 2
    assert quotes[1].contents[0].text.startswith("She is someone")
