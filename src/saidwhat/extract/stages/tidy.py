"""Stage ``tidy``: sources and cues trimmed, contents cut at their paragraph and
shared pieces given to one statement, empty attributions dropped, and each
statement's kind (direct, indirect, mixed) read from its quotation marks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..attributions import (
    agent_sources,
    complete_clauses,
    conjoined_cues,
    cut_trailing_attribution,
    kind_of,
    medium_contents,
    parenthetical_contents,
    quotation_then_clause,
    reports_in_contents,
    said_quoting,
    says_something,
    sources_in_contents,
    sources_without_dates,
    split_cues,
    subject_sources,
    tidy_cues,
    tidy_sources,
    unquote_inner_cues,
)
from ..continuity import cut_at_paragraphs, share_contents
from ..state import DocState, Stage, register


@register("tidy")
def make_tidy(config: Mapping[str, Any]) -> Stage:
    def tidy(state: DocState) -> DocState:
        text = state.text
        state.atts = split_cues(text, state.atts)
        tidy_sources(text, state.atts)
        sources_without_dates(state.doc, state.atts)
        tidy_cues(text, state.atts)
        agent_sources(state.doc, state.atts)
        state.atts = said_quoting(state.doc, state.atts)
        subject_sources(state.doc, state.atts)
        sources_in_contents(state.doc, state.atts)
        state.atts = reports_in_contents(state.doc, state.atts)
        state.atts = conjoined_cues(state.doc, state.atts)
        parenthetical_contents(state.doc, state.atts)
        complete_clauses(state.doc, state.atts)
        medium_contents(state.doc, state.atts)
        qspans = [(q.start, q.end) for q in state.quoted]
        quotation_then_clause(state.doc, state.atts, qspans)
        cut_trailing_attribution(text, state.atts)
        cut_at_paragraphs(text, state.atts)
        share_contents(text, state.atts)
        atts = [
            a
            for a in state.atts
            if a.contents and any(e > s for s, e in a.contents) and says_something(state.doc, a)
        ]
        unquote_inner_cues(
            atts,
            qspans,
            text=text,
            unclosed=[(q.start, q.end) for q in state.quoted if not q.closed],
        )
        for a in atts:
            a.kind = kind_of(text, a.contents, qspans)
        state.atts = atts
        return state

    return tidy
