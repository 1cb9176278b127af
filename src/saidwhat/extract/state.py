"""What one document carries from stage to stage, and the registry of stages.

A stage is built once per engine from the configuration (``factory(config)``)
and is then a function ``DocState -> DocState``. The stages are registered by
name (:func:`register`) and listed, in order, in the ``[pipeline]`` section of
the configuration; :mod:`saidwhat.extract.stages` holds the shipped ones. A stage
may also have a form over several documents, ``stage.many(states) -> states``, with
the result of running it on each alone: documents parsed together then go through
the stages up to the last such one together (the neural tagger's;
:meth:`saidwhat.engine.Analyzer.run_together`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from ..errors import Errors, ModelError
from ..records import ArticleResult
from .attributions import Attribution
from .claims import FoundClaim
from .continuity import Resolved
from .quotemarks import QuotedSpan
from .speakers import ArticleEntities


@dataclass(slots=True)
class DocState:
    """One parsed document (an article, or a chunk of a long one) on its way.

    Offsets are characters of ``text`` (``doc.text``). Each field is filled by
    the stage named beside it; later stages read and may replace it.
    """

    doc: Doc
    text: str
    warnings: list[str] = field(default_factory=list)
    quoted: list[QuotedSpan] = field(default_factory=list)  # quotemarks
    atts: list[Attribution] = field(default_factory=list)  # tagger, backoff, tidy
    cue_probs: Mapping[str, float] = field(default_factory=dict)  # tagger (learned cues)
    ents: ArticleEntities | None = None  # entities
    resolved: list[Resolved] = field(default_factory=list)  # resolution, continuity
    claims: list[FoundClaim] = field(default_factory=list)  # claims
    #: per claim: (claimant cluster, agent cluster, the statement it is made in)
    parties: list[tuple[Any, Any, Resolved | None]] = field(default_factory=list)
    keep: list[Any] = field(default_factory=list)  # targets: the clusters output as entities
    _tokens: list[Token] | None = None

    def tokens(self) -> list[Token]:
        """The document's tokens, made once: spaCy builds a new Token object at every
        iteration and every ``doc[i]``, and the stages walk the document many times."""
        if self._tokens is None:
            self._tokens = list(self.doc)
        return self._tokens

    output: list[Resolved] = field(default_factory=list)  # statements: what is output


#: a built stage over one document
Stage = Callable[[DocState], DocState]
#: a built stage over a batch of finished articles (stance)
ArticleStage = Callable[[Sequence[ArticleResult]], list[ArticleResult]]

_DOC_STAGES: dict[str, Callable[[Mapping[str, Any]], Stage]] = {}
_ARTICLE_STAGES: dict[str, Callable[[Mapping[str, Any]], ArticleStage | None]] = {}


def register(name: str) -> Callable[[Callable[[Mapping[str, Any]], Stage]], Any]:
    """Register a document stage factory under ``name`` (a decorator)."""

    def deco(factory: Callable[[Mapping[str, Any]], Stage]) -> Any:
        _DOC_STAGES[name] = factory
        return factory

    return deco


def register_article_stage(
    name: str,
) -> Callable[[Callable[[Mapping[str, Any]], ArticleStage | None]], Any]:
    """Register an article stage factory under ``name`` (a decorator); the factory
    returns None when the configuration switches the stage off."""

    def deco(factory: Callable[[Mapping[str, Any]], ArticleStage | None]) -> Any:
        _ARTICLE_STAGES[name] = factory
        return factory

    return deco


def doc_stage_names() -> list[str]:
    return sorted(_DOC_STAGES)


def article_stage_names() -> list[str]:
    return sorted(_ARTICLE_STAGES)


def build(
    config: Mapping[str, Any],
) -> tuple[list[tuple[str, Stage]], list[tuple[str, ArticleStage]]]:
    """The configured stages, built: ``[pipeline] stages`` and ``article_stages``."""
    pipe = config.get("pipeline") or {}
    doc: list[tuple[str, Stage]] = []
    for name in pipe.get("stages", ()):
        if name not in _DOC_STAGES:
            raise ModelError(Errors.E095.format(name=name, options=", ".join(doc_stage_names())))
        doc.append((name, _DOC_STAGES[name](config)))
    art: list[tuple[str, ArticleStage]] = []
    for name in pipe.get("article_stages", ()):
        if name not in _ARTICLE_STAGES:
            raise ModelError(
                Errors.E095.format(name=name, options=", ".join(article_stage_names()))
            )
        built = _ARTICLE_STAGES[name](config)
        if built is not None:
            art.append((name, built))
    return doc, art
