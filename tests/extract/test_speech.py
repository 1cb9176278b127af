"""Which reported attributions are statements (``extract.speech``)."""

from __future__ import annotations

import pytest

from saidwhat import extract
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


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("text", "cue", "content", "expected"),
    [
        # a sentence-opening "Asked whether …" that the tagger reads as a past tense
        (
            "Police were criticised after the attack on Friday.\n\nWhen asked why officers "
            'were unable to prevent the attack on the bridge, the police chief said: "We '
            'will review everything."\n\nAsked whether he had spoken to the minister, Mr '
            "Kelly said he had not.\n",
            "Asked",
            "whether he had spoken to the minister",
            False,
        ),
        # a finite "asked" with its own subject reports a question somebody put
        (
            "The senator asked whether the agency had read the report.",
            "asked",
            "whether the agency had read the report",
            True,
        ),
    ],
)
def test_a_question_put_to_the_speaker_is_not_their_statement(
    text: str, cue: str, content: str, expected: bool
) -> None:
    doc, att = _attribution(text, cue, content)
    root = doc.char_span(*att.cue).root  # type: ignore[attr-defined]
    assert expected or root.tag_ == "VBD"  # the tagger's reading this rule is for
    assert is_statement(doc, att) is expected  # type: ignore[arg-type]


@pytest.mark.issue(16)
@pytest.mark.parametrize("opening", ["When", ""])
def test_a_question_put_after_when_is_not_a_statement_either(opening: str) -> None:
    """The tagger's past-tense reading of "(When) asked why …, the chief said", built as
    a parse: the words before the cue are only its own adverbs."""
    from spacy.tokens import Doc

    rows = [
        ("When", "WRB", "ADV", "advmod", 1, "when"),
        ("asked", "VBD", "VERB", "advcl", 8, "ask"),
        ("why", "WRB", "ADV", "advmod", 4, "why"),
        ("officers", "NNS", "NOUN", "nsubj", 4, "officer"),
        ("failed", "VBD", "VERB", "ccomp", 1, "fail"),
        (",", ",", "PUNCT", "punct", 8, ","),
        ("the", "DT", "DET", "det", 7, "the"),
        ("chief", "NN", "NOUN", "nsubj", 8, "chief"),
        ("said", "VBD", "VERB", "ROOT", 8, "say"),
        ("it", "PRP", "PRON", "nsubj", 10, "it"),
        ("was", "VBD", "AUX", "ccomp", 8, "be"),
        ("hard", "JJ", "ADJ", "acomp", 10, "hard"),
        (".", ".", "PUNCT", "punct", 8, "."),
    ]
    if not opening:
        rows = [(w, tag, pos, dep, h - 1, lem) for w, tag, pos, dep, h, lem in rows[1:]]
        rows[0] = ("Asked", *rows[0][1:])
    words = [r[0] for r in rows]
    doc = Doc(
        get_engine().nlp.vocab,
        words=words,
        spaces=[
            w not in (",", ".") and i + 1 < len(rows) and rows[i + 1][0] not in (",", ".")
            for i, w in enumerate(words)
        ],
        tags=[r[1] for r in rows],
        pos=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        heads=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
    )
    cue = doc[1] if opening else doc[0]
    content = doc[cue.i + 1 : cue.i + 4]
    att = Attribution(
        cue=(cue.idx, cue.idx + len(cue)),
        contents=[(content.start_char, content.end_char)],
    )
    assert is_statement(doc, att) is False


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("text", "cue", "content", "expected"),
    [
        (
            "The eagle came to the zoo a year ago after rangers found it injured and with a "
            "broken wing.",
            "found",
            "it injured and with a broken wing",
            False,
        ),
        ("The jury found him guilty of fraud.", "found", "him guilty of fraud", False),
        (
            "Investigators found that the pilot had ignored the warning.",
            "found",
            "that the pilot had ignored the warning",
            True,
        ),
        (
            "Investigators found the pilot had ignored the warning.",
            "found",
            "the pilot had ignored the warning",
            True,
        ),
        # a past tense with its object is a clause, however the tagger reads it
        (
            "Research found the website consistently rated Democrats higher in its checks.",
            "found",
            "the website consistently rated Democrats higher in its checks",
            True,
        ),
    ],
)
def test_what_was_found_or_seen_is_no_finding_without_a_clause(
    text: str, cue: str, content: str, expected: bool
) -> None:
    doc, att = _attribution(text, cue, content)
    assert is_statement(doc, att) is expected  # type: ignore[arg-type]


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("text", "cue", "content", "expected"),
    [
        (
            "A second man has been detained, but police do not know if he is connected "
            "with the robbery.",
            "do not know",
            "if he is connected with the robbery",
            False,
        ),
        (
            "Officials did not know whether the bridge would reopen on Monday.",
            "did not know",
            "whether the bridge would reopen on Monday",
            False,
        ),
        (
            "Officials did not know that the bridge had been closed.",
            "did not know",
            "that the bridge had been closed",
            True,
        ),
        (
            "Officials know whether the bridge will reopen, the mayor insisted.",
            "know",
            "whether the bridge will reopen",
            True,
        ),
    ],
)
def test_not_knowing_an_open_question_holds_nothing(
    text: str, cue: str, content: str, expected: bool
) -> None:
    doc, att = _attribution(text, cue, content)
    assert is_statement(doc, att) is expected  # type: ignore[arg-type]


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("text", "cue", "content", "expected"),
    [
        (
            "Some members of the opposition protested when the president began his address.",
            "protested",
            "when the president began his address",
            False,
        ),
        (
            "Talking about his opponents, he said:",
            "said",
            "Talking about his opponents",
            False,
        ),
        (
            "The minister asked when the talks would resume.",
            "asked",
            "when the talks would resume",
            True,
        ),
        (
            "He warned that if the talks fail, prices would rise.",
            "warned",
            "that if the talks fail, prices would rise",
            True,
        ),
    ],
)
def test_an_adverbial_clause_of_the_cue_is_no_content(
    text: str, cue: str, content: str, expected: bool
) -> None:
    doc, att = _attribution(text, cue, content)
    assert is_statement(doc, att) is expected  # type: ignore[arg-type]


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "Lawmakers have not said when they would vote on the bill.",
            "said",
            "when they would vote on the bill",
        ),
        (
            "Kerr said after the congress he would not accept the offer if it were made.",
            "said",
            "he would not accept the offer if it were made",
        ),
        (
            "The ministry has reportedly argued for a cap to protect jobs.",
            "argued for",
            "a cap to protect jobs",
        ),
    ],
)
def test_a_complement_misread_as_an_adverbial_stays_a_statement(
    text: str, cue: str, content: str
) -> None:
    doc, att = _attribution(text, cue, content)
    assert is_statement(doc, att, noun_phrases=True) is True  # type: ignore[arg-type]


@pytest.mark.issue(16)
def test_a_verb_read_as_a_noun_with_a_noun_phrase_object_is_no_cue() -> None:
    # the tagger reads this headline's "shun" as a noun, with "roads" its object
    text = (
        "The protest affected commercial activities, as shop owners closed.\n\n"
        "Commercial drivers shun roads.\n\nThe students converged on the junction."
    )
    doc, att = _attribution(text, "shun", "roads")
    assert is_statement(doc, att) is False  # type: ignore[arg-type]


@pytest.mark.issue(16)
def test_a_noun_of_saying_keeps_its_statement() -> None:
    doc, att = _attribution("Minister's warning over the floods.", "warning", "the floods")
    assert any(t.lower_ == "warning" and t.pos_ == "NOUN" and t.dep_ == "ROOT" for t in doc)
    assert is_statement(doc, att) is True  # type: ignore[arg-type]


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("text", "cue", "content", "kind", "expected"),
    [
        # a noun phrase object with an adverbial of the act after it
        (
            "The coach praised their efforts despite being knocked out of the cup by Chile.",
            "praised",
            "their efforts despite being knocked out of the cup by Chile",
            "indirect",
            False,
        ),
        # what a video or a photo shows: a scene
        (
            "Another video showed Maria Lopez holding up the newspapers as Novak sat nearby.",
            "showed",
            "Maria Lopez holding up the newspapers as Novak sat nearby",
            "indirect",
            False,
        ),
        # an act with quoted words in its object is still an act
        (
            "The paper got his post wrong as it identified him as the “state minister for trade”.",
            "identified",
            "him as the “state minister for trade”",
            "mixed",
            False,
        ),
        # what comments were about is their topic
        (
            "The party lashed out at Jan Novak for his comments about the group's hold on power.",
            "comments about",
            "the group's hold on power",
            "indirect",
            False,
        ),
    ],
)
def test_acts_and_topics_with_more_words_are_not_statements(
    text: str, cue: str, content: str, kind: str, expected: bool
) -> None:
    doc, att = _attribution(text, cue, content)
    att.kind = kind
    assert is_statement(doc, att) is expected  # type: ignore[arg-type]


@pytest.mark.issue(16)
def test_the_one_judged_in_a_passive_is_not_the_source() -> None:
    said = extract("Novak was accused of lying about the budget.")
    assert [(q.cue.text, q.speaker) for q in said.quotes] == [("was accused of", None)]


def test_rejecting_a_claim_that_is_a_statement_rejecting_a_request_is_not() -> None:
    said = extract(
        "Governor Ana Ruiz rejected the claim that her government paid for the article."
    ).quotes
    assert [q.speaker.name if q.speaker else None for q in said] == ["Ana Ruiz"]
    acted = extract("Governor Ana Ruiz rejected the request for a recount on Monday.").quotes
    assert acted == ()
