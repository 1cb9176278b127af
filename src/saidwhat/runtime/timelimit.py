"""A wall-clock limit on the analysis of one article.

The engine's stages are linear per sentence (issue 20.3) and runs of
punctuation, the worst case of spaCy's tokenizer, are tamed first
(:mod:`saidwhat.extract.runs`), but an unforeseen pathological article must not
hold a worker for hours. Every article has ``limits.time_limit`` seconds
(default in ``default_config.toml``; ``--time-limit``), the same budget in
``extract``, ``batch``, raw ``ingest`` and ``POST /api/articles``, however the
articles are batched (:meth:`saidwhat.engine.Engine.extract_each`: each article
is analysed under its own :func:`deadline`; short articles parsed together get
one article's limit for that parse, and are parsed alone if it runs over). An
article over its limit is reported with E060 while the others are analysed.

The limit is a ``SIGALRM`` timer, so it applies in a main thread (every CLI
command and worker process); the web server, whose requests run in threads,
extracts posted text in a worker process of its own
(:class:`saidwhat.api.Extractor`). Elsewhere :func:`deadline` does nothing.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ..errors import Errors, SaidwhatError

__all__ = ["DEFAULT_TIME_LIMIT", "TimeLimitExceeded", "deadline", "time_limit_of"]

#: Seconds per article when the configuration sets none (5 MB of news take about 11 CPU minutes).
DEFAULT_TIME_LIMIT = 1800.0


class TimeLimitExceeded(SaidwhatError):
    """The analysis ran over its time limit."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"over the time limit of {seconds:g} s")
        self.seconds = seconds

    def message(self, id: str, source: str) -> str:
        """The numbered message (E060) for one article."""
        return Errors.E060.format(id=id, source=source or "input", seconds=self.seconds)


def time_limit_of(config: Mapping[str, Any] | None) -> float:
    """``limits.time_limit`` of a configuration, in seconds (0: no limit)."""
    limits = (config or {}).get("limits") or {}
    value = limits.get("time_limit", DEFAULT_TIME_LIMIT)
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return DEFAULT_TIME_LIMIT


#: Seconds between repeats of an alarm that has fired (until the body ends).
_AGAIN = 0.5


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float, *, per: float | None = None) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the body after ``seconds`` of wall-clock time.

    ``per`` is the per-article limit named in the error (defaults to ``seconds``).
    No limit for ``seconds <= 0`` or outside a main thread.
    """
    if seconds <= 0 or not _usable():
        yield
        return
    named = per if per is not None else seconds

    def on_alarm(_signum: int, _frame: Any) -> None:
        raise TimeLimitExceeded(named)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # then again every half second: an exception raised where Python ignores it (a gc
    # callback, a __del__) would otherwise be lost, and the body run on unbounded
    signal.setitimer(signal.ITIMER_REAL, seconds, _AGAIN)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
