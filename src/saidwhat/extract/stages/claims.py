"""Stage ``claims``: claims of responsibility, blame and denial about events, with
claimant and agent resolved to article entities (:mod:`saidwhat.extract.claims`,
:mod:`saidwhat.extract.parties`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..parties import article_claims
from ..state import DocState, Stage, register


@register("claims")
def make_claims(config: Mapping[str, Any]) -> Stage:
    def claims(state: DocState) -> DocState:
        ents = state.ents
        if ents is None:
            raise ValueError("stage 'claims' needs stage 'entities' before it")
        found = article_claims(state.doc, ents, state.resolved, state.text)
        state.claims = [f for f, *_ in found]
        state.parties = [(claimant, agent, stmt) for _, claimant, agent, stmt in found]
        return state

    return claims
