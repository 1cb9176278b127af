"""Which reported attributions are statements (``extract.speech``)."""

from __future__ import annotations

import pytest

from saidwhat.engine import get_engine
from saidwhat.extract.attributions import Attribution
from saidwhat.extract.speech import is_statement


def _attribution(text: str, cue: str, content: str) -> tuple[object, Attribution]:
    doc = get_engine().nlp(text)
    c, k = text.index(cue), text.index(content)
    return doc, Attribution(cue=(c, c + len(cue)), contents=[(k, k + len(content))])


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("cue", "expected"), [("are", False), ("are saying", True), ("said", True)]
)
def test_an_auxiliary_alone_reports_nothing(cue: str, expected: bool) -> None:
    text = f"The plan was doubted by critics who {cue} that the council had deflected the blame."
    doc, att = _attribution(text, cue, "that the council had deflected the blame")
    assert is_statement(doc, att) is expected  # type: ignore[arg-type]


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("text", "cue", "content", "expected"),
    [
        # what the words were about, the preposition inside or outside the content
        (
            "Referring to the old ties between the two nations, he smiled.",
            "Referring",
            "to the old ties between the two nations",
            False,
        ),
        (
            "The paper reported on the remarks of the minister.",
            "reported on",
            "the remarks of the minister",
            False,
        ),
        ("The minister said that the ties were old.", "said", "that the ties were old", True),
    ],
)
def test_a_topic_is_not_what_was_said(text: str, cue: str, content: str, expected: bool) -> None:
    doc, att = _attribution(text, cue, content)
    # even where the tagger's learned cue lexicon holds the verb as a speech cue
    sure = {"refer": 0.9, "report": 0.9, "say": 0.9}
    assert is_statement(doc, att, sure) is expected  # type: ignore[arg-type]


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("text", "cue", "content", "expected"),
    [
        # a bare noun phrase for object: an act, not words
        ("The mayor announced his resignation on Friday.", "announced", "his resignation", False),
        ("She praised the hardworking nurses.", "praised", "the hardworking nurses", False),
        ("The police chief confirmed the incident.", "confirmed", "the incident", False),
        # what was denied, claimed or charged is what was said
        ("He denied the allegations.", "denied", "the allegations", True),
        ("The minister accused the rebels of lying.", "accused", "the rebels of lying", True),
        # a clause, even one the parser leaves without a subject, is words
        ("The mayor announced that he would resign.", "announced", "that he would resign", True),
        ("He confirmed the talks had failed.", "confirmed", "the talks had failed", True),
        ('She praised the "tireless" nurses.', "praised", 'the "tireless" nurses', True),
    ],
)
def test_a_noun_phrase_object_is_an_act(text: str, cue: str, content: str, expected: bool) -> None:
    doc, att = _attribution(text, cue, content)
    assert is_statement(doc, att) is expected  # type: ignore[arg-type]
    # PolNeAR counts them as attributions: its gates keep them
    assert is_statement(doc, att, noun_phrases=True) is True  # type: ignore[arg-type]


@pytest.mark.issue(16)
def test_a_statement_with_an_addressee_and_a_clause_is_words() -> None:
    text = "Dr Lee told the conference in Geneva that the outbreak had slowed."
    doc = get_engine().nlp(text)
    spans = [
        (text.index(s), text.index(s) + len(s))
        for s in ("the conference in Geneva", "that the outbreak had slowed")
    ]
    c = text.index("told")
    att = Attribution(cue=(c, c + 4), contents=spans)
    assert is_statement(doc, att) is True  # type: ignore[arg-type]


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("text", "cue", "content", "expected"),
    [
        # somebody judged for something: a predicative act
        (
            "The magistrate rebuked the counsel for tendering fake evidence.",
            "rebuked",
            "the counsel for tendering fake evidence",
            False,
        ),
        ("She praised the nurses for their work.", "praised", "the nurses for their work", False),
        # a charge is what was said
        ("He blamed the rebels for the attack.", "blamed", "the rebels for the attack", True),
        # a clause the parser read as an object with "for"
        (
            "He stressed their profits for 2015 have not come from fuel prices.",
            "stressed",
            "their profits for 2015 have not come from fuel prices",
            True,
        ),
        (
            "She thanked them for saying that aid would come.",
            "thanked",
            "that aid would come",
            True,
        ),
    ],
)
def test_a_judgement_of_somebody_is_an_act(
    text: str, cue: str, content: str, expected: bool
) -> None:
    doc, att = _attribution(text, cue, content)
    # even where the tagger's learned cue lexicon holds the verb as a speech cue
    sure = {"rebuke": 0.9, "praise": 0.9, "blame": 0.9, "thank": 0.9}
    assert is_statement(doc, att, sure) is expected  # type: ignore[arg-type]
    assert is_statement(doc, att, sure, noun_phrases=True) is True  # type: ignore[arg-type]


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("text", "cue", "content", "expected"),
    [
        # a relative clause on the object is no proposition
        (
            "The chief addressed rumors Friday that have circulated all week in town.",
            "addressed rumors",
            "that have circulated all week in town",
            False,
        ),
        (
            "The chief addressed claims that the officers had been arrested.",
            "addressed claims",
            "that the officers had been arrested",
            True,
        ),
    ],
)
def test_a_relative_clause_is_not_what_was_said(
    text: str, cue: str, content: str, expected: bool
) -> None:
    doc, att = _attribution(text, cue, content)
    assert is_statement(doc, att) is expected  # type: ignore[arg-type]


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("text", "cue", "content", "expected"),
    [
        # what somebody expects, with a subject of its own, is what they believe
        (
            "The chief executive said sales fell; he expects this to be a difficulty all year.",
            "expects",
            "this to be a difficulty all year",
            True,
        ),
        # what is expected of somebody, or to do, is no statement
        (
            "Earnings are expected to miss the forecast.",
            "are expected",
            "to miss the forecast",
            False,
        ),
        ("The company expects to hire staff.", "expects", "to hire staff", False),
    ],
)
def test_an_expectation_with_its_own_subject_is_a_belief(
    text: str, cue: str, content: str, expected: bool
) -> None:
    doc, att = _attribution(text, cue, content)
    assert is_statement(doc, att) is expected  # type: ignore[arg-type]
