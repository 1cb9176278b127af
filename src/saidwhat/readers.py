"""Turn files, directories, JSONL and stdin into articles to analyse.

Readers never raise for a bad file: they yield :class:`ReadFailure` records so
that a batch goes on with the other inputs and the caller decides how to
report them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .errors import Errors, Warnings

#: Default ceiling on one article's size in bytes (override with ``max_bytes``).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
META_FIELDS = ("title", "url", "outlet", "published", "author")


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article ready for extraction."""

    id: str
    text: str
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input (or one record of it) that could not be read."""

    source: str
    message: str


ReadResult = ArticleInput | ReadFailure


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    # Control bytes other than whitespace are rare in text of any encoding.
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl / len(head) > 0.1


def decode_bytes(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode UTF-8 (with or without BOM), replacing invalid bytes with a warning."""
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", errors="replace")
        warnings.append(Warnings.W002.format(path=source))
    return text, warnings


def html_to_text(html: str) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page, with trafilatura."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True, deduplicate=False
    )
    meta: dict[str, Any] = {}
    try:
        md = trafilatura.extract_metadata(html)
    except Exception:  # trafilatura's metadata step is best-effort
        md = None
    if md is not None:
        for key, attr in (
            ("title", "title"),
            ("url", "url"),
            ("outlet", "sitename"),
            ("published", "date"),
            ("author", "author"),
        ):
            value = getattr(md, attr, None)
            if value:
                meta[key] = value
    return text or "", meta


def read_bytes(
    data: bytes, *, source: str, id: str, kind: str = "text", max_bytes: int = DEFAULT_MAX_BYTES
) -> ReadResult:
    """Read one article from raw bytes; ``kind`` is ``"text"`` or ``"html"``."""
    if not data.strip():
        return ReadFailure(source, Errors.E001.format(path=source))
    if len(data) > max_bytes:
        return ReadFailure(
            source, Errors.E006.format(path=source, size=len(data), limit=max_bytes)
        )
    if _looks_binary(data):
        return ReadFailure(source, Errors.E002.format(path=source))
    text, warnings = decode_bytes(data, source)
    meta: dict[str, Any] = {}
    if kind == "html":
        text, meta = html_to_text(text)
        if not text.strip():
            return ReadFailure(source, Errors.E007.format(path=source))
        warnings.append(Warnings.W003.format(path=source))
    return ArticleInput(id=id, text=text, source=source, meta=meta, warnings=tuple(warnings))


def _is_html(path: Path, data: bytes) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    if path.suffix.lower() in TEXT_SUFFIXES:
        return False
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def read_jsonl(
    lines: Iterable[bytes], *, source: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ReadResult]:
    """Articles from JSONL: each line an object with ``text`` (and optional ``id``, ``html``)."""
    stem = Path(source).stem or "stdin"
    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield ReadFailure(source, Errors.E004.format(path=source, line=n, reason=exc))
            continue
        if not isinstance(rec, dict) or ("text" not in rec and "html" not in rec):
            yield ReadFailure(source, Errors.E005.format(path=source, line=n))
            continue
        rid = str(rec.get("id") or f"{stem}:{n}")
        meta = {k: rec[k] for k in META_FIELDS if rec.get(k) is not None}
        body = rec.get("text") if "text" in rec else rec.get("html")
        if not isinstance(body, str):
            yield ReadFailure(source, Errors.E013.format(path=source, line=n))
            continue
        kind = "text" if "text" in rec else "html"
        res = read_bytes(
            body.encode("utf-8", "surrogatepass"),
            source=f"{source}:{n}",
            id=rid,
            kind=kind,
            max_bytes=max_bytes,
        )
        if isinstance(res, ArticleInput):
            # For plain text keep the record's string exactly as given.
            text = body if kind == "text" else res.text
            res = ArticleInput(
                id=rid, text=text, source=res.source, meta={**res.meta, **meta}, warnings=res.warnings
            )
        yield res


def read_path(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[ReadResult]:
    """Articles from one file or directory (recursively, in sorted order)."""
    p = Path(path)
    if p.is_dir():
        for child in sorted(p.rglob("*")):
            if child.is_file() and not child.name.startswith("."):
                yield from read_path(child, max_bytes=max_bytes)
        return
    if not p.exists():
        yield ReadFailure(str(p), Errors.E003.format(path=p))
        return
    if p.suffix.lower() in JSONL_SUFFIXES:
        try:
            with p.open("rb") as fh:
                yield from read_jsonl(fh, source=str(p), max_bytes=max_bytes)
        except OSError as exc:
            yield ReadFailure(str(p), Errors.E008.format(path=p, reason=exc))
        return
    try:
        size = p.stat().st_size
        if size > max_bytes:
            yield ReadFailure(str(p), Errors.E006.format(path=p, size=size, limit=max_bytes))
            return
        data = p.read_bytes()
    except OSError as exc:
        yield ReadFailure(str(p), Errors.E008.format(path=p, reason=exc))
        return
    kind = "html" if _is_html(p, data) else "text"
    yield read_bytes(data, source=str(p), id=p.stem, kind=kind, max_bytes=max_bytes)


def read_stream(
    stream: BinaryIO, *, source: str = "-", id: str = "stdin", max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ReadResult]:
    """Articles from a binary stream such as stdin: JSONL if every line is an object."""
    data = stream.read(max_bytes + 1)
    lines = data.splitlines()
    if lines and all(ln.lstrip().startswith(b"{") for ln in lines if ln.strip()):
        yield from read_jsonl(lines, source=source, max_bytes=max_bytes)
        return
    kind = "html" if data[:2048].lstrip().lower().startswith((b"<!doctype html", b"<html")) else "text"
    yield read_bytes(data, source=source, id=id, kind=kind, max_bytes=max_bytes)


def read_inputs(
    paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> Iterator[ReadResult]:
    """Articles from every path given on a command line (``-`` is stdin)."""
    import sys

    for path in paths:
        if path == "-":
            yield from read_stream(stdin or sys.stdin.buffer, max_bytes=max_bytes)
        else:
            yield from read_path(path, max_bytes=max_bytes)
