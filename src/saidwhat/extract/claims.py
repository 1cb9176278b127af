"""Claims about events: who claims responsibility, who is blamed, who denies it.

:func:`find_claims` is a pure function of one parsed document: a lexical
trigger search over the text first ("claim", "blame", "accuse", "deny",
"responsible", "behind", "took responsibility"), and the dependency parse is
read only around the hits, so an article without a trigger costs one regular
expression. Each hit that fits a pattern gives a :class:`FoundClaim` (character
offsets into the document and the token heads of its claimant and agent):

- responsibility: "X claimed responsibility for E", "X took responsibility for
  E", "responsibility for E was claimed by X", "X claimed E" (E an attack word);
  the agent is the claimant;
- blame: "Y blamed X for E", "Y blamed E on X", "Y accused X of E", "X was
  blamed for E by Y", and inside a reported statement "X was responsible for E",
  "X was behind E" (``reported``: the claimant is the statement's speaker);
- denial: "Z denied involvement in E" (responsibility, any role, the
  allegations ...), "Z denied carrying out E", "Z denied that it was behind E";
  the agent is Z, or the one the denied clause names.

Negated triggers ("no group has claimed responsibility", "did not deny") give
nothing. :func:`link_events` then numbers the events of one article: claims
whose events are of the same kind (all attack words are one kind) and whose
stated places agree share an ``event_ref``; a claim about "it" joins the event
before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..names import ORG_NOUNS, PERSON_NOUNS, fold, nationality
from ..records import PLACED_KINDS, Claim, TextSpan
from .lexicon import REPORTING_VERBS
from .speakers import is_dateline

__all__ = [
    "ACTS",
    "FoundClaim",
    "event_kind",
    "find_claims",
    "lede_place",
    "same_place",
    "link_events",
]

#: The acts of a claim.
ACTS = ("responsibility", "blame", "denial")

_TRIGGER = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|blam(?:e|es|ed|ing)|accus(?:e|es|ed|ing)|"
    r"den(?:y|ies|ied|ying|ials?)|responsib(?:le|ility)|behind|"
    r"reject(?:s|ed|ing)?|disput(?:e|es|ed|ing)|refut(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|"
    r"nothing|involved|aware|known|knew|know|finger|credit|"
    r"attribut(?:e|es|ed|ing)|distanc(?:e|es|ed|ing)|role|was)\b",
    re.IGNORECASE,
)
#: Nouns of violent acts: one event kind, so "the bombing" and "the attack" agree.
_ATTACK_WORDS = frozenset(
    "attack attacks bombing bombings bomb bombs blast blasts explosion explosions assault "
    "shooting shootings strike strikes airstrike airstrikes raid raids ambush massacre "
    "killing killings murder murders kidnapping kidnappings abduction hijacking shelling "
    "rocket rockets missile assassination beheading slaying slayings stabbing hack "
    "hacking hacks cyberattack cyberattacks intrusion breach ambushes genocide "
    "atrocities atrocity crimes bloodletting violence airstrike".split()
)
#: Nouns of accidents and disasters: one event kind, so "the crash" and "the derailment" agree.
_ACCIDENT_WORDS = frozenset(
    "accident accidents crash crashes derailment collision collapse spill fire fires blaze "
    "flood flooding outage leak disaster sinking".split()
)
#: Nouns of an organised scheme: one event kind, so "doping schemes" and "a plan
#: involving officials" agree (not events of their own for the patterns of violence).
_SCHEME_WORDS = frozenset(
    "scheme schemes plan plans plot plots programme programmes program programs "
    "conspiracy conspiracies".split()
)
#: Nouns that name no kind of event, only one spoken of before ("the mentioned events").
_GENERIC_EVENTS = frozenset("event events incident incidents episode matter happenings".split())
_SELF_NOUNS = frozenset({"responsibility", "credit"})
_DENIED_NOUNS = frozenset(
    "involvement responsibility role part link links connection connections complicity "
    "allegation allegations accusation accusations charge charges claim claims "
    "report reports participation".split()
)
#: Verbs that deny by rejecting what was said ("rejected the allegations").
_REJECT_VERBS = frozenset({"deny", "reject", "dispute", "refute", "dismiss"})
#: Nouns of what one party says of another ("U.S. allegations that it was responsible").
_ALLEGATION_NOUNS = frozenset(
    "allegation allegations accusation accusations charge charges claim claims "
    "assertion assertions suggestion suggestions report reports statements".split()
)
#: What "rejected", "disputed", "refuted" deny ("refuted a report that the minister
#: said ...": a report is no accusation).
_REJECTED_NOUNS = frozenset(
    "allegation allegations accusation accusations charge charges claim claims "
    "assertion assertions suggestion suggestions involvement responsibility role".split()
)
#: Verbs of doing an event: in a statement's content, "the rebels launched the
#: attack" says who did it when their object names the event (an attack word);
#: with the particle of ``_DOING_PARTICLES`` only.
_DOING = frozenset(
    "launch conduct commit perpetrate stage mount orchestrate plot detonate plant strike "
    "hit attack bomb tap bug hack kill shoot fire storm raid assassinate murder kidnap "
    "abduct hijack shell ambush torch sabotage carry set blow mastermind order organize "
    "organise execute cause".split()
)
_DOING_PARTICLES = {"carry": "out", "set": "off", "blow": "up"}
#: Verbs of covert or violent acts that are claims with any object ("inspectors
#: tapped the phones"), unlike "hit", "attack" or "kill", said of words and figures.
_COVERT = frozenset("tap bug hack detonate assassinate bomb kidnap abduct hijack".split())
#: What a group says it did with these, of any object ("we ... struck the bases").
_STRIKING = frozenset("strike hit attack bomb shell raid storm destroy".split())
#: Of the doing verbs, the ones whose event is an attack even when their object names none.
_VIOLENT = frozenset(
    "strike hit attack bomb kill shoot detonate assassinate murder kidnap abduct hijack "
    "shell ambush torch storm raid hack set blow".split()
)
_PAST = frozenset({"VBD", "VBN"})
#: "put the blame on (the shoulders of) X", "pointed the finger at X"
_BLAME_PUTTING = frozenset({"put", "lay", "place", "pin", "shift", "pile", "cast"})
_BODY_NOUNS = frozenset({"shoulders", "shoulder", "door", "doorstep", "feet"})
_FIRST_PERSON = frozenset({"we", "i", "us", "me"})
#: Nouns an event is named under in "referring to E", "over E", "about E".
_ABOUT_VERBS = frozenset({"refer", "regard", "concern", "mention", "cite"})
_WH_PRESUPPOSED = frozenset({"why", "how", "when", "where"})
_GENERIC = frozenset({"it", "this", "that", "them", "these", "those", "which", "what"})
_PRONOUNS = frozenset({"it", "they", "we", "i", "he", "she", "its", "their", "our"})
_RELATIVE = frozenset({"that", "which", "who", "whom"})
_NOT_DOING = frozenset({"refuse", "decline", "fail", "avoid", "stop", "cease"})
_NEG_SUBJECTS = frozenset({"no", "none", "nobody", "neither", "nothing"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_TIME_LABELS = frozenset({"DATE", "TIME"})
_MAX_EVENT_TOKENS = 16
#: "for the bombing in a statement": where a claim was made is not part of the event
_SPEECH_NOUNS = frozenset(
    "statement statements interview video message post tweet communique broadcast speech "
    "conference letter posting website channel".split()
)
#: A bare definite description ("the attack", "this behavior") refers back.
_ANAPHORIC = re.compile(r"(?i)^(?:the|this|that)\s+[^\W\d_]+$")
_CUT_DEPS = frozenset({"relcl", "appos", "punct", "acl", "advcl", "parataxis"})


@dataclass(frozen=True, slots=True)
class FoundClaim:
    """One claim found in a document (character offsets into it).

    ``claimant_head`` / ``agent_head`` are token indices of the heads of those
    phrases (for entity resolution); ``agent_is_claimant`` marks the acts where
    the claimant speaks for itself; ``reported`` marks claims that hold only
    as someone's statement ("X was behind E": the claimant is its speaker);
    ``statement_only`` marks those that are claims only inside one (a denial
    said as "X was not involved").
    """

    act: str
    trigger: tuple[int, int]
    sentence: tuple[int, int]
    claimant: tuple[int, int] | None
    claimant_head: int | None
    agent: tuple[int, int] | None
    agent_head: int | None
    event: tuple[int, int] | None
    event_kind: str | None
    place: tuple[int, int] | None
    time: tuple[int, int] | None
    agent_is_claimant: bool = False
    reported: bool = False
    #: a claim only when someone's statement holds it ("X was not involved" said by Y)
    statement_only: bool = False
    #: a denial by saying the deed does not exist ("there are no such programmes")
    by_existence: bool = False


def event_kind(word: str | None) -> str | None:
    """The kind of an event named by its head word: ``"attack"`` for every word of
    violence (cyber attacks included), ``"accident"`` for crashes, fires and
    spills, ``"scheme"`` for plans and programmes, the lower-cased word otherwise,
    None for a pronoun or a word of no kind ("the incident")."""
    if not word:
        return None
    w = word.lower()
    if w in _GENERIC or w in _GENERIC_EVENTS:
        return None  # "it", "the mentioned events": the event named before
    if w in _ATTACK_WORDS:
        return "attack"
    if w in _SCHEME_WORDS:
        return "scheme"
    return "accident" if w in _ACCIDENT_WORDS else w


def _chars(tokens: Sequence[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _phrase(tok: Token, cut: Token | None = None, *, alone: bool = False) -> tuple[int, int]:
    """The noun phrase of ``tok`` (its subtree without relative clauses,
    appositions and clauses hanging off the head), bounded in length, edge
    punctuation dropped; ``alone``: without its conjuncts ("his predecessor and
    a former prime minister", when each is a party of its own)."""
    skip: set[int] = set()
    for c in tok.children:
        obj = _child(c, "pobj") if c.dep_ == "prep" else None
        if (
            c.dep_ in _CUT_DEPS
            or (alone and c.dep_ in ("conj", "cc"))
            or (cut is not None and c.i == cut.i)
            or (obj is not None and obj.lower_ in _SPEECH_NOUNS)
        ):
            skip.update(t.i for t in c.subtree)
    skip.update(t.i for t in tok.subtree if t.is_space)
    toks = sorted((t for t in tok.subtree if t.i not in skip), key=lambda t: t.i)
    # a contiguous run around the head
    i = next(k for k, t in enumerate(toks) if t.i == tok.i)
    lo = hi = i
    while lo > 0 and toks[lo - 1].i == toks[lo].i - 1:
        lo -= 1
    while hi + 1 < len(toks) and toks[hi + 1].i == toks[hi].i + 1:
        hi += 1
    run = toks[lo : hi + 1]
    while len(run) > 1 and run[-1].is_punct:
        run.pop()
    while len(run) > 1 and run[0].is_punct:
        run.pop(0)
    if len(run) > _MAX_EVENT_TOKENS:
        head = next(k for k, t in enumerate(run) if t.i == tok.i)
        start = max(0, min(head, len(run) - _MAX_EVENT_TOKENS))
        run = run[start : start + _MAX_EVENT_TOKENS]
    return _chars(run)


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _prep_obj(tok: Token, *preps: str) -> Token | None:
    """The object of a preposition ``preps`` under ``tok`` ("for E" → E)."""
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            obj = _child(c, "pobj", "pcomp")
            if obj is not None:
                return obj
    return None


def _negated(verb: Token) -> bool:
    """Whether ``verb`` is negated, or governed by a verb of not doing ("refuses to
    take responsibility", "unable to accuse")."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and (
        verb.head.lemma_ in _NOT_DOING or any(c.dep_ == "neg" for c in verb.head.children)
    ):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_ == "be" and verb.head.dep_ == "acomp":
        return verb.head.head.lower_ in ("unable",)
    # "they don't want to think we're blaming X": not asserted
    tok = verb
    for _ in range(3):
        if tok.dep_ not in ("ccomp", "xcomp") or tok.head.i == tok.i:
            break
        if any(c.lower_ in _WH_PRESUPPOSED for c in tok.children if c.dep_ == "advmod"):
            break  # "it is not clear why X blamed Y": the blame is presupposed
        if tok.i < tok.head.i and tok.head.lemma_ not in REPORTING_VERBS:
            break  # "X claimed it, hence it is not clear ...": a clause of its own
        tok = tok.head
        if any(c.dep_ == "neg" for c in tok.children) and tok.lemma_ not in ("deny",):
            return True
    subj = _child(verb, "nsubj", "nsubjpass")
    if subj is not None:
        if subj.lower_ in _NEG_SUBJECTS:
            return True
        if any(c.dep_ == "det" and c.lower_ in _NEG_SUBJECTS for c in subj.children):
            return True
    return False


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``, through ``xcomp``/``conj`` chains ("X said it would
    claim", "X claimed ... and blamed ...")."""
    tok = verb
    for _ in range(4):
        subjs = [c for c in tok.children if c.dep_ == "nsubj"]
        if subjs:  # the one nearest before the verb ("The agency WAM reported")
            before = [c for c in subjs if c.i < tok.i]
            subj = before[-1] if before else subjs[0]
            if subj.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
                return tok.head  # "the government, which denied ...": the government
            return subj
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.i != tok.i:
            return tok.head  # "the brigade claiming responsibility": the brigade
        if tok.dep_ in ("xcomp", "conj", "advcl") and tok.head.i != tok.i:
            tok = tok.head
            continue
        return None
    return None


#: Nouns of number whose "of" phrase names the event ("a series of bombings").
_QUANTITY = frozenset("series spate wave string number pair couple round set".split())


def _event_head(tok: Token | None) -> Token | None:
    """The event noun of an event phrase: a gerund's object ("carrying out the
    bombing" → bombing), the noun after a noun of number ("a spate of attacks" →
    attacks), else the phrase head."""
    if tok is None:
        return None
    if tok.pos_ in ("VERB", "AUX"):
        obj = _child(tok, "dobj", "pobj")
        if obj is None:
            prep = _child(tok, "prep")
            obj = _child(prep, "pobj") if prep is not None else None
        return obj or tok
    if tok.lower_ in _QUANTITY:
        of = _prep_obj(tok, "of")
        if of is None:
            return tok
        # "a spate of distributed denial of service (DDoS) attacks": its deed word
        return next((t for t in of.subtree if event_kind(t.lower_) in PLACED_KINDS), of)
    return tok


def _span_of(tok: Token | None) -> tuple[int, int] | None:
    return _phrase(tok) if tok is not None else None


def _find_ent(
    sent: Span,
    labels: frozenset[str],
    within: tuple[int, int] | None,
    bounds: tuple[int, int],
    parties: Sequence[tuple[int, int]] = (),
) -> Span | None:
    """The first entity of ``labels`` inside ``within`` (the event phrase), else in
    the sentence (within ``bounds``, its part in the trigger's paragraph) outside
    the claimant and agent phrases ("the Sons of the Valley" names no place)."""
    ents = [
        e
        for e in sent.ents
        if e.label_ in labels
        and bounds[0] <= e.start_char
        and e.end_char <= bounds[1]
        and not any(a <= e.start_char and e.end_char <= b for a, b in parties)
        and not is_dateline(sent.doc, e.start_char, e.end_char)  # "MOSCOW (Reuters) -"
        and not _possessor(e)  # "in Somalia's capital": a place of Somalia, not Somalia
    ]
    if within is not None:
        inside = [e for e in ents if within[0] <= e.start_char and e.end_char <= within[1]]
        if inside:
            return inside[0]
    return ents[0] if ents else None


def _possessor(ent: Span) -> bool:
    """Whether an entity is a possessor ("Somalia's capital", "Russia's troops")."""
    doc = ent.doc
    return ent.end < len(doc) and doc[ent.end].tag_ == "POS"


def _copula_claim(tok: Token) -> tuple[Token | None, Token | None]:
    """For "responsible"/"behind" under a copula: (the one held responsible, the event)."""
    if tok.lower_ == "responsible" and (
        tok.dep_ in ("acomp", "oprd", "amod", "xcomp") or _holding(tok) is not None
    ):
        verb = _holding(tok) or tok.head
        event = _prep_obj(tok, "for")
    elif tok.lower_ == "behind" and tok.dep_ == "prep":
        verb = tok.head
        event = _child(tok, "pobj")
    else:
        return None, None
    if verb.lemma_ == "hold":  # "Y held X responsible for E"
        return _child(verb, "dobj"), event
    if verb.lemma_ not in ("be", "seem", "appear"):
        return None, None
    subj = _child(verb, "nsubj")
    if subj is None or _negated(verb) or tok.lower_ == "behind" and _child(tok, "pobj") is None:
        return None, None
    return subj, event


def _holding(tok: Token) -> Token | None:
    """The verb "hold" of "Y held X responsible", also where the parser hangs
    "responsible" on X ("held the Red Hand Brigade responsible for E") or makes it a
    clause of its own ("held angry rhetoric partly responsible")."""
    if tok.dep_ == "amod" and tok.head.dep_ == "dobj" and tok.head.head.lemma_ == "hold":
        return tok.head.head
    if tok.dep_ == "advcl" and tok.head.lemma_ == "hold":
        return tok.head
    return None


def _party(tok: Token) -> bool:
    """Whether ``tok`` can head a claimant or agent: a noun or pronoun, not a date."""
    return (
        tok.pos_ in ("NOUN", "PROPN", "PRON")
        and tok.ent_type_ not in _TIME_LABELS
        and tok.tag_ not in ("WP", "WDT")
    )


def _at(doc: Doc, start: int) -> Token | None:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


@dataclass(slots=True)
class _Hit:
    """What one pattern read at a trigger (tokens; turned into claims by :func:`_claims`)."""

    act: str
    verb: Token
    claimant: Token | None = None
    agent: Token | None = None
    event: Token | None = None
    cut: Token | None = None  # a phrase left out of the event ("on X" of "the attack on X")
    agent_cut: Token | None = None  # ... and of the agent ("for E" of "X for E")
    self_act: bool = False
    reported: bool = False
    statement_only: bool = False
    negation_is_act: bool = False  # a denial said by negating ("was not involved")
    by_existence: bool = False  # "there is no E"
    more_agents: tuple[Token, ...] = ()


def _doing(tok: Token) -> bool:
    """Whether ``tok`` is a verb of doing an event ("launched", "carried out", "set off")."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB" or lemma not in _DOING:
        return False
    prt = _DOING_PARTICLES.get(lemma)
    return prt is None or any(c.dep_ == "prt" and c.lower_ == prt for c in tok.children)


def _event_word(tok: Token | None) -> bool:
    return tok is not None and event_kind(tok.lower_) in PLACED_KINDS


def _claim_verb(tok: Token) -> _Hit | None:
    """ "X claimed responsibility for E (on behalf of Y)", "responsibility was claimed
    by X", "X claimed E", "X claimed to have hit E"."""
    obj = _child(tok, "dobj")
    subj_pass = _child(tok, "nsubjpass")
    comp = _child(tok, "xcomp", "ccomp")
    if obj is not None and obj.lower_ in _SELF_NOUNS:
        hit = _Hit("responsibility", tok, claimant=_subject(tok), self_act=True)
        hit.event = _prep_obj(obj, "for") or _prep_obj(tok, "for")
        behalf = _prep_obj(tok, "on") or _prep_obj(obj, "on")
        group = (
            _prep_obj(behalf, "of") if behalf is not None and behalf.lower_ == "behalf" else None
        )
        if group is not None:  # "claiming responsibility on behalf of Al Qaeda"
            hit.agent, hit.self_act = group, False
        return hit
    if subj_pass is not None and subj_pass.lower_ in _SELF_NOUNS:
        hit = _Hit("responsibility", tok, claimant=_prep_obj(tok, "by"), self_act=True)
        hit.event = _prep_obj(subj_pass, "for")
        return hit
    if obj is not None and obj.lower_ in _ATTACK_WORDS:
        return _Hit("responsibility", tok, claimant=_subject(tok), event=obj, self_act=True)
    if comp is not None and _doing(comp):  # "claimed to have hit", "claimed it carried out"
        comp_subj = _child(comp, "nsubj")
        if comp_subj is None or comp_subj.lower_ in _PRONOUNS:
            event = _child(comp, "dobj")
            return _Hit(
                "responsibility",
                tok,
                claimant=_subject(tok),
                event=event if _event_word(event) else comp,
                self_act=True,
            )
    return None


def _blame_verb(tok: Token) -> _Hit | None:
    """ "Y blamed X for E", "Y blamed E on X", "X was blamed for E by Y", "X are to
    blame for E" (as someone's statement)."""
    obj = _child(tok, "dobj")
    on = _prep_obj(tok, "on")
    hit = _Hit("blame", tok)
    if on is None and obj is not None:  # "blamed [the attack on X]"
        on = _prep_obj(obj, "on")
        if on is not None and _party(on):
            hit.cut = on.head
    if on is not None and not _party(on):  # "on Wednesday"
        on = None
    subj_pass = _child(tok, "nsubjpass")
    if obj is not None and obj.lower_ in _RELATIVE and tok.dep_ == "relcl":
        obj = tok.head  # "the hostility that critics blame for ...": the hostility
    if subj_pass is not None and subj_pass.lower_ in _RELATIVE and tok.dep_ == "relcl":
        subj_pass = tok.head  # "the rebels, who were blamed for ...": the rebels
    if tok.dep_ == "acl" and obj is None and subj_pass is None and tok.tag_ in ("VBN", "VBD"):
        subj_pass = tok.head  # "Rebels blamed for deadly attack" (a headline)
    if tok.dep_ == "xcomp" and tok.head.lemma_ == "be" and obj is None:
        hit.agent, hit.event = _child(tok.head, "nsubj"), _prep_obj(tok, "for")
        hit.reported = True
        return hit
    if on is not None:  # "blamed E on X"
        hit.agent, hit.event = on, obj or subj_pass
    elif subj_pass is not None:  # "X was blamed for E (by Y)"
        hit.agent, hit.event = subj_pass, _prep_obj(tok, "for")
    else:
        hit.agent, hit.event = obj, _prep_obj(tok, "for")
        if hit.event is None and obj is not None:  # "blamed [X for E]"
            hit.event = _prep_obj(obj, "for")
            if hit.event is not None:
                hit.agent_cut = hit.event.head
    hit.claimant = _prep_obj(tok, "by") if subj_pass is not None else _subject(tok)
    return hit


def _nominal(tok: Token) -> _Hit | None:
    """ "a claim of responsibility by X", "X's denial of any involvement in E", "X
    issued a denial of involvement": the one whose claim or denial it is (its
    possessor, "by X", or the subject of the verb that makes it)."""
    of = _prep_obj(tok, "of")
    if of is None:
        return None
    claimant = (
        next((c for c in tok.children if c.dep_ == "poss"), None)
        or _prep_obj(tok, "by")
        or _prep_obj(of, "by")  # "a claim of responsibility by X", "by" hung on the noun
    )
    if claimant is None and tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_ in _MAKING:
        claimant = _subject(tok.head) if tok.dep_ == "dobj" else _prep_obj(tok.head, "by")
    verb = tok.head if tok.dep_ == "dobj" else tok
    if tok.lower_.startswith("claim") and of.lower_ in _SELF_NOUNS:
        event = _prep_obj(of, "for") or _prep_obj(tok, "for")
        return _Hit("responsibility", verb, claimant=claimant, event=event, self_act=True)
    if tok.lower_.startswith("denial") and (of.lower_ in _DENIED_NOUNS or _event_word(of)):
        event = of if _event_word(of) else _prep_obj(of, "in", "for", "with", "behind")
        return _Hit("denial", verb, claimant=claimant, event=event, self_act=True)
    return None


#: Verbs that make a claim or a denial ("issued a denial", "made a claim").
_MAKING = frozenset({"issue", "make", "publish", "post", "release", "send", "repeat"})


def _put_blame(tok: Token) -> _Hit | None:
    """ "Y put the blame (squarely) on (the shoulders of) X", "Y pointed the finger at X"."""
    verb = tok.head
    if tok.dep_ != "dobj":
        return None
    if tok.lower_ == "blame" and verb.lemma_.lower() in _BLAME_PUTTING:
        target = _prep_obj(verb, "on", "upon", "at") or _prep_obj(tok, "on", "upon", "at")
    elif tok.lower_ == "finger" and verb.lemma_.lower() == "point":
        target = _prep_obj(verb, "at") or _prep_obj(tok, "at")
    else:
        return None
    if target is not None and target.lower_ in _BODY_NOUNS:
        target = _prep_obj(target, "of")
    if target is None:
        return None
    claimant = _subject(verb)
    if claimant is None or not (
        claimant.pos_ in ("PROPN", "PRON") or fold(claimant.lemma_) in PERSON_NOUNS | ORG_NOUNS
    ):
        return None  # "a framing that places all the blame on ...": no one's claim
    hit = _Hit("blame", verb, claimant=claimant, agent=target)
    hit.event = _prep_obj(tok, "for") or _prep_obj(verb, "for")
    # "... on his predecessor, X, and Y": a name the parser hung on the verb
    hit.more_agents = tuple(
        c
        for c in verb.children
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN") and c.i > target.i
    )
    return hit


def _accuse_verb(tok: Token) -> _Hit | None:
    """ "Y accused X of E", "X was accused (by Y)"; "what we are accused of" said by
    the accused is a denial."""
    subj_pass = _child(tok, "nsubjpass")
    hit = _Hit("blame", tok, event=_prep_obj(tok, "of"))
    if subj_pass is not None and subj_pass.lower_ in _FIRST_PERSON:
        hit.act, hit.claimant, hit.self_act = "denial", subj_pass, True
        hit.reported = hit.statement_only = True
        return hit
    if subj_pass is not None:
        hit.agent, hit.claimant = subj_pass, _prep_obj(tok, "by")
    else:
        hit.agent, hit.claimant = _child(tok, "dobj"), _subject(tok)
    return hit


def _deny_verb(tok: Token) -> _Hit | None:
    """ "Z denied involvement in E", "Z rejected the allegations", "Z denied carrying
    out E", "Z denied that it was behind E"."""
    lemma = tok.lemma_.lower()
    obj = _child(tok, "dobj")
    comp = _child(tok, "ccomp", "xcomp")
    hit = _Hit("denial", tok, claimant=_subject(tok))
    denied = _DENIED_NOUNS if lemma == "deny" else _REJECTED_NOUNS
    if lemma == "deny" and obj is not None and obj.lower_ == "existence":
        # "Moscow denied the existence of any government-run scheme": denying the deed
        what = _prep_obj(obj, "of")
        if what is None or not _deed(what):
            return None
        hit.event, hit.self_act = what, True
        return hit
    if obj is not None and obj.lower_ in denied:
        preps = ("in", "for", "to", "with", "of", "behind")
        event = _prep_obj(obj, *preps) or _prep_obj(tok, *preps)
        if obj.lower_ in _ALLEGATION_NOUNS and not _event_word(_event_head(event)):
            # "rejected allegations that it was responsible for E": E; "statements of X": none
            event = next(
                (
                    ev
                    for t in obj.subtree
                    if t.lower_ in ("responsible", "behind")
                    for ev in (_copula_claim(t)[1],)
                    if ev is not None
                ),
                None,
            )
        hit.event, hit.self_act = event, True
        return hit
    if lemma != "deny":
        return None
    if obj is None and tok.dep_ == "relcl" and tok.head.lower_ in _ALLEGATION_NOUNS:
        hit.self_act = True  # "X was responsible, a charge Moscow denied"
        return hit
    if obj is not None and obj.tag_ == "VBG":  # "denied carrying out E"
        hit.event, hit.self_act = obj, True
        return hit
    if comp is None:
        return None
    for t in comp.subtree:
        if t.lower_ in ("responsible", "behind"):
            held, ev = _copula_claim(t)
            if held is not None:
                hit.agent, hit.event = held, ev
                if held.lower_ in _PRONOUNS:
                    hit.agent, hit.self_act = None, True
                return hit
    comp_subj = _child(comp, "nsubj", "nsubjpass")
    if comp.tag_ == "VBG" or comp.lemma_ in ("carry", "involve", "play", "have"):
        hit.event, hit.self_act = comp, True
    elif (
        comp_subj is not None
        and (comp_subj.lower_ in _PRONOUNS or _owned(comp_subj))
        and comp.tag_ in ("VBD", "VBN")
    ):
        # "she denied that she mishandled ...", "denied that its soldiers shelled ..."
        hit.event, hit.self_act = comp, True
    else:
        return None
    return hit


def _copula_hit(tok: Token) -> _Hit | None:
    """ "X was responsible for E", "X was behind E" (someone's statement); "Y held X
    responsible"; "U.S. allegations that it was responsible for E" (Y's blame)."""
    agent, event = _copula_claim(tok)
    if agent is None:
        return None
    holder = _holding(tok) or tok.head
    hit = _Hit("blame", tok, agent=agent, event=event)
    if tok.head.i == agent.i:  # "held X responsible for E" parsed "X responsible …": X
        hit.agent_cut = tok
    if holder.lemma_ == "hold":
        hit.claimant, hit.verb = _subject(holder), holder
        return hit
    noun = holder.head if holder.dep_ in ("acl", "ccomp", "relcl") else None
    if noun is not None and noun.lower_ in _ALLEGATION_NOUNS and noun.i != holder.i:
        # whose allegation: "U.S. allegations", "allegations by X"; "it": the one who
        # rejects them ("Russia rejected allegations that it was ...")
        hit.claimant = next(
            (c for c in noun.children if c.dep_ in ("poss", "compound") and _party(c)), None
        ) or _prep_obj(noun, "by", "from")
        if agent.lower_ in _PRONOUNS and noun.head.i != noun.i:
            hit.agent = _subject(noun.head) or agent
        hit.verb = noun.head if noun.dep_ in ("dobj", "pobj") else holder
        return hit
    hit.reported = True
    if agent.lower_ in _PRONOUNS:
        hit.agent, hit.self_act, hit.act = None, True, "responsibility"
    return hit


def _negated_here(tok: Token) -> bool:
    """Negated itself, or a clause under a negated copula ("it's not something that
    we were involved in")."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if tok.dep_ == "relcl":
        cop = tok.head.head
        is_be = cop.lemma_ == "be" or cop.lower_ in ("’s", "'s")  # "It’s": lemma "’"
        return is_be and any(c.dep_ == "neg" for c in cop.children)
    if tok.dep_ in ("acomp", "attr") and tok.head.lemma_ == "be":
        return any(c.dep_ == "neg" for c in tok.head.children)
    return False


def _denied_by_saying(tok: Token) -> _Hit | None:
    """Denials said in a statement: "X had nothing to do with E", "X was not involved
    (in E)", "X did not know about it", "X was not aware of it"."""
    low = tok.lower_
    if low == "nothing" and tok.dep_ == "dobj" and tok.head.lemma_ == "have":
        do = next((c for c in tok.children if c.lemma_ == "do"), None)
        if do is None:
            return None
        verb = tok.head
        return _Hit(
            "denial",
            verb,
            agent=_subject(verb),
            event=_prep_obj(do, "with"),
            reported=True,
            statement_only=True,
        )
    if low == "involved" and tok.tag_ == "VBN" and _negated_here(tok):
        subj = _child(tok, "nsubjpass", "nsubj") or _subject(tok)
        event = _prep_obj(tok, "in")
        if event is not None and event.lower_ in _RELATIVE:
            event = None
        return _Hit(
            "denial",
            tok,
            agent=subj,
            event=event,
            reported=True,
            statement_only=True,
            negation_is_act=True,
        )
    if (tok.lemma_ == "know" and tok.pos_ == "VERB") or low == "aware":
        if not _negated_here(tok):
            return None
        subj = _child(tok, "nsubj") or (_child(tok.head, "nsubj") if low == "aware" else None)
        if subj is None or subj.lower_ not in _PRONOUNS | _FIRST_PERSON:
            return None
        what = _prep_obj(tok, "about", "of")  # "did not know about it / of the plot"
        if what is None or not (
            what.lower_ in _GENERIC
            or what.lower_ in ("operation", "plan", "plot")
            or _event_word(_event_head(what))
        ):
            return None
        return _Hit(
            "denial",
            tok,
            agent=subj,
            event=what,
            reported=True,
            statement_only=True,
            negation_is_act=True,
        )
    return None


def _said_doing(tok: Token, content: Span) -> _Hit | None:
    """In a statement's content, "X launched the attack" / "X set off a car bomb":
    the speaker blames X (or claims it, when X is "we"); "coalition airstrikes killed":
    the party named on the event."""
    if not _doing(tok) or tok.dep_ in ("relcl", "amod", "advcl", "pcomp", "xcomp"):
        return None
    if not _asserted_past(tok):
        return None
    # a coordinated verb shares its conjunct's subject ("We have succeeded in … and
    # struck"), inside the statement (not the speaker of "X said Y, struck …")
    shared = tok.dep_ == "conj" and content.start <= tok.head.i < content.end
    subj = _undated(_child(tok, "nsubj") if not shared else _subject(tok))
    obj = _child(tok, "dobj")
    done = _child(tok, "nsubjpass")
    if subj is None and _event_word(done):  # "the fire was caused by faulty wiring"
        subj, obj = _prep_obj(tok, "by"), done
    if subj is None or subj.tag_ in ("WDT", "WP") or subj.lower_ in ("you", "one"):
        return None
    lemma = tok.lemma_.lower()
    if _event_word(subj):  # "Saudi-led coalition airstrikes killed ...": the coalition
        subj = next(
            (c for c in subj.children if c.dep_ in ("compound", "poss", "nmod") and _party(c)),
            None,
        )
        if subj is None:
            return None
    elif not (
        _event_word(obj)  # "launched the attack", "set off a car bomb"
        or (lemma in _COVERT and obj is not None)  # "tapped the phones"
        or (
            (subj.lower_ in ("we", "it", "they") or _owned(subj))  # "we … struck the bases"
            and lemma in _STRIKING
            and obj is not None
            and obj.ent_type_ != "PERSON"
            and obj.pos_ != "PRON"  # "they hit him hard on taxes"
        )
    ):
        return None
    event = obj if _event_word(obj) else None
    hit = _Hit("blame", tok, agent=subj, event=event, reported=True, statement_only=True)
    if subj.lower_ in _FIRST_PERSON or _owned(subj):  # "we", "its fighters": its own deed
        hit.act, hit.agent, hit.self_act = "responsibility", None, True
    # "inspectors, acting on the orders of X and Y, tapped ...": X and Y too
    for c in tok.children:
        if c.dep_ in ("advcl", "acl") and c.tag_ == "VBG":
            on = _prep_obj(c, "on")
            if on is not None and on.lower_ in ("orders", "order", "instructions", "behalf"):
                by = _prep_obj(on, "of")
                if by is not None:
                    hit.more_agents = (by, *_conjuncts(by))
    return hit


def _owned(tok: Token) -> bool:
    """A party's own people: "its fighters", "their men", "our soldiers"."""
    return any(c.dep_ == "poss" and c.lower_ in ("its", "their", "our") for c in tok.children)


def _deed(tok: Token | None) -> bool:
    """A noun of something done that a party may be blamed for: violence, an
    accident or an organised scheme."""
    return tok is not None and event_kind(tok.lower_) in (*PLACED_KINDS, "scheme")


def _said_taking_part(tok: Token) -> _Hit | None:
    """In a statement's content, "X took part in E" / "X participated in E", E a deed:
    the speaker blames X; when E is "a plan involving Y (to use banned drugs)", the
    speaker blames Y, the party the scheme is said to involve, and X is its means
    ("athletes took part in a plan involving ministry officials")."""
    if not _asserted_past(tok):
        return None
    if tok.lemma_.lower() == "take":
        part = _child(tok, "dobj")
        if part is None or part.lower_ != "part":
            return None
    event = _prep_obj(tok, "in")
    subj = _subject(tok)
    if not _deed(event) or subj is None or subj.tag_ in ("WDT", "WP"):
        return None
    assert event is not None
    hit = _Hit("blame", tok, agent=subj, event=event, reported=True, statement_only=True)
    if subj.lower_ in _FIRST_PERSON:
        hit.act, hit.agent, hit.self_act = "responsibility", None, True
    for c in event.children:
        if c.dep_ == "acl" and c.lower_ == "involving":
            party = _child(c, "dobj")
            if party is not None:
                hit.agent, hit.act, hit.self_act = party, "blame", False
                hit.more_agents = tuple(_conjuncts(party))
                hit.cut = c  # the event without its parties
    return hit


def _said_none(tok: Token) -> _Hit | None:
    """In a statement's content, "there are no E" (E a deed: "there are no government
    programmes to support doping"): a denial by the one saying so, the subject of a
    verb of saying inside the statement ("The ministry states there are no ...") or
    the statement's speaker; kept by :func:`find_claims` only when another claim of
    the article is about a deed of that kind."""
    what = _child(tok, "attr") or _child(tok, "nsubj")
    if what is None or not _deed(what):
        return None
    if not any(c.dep_ == "det" and c.lower_ == "no" for c in what.children):
        return None
    hit = _Hit("denial", tok, event=what, reported=True, statement_only=True, self_act=True)
    hit.negation_is_act = hit.by_existence = True
    # "The Russian sports ministry ... states there are no ...": the one saying it, which
    # the parser may hang on the clause itself when it takes "states" for a noun
    sayer = next((c for c in tok.children if c.dep_ == "nsubj" and c.i != what.i), None)
    if sayer is None and tok.dep_ == "ccomp" and tok.head.pos_ == "VERB":
        sayer = _child(tok.head, "nsubj")
    if sayer is not None and sayer.lower_ not in _FIRST_PERSON:
        hit.claimant = sayer
    return hit


def _undated(subj: Token | None) -> Token | None:
    """A subject, past a dateline the parser took for it ("SANAA, Yemen (AP) — coalition
    airstrikes killed ...": the airstrikes)."""
    if subj is None or not is_dateline(subj.doc, subj.idx, subj.idx + len(subj.text)):
        return subj
    dash = next((c.i for c in subj.children if c.text in ("—", "–", "-", "--")), None)
    after = [c for c in subj.children if c.dep_ == "appos" and dash is not None and c.i > dash]
    return after[-1] if after else None


def _asserted_past(verb: Token) -> bool:
    """Whether ``verb`` states a past deed: past tense, no modal ("would attack"),
    not a question ("Did you shoot him?"), not inside someone's allegation that
    the speaker reports ("accusations that its agents hacked ... were baseless")
    nor inside a denial ("denied that its soldiers had shelled ...")."""
    if verb.tag_ not in _PAST:
        return False
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return False
    if verb.sent.text.rstrip().endswith("?"):
        return False
    tok = verb
    for _ in range(4):
        if tok.dep_ in ("acl", "ccomp") and tok.head.lower_ in _ALLEGATION_NOUNS:
            return False
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in _REJECT_VERBS:
            return False  # "the army denied that its soldiers had shelled the village"
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return True


def _conjuncts(tok: Token) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ == "conj":
            out.append(c)
            out.extend(_conjuncts(c))
    return out


def _hit_at(tok: Token) -> _Hit | None:
    """The pattern read at a trigger word, if one fits."""
    lemma = tok.lemma_.lower()
    low = tok.lower_
    if lemma == "claim" and tok.pos_ == "VERB":
        return _claim_verb(tok)
    if low in ("claim", "claims", "denial", "denials") and tok.pos_ == "NOUN":
        return _nominal(tok)
    if low in _ADMITTED and tok.dep_ == "dobj" and tok.head.lemma_ in _ADMITTING:
        # "X admitted its role in E" (said by Y: Y's blame of X, see extract.parties)
        verb = tok.head
        event = _prep_obj(tok, "in", "for", "behind") or _prep_obj(verb, "in", "for")
        if event is None:
            return None  # "acknowledged his responsibility to champion a film"
        if event.tag_ == "VBG":  # "its role in plotting the attack"
            event = _child(event, "dobj") or event
        return _Hit("responsibility", verb, claimant=_subject(verb), event=event, self_act=True)
    if low == "was" and tok.dep_ in ("ccomp", "conj", "ROOT"):
        return _cleft(tok)
    if low in _SELF_NOUNS and tok.dep_ == "dobj" and tok.head.lemma_ in _TAKING:
        verb = tok.head
        event = _prep_obj(tok, "for") or _prep_obj(verb, "for")
        return _Hit("responsibility", verb, claimant=_subject(verb), event=event, self_act=True)
    if lemma == "blame" and tok.pos_ == "VERB":
        return _blame_verb(tok)
    if low in ("blame", "finger") and tok.pos_ == "NOUN":
        return _put_blame(tok)
    if lemma == "accuse" and tok.pos_ == "VERB":
        return _accuse_verb(tok)
    if lemma in _REJECT_VERBS and tok.pos_ == "VERB":
        return _deny_verb(tok)
    if low in ("responsible", "behind"):
        return _copula_hit(tok)
    if lemma == "attribute" and tok.pos_ == "VERB":
        return _attribute_verb(tok)
    if lemma == "distance" and tok.pos_ == "VERB":
        # "X distanced itself from the attack"
        if not any(
            c.dep_ == "dobj" and c.lower_.endswith(("self", "selves")) for c in tok.children
        ):
            return None
        return _Hit(
            "denial", tok, claimant=_subject(tok), event=_prep_obj(tok, "from"), self_act=True
        )
    return _denied_by_saying(tok)


def _attribute_verb(tok: Token) -> _Hit | None:
    """ "Y attributed E to X", "E was attributed to X (by Y)": Y blames X."""
    subj_pass = _child(tok, "nsubjpass")
    event = subj_pass if subj_pass is not None else _child(tok, "dobj")
    if event is None or not _event_word(_event_head(event)):
        return None  # "attributed the quote to X", "attributed his success to luck"
    to = _prep_obj(tok, "to")
    cut = None
    if to is None:  # "the blast at the depot to X": the parser hung "to X" on the depot
        prep = next(
            (t for t in tok.subtree if t.dep_ == "prep" and t.lower_ == "to" and t.i > event.i),
            None,
        )
        to, cut = (_child(prep, "pobj"), prep) if prep is not None else (None, None)
    if to is None or not _party(to):
        return None
    claimant = _prep_obj(tok, "by") if subj_pass is not None else _subject(tok)
    return _Hit("blame", tok, claimant=claimant, agent=to, event=event, cut=cut)


_TAKING = frozenset({"take", "accept", "assume", "admit"})
#: "admitted its role in E": an admission (said by another, that one's blame)
_ADMITTING = frozenset({"admit", "acknowledge", "confess", "concede"})
_ADMITTED = frozenset({"role", "involvement", "part", "responsibility", "guilt"})
#: Verbs of a cleft's clause that make it a claim: "it was X who carried it out",
#: "it was a small group which acted irresponsibly".
_CLEFT_VERBS = _DOING | frozenset({"act", "do", "cause", "start", "order", "plan"})


def _cleft(was: Token) -> _Hit | None:
    """ "It was X who/which did it" in a statement: the speaker blames X."""
    subj = _child(was, "nsubj")
    attr = _child(was, "attr")
    if subj is None or subj.lower_ != "it" or attr is None or not _party(attr):
        return None
    rel = next((c for c in attr.children if c.dep_ == "relcl"), None)
    if (
        rel is None
        or rel.lemma_.lower() not in _CLEFT_VERBS
        or not any(c.dep_ == "nsubj" and c.lower_ in ("who", "which", "that") for c in rel.children)
    ):
        return None
    return _Hit("blame", was, agent=attr, reported=True, statement_only=True, cut=None)


def _claim_of(
    tok: Token,
    text: str,
    hit: _Hit | None = None,
    *,
    contents: Sequence[tuple[int, int]] = (),
) -> list[FoundClaim]:
    """The claims triggered at ``tok`` (one per agent and event named: "on X and Y",
    "for E1 and E2"); phrases in another paragraph than the trigger are not read (a
    headline without a full stop is parsed as one sentence with the paragraph under
    it). A claim inside a statement's content (``contents``) takes its place and
    time from that content, not from the statement's source or cue ("U.S. Deputy
    National Security Advisor X said that ...": no place)."""
    hit = hit or _hit_at(tok)
    if hit is None:
        return []
    lo = text.rfind("\n", 0, tok.idx) + 1
    hi = text.find("\n", tok.idx)
    hi = len(text) if hi < 0 else hi

    def inside(t: Token | None) -> Token | None:
        return t if t is not None and lo <= t.idx < hi else None

    claimant, agent, event = inside(hit.claimant), inside(hit.agent), inside(hit.event)
    if agent is not None and not _party(agent):
        agent = None
    if claimant is not None and not _party(claimant):
        claimant = None
    if not hit.negation_is_act and _negated(hit.verb):
        return []
    if claimant is not None and (
        claimant.lower_ in _NEG_SUBJECTS
        or any(c.dep_ == "det" and c.lower_ in _NEG_SUBJECTS for c in claimant.children)
    ):
        return []
    if hit.self_act:
        agent = claimant
    if agent is None and not (hit.self_act and (claimant is not None or hit.reported)):
        return []
    agents: list[Token | None] = [agent]
    if agent is not None and not hit.self_act:  # "on X and Y": named ones, each a claim
        named = [a for a in (*_conjuncts(agent), *hit.more_agents) if a.pos_ == "PROPN"]
        named += [a for a in hit.more_agents if a.pos_ != "PROPN"]
        agents += [a for a in named if inside(a) and _party(a)]
    events: list[Token | None] = [event]
    if _event_word(_event_head(event)) and event is not None:  # "for E1 and the E2": each
        events += [
            e
            for e in _conjuncts(event)
            if inside(e) and _event_word(e) and any(c.dep_ == "det" for c in e.children)
        ]
    sent = tok.sent
    s0, s1 = max(sent.start_char, lo), min(sent.end_char, hi)
    said = next(((a, b) for a, b in contents if a <= tok.idx < b), None)
    where = (max(s0, said[0]), min(s1, said[1])) if said is not None else (s0, s1)
    about = _event_about(sent, lo, hi)  # "Referring to the shooting in X, he said ..."
    if about is not None and (event is None or not any(t.i == about.i for t in event.subtree)):
        events = [about]
    out = []
    alone = len(agents) > 1  # each conjunct its own claim: each phrase without the others
    for ag in agents:
        for ev in events:
            cut = hit.cut if ev is event else None
            out.append(_found(hit, tok, (s0, s1), claimant, ag, ev, cut, alone=alone, where=where))
    return out


def _event_about(sent: Span, lo: int, hi: int) -> Token | None:
    """An event noun the sentence says it is about ("Referring to the shooting of
    Hazaras in Daikundi, he said ...")."""
    for t in sent:
        if not (lo <= t.idx < hi) or t.dep_ != "prep" or not _event_word(_child(t, "pobj")):
            continue
        if t.head.lemma_.lower() in _ABOUT_VERBS or t.lower_ in ("over", "regarding"):
            return _child(t, "pobj")
    return None


def _found(
    hit: _Hit,
    tok: Token,
    bounds: tuple[int, int],
    claimant: Token | None,
    agent: Token | None,
    event: Token | None,
    cut: Token | None,
    *,
    alone: bool = False,
    where: tuple[int, int] | None = None,
) -> FoundClaim:
    sent = tok.sent
    ev_head = _event_head(event)
    if cut is None and event is not None:  # "the bombing of X and the bombing of Y": each
        cut = next((c for c in event.children if c.dep_ == "conj" and _event_word(c)), None)
    ev_span = _phrase(event, cut) if event is not None else None
    agent_span = _party_phrase(agent, hit.agent_cut, alone=alone) if agent is not None else None
    claimant_span = _party_phrase(claimant) if claimant is not None else None
    parties = [_chars(list(t.subtree)) for t in (agent, claimant) if t is not None]
    if where is not None and ev_span is not None and not where[0] <= ev_span[0] < where[1]:
        # the event named outside the content the trigger is in ("rejected U.S.
        # allegations | that it was responsible for cyberattacks on Ukrainian …", the
        # allegations a statement of their own): its place is searched there too
        where = (min(where[0], ev_span[0]), max(where[1], ev_span[1]))
    place = _find_ent(sent, _PLACE_LABELS, ev_span, where or bounds, parties)
    inside = ev_span is not None and place is not None and ev_span[0] <= place.start_char
    located = _located(event) if not (inside and place is not None) else None
    place_span = (
        (place.start_char, place.end_char) if place is not None and located is None else located
    )
    time = _find_ent(sent, _TIME_LABELS, ev_span, where or bounds, parties)
    kind = event_kind(ev_head.lower_ if ev_head is not None else None)
    if kind is None and event is None and hit.verb.lemma_.lower() in _VIOLENT:
        kind = "attack"
    return FoundClaim(
        act=hit.act,
        trigger=(tok.idx, tok.idx + len(tok.text)),
        sentence=bounds,
        claimant=claimant_span,
        claimant_head=claimant.i if claimant is not None else None,
        agent=agent_span,
        agent_head=agent.i if agent is not None else None,
        event=ev_span,
        event_kind=kind,
        place=place_span,
        time=(time.start_char, time.end_char) if time is not None else None,
        agent_is_claimant=hit.self_act,
        reported=hit.reported,
        statement_only=hit.statement_only,
        by_existence=hit.by_existence,
    )


def _located(event: Token | None) -> tuple[int, int] | None:
    """A proper name after "in" or "near" in the event's phrase ("the killing of 14
    civilians in Daikundi"), whatever label the NER gave it: where it happened."""
    if event is None:
        return None
    for t in event.subtree:
        if t.dep_ == "prep" and t.lower_ in ("in", "near") and t.head.i == event.i:
            obj = _child(t, "pobj")
            if obj is not None and obj.pos_ == "PROPN" and obj.ent_type_ not in _TIME_LABELS:
                names = [c for c in obj.subtree if c.i <= obj.i and c.pos_ == "PROPN"]
                return _chars(sorted(names, key=lambda c: c.i))
    return None


def _party_phrase(tok: Token, cut: Token | None = None, *, alone: bool = False) -> tuple[int, int]:
    """A party's phrase: its noun phrase, the possessor before an unnamed head left
    out ("Venezuela's opposition": the opposition), and so is a "with" phrase, which
    tells how, not who ("The ministry with full responsibility states ...")."""
    with_ = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"), None)
    s, e = _phrase(tok, cut or with_, alone=alone)
    if tok.ent_type_:
        return s, e
    poss = next((c for c in tok.children if c.dep_ == "poss" and c.i < tok.i), None)
    if poss is not None:
        after = poss.right_edge.i + 1
        nxt = tok.doc[after] if after < len(tok.doc) and tok.doc[after].dep_ == "case" else None
        start = (nxt or poss.right_edge).idx + len((nxt or poss.right_edge).text)
        text = tok.doc.text  # once: Doc.text joins every token
        while start < e and text[start].isspace():
            start += 1
        if s <= start < e:
            return start, e
    return s, e


def find_claims(
    doc: Doc, text: str | None = None, *, contents: Sequence[tuple[int, int]] = ()
) -> Iterator[FoundClaim]:
    """The claims of ``doc`` in text order.

    ``text`` is ``doc.text`` when the caller has it. The parse is read only at
    the trigger words the regular expression finds and, inside ``contents`` (the
    statements' contents), at verbs of doing an event ("X said the rebels
    launched the attack").
    """
    if text is None:
        text = doc.text
    at: dict[int, Token] = {}
    for m in _TRIGGER.finditer(text):
        tok = _at(doc, m.start())
        if tok is not None:
            at.setdefault(tok.i, tok)
    said: dict[int, _Hit] = {}
    for s, e in contents:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            if tok.i in at:
                continue
            lemma = tok.lemma_.lower()
            hit = None
            if lemma in _DOING:
                hit = _said_doing(tok, span)
            elif lemma in ("take", "participate"):
                hit = _said_taking_part(tok)
            elif lemma == "be" and _child(tok, "expl") is not None:
                hit = _said_none(tok)
            if hit is not None:
                at[tok.i] = tok
                said[tok.i] = hit
    found = [f for i in sorted(at) for f in _claim_of(at[i], text, said.get(i), contents=contents)]
    # "there is no evacuation plan": a denial only where the article speaks of such a
    # deed as someone's ("there are no government programmes to support doping")
    kinds = {f.event_kind for f in found if not f.by_existence}
    yield from (f for f in found if not f.by_existence or f.event_kind in kinds)


def lede_place(doc: Doc, *, sentences: int = 2) -> tuple[int, int] | None:
    """The first place (GPE, LOC, FAC) named in the first ``sentences`` sentences of
    the first paragraph (the lede, or the dateline), as character offsets."""
    text_end = None
    for k, sent in enumerate(doc.sents):
        if k >= sentences:
            break
        text_end = sent.end_char
    if text_end is None:
        return None
    for ent in doc.ents:
        if ent.start_char >= text_end:
            break
        if ent.label_ in _PLACE_LABELS:
            return ent.start_char, ent.end_char
    return None


_EVENT_STOP = frozenset(
    "the a an of in on at for to and or by with from that this its his her their s "
    "deadly series attack attacks".split()
)


def _event_words(c: Claim) -> set[str]:
    """Content words of a claim's event phrase and place, attack words left out (two
    bombings in two cities are not one event for sharing "bombing")."""
    text = " ".join(x.text for x in (c.event, c.place) if x is not None)
    return {
        w
        for w in re.findall(r"[^\W\d_]+", text.lower())
        if w not in _EVENT_STOP and w not in _ATTACK_WORDS and w not in _ACCIDENT_WORDS
    }


def same_place(a: str, b: str) -> bool:
    """Whether two places as written name one place: equal when folded (a leading
    "the" dropped), or one country by its name or its adjective ("Ukraine",
    "Ukrainian"; :func:`saidwhat.names.nationality`)."""
    fa, fb = (re.sub(r"^the ", "", fold(x)) for x in (a, b))
    if fa == fb:
        return True
    country = nationality(fa)
    return country is not None and country == nationality(fb)


#: How many paragraphs back a bare definite description ("the attacks") looks for
#: the latest event of its kind before it takes the article's first.
_NEAR_PARAGRAPHS = 2


def link_events(
    claims: Sequence[Claim], *, lede: TextSpan | None = None, text: str | None = None
) -> list[Claim]:
    """The claims of one article with ``event_ref`` set ("V1", "V2", ...): a claim
    about "it" (no kind) joins the event before it; one about a bare definite
    description ("the killings") the latest event of its kind, when ``text`` (the
    article) is given only one named in its paragraph or the two before, else the
    first of its kind, the article's own ("the attacks" paragraphs after an
    aside on earlier bombings: the lede's), else the first event;
    any other the latest event of its kind whose place does not differ from its
    own or whose description shares a word with its own. With ``lede``
    (the place the article's lede names), the claims of an attack or accident
    that no claim places get it as their place."""
    events: list[tuple[str | None, str | None]] = []  # (kind, place) per event
    seen: list[set[str]] = []  # content words of each event's descriptions and places
    last: list[int] = []  # paragraph of each event's latest claim
    out: list[Claim] = []
    for c in claims:
        place = c.place.text.lower() if c.place is not None else None
        para = len(re.findall(r"\n+", text[: c.sentence.start])) if text is not None else 0
        ref = None
        if c.event_kind is None and events:
            ref = len(events)
        elif events and c.event is not None and _ANAPHORIC.match(c.event.text):
            # "the killings": the latest event of its kind nearby, else the first of
            # its kind; "this behavior": the first event
            same = [n for n, (kind, _) in enumerate(events, start=1) if kind == c.event_kind]
            near = [n for n in same if para - last[n - 1] <= _NEAR_PARAGRAPHS]
            ref = (near or same or [1])[-1 if near else 0]
        else:
            words = _event_words(c)
            for n in range(len(events), 0, -1):
                kind, p = events[n - 1]
                if kind not in (c.event_kind, None):
                    continue
                # places agree, or the descriptions share a word ("a hotel in Mogadishu",
                # "the entrance of the Sahafi Hotel")
                if p is None or place is None or same_place(p, place) or words & seen[n - 1]:
                    ref = n
                    events[n - 1] = (kind or c.event_kind, p or place)
                    break
        if ref is None:
            events.append((c.event_kind, place))
            seen.append(set())
            last.append(para)
            ref = len(events)
        seen[ref - 1] |= _event_words(c)
        last[ref - 1] = para
        out.append(replace(c, event_ref=f"V{ref}"))
    if lede is not None:  # events of violence and accidents happen where the lede says
        placed = {c.event_ref for c in out if c.place is not None}
        out = [
            replace(c, place=lede)
            if c.place is None and c.event_ref not in placed and c.event_kind in PLACED_KINDS
            else c
            for c in out
        ]
    return out
