"""Batch inputs: directories of .txt/.html, JSONL, Parquet and WARC / WARC.gz.

Every input file is read by :func:`read_file`, which yields one
:class:`SourceRecord` per article (or per record that could not be used) and
never raises for bad content. The same function runs in the local engine's
main process and inside Spark tasks, so both engines see identical records.

Identifiers: a record keeps an explicit id (JSONL ``id`` field, Parquet ``id``
column); otherwise its id is :func:`saidwhat.ids.content_hash` of the text. The
original path / WARC record is kept in ``source``, the page URL in ``url``.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import Errors, Warnings
from ..ids import content_hash
from ..readers import (
    DEFAULT_MAX_BYTES,
    JSONL_SUFFIXES,
    ArticleInput,
    ReadFailure,
    _bounded_lines,
    _looks_binary,
    clean_record,
    html_to_text,
    is_article_file,
    line_limit,
    read_bytes,
    read_path,
    record_meta,
    string_meta,
)

#: Metadata columns carried from the input to the output.
META_COLUMNS = ("title", "url", "outlet", "published", "author", "crawled")
PARQUET_SUFFIXES = (".parquet", ".parq")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
#: Share of undecodable characters above which a page is rejected, not repaired.
MAX_BAD_CHAR_SHARE = 0.02

LEVEL_ERROR = "error"
LEVEL_SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One input record: an article to analyse, or the reason it cannot be.

    ``file_index`` / ``record_index`` give the record's position in the run's
    inputs; of several records with the same text the first one wins.
    ``reason`` is None for a usable article; otherwise ``level`` tells an
    error (``"error"``) from a record skipped by design (``"skipped"``: a
    non-HTML or non-200 WARC response).
    """

    file_index: int
    record_index: int
    source: str
    text: str | None = None
    id: str | None = None
    content_hash: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    level: str | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None

    def to_input(self) -> ArticleInput:
        """The engine's input form (only for usable records)."""
        assert self.text is not None and self.id is not None
        return ArticleInput(
            id=self.id, text=self.text, source=self.source, meta=self.meta, warnings=self.warnings
        )


def input_kind(path: str | os.PathLike[str]) -> str:
    """``"warc"``, ``"parquet"``, ``"jsonl"`` or ``"file"`` (text or HTML), from the name."""
    name = str(path).lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if Path(name).suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "file"


def list_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Expand directories (recursively, sorted) into files.

    Hidden files and files that are no article (README.md, LICENSE, .json,
    .py, ...: :func:`saidwhat.readers.is_article_file`) are left out of
    directories; Parquet and WARC files are always kept. A missing path is kept
    in the list; reading it yields an error record.
    """
    files: list[str] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            files.extend(
                str(c)
                for c in sorted(p.rglob("*"))
                if c.is_file()
                and not any(part.startswith(".") for part in c.relative_to(p).parts)
                and (input_kind(str(c)) != "file" or is_article_file(c))
            )
        else:
            files.append(str(p))
    return files


def _article(
    file_index: int,
    record_index: int,
    source: str,
    text: str,
    *,
    explicit_id: Any = None,
    meta: dict[str, Any] | None = None,
    warnings: Iterable[str] = (),
) -> SourceRecord:
    h = content_hash(text)
    clean = {k: _meta_str(v) for k, v in (meta or {}).items() if k in META_COLUMNS}
    return SourceRecord(
        file_index,
        record_index,
        source,
        text=text,
        id=str(explicit_id) if explicit_id not in (None, "") else h,
        content_hash=h,
        meta={k: v for k, v in clean.items() if v},
        warnings=tuple(warnings),
    )


def _meta_str(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _failure(
    file_index: int, record_index: int, source: str, reason: str, *, level: str = LEVEL_ERROR
) -> SourceRecord:
    return SourceRecord(file_index, record_index, source, level=level, reason=reason)


def read_file(
    path: str,
    file_index: int = 0,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    text_column: str = "text",
) -> Iterator[SourceRecord]:
    """Every record of one input file, in order; bad records become failure records."""
    kind = input_kind(path)
    if not os.path.exists(path):
        yield _failure(file_index, 0, path, Errors.E003.format(path=path))
        return
    try:
        if kind == "warc":
            yield from _read_warc(path, file_index, max_bytes=max_bytes)
        elif kind == "parquet":
            yield from _read_parquet(path, file_index, max_bytes=max_bytes, text_column=text_column)
        elif kind == "jsonl":
            yield from _read_jsonl(path, file_index, max_bytes=max_bytes)
        else:
            for res in read_path(path, max_bytes=max_bytes):
                yield _from_read_result(res, file_index, 0)
    except OSError as exc:  # the file vanished or a disk error mid-read
        yield _failure(file_index, -1, path, Errors.E008.format(path=path, reason=exc))


def _from_read_result(
    res: ArticleInput | ReadFailure, file_index: int, record_index: int, explicit_id: Any = None
) -> SourceRecord:
    if isinstance(res, ReadFailure):
        return _failure(file_index, record_index, res.source, res.message)
    return _article(
        file_index,
        record_index,
        res.source,
        res.text,
        explicit_id=explicit_id,
        meta=dict(res.meta),
        warnings=res.warnings,
    )


def _read_jsonl(path: str, file_index: int, *, max_bytes: int) -> Iterator[SourceRecord]:
    """Records of a JSONL file: lines are read bounded (:func:`saidwhat.readers.line_limit`),
    so an over-long line, JSON nested too deep, a lone surrogate escape or a bad ``id`` is
    one failed (or repaired) record, never the end of the run."""
    limit = line_limit(max_bytes)
    with open(path, "rb") as fh:
        for n, raw in enumerate(_bounded_lines(fh, limit), start=1):
            source = f"{path}:{n}"
            if raw is None:
                reason = Errors.E015.format(path=f"{path}: line {n}", limit=limit)
                yield _failure(file_index, n, source, reason)
                continue
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw)
            except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
                reason = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
                yield _failure(
                    file_index, n, source, Errors.E004.format(path=path, line=n, reason=reason)
                )
                continue
            if not isinstance(rec, dict) or ("text" not in rec and "html" not in rec):
                yield _failure(file_index, n, source, Errors.E005.format(path=path, line=n))
                continue
            rec, had_surrogates = clean_record(rec)
            kind = "text" if "text" in rec else "html"
            body = rec[kind]
            if not isinstance(body, str):
                yield _failure(file_index, n, source, Errors.E013.format(path=path, line=n))
                continue
            if body == "":
                yield _failure(file_index, n, source, Errors.E062.format(path=path, line=n))
                continue
            rid = rec.get("id")
            if rid is not None and (isinstance(rid, bool) or not isinstance(rid, str | int)):
                reason = Errors.E063.format(path=path, line=n, type=type(rid).__name__)
                yield _failure(file_index, n, source, reason)
                continue
            res = read_bytes(
                body.encode("utf-8"),
                source=source,
                id="",
                kind=kind,
                max_bytes=max_bytes,
            )
            meta, meta_warnings = string_meta(record_meta(rec, META_COLUMNS), f"{path}: line {n}")
            if isinstance(res, ArticleInput):
                warnings = (*res.warnings, *meta_warnings)
                if had_surrogates:
                    warnings = (Warnings.W006.format(path=path, line=n), *warnings)
                res = ArticleInput(
                    id="",
                    # keep the record's string exactly as given (offsets index into it)
                    text=body if kind == "text" else res.text,
                    source=source,
                    meta={**res.meta, **meta},
                    warnings=warnings,
                )
            yield _from_read_result(res, file_index, n, explicit_id=rid)


def _read_parquet(
    path: str, file_index: int, *, max_bytes: int, text_column: str
) -> Iterator[SourceRecord]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid / OSError for a bad file
        yield _failure(file_index, 0, path, Errors.E049.format(path=path, reason=exc))
        return
    names = set(pf.schema_arrow.names)
    if text_column not in names:
        yield _failure(
            file_index,
            0,
            path,
            Errors.E044.format(
                path=path, detail=f"no column '{text_column}'; columns: {', '.join(sorted(names))}"
            ),
        )
        return
    wanted = [text_column] + [c for c in ("id", *META_COLUMNS) if c in names and c != text_column]
    n = 0
    try:
        for batch in pf.iter_batches(columns=wanted, batch_size=1024):
            for row in batch.to_pylist():
                n += 1
                source = f"{path}:{n}"
                text = row.get(text_column)
                if not isinstance(text, str) or not text.strip():
                    yield _failure(
                        file_index,
                        n,
                        source,
                        Errors.E044.format(path=source, detail="empty or not a string"),
                    )
                    continue
                size = len(text.encode("utf-8", "surrogatepass"))
                if size > max_bytes:
                    reason = Errors.E006.format(path=source, size=size, limit=max_bytes)
                    yield _failure(file_index, n, source, reason)
                    continue
                row, changed = clean_record(row)
                yield _article(
                    file_index,
                    n,
                    source,
                    row[text_column],
                    explicit_id=row.get("id"),
                    meta=row,
                    warnings=(Warnings.W006.format(path=path, line=n),) if changed else (),
                )
    except Exception as exc:  # a corrupt row group: report and stop this file
        yield _failure(file_index, n + 1, path, Errors.E049.format(path=path, reason=exc))


# -- WARC -------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.-]+)", re.I)


def decode_html(
    data: bytes, content_type: str | None, source: str
) -> tuple[str | None, list[str], str | None]:
    """Decode an HTML payload: charset from the HTTP header, else ``<meta>``, else UTF-8.

    Returns ``(text, warnings, error)``: a few invalid bytes are replaced with
    a warning; a page where more than :data:`MAX_BAD_CHAR_SHARE` of the
    characters are invalid in its charset is rejected with ``error``.
    """
    warnings: list[str] = []
    if _looks_binary(data):
        return None, warnings, Errors.E002.format(path=source)
    charset = None
    m = _HTTP_CHARSET.search(content_type or "")
    if m:
        charset = m.group(1)
    else:
        mm = _META_CHARSET.search(data[:4096])
        if mm:
            charset = mm.group(1).decode("ascii", "replace")
    charset = charset or "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        warnings.append(Warnings.W043.format(path=source, charset=charset))
        charset = "utf-8"
    try:
        return data.decode(charset), warnings, None
    except UnicodeDecodeError:
        pass
    text = data.decode(charset, errors="replace")
    bad = text.count("\ufffd") - data.decode(charset, errors="ignore").count("\ufffd")
    share = bad / max(1, len(text))
    if share > MAX_BAD_CHAR_SHARE:
        return None, warnings, Errors.E043.format(path=source, charset=charset, share=share)
    warnings.append(Warnings.W040.format(path=source, charset=charset, n=bad))
    return text, warnings, None


class _CountingReader:
    """A read-only file wrapper that counts bytes read (to detect a truncated tail)."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.count += len(data)
        return data

    def tell(self) -> int:
        return self.fh.tell()


def _read_warc(path: str, file_index: int, *, max_bytes: int) -> Iterator[SourceRecord]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    size = os.path.getsize(path)
    n = 0
    end = 0
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        try:
            for rec in it:
                n += 1
                if rec.rec_type != "response":
                    it.read_to_end()
                    end = it.get_record_offset() + it.get_record_length()
                    continue
                uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
                date = rec.rec_headers.get_header("WARC-Date") or ""
                status = rec.http_headers.get_statuscode() if rec.http_headers else None
                ctype = rec.http_headers.get_header("Content-Type", "") if rec.http_headers else ""
                missing: int | str = 0
                trunc_reason: str | None = None
                try:
                    data = rec.content_stream().read(max_bytes + 1)
                    if len(data) <= max_bytes:
                        missing = int(getattr(rec.raw_stream, "limit", 0) or 0)
                except Exception as exc:  # a broken gzip member or chunked encoding
                    data, missing, trunc_reason = b"", "?", str(exc)
                it.read_to_end()
                offset, length = it.get_record_offset(), it.get_record_length()
                end = offset + length
                source = f"{path}#{offset}"
                yield _warc_record(
                    file_index,
                    n,
                    source,
                    data,
                    uri=uri,
                    date=date,
                    status=status,
                    ctype=ctype,
                    missing=missing,
                    trunc_reason=trunc_reason,
                    max_bytes=max_bytes,
                )
        except ArchiveLoadFailed as exc:
            yield _failure(
                file_index,
                n + 1,
                f"{path}#{end}",
                Errors.E042.format(path=path, offset=end, reason=exc),
            )
            return
    # A truncated gzip member at the end is dropped silently by warcio: look for unread bytes.
    if size - end > 4:
        yield _failure(
            file_index,
            n + 1,
            f"{path}#{end}",
            Errors.E041.format(path=path, offset=end, n=size - end),
        )


def _warc_record(
    file_index: int,
    n: int,
    source: str,
    data: bytes,
    *,
    uri: str,
    date: str,
    status: str | None,
    ctype: str,
    missing: int | str,
    trunc_reason: str | None,
    max_bytes: int,
) -> SourceRecord:
    if missing:
        reason = Errors.E041.format(path=source, offset=source.rsplit("#", 1)[-1], n=missing)
        if trunc_reason:
            reason += f" ({trunc_reason})"
        return _failure(file_index, n, source, reason)
    if status and status != "200":
        return _failure(
            file_index,
            n,
            source,
            Warnings.W042.format(path=source, url=uri, status=status),
            level=LEVEL_SKIPPED,
        )
    mime = ctype.split(";")[0].strip().lower()
    if mime not in ("text/html", "application/xhtml+xml"):
        return _failure(
            file_index,
            n,
            source,
            Warnings.W041.format(path=source, url=uri, type=mime or "none"),
            level=LEVEL_SKIPPED,
        )
    if len(data) > max_bytes:
        return _failure(
            file_index, n, source, Errors.E006.format(path=source, size=len(data), limit=max_bytes)
        )
    if not data.strip():
        return _failure(file_index, n, source, Errors.E001.format(path=source))
    html, warnings, error = decode_html(data, ctype, source)
    if error or html is None:
        return _failure(
            file_index, n, source, error or Errors.E043.format(path=source, charset="?", share=1)
        )
    text, meta = html_to_text(html)
    if not text.strip():
        return _failure(file_index, n, source, Errors.E007.format(path=source))
    meta["url"] = uri or meta.get("url")
    meta["crawled"] = date
    return _article(file_index, n, source, text, meta=meta, warnings=warnings)


def count_records(path: str) -> int | None:
    """Number of records :func:`read_file` will yield, cheaply, or None if unknown."""
    kind = input_kind(path)
    try:
        if kind == "file":
            return 1
        if kind == "jsonl":
            with open(path, "rb") as fh:
                return sum(1 for line in fh if line.strip())
        if kind == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        if kind == "warc":
            from warcio.archiveiterator import ArchiveIterator

            with open(path, "rb") as fh:
                return sum(1 for rec in ArchiveIterator(fh) if rec.rec_type == "response")
    except Exception:  # counting is best-effort; reading reports the real problem
        return None
    return None
