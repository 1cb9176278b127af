"""Corpus-scale processing: many articles in, Parquet (or JSONL) tables out.

    from saidwhat.batch import run_batch, read_output

    summary = run_batch(["crawl/"], "out/", engine="local", workers=2)
    for article in read_output("out/"):      # the engine's JSON dict per article
        ...

Inputs (:mod:`.sources`): directories of .txt/.html, JSONL, Parquet, WARC(.gz).
Engines: :mod:`.local` (a process pool) and :mod:`.spark` (PySpark). Both share
reading (:func:`.sources.read_file`), the unit of work
(:func:`.work.extract_records`) and the row format (:mod:`.output`), so they
write the same rows for the same input. Re-running into the same output
directory skips articles already written; articles with the same text
(:func:`saidwhat.ids.content_hash`) are processed once.

The store ingests batch output through :func:`read_output`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from ..errors import BatchError, Errors, Warnings
from ..readers import DEFAULT_MAX_BYTES
from .output import (
    FORMATS,
    RunCounts,
    done_hashes,
    log_run,
    new_run_id,
    read_errors,
    read_output,
)
from .sources import SourceRecord, list_inputs, read_file
from .work import BATCH_CHARS

ENGINES = ("local", "spark")

__all__ = [
    "ENGINES",
    "FORMATS",
    "BatchSummary",
    "SourceRecord",
    "done_hashes",
    "list_inputs",
    "read_errors",
    "read_file",
    "read_output",
    "run_batch",
]


@dataclass(frozen=True, slots=True)
class BatchSummary(RunCounts):
    """What one ``run_batch`` call did.

    ``records`` counts every input record; each ends up in exactly one of
    ``articles`` (written), ``duplicates`` (same text seen earlier in this
    run), ``already_done`` (written by an earlier run), ``skipped`` (by design:
    non-HTML or non-200 WARC responses), ``read_errors`` or ``extract_errors``.
    """

    engine: str
    run_id: str
    output: str
    inputs: int
    seconds: float
    workers: int | None = None
    partitions: int | None = None
    peak_worker_rss_mb: float | None = None
    warnings: tuple[str, ...] = ()

    @property
    def failed(self) -> int:
        return self.read_errors + self.extract_errors

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["warnings"] = list(self.warnings)
        d["articles_per_second"] = round(self.articles_per_second, 3)
        return d


def run_batch(
    inputs: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    engine: str = "local",
    workers: int | None = None,
    spark_master: str = "local[*]",
    partitions: int | None = None,
    fmt: str = "parquet",
    config: Mapping[str, Any] | None = None,
    batch_size: int = 16,
    batch_chars: int = BATCH_CHARS,
    part_size: int = 1000,
    max_bytes: int = DEFAULT_MAX_BYTES,
    text_column: str = "text",
    progress: bool = False,
) -> BatchSummary:
    """Extract every article of ``inputs`` into the output directory ``out``.

    Args:
        inputs: files and directories (.txt/.html, .jsonl, .parquet, .warc[.gz]).
        out: output directory; created if missing, resumed if it has output.
        engine: ``"local"`` (process pool) or ``"spark"``.
        workers: local engine processes (default: one per core).
        spark_master: master URL when no Spark session is active.
        partitions: Spark partitions of the extraction stage (default: the
            session's default parallelism).
        fmt: ``"parquet"`` or ``"jsonl"``.
        config: engine configuration overrides.
        batch_size: articles per engine call (at most).
        batch_chars: characters per engine call (at most, unless one article
            is longer): bounds the memory of a worker.
        part_size: articles per part file (local engine; the resume unit).
        max_bytes: largest article (or WARC payload) accepted.
        text_column: text column of Parquet inputs.
        progress: show a progress bar (rich for local, Spark's console bar).

    Raises:
        BatchError: bad arguments or an output directory that cannot be used.
        ModelError: the engine could not load its model.
    """
    if engine not in ENGINES:
        raise BatchError(Errors.E040.format(path="--engine", reason=f"unknown engine '{engine}'"))
    if fmt not in FORMATS:
        raise BatchError(Errors.E012.format(fmt=fmt, options=", ".join(FORMATS)))
    outp = Path(out)
    if outp.exists() and not outp.is_dir():
        raise BatchError(Errors.E048.format(path=outp, reason="exists and is not a directory"))
    try:
        outp.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(Errors.E048.format(path=outp, reason=exc)) from exc
    files = list_inputs(inputs)
    if not files:
        raise BatchError(
            Errors.E040.format(path=", ".join(map(str, inputs)), reason="no input files")
        )
    run_id = new_run_id()
    start = time.perf_counter()
    warnings: list[str] = []
    extra: dict[str, Any] = {}
    if engine == "local":
        from .local import run_local

        if partitions is not None:
            warnings.append(Warnings.W044.format(option="--partitions", engine="local"))
        n = workers or os.cpu_count() or 1
        local_counts = run_local(
            files,
            str(outp),
            run_id=run_id,
            workers=n,
            fmt=fmt,
            config=config,
            batch_size=batch_size,
            batch_chars=batch_chars,
            part_size=part_size,
            max_bytes=max_bytes,
            text_column=text_column,
            progress=progress,
        )
        extra = {"workers": n, "peak_worker_rss_mb": local_counts.peak_worker_rss_mb}
        counts: RunCounts = local_counts
    else:
        from .spark import run_spark

        if workers is not None:
            warnings.append(Warnings.W044.format(option="--workers", engine="spark"))
        spark_counts = run_spark(
            files,
            str(outp),
            run_id=run_id,
            master=spark_master,
            partitions=partitions,
            fmt=fmt,
            config=config,
            batch_size=batch_size,
            batch_chars=batch_chars,
            max_bytes=max_bytes,
            text_column=text_column,
            progress=progress,
        )
        extra = {"partitions": spark_counts.partitions}
        counts = spark_counts
    summary = BatchSummary(
        engine=engine,
        run_id=run_id,
        output=str(outp),
        inputs=len(files),
        **{f.name: getattr(counts, f.name) for f in fields(RunCounts)},
        seconds=round(time.perf_counter() - start, 3),
        warnings=tuple(warnings),
        **extra,
    )
    log_run(outp, summary.to_dict())
    return summary
