"""The unit of work shared by both engines: extract a batch of records.

A batch goes through ``Engine.extract_batch`` in one call, under a time limit of
``limits.time_limit`` seconds per article (:mod:`saidwhat.timelimit`; an article
over it is reported with E060); if that raises, the batch is retried one article
at a time so that only the article at fault lands
in the errors table. A model that cannot load is not a per-record failure: it
raises :class:`~saidwhat.errors.ModelError` and stops the run.
"""

from __future__ import annotations

import resource
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import Errors
from ..timelimit import TimeLimitExceeded, deadline, time_limit_of
from .output import article_row, error_row
from .sources import SourceRecord

Rows = list[dict[str, Any]]

#: Default ceiling on the characters of one engine call: the transient memory
#: of a call grows with the text in it (measured: 16 PolNeAR articles in one
#: call peaked at ~870 MB RSS, 20,000 characters at ~630 MB).
BATCH_CHARS = 20_000


def _reason(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def extract_records(
    records: Sequence[SourceRecord], *, config: Mapping[str, Any] | None = None
) -> tuple[Rows, Rows]:
    """``(article rows, error rows)`` for usable records, in input order."""
    from ..engine import get_engine

    engine = get_engine(config)  # ModelError propagates: the run cannot go on
    if not records:
        return [], []
    limit = time_limit_of(engine.config)
    try:
        with deadline(limit * len(records), per=limit):
            results = engine.extract_batch([r.to_input() for r in records])
        return [article_row(r, res) for r, res in zip(records, results, strict=True)], []
    except Exception as exc:
        if len(records) == 1:
            rec = records[0]
            if isinstance(exc, TimeLimitExceeded):
                reason = exc.message(str(rec.id), rec.source)
            else:
                reason = Errors.E045.format(id=rec.id, source=rec.source, reason=_reason(exc))
            return [], [error_row(rec, stage="extract", reason=reason)]
    rows: Rows = []
    errors: Rows = []
    for rec in records:
        ok, bad = extract_records([rec], config=config)
        rows.extend(ok)
        errors.extend(bad)
    return rows, errors


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024
