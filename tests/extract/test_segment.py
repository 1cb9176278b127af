"""Line breaks and datelines (saidwhat.extract.segment)."""

from __future__ import annotations

import pytest

from saidwhat import extract
from saidwhat.extract.segment import dateline_end


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("MOSCOW, March 4 (TASS) - Talks are off.", "Talks are off."),
        ("LIMA, June 3 (AFP) — At least 40 died.", "At least 40 died."),
        ("ISLAMABAD: Prime Minister X said.", "Prime Minister X said."),
        ("Geneva (Reuters) - The agency said.", "The agency said."),
        ("(Reuters) -Acme shares fell.", "Acme shares fell."),
        ("(AP) — The agency said.", "The agency said."),
        ("Barcelona (ACN).- The strike will go ahead.", "The strike will go ahead."),
        ("(Laughs) I said no.", "(Laughs) I said no."),
        ("US President X said.", "US President X said."),
        ("Talks - again - failed.", "Talks - again - failed."),
    ],
)
def test_dateline_end_skips_a_dateline_and_nothing_else(text: str, rest: str) -> None:
    assert text[dateline_end(text, 0) :] == rest


def test_a_dateline_only_opens_a_paragraph() -> None:
    text = "He said: ISLAMABAD: no."
    assert dateline_end(text, 9) == 9


def test_a_statement_never_starts_with_the_dateline() -> None:
    text = (
        "Talks off, says Kremlin\n\n"
        "MOSCOW, March 4 (TASS) - Talks with Kyiv are not on the agenda, Kremlin "
        "spokesman Dmitry Peskov told reporters on Monday."
    )
    contents = [text[c.start : c.end] for q in extract(text).quotes for c in q.contents]
    assert any(c.startswith("Talks with Kyiv") for c in contents)
    assert not any("MOSCOW" in c for c in contents)


def test_a_dateline_with_its_country_is_a_dateline() -> None:
    text = "DHAKA, Bangladesh — Police arrested him."
    assert text[dateline_end(text, 0) :] == "Police arrested him."


def test_a_hyphen_glued_to_a_capitalised_word_is_a_token_of_its_own() -> None:
    from saidwhat import config, engine

    nlp = engine.load_nlp(config.defaults()["nlp"]["model"])
    words = [t.text for t in nlp("(Reuters) -Acme shares fell; Al-Shabab, x-ray, -5, T-Mobile.")]
    assert words[3:5] == ["-", "Acme"]
    assert "-5" in words  # a negative number keeps its sign
    assert "Shabab" in words and "-Shabab" not in words


def test_a_quote_mark_glued_to_the_next_word_is_a_token_of_its_own() -> None:
    from saidwhat import config, engine

    nlp = engine.load_nlp(config.defaults()["nlp"]["model"])
    words = [t.text for t in nlp('to local agencies,"said Flor Gavilan. He said,"no. U.S. aid')]
    assert words[2:6] == ["agencies", ",", '"', "said"]
    assert words[9:13] == ["He", "said", ",", '"']
    assert "U.S." in words  # abbreviations keep their stops


def test_a_quote_glued_to_its_cue_is_attributed() -> None:
    text = (
        'Typhoon nears\n\n"We are advising people to secure their homes," Mario Montero '
        'said.\n\n"We sent advisories to local agencies,"said Flor Gavilan, a regional '
        "disaster official."
    )
    speakers = [q.speaker.name if q.speaker else None for q in extract(text).quotes]
    assert speakers == ["Mario Montero", "Flor Gavilan"]


def test_a_source_never_starts_with_the_dateline() -> None:
    text = (
        "Qorvane shares slide\n\n"
        "(Reuters) -Qorvane shares plunged on Monday after the chemical maker placed its "
        "chief executive on leave and said it was reviewing its accounts."
    )
    sources = [text[s.start : s.end] for q in extract(text).quotes for s in q.sources]
    names = [q.speaker.name for q in extract(text).quotes if q.speaker is not None]
    assert sources, "the statement is found"
    assert not any("Reuters" in s for s in sources + names)


def test_line_breaks_start_sentences_after_whitespace_runs_and_refuse_a_parsed_doc() -> None:
    """The starts are written at once: after every whitespace token holding a line
    break (however many whitespace tokens follow), never at the end, and a parsed
    document is refused as ``Token.is_sent_start`` refuses it (E043)."""
    import pytest
    import spacy

    from saidwhat.extract.segment import line_breaks

    nlp = spacy.blank("en")
    doc = nlp("Headline here\n\n  Body one. Body two \n Next line\n")
    got = line_breaks(doc)
    assert [t.text for t in got if t.is_sent_start] == ["Headline", "Body", "Next"]
    assert [t.is_sent_start for t in got][1:3] == [None, None]  # the rest left unknown
    parsed = nlp("A line\nanother")
    parsed[1].dep_ = "dobj"
    with pytest.raises(ValueError, match="E043"):
        line_breaks(parsed)


def test_a_dateline_may_name_its_agency_without_brackets() -> None:
    text = "PORT LOUIS, Mauritius, CMC – The court said."
    assert text[dateline_end(text, 0) :] == "The court said."
