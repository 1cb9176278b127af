"""Stage ``claims``: claims of responsibility, blame and denial about events, with
claimant and agent resolved to article entities (:mod:`saidwhat.extract.claims`,
:mod:`saidwhat.extract.parties`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..claims import find_claims
from ..parties import claim_parties
from ..state import DocState, Stage, register


@register("claims")
def make_claims(config: Mapping[str, Any]) -> Stage:
    def claims(state: DocState) -> DocState:
        ents = state.ents
        if ents is None:
            raise ValueError("stage 'claims' needs stage 'entities' before it")
        state.claims = list(find_claims(state.doc, state.text))
        state.parties = [claim_parties(state.doc, ents, f, state.resolved) for f in state.claims]
        return state

    return claims
