"""Article stage ``stance``: each statement's stance toward the entities its
contents mention (:mod:`saidwhat.stance`); built only when ``[stance] enabled``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..state import ArticleStage, register_article_stage


@register_article_stage("stance")
def make_stance(config: Mapping[str, Any]) -> ArticleStage | None:
    if not (config.get("stance") or {}).get("enabled", False):
        return None
    from ...stance import annotate

    return annotate
