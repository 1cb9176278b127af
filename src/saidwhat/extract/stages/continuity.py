"""Stage ``continuity``: statements across sentences. A report of a report gives
the inner statement to its speaker with the outer one as ``reported_by``; quotes
that run on over paragraphs keep the speaker of the quote they continue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..continuity import continue_quotes, unnest
from ..state import DocState, Stage, register


@register("continuity")
def make_continuity(config: Mapping[str, Any]) -> Stage:
    least = float(config["extract"].get("min_confidence", 0.0))

    def continuity(state: DocState) -> DocState:
        ents = state.ents
        state.resolved = continue_quotes(
            state.text,
            unnest(state.text, state.resolved, least=least),
            subject_of=ents.person_subject if ents is not None else None,
        )
        return state

    return continuity
