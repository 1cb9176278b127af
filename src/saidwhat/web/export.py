"""Search results as CSV, JSON or JSON Lines, encoded as a stream of byte chunks.

The rows come from an iterator (:func:`saidwhat.web.queries.search_stream`)
and are encoded a few hundred at a time, so an export of any size runs in
constant memory. CSV cells that a spreadsheet would run as a formula (a
leading ``=``, ``+``, ``-``, ``@``, tab or carriage return) get a leading
``'`` (CSV injection), and control characters other than line breaks are
written as escapes (``\x1b``: :func:`saidwhat.render.terminal_text`), so a CSV
printed on a terminal cannot send it sequences. The CLI's ``--format csv``
writes through the same :func:`csv_lines` (one CSV writer for both).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..render import terminal_text

__all__ = ["COLUMNS", "MEDIA_TYPES", "cell", "csv_lines", "csv_row", "encode"]

#: CSV columns, in order.
COLUMNS = (
    "id",
    "permalink",
    "published",
    "outlet",
    "title",
    "article_id",
    "local_id",
    "article_url",
    "speaker_id",
    "speaker",
    "speaker_type",
    "speaker_name_in_text",
    "kind",
    "cue",
    "content",
    "about",
    "confidence",
    "reported_by",
    "reported_by_id",
    "copies",
)
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/x-ndjson",
}
#: Rows encoded per chunk of the response.
CHUNK_ROWS = 200
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
#: Control characters escaped in a cell: all but tab, line feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def cell(value: Any) -> Any:
    """A value as a safe CSV cell: formula leads neutralised, control characters escaped."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = _CONTROL.sub(lambda m: terminal_text(m.group(0)), value)
        if value.startswith(_FORMULA):
            return "'" + value
    return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV text of ``header`` and ``rows`` (cells made safe by :func:`cell`), a few
    hundred rows per piece."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([cell(h) for h in header])
    yield buf.getvalue()
    for batch in _batches(rows):
        buf.seek(0)
        buf.truncate()
        writer.writerows([cell(v) for v in r] for r in batch)
        yield buf.getvalue()


def csv_row(row: Mapping[str, Any], *, base: str = "") -> list[Any]:
    """One statement (search form) as the values of :data:`COLUMNS`; ``base``: the
    server's address, for absolute permalinks (``https://host/quotes/...``)."""
    sp = row.get("speaker") or {}
    rep = row.get("reported_by") or {}
    about = "; ".join(str(t.get("name") or "") for t in row.get("targets") or ())
    values = {
        "id": row.get("id"),
        "permalink": f"{base.rstrip('/')}/quotes/{row.get('id')}",
        "published": row.get("published"),
        "outlet": row.get("outlet"),
        "title": row.get("title"),
        "article_id": row.get("article_id"),
        "local_id": row.get("local_id"),
        "article_url": row.get("url"),
        "speaker_id": sp.get("id"),
        "speaker": sp.get("name"),
        "speaker_type": sp.get("type") or row.get("speaker_type"),
        "speaker_name_in_text": row.get("speaker_name"),
        "kind": row.get("kind"),
        "cue": row.get("cue"),
        "content": row.get("content"),
        "about": about,
        "confidence": row.get("confidence"),
        "reported_by": (rep.get("speaker") or {}).get("name") or rep.get("name"),
        "reported_by_id": (rep.get("speaker") or {}).get("id"),
        "copies": row.get("n_copies", 0),
    }
    return [values[c] for c in COLUMNS]


def _batches(rows: Iterable[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for r in rows:
        batch.append(r)
        if len(batch) >= CHUNK_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def _csv(rows: Iterable[Mapping[str, Any]], base: str = "") -> Iterator[bytes]:
    for text in csv_lines(COLUMNS, (csv_row(r, base=base) for r in rows)):
        yield text.encode("utf-8")


def _json(rows: Iterable[Mapping[str, Any]], base: str = "") -> Iterator[bytes]:
    yield b"["
    first = True
    for batch in _batches(rows):
        parts = [json.dumps(r, ensure_ascii=False) for r in batch]
        sep = "\n" if first else ",\n"
        first = False
        yield (sep + ",\n".join(parts)).encode("utf-8")
    yield b"\n]\n"


def _jsonl(rows: Iterable[Mapping[str, Any]], base: str = "") -> Iterator[bytes]:
    for batch in _batches(rows):
        yield "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in batch).encode("utf-8")


def encode(
    rows: Iterable[Mapping[str, Any]], fmt: str, *, base: str = ""
) -> tuple[str, Iterator[bytes]]:
    """``(media type, byte chunks)`` of ``rows`` in ``fmt`` (``csv``, ``json``, ``jsonl``);
    ``base``: the server's address, for the CSV's absolute permalinks."""
    encoders = {"csv": _csv, "json": _json, "jsonl": _jsonl}
    if fmt not in encoders:
        raise ValueError(f"unknown export format {fmt!r}")
    return MEDIA_TYPES[fmt], encoders[fmt](rows, base)
