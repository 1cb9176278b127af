"""Stage ``entities``: the article's people, organisations, places and groups
(:class:`~saidwhat.extract.speakers.ArticleEntities`); a dateline or a page label
("Photo:", "Updated:") is no source; "the doctor" as a subject outside quotation
marks is a mention of the person titled "Dr." earlier."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..speakers import ArticleEntities, is_furniture
from ..state import DocState, Stage, register


@register("entities")
def make_entities(config: Mapping[str, Any]) -> Stage:
    def entities(state: DocState) -> DocState:
        doc = state.doc
        state.ents = ArticleEntities(doc, state.text, state.tokens())
        state.ents.note_titled_subjects([(q.start, q.end) for q in state.quoted])
        state.atts = [
            a
            for a in state.atts
            if not (a.sources and is_furniture(doc, *a.sources[0], text=state.text))
        ]
        return state

    return entities
