"""Claims about events (extract.claims): patterns, negation, events of one article."""

from __future__ import annotations

from dataclasses import replace

import pytest

from saidwhat.extract import claims as claims_mod
from saidwhat.extract.claims import event_kind, find_claims, link_events, same_place
from saidwhat.readers import ArticleInput
from saidwhat.records import ArticleResult, Claim, TextSpan
from saidwhat.validate import InvalidRecord, check_result


@pytest.fixture(scope="module")
def nlp(engine):
    return engine.nlp


def _one(nlp, text):
    found = list(find_claims(nlp(text)))
    assert len(found) == 1, found
    return found[0]


def _text(text, span):
    return text[span[0] : span[1]] if span else None


def test_claim_of_responsibility(nlp):
    text = "The Taliban claimed responsibility for the bombing in Kandahar on Tuesday."
    f = _one(nlp, text)
    assert f.act == "responsibility"
    assert _text(text, f.claimant) == "The Taliban"
    assert f.agent == f.claimant and f.agent_is_claimant
    assert _text(text, f.event) == "the bombing in Kandahar"
    assert f.event_kind == "attack"
    assert _text(text, f.place) == "Kandahar"
    assert _text(text, f.time) == "Tuesday"
    assert _text(text, f.trigger) == "claimed"


def test_passive_responsibility(nlp):
    text = "Responsibility for the attack was claimed by the Islamic State."
    f = _one(nlp, text)
    assert f.act == "responsibility"
    assert _text(text, f.claimant) == "the Islamic State"
    assert _text(text, f.event) == "the attack"


@pytest.mark.parametrize(
    ("text", "claimant", "agent", "event"),
    [
        (
            "Governor Ahmad Karimi blamed the Haqqani network for the attack.",
            "Governor Ahmad Karimi",
            "the Haqqani network",
            "the attack",
        ),
        (
            "Police blamed the attack on Islamic State militants.",
            "Police",
            "Islamic State militants",
            "the attack",
        ),
        (
            "Officials accused Hezbollah of carrying out the bombing.",
            "Officials",
            "Hezbollah",
            "carrying out the bombing",
        ),
        (
            "President Ashraf Ghani on Wednesday blamed the Taliban for the bombing.",
            "President Ashraf Ghani",
            "the Taliban",
            "the bombing",
        ),
    ],
)
def test_blame(nlp, text, claimant, agent, event):
    f = _one(nlp, text)
    assert f.act == "blame"
    assert (_text(text, f.claimant), _text(text, f.agent), _text(text, f.event)) == (
        claimant,
        agent,
        event,
    )
    assert f.event_kind == "attack"


def test_denial(nlp):
    text = "A Taliban spokesman denied involvement in the attack."
    f = _one(nlp, text)
    assert f.act == "denial"
    assert _text(text, f.claimant) == "A Taliban spokesman"
    assert f.agent_is_claimant
    assert _text(text, f.event) == "the attack"


@pytest.mark.parametrize(
    "text",
    [
        "No group has claimed responsibility for the blast.",
        "The ministry did not deny involvement in the raid.",
        "They were twice denied visas to enter the United States.",
        "She claimed that the plan would work.",
        "He did not say who he thought was responsible.",
    ],
)
def test_no_claim(nlp, text):
    assert list(find_claims(nlp(text))) == []


def test_parse_read_only_at_triggers(nlp, monkeypatch):
    calls = []
    real = claims_mod._claim_of

    def spy(tok, text, hit=None, **kw):
        calls.append(tok.text)
        return real(tok, text, hit, **kw)

    monkeypatch.setattr(claims_mod, "_claim_of", spy)
    doc = nlp("The mayor opened a bridge on Monday. Rebels blamed the army for the raid.")
    assert [f.act for f in find_claims(doc)] == ["blame"]
    assert calls == ["blamed"]


def test_reported_claim_takes_the_statement_speaker(engine):
    text = (
        "A bomb exploded at a market in Kandahar on Tuesday. Governor Ahmad Karimi said "
        "the Haqqani network was behind the attack."
    )
    r = engine.extract(ArticleInput(id="t", text=text))
    (c,) = r.claims
    assert c.act == "blame"
    assert c.claimant is not None and c.claimant.name == "Ahmad Karimi"
    assert c.agent_span is not None and c.agent_span.text == "the Haqqani network"
    q = {q.id: q for q in r.quotes}[c.quote or ""]
    assert q.speaker == c.claimant
    ents = {e.id for e in r.entities}
    assert c.claimant.entity in ents


def test_article_claims_in_output(engine):
    from pathlib import Path

    text = (Path(__file__).parent.parent / "data" / "claims" / "kandahar_one.txt").read_text()
    r = engine.extract(ArticleInput(id="k", text=text))
    acts = [(c.act, c.agent.name if c.agent else None) for c in r.claims]
    assert ("responsibility", "Taliban") in acts
    assert any(a == "blame" and n and "Haqqani" in n for a, n in acts)
    assert {c.event_ref for c in r.claims} == {"V1"}
    for c in r.claims:
        assert text[c.trigger.start : c.trigger.end] == c.trigger.text
        assert c.sentence.start <= c.trigger.start < c.sentence.end
    d = r.to_dict()
    assert ArticleResult.from_dict(d).to_dict() == d
    assert check_result(d)["claims"] == d["claims"]


def _claim(n, kind, place=None, event="a bombing"):
    span = TextSpan(0, 1, "x")
    return Claim(
        id=f"C{n}",
        act="blame",
        trigger=span,
        sentence=span,
        claimant=None,
        claimant_span=None,
        agent=None,
        agent_span=None,
        event=TextSpan(0, len(event), event),
        event_kind=kind,
        event_ref="",
        place=TextSpan(0, 1, place) if place else None,
    )


def test_link_events():
    cs = [
        _claim(1, "attack", "Kandahar"),
        _claim(2, "attack"),
        _claim(3, None),
        _claim(4, "attack", "Kabul"),
        _claim(5, "hoax"),
        _claim(6, "attack", "kandahar"),
    ]
    assert [c.event_ref for c in link_events(cs)] == ["V1", "V1", "V1", "V2", "V3", "V1"]


def test_events_with_places_apart_join_by_their_words():
    cs = [
        _claim(1, "attack", "Mogadishu", event="a deadly attack on a hotel in Mogadishu"),
        _claim(2, "attack", "Sahafi Hotel", event="a car bomb at the entrance of the Sahafi Hotel"),
        _claim(3, "attack", "Turkey", event="a bombing of two synagogues in Turkey"),
        _claim(4, "attack", "Baghdad", event="the bombing of the UN headquarters in Baghdad"),
    ]
    assert [c.event_ref for c in link_events(cs)] == ["V1", "V1", "V2", "V3"]


def test_the_killings_join_the_latest_event_of_their_kind():
    cs = [
        _claim(1, "divisions", event="increasing ethnic divisions"),
        _claim(2, "attack", "Daikundi", event="the killing of 14 civilians in Daikundi"),
        _claim(3, "attack", event="the killings"),
    ]
    assert [c.event_ref for c in link_events(cs)] == ["V1", "V2", "V2"]


def test_the_attacks_far_below_an_aside_are_the_article_s_own():
    paras = ["Bombers hit Riverton.", "The Front claimed the Riverton bombing."]
    paras += ["It claimed a bombing in Lakeside last year."] + ["Filler."] * 3
    paras += ["The mayor blamed the Front for the attacks."]
    text = "\n\n".join(paras)

    def at(n: int, kind: str, place: str | None, event: str) -> Claim:
        start = text.index(paras[n])
        sent = TextSpan(start, start + len(paras[n]), paras[n])
        return replace(_claim(n, kind, place, event), sentence=sent)

    cs = [
        at(1, "attack", "Riverton", "the Riverton bombing"),
        at(2, "attack", "Lakeside", "a bombing in Lakeside"),
        at(6, "attack", None, "the attacks"),
    ]
    # four paragraphs after the aside: the first event of its kind, the article's
    assert [c.event_ref for c in link_events(cs, text=text)] == ["V1", "V2", "V1"]
    # without the text (no paragraphs): the latest of its kind
    assert [c.event_ref for c in link_events(cs)] == ["V1", "V2", "V2"]


def test_definite_description_joins_the_first_event():
    cs = [
        _claim(1, "accident", event="the derailment"),
        _claim(2, "limits", event="ignoring speed limits"),
        _claim(3, "accident", event="the accident"),
        _claim(4, "behavior", event="this behavior"),
    ]
    assert [c.event_ref for c in link_events(cs)] == ["V1", "V2", "V1", "V1"]


def test_event_kind():
    assert event_kind("Bombing") == event_kind("blast") == "attack"
    assert event_kind("derailment") == event_kind("crash") == "accident"
    assert event_kind("schemes") == event_kind("plan") == event_kind("programme") == "scheme"
    assert event_kind("hoax") == "hoax"
    assert event_kind("it") is None
    assert event_kind("events") is None and event_kind("incident") is None  # no kind


def test_a_country_and_its_demonym_are_one_place():
    assert same_place("Ukraine", "Ukrainian") and same_place("Iraqi", "Iraq")
    assert same_place("the West Bank", "The West Bank")
    assert not same_place("Iran", "Iraq") and not same_place("Austria", "Australian")
    cs = [_claim(1, "attack", "Ukraine"), _claim(2, "attack", "Ukrainian")]
    assert [c.event_ref for c in link_events(cs)] == ["V1", "V1"]


def test_a_generic_event_noun_joins_the_event_before():
    cs = [
        _claim(1, "attack", "Kabul", event="the attack on the ministry in Kabul"),
        _claim(2, event_kind("events"), event="the mentioned events"),
    ]
    assert [c.event_ref for c in link_events(cs)] == ["V1", "V1"]


def test_the_event_of_a_series_and_places_that_are_no_event_s(nlp):
    doc = nlp(
        "A statement attributed to the Northern Front claimed responsibility for a series "
        "of bombings at the port. Officials blamed the Coastal Brigade for a bombing in "
        "Norway's capital."
    )
    found = list(find_claims(doc))
    series = next(f for f in found if f.act == "responsibility")
    assert series.event_kind == "attack"  # a series of bombings: bombings
    bomb = next(f for f in found if f.act == "blame")
    assert bomb.place is None  # "in Norway's capital": a place of Norway, not Norway


def test_a_reported_claim_takes_no_place_from_its_source(nlp):
    text = "U.S. envoy Ann Lee said on Friday that the Northern Front was behind the attacks."
    doc = nlp(text)
    (f,) = find_claims(doc, contents=[(text.index("the Northern"), len(text) - 1)])
    assert (f.act, f.place) == ("blame", None)


def test_validate_rejects_a_bad_claim():
    rec = {
        "id": "a",
        "text": "Rebels blamed the army.",
        "claims": [
            {
                "id": "C1",
                "act": "praise",
                "trigger": {"start": 7, "end": 13, "text": "blamed"},
                "sentence": {"start": 0, "end": 23, "text": "Rebels blamed the army."},
            }
        ],
    }
    with pytest.raises(InvalidRecord, match="E059.*act must be one of"):
        check_result(rec)
    rec["claims"][0]["act"] = "blame"
    rec["claims"][0]["trigger"]["end"] = 99
    with pytest.raises(InvalidRecord, match="outside the text"):
        check_result(rec)
    rec["claims"][0]["trigger"]["end"] = 13
    assert check_result(rec)["claims"][0]["act"] == "blame"


@pytest.mark.issue(16)
def test_a_denial_whose_allegations_are_a_statement_of_their_own_keeps_the_events_place() -> None:
    from saidwhat import extract

    text = (
        "Russia rejects claims it was behind cyberattack\n\n"
        "MOSCOW (Reuters) - Russia on Saturday rejected U.S. allegations that it was "
        "responsible for cyberattacks on Ukrainian banking websites as baseless, the "
        "Russian embassy said.\n"
    )
    result = extract(text)
    denial = [c for c in result.claims if c.act == "denial"]
    assert denial and all(c.place is None or c.place.text != "U.S." for c in denial)
    # the allegations are the United States' statement, and both claims one event
    assert len({c.event_ref for c in result.claims}) == 1
