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

import gc
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .config import load_config
from .errors import Errors, ModelError
from .extract.assemble import to_records
from .extract.claims import lede_place, link_events
from .extract.runs import prepare, restore_span_texts
from .extract.stages import METHODS
from .extract.stages import build as build_stages
from .extract.state import DocState
from .readers import ArticleInput
from .records import ArticleResult, Claim, Entity, Quote, TextSpan

__all__ = ["METHODS", "Analyzer", "Engine", "get_engine", "load_nlp", "chunk_text"]

_ENGINES: dict[str, Engine] = {}


def get_engine(config: Mapping[str, Any] | None = None) -> Engine:
    """A cached engine for this configuration (one per process).

    Once it is loaded, the objects of the process so far (the models' hundred thousand
    among them, kept for the life of the process) are moved out of the garbage
    collector's generations (:func:`gc.freeze`): the full collections that analysing a
    batch of articles triggers no longer walk them each time (on PolNeAR dev 0.25 ->
    0.07 s of collections, of about 4 s the stages take).
    """
    key = json.dumps(config or {}, sort_keys=True, default=str)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(load_config(config))
        gc.freeze()
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
        #: how many of the first stages :meth:`run_together` runs: up to the last that
        #: has a form over several documents (``many``, the neural tagger's)
        self.together = max(
            (k + 1 for k, (_, stage) in enumerate(self.stages) if hasattr(stage, "many")),
            default=0,
        )

    @property
    def stage_names(self) -> list[str]:
        return [name for name, _ in self.stages] + [name for name, _ in self.article_stages]

    def run_stages(self, doc: Doc, state: DocState | None = None) -> DocState:
        """One parsed document through the document stages (``state``: the document's
        state after the first ones, from :meth:`run_together`: the others)."""
        stages = self.stages
        if state is None:
            state = DocState(doc=doc, text=doc.text)  # Doc.text joins every token: read once
        else:
            stages = stages[self.together :]
        for _, stage in stages:
            state = stage(state)
        return state

    def run_together(self, docs: Sequence[Doc]) -> list[DocState] | None:
        """The documents' states after the first :attr:`together` stages, each stage run
        over all of them at once where it has a form for that (``stage.many``: the
        neural tagger runs its models over their pieces and windows together, the
        same values as one document at a time, with fewer and fuller matrix
        products); ``None`` when no stage has. :meth:`analyse` goes on from there."""
        if not self.together:
            return None
        states = [DocState(doc=doc, text=doc.text) for doc in docs]
        for _, stage in self.stages[: self.together]:
            many = getattr(stage, "many", None)
            states = many(states) if many is not None else [stage(s) for s in states]
        return states

    def analyse(
        self, article: ArticleInput, docs: Iterable[tuple[int, Doc | DocState]]
    ) -> ArticleResult:
        """One article's result from its parsed chunks ``(offset, doc)`` (without the
        article stages, which run over a batch: :meth:`finish`); a chunk may come as its
        state from :meth:`run_together` instead of its doc. ``docs`` may be a
        generator: each chunk is analysed and let go before the next is parsed, so a
        long article holds one chunk's parse at a time."""
        quotes: list[Quote] = []
        entities: list[Entity] = []
        claims: list[Claim] = []
        warnings = list(article.warnings)
        lede: TextSpan | None = None
        n = 0
        for offset, item in docs:
            doc = item.doc if isinstance(item, DocState) else item
            if n == 0:
                lede = self._lede([(offset, doc)])
            n += 1
            rec = to_records(
                self.run_stages(doc, item) if isinstance(item, DocState) else self.run_stages(doc),
                offset=offset,
                q_base=len(quotes),
                e_base=len(entities),
                c_base=len(claims),
            )
            quotes.extend(rec.quotes)
            entities.extend(rec.entities)
            claims.extend(rec.claims)
            warnings.extend(rec.warnings)
        if n > 1:
            warnings.insert(len(article.warnings), f"text analysed in {n} chunks")
        return ArticleResult(
            id=article.id,
            text=article.text,
            quotes=tuple(quotes),
            entities=tuple(entities),
            warnings=tuple(warnings),
            meta=dict(article.meta),
            claims=tuple(link_events(claims, lede=lede if claims else None, text=article.text)),
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
        """Results of ``articles``, in order; the first failure is raised."""
        out = []
        for res in self.extract_each(articles):
            if isinstance(res, BaseException):
                raise res
            out.append(res)
        return out

    def extract_each(
        self, articles: Sequence[ArticleInput], *, limit: float = 0.0
    ) -> list[ArticleResult | Exception]:
        """Each article's result, or the exception its analysis raised, in order.

        ``limit``: seconds of wall-clock time per article (:mod:`saidwhat.runtime.timelimit`),
        the same budget however the articles are batched: short articles are parsed
        together (at most ``max_chunk_chars`` characters in one ``nlp.pipe``, under
        one article's limit; if that runs over, each is done alone), go through the
        first stages together (:meth:`Analyzer.run_together`, likewise under one
        article's limit, else each alone) and each is analysed under its own limit; a
        long article is parsed and analysed chunk by chunk, holding one chunk's parse
        at a time, all under its limit. An article over its limit gives
        :class:`~saidwhat.runtime.timelimit.TimeLimitExceeded`. A :class:`ModelError`
        ends the call.
        """
        out: list[ArticleResult | Exception | None] = [None] * len(articles)
        for group in self._groups(articles):
            docs = (
                self._parse_together([articles[n] for n in group], limit)
                if len(group) > 1
                else None
            )
            states = self._run_together(docs, limit) if docs is not None else None
            for k, n in enumerate(group):
                art = articles[n]
                if states is not None:
                    chunks: Iterable[tuple[int, Doc | DocState]] = [(0, states[k])]
                elif docs is not None:
                    chunks = [(0, docs[k])]
                else:
                    chunks = self._parse_chunks(art)
                out[n] = _guarded(limit, self._analyse, art, chunks)
        done = [r for r in out if isinstance(r, ArticleResult)]
        finished = iter(self.analyzer.finish(done) if done else ())
        result: list[ArticleResult | Exception] = []
        for r in out:
            assert r is not None
            result.append(next(finished) if isinstance(r, ArticleResult) else r)
        return result

    def _analyse(
        self, art: ArticleInput, chunks: Iterable[tuple[int, Doc | DocState]]
    ) -> ArticleResult:
        return restore_span_texts(self.analyzer.analyse(art, chunks))

    def _groups(self, articles: Sequence[ArticleInput]) -> list[list[int]]:
        """Indices of consecutive articles parsed together: one-chunk articles up to
        ``max_chunk`` characters in all; a longer article alone."""
        groups: list[list[int]] = []
        size = 0
        for n, art in enumerate(articles):
            if len(art.text) > self.max_chunk:
                groups.append([n])
                size = self.max_chunk + 1
                continue
            if not groups or size + len(art.text) > self.max_chunk:
                groups.append([])
                size = 0
            groups[-1].append(n)
            size += len(art.text)
        return groups

    def _parse_together(self, arts: Sequence[ArticleInput], limit: float) -> list[Doc] | None:
        """One-chunk articles parsed in one ``nlp.pipe``; ``None`` if that failed or ran
        over one article's limit (each is then parsed alone, under its own)."""
        from .runtime.timelimit import deadline

        try:
            with deadline(limit):
                # same length: long punctuation runs cut (the tokenizer stays linear),
                # apostrophes inside words made straight
                return list(
                    self.nlp.pipe((prepare(a.text) for a in arts), batch_size=self.batch_size)
                )
        except ModelError:
            raise
        except Exception:  # noqa: BLE001 - each article alone finds the culprit
            return None

    def _run_together(self, docs: Sequence[Doc], limit: float) -> list[DocState] | None:
        """The first stages over documents parsed together
        (:meth:`Analyzer.run_together`); ``None`` if there are none, or if that failed
        or ran over one article's limit (each document then goes through them alone,
        under its article's own limit)."""
        from .runtime.timelimit import deadline

        try:
            with deadline(limit):
                return self.analyzer.run_together(docs)
        except ModelError:
            raise
        except Exception:  # noqa: BLE001 - each article alone finds the culprit
            return None

    def _parse_chunks(self, art: ArticleInput) -> Iterator[tuple[int, Doc]]:
        """An article's chunks parsed one at a time, as the analysis asks for them."""
        for off, piece in chunk_text(art.text, self.max_chunk):
            yield off, self.nlp(prepare(piece))


def _guarded(
    limit: float,
    run: Callable[[ArticleInput, Iterable[tuple[int, Doc | DocState]]], ArticleResult],
    art: ArticleInput,
    chunks: Iterable[tuple[int, Doc | DocState]],
) -> ArticleResult | Exception:
    """``run(art, chunks)`` under an article's time limit; its exception returned, not
    raised (a :class:`ModelError` is raised: no article can be analysed)."""
    from .runtime.timelimit import deadline

    try:
        with deadline(limit):
            return run(art, chunks)
    except ModelError:
        raise
    except Exception as exc:  # noqa: BLE001 - this article's failure, the others go on
        return exc
