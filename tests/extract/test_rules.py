"""Rule-found attributions (saidwhat.extract.rules) on hand-made excerpts."""

from __future__ import annotations

import pytest

from saidwhat import extract
from saidwhat.engine import get_engine
from saidwhat.extract.quotemarks import find_quoted
from saidwhat.extract.rules import find_punctuation_attributions


def _punct(text: str) -> list[tuple[str, list[str], list[str]]]:
    doc = get_engine().nlp(text)
    quoted, _ = find_quoted(text)
    return [
        (
            text[a.cue[0] : a.cue[1]] if a.cue else "",
            [text[s:e] for s, e in a.sources],
            [text[s:e] for s, e in a.contents],
        )
        for a in find_punctuation_attributions(doc, quoted)
    ]


def test_a_dash_after_a_quotation_names_its_speaker() -> None:
    text = (
        "“He represents our greatest shame.” ― Maria Lopez\n"
        "“We work hard and pay our taxes.”\u00a0— Tom Baker.\n"
    )
    assert _punct(text) == [
        ("―", ["Maria Lopez"], ["He represents our greatest shame."]),
        ("—", ["Tom Baker"], ["We work hard and pay our taxes."]),
    ]


def test_a_colon_after_a_name_opening_a_line_is_an_attribution() -> None:
    text = (
        "Clinton: The Debate Will Go Ahead as Planned on Sunday\n\n"
        "SMITH: Let us start with the news of the day.\n"
    )
    found = _punct(text)
    assert [(cue, src) for cue, src, _ in found] == [(":", ["Clinton"]), (":", ["SMITH"])]
    assert found[0][2] == ["The Debate Will Go Ahead as Planned on Sunday"]


@pytest.mark.parametrize(
    "text",
    [
        "Partial transcript as follows: the rest of it comes below today.",  # no name
        "Note: the figures were revised on Monday by the agency.",  # a common noun
        "The plan is simple — Maria Lopez will lead it.",  # a dash with no quotation
        "At 10:30 the meeting started in the old town hall.",  # a time
    ],
)
def test_punctuation_without_a_speaker_label_is_not_an_attribution(text: str) -> None:
    assert _punct(text) == []


def test_dash_attributions_reach_the_output_with_the_speaker_resolved() -> None:
    result = extract("“Nobody asked us what we wanted.” ― Maria Lopez\n")
    dashed = [q for q in result.quotes if q.cue is not None and q.cue.text == "―"]
    assert len(dashed) == 1
    assert [c.text for c in dashed[0].contents] == ["Nobody asked us what we wanted."]
    speaker = dashed[0].speaker
    assert speaker is not None and speaker.name == "Maria Lopez"


@pytest.mark.issue(16)
def test_a_reporting_participle_after_the_cue_speaks_for_the_same_subject() -> None:
    from saidwhat.extract.rules import find_attributions

    text = (
        "“There is so much exposure,” said Dr. Anna Berg from the health department, "
        "adding restaurants and bars are spreading the virus."
    )
    doc = get_engine().nlp(text)
    found = list(find_attributions(doc, find_quoted(text)[0], strict=True))
    adding = [a for a in found if a.cue and text[slice(*a.cue)] == "adding"]
    assert len(adding) == 1
    assert text[slice(*adding[0].sources[0])].startswith("Dr. Anna Berg")
    # a participle before the verb frames the statement: no statement of its own
    text2 = "Responding to the criticism, the ministry said that the letter was misread."
    doc2 = get_engine().nlp(text2)
    cues = [text2[slice(*a.cue)] for a in find_attributions(doc2, [], strict=True) if a.cue]
    assert cues == ["said"]


def test_a_statement_noun_whose_clause_the_parser_hung_elsewhere() -> None:
    # "accusations from X, the minister for Y, that …": the clause opens right after
    # the author's words, though the parser hangs it on the verb of the sentence
    from saidwhat import extract

    text = (
        "The envoy was summoned after accusations earlier this week from Lena Varga, "
        "Poldavia's minister for trade, that the election campaign was behind the delay."
    )
    said = extract(text).quotes
    assert [(q.cue.text, q.speaker.name if q.speaker else None) for q in said] == [
        ("accusations", "Lena Varga")
    ]
    assert said[0].contents[0].text == "the election campaign was behind the delay"


def test_an_unclosed_quotation_ending_in_its_attribution_is_attributed() -> None:
    from saidwhat import extract

    # the closing mark left out before ", Police Spokesperson X has said."
    text = (
        "Police reject claims\n\nPolice have rejected claims by the opposition.\n\n“Security "
        "is paramount and attempts by Mr. Banda and his team to compromise it were "
        "unacceptable, Police Spokesperson Mary Tembo has said.\n\nThe rally was cancelled.\n"
    )
    quotes = extract(text).quotes
    q = next(q for q in quotes if "paramount" in text[q.contents[0].start : q.contents[0].end])
    assert q.speaker is not None and q.speaker.name == "Mary Tembo"
    assert "Tembo" not in text[q.contents[0].start : q.contents[0].end]


def test_a_cue_inside_an_unclosed_quotation_that_goes_on_is_still_quoted_words() -> None:
    from saidwhat import extract

    text = (
        "Councillor explains\n\nHe also outlined his position on calls from the public, "
        "Councillor Tom Byrne said.\n\n“Outside office hours, I answered calls from the "
        "public whenever we were contacted. Over Christmas I received several calls and I "
        "responded to them.\n"
    )
    quotes = extract(text).quotes
    assert all(q.speaker is None or q.speaker.name != "I" for q in quotes)


def test_the_one_quoted_as_saying_is_the_speaker_not_the_report_around_it() -> None:
    # "X was quoted (by Y) as saying": the participle's subject is the passive's, X;
    # the "according to" after it only says where the words were found
    text = (
        "The lawyer Mary Stone said the judge had misled the jury.\n\n"
        '"Those men were not soft. They carried guns for a living," Judge Peter Lang was '
        "quoted as saying, according to transcripts from the trial."
    )
    quotes = extract(text).quotes
    (q,) = [q for q in quotes if q.contents[0].text.startswith("Those men")]
    assert q.speaker is not None and q.speaker.name == "Peter Lang"


def test_an_unclosed_quotation_whose_cue_s_source_opens_before_it_has_no_words() -> None:
    # found by the property test: "” the“ added" (a ” read as an opening mark, the cue's
    # subject before the second quotation) made a span that ends before it starts
    assert extract("” the“ added").quotes == ()
