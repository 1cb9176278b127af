"""A finished document state as records: quotes, entities and claims with
character offsets shifted to the whole article (a long article is analysed in
chunks) and ids numbered on from the chunks before."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..records import Claim, Entity, Quote, Reporter, Speaker, TextSpan
from .state import DocState


@dataclass(frozen=True, slots=True)
class DocRecords:
    quotes: list[Quote]
    entities: list[Entity]
    claims: list[Claim]
    warnings: list[str]


def to_records(
    state: DocState, *, offset: int = 0, q_base: int = 0, e_base: int = 0, c_base: int = 0
) -> DocRecords:
    """The records of one document; ``offset`` is where its text starts in the
    article, the bases are how many quotes, entities and claims came before."""
    text = state.text
    ids = {id(c): f"E{e_base + n}" for n, c in enumerate(state.keep, start=1)}

    def span(s: int, e: int) -> TextSpan:
        return TextSpan(s + offset, e + offset, text[s:e])

    def speaker_of(cluster: Any) -> Speaker | None:
        if cluster is None:
            return None
        return Speaker(ids[id(cluster)], cluster.name, cluster.type)

    entities = [
        Entity(
            id=ids[id(c)],
            name=c.name,
            type=c.type,  # type: ignore[arg-type]
            roles=tuple(c.roles),
            affiliations=tuple(c.affiliations),
            mentions=tuple(span(s, e) for s, e in sorted(c.mentions)),
        )
        for c in state.keep
    ]
    quotes = []
    for n, r in enumerate(state.output, start=1):
        a, rep = r.att, r.reporter
        reporter = None
        if rep is not None:
            reporter = Reporter(
                speaker=speaker_of(rep.speaker),
                cue=span(*rep.att.cue) if rep.att.cue else None,
                source=span(*rep.att.sources[0]) if rep.att.sources else None,
            )
        quotes.append(
            Quote(
                id=f"Q{q_base + n}",
                kind=a.kind,  # type: ignore[arg-type]
                cue=span(*a.cue) if a.cue else None,
                sources=tuple(span(s, e) for s, e in a.sources),
                contents=tuple(span(s, e) for s, e in a.contents),
                speaker=speaker_of(r.speaker),
                confidence=r.statement_confidence,
                reported_by=reporter,
            )
        )
    qid_of = {id(r.att): q.id for r, q in zip(state.output, quotes)}
    claims = []
    for n, (f, (claimant, agent, stmt)) in enumerate(zip(state.claims, state.parties), start=1):
        claims.append(
            Claim(
                id=f"C{c_base + n}",
                act=f.act,  # type: ignore[arg-type]
                trigger=span(*f.trigger),
                sentence=span(*f.sentence),
                claimant=speaker_of(claimant),
                claimant_span=span(*f.claimant) if f.claimant else None,
                agent=speaker_of(agent),
                agent_span=span(*f.agent) if f.agent else None,
                event=span(*f.event) if f.event else None,
                event_kind=f.event_kind,
                event_ref="",
                place=span(*f.place) if f.place else None,
                time=span(*f.time) if f.time else None,
                quote=qid_of.get(id(stmt.att)) if stmt is not None else None,
            )
        )
    warnings = [_shift_warning(w, offset) for w in state.warnings]
    return DocRecords(quotes, entities, claims, warnings)


def _shift_warning(w: str, offset: int) -> str:
    if not offset:
        return w
    return re.sub(r"at character (\d+)", lambda m: f"at character {int(m.group(1)) + offset}", w)
