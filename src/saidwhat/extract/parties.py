"""The parties of a claim about an event: claimant and agent as article entities.

Used by the ``claims`` stage after speaker resolution.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc

from .claims import FoundClaim
from .continuity import Resolved
from .lexicon import GROUP_TYPES
from .speakers import ArticleEntities


def claim_parties(
    doc: Doc, ents: ArticleEntities, f: FoundClaim, resolved: Sequence[Resolved]
) -> tuple[Any, Any, Resolved | None]:
    """A claim's claimant and agent as article entities (clusters; None when not
    resolved), and the statement it is made in (if any).

    The statement is the one whose cue is the claim's trigger ("X blamed Y",
    the statement of X) or, failing that, the one whose content holds the
    trigger. The claimant is that statement's resolved speaker when the claim is
    a reported statement ("Z said Y was behind it") or the trigger is its cue;
    otherwise the entity its own subject names. The agent is the entity named
    in the agent phrase (a group named inside "a Taliban spokesman" included).
    """
    t0, t1 = f.trigger
    stmt = next((r for r in resolved if r.att.cue and r.att.cue[0] <= t0 < r.att.cue[1]), None)
    if stmt is None:
        stmt = next(
            (r for r in resolved if any(s <= t0 and t1 <= e for s, e in r.att.contents)), None
        )
    own = f.claimant is not None and f.claimant_head is not None
    claimant = None
    if stmt is not None and (f.reported or not own or (stmt.att.cue and stmt.att.cue[0] <= t0)):
        claimant = stmt.speaker
    if claimant is None and own and f.claimant is not None:
        claimant = _entity_in(doc, ents, f.claimant, f.claimant_head)
        if claimant is None:
            claimant, _ = ents.resolve(doc, f.claimant, f.claimant_head)
    if f.agent_is_claimant:
        # "a Taliban spokesman denied ...": the group named in the claimant phrase
        group = None
        if f.claimant is not None:
            sp = doc.char_span(f.claimant[0], f.claimant[1], alignment_mode="expand")
            group = next(
                (
                    c
                    for t in sp or ()
                    if (c := ents.cluster_at(t)) is not None and c.type in GROUP_TYPES
                ),
                None,
            )
        agent = group or claimant
    elif f.agent is not None:
        agent = _entity_in(doc, ents, f.agent, f.agent_head)
    else:
        agent = None
    return claimant, agent, stmt


def _entity_in(doc: Doc, ents: ArticleEntities, span: tuple[int, int], head: int | None) -> Any:
    """The entity named at ``head``, else the first named inside ``span``, else
    the first named in the head's whole phrase ("a group calling itself X": X)."""
    if head is not None:
        c = ents.cluster_at(doc[head])
        if c is not None:
            return c
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    found = next((c for t in sp or () if (c := ents.cluster_at(t)) is not None), None)
    if found is None and head is not None:
        found = next((c for t in doc[head].subtree if (c := ents.cluster_at(t)) is not None), None)
    return found
