"""What a statement search keeps: one :class:`QuoteFilters` record, built by every caller
(``saidwhat quotes``, the web's search, export and facets) and read by the store's
:func:`~saidwhat.store.query.search_quotes`, :func:`~saidwhat.store.query.count_quotes`,
:func:`~saidwhat.store.query.facets` and :func:`~saidwhat.store.query.iter_quotes`.

The record checks itself when it is made: a value out of range is a
:class:`~saidwhat.errors.FilterError` (E101) naming the filter, so the CLI, the web
(400/422) and library callers refuse the same values with the same reason.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from ..errors import FilterError


def is_numeric_id(ref: str) -> bool:
    """Whether a speaker or target reference is a numeric id: ASCII digits only
    ("²" and "٣" are digits to ``str.isdigit`` but no id)."""
    ref = ref.strip()
    return ref.isascii() and ref.isdigit()


__all__ = ["KINDS", "MAX_ID", "STANCES", "QuoteFilters", "SpeakerRef", "is_iso_date"]

#: A speaker: its id, or a name (any spelling seen).
SpeakerRef = int | str

#: Values of the ``kind`` filter (the record's statement kinds).
KINDS = ("direct", "indirect", "mixed")
#: Values of the ``stance`` filter (saidwhat.semantic.stance.LABELS).
STANCES = ("against", "neutral", "for")
#: Speaker ids are database integers (64-bit signed): a larger numeric reference matches nothing.
MAX_ID = 2**63 - 1

_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def is_iso_date(text: str) -> bool:
    """Whether ``text`` is a real date ``YYYY-MM-DD``, a month ``YYYY-MM`` or a year ``YYYY``."""
    m = _ISO_DATE.fullmatch(text)
    if m is None:
        return False
    try:
        date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class QuoteFilters:
    """The filters of a statement search; every given one must hold (``None``: no filter).

    Attributes:
        q: full-text search over statement contents (:mod:`saidwhat.store.fts` syntax);
            a text that names speakers ("Massoud") also finds their statements and
            the statements about them.
        speaker: speaker id or name (any spelling seen, e.g. "Massoud").
        about: a target: speaker id or a name mentioned in the contents.
        stance: ``against``, ``neutral`` or ``for``: a target toward which the
            statement takes this stance (the ``about`` target when given).
        since, until: dates (inclusive) on the article's published date:
            ``YYYY-MM-DD``, or a month ``YYYY-MM`` or year ``YYYY``.
        outlet: exact outlet name (case-insensitive).
        article: one article id.
        kind: ``direct``, ``indirect`` or ``mixed``.
        min_confidence: keep statements whose confidence is at least this (0 to 1).
    """

    q: str | None = None
    speaker: SpeakerRef | None = None
    about: SpeakerRef | None = None
    stance: str | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    article: str | None = None
    kind: str | None = None
    min_confidence: float | None = None

    def __post_init__(self) -> None:
        if self.stance is not None and self.stance not in STANCES:
            raise FilterError("stance", f"stance must be one of {', '.join(STANCES)}")
        if self.kind is not None and self.kind not in KINDS:
            raise FilterError("kind", f"kind must be one of {', '.join(KINDS)}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not is_iso_date(str(value)):
                raise FilterError(name, f"{name} must be a date YYYY-MM-DD (or YYYY-MM, YYYY)")
        conf = self.min_confidence
        if conf is not None and (
            isinstance(conf, bool) or not isinstance(conf, int | float) or not 0.0 <= conf <= 1.0
        ):
            raise FilterError("min_confidence", "min_confidence must be a number from 0 to 1")

    def given(self) -> dict[str, Any]:
        """The filters given (not ``None``), in field order: a search's ``query``."""
        return {k: v for k, v in asdict(self).items() if v is not None}

    def but(self, **changes: Any) -> QuoteFilters:
        """These filters with ``changes`` (checked again)."""
        return replace(self, **changes)

    def or_min_confidence(self, floor: float) -> QuoteFilters:
        """These filters with ``min_confidence`` = ``floor`` unless one is given."""
        return self if self.min_confidence is not None else self.but(min_confidence=floor)

    @property
    def matches_nothing(self) -> bool:
        """A speaker or target id past the database's integers: no statement can match."""
        for ref in (self.speaker, self.about):
            if isinstance(ref, str) and is_numeric_id(ref) and int(ref) >= MAX_ID:
                return True
            if isinstance(ref, int) and not isinstance(ref, bool) and ref >= MAX_ID:
                return True
        return False
