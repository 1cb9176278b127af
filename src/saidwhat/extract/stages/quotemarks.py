"""Stage ``quotemarks``: the quoted passages of the text, and warnings for unsound marks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..quotemarks import find_quoted
from ..state import DocState, Stage, register


@register("quotemarks")
def make_quotemarks(config: Mapping[str, Any]) -> Stage:
    max_chars = int(config["extract"]["max_quote_chars"])

    def quotemarks(state: DocState) -> DocState:
        state.quoted, warnings = find_quoted(state.text, max_chars=max_chars)
        state.warnings.extend(warnings)
        return state

    return quotemarks
