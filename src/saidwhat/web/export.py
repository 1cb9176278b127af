"""Search results as CSV, JSON or JSON Lines, encoded as a stream of byte chunks.

The rows come from an iterator (:func:`saidwhat.web.queries.search_stream`)
and are encoded a few hundred at a time, so an export of any size runs in
constant memory. CSV cells that a spreadsheet would run as a formula (a
leading ``=``, ``+``, ``-``, ``@``, tab or carriage return) get a leading
``'`` (CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

__all__ = ["COLUMNS", "MEDIA_TYPES", "csv_row", "encode"]

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


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return "" if value is None else value


def csv_row(row: Mapping[str, Any]) -> list[Any]:
    """One statement (search form) as the CSV cells of :data:`COLUMNS`."""
    sp = row.get("speaker") or {}
    rep = row.get("reported_by") or {}
    about = "; ".join(str(t.get("name") or "") for t in row.get("targets") or ())
    values = {
        "id": row.get("id"),
        "permalink": f"/quotes/{row.get('id')}",
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
    return [_cell(values[c]) for c in COLUMNS]


def _batches(rows: Iterable[Mapping[str, Any]]) -> Iterator[list[Mapping[str, Any]]]:
    batch: list[Mapping[str, Any]] = []
    for r in rows:
        batch.append(r)
        if len(batch) >= CHUNK_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def _csv(rows: Iterable[Mapping[str, Any]]) -> Iterator[bytes]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    yield buf.getvalue().encode("utf-8")
    for batch in _batches(rows):
        buf.seek(0)
        buf.truncate()
        writer.writerows(csv_row(r) for r in batch)
        yield buf.getvalue().encode("utf-8")


def _json(rows: Iterable[Mapping[str, Any]]) -> Iterator[bytes]:
    yield b"["
    first = True
    for batch in _batches(rows):
        parts = [json.dumps(r, ensure_ascii=False) for r in batch]
        sep = "\n" if first else ",\n"
        first = False
        yield (sep + ",\n".join(parts)).encode("utf-8")
    yield b"\n]\n"


def _jsonl(rows: Iterable[Mapping[str, Any]]) -> Iterator[bytes]:
    for batch in _batches(rows):
        yield "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in batch).encode("utf-8")


def encode(rows: Iterable[Mapping[str, Any]], fmt: str) -> tuple[str, Iterator[bytes]]:
    """``(media type, byte chunks)`` of ``rows`` in ``fmt`` (``csv``, ``json``, ``jsonl``)."""
    encoders = {"csv": _csv, "json": _json, "jsonl": _jsonl}
    if fmt not in encoders:
        raise ValueError(f"unknown export format {fmt!r}")
    return MEDIA_TYPES[fmt], encoders[fmt](rows)
