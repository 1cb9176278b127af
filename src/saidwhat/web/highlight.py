"""Split an article's text into segments for highlighting cues, sources and contents.

Pure functions: the template renders the segments, so every piece of article
text goes through Jinja2's autoescaping and never into markup by hand.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..store import fts

__all__ = ["Mark", "Segment", "marks_from_quotes", "segment_text", "term_segments"]

#: Mark kinds, in the order they are nested when spans overlap.
KINDS = ("content", "source", "cue")


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span: ``kind`` is ``cue``, ``source`` or ``content``."""

    start: int
    end: int
    kind: str
    quote: str
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text covered by the same set of marks."""

    start: int
    end: int
    text: str
    kinds: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    speaker: str | None = None

    @property
    def css(self) -> str:
        return " ".join(f"hl-{k}" for k in self.kinds)


def _span_list(value: Any) -> list[Mapping[str, Any]]:
    if not value:
        return []
    if isinstance(value, Mapping):
        return [value]
    return [v for v in value if isinstance(v, Mapping)]


def marks_from_quotes(quotes: Iterable[Mapping[str, Any]]) -> list[Mark]:
    """Marks for the quotes of one article (engine JSON form or the store's article form).

    A mark's quote is the quote's ``local_id`` (``Q1``) when given, else its ``id``.
    Source marks carry the canonical speaker id (the store's ``speaker_id``, on
    the quote or its speaker) so they can link to the speaker page; an
    article-local entity id (``E1``) is never used as a link.
    """
    marks: list[Mark] = []
    for q in quotes:
        qid = str(q.get("local_id") or q.get("id", ""))
        speaker = q.get("speaker_id")
        if speaker is None and isinstance(q.get("speaker"), Mapping):
            speaker = q["speaker"].get("speaker_id")
        for kind, key in (("cue", "cue"), ("source", "sources"), ("content", "contents")):
            for span in _span_list(q.get(key)):
                try:
                    start, end = int(span["start"]), int(span["end"])
                except (KeyError, TypeError, ValueError):
                    continue
                if end > start:
                    sid = str(speaker) if speaker is not None and kind == "source" else None
                    marks.append(Mark(start, end, kind, qid, sid))
    return marks


def segment_text(text: str, marks: Sequence[Mark]) -> list[Segment]:
    """Cut ``text`` at every mark boundary; each piece lists the marks covering it.

    Overlapping and nested marks are allowed; marks outside the text are clipped.
    The segments' texts concatenate back to ``text`` exactly.
    """
    n = len(text)
    clipped = [m for m in marks if 0 <= m.start < n and m.end > m.start]
    cuts = {0, n}
    for m in clipped:
        cuts.add(m.start)
        cuts.add(min(m.end, n))
    points = sorted(cuts)
    segments: list[Segment] = []
    for a, b in zip(points, points[1:], strict=False):
        if b <= a:
            continue
        covering = [m for m in clipped if m.start <= a and min(m.end, n) >= b]
        kinds = tuple(k for k in KINDS if any(m.kind == k for m in covering))
        quotes = tuple(dict.fromkeys(m.quote for m in covering))
        speaker = next((m.speaker for m in covering if m.speaker), None)
        segments.append(Segment(a, b, text[a:b], kinds, quotes, speaker))
    return segments


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_SUFFIXES = ("ings", "ing", "ies", "ied", "es", "ed", "s")


def _stem(word: str) -> str:
    """A crude stem (the index's own is porter): enough to mark "killing" for "killings"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def term_segments(text: str, query: str | None) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, is_hit)`` runs, the hits being the words a
    full-text ``query`` looks for (:mod:`saidwhat.store.fts` syntax; excluded words
    are not marked): whole words, case and accents ignored, the forms of a word
    (``killings``/``killing``/``killed``) and the words a ``prefix*`` starts.
    The pieces concatenate back to ``text``."""
    search = fts.parse(query)
    stems = {_stem(_fold(w)) for w in search.words()}
    prefixes = tuple(_fold(w) for w in search.prefixes())
    if not stems or not text:
        return [(text, False)] if text else []
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _WORD.finditer(text):
        word = _fold(m.group(0))
        if _stem(word) in stems or (prefixes and word.startswith(prefixes)):
            if m.start() > pos:
                out.append((text[pos : m.start()], False))
            out.append((m.group(0), True))
            pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out
