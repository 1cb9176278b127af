"""Stage ``resolution``: each statement's source resolved to one article entity
(or None when unsure), in text order so that "he added" goes to the speaker
reported just before; "I" inside somebody's quoted words is that somebody."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacy.tokens import Doc

from ..attributions import Attribution, cue_span
from ..continuity import Resolved, first_person_in_quotes
from ..speech import is_statement
from ..state import DocState, Stage, register


def made_at(a: Attribution) -> int:
    """Where an attribution is made: its source, else its cue, else its content."""
    pts = [s for s, _ in a.sources] or ([a.cue[0]] if a.cue else []) or [s for s, _ in a.contents]
    return min(pts) if pts else 0


@register("resolution")
def make_resolution(config: Mapping[str, Any]) -> Stage:
    only = bool(config["extract"].get("statements_only", False))
    nps = bool(config["extract"].get("noun_phrase_statements", False))

    def resolution(state: DocState) -> DocState:
        ents = state.ents
        if ents is None:
            raise ValueError("stage 'resolution' needs stage 'entities' before it")
        # what is said, not what is done, holds reported words ("Asked about it, X was
        # on the defensive": X is no subject inside somebody's words)
        said = [
            a
            for a in state.atts
            if not only or is_statement(state.doc, a, state.cue_probs, noun_phrases=nps)
        ]
        ents.note_contents([span for a in said for span in a.contents])
        statements = {id(a) for a in said}
        resolved = []
        for a in sorted(state.atts, key=made_at):
            cluster, conf = (None, 0.0)
            turn = not _noun_cue(state.doc, a)
            if a.sources:
                cluster, conf = ents.resolve(
                    state.doc,
                    a.sources[0],
                    a.source_token,
                    turn=turn,
                    source=True,
                    statement=id(a) in statements,
                )
            r = Resolved(a, cluster, conf, turn=turn)
            if a.via is not None:  # "Interfax quoted X as saying": Interfax reports it
                outlet, oconf = ents.resolve(state.doc, a.via, None)
                via = Attribution(
                    cue=a.via_cue or a.cue, sources=[a.via], contents=list(a.contents)
                )
                r.reporter = Resolved(via, outlet, oconf)
            resolved.append(r)
        state.resolved = first_person_in_quotes(state.text, resolved)
        return state

    return resolution


def _noun_cue(doc: Doc, a: Attribution) -> bool:
    """Whether a statement's cue is a noun ("Y's allegations that …")."""
    span = cue_span(doc, a)
    return span is not None and span.root.pos_ == "NOUN"
