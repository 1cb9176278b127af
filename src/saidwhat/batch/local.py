"""The local engine: a pool of worker processes on one machine.

The main process reads the inputs (HTML to text included: a few ms per page,
against a few hundred ms of extraction), hashes and de-duplicates them, skips
articles already in the output, and sends batches to the workers. Each worker
loads the spaCy engine once (pool initializer). Results are written by the main
process as part files of ``part_size`` articles.

A worker that dies (segfault, out-of-memory kill) breaks the pool: the pool is
restarted and the articles of the lost batches are retried one at a time, in
isolation, so that only the article that kills a worker lands in the errors
table (E046).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections import Counter, deque
from collections.abc import Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from ..errors import BatchError, Errors, ModelError
from ..runtime.procs import die_with_parent
from .output import PartWriter, RunCounts, done_hashes, error_row
from .sources import LEVEL_SKIPPED, SourceRecord, count_records, read_file
from .work import BATCH_CHARS, Rows, _reason, extract_records, peak_rss_mb

#: Pool breakdowns tolerated before any task has succeeded (then the run stops).
MAX_RESTARTS_BEFORE_SUCCESS = 5

_CONFIG: Mapping[str, Any] | None = None
_INIT_ERROR: str | None = None


def _init_worker(config: Mapping[str, Any] | None, parent: int | None = None) -> None:
    global _CONFIG, _INIT_ERROR
    if parent is not None:
        die_with_parent(parent)  # no orphans when the parent is killed
    _CONFIG = config
    try:
        from ..engine import get_engine

        get_engine(config)
    except Exception as exc:  # reported by the first task, not by a dead pool
        _INIT_ERROR = str(exc)


def _work(batch: list[SourceRecord]) -> tuple[Rows, Rows, float]:
    if _INIT_ERROR is not None:
        raise ModelError(_INIT_ERROR)
    rows, errors = extract_records(batch, config=_CONFIG)
    return rows, errors, peak_rss_mb()


@dataclass(frozen=True, slots=True)
class LocalCounts(RunCounts):
    peak_worker_rss_mb: float
    pool_restarts: int


def _progress(show: bool, total: int | None) -> Any:
    if not show:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    prog = Progress(
        TextColumn("[bold]batch"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("records  {task.fields[rate]:.1f} articles/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
    prog.add_task("batch", total=total, rate=0.0)
    return prog


def run_local(
    files: list[str],
    out: str,
    *,
    run_id: str,
    workers: int = 1,
    fmt: str = "parquet",
    config: Mapping[str, Any] | None = None,
    batch_size: int = 16,
    batch_chars: int = BATCH_CHARS,
    part_size: int = 1000,
    max_bytes: int,
    text_column: str = "text",
    progress: bool = False,
) -> LocalCounts:
    """Process ``files`` into ``out`` with ``workers`` processes."""
    counts: Counter[str] = Counter()
    done = done_hashes(out)
    writer = PartWriter(out, run_id=run_id, fmt=fmt, part_size=part_size)
    seen: set[str] = set()
    peak = 0.0
    restarts = 0
    completed = 0
    start = time.perf_counter()

    total = None
    if progress:
        sizes = [count_records(f) for f in files]
        total = None if any(s is None for s in sizes) else sum(s or 0 for s in sizes)

    with _progress(progress, total) as prog:

        def tick(n: int = 1) -> None:
            if prog is not None:
                rate = counts["articles"] / max(1e-9, time.perf_counter() - start)
                prog.update(prog.task_ids[0], advance=n, rate=rate)

        def batches() -> Iterator[list[SourceRecord]]:
            batch: list[SourceRecord] = []
            chars = 0
            for i, path in enumerate(files):
                for rec in read_file(path, i, max_bytes=max_bytes, text_column=text_column):
                    counts["records"] += 1
                    if not rec.ok:
                        key = "skipped" if rec.level == LEVEL_SKIPPED else "read_errors"
                        counts[key] += 1
                        writer.add_errors(
                            [
                                error_row(
                                    rec,
                                    stage="read",
                                    reason=rec.reason or "",
                                    level=rec.level or "",
                                )
                            ]
                        )
                        tick()
                        continue
                    h = rec.content_hash or ""
                    if h in seen or h in done:  # counted as in the Spark engine
                        counts["duplicates" if h in seen else "already_done"] += 1
                        seen.add(h)
                        tick()
                        continue
                    seen.add(h)
                    batch.append(rec)
                    chars += len(rec.text or "")
                    if len(batch) >= batch_size or chars >= batch_chars:
                        yield batch
                        batch, chars = [], 0
            if batch:
                yield batch

        # fork (as saidwhat.api.extract_many): no re-import of the caller's __main__,
        # so run_batch works from scripts without a main guard; spawn elsewhere.
        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")

        def new_pool() -> ProcessPoolExecutor:
            return ProcessPoolExecutor(
                max_workers=workers,
                mp_context=ctx,
                initializer=_init_worker,
                initargs=(config, os.getpid()),
            )

        pool = new_pool()
        pending: deque[tuple[list[SourceRecord], bool]] = deque()  # (batch, isolated)
        inflight: dict[Future[tuple[Rows, Rows, float]], tuple[list[SourceRecord], bool]] = {}
        max_inflight = 2 * workers

        def pump() -> None:
            while pending and len(inflight) < max_inflight:
                batch, isolated = pending[0]
                if isolated and inflight:
                    return
                pending.popleft()
                inflight[pool.submit(_work, batch)] = (batch, isolated)
                if isolated:
                    return

        def settle(
            fut: Future[tuple[Rows, Rows, float]], batch: list[SourceRecord], isolated: bool
        ) -> bool:
            """Record one finished task; False if it was lost to a broken pool."""
            nonlocal peak, completed
            try:
                rows, errors, rss = fut.result()
            except BrokenProcessPool:
                if isolated:
                    rec = batch[0]
                    reason = Errors.E046.format(id=rec.id, source=rec.source)
                    writer.add_errors([error_row(rec, stage="extract", reason=reason)])
                    counts["extract_errors"] += 1
                    tick()
                else:
                    pending.extendleft(([r], True) for r in reversed(batch))
                return False
            except ModelError:
                raise
            except Exception as exc:  # e.g. a result that could not be pickled
                rows, rss = [], 0.0
                errors = [
                    error_row(
                        r,
                        stage="extract",
                        reason=Errors.E045.format(id=r.id, source=r.source, reason=_reason(exc)),
                    )
                    for r in batch
                ]
            peak = max(peak, rss)
            completed += 1
            writer.add(rows)
            writer.add_errors(errors)
            counts["articles"] += len(rows)
            counts["extract_errors"] += len(errors)
            tick(len(batch))
            return True

        try:
            source = batches()
            exhausted = False
            while True:
                while not exhausted and len(pending) < max_inflight:
                    nxt = next(source, None)
                    if nxt is None:
                        exhausted = True
                    else:
                        pending.append((nxt, False))
                pump()
                if not inflight:
                    if exhausted and not pending:
                        break
                    continue
                finished, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                broken = any(isinstance(f.exception(), BrokenProcessPool) for f in finished)
                if broken:  # every other task of this pool is lost too: settle them all
                    wait(list(inflight))
                    finished = set(inflight)
                for fut in sorted(finished, key=lambda f: id(f)):
                    batch, isolated = inflight.pop(fut)
                    settle(fut, batch, isolated)
                if broken:
                    pool.shutdown(wait=True, cancel_futures=True)
                    restarts += 1
                    if restarts >= MAX_RESTARTS_BEFORE_SUCCESS and not completed:
                        raise BatchError(
                            Errors.E047.format(
                                engine="local",
                                reason=f"worker processes died {restarts} times before "
                                "finishing any task",
                            )
                        )
                    pool = new_pool()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            writer.close()
            if prog is not None:
                prog.update(prog.task_ids[0], total=counts["records"], completed=counts["records"])

    return LocalCounts(
        records=counts["records"],
        articles=counts["articles"],
        duplicates=counts["duplicates"],
        already_done=counts["already_done"],
        skipped=counts["skipped"],
        read_errors=counts["read_errors"],
        extract_errors=counts["extract_errors"],
        peak_worker_rss_mb=round(peak, 1),
        pool_restarts=restarts,
    )
