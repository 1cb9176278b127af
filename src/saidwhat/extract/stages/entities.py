"""Stage ``entities``: the article's people, organisations, places and groups
(:class:`~saidwhat.extract.speakers.ArticleEntities`); a dateline or a page label
("Photo:", "Updated:") is no source; "the doctor" as a subject outside quotation
marks is a mention of the person titled "Dr." earlier."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..segment import dateline_end
from ..speakers import ArticleEntities, is_furniture
from ..state import DocState, Stage, register


@register("entities")
def make_entities(config: Mapping[str, Any]) -> Stage:
    def entities(state: DocState) -> DocState:
        doc = state.doc
        state.ents = ArticleEntities(doc, state.text, state.tokens())
        state.ents.note_titled_subjects([(q.start, q.end) for q in state.quoted])
        kept = []
        for a in state.atts:
            if a.sources and is_furniture(doc, *a.sources[0], text=state.text):
                # "AMMAN (Petra) - Minister … Mohammad Al Momani said": the dateline is
                # cut from the source; a source that is nothing but a dateline goes
                s, e = a.sources[0]
                para = state.text.rfind("\n", 0, s) + 1
                cut = dateline_end(state.text, para)
                if not (s < cut < e and state.text[cut:e].strip()):
                    continue
                a.sources = [(cut, e), *a.sources[1:]]
                a.source_token = None
            kept.append(a)
        state.atts = kept
        return state

    return entities
