"""The extraction engine: loading, batching and the loop.

Each article is split into chunks (long texts only), parsed by spaCy in
batches, and each parsed chunk goes through the configured stages
(``[pipeline] stages``: :mod:`saidwhat.extract.stages`, one module each,
registered by name) carrying a :class:`~saidwhat.extract.state.DocState`;
:func:`~saidwhat.extract.assemble.to_records` turns the final state into
records, and the article stages (``article_stages``: stance) run over the
batch of finished articles.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .config import load_config
from .errors import Errors, ModelError
from .extract.assemble import to_records
from .extract.claims import lede_place, link_events
from .extract.runs import restore_span_texts, tame_runs
from .extract.stages import METHODS
from .extract.stages import build as build_stages
from .extract.state import DocState
from .readers import ArticleInput
from .records import ArticleResult, Claim, Entity, Quote, TextSpan

__all__ = ["METHODS", "Analyzer", "Engine", "get_engine", "load_nlp", "chunk_text"]

_ENGINES: dict[str, Engine] = {}


def get_engine(config: Mapping[str, Any] | None = None) -> Engine:
    """A cached engine for this configuration (one per process)."""
    key = json.dumps(config or {}, sort_keys=True, default=str)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(load_config(config))
    return _ENGINES[key]


def load_nlp(name: str) -> Language:
    import spacy

    from .extract.segment import add_to

    try:
        nlp = spacy.load(name)
    except Exception as exc:  # OSError for a missing package, others for broken ones
        raise ModelError(Errors.E010.format(name=name, reason=exc)) from exc
    return add_to(nlp)  # line breaks are sentence boundaries


def chunk_text(text: str, limit: int) -> list[tuple[int, str]]:
    """Split a long text at paragraph (or line, or space) boundaries into pieces <= limit."""
    if len(text) <= limit:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + limit)
        if end < len(text):
            window = text[pos:end]
            cut = max(window.rfind("\n\n"), window.rfind("\n"))
            if cut < limit // 4:
                cut = window.rfind(" ")
            if cut > limit // 4:
                end = pos + cut + 1
        pieces.append((pos, text[pos:end]))
        pos = end
    return pieces


class Analyzer:
    """Everything after the spaCy parse: the configured stages, then records."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        self.stages, self.article_stages = build_stages(config)

    @property
    def stage_names(self) -> list[str]:
        return [name for name, _ in self.stages] + [name for name, _ in self.article_stages]

    def run_stages(self, doc: Doc) -> DocState:
        """One parsed document through the document stages."""
        state = DocState(doc=doc, text=doc.text)  # Doc.text joins every token: read once
        for _, stage in self.stages:
            state = stage(state)
        return state

    def analyse(self, article: ArticleInput, docs: list[tuple[int, Doc]]) -> ArticleResult:
        """One article's result from its parsed chunks ``(offset, doc)`` (without the
        article stages, which run over a batch: :meth:`finish`)."""
        quotes: list[Quote] = []
        entities: list[Entity] = []
        claims: list[Claim] = []
        warnings = list(article.warnings)
        if len(docs) > 1:
            warnings.append(f"text analysed in {len(docs)} chunks")
        for offset, doc in docs:
            rec = to_records(
                self.run_stages(doc),
                offset=offset,
                q_base=len(quotes),
                e_base=len(entities),
                c_base=len(claims),
            )
            quotes.extend(rec.quotes)
            entities.extend(rec.entities)
            claims.extend(rec.claims)
            warnings.extend(rec.warnings)
        return ArticleResult(
            id=article.id,
            text=article.text,
            quotes=tuple(quotes),
            entities=tuple(entities),
            warnings=tuple(warnings),
            meta=dict(article.meta),
            claims=tuple(link_events(claims, lede=self._lede(docs) if claims else None)),
        )

    def finish(self, results: Sequence[ArticleResult]) -> list[ArticleResult]:
        """The article stages (stance) over a batch of analysed articles."""
        out = list(results)
        for _, stage in self.article_stages:
            out = stage(out)
        return out

    @staticmethod
    def _lede(docs: list[tuple[int, Doc]]) -> TextSpan | None:
        """The place the article's lede names (claims of attacks and accidents)."""
        if not docs:
            return None
        offset, doc = docs[0]
        found = lede_place(doc)
        if found is None:
            return None
        s, e = found
        return TextSpan(s + offset, e + offset, doc.text[s:e])


class Engine:
    """The spaCy pipeline plus the :class:`Analyzer`; :meth:`extract_batch` is the hot path."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        self.nlp = load_nlp(config["nlp"]["model"])
        self.max_chunk = int(config["nlp"]["max_chunk_chars"])
        self.nlp.max_length = max(self.nlp.max_length, self.max_chunk + 1)
        self.batch_size = int(config["nlp"]["batch_size"])
        self.analyzer = Analyzer(config)

    def extract(self, article: ArticleInput) -> ArticleResult:
        return self.extract_batch([article])[0]

    def extract_batch(self, articles: Sequence[ArticleInput]) -> list[ArticleResult]:
        jobs: list[tuple[int, int, str]] = []  # (article index, offset, text)
        for n, art in enumerate(articles):
            for off, piece in chunk_text(art.text, self.max_chunk):
                jobs.append((n, off, piece))
        per_article: list[list[tuple[int, Doc]]] = [[] for _ in articles]
        # long punctuation runs are cut (same length) to keep the tokenizer linear
        docs = self.nlp.pipe((tame_runs(p) for _, _, p in jobs), batch_size=self.batch_size)
        for (n, off, _), doc in zip(jobs, docs):
            per_article[n].append((off, doc))
        results = [
            restore_span_texts(self.analyzer.analyse(art, per_article[n]))
            for n, art in enumerate(articles)
        ]
        return self.analyzer.finish(results)
