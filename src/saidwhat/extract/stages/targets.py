"""Stage ``targets``: which of the article's entities are output. Every person,
every speaker, claimant, agent and reporter, and each organisation, place or
group that a statement's content mentions (what the store calls its targets)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..lexicon import GROUP_TYPES
from ..state import DocState, Stage, register


def _inside_any(mentions: list[tuple[int, int]], spans: list[tuple[int, int]]) -> bool:
    """Whether some mention lies wholly inside one of ``spans``."""
    return any(s <= ms and me <= e for ms, me in mentions for s, e in spans)


@register("targets")
def make_targets(config: Mapping[str, Any]) -> Stage:
    def targets(state: DocState) -> DocState:
        if state.ents is None:
            raise ValueError("stage 'targets' needs stage 'entities' before it")
        resolved = state.resolved
        used = {id(r.speaker) for r in resolved if r.speaker is not None}
        used |= {id(c) for pair in state.parties for c in pair[:2] if c is not None}
        used |= {id(r.reporter.speaker) for r in resolved if r.reporter and r.reporter.speaker}
        spans = [span for r in resolved for span in r.att.contents]
        state.keep = [
            c
            for c in state.ents.clusters
            if id(c) in used
            or c.type == "PERSON"
            or (c.type in GROUP_TYPES and _inside_any(c.mentions, spans))
        ]
        return state

    return targets
