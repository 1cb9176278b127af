"""Stage ``tagger``: cue, source and content spans grouped into attributions.

``[extract] method`` chooses the finder: ``neural`` (the shipped BiLSTM cue and
link models; :mod:`saidwhat.extract.tagger`) or ``rules`` (syntax and the
reporting-verb lexicon; :mod:`saidwhat.extract.rules`). ``[model] tier`` chooses
the neural models: ``fast`` (over spaCy-sm) or ``accurate`` (over all-mpnet-base-v2
states too, :mod:`saidwhat.extract.context`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import Errors, InputError, ModelError
from .. import rules
from ..context import ContextFeatures, Pieces
from ..state import DocState, Stage, register

if TYPE_CHECKING:
    from ..tagger import AttributionTagger

#: extraction methods (``extract.method``)
METHODS = ("neural", "rules")


@register("tagger")
def make_tagger(config: Mapping[str, Any]) -> Stage:
    method = config["extract"]["method"]
    if method not in METHODS:
        raise ModelError(Errors.E064.format(method=method, options=", ".join(METHODS)))
    if method == "rules":

        def by_rules(state: DocState) -> DocState:
            state.atts = list(rules.find_attributions(state.doc, state.quoted))
            return state

        return by_rules

    from ..neural import TIER_MODELS
    from ..tagger import load_tagger

    tier = str((config.get("model") or {}).get("tier", "fast"))
    if tier not in TIER_MODELS:
        raise InputError(Errors.E084.format(tier=tier, options=", ".join(TIER_MODELS)))
    features = _mpnet_features if tier == "accurate" else None
    tagger = load_tagger(config["extract"].get("tagger_path") or None, tier=tier, features=features)

    return _Neural(tagger)


class _Neural:
    """The neural stage; :meth:`many` runs the models over several documents together
    (:meth:`~saidwhat.engine.Analyzer.run_together`), with the result of running each
    alone."""

    def __init__(self, tagger: AttributionTagger) -> None:
        self.tagger = tagger

    def __call__(self, state: DocState) -> DocState:
        return self.many([state])[0]

    def many(self, states: Sequence[DocState]) -> list[DocState]:
        found = self.tagger.attributions_many(
            [s.doc for s in states], [s.quoted for s in states], [s.text for s in states]
        )
        for state, atts in zip(states, found):
            state.atts = atts
            state.cue_probs = self.tagger.neural.cue_probs
        return list(states)


def _mpnet_features(overrides: Path | None) -> ContextFeatures:
    """The accurate tier's token features: all-mpnet-base-v2 over its word pieces, with
    the adapters the span models were tuned with (``overrides``), if any."""
    from ...semantic import encoder

    return ContextFeatures(
        encoder.load(overrides, arch="mpnet"), Pieces(encoder.mpnet_dir() / "tokenizer.json")
    )
