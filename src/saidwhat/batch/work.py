"""The unit of work shared by both engines: extract a batch of records.

A batch goes through ``Engine.extract_each`` in one call: every article has
``limits.time_limit`` seconds (:mod:`saidwhat.runtime.timelimit`; an article over it is
reported with E060) and only an article at fault lands in the errors table. A
model that cannot load is not a per-record failure: it raises
:class:`~saidwhat.errors.ModelError` and stops the run.
"""

from __future__ import annotations

import resource
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import Errors
from ..runtime.timelimit import TimeLimitExceeded, time_limit_of
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
    """``(article rows, error rows)`` for usable records, in input order; each record
    has the per-article time limit however the batch is made
    (:meth:`~saidwhat.engine.Engine.extract_each`)."""
    from ..engine import get_engine

    engine = get_engine(config)  # ModelError propagates: the run cannot go on
    if not records:
        return [], []
    limit = time_limit_of(engine.config)
    rows: Rows = []
    errors: Rows = []
    usable: list[SourceRecord] = []
    inputs = []
    for rec in records:
        try:
            inputs.append(rec.to_input())
            usable.append(rec)
        except Exception as exc:  # a record the readers should not have passed on
            reason = Errors.E045.format(id=rec.id, source=rec.source, reason=_reason(exc))
            errors.append(error_row(rec, stage="extract", reason=reason))
    results = engine.extract_each(inputs, limit=limit)
    for rec, res in zip(usable, results, strict=True):
        if isinstance(res, TimeLimitExceeded):
            errors.append(
                error_row(rec, stage="extract", reason=res.message(str(rec.id), rec.source))
            )
        elif isinstance(res, BaseException):
            reason = Errors.E045.format(id=rec.id, source=rec.source, reason=_reason(res))
            errors.append(error_row(rec, stage="extract", reason=reason))
        else:
            rows.append(article_row(rec, res))
    return rows, errors


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024
