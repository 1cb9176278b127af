"""Stage ``statements``: what is output as a statement. Below ``[extract]
min_confidence`` nothing is; with ``statements_only`` a reported action is not a
statement (:func:`is_statement`); with ``min_cue_prob`` (and the neural tagger) a
reported statement of no named speaker needs a cue that reports speech."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..speech import is_statement, speech_cue
from ..state import DocState, Stage, register


@register("statements")
def make_statements(config: Mapping[str, Any]) -> Stage:
    least = float(config["extract"].get("min_confidence", 0.0))
    min_cue_prob = float(config["extract"].get("min_cue_prob", 0.0))
    only = bool(config["extract"].get("statements_only", False))
    nps = bool(config["extract"].get("noun_phrase_statements", False))

    def statements(state: DocState) -> DocState:
        out = [r for r in state.resolved if r.statement_confidence >= least]
        if only:
            out = [
                r for r in out if is_statement(state.doc, r.att, state.cue_probs, noun_phrases=nps)
            ]
        if min_cue_prob > 0 and state.cue_probs:
            out = [
                r
                for r in out
                if r.named or speech_cue(state.doc, r.att, state.cue_probs, min_cue_prob)
            ]
        state.output = out
        return state

    return statements
