"""Stage ``statements``: what is output as a statement. Below ``[extract]
min_confidence`` nothing is; with ``min_cue_prob`` (and the neural tagger) a
reported statement of no named speaker needs a cue that reports speech."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacy.tokens import Doc

from ..attributions import Attribution
from ..lexicon import REPORTING_VERBS
from ..state import DocState, Stage, register


def speech_cue(doc: Doc, a: Attribution, probs: Mapping[str, float], least: float) -> bool:
    """Keep a reported (unquoted) statement only when its cue is a reporting verb or
    a word that is a cue at least ``least`` of the time in the training data:
    "decided to", "first arrested", "wants to" report actions, not statements."""
    if a.kind != "indirect" or a.cue is None:
        return True
    span = doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand")
    if span is None:
        return True
    lemma = span.root.lemma_.lower()
    return lemma in REPORTING_VERBS or probs.get(lemma, 0.0) >= least


@register("statements")
def make_statements(config: Mapping[str, Any]) -> Stage:
    least = float(config["extract"].get("min_confidence", 0.0))
    min_cue_prob = float(config["extract"].get("min_cue_prob", 0.0))

    def statements(state: DocState) -> DocState:
        out = [r for r in state.resolved if r.statement_confidence >= least]
        if min_cue_prob > 0 and state.cue_probs:
            out = [
                r
                for r in out
                if r.named or speech_cue(state.doc, r.att, state.cue_probs, min_cue_prob)
            ]
        state.output = out
        return state

    return statements
