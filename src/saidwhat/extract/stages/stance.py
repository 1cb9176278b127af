"""Article stage ``stance``: each statement's stance toward the entities its
contents mention (:mod:`saidwhat.semantic.stance`); built only when ``[stance] enabled``,
with the model of ``[model] tier`` (fast: MiniLM; accurate: all-mpnet-base-v2)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from ..state import ArticleStage, register_article_stage


@register_article_stage("stance")
def make_stance(config: Mapping[str, Any]) -> ArticleStage | None:
    if not (config.get("stance") or {}).get("enabled", False):
        return None
    from ...semantic.stance import annotate, tier_of

    tier = tier_of(str((config.get("model") or {}).get("tier", "fast"))).name
    return functools.partial(annotate, tier=tier)
