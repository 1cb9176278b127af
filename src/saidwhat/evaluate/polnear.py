"""Read the PolNeAR corpus (brat standoff attribution annotations).

Layout::

    ROOT/metadata.tsv                          one row per article (compartment, filename,
                                               level, annotators, publisher, ...)
    ROOT/<split>/text/<filename>.txt           the article text (UTF-8)
    ROOT/<split>/attributions/<filename>_<annotator>.ann

An article annotated by several people lists them in ``annotators``
(separated by ``|``); the first one listed is used, and when that file is
missing any other ``.ann`` file of the article is taken.

Each brat event (``E1\\tAttribution:T4 Content:T3 Cue:T2 Source:T1``) becomes a
:class:`GoldAttribution` of character ranges into the text. ``Content2`` (a
second content argument) counts as content; an event without a ``Cue``
argument uses the offsets of its trigger as cue. Events without any content
(a handful of unfinished annotations) are skipped and counted in
``meta["skipped_attributions"]``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Errors, EvaluationError

Range = tuple[int, int]

#: brat records start a line with an id like ``T12``, ``E3``, ``#1``; span
#: texts may contain newlines, so records are split on this lookahead.
_RECORD_SPLIT = re.compile(r"\n(?=[TEARN#]\d*\t)")
_TRIGGER_LABELS = frozenset({"Attribution", "Attribution-no-source"})
_IGNORED_LABELS = frozenset({"Discard", "Discuss"})


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution: character ranges of its cue, sources and contents."""

    cue: tuple[Range, ...]
    sources: tuple[Range, ...]
    contents: tuple[Range, ...]


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    attributions: tuple[GoldAttribution, ...]
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BratSpan:
    """A text-bound annotation (``T`` line) as written in the ``.ann`` file."""

    id: str
    label: str
    ranges: tuple[Range, ...]
    text: str


@dataclass(frozen=True, slots=True)
class BratEvent:
    id: str
    trigger_label: str
    trigger: str
    args: tuple[tuple[str, str], ...]  # (role, span id), roles may repeat


def parse_brat(ann: str) -> tuple[dict[str, BratSpan], list[BratEvent]]:
    """Parse the text of a brat ``.ann`` file into its spans and events.

    Lines other than ``T`` and ``E`` records (notes, relations, attributes)
    are ignored, as are malformed records.
    """
    spans: dict[str, BratSpan] = {}
    events: list[BratEvent] = []
    for record in _RECORD_SPLIT.split(ann.strip("\n")):
        parts = record.split("\t", 2)
        if len(parts) < 2:
            continue
        rid, body = parts[0], parts[1]
        if rid.startswith("T"):
            label, _, offsets = body.partition(" ")
            try:
                ranges = tuple(
                    (int(a), int(b))
                    for a, b in (piece.split() for piece in offsets.split(";") if piece.strip())
                )
            except ValueError:
                continue
            spans[rid] = BratSpan(rid, label, ranges, parts[2] if len(parts) > 2 else "")
        elif rid.startswith("E"):
            items = [item.split(":", 1) for item in body.split() if ":" in item]
            if not items:
                continue
            (label, trigger), *rest = items
            events.append(BratEvent(rid, label, trigger, tuple((r, t) for r, t in rest)))
    return spans, events


def attributions_from_brat(
    spans: Mapping[str, BratSpan], events: list[BratEvent]
) -> tuple[list[GoldAttribution], int]:
    """Turn brat events into attributions; returns them and the number skipped."""
    out: list[GoldAttribution] = []
    skipped = 0
    for event in events:
        if event.trigger_label in _IGNORED_LABELS:
            continue
        cue: list[Range] = []
        sources: list[Range] = []
        contents: list[Range] = []
        for role, sid in event.args:
            span = spans.get(sid)
            if span is None or span.label in _IGNORED_LABELS:
                continue
            base = role.rstrip("0123456789")
            if base == "Cue":
                cue.extend(span.ranges)
            elif base == "Source":
                sources.extend(span.ranges)
            elif base == "Content":
                contents.extend(span.ranges)
        if not cue and event.trigger in spans:
            cue.extend(spans[event.trigger].ranges)
        if not contents:
            skipped += 1
            continue
        out.append(
            GoldAttribution(
                cue=tuple(sorted(set(cue))),
                sources=tuple(sorted(set(sources))),
                contents=tuple(sorted(set(contents))),
            )
        )
    out.sort(key=lambda a: (a.contents[0], a.cue))
    return out, skipped


def span_mismatches(text: str, spans: Mapping[str, BratSpan]) -> tuple[int, int]:
    """Count spans whose text in the ``.ann`` differs from ``text`` at their offsets.

    Returns ``(mismatched, total)``. Discontinuous pieces are joined by a space
    (as brat writes them); whitespace is normalised before comparing.
    """
    bad = 0
    total = 0
    for span in spans.values():
        total += 1
        got = " ".join(text[a:b] for a, b in span.ranges)
        if " ".join(got.split()) != " ".join(span.text.split()):
            bad += 1
    return bad, total


def _read_metadata(root: Path) -> dict[str, dict[str, str]]:
    path = root / "metadata.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["filename"]: dict(row) for row in csv.DictReader(fh, delimiter="\t")}


def _annotators(row: Mapping[str, str] | None) -> list[str]:
    if not row or not row.get("annotators"):
        return []
    return [a for a in re.split(r"[|,;\s]+", row["annotators"]) if a]


def _find_ann(ann_dir: Path, name: str, annotators: list[str]) -> Path | None:
    for annotator in annotators[:1]:
        path = ann_dir / f"{name}_{annotator}.ann"
        if path.is_file():
            return path
    candidates = sorted(ann_dir.glob(f"{glob_escape(name)}_*.ann"))
    # the annotator suffix never contains "_", so the name must match exactly
    candidates = [p for p in candidates if p.stem.rsplit("_", 1)[0] == name]
    return candidates[0] if candidates else None


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _read_text(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def iter_polnear(root: str | Path, split: str = "dev") -> Iterator[GoldArticle]:
    """Yield the articles of one split, sorted by id. See :func:`load_polnear`."""
    root = Path(root)
    text_dir = root / split / "text"
    ann_dir = root / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvaluationError(Errors.E020.format(path=root, split=split))
    metadata = _read_metadata(root)
    for text_path in sorted(text_dir.glob("*.txt")):
        name = text_path.stem
        row = metadata.get(name)
        annotators = _annotators(row)
        ann_path = _find_ann(ann_dir, name, annotators)
        text = _read_text(text_path)
        meta: dict[str, Any] = {"split": split}
        if row:
            meta.update({k: v for k, v in row.items() if k not in ("filename", "compartment")})
        if ann_path is None:
            meta.update(annotator=None, skipped_attributions=0, span_mismatches=0, spans=0)
            yield GoldArticle(id=name, text=text, attributions=(), meta=meta)
            continue
        spans, events = parse_brat(_read_text(ann_path))
        attributions, skipped = attributions_from_brat(spans, events)
        bad, total = span_mismatches(text, spans)
        meta.update(
            annotator=ann_path.stem.rsplit("_", 1)[1],
            skipped_attributions=skipped,
            span_mismatches=bad,
            spans=total,
        )
        yield GoldArticle(id=name, text=text, attributions=tuple(attributions), meta=meta)


def load_polnear(root: str | Path, split: str = "dev") -> list[GoldArticle]:
    """Load one split of PolNeAR as gold articles sorted by id.

    Args:
        root: the corpus directory (holding ``metadata.tsv`` and the splits).
        split: ``"train"`` or ``"dev"`` (any subdirectory with ``text/`` and
            ``attributions/``).

    Raises:
        EvaluationError: [E020] when the directory or split is missing.
    """
    articles = sorted(iter_polnear(root, split), key=lambda a: a.id)
    if not articles:
        raise EvaluationError(Errors.E020.format(path=root, split=split))
    return articles


__all__ = [
    "BratEvent",
    "BratSpan",
    "GoldArticle",
    "GoldAttribution",
    "attributions_from_brat",
    "iter_polnear",
    "load_polnear",
    "parse_brat",
    "span_mismatches",
]
