"""The public entry points: :func:`extract` and :func:`extract_many`.

``extract_many`` runs in this process (``n_process=1``) or in worker
processes, each loading the model once. Results always come back in input
order. An article on which the engine fails raises (``on_error="raise"``,
the default) or gives an :class:`ExtractFailure` in its place
(``on_error="return"``), so that one bad article does not stop a batch. A
worker process that dies (killed, out of memory) is replaced; the articles
it was working on are retried one by one, and those that kill a worker again
are reported with E017.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, overload

from .errors import BatchError, Errors, InputError
from .readers import ArticleInput, ReadFailure
from .records import ArticleResult

if TYPE_CHECKING:
    from .engine import Engine

ArticleLike = str | tuple[str, str] | Mapping[str, Any] | ArticleInput | ReadFailure
OnError = Literal["raise", "return"]


@dataclass(frozen=True, slots=True)
class ExtractFailure:
    """An article that could not be analysed (``extract_many(..., on_error="return")``)."""

    id: str
    source: str
    message: str


Outcome = ArticleResult | ExtractFailure


def _as_input(item: ArticleLike, n: int) -> ArticleInput:
    if isinstance(item, ArticleInput):
        if not isinstance(item.text, str):
            raise InputError(Errors.E009.format(type=type(item.text).__name__))
        return item
    if isinstance(item, str):
        return ArticleInput(id=f"doc{n}", text=item)
    if isinstance(item, tuple) and len(item) == 2:
        text, id_ = item
        if not isinstance(text, str):
            raise InputError(Errors.E009.format(type=type(text).__name__))
        return ArticleInput(id=str(id_), text=text)
    if isinstance(item, Mapping):
        body = item.get("text")
        if not isinstance(body, str):
            raise InputError(Errors.E009.format(type=type(body).__name__))
        meta = dict(item["meta"]) if isinstance(item.get("meta"), Mapping) else {}
        meta.update((k, v) for k, v in item.items() if k not in ("text", "id", "meta"))
        rid = item.get("id")
        return ArticleInput(id=str(rid) if rid is not None else f"doc{n}", text=body, meta=meta)
    raise InputError(Errors.E009.format(type=type(item).__name__))


def extract(
    text: str, *, id: str = "doc", config: Mapping[str, Any] | None = None
) -> ArticleResult:
    """Extract every attributed statement of one article.

    Args:
        text: the article text; offsets in the result index into it.
        id: an identifier carried into the result.
        config: overrides of the shipped defaults (see ``default_config.toml``).

    Raises:
        InputError: ``text`` is not a string.
        ModelError: the spaCy model or the tagger could not be loaded.
    """
    if not isinstance(text, str):
        raise InputError(Errors.E009.format(type=type(text).__name__))
    from .engine import get_engine

    return get_engine(config).extract(ArticleInput(id=id, text=text))


# -- running batches -----------------------------------------------------------------------

Item = ArticleInput | ExtractFailure


def _failure(art: ArticleInput, exc: BaseException) -> ExtractFailure:
    from .runtime.timelimit import TimeLimitExceeded

    src = art.source or "input"
    if isinstance(exc, TimeLimitExceeded):
        return ExtractFailure(art.id, art.source, exc.message(art.id, src))
    reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    return ExtractFailure(
        art.id, art.source, Errors.E016.format(id=art.id, source=src, reason=reason)
    )


def _run_batch(engine: Engine, batch: Sequence[Item], *, reraise: bool = False) -> list[Outcome]:
    """Results for ``batch`` in order; failures stay in place of their article.

    Each article has the per-article time limit (:mod:`saidwhat.runtime.timelimit`) however
    it is batched (:meth:`~saidwhat.engine.Engine.extract_each`); with ``reraise``
    the first failure is raised as a :class:`BatchError`.
    """
    from .runtime.timelimit import time_limit_of

    arts = [a for a in batch if isinstance(a, ArticleInput)]
    limit = time_limit_of(getattr(engine, "config", None))
    done: list[Outcome] = []
    for art, res in zip(arts, engine.extract_each(arts, limit=limit), strict=True):
        if isinstance(res, BaseException):
            failure = _failure(art, res)
            if reraise:
                raise BatchError(failure.message) from res
            done.append(failure)
        else:
            done.append(res)
    left = iter(done)
    return [item if isinstance(item, ExtractFailure) else next(left) for item in batch]


_WORKER_STATE: dict[str, Any] = {}
#: Process ids of the workers that returned results in the last parallel run (a test hook).
_WORKER_PIDS: set[int] = set()


def _worker_init(
    config: Mapping[str, Any] | None, parent: int | None = None, watch: bool = False
) -> None:
    if parent is not None:
        from .runtime.procs import die_with_parent

        die_with_parent(parent, watch=watch)  # no orphans when the parent is killed
    _WORKER_STATE["config"] = config
    try:
        from .engine import get_engine

        get_engine(config)  # load the model once per worker process
    except Exception as exc:  # noqa: BLE001 - re-raised with the first batch, in the parent
        _WORKER_STATE["error"] = exc


def _worker_run(batch: list[Item]) -> tuple[int, list[Outcome]]:
    if "error" in _WORKER_STATE:
        raise _WORKER_STATE["error"]
    from .engine import get_engine

    return os.getpid(), _run_batch(get_engine(_WORKER_STATE["config"]), batch)


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _mp_context() -> Any:
    # fork: workers start at once, share the parent's loaded model and do not
    # re-import the caller's __main__ (no `if __name__ == "__main__"` needed).
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


def _run_parallel(
    inputs: Iterator[Item],
    *,
    n_process: int,
    batch_size: int,
    config: Mapping[str, Any] | None,
) -> Iterator[Outcome]:
    _WORKER_PIDS.clear()
    window = 2 * n_process  # batches in flight: enough to keep every worker busy

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            n_process,
            mp_context=_mp_context(),
            initializer=_worker_init,
            initargs=(config, os.getpid()),
        )

    pool = new_pool()

    def isolate(batch: list[Item]) -> Iterator[Outcome]:
        """Redo a batch whose worker died: one article at a time, alone in the pool."""
        nonlocal pool
        for item in batch:
            if isinstance(item, ExtractFailure):
                yield item
                continue
            try:
                pid, res = pool.submit(_worker_run, [item]).result()
                _WORKER_PIDS.add(pid)
                yield from res
            except BrokenProcessPool:
                pool.shutdown(wait=True, cancel_futures=True)
                pool = new_pool()
                src = item.source or "input"
                yield ExtractFailure(
                    item.id, item.source, Errors.E017.format(id=item.id, source=src)
                )

    batches = _batches(inputs, batch_size)
    pending: deque[tuple[list[Item], Future[tuple[int, list[Outcome]]]]] = deque()
    try:
        while True:
            while len(pending) < window:
                batch = next(batches, None)
                if batch is None:
                    break
                pending.append((batch, pool.submit(_worker_run, batch)))
            if not pending:
                return
            batch, fut = pending.popleft()
            try:
                pid, outcomes = fut.result()
            except BrokenProcessPool:
                # A worker died: every batch in flight is lost. Start a new pool,
                # redo this batch article by article, then resubmit the others.
                waiting = [b for b, _ in pending]
                pending.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                pool = new_pool()
                yield from isolate(batch)
                pending.extend((b, pool.submit(_worker_run, b)) for b in waiting)
                continue
            _WORKER_PIDS.add(pid)
            yield from outcomes
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class Extractor:
    """Extraction for a long-lived process (the web server): each article in a worker
    process of its own, where the per-article time limit applies (``SIGALRM`` in
    the worker's main thread; a server thread has no timer) and whose memory goes
    back to the system when it is replaced, every ``tasks_per_worker`` articles.

    The worker is started (``spawn``: the server has threads) with the first
    article and dies with its parent (:mod:`saidwhat.runtime.procs`); one article at a time.
    """

    def __init__(
        self, config: Mapping[str, Any] | None = None, *, tasks_per_worker: int = 100
    ) -> None:
        import threading

        self.config = config
        self.tasks_per_worker = tasks_per_worker
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _worker(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    1,
                    mp_context=mp.get_context("spawn"),
                    initializer=_worker_init,
                    # started from a server thread: watch the parent process, not the thread
                    initargs=(self.config, os.getpid(), True),
                    max_tasks_per_child=self.tasks_per_worker,
                )
            return self._pool

    def extract(self, article: ArticleInput) -> ArticleResult | ExtractFailure:
        """The article's result, or its failure (E060 over the time limit, E017 when
        the worker died, E016 otherwise); :class:`ModelError` is raised."""
        pool = self._worker()
        try:
            _pid, (out,) = pool.submit(_worker_run, [article]).result()
        except BrokenProcessPool:  # killed (out of memory?): a new worker next time
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            pool.shutdown(wait=False, cancel_futures=True)
            src = article.source or "input"
            return ExtractFailure(
                article.id, article.source, Errors.E017.format(id=article.id, source=src)
            )
        return out

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


_EXTRACTORS: dict[str, Extractor] = {}


def shared_extractor(config: Mapping[str, Any] | None = None) -> Extractor:
    """One :class:`Extractor` per configuration in this process (its worker is shared
    by every app a process serves)."""
    import json

    key = json.dumps(config or {}, sort_keys=True, default=str)
    if key not in _EXTRACTORS:
        _EXTRACTORS[key] = Extractor(config)
    return _EXTRACTORS[key]


@overload
def extract_many(
    items: Iterable[ArticleLike],
    *,
    n_process: int = ...,
    batch_size: int = ...,
    config: Mapping[str, Any] | None = ...,
    on_error: Literal["raise"] = ...,
) -> Iterator[ArticleResult]: ...


@overload
def extract_many(
    items: Iterable[ArticleLike],
    *,
    n_process: int = ...,
    batch_size: int = ...,
    config: Mapping[str, Any] | None = ...,
    on_error: Literal["return"],
) -> Iterator[ArticleResult | ExtractFailure]: ...


def extract_many(
    items: Iterable[ArticleLike],
    *,
    n_process: int = 1,
    batch_size: int = 16,
    config: Mapping[str, Any] | None = None,
    on_error: OnError = "raise",
) -> Iterator[ArticleResult] | Iterator[ArticleResult | ExtractFailure]:
    """Extract from many articles; results come back in input order.

    Args:
        items: texts (ids ``doc1``, ``doc2``, ...), ``(text, id)`` tuples,
            mappings with ``text`` (and ``id``; other keys become ``meta``)
            or :class:`~saidwhat.readers.ArticleInput` records; the
            :class:`~saidwhat.readers.ReadFailure` records of
            :func:`~saidwhat.readers.read_inputs` raise :class:`InputError`
            or become an :class:`ExtractFailure` (``on_error="return"``).
        n_process: worker processes; ``-1`` means one per core. Each worker
            loads the model once; with ``fork`` (Linux) workers share the
            model already loaded in this process.
        batch_size: articles sent to a worker at a time.
        config: overrides of the shipped defaults.
        on_error: ``"raise"``: an article that cannot be analysed raises
            (:class:`~saidwhat.errors.InputError` for a bad item,
            :class:`~saidwhat.errors.BatchError` for an engine failure);
            ``"return"``: it yields an :class:`ExtractFailure` in its place.

    Raises:
        ModelError: the model could not be loaded (in any mode).
    """
    if on_error not in ("raise", "return"):
        raise ValueError(f"on_error must be 'raise' or 'return', not {on_error!r}")
    if n_process == -1:
        n_process = os.cpu_count() or 1
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, not {batch_size}")
    return _extract_many(
        items, n_process=n_process, batch_size=batch_size, config=config, on_error=on_error
    )


def _extract_many(
    items: Iterable[ArticleLike],
    *,
    n_process: int,
    batch_size: int,
    config: Mapping[str, Any] | None,
    on_error: OnError,
) -> Iterator[Outcome]:
    def inputs() -> Iterator[Item]:
        for n, item in enumerate(items, start=1):
            if isinstance(item, ReadFailure):  # from read_inputs: passed on in its place
                if on_error == "raise":
                    raise InputError(item.message)
                yield ExtractFailure("", item.source, item.message)
                continue
            try:
                yield _as_input(item, n)
            except InputError as exc:
                if on_error == "raise":
                    raise
                yield ExtractFailure(f"doc{n}", "", str(exc))

    if n_process <= 1:
        from .engine import get_engine

        engine = get_engine(config)
        outcomes: Iterator[Outcome] = (
            out
            for batch in _batches(inputs(), batch_size)
            for out in _run_batch(engine, batch, reraise=on_error == "raise")
        )
    else:
        outcomes = _run_parallel(
            inputs(), n_process=n_process, batch_size=batch_size, config=config
        )
    for out in outcomes:
        if isinstance(out, ExtractFailure) and on_error == "raise":
            raise BatchError(out.message)
        yield out
