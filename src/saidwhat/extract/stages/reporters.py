"""Stage ``reporters``: "<outlet> quoted X as saying": the statement is X's, the
outlet its reporter (:mod:`saidwhat.extract.reporters`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..reporters import inner_speaker, quoted_as_saying, trailing_according_to
from ..state import DocState, Stage, register


@register("reporters")
def make_reporters(config: Mapping[str, Any]) -> Stage:
    def reporters(state: DocState) -> DocState:
        state.atts = trailing_according_to(state.doc, state.atts, state.text)
        state.atts = quoted_as_saying(state.doc, state.atts)
        state.atts = inner_speaker(state.doc, state.atts, state.text)
        return state

    return reporters
