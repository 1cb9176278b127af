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

from ..records import PLACED_KINDS, Claim, TextSpan

__all__ = [
    "ACTS",
    "FoundClaim",
    "event_kind",
    "find_claims",
    "lede_place",
    "link_events",
]

#: The acts of a claim.
ACTS = ("responsibility", "blame", "denial")

_TRIGGER = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|blam(?:e|es|ed|ing)|accus(?:e|es|ed|ing)|"
    r"den(?:y|ies|ied|ying)|responsib(?:le|ility)|behind)\b",
    re.IGNORECASE,
)
#: Nouns of violent acts: one event kind, so "the bombing" and "the attack" agree.
_ATTACK_WORDS = frozenset(
    "attack attacks bombing bombings bomb bombs blast blasts explosion explosions assault "
    "shooting shootings strike strikes airstrike airstrikes raid raids ambush massacre "
    "killing killings murder murders kidnapping kidnappings abduction hijacking shelling "
    "rocket rockets missile assassination beheading slaying slayings stabbing hack "
    "hacking hacks cyberattack cyberattacks intrusion breach ambushes".split()
)
#: Nouns of accidents and disasters: one event kind, so "the crash" and "the derailment" agree.
_ACCIDENT_WORDS = frozenset(
    "accident accidents crash crashes derailment collision collapse spill fire fires blaze "
    "flood flooding outage leak disaster sinking".split()
)
_SELF_NOUNS = frozenset({"responsibility", "credit"})
_DENIED_NOUNS = frozenset(
    "involvement responsibility role part link links connection connections complicity "
    "allegation allegations accusation accusations charge charges claim claims "
    "report reports participation".split()
)
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
    as someone's statement ("X was behind E": the claimant is its speaker).
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


def event_kind(word: str | None) -> str | None:
    """The kind of an event named by its head word: ``"attack"`` for every word of
    violence (cyber attacks included), ``"accident"`` for crashes, fires and
    spills, the lower-cased word otherwise, None for a pronoun."""
    if not word:
        return None
    w = word.lower()
    if w in _GENERIC:
        return None
    if w in _ATTACK_WORDS:
        return "attack"
    return "accident" if w in _ACCIDENT_WORDS else w


def _chars(tokens: Sequence[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _phrase(tok: Token, cut: Token | None = None) -> tuple[int, int]:
    """The noun phrase of ``tok`` (its subtree without relative clauses,
    appositions and clauses hanging off the head), bounded in length, edge
    punctuation dropped."""
    skip: set[int] = set()
    for c in tok.children:
        obj = _child(c, "pobj") if c.dep_ == "prep" else None
        if (
            c.dep_ in _CUT_DEPS
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
        subj = _child(tok, "nsubj")
        if subj is not None:
            if subj.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
                return tok.head  # "the government, which denied ...": the government
            return subj
        if tok.dep_ in ("xcomp", "conj", "advcl") and tok.head.i != tok.i:
            tok = tok.head
            continue
        return None
    return None


def _event_head(tok: Token | None) -> Token | None:
    """The event noun of an event phrase: a gerund's object ("carrying out the
    bombing" → bombing), else the phrase head."""
    if tok is None:
        return None
    if tok.pos_ in ("VERB", "AUX"):
        obj = _child(tok, "dobj", "pobj")
        if obj is None:
            prep = _child(tok, "prep")
            obj = _child(prep, "pobj") if prep is not None else None
        return obj or tok
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
    ]
    if within is not None:
        inside = [e for e in ents if within[0] <= e.start_char and e.end_char <= within[1]]
        if inside:
            return inside[0]
    return ents[0] if ents else None


def _copula_claim(tok: Token) -> tuple[Token | None, Token | None]:
    """For "responsible"/"behind" under a copula: (the one held responsible, the event)."""
    if tok.lower_ == "responsible" and tok.dep_ in ("acomp", "oprd", "amod", "xcomp"):
        verb = tok.head
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


def _claim_of(tok: Token, text: str) -> FoundClaim | None:
    """The claim triggered at ``tok``, if one of the patterns fits; phrases in
    another paragraph than the trigger are not read (a headline without a full
    stop is parsed as one sentence with the paragraph under it)."""
    lemma = tok.lemma_.lower()
    low = tok.lower_
    claimant = agent = event = None
    cut: Token | None = None  # a phrase left out of the event ("on X" of "the attack on X")
    agent_cut: Token | None = None  # ... and of the agent ("for E" of "X for E")
    act = None
    self_act = reported = False
    verb = tok
    if lemma == "claim" and tok.pos_ == "VERB":
        obj = _child(tok, "dobj")
        subj_pass = _child(tok, "nsubjpass")
        if obj is not None and obj.lower_ in _SELF_NOUNS:
            event = _prep_obj(obj, "for") or _prep_obj(tok, "for")
            claimant = _subject(tok)
        elif subj_pass is not None and subj_pass.lower_ in _SELF_NOUNS:
            event = _prep_obj(subj_pass, "for")
            claimant = _prep_obj(tok, "by")
        elif obj is not None and obj.lower_ in _ATTACK_WORDS:
            event = obj
            claimant = _subject(tok)
        else:
            return None
        act, self_act = "responsibility", True
    elif (
        low in ("responsibility",)
        and tok.dep_ == "dobj"
        and tok.head.lemma_
        in (
            "take",
            "accept",
            "assume",
            "admit",
        )
    ):
        verb = tok.head
        event = _prep_obj(tok, "for") or _prep_obj(verb, "for")
        claimant = _subject(verb)
        act, self_act = "responsibility", True
    elif lemma == "blame" and tok.pos_ == "VERB":
        obj = _child(tok, "dobj")
        on = _prep_obj(tok, "on")
        if on is None and obj is not None:  # "blamed [the attack on X]"
            on = _prep_obj(obj, "on")
            if on is not None and _party(on):
                cut = on.head
        if on is not None and not _party(on):  # "on Wednesday"
            on = None
        subj_pass = _child(tok, "nsubjpass")
        if obj is not None and obj.lower_ in _RELATIVE and tok.dep_ == "relcl":
            obj = tok.head  # "the hostility that critics blame for ...": the hostility
        if tok.dep_ == "xcomp" and tok.head.lemma_ == "be" and obj is None:
            # "X are to blame for E": X, as someone's statement
            agent, event = _child(tok.head, "nsubj"), _prep_obj(tok, "for")
            reported = True
        elif on is not None:  # "blamed E on X"
            agent, event = on, obj or subj_pass
        elif subj_pass is not None:  # "X was blamed for E (by Y)"
            agent, event = subj_pass, _prep_obj(tok, "for")
        else:
            agent, event = obj, _prep_obj(tok, "for")
            if event is None and obj is not None:  # "blamed [X for E]"
                event = _prep_obj(obj, "for")
                if event is not None:
                    agent_cut = event.head
        if reported:
            claimant = None
        else:
            claimant = _prep_obj(tok, "by") if subj_pass is not None else _subject(tok)
        act = "blame"
    elif lemma == "accuse" and tok.pos_ == "VERB":
        subj_pass = _child(tok, "nsubjpass")
        if subj_pass is not None:
            agent, claimant = subj_pass, _prep_obj(tok, "by")
        else:
            agent, claimant = _child(tok, "dobj"), _subject(tok)
        event = _prep_obj(tok, "of")
        act = "blame"
    elif lemma == "deny" and tok.pos_ == "VERB":
        obj = _child(tok, "dobj")
        comp = _child(tok, "ccomp", "xcomp")
        claimant = _subject(tok)
        if obj is not None and obj.lower_ in _DENIED_NOUNS:
            preps = ("in", "for", "to", "with", "of", "behind")
            event = _prep_obj(obj, *preps) or _prep_obj(tok, *preps)
            self_act = True
        elif obj is not None and obj.tag_ == "VBG":  # "denied carrying out E"
            event = obj
            self_act = True
        elif comp is not None:
            held, ev = None, None
            for t in comp.subtree:
                if t.lower_ in ("responsible", "behind"):
                    held, ev = _copula_claim(t)
                    if held is not None:
                        break
            if held is None:
                comp_subj = _child(comp, "nsubj", "nsubjpass")
                if comp.tag_ == "VBG" or comp.lemma_ in ("carry", "involve", "play", "have"):
                    ev, self_act = comp, True
                elif (
                    comp_subj is not None
                    and comp_subj.lower_ in _PRONOUNS
                    and comp.tag_
                    in (
                        "VBD",
                        "VBN",
                    )
                ):
                    ev, self_act = comp, True  # "she denied that she mishandled ..."
                else:
                    return None
                event = ev
            else:
                agent, event = held, ev
                if held.lower_ in _PRONOUNS:
                    agent, self_act = None, True
        else:
            return None
        act = "denial"
    elif low in ("responsible", "behind"):
        agent, event = _copula_claim(tok)
        if agent is None:
            return None
        holder = tok.head
        if holder.lemma_ == "hold":
            claimant = _subject(holder)
            verb = holder
        else:
            reported = True
        act = "blame"
        if agent.lower_ in _PRONOUNS and reported:
            agent, self_act, act = None, True, "responsibility"
    else:
        return None
    lo = text.rfind("\n", 0, tok.idx) + 1
    hi = text.find("\n", tok.idx)
    hi = len(text) if hi < 0 else hi

    def inside(t: Token | None) -> Token | None:
        return t if t is not None and lo <= t.idx < hi else None

    claimant, agent, event = inside(claimant), inside(agent), inside(event)
    if agent is not None and not _party(agent):
        agent = None
    if claimant is not None and not _party(claimant):
        claimant = None
    if _negated(verb) or (claimant is not None and claimant.lower_ in _NEG_SUBJECTS):
        return None
    if claimant is not None and any(
        c.dep_ == "det" and c.lower_ in _NEG_SUBJECTS for c in claimant.children
    ):
        return None
    if self_act:
        agent = claimant
    if agent is None and not (self_act and (claimant is not None or reported)):
        return None
    ev_head = _event_head(event)
    ev_span = _phrase(event, cut) if event is not None else None
    agent_span = _phrase(agent, agent_cut) if agent is not None else None
    claimant_span = _span_of(claimant)
    sent = tok.sent
    s0, s1 = max(sent.start_char, lo), min(sent.end_char, hi)
    parties = [_chars(list(t.subtree)) for t in (agent, claimant) if t is not None]
    place = _find_ent(sent, _PLACE_LABELS, ev_span, (s0, s1), parties)
    time = _find_ent(sent, _TIME_LABELS, ev_span, (s0, s1), parties)
    return FoundClaim(
        act=act,
        trigger=(tok.idx, tok.idx + len(tok.text)),
        sentence=(s0, s1),
        claimant=claimant_span,
        claimant_head=claimant.i if claimant is not None else None,
        agent=agent_span,
        agent_head=agent.i if agent is not None else None,
        event=ev_span,
        event_kind=event_kind(ev_head.lower_ if ev_head is not None else None),
        place=(place.start_char, place.end_char) if place is not None else None,
        time=(time.start_char, time.end_char) if time is not None else None,
        agent_is_claimant=self_act,
        reported=reported,
    )


def find_claims(doc: Doc, text: str | None = None) -> Iterator[FoundClaim]:
    """The claims of ``doc`` in text order (one per trigger word at most).

    ``text`` is ``doc.text`` when the caller has it. The parse is read only at
    the trigger words the regular expression finds.
    """
    if text is None:
        text = doc.text
    seen: set[int] = set()
    for m in _TRIGGER.finditer(text):
        tok = _at(doc, m.start())
        if tok is None or tok.i in seen:
            continue
        seen.add(tok.i)
        found = _claim_of(tok, text)
        if found is not None:
            yield found


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


def link_events(claims: Sequence[Claim], *, lede: TextSpan | None = None) -> list[Claim]:
    """The claims of one article with ``event_ref`` set ("V1", "V2", ...): a claim
    about "it" (no kind) joins the event before it; one about a bare definite
    description ("the crash") the article's first event; any other the latest
    event of its kind whose place does not differ from its own. With ``lede``
    (the place the article's lede names), the claims of an attack or accident
    that no claim places get it as their place."""
    events: list[tuple[str | None, str | None]] = []  # (kind, place) per event
    out: list[Claim] = []
    for c in claims:
        place = c.place.text.lower() if c.place is not None else None
        ref = None
        if c.event_kind is None and events:
            ref = len(events)
        elif events and c.event is not None and _ANAPHORIC.match(c.event.text):
            ref = 1  # "the crash", "this behavior": the article's (first) event
        else:
            for n in range(len(events), 0, -1):
                kind, p = events[n - 1]
                if kind in (c.event_kind, None) and (p is None or place is None or p == place):
                    ref = n
                    events[n - 1] = (kind or c.event_kind, p or place)
                    break
        if ref is None:
            events.append((c.event_kind, place))
            ref = len(events)
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
