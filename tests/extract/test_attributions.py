"""Span helpers shared by the taggers and the rules (saidwhat.extract.attributions)."""

from __future__ import annotations

from typing import Any

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
        # a bracket the source opens is closed in it
        ("Anke Vollmer (Greens) said so.", "Anke Vollmer (Greens", "Anke Vollmer (Greens)"),
        ("Ann Lee (of the (old) party) said so.", "Ann Lee (of the", "Ann Lee (of the"),
        # a relative pronoun before a noun phrase is no part of the source; alone it is
        ("Li Wei, who British media said were bidding.", "who British media", "British media"),
        ("McConnell, who in 2010 said so.", "who in 2010", "who in 2010"),
        # a source that opens a paragraph starts after its dateline
        ("(Reuters) -Acme shares fell and said so.", "(Reuters) -Acme shares", "Acme shares"),
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


def _parsed(text: str, cue: str, start: str, end: str | None = None) -> tuple[Any, Attribution]:
    """The parse of ``text`` and an attribution whose cue is ``cue`` and whose content
    runs from ``start`` to ``end`` (both found in the text; the sentence's end if None)."""
    from saidwhat.engine import get_engine

    c, s = text.index(cue), text.index(start)
    e = text.index(end) if end is not None else len(text) - 1
    return get_engine().nlp(text), Attribution(cue=(c, c + len(cue)), contents=[(s, e)])


@pytest.mark.issue(16)
def test_a_reported_clause_cut_before_its_verb_runs_to_the_end_of_the_complement() -> None:
    from saidwhat.extract.attributions import complete_clauses

    text = (
        "Shares fell after the company announced that sales for its second quarter, which "
        "ends in June, could be ten percent lower."
    )
    doc, cut = _parsed(text, "announced", "that sales", ", which")
    _, whole = _parsed(text, "announced", "that sales")
    complete_clauses(doc, [cut, whole])
    assert text[slice(*cut.contents[0])].endswith("could be ten percent lower")
    assert whole.contents == [(text.index("that sales"), len(text) - 1)]


def test_a_whole_clause_or_a_noun_phrase_is_left_as_it_is() -> None:
    from saidwhat.extract.attributions import complete_clauses

    text = "The mayor announced a new budget for the city, which was welcomed."
    doc, att = _parsed(text, "announced", "a new budget", ", which")
    complete_clauses(doc, [att])
    assert att.contents == [(text.index("a new budget"), text.index(", which"))]


@pytest.mark.issue(16)
def test_the_statement_named_between_cue_and_that_clause_is_where_it_was_said() -> None:
    from saidwhat.extract.attributions import medium_contents

    text = (
        "Chief executive Jo Reed commented in the press release that delays in tenders are "
        "the main reason for the weak sales."
    )
    doc, att = _parsed(text, "commented in", "the press release")
    medium_contents(doc, [att])
    assert text[slice(*att.contents[0])].startswith("that delays in tenders")
    # a that-clause on any other noun is left alone
    text2 = "The minister welcomed the report that the panel released on Monday."
    doc2, other = _parsed(text2, "welcomed", "the report")
    medium_contents(doc2, [other])
    assert other.contents == [(text2.index("the report"), len(text2) - 1)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # what a preposition or subordinator governs is never the subject
        (
            "Tomas Brandt after his team's defeat to Austria insisted his players had "
            "reached their goal.",
            "Tomas Brandt",
        ),
        # the subject after "and" of a sentence whose first clause the tagger took
        (
            "The Brazilian-born striker has two years remaining on his contract and "
            "reports from ESPN Brasil on Saturday said he had no interest in moving.",
            "ESPN Brasil",
        ),
    ],
)
def test_the_cue_s_own_subject_is_the_source(text: str, speaker: str) -> None:
    from saidwhat import extract

    (q,) = extract(text).quotes
    assert q.speaker is not None and q.speaker.name == speaker


def test_as_opens_the_cue_s_own_clause() -> None:
    from saidwhat import extract

    text = (
        "The storm passed close to the island. Hawaii, as one of the governor's climate "
        "advisers pointed out, normally does not get two hurricanes in a row."
    )
    names = [q.speaker.name for q in extract(text).quotes if q.speaker is not None]
    assert "Hawaii" not in names


def test_a_content_of_function_words_alone_says_nothing() -> None:
    from saidwhat import config, engine
    from saidwhat.extract.attributions import says_something

    text = "Mao neither directly confirmed nor denied it, and pointed that out."
    doc = engine.load_nlp(config.defaults()["nlp"]["model"])(text)

    def att(content: str) -> Attribution:
        s = text.index(content)
        return Attribution(cue=None, contents=[(s, s + len(content))])

    assert not says_something(doc, att("nor"))
    assert says_something(doc, att("it"))
    assert says_something(doc, att("that out"))


def test_a_reported_clause_begun_at_its_verb_takes_in_its_subject() -> None:
    from saidwhat import config, engine
    from saidwhat.extract.attributions import complete_clauses

    text = (
        "Jose Arroyo, a union representative, said Bway Corp., which bought the plant in "
        "March, only purchased its assets."
    )
    doc = engine.load_nlp(config.defaults()["nlp"]["model"])(text)
    cue = text.index("said")
    content = text.index("only purchased")
    att = Attribution(cue=(cue, cue + 4), contents=[(content, len(text) - 1)])
    complete_clauses(doc, [att])
    ((s, e),) = att.contents
    assert text[s:e].startswith("Bway Corp., which bought")


def test_the_noun_phrase_before_whose_is_the_source() -> None:
    from saidwhat import config, engine
    from saidwhat.extract.attributions import subject_sources

    text = (
        "Orbex, whose parent company Zentral reported $3 billion in revenue last quarter, "
        "said in a statement it is committed to privacy."
    )
    doc = engine.load_nlp(config.defaults()["nlp"]["model"])(text)
    cue = text.index("said")
    src = text.index("whose")
    att = Attribution(cue=(cue, cue + 4), sources=[(src, text.index(", said"))])
    subject_sources(doc, [att])
    ((s, e),) = att.sources
    assert text[s:e] == "Orbex"


def test_reported_words_ending_on_a_preposition_run_on_to_the_end_of_the_clause() -> None:
    from saidwhat import extract

    text = (
        "Spokesman Ray Dumas said he would run for the senate, saying he could not allow "
        'allies of "extremist" groups, including those who oppose his nomination to the '
        "commission, to get elected."
    )
    quotes = extract(text).quotes
    (q,) = [q for q in quotes if q.cue is not None and q.cue.text == "saying"]
    assert q.contents[0].text.rstrip(".").endswith("to get elected")


def test_words_that_open_with_anothers_saying_are_that_ones_reported_by_the_outer() -> None:
    from saidwhat import extract

    text = (
        "Ministry forms committee\n\n"
        "Agriculture minister Lena Park on Sunday said there had been no shortage of seed "
        "this year, reports NNA.\n\n"
        "NNA adds: Agriculture minister Park today said the ministry had been tracking "
        "fertiliser prices and had formed a committee to review them."
    )
    (q,) = [q for q in extract(text).quotes if "committee" in q.contents[0].text]
    assert q.speaker is not None and q.speaker.name == "Lena Park"
    assert q.contents[0].text.startswith("the ministry had been tracking")
    assert q.reported_by is not None and q.reported_by.speaker is not None
    assert q.reported_by.speaker.name == "NNA"


def test_what_others_showed_inside_a_statement_stays_the_statement() -> None:
    from saidwhat import extract

    text = (
        "Doctor Ann Reyes spoke at the clinic.\n\n"
        "She said many studies have shown that weight gain raises health risks."
    )
    (q,) = extract(text).quotes
    assert q.speaker is not None and q.speaker.name == "Ann Reyes"


def test_a_verb_of_saying_joined_to_the_cue_inside_the_content_is_a_statement_of_its_own() -> None:
    from saidwhat.engine import get_engine
    from saidwhat.extract.attributions import Attribution, conjoined_cues

    text = "The mayor denied the claims on Monday but admitted that mistakes had been made."
    doc = get_engine().nlp(text)

    def at(words: str) -> tuple[int, int]:
        return text.index(words), text.index(words) + len(words)

    # as a tagger may give it: one statement running over the second verb
    a = Attribution(
        cue=at("denied"),
        sources=[at("The mayor")],
        contents=[(text.index("the claims"), len(text) - 1)],
    )
    out = conjoined_cues(doc, [a])
    assert [text[s:e] for s, e in out[0].contents] == ["the claims on Monday"]
    (b,) = out[1:]
    assert b.cue is not None and text[b.cue[0] : b.cue[1]] == "admitted"
    assert b.sources == a.sources
    assert [text[s:e] for s, e in b.contents] == ["mistakes had been made"]


def test_reported_words_cut_at_a_comma_inside_the_reported_clause_run_on_to_its_end() -> None:
    from saidwhat import extract

    text = (
        "Bonuses scrapped\n\nSome news happened.\n\n"
        "The company announced it would get rid of the bonuses, beginning in January next "
        "year.\n"
    )
    (q,) = extract(text).quotes
    assert q.contents[0].text == "it would get rid of the bonuses, beginning in January next year"


def test_reported_words_cut_inside_an_aside_between_dashes_run_on_past_it() -> None:
    from saidwhat import config, engine
    from saidwhat.extract.attributions import _run_on_past_dashes

    text = (
        "The rumour spread, with opposition MP Petros Alanis claiming that the donor’s "
        "name – unknown if he meant the company or its owner – “is known to every "
        "official in the ministry.”"
    )
    doc = engine.load_nlp(config.defaults()["nlp"]["model"])(text)
    cue = next(t for t in doc if t.text == "claiming")
    s = text.index("that the donor")

    def cut(at: str) -> tuple[int, int]:
        a = Attribution(cue=(cue.idx, cue.idx + len(cue.text)), contents=[(s, text.index(at))])
        _run_on_past_dashes(doc, a, doc[cue.i : cue.i + 1])
        return a.contents[0]

    # cut inside the aside (where a misread parse left it): on past its closing dash
    lo, hi = cut(" he meant")
    assert lo == s and "official in the ministry" in text[lo:hi]
    # cut after the aside, or before it: as it was
    assert cut(" “is known") == (s, text.index(" “is known"))
    assert cut(" – unknown") == (s, text.index(" – unknown"))


def test_a_source_over_a_sentence_start_has_its_head_in_the_cues_sentence() -> None:
    from spacy.lang.en import English
    from spacy.tokens import Doc

    from saidwhat.extract.attributions import head_in_sentence

    # the parser ended a sentence inside a long source: "Veteran | actress Jo Doe says
    # that …"; the source's head is the name, in the cue's sentence
    words = ["Veteran", "actress", "Jo", "Doe", "says", "that", "it", "rained"]
    doc = Doc(
        English().vocab,
        words=words,
        heads=[0, 3, 3, 4, 4, 7, 7, 4],
        deps=["ROOT", "compound", "compound", "nsubj", "ROOT", "mark", "nsubj", "ccomp"],
        sent_starts=[True, True, False, False, False, False, False, False],
    )
    assert head_in_sentence(doc, 0, 4, 4) == 3
    assert head_in_sentence(doc, 1, 4, 4) == 3


def test_two_cues_of_one_phrase_over_the_same_words_are_one_statement() -> None:
    from saidwhat import extract

    text = (
        "Coach fumes after defeat\n\nThe home side lost 2-1 on Saturday after a late "
        "penalty.\n\n"
        '"We were the better team and the referee took the game away from us. My players '
        'gave everything," the visiting coach further added.\n'
    )
    (q,) = extract(text).quotes
    assert q.cue is not None and q.cue.text == "further added"
    assert q.speaker is not None and q.speaker.name == "the visiting coach"


def test_split_cues_keeps_two_reports_of_the_same_words_apart() -> None:
    from saidwhat.extract.attributions import split_cues

    text = "Ann said and Bob wrote: yes."
    words = [(text.index("yes"), len(text) - 1)]

    def att(cue: str, source: str) -> Attribution:
        c, s = text.index(cue), text.index(source)
        return Attribution(
            cue=(c, c + len(cue)), sources=[(s, s + len(source))], contents=list(words)
        )

    assert len(split_cues(text, [att("said", "Ann"), att("wrote", "Bob")])) == 2
    text = "Ann then added: yes."
    words = [(text.index("yes"), len(text) - 1)]
    (one,) = split_cues(text, [att("then", "Ann"), att("added", "Ann then")])
    assert one.cue is not None and text[one.cue[0] : one.cue[1]] == "then added"
    assert [text[s:e] for s, e in one.sources] == ["Ann"]


def test_a_verb_of_saying_with_a_subject_of_its_own_joined_inside_the_words_is_that_ones() -> None:
    from saidwhat import extract

    text = (
        "Court row\n\nA judge and a solicitor clashed today over a bail application.\n\n"
        "The judge said he would have the solicitor removed from court and the solicitor "
        "responded: “I’ll save you the trouble. I’ll leave.”\n\n"
        "Mr Brennan said he had no control over how people arrive in court and the judge "
        "said he was striking out the application.\n"
    )
    said = {q.contents[0].text.strip("“”"): q.sources[0].text for q in extract(text).quotes}
    assert said["he would have the solicitor removed from court"] == "The judge"
    assert said["I’ll save you the trouble. I’ll leave."] == "the solicitor"
    assert said["he had no control over how people arrive in court"] == "Mr Brennan"
    assert said["he was striking out the application"] == "the judge"
    # the first words end before the second speaker's whole clause, its phrases too
    text = (
        "Court row\n\nA judge and a solicitor clashed today over a bail application.\n\n"
        "Mr Brennan said solicitors had no control over how people arrive in court and at "
        "that stage the judge said he was striking out the application.\n"
    )
    said = {q.contents[0].text: q.sources[0].text for q in extract(text).quotes}
    assert said["solicitors had no control over how people arrive in court"] == "Mr Brennan"


def test_what_another_believed_joined_inside_the_words_stays_the_words() -> None:
    from saidwhat import extract

    text = (
        "Talks slow\n\nNurses will stop work this weekend.\n\n"
        "Mr Hale said negotiations between the union and the hospital had been "
        "progressing slowly, and the union believed the stop work action could speed up "
        "the process.\n"
    )
    (q,) = extract(text).quotes
    assert q.contents[0].text.endswith("could speed up the process")


def test_words_of_an_accusation_cut_at_a_comma_in_its_object_run_on_to_its_end() -> None:
    from spacy.lang.en import English
    from spacy.tokens import Doc

    from saidwhat.extract.attributions import _run_on_judged

    # "X has accused the regime of creating conflict in Dalan, Rakhine State, in
    # various ways." with the words cut after "Dalan"
    words = ["X", "has", "accused", "the", "regime", "of", "creating", "conflict", "in"]
    words += ["Dalan", ",", "Rakhine", "State", ",", "in", "various", "ways", "."]
    heads = [2, 2, 2, 4, 2, 4, 5, 6, 7, 8, 9, 12, 9, 2, 2, 16, 14, 2]
    deps = ["nsubj", "aux", "ROOT", "det", "dobj", "prep", "pcomp", "dobj", "prep", "pobj"]
    deps += ["punct", "compound", "appos", "punct", "prep", "amod", "pobj", "punct"]
    pos = ["PROPN", "AUX", "VERB", "DET", "NOUN", "ADP", "VERB", "NOUN", "ADP", "PROPN"]
    pos += ["PUNCT", "PROPN", "PROPN", "PUNCT", "ADP", "ADJ", "NOUN", "PUNCT"]
    lemmas = [w.lower() for w in words]
    lemmas[2] = "accuse"
    doc = Doc(English().vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    text = doc.text
    s, e = text.index("the regime"), text.index(", Rakhine")
    a = Attribution(cue=(doc[2].idx, doc[2].idx + 7), contents=[(s, e)])
    _run_on_judged(doc, a, doc[2:3])
    assert text[slice(*a.contents[0])] == "the regime of creating conflict in Dalan , Rakhine State"
    # a verb of saying is left to the other rules
    lemmas[2] = "say"
    doc = Doc(English().vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    a = Attribution(cue=(doc[2].idx, doc[2].idx + 7), contents=[(s, e)])
    _run_on_judged(doc, a, doc[2:3])
    assert a.contents == [(s, e)]


def test_the_subject_of_a_participle_read_as_a_clausal_subject_is_the_source() -> None:
    from saidwhat import extract

    text = (
        "PM not worried\n\nThe Prime Minister said he was not worried by the moves.\n\n"
        "The PM recounting his own experience in the Opposition said that he and his "
        "deputy had to play the role of Opposition in Parliament.\n"
    )
    quotes = [q for q in extract(text).quotes if "role of Opposition" in q.contents[0].text]
    assert quotes and [s.text for s in quotes[0].sources] == ["The PM"]


def test_an_agency_dateline_with_region_and_country_is_no_source() -> None:
    from saidwhat import extract
    from saidwhat.extract.segment import dateline_end

    line = "Ramnagar (Uttar Pradesh) [India], June 24 (ANI): The RSP on Monday alleged"
    assert line[dateline_end(line, 0) :].startswith("The RSP")
    text = (
        "Party alleges attack\n\n"
        "Ramnagar (Uttar Pradesh) [India], June 24 (ANI): RSP on Monday alleged the "
        "rival party's workers were engaged in violence against some of its new "
        "members.\n"
    )
    (q,) = extract(text).quotes
    assert [s.text for s in q.sources] != ["Ramnagar"]
    assert q.speaker is None or q.speaker.name != "Ramnagar"
