from __future__ import annotations

import pytest

from saidwhat.extract.quotemarks import find_quoted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “we will win” today.", ["“we will win”"]),
        ('"Go home," she said.', ['"Go home,"']),
        ("« Non », dit-il.", ["« Non »"]),
        ("“First para.\n\n“Second para,” he said.", ["“First para.\n\n“Second para,”"]),
    ],
)
def test_quotemarks_finds_balanced_quotes(text: str, expected: list[str]) -> None:
    spans, warnings = find_quoted(text)
    assert [text[s.start : s.end] for s in spans] == expected
    assert warnings == []


def test_quotemarks_unbalanced_quote_warns_and_keeps_the_rest() -> None:
    text = "A stray ” mark. Then “an open quote that never closes.\n\nLater “a good one” here."
    spans, warnings = find_quoted(text)
    assert any(text[s.start : s.end] == "“a good one”" for s in spans)
    assert len(warnings) == 2
    assert all(w.startswith("[W001]") for w in warnings)


@pytest.mark.issue(16)
def test_guillemets_nest_inside_a_guillemet_quote() -> None:
    text = (
        "«It is a heavy burden. They keep to the «divide and rule» position. "
        "But we want another,» the president said. Then «yes»."
    )
    spans, warnings = find_quoted(text)
    assert [text[q.start : q.end] for q in spans] == [
        "«It is a heavy burden. They keep to the «divide and rule» position. But we want another,»",
        "«yes»",
    ]
    assert warnings == []


@pytest.mark.issue(16)
def test_a_quote_reopened_after_a_sentence_in_one_paragraph_keeps_its_first_passage() -> None:
    text = (
        "Bans said: “Letters were sent to the MEC. He was asked to act. “Bredell still has "
        "to act. He is slow.”\n"
    )
    spans, warnings = find_quoted(text)
    passages = [text[s.start : s.end] for s in spans]
    assert passages == [
        "“Letters were sent to the MEC. He was asked to act.",
        "“Bredell still has to act. He is slow.”",
    ]
    assert not spans[0].closed and spans[1].closed
    assert warnings  # the left-out closing mark is still reported


@pytest.mark.issue(16)
def test_a_curly_mark_of_the_wrong_shape_is_read_by_where_it_stands() -> None:
    # a ” opening a paragraph opens; a “ before a space closes the open quotation
    text = "The minister argued for it.\n\n”The fact is that it works. People should go.”\n"
    spans, _ = find_quoted(text)
    assert [text[slice(*s.inner)] for s in spans] == [
        "The fact is that it works. People should go."
    ]
    text2 = "He said “the talks are being held, “ adding that the prime minister should come."
    spans2, _ = find_quoted(text2)
    assert [text2[slice(*s.inner)] for s in spans2] == ["the talks are being held, "]
