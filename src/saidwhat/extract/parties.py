"""The parties of a claim about an event: claimant and agent as article entities.

:func:`article_claims` is the work of the ``claims`` stage on one parsed
document, after speaker resolution: the claims
:func:`~.claims.find_claims` reads from the parse (at trigger words, and at
verbs of doing inside the statements' contents), each with its claimant and
agent resolved by the speaker resolver (:meth:`ArticleEntities.resolve`) and
the statement it is made in.

- The **claimant** is the statement's speaker when the claim is a reported
  statement ("Z said Y was behind it") or the trigger is the statement's cue,
  unless that speaker was read in another paragraph (a headline) or is an
  unnamed document ("a statement attributed to X": X). Otherwise the entity
  the claim's own subject names. An unnamed description ("the government",
  "Shiite rebel media") is no entity: the claim keeps only its span.
- The **agent** is the entity named in the agent phrase (a name in apposition
  included: "his predecessor, Frantisek Bublan"), a pronoun through the
  resolver, or only its span. For responsibility and denial the agent is the
  claimant, or the group a spokesman speaks for ("Al-Shabab spokesman X").
- A reported blame whose agent is the speaker itself ("it said it sent two
  knights") is the speaker's claim of responsibility.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from spacy.tokens import Doc

from ..names import PERSON_NOUNS, ROLE_WORDS, fold, nationality
from .claims import FoundClaim, find_claims
from .continuity import Resolved
from .lexicon import GROUP_TYPES
from .speakers import ArticleEntities

__all__ = ["article_claims", "claim_parties", "entity_in"]

#: Heads of sources that are documents or outlets: the party is the one named in them.
_CARRIERS = frozenset(
    "statement statements letter letters message video tape posting post website "
    "communique report media agency newspaper outlet channel".split()
)
_PERSONS = PERSON_NOUNS
_SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen"})
#: Pronouns an agent is resolved through (groups and states: "rejected allegations
#: that it was responsible"); a person's "her" is left as written.
_PRONOUNS = frozenset({"it", "they", "its", "their", "them"})
_FIRST = frozenset({"we", "i", "us", "me", "our"})


def article_claims(
    doc: Doc, ents: ArticleEntities, resolved: Sequence[Resolved], text: str | None = None
) -> list[tuple[FoundClaim, Any, Any, Resolved | None]]:
    """The claims of one parsed document with (claimant, agent, statement) each."""
    text = doc.text if text is None else text
    contents = [span for r in resolved for span in r.att.contents]
    out = []
    for f in find_claims(doc, text, contents=contents):
        parties = claim_parties(doc, ents, f, resolved, text=text)
        if parties is not None:
            claim, claimant, agent, stmt = parties
            out.append((claim, claimant, agent, stmt))
    return _one_denial_each(_we_as_body(doc, ents, out))


_WE = frozenset({"we", "us", "our", "ours"})


def _we_as_body(
    doc: Doc, ents: ArticleEntities, claims: list[tuple[FoundClaim, Any, Any, Resolved | None]]
) -> list[tuple[FoundClaim, Any, Any, Resolved | None]]:
    """ "we" said by a person is the body the person speaks for, not the person: the
    party the same person's claim of the same act names ("It's not something that
    we were involved in" beside his "the United States was not involved"), else the
    group named in the statement's source ("Acme spokesman X"), else an organisation
    or state of the person's stated affiliations. Left as the person when none is."""
    out = []
    for f, claimant, agent, stmt in claims:
        head = f.agent_head if f.agent_head is not None else f.claimant_head
        if (
            agent is not None
            and agent is claimant
            and claimant.type == "PERSON"
            and head is not None
            and doc[head].lower_ in _WE
        ):
            agent = _body_of(doc, ents, claimant, f.act, stmt, claims) or agent
        out.append((f, claimant, agent, stmt))
    return out


def _body_of(
    doc: Doc,
    ents: ArticleEntities,
    person: Any,
    act: str,
    stmt: Resolved | None,
    claims: list[tuple[FoundClaim, Any, Any, Resolved | None]],
) -> Any:
    named = [
        a
        for g, c, a, _ in claims
        if c is person and g.act == act and a is not None and a.type in GROUP_TYPES
    ]
    if named:
        return named[0]
    if stmt is not None and stmt.att.sources:
        group = _spoken_for(doc, ents, stmt.att.sources[0])
        if group is not None and group is not person:
            return group
    for aff in person.affiliations:
        for c in ents.clusters:
            if c.type in GROUP_TYPES and aff in (c.name, *c.forms):
                return c
    return None


def _one_denial_each(
    claims: list[tuple[FoundClaim, Any, Any, Resolved | None]],
) -> list[tuple[FoundClaim, Any, Any, Resolved | None]]:
    """One denial per claimant and sentence ("We reject these statements and note
    that Russia has nothing to do with it"): the one naming whose part is denied."""
    keep = []
    for n, (f, claimant, agent, stmt) in enumerate(claims):
        if f.act == "denial" and (agent is None or f.agent_is_claimant):
            twin = any(
                g.act == "denial"
                and g.sentence == f.sentence
                and c is claimant
                and a is not None
                and not g.agent_is_claimant
                for k, (g, c, a, _) in enumerate(claims)
                if k != n
            )
            if twin:
                continue
        keep.append((f, claimant, agent, stmt))
    return keep


def _statement(f: FoundClaim, resolved: Sequence[Resolved]) -> tuple[Resolved | None, bool]:
    """The statement a claim is made in, and whether its trigger is that statement's cue."""
    t0, t1 = f.trigger
    for r in resolved:
        if r.att.cue and r.att.cue[0] <= t0 < r.att.cue[1]:
            return r, True
    for r in resolved:
        if any(s <= t0 and t1 <= e for s, e in r.att.contents):
            return r, False
    return None, False


def _from_headline(text: str, src: int, at: int) -> bool:
    """Whether a source read at ``src`` lies in the headline (a first line without a
    full stop) and the claim at ``at`` below it: the parse ran across the break."""
    end = text.find("\n")
    if end < 0 or not (src < end < at):
        return False
    return not text[:end].rstrip().endswith((".", "!", "?", '"', "\u201d"))


def claim_parties(
    doc: Doc,
    ents: ArticleEntities,
    f: FoundClaim,
    resolved: Sequence[Resolved],
    *,
    text: str,
) -> tuple[FoundClaim, Any, Any, Resolved | None] | None:
    """A claim (its act may change: a reported blame of the speaker itself is its
    claim of responsibility), its claimant and agent as article entities (clusters;
    None when not resolved or unnamed) and the statement it is made in; None when
    the claim holds only inside a statement and none holds it."""
    stmt, is_cue = _statement(f, resolved)
    if f.statement_only and (stmt is None or is_cue):
        return None
    t0 = f.trigger[0]
    speaker = None
    if stmt is not None and stmt.speaker is not None:
        src = stmt.att.sources[0] if stmt.att.sources else None
        if src is None or not _from_headline(text, src[0], t0):
            speaker = stmt.speaker
    own = f.claimant is not None and f.claimant_head is not None
    if own and f.claimant_head is not None and doc[f.claimant_head].lower_ in _FIRST:
        own = False  # "we" in a statement: its speaker
    src_head = _source_head(doc, stmt) if stmt is not None else None
    if src_head is not None and _from_headline(text, doc[src_head].idx, t0):
        src_head = None
    claimant = None
    if speaker is not None and (f.reported or not own or is_cue):
        claimant = speaker
        carrier = f.claimant_head if own else src_head
        inside = _named_in(doc, ents, carrier) if _carrier(doc, carrier) else None
        if inside is not None:  # "a statement attributed to X", "the state media of X"
            claimant = inside
    if claimant is None and (f.reported or is_cue) and _carrier(doc, src_head):
        claimant = _named_in(doc, ents, src_head)  # the speaker unresolved: "the state media of X"
    if claimant is None and own and f.claimant is not None:
        if _carrier(doc, f.claimant_head):
            claimant = _named_in(doc, ents, f.claimant_head)
        if claimant is None:
            claimant, _ = ents.resolve(doc, f.claimant, f.claimant_head)
        if claimant is None:
            claimant = entity_in(doc, ents, f.claimant, f.claimant_head)
    if (
        own
        and f.claimant_head is not None
        and not _carrier(doc, f.claimant_head)
        and not fits(doc[f.claimant_head], claimant, ents)
    ):
        claimant = None  # "The government blamed ...": not the group named before
    if f.act == "blame" and f.agent is not None and stmt is not None and stmt.att.sources:
        src = stmt.att.sources[0]
        if src[0] < f.agent[1] and f.agent[0] < src[1]:  # "Rebels blamed for ...": the
            return _without_speaker(doc, ents, f, stmt)  # blamed are no speaker of it
    if f.claimant is None and stmt is not None and (f.reported or is_cue) and stmt.att.sources:
        src = stmt.att.sources[0]  # the claimant as written: the statement's source
        if not _from_headline(text, src[0], t0):
            f = replace(f, claimant=src)
    if claimant is not None:
        claimant = _state_of_mission(ents, claimant) or claimant  # "the Russian embassy"
    if claimant is not None and claimant.type == "UNNAMED":
        said = doc.char_span(*f.claimant, alignment_mode="expand") if f.claimant else None
        if said is not None and len(said) == 1 and said[0].pos_ == "PRON":
            # "A trade office said … ¶ '…,' it said": the description "it" continues
            f = replace(f, claimant=min(claimant.mentions), claimant_head=None)
        claimant = None  # a description, no entity: the span says who
        if f.claimant_head is not None and f.claimant is not None and own:
            claimant = role_holder(ents, doc[f.claimant_head])  # unless its role names one
    if f.agent_is_claimant:
        group = None
        if f.claimant is not None and _role(doc, f.claimant_head):
            group = _spoken_for(doc, ents, f.claimant)  # "Al-Shabab spokesman X"
        agent = group or claimant
    elif f.agent is not None:
        agent = entity_in(doc, ents, f.agent, f.agent_head, event=f.event)
        if agent is None and f.agent_head is not None:
            head = doc[f.agent_head]
            if claimant is not None and (
                head.lower_ in _FIRST or (f.act == "denial" and head.lower_ in ("he", "she"))
            ):
                agent = claimant  # "we", or "Bublan said he had not known about it"
            elif head.lower_ in _PRONOUNS or _definite(head):
                # "it", "the rebels": the group the article named; else the description
                agent, _ = ents.resolve(doc, f.agent, f.agent_head)
                if agent is not None and (agent.type == "UNNAMED" or not fits(head, agent, ents)):
                    agent = None
                if agent is None and head.lower_ not in _PRONOUNS:
                    agent = _named_kind(ents, head)
            if agent is None:  # "his predecessor", "a former prime minister": named elsewhere
                agent = role_holder(ents, head)
    else:
        agent = None
    if (
        f.act == "responsibility"
        and stmt is not None
        and not is_cue
        and speaker is not None
        and f.claimant is not None
        and claimant is not speaker
        and _admission(doc, f)
    ):
        # "He said that the Kyiv regime had admitted its role in ...": his blame
        f = replace(f, act="blame", agent_is_claimant=False, agent=f.claimant)
        f = replace(f, agent_head=f.claimant_head, claimant=None, claimant_head=None)
        claimant, agent = speaker, claimant
        return f, claimant, agent, stmt
    if f.act == "responsibility" and not f.agent_is_claimant and claimant is None:
        claimant = agent  # "the brigade claiming responsibility on behalf of Al Qaeda"
    if f.act == "denial" and claimant is None and f.claimant is None and speaker is None:
        claimant = agent  # "X has nothing to do with it": X says so
    if f.act == "blame" and f.reported and agent is not None and agent is claimant:
        f = _as_responsibility(f)  # "it said it sent two knights"
    elif (
        f.act == "blame"
        and f.reported
        and agent is not None
        and _speaks_for(doc, ents, stmt, agent)
    ):
        f = _as_responsibility(f)  # "Al-Shabab spokesman X said the group carried out E"
    elif (
        f.act == "blame"
        and f.reported
        and agent is None
        and f.agent_head is not None
        and doc[f.agent_head].lower_ == "it"
        and stmt is not None
        and not is_cue
    ):
        # "The military said it struck ...": "it" no other entity is, the speaker
        f = replace(_as_responsibility(f), agent=f.claimant, agent_head=f.claimant_head)
        agent = claimant
    return f, claimant, agent, stmt


#: Description heads that may stand for a state ("the government") or for a group
#: the article named ("the group", "the rebels"); others must be in its name.
STATE_NOUNS = frozenset(
    "government administration authorities ministry regime state country nation "
    "kremlin cabinet".split()
)
GROUP_NOUNS = frozenset(
    "group organisation organization militants rebels movement network outfit faction "
    "insurgents fighters company firm party alliance coalition militia".split()
)


def fits(head: Any, cluster: Any, ents: ArticleEntities | None = None) -> bool:
    """Whether a description headed by ``head`` can name ``cluster``: a state noun a
    place or a body named so, a group noun an organisation, any other noun an
    entity with that word in its name (True when ``head`` is no description, or
    names the entity in its own phrase: "the militant group al-Shabab")."""
    if head is None or head.pos_ != "NOUN" or cluster is None or head.ent_type_:
        return True
    if ents is not None and any(ents.cluster_at(t) is cluster for t in head.subtree):
        return True
    word = fold(head.lemma_)
    name = set(fold(cluster.name).split())
    if word in name or fold(head.text) in name:
        return True
    if word in STATE_NOUNS:
        return bool(cluster.type == "GPE")
    if word in GROUP_NOUNS:
        return bool(cluster.type in ("ORG", "NORP"))
    return cluster.type in ("PERSON", "UNNAMED") and word in _PERSONS


#: Words for a person by relation to another, not by office ("his predecessor").
_RELATIONAL = frozenset(
    "predecessor successor counterpart deputy rival opponent ally colleague".split()
)
#: Words of leading a body: "the head of a railway company" is its president or CEO.
_LEADING = frozenset(
    "head chief leader boss president chairman chairwoman chair ceo director".split()
)


def _role_words(role: str) -> set[str]:
    return {fold(w).strip(".'") for w in re.split(r"[\s-]+", role) if w}


def role_holder(ents: ArticleEntities, head: Any) -> Any:
    """The one person of the article whose stated role is the description headed
    by ``head``, a word for a person ("minister", "head", "predecessor"): a role
    with its head word (or, for a word of leading, any word of leading: "the head
    of a U.S. railway company", "president and CEO of X") and every word before
    it ("a former prime minister": "Social Democrat former prime minister X"; "his
    predecessor": "his predecessor, X"; "the ex-wife" is not "his wife"), where the
    article states it (before or after). An organisation the description names
    must be one of the person's; a description naming a person is somebody
    related to them ("the ex-wife of Alan Grayson"), no holder. None when no
    person, or more than one, fits."""
    if head is None or head.pos_ != "NOUN" or head.ent_type_:
        return None
    word = fold(head.lemma_)
    if word not in _PERSONS and word not in _RELATIONAL:
        return None  # "the campaign": no person's role
    words = {word, fold(head.text)} | (_LEADING if word in _LEADING else set())
    mods = {
        fold(t.text)
        for t in head.subtree
        if t.i < head.i and not t.is_stop and not t.is_punct and t.pos_ not in ("DET", "PRON")
    }
    inside = [k for t in head.subtree if (k := ents.cluster_at(t)) is not None]
    if any(k.type == "PERSON" for k in inside):
        return None
    named = {k.name for k in inside if k.type == "ORG"}
    people = [c for c in ents.clusters if c.type == "PERSON"]
    names = {f for k in people for f in (k.name, *k.forms) if f}
    found = []
    for c in people:
        for role in c.roles:
            # a role read across a list of names ("his predecessor X and the former
            # premier Y"): its words before the first name
            cut = min((role.find(f) for f in names if f in role), default=len(role))
            have = _role_words(role[:cut])
            if have & words and mods <= have and named <= set(c.affiliations):
                found.append(c)
                break
    return found[0] if len(found) == 1 else None


def _named_kind(ents: ArticleEntities, head: Any) -> Any:
    """The group a plural description stands for where the article names it with
    the same noun ("the rebels" after "the Kurdish rebels"; not a place: "Yemen
    rebels"): the nearest before, else the first after; None when the noun goes
    with no group name."""
    if head.tag_ not in ("NNS", "NNPS"):
        return None
    best = None
    for t in head.doc:
        if t.i == head.i or t.lemma_ != head.lemma_:
            continue
        for c in t.children:
            group = ents.cluster_at(c) if c.dep_ in ("compound", "amod", "nmod") else None
            # a place is no group ("Yemen rebels")
            if group is not None and group.type in ("ORG", "NORP") and (t.i < head.i or not best):
                best = group
    return best


def _definite(head: Any) -> bool:
    """ "the rebels", "the group": a definite description that may name a group."""
    return head.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "these") for c in head.children
    )


def _admission(doc: Doc, f: FoundClaim) -> bool:
    """Whether a claim of responsibility is an admission ("admitted its role")."""
    span = doc.char_span(f.trigger[0], f.trigger[1], alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    return tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("admit", "acknowledge", "confess")


def _without_speaker(
    doc: Doc, ents: ArticleEntities, f: FoundClaim, stmt: Resolved
) -> tuple[FoundClaim, Any, Any, Resolved | None]:
    """A blame whose statement was given to the blamed party itself (a passive
    headline): no claimant but the one its own phrase names ("by Y")."""
    claimant = None
    if f.claimant is not None and f.claimant_head is not None:
        claimant = entity_in(doc, ents, f.claimant, f.claimant_head)
    agent = entity_in(doc, ents, f.agent, f.agent_head) if f.agent is not None else None
    return f, claimant, agent, None


def _as_responsibility(f: FoundClaim) -> FoundClaim:
    return replace(f, act="responsibility", agent_is_claimant=True)


def _source_head(doc: Doc, stmt: Resolved | None) -> int | None:
    """The head token of a statement's source phrase."""
    if stmt is None or not stmt.att.sources:
        return None
    if stmt.att.source_token is not None:
        return int(stmt.att.source_token)
    s, e = stmt.att.sources[0]
    sp = doc.char_span(s, e, alignment_mode="expand")
    return sp.root.i if sp is not None and len(sp) else None


def _role(doc: Doc, head: int | None) -> bool:
    """Whether a claimant phrase is headed by a role ("spokesman", "leader", "X")."""
    if head is None:
        return False
    t = doc[head]
    return t.pos_ == "PROPN" or fold(t.lemma_) in ROLE_WORDS or fold(t.text) in _SPOKES


#: A state's missions abroad: they speak for the state.
_MISSIONS = frozenset({"embassy", "consulate", "mission"})


def _state_of_mission(ents: ArticleEntities, who: Any) -> Any:
    """The state a mission speaks for, as the article names it: "the Russian embassy
    in the United States" or "Russia's embassy" is Russia (the country of the first
    word before "embassy" that names one, :func:`saidwhat.names.nationality`);
    None when ``who`` is no mission or the article names no such state."""
    words = fold(who.name).replace("'s", "").split()
    at = next((k for k, w in enumerate(words) if w in _MISSIONS), None)
    if who.type not in ("ORG", "UNNAMED") or at is None:
        return None
    country = next((c for w in words[:at] if (c := nationality(w)) is not None), None)
    if country is None:
        return None
    return next(
        (c for c in ents.clusters if c.type == "GPE" and nationality(c.name) == country), None
    )


def _carrier(doc: Doc, head: int | None) -> bool:
    return head is not None and (
        doc[head].lemma_.lower() in _CARRIERS or doc[head].lower_ in _CARRIERS  # "media"
    )


def _named_in(doc: Doc, ents: ArticleEntities, head: int | None) -> Any:
    """The first named organisation, place or person in the phrase of ``head`` ("a
    statement attributed to Al Qaeda", "the state media of United Arab Emirates";
    not a people: "Shiite rebel media" names no one)."""
    if head is None:
        return None
    return next(
        (
            c
            for t in doc[head].subtree
            if (c := ents.cluster_at(t)) is not None and c.type not in ("UNNAMED", "NORP")
        ),
        None,
    )


def _speaks_for(doc: Doc, ents: ArticleEntities, stmt: Resolved | None, group: Any) -> bool:
    """Whether a statement's source is a spokesman of ``group`` ("Al-Shabab
    spokesman X", "a spokesman for the rebels")."""
    if stmt is None or not stmt.att.sources or group.type not in GROUP_TYPES:
        return False
    return _spoken_for(doc, ents, stmt.att.sources[0]) is group


def _spoken_for(doc: Doc, ents: ArticleEntities, span: tuple[int, int]) -> Any:
    """The group named in a claimant phrase: "a Taliban spokesman" (any group
    entity), "Al-Shabab spokesman X", "spokesman for the rebels" (a name on the
    spokesman word)."""
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    if sp is None:
        return None
    for t in sp:
        group = ents.cluster_at(t)
        if group is not None and group.type in GROUP_TYPES:
            return group
    for t in sp:
        if fold(t.text) not in _SPOKES and fold(t.lemma_) not in ROLE_WORDS:
            continue
        for mod in t.children:
            if mod.dep_ in ("compound", "poss", "nmod") and mod.i < t.i:
                found = ents.cluster_at(mod)
                if found is not None and found.type != "UNNAMED":
                    return found
    return None


def entity_in(
    doc: Doc,
    ents: ArticleEntities,
    span: tuple[int, int],
    head: int | None,
    *,
    event: tuple[int, int] | None = None,
) -> Any:
    """The entity named at ``head`` or in apposition to it ("his predecessor,
    Frantisek Bublan"), else the first named inside ``span``, else the first named
    in the head's whole phrase ("a group calling itself X": X), never one named in
    the claim's ``event`` ("held heated rhetoric responsible for a shooting at a
    Planned Parenthood clinic": no entity)."""
    if head is not None:
        c = ents.cluster_at(doc[head])
        if c is not None:
            return c
        for t in doc[head].children:
            if t.dep_ == "appos" and (c := ents.cluster_at(t)) is not None:
                return c
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    found = next((c for t in sp or () if (c := ents.cluster_at(t)) is not None), None)
    if found is None and head is not None:
        found = next(
            (
                c
                for t in doc[head].subtree
                if (c := ents.cluster_at(t)) is not None
                and not (event is not None and event[0] <= t.idx < event[1])
            ),
            None,
        )
    return found
