"""Progress of ``saidwhat ingest`` on a terminal: done / total, rate and time left (rich).

:func:`count_articles` estimates the total before the run (lines of JSONL files,
files of directories, rows of batch output, without parsing them); ``None`` when
it cannot (stdin). :class:`IngestProgress` counts each article as the writer
takes it (extraction finished or record read), each article found already
stored, each input skipped and each record left out, so the bar moves with
the work and reaches the total.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["IngestProgress", "count_articles", "rate_text"]

_CHUNK = 1 << 20


def _lines(path: Path) -> int:
    """Non-final newlines plus a last unterminated line: the records of a JSONL file."""
    n, last = 0, b"\n"
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                n += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 0
    return n + (last != b"\n")


def _files(root: Path) -> Iterator[Path]:
    from ..readers import is_article_file

    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = Path(dirpath) / name
            if is_article_file(path) and path.is_file():
                yield path


def _batch_rows(root: Path) -> int:
    from ..batch.output import ARTICLES_DIR

    n = 0
    for dirpath, dirnames, filenames in os.walk(root / ARTICLES_DIR):
        dirnames[:] = [d for d in dirnames if not d.startswith(("_", "."))]
        for name in filenames:
            path = Path(dirpath) / name
            if name.startswith(("_", ".")) or name.endswith(".crc"):
                continue
            if path.suffix in (".parquet", ".parq"):
                try:
                    import pyarrow.parquet as pq

                    n += pq.ParquetFile(path).metadata.num_rows
                except Exception:  # noqa: BLE001 - a count, not a check: reading reports it
                    continue
            else:
                n += _lines(path)
    return n


def count_articles(inputs: Iterable[str]) -> int | None:
    """How many articles ``inputs`` hold, read cheaply; ``None`` for stdin (``-``)."""
    from ..store.load import is_batch_output

    total = 0
    for p in inputs:
        if p == "-":
            return None
        path = Path(p)
        if path.is_dir():
            if is_batch_output(p):
                total += _batch_rows(path)
            else:
                for f in _files(path):
                    total += _lines(f) if f.suffix.lower() == ".jsonl" else 1
        elif path.suffix.lower() == ".jsonl":
            total += _lines(path)
        else:
            total += 1
    return total


def rate_text(n: int, seconds: float) -> str:
    """``"12.3 articles/s"`` (``"0.05 articles/s"`` for slow runs)."""
    rate = n / seconds if seconds > 0 else 0.0
    return f"{rate:.2f} articles/s" if rate < 1 else f"{rate:.1f} articles/s"


class IngestProgress:
    """A rich progress bar on stderr: spinner, bar, done/total, rate, elapsed, time left."""

    def __init__(self, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task: Any) -> Text:
                speed = task.finished_speed or task.speed
                if speed is None:
                    return Text("– articles/s", style="progress.data.speed")
                return Text(rate_text(int(speed * 1000), 1000.0), style="progress.data.speed")

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            Rate(),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self._task = self._progress.add_task("ingest", total=total)

    def start(self) -> None:
        self._progress.start()

    def stop(self) -> None:
        self._progress.stop()

    def advance(self, n: int = 1) -> None:
        self._progress.advance(self._task, n)

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """Yield ``items``, counting each one as it is taken."""
        for item in items:
            self.advance()
            yield item
