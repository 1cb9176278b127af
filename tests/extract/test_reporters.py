"""Reporters are not speakers (saidwhat.extract.reporters), on parses built by hand."""

from __future__ import annotations

from spacy.lang.en import English
from spacy.tokens import Doc

from saidwhat.extract.attributions import Attribution
from saidwhat.extract.reporters import inner_speaker

Row = tuple[str, str, str, int, str, str]


def _doc(rows: list[Row]) -> Doc:
    """A parsed document from rows of (word, pos, dep, head, lemma, entity IOB tag); a
    space after every word but before "'s", "," and "."."""
    glued = ("'s", ",", ".")
    return Doc(
        English().vocab,
        words=[r[0] for r in rows],
        spaces=[i + 1 < len(rows) and rows[i + 1][0] not in glued for i in range(len(rows))],
        pos=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        heads=[r[3] for r in rows],
        lemmas=[r[4] for r in rows],
        ents=[r[5] for r in rows],
    )


def _at(text: str, words: str) -> tuple[int, int]:
    s = text.index(words)
    return s, s + len(words)


def test_of_two_subjects_the_name_speaks_words_given_to_according_to() -> None:
    # "Spain's minister Ines Varela told parliament that there was no confirmation,
    # according to media reports", parsed with two subjects of "told": the role and the
    # name; the words are Varela's, the reports their reporter
    rows = [
        ("Spain", "PROPN", "poss", 2, "Spain", "B-GPE"),
        ("'s", "PART", "case", 0, "'s", "O"),
        ("minister", "NOUN", "nsubj", 5, "minister", "O"),
        ("Ines", "PROPN", "compound", 4, "Ines", "B-PERSON"),
        ("Varela", "PROPN", "nsubj", 5, "Varela", "I-PERSON"),
        ("told", "VERB", "ROOT", 5, "tell", "O"),
        ("parliament", "NOUN", "dobj", 5, "parliament", "O"),
        ("that", "SCONJ", "mark", 9, "that", "O"),
        ("there", "PRON", "expl", 9, "there", "O"),
        ("was", "AUX", "ccomp", 5, "be", "O"),
        ("no", "DET", "det", 11, "no", "O"),
        ("confirmation", "NOUN", "attr", 9, "confirmation", "O"),
        (",", "PUNCT", "punct", 5, ",", "O"),
        ("according", "VERB", "prep", 5, "accord", "O"),
        ("to", "ADP", "prep", 13, "to", "O"),
        ("media", "NOUN", "compound", 16, "medium", "O"),
        ("reports", "NOUN", "pobj", 14, "report", "O"),
        (".", "PUNCT", "punct", 5, ".", "O"),
    ]
    doc = _doc(rows)
    text = doc.text
    a = Attribution(
        cue=_at(text, "according to"),
        sources=[_at(text, "media reports")],
        contents=[(0, text.index(","))],
    )
    (b,) = inner_speaker(doc, [a], text)
    assert b.cue == _at(text, "told")
    assert [text[s:e] for s, e in b.sources] == ["Ines Varela"]
    assert b.via == _at(text, "media reports")


def test_what_somebody_did_not_say_inside_a_report_stays_the_reporters() -> None:
    # "Miners had not said they were happy, Mokoena told the agency": no statement of
    # the miners, reported by Mokoena; Mokoena's own
    rows = [
        ("Miners", "NOUN", "nsubj", 3, "miner", "O"),
        ("had", "AUX", "aux", 3, "have", "O"),
        ("not", "PART", "neg", 3, "not", "O"),
        ("said", "VERB", "ccomp", 9, "say", "O"),
        ("they", "PRON", "nsubj", 5, "they", "O"),
        ("were", "AUX", "ccomp", 3, "be", "O"),
        ("happy", "ADJ", "acomp", 5, "happy", "O"),
        (",", "PUNCT", "punct", 9, ",", "O"),
        ("Mokoena", "PROPN", "nsubj", 9, "Mokoena", "O"),
        ("told", "VERB", "ROOT", 9, "tell", "O"),
        ("the", "DET", "det", 11, "the", "O"),
        ("agency", "NOUN", "dobj", 9, "agency", "O"),
        (".", "PUNCT", "punct", 9, ".", "O"),
    ]
    doc = _doc(rows)
    text = doc.text
    a = Attribution(
        cue=_at(text, "told"),
        sources=[_at(text, "Mokoena")],
        contents=[(0, text.index(","))],
    )
    (b,) = inner_speaker(doc, [a], text)
    assert b.cue == _at(text, "told")
    assert [text[s:e] for s, e in b.sources] == ["Mokoena"]


def test_a_speaker_with_a_quotation_inside_an_agencys_report_is_the_speaker() -> None:
    from saidwhat import extract

    text = (
        "Minister hits back\n\nThe row over the remarks grew on Sunday.\n\n"
        "Responding to Kumari's remarks against his cabinet, Chief Minister Rajan Verma "
        'stated, "I did not see this coming... if anyone throws mud at the sky, then it '
        'lands on their own face," PTI reported.\n'
    )
    (q,) = extract(text).quotes
    assert q.speaker is not None and q.speaker.name == "Rajan Verma"
    assert q.contents[0].text.startswith('"I did not see this coming')
    assert q.reported_by is not None and q.reported_by.source is not None
    assert q.reported_by.source.text == "PTI"
