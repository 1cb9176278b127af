"""The public entry points: :func:`extract` and :func:`extract_many`."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .errors import Errors, InputError
from .readers import ArticleInput
from .records import ArticleResult

ArticleLike = str | tuple[str, str] | Mapping[str, Any] | ArticleInput


def _as_input(item: ArticleLike, n: int) -> ArticleInput:
    if isinstance(item, ArticleInput):
        return item
    if isinstance(item, str):
        return ArticleInput(id=f"doc{n}", text=item)
    if isinstance(item, tuple):
        text, id_ = item
        if not isinstance(text, str):
            raise InputError(Errors.E009.format(type=type(text).__name__))
        return ArticleInput(id=str(id_), text=text)
    if isinstance(item, Mapping):
        text = item.get("text")
        if not isinstance(text, str):
            raise InputError(Errors.E009.format(type=type(text).__name__))
        meta = {k: v for k, v in item.items() if k not in ("text", "id")}
        return ArticleInput(id=str(item.get("id") or f"doc{n}"), text=text, meta=meta)
    raise InputError(Errors.E009.format(type=type(item).__name__))


def extract(text: str, *, id: str = "doc", config: Mapping[str, Any] | None = None) -> ArticleResult:
    """Extract every attributed statement of one article.

    Args:
        text: the article text; offsets in the result index into it.
        id: an identifier carried into the result.
        config: overrides of the shipped defaults (see ``default_config.toml``).
    """
    if not isinstance(text, str):
        raise InputError(Errors.E009.format(type=type(text).__name__))
    from .engine import get_engine

    return get_engine(config).extract(ArticleInput(id=id, text=text))


_WORKER_CONFIG: Mapping[str, Any] | None = None


def _worker_init(config: Mapping[str, Any] | None) -> None:
    global _WORKER_CONFIG
    _WORKER_CONFIG = config
    from .engine import get_engine

    get_engine(config)  # load the model once per worker process


def _worker_run(batch: list[ArticleInput]) -> list[ArticleResult]:
    from .engine import get_engine

    return get_engine(_WORKER_CONFIG).extract_batch(batch)


def _batches(items: Iterable[ArticleInput], size: int) -> Iterator[list[ArticleInput]]:
    batch: list[ArticleInput] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_many(
    items: Iterable[ArticleLike],
    *,
    n_process: int = 1,
    batch_size: int = 16,
    config: Mapping[str, Any] | None = None,
) -> Iterator[ArticleResult]:
    """Extract from many articles, in input order.

    Args:
        items: texts, ``(text, id)`` tuples, mappings with ``text`` (and ``id``)
            or :class:`~saidwhat.readers.ArticleInput` records.
        n_process: worker processes; ``-1`` means one per core. Each worker
            loads the model once.
        batch_size: articles sent to a worker at a time.
        config: overrides of the shipped defaults.
    """
    inputs = (_as_input(item, n) for n, item in enumerate(items, start=1))
    if n_process == -1:
        n_process = os.cpu_count() or 1
    if n_process <= 1:
        from .engine import get_engine

        engine = get_engine(config)
        for batch in _batches(inputs, batch_size):
            yield from engine.extract_batch(batch)
        return
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(n_process, initializer=_worker_init, initargs=(config,)) as pool:
        for results in pool.imap(_worker_run, _batches(inputs, batch_size)):
            yield from results
