"""Reporting, belief and claim cues."""

from __future__ import annotations

REPORTING_VERBS = frozenset(
    """
    say tell add note state explain claim insist argue warn accuse allege announce assert
    believe think suggest write tweet report declare deny admit acknowledge confirm reveal
    respond reply answer ask urge call contend maintain predict promise vow pledge threaten
    complain criticize criticise describe emphasise emphasize stress point recall recount
    agree disagree concede caution estimate conclude testify indicate mention remark comment
    observe announce acknowledge boast brag charge counter declare demand dismiss doubt
    expect fear hope feel know worry charge blame praise hail slam condemn label brand
    question speculate recommend propose suggest signal hint acknowledge guess reckon
    understand consider find show argue tout reiterate repeat echo cite quote inform assure
    order instruct advise remind joke quip shout scream yell whisper mutter lament
    """.split()
)

#: Multi-word cues whose object is the source: "according to X".
ACCORDING_TO = ("according", "to")

#: Nouns that act as cues: "in a statement", "his claim that ...".
CUE_NOUNS = frozenset(
    "statement claim allegation accusation warning belief view opinion remark comment "
    "assertion argument suggestion announcement report testimony interview message letter "
    "speech denial admission promise pledge prediction insistence complaint threat vow "
    "assurance explanation contention".split()
)

#: Nouns of documents whose author speaks through them ("The report said").
DOCUMENT_NOUNS = frozenset(
    "report document article story letter study survey filing memo complaint lawsuit review "
    "tweet post message email speech video editorial column blog memoir book essay poll "
    "ruling judgment judgement verdict affidavit petition indictment decree".split()
)
#: Nouns of what an organisation or person issues, through which it speaks ("the
#: statement added", "the communique said"): like a document, they have an author.
ISSUED_NOUNS = frozenset(
    "statement communique communiqué release announcement bulletin warning advisory alert "
    "notice".split()
)

#: Nouns of a stance somebody voices: "voicing optimism that talks would resume",
#: "expressed concern that …" (a statement only with such a verb and a that-clause).
STANCE_NOUNS = frozenset(
    "hope optimism pessimism concern confidence fear doubt worry belief view conviction "
    "expectation frustration regret disappointment satisfaction hope".split()
)

#: Verbs that voice what a noun of :data:`STANCE_NOUNS` or :data:`CUE_NOUNS` holds.
VOICING_VERBS = frozenset("voice express raise share reiterate repeat convey issue make".split())

#: Heads of unnamed sources: "officials said", "a spokesperson".
UNNAMED_HEADS = frozenset(
    """
    official officials spokesperson spokesman spokeswoman source sources aide aides
    analyst analysts expert experts witness witnesses resident residents observer observers
    diplomat diplomats officer officers insider insiders critic critics supporter supporters
    people person someone statement report reports police authorities authority
    """.split()
)

PERSON_PRONOUNS = {
    "he": "m",
    "him": "m",
    "his": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "i": "s",
    "me": "s",
    "my": "s",
    "we": "p",
    "us": "p",
    "our": "p",
    "they": "p",
    "them": "p",
    "their": "p",
    "it": "n",
    "its": "n",
}

#: Entity types of groups, places and peoples: kept in the output when a statement's
#: content mentions them (the store's targets), and the side a spokesman speaks for.
GROUP_TYPES = frozenset({"ORG", "GPE", "NORP"})

#: Verbs that report an action, a decision or an intention, not something said
#: ("decided to scrap the vote", "declined to comment", "opposed it", "dismissed the
#: concerns", "seemed frustrated", "are expected"): the realnews conventions' "pure
#: actions". A statement whose cue is one of these is not output, and the
#: statements-only PolNeAR scoring removes them from gold and prediction alike.
NON_SPEECH_CUES = frozenset(
    """
    decide decline refuse want wish intend plan try seek attempt aim reject oppose dismiss
    ignore seem appear look vote support back approve endorse sign pass veto arrest
    detain identify choose elect appoint hire fire resign quit join leave launch block
    ban order sue investigate probe plead
    """.split()
)

#: Reporting verbs of thought and perception: a statement only with a clause for
#: content ("found that the data was wrong", not "found it hard to explain").
COGNITION_VERBS = frozenset(
    "find feel know understand consider show see believe think guess reckon hope fear "
    "doubt worry expect conclude agree recall remember learn discover realise realize "
    "mull ponder".split()
)

#: Verbs only a person does ("Winterbourne laughed", "glanced"): a one-word name that
#: is their subject is a person, also where the NER reads it as a place elsewhere.
PERSON_VERBS = frozenset(
    "laugh smile grin glance stare gaze frown sigh blush weep whisper murmur mutter "
    "exclaim stammer chuckle giggle sob yawn".split()
)

#: Verbs of a topic taken up: with a noun phrase they name what was talked about
#: ("discussed the regional situation", "highlighting the repercussions"), not what was
#: said; a statement only with a clause ("highlighted that …").
TOPIC_VERBS = frozenset("discuss highlight address debate examine review touch".split())

#: What a denial denies when it reports words: a charge, a claim or a part in a deed
#: ("denied the allegations", "denied any involvement"); "denied bail", "denied entry"
#: are things refused.
DENIABLE = CUE_NOUNS | frozenset(
    "charge accusation allegation rumour rumor involvement responsibility wrongdoing role "
    "link links knowledge guilt existence participation part wrongdoings reports".split()
)

#: Verbs that name something when they follow it as a participle ("a program called
#: EB-5", "an operation dubbed 'Desert Storm'"): a name given, not words said.
NAMING_VERBS = frozenset("call name dub title term label nickname brand".split())

#: Verbs whose passive subject is the one spoken to or given something, not the
#: speaker ("was asked how he felt", "were told to leave", "had been denied visas").
ADDRESSEE_VERBS = frozenset(
    "ask tell inform urge advise order instruct remind warn deny promise".split()
)
#: Verbs of a judgement of somebody: their passive subject is the one judged, the
#: agent the one who judged ("was accused by X of …"), or nobody named.
JUDGING_VERBS = frozenset(
    "accuse charge blame fault criticize criticise condemn praise hail slam".split()
)
#: Verbs whose passive with an agent reports the agent's words: "were told by X that
#: …" (not "was asked by X whether", a question, nor "was quoted by X", a report).
TOLD_BY_VERBS = frozenset("tell inform remind advise warn promise assure notify".split())


def _forms(lemma: str) -> set[str]:
    """The inflected forms of a regular English verb (and a few irregular ones)."""
    irregular = {"seek": {"sought"}, "leave": {"left"}, "choose": {"chose", "chosen"}}
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    out = {lemma, lemma + "s", stem + "ed", stem + "ing", lemma + "d"}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) <= 4 and lemma[-1] not in "aeiouwy" and lemma[-2:-1] in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # ban -> banned
    return out | irregular.get(lemma, set())


NON_SPEECH_FORMS = frozenset(f for lemma in NON_SPEECH_CUES for f in _forms(lemma))


def is_non_speech_cue(text: str) -> bool:
    """Whether a cue as written ("has decided", "declined") is one of
    :data:`NON_SPEECH_CUES`: the definition the statements-only scoring uses."""
    return any(w in NON_SPEECH_FORMS for w in text.lower().split())


#: Labels of page furniture that a colon or a line break follows ("Photo: Reuters",
#: "Updated: 12 March", "Story highlights"): never a speaker's label.
FURNITURE = frozenset(
    """
    photo photos image images picture pictures caption credit credits source sources
    updated update published posted read related watch video videos file editor
    editors note highlights story advertisement in brief breaking exclusive latest
    live opinion analysis explainer factbox
    """.split()
)

#: Words of a portfolio after "Minister for", "Commissioner of" ("Information and
#: Broadcasting", "Foreign Affairs"): never part of the holder's name that follows.
PORTFOLIO_WORDS = frozenset(
    """
    information broadcasting foreign affairs interior home finance defence defense health
    education transport transportation energy power petroleum mines minerals trade
    commerce industry industries justice law agriculture water resources planning
    development housing labour labor employment culture tourism environment climate
    change science technology railways aviation communications communication parliamentary
    human rights women youth sports works economy economic social welfare land lands
    fisheries forestry local government public security national religious minorities
    overseas food maritime ports shipping investment privatisation privatization revenue
    budget treasury digital heritage arts children family services narcotics control
    relations international cooperation emergency disaster management state federal
    provincial special urban rural infrastructure telecommunications telecommunication
    wildlife oil gas natural police internal external cabinet capital territory affairs
    forests forest
    """.split()  # noqa: SIM905
)
