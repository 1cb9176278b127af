"""Span helpers shared by the taggers and the rules (saidwhat.extract.attributions)."""

from __future__ import annotations

import pytest

from saidwhat.extract.attributions import Attribution, tidy_sources


def _tidy(text: str, source: str) -> str:
    start = text.index(source)
    att = Attribution(cue=None, sources=[(start, start + len(source))])
    tidy_sources(text, [att])
    ((s, e),) = att.sources
    return text[s:e]


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        # the party label after a name belongs to the source
        ("Sen. Rand Paul (R-Ky.) said no.", "Sen. Rand Paul", "Sen. Rand Paul (R-Ky.)"),
        ("Sen. Rand Paul (R-Ky.) said no.", "Sen. Rand Paul (R-Ky", "Sen. Rand Paul (R-Ky.)"),
        ("Rep. Ann Lee (D-Calif.) said it.", "Rep. Ann Lee (D-Calif.)", "Rep. Ann Lee (D-Calif.)"),
        # a relative pronoun or auxiliary the tagger ran on into does not
        ("Trump, who spoke Monday, said so.", "Trump, who", "Trump"),
        ("Clinton has said so.", "Clinton has", "Clinton"),
        # other parentheses and plain names are left alone
        ("Ann Lee (pictured) said so.", "Ann Lee", "Ann Lee"),
        ("The Who said so.", "The Who", "The Who"),
    ],
)
def test_tidy_sources(text: str, source: str, expected: str) -> None:
    assert _tidy(text, source) == expected


def _cue(text: str, cue: str, content: str | None = None, source: str | None = None):  # type: ignore[no-untyped-def]
    from saidwhat.extract.attributions import tidy_cues

    start = text.index(cue)
    att = Attribution(cue=(start, start + len(cue)))
    if content is not None:
        c = text.index(content)
        att.contents = [(c, c + len(content))]
    if source is not None:
        s = text.index(source)
        att.sources = [(s, s + len(source))]
    tidy_cues(text, [att])
    assert att.cue is not None
    return text[att.cue[0] : att.cue[1]], [text[s:e] for s, e in att.contents]


def test_tidy_cues_take_in_auxiliaries_and_for_about_with() -> None:
    text = "Trump has said it was rigged."
    assert _cue(text, "said", "it was rigged", "Trump") == ("has said", ["it was rigged"])
    text = "She was quoted as saying no."
    assert _cue(text, "quoted")[0] == "was quoted"
    text = "Sanders called for an end to the war."
    # the preposition leaves the content it opened
    assert _cue(text, "called", "for an end to the war") == ("called for", ["an end to the war"])
    text = "He talked about the deal."
    assert _cue(text, "talked", "the deal")[0] == "talked about"


def test_tidy_cues_leave_sources_and_other_prepositions_alone() -> None:
    # "to" stays out: PolNeAR leaves it out more often than not
    assert _cue("He pointed to the deficit.", "pointed")[0] == "pointed"
    # an auxiliary inside the source is the source's
    text = "Those who have said so were wrong."
    assert _cue(text, "said", source="Those who have")[0] == "said"


def test_tidy_cues_keep_a_content_before_the_cue_unchanged() -> None:
    text = "“We will win,” he said for the third time."
    _, contents = _cue(text, "said", "We will win")
    assert contents == ["We will win"]


@pytest.mark.issue(16)
def test_a_reported_clause_cut_before_its_verb_runs_to_the_end_of_the_complement() -> None:
    from saidwhat.engine import get_engine
    from saidwhat.extract.attributions import complete_clauses

    text = (
        "Shares fell after the company announced that sales for its second quarter, which "
        "ends in June, could be ten percent lower."
    )
    doc = get_engine().nlp(text)
    cue, s = text.index("announced"), text.index("that sales")
    cut = Attribution(cue=(cue, cue + 9), contents=[(s, text.index(", which"))])
    whole = Attribution(cue=(cue, cue + 9), contents=[(s, len(text) - 1)])
    complete_clauses(doc, [cut, whole])
    assert text[slice(*cut.contents[0])].endswith("could be ten percent lower")
    assert whole.contents == [(s, len(text) - 1)]


def test_a_whole_clause_or_a_noun_phrase_is_left_as_it_is() -> None:
    from saidwhat.engine import get_engine
    from saidwhat.extract.attributions import complete_clauses

    text = "The mayor announced a new budget for the city, which was welcomed."
    doc = get_engine().nlp(text)
    cue, s = text.index("announced"), text.index("a new budget")
    att = Attribution(cue=(cue, cue + 9), contents=[(s, text.index(", which"))])
    complete_clauses(doc, [att])
    assert att.contents == [(s, text.index(", which"))]


@pytest.mark.issue(16)
def test_the_statement_named_between_cue_and_that_clause_is_where_it_was_said() -> None:
    from saidwhat.engine import get_engine
    from saidwhat.extract.attributions import medium_contents

    text = (
        "Chief executive Jo Reed commented in the press release that delays in tenders are "
        "the main reason for the weak sales."
    )
    doc = get_engine().nlp(text)
    cue, s = text.index("commented in"), text.index("the press release")
    att = Attribution(cue=(cue, cue + 12), contents=[(s, len(text) - 1)])
    medium_contents(doc, [att])
    assert text[slice(*att.contents[0])].startswith("that delays in tenders")
    # a that-clause on any other noun is left alone
    text2 = "The minister welcomed the report that the panel released on Monday."
    doc2 = get_engine().nlp(text2)
    s2 = text2.index("the report")
    other = Attribution(cue=(4, 12), contents=[(s2, len(text2) - 1)])
    medium_contents(doc2, [other])
    assert other.contents == [(s2, len(text2) - 1)]
