"""Turn files, directories, JSONL and stdin into articles to analyse.

Readers never raise for bad content: they yield :class:`ReadFailure` records
so that a batch goes on with the other inputs and the caller decides how to
report them. Every message names the file (and the line, for JSONL).

Limits: an article may be at most ``max_bytes`` long (default
:data:`DEFAULT_MAX_BYTES`, 5 MB, about 11 minutes of analysis on one core).
Bigger inputs are refused without being read into memory: regular files by
their size, streams (stdin, pipes) and JSONL lines by bounded reads.

Exactness: for plain text the article's ``text`` is the file's content
decoded as UTF-8, unchanged: line endings are kept as they are (``\\r\\n``
stays ``\\r\\n``); only a leading UTF-8 byte order mark is dropped. Invalid
UTF-8 bytes are replaced with U+FFFD (warning W002), a UTF-16 file with a byte
order mark is decoded as such (warning W007). HTML is reduced to its main text
with trafilatura (warning W003): offsets then refer to that text.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import Errors, Warnings

#: Default ceiling on one article's size in bytes (override with ``max_bytes``).
DEFAULT_MAX_BYTES = 5_000_000
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
META_FIELDS = ("title", "url", "outlet", "published", "author")
#: Files that are no news article, left out when a directory is walked (a path
#: given by itself is always read): documentation by name, whatever its suffix
#: (README.md, LICENSE, CHANGELOG.txt, ...), and data, code and configuration
#: by suffix (a ``.gold.json`` next to its ``.txt``, a script, a spreadsheet).
NOT_ARTICLE_NAMES = frozenset(
    {
        "readme",
        "license",
        "licence",
        "copying",
        "changelog",
        "changes",
        "contributing",
        "authors",
        "notice",
        "code_of_conduct",
        "security",
        "manifest",
        "makefile",
    }
)
NOT_ARTICLE_SUFFIXES = frozenset(
    {
        ".json",
        ".yaml",
        ".yml",
        ".toml",
        ".ini",
        ".cfg",
        ".csv",
        ".tsv",
        ".py",
        ".js",
        ".css",
        ".sh",
        ".lock",
        ".log",
    }
)

_SNIFF_BYTES = 8192
#: Signatures of common binary formats (checked before the control-byte ratio).
_MAGIC = (
    b"\x89PNG",
    b"%PDF-",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_HTML_START = (b"<!doctype html", b"<html", b"<?xml")


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


def line_limit(max_bytes: int) -> int:
    """Longest JSONL line read for articles of at most ``max_bytes``.

    JSON escapes can make a text up to three times longer (``\\uXXXX`` for a
    two-byte character), so a line may be ``3 * max_bytes`` plus 64 KiB for
    the other fields.
    """
    return 3 * max_bytes + 65536


def _looks_binary(data: bytes) -> bool:
    """Whether ``data`` (its first 8 KiB) looks like a binary file rather than text."""
    head = data[:_SNIFF_BYTES]
    if not head:
        return False
    if head.startswith(_MAGIC) or b"\x00" in head:
        return True
    # Control bytes other than whitespace are rare in text of any encoding.
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl / len(head) > 0.1


def decode_bytes(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode UTF-8 (a leading BOM is dropped), replacing invalid bytes with a warning.

    A UTF-16 text with a byte order mark is decoded as UTF-16.
    """
    warnings: list[str] = []
    if data.startswith(_UTF16_BOMS):
        warnings.append(Warnings.W007.format(path=source))
        return data.decode("utf-16", errors="replace"), warnings
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", errors="replace")
        warnings.append(Warnings.W002.format(path=source))
    return text, warnings


def html_to_text(html: str) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page, with trafilatura.

    Scripts, styles, navigation and other boilerplate are dropped. A page nested
    too deeply for libxml2 (over 256 levels) is read as plain text instead
    (:mod:`saidwhat.readers.htmltext`).
    """
    text, meta, _deep = _html_to_text(html)
    return text, meta


def _html_to_text(html: str) -> tuple[str, dict[str, Any], bool]:
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True, deduplicate=False
    )
    deep = False
    if not (text or "").strip():
        from .htmltext import plain_text, too_deep

        if too_deep(html):
            text, deep = plain_text(html), True
    meta: dict[str, Any] = {}
    try:
        # extensive=False: a date only from the page's markup, never guessed from its text
        md = trafilatura.extract_metadata(html, extensive=False)
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
    return text or "", meta, deep


def read_bytes(
    data: bytes,
    *,
    source: str,
    id: str,
    kind: str = "text",
    max_bytes: int = DEFAULT_MAX_BYTES,
    sniff: bool = True,
) -> ReadResult:
    """Read one article from raw bytes; ``kind`` is ``"text"`` or ``"html"``.

    ``sniff=False`` skips the binary-content check (for strings that are
    known to be text, such as a JSONL field).
    """
    if not data:
        return ReadFailure(source, Errors.E001.format(path=source))
    if len(data) > max_bytes:
        return ReadFailure(source, Errors.E006.format(path=source, size=len(data), limit=max_bytes))
    if sniff and not data.startswith(_UTF16_BOMS) and _looks_binary(data):
        return ReadFailure(source, Errors.E002.format(path=source))
    text, warnings = decode_bytes(data, source)
    if not text.strip():
        return ReadFailure(source, Errors.E014.format(path=source))
    meta: dict[str, Any] = {}
    if kind == "html":
        try:
            text, meta, deep = _html_to_text(text)
        except Exception as exc:  # noqa: BLE001 - any parser failure is this input's problem
            return ReadFailure(source, Errors.E018.format(path=source, reason=exc))
        if not text.strip():
            return ReadFailure(source, Errors.E007.format(path=source))
        warnings.append(Warnings.W003.format(path=source))
        if deep:
            warnings.append(Warnings.W009.format(path=source))
    return ArticleInput(id=id, text=text, source=source, meta=meta, warnings=tuple(warnings))


_PARAGRAPHS = re.compile(r"\r?\n[ \t]*\r?\n\s*")
_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tue|wed|thu|fri|sat|sun)\.?),?\s+"
_DATE_LINE = re.compile(
    rf"^(?:{_WEEKDAY})?(?:"
    r"(?P<mon>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon2>[a-z]+)\.?,?\s+(?P<year2>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
    r")$",
    re.IGNORECASE,
)
#: A first line longer than this (characters or words) is a paragraph, not a headline.
HEADLINE_MAX_CHARS = 200
HEADLINE_MAX_WORDS = 30


def _date_line(line: str) -> str | None:
    """``YYYY-MM-DD`` when ``line`` is nothing but a date ("Friday, July 21, 2017")."""
    from datetime import date

    m = _DATE_LINE.match(line.strip())
    if m is None:
        return None
    try:
        if m["iso"]:
            return date.fromisoformat(m["iso"]).isoformat()
        mon = _MONTHS.get((m["mon"] or m["mon2"] or "").lower())
        if mon is None:
            return None
        return date(int(m["year"] or m["year2"]), mon, int(m["day"] or m["day2"])).isoformat()
    except ValueError:
        return None


_DATE_IN = re.compile(
    r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon2>[A-Za-z]{3,9})\.?,?\s+(?P<year2>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
)
#: "Updated: July 21, 2017 10:02", "Published 21 July 2017", a dateline
#: "WASHINGTON, July 21, 2017 —" (upper-case place, then the date).
_DATED = re.compile(
    r"(?:\b(?:last\s+)?(?:updated|published|posted)\b\s*(?:on\s+)?:?\s*"
    r"|^[A-Z][A-Z .'’-]{2,40},\s+(?:\([^)]*\)\s+)?)"
    rf"(?:{_WEEKDAY})?(?P<date>.{{6,30}})",
    re.IGNORECASE | re.MULTILINE,
)


def dated_in_text(text: str, *, within: int = 1500) -> str | None:
    """``YYYY-MM-DD`` of an "Updated:" / "Published" line or a dateline near the top of
    ``text`` (its first ``within`` characters), or ``None``."""
    from datetime import date

    for m in _DATED.finditer(text[:within]):
        d = _DATE_IN.match(m["date"])
        if d is None:
            continue
        try:
            if d["iso"]:
                return date.fromisoformat(d["iso"]).isoformat()
            mon = _MONTHS.get((d["mon"] or d["mon2"] or "").lower())
            if mon is not None:
                day = int(d["day"] or d["day2"])
                return date(int(d["year"] or d["year2"]), mon, day).isoformat()
        except ValueError:
            continue
    return None


def _is_headline(line: str) -> bool:
    line = line.strip()
    if not 3 <= len(line) <= HEADLINE_MAX_CHARS or len(line.split()) > HEADLINE_MAX_WORDS:
        return False
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return False  # a sentence, not a headline
    if line.lower().startswith("by ") or _date_line(line) is not None:
        return False  # a byline or a date
    return any(ch.isalpha() for ch in line)


def text_meta(text: str) -> dict[str, Any]:
    """Title and date of a plain-text article, when its layout shows them.

    The title is the first line when it stands alone (a blank line after it,
    more text below) and looks like a headline: at most 200 characters and
    30 words, not ending like a sentence (``.``, ``,``, ``;``, ``:``), not a
    byline or a date. The date is a paragraph among the next two that is
    nothing but a date ("Friday, July 21, 2017", "21 July 2017",
    "2017-07-21"), else an "Updated:" / "Published" date or a dateline near the
    top (:func:`dated_in_text`). The text itself is not changed.
    """
    parts = _PARAGRAPHS.split(text.lstrip("\ufeff").strip(), maxsplit=3)
    meta: dict[str, Any] = {}
    if len(parts) < 2:
        return meta
    first = parts[0]
    if "\n" not in first and _is_headline(first):
        meta["title"] = first.strip()
        candidates = parts[1:3]
    else:
        candidates = parts[:2]
    for para in candidates:
        day = _date_line(para) if "\n" not in para.strip() else None
        if day is not None:
            meta["published"] = day
            break
    else:
        day = dated_in_text(text)
        if day is not None:
            meta["published"] = day
    return meta


#: Sidecar metadata files of an article ``story.txt``: ``story.meta.json``, ``story.json``.
SIDECAR_SUFFIXES = (".meta.json", ".json")
SIDECAR_MAX_BYTES = 65536


def sidecar_meta(path: Path) -> tuple[dict[str, Any], list[str]]:
    """Metadata from a JSON file next to ``path`` (see :data:`SIDECAR_SUFFIXES`):
    ``title``, ``url``, ``outlet``, ``published``, ``author`` at its top level
    or under ``"meta"``; a warning (W020) when a sidecar cannot be used."""
    if path.suffix.lower() in JSONL_SUFFIXES or path.suffix.lower() == ".json":
        return {}, []
    for suffix in SIDECAR_SUFFIXES:
        side = path.with_suffix(suffix)
        if not side.is_file():
            continue
        try:
            with side.open("rb") as fh:
                raw = fh.read(SIDECAR_MAX_BYTES + 1)
            if len(raw) > SIDECAR_MAX_BYTES:
                raise ValueError(f"over {SIDECAR_MAX_BYTES} bytes")
            rec = clean_record(json.loads(raw))[0]
            if not isinstance(rec, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError, RecursionError) as exc:
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            return {}, [Warnings.W020.format(path=side, reason=reason)]
        meta = {k: v for k, v in record_meta(rec).items() if isinstance(v, (str, int, float))}
        return {k: str(v) for k, v in meta.items()}, []
    return {}, []


def _with_meta(res: ReadResult, meta: dict[str, Any], warnings: list[str]) -> ReadResult:
    if not isinstance(res, ArticleInput) or (not meta and not warnings):
        return res
    return ArticleInput(
        id=res.id,
        text=res.text,
        source=res.source,
        meta={**res.meta, **meta},
        warnings=(*res.warnings, *warnings),
    )


def _sniff_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(_HTML_START) and (not head.startswith(b"<?xml") or b"<html" in head)


def _sniff_jsonl(path: Path, limit: int) -> bool:
    """Whether a file without a JSONL suffix holds JSONL articles: its first non-blank
    line is a JSON object with ``text`` or ``html`` (read as one text article, such a
    file gave 1,600-character speaker names)."""
    if path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES:
        return False
    try:
        with path.open("rb") as fh:
            for _ in range(100):
                line = fh.readline(limit + 1)
                if not line or line.strip():
                    break
    except OSError:
        return False
    if not line.lstrip().startswith(b"{"):
        return False
    try:
        rec = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(rec, dict) and ("text" in rec or "html" in rec)


def _is_html(path: Path, data: bytes) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    if path.suffix.lower() in TEXT_SUFFIXES:
        return False
    return _sniff_html(data)


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of ``stream``; ``None`` in place of a line over ``limit`` bytes.

    An over-long line is skipped in pieces and never held in memory whole.
    """
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
        else:
            yield line


def _clean_surrogates(text: str) -> tuple[str, bool]:
    """Replace lone surrogates (valid in JSON ``\\ud800`` escapes, not in UTF-8)."""
    if _SURROGATE.search(text) is None:
        return text, False
    return _SURROGATE.sub("\ufffd", text), True


def clean_record(value: Any, *, depth: int = 4) -> tuple[Any, bool]:
    """``value`` (a parsed JSON record, a row) with lone surrogates replaced by U+FFFD
    in every string, keys included, down to ``depth`` levels of nesting (deeper than
    any field a record is read for) (same lengths); changed?

    The one cleaning step where records come in (JSONL lines, parquet rows, sidecar
    metadata): a truncated emoji in a scraped title must not stop a run that writes
    UTF-8 later on.
    """
    if isinstance(value, str):
        return _clean_surrogates(value)
    if depth <= 0:
        return value, False
    if isinstance(value, dict):
        changed = False
        out: dict[Any, Any] = {}
        for k, v in value.items():
            k2, ck = clean_record(k, depth=depth)
            v2, cv = clean_record(v, depth=depth - 1)
            out[k2] = v2
            changed = changed or ck or cv
        return (out, True) if changed else (value, False)
    if isinstance(value, list):
        items = [clean_record(v, depth=depth - 1) for v in value]
        if any(c for _, c in items):
            return [v for v, _ in items], True
        return value, False
    return value, False


def record_meta(rec: Mapping[str, Any], fields: Iterable[str] = META_FIELDS) -> dict[str, Any]:
    """The metadata of a JSONL record: its ``fields`` at the top level or in a nested
    ``"meta": {...}`` object (the shape ``POST /api/articles`` takes); a top-level
    value wins over the nested one. Empty values (``None``, ``""``) are left out.
    """
    nested = rec.get("meta")
    out: dict[str, Any] = {}
    for k in fields:
        value = rec.get(k)
        if value is None or value == "":
            value = nested.get(k) if isinstance(nested, Mapping) else None
        if value is not None and value != "":
            out[k] = value
    return out


def string_meta(meta: Mapping[str, Any], where: str) -> tuple[dict[str, Any], list[str]]:
    """The string fields of ``meta``; any other (``"title": 42``, ``"outlet": ["x"]``,
    stored as "42" and "['x']" before) is left out with a warning (W021)."""
    out: dict[str, Any] = {}
    warnings: list[str] = []
    for k, v in meta.items():
        if isinstance(v, str):
            out[k] = v
        else:
            kind = {list: "a list", dict: "an object", bool: "true or false"}.get(
                type(v), "a number" if isinstance(v, int | float) else type(v).__name__
            )
            warnings.append(Warnings.W021.format(where=where, field=k, type=kind))
    return out, warnings


def _jsonl_records(
    lines: Iterable[bytes | None], *, source: str, max_bytes: int
) -> Iterator[ReadResult]:
    stem = "stdin" if source in ("-", "<stdin>") else (Path(source).stem or "stdin")
    for n, raw in enumerate(lines, start=1):
        where = f"{source}:{n}"
        if raw is None:
            yield ReadFailure(
                where, Errors.E015.format(path=f"{source}: line {n}", limit=line_limit(max_bytes))
            )
            continue
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError, ...
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            yield ReadFailure(where, Errors.E004.format(path=source, line=n, reason=reason))
            continue
        if not isinstance(rec, dict) or ("text" not in rec and "html" not in rec):
            yield ReadFailure(where, Errors.E005.format(path=source, line=n))
            continue
        rec, had_surrogates = clean_record(rec)
        kind = "text" if isinstance(rec.get("text"), str) or "html" not in rec else "html"
        body = rec.get(kind)
        if not isinstance(body, str):
            yield ReadFailure(where, Errors.E013.format(path=source, line=n))
            continue
        if body == "":
            yield ReadFailure(where, Errors.E062.format(path=source, line=n))
            continue
        rid_in = rec.get("id")
        if rid_in is not None and (isinstance(rid_in, bool) or not isinstance(rid_in, str | int)):
            yield ReadFailure(
                where, Errors.E063.format(path=source, line=n, type=type(rid_in).__name__)
            )
            continue
        rid = str(rid_in) if rid_in is not None else f"{stem}:{n}"
        meta, meta_warnings = string_meta(record_meta(rec), f"{source}: line {n}")
        res = read_bytes(
            body.encode("utf-8"),
            source=where,
            id=rid,
            kind=kind,
            max_bytes=max_bytes,
            sniff=kind == "html",
        )
        if isinstance(res, ArticleInput):
            warnings = res.warnings
            if had_surrogates:
                warnings = (Warnings.W006.format(path=source, line=n), *warnings)
            warnings = (*warnings, *meta_warnings)
            # For plain text keep the record's string exactly as given.
            res = ArticleInput(
                id=rid,
                text=body if kind == "text" else res.text,
                source=where,
                meta={**res.meta, **meta},
                warnings=warnings,
            )
        yield res


def read_jsonl(
    lines: Iterable[bytes], *, source: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ReadResult]:
    """Articles from JSONL: each line an object with ``text`` (or ``html``), optional ``id``.

    Metadata fields (``title``, ``url``, ``outlet``, ``published``, ``author``),
    at the top level or in a nested ``"meta"`` object, are carried into
    ``meta``. A bad line gives a :class:`ReadFailure` naming its number; the
    other lines are still read. An id defaults to ``<file stem>:<line number>``.
    """
    limit = line_limit(max_bytes)
    bounded = (None if len(raw) > limit else raw for raw in lines)
    yield from _jsonl_records(bounded, source=source, max_bytes=max_bytes)


def is_article_file(path: str | os.PathLike[str]) -> bool:
    """Whether a directory walk reads this file (see :data:`NOT_ARTICLE_NAMES`)."""
    p = Path(path)
    if p.name.startswith("."):
        return False
    stem = p.name.split(".", 1)[0].lower()
    return stem not in NOT_ARTICLE_NAMES and p.suffix.lower() not in NOT_ARTICLE_SUFFIXES


def _file_key(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _walk(root: Path, skip: frozenset[tuple[int, int]] = frozenset()) -> Iterator[Path]:
    """Regular files under ``root`` in sorted order, skipping hidden files and directories
    and files that are no article (:func:`is_article_file`)."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            # regular files only: a FIFO or socket would block the walk
            if is_article_file(path) and path.is_file() and _file_key(path) not in skip:
                yield path


def read_path(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[ReadResult]:
    """Articles from one file or directory (recursively, in sorted order).

    ``.jsonl`` / ``.ndjson`` files hold one article per line; ``.html`` files
    (or files that start like HTML) go through trafilatura; anything else is
    read as plain text. In directories, hidden files, documentation
    (``README.md``, ``LICENSE``, ...) and data or code files (``.json``,
    ``.py``, ...; :func:`is_article_file`) are left out, and so are the files
    in ``exclude`` (such as the output file).
    """
    p = Path(path)
    if p.is_dir():
        skip = frozenset(k for k in map(_file_key, exclude) if k is not None)
        found = False
        for child in _walk(p, skip):
            found = True
            yield from read_path(child, max_bytes=max_bytes)
        if not found:
            yield ReadFailure(str(p), Errors.E019.format(path=p))
        return
    if not p.exists():
        if os.path.lexists(p):  # a link to nothing, or a loop of links
            try:
                os.stat(p)
                reason = "no such file"
            except OSError as exc:
                reason = exc.strerror or str(exc)
            yield ReadFailure(str(p), Errors.E008.format(path=p, reason=reason))
        else:
            yield ReadFailure(str(p), Errors.E003.format(path=p))
        return
    source = str(p)
    if not p.is_file():  # a FIFO, socket or device would block or never end (stdin: "-")
        yield ReadFailure(source, Errors.E008.format(path=p, reason="not a regular file"))
        return
    if p.suffix.lower() in JSONL_SUFFIXES or _sniff_jsonl(p, line_limit(max_bytes)):
        try:
            with p.open("rb") as fh:
                lines = _bounded_lines(fh, line_limit(max_bytes))
                yield from _jsonl_records(lines, source=source, max_bytes=max_bytes)
        except OSError as exc:
            yield ReadFailure(source, Errors.E008.format(path=p, reason=exc.strerror or exc))
        return
    try:
        with p.open("rb") as fh:
            st = os.fstat(fh.fileno())
            if st.st_size > max_bytes:  # refuse by size, without reading
                yield ReadFailure(
                    source, Errors.E006.format(path=p, size=st.st_size, limit=max_bytes)
                )
                return
            data = fh.read(max_bytes + 1)  # bounded even when the size lies (pipes, /proc)
    except OSError as exc:
        yield ReadFailure(source, Errors.E008.format(path=p, reason=exc.strerror or exc))
        return
    if len(data) > max_bytes:
        yield ReadFailure(source, Errors.E015.format(path=p, limit=max_bytes))
        return
    kind = "html" if _is_html(p, data) else "text"
    res = read_bytes(data, source=source, id=p.stem, kind=kind, max_bytes=max_bytes)
    if isinstance(res, ArticleInput):
        guessed = text_meta(res.text) if kind == "text" else {}
        side, warnings = sidecar_meta(p)
        res = _with_meta(res, {**guessed, **side}, warnings)
    yield res


def read_stream(
    stream: BinaryIO,
    *,
    source: str = "<stdin>",
    id: str = "stdin",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[ReadResult]:
    """Articles from a binary stream such as stdin.

    JSONL when the first non-blank line is a JSON object, else one article
    (HTML if it starts like HTML). Reads are bounded: a text over
    ``max_bytes`` is refused after reading ``max_bytes + 1`` bytes.
    """
    limit = line_limit(max_bytes)
    head: list[bytes] = []
    first: bytes | None = None
    size = 0
    while size <= max_bytes:
        line = stream.readline(limit + 1)
        if not line:
            break
        head.append(line)
        size += len(line)
        if line.strip():
            first = line
            break
    if first is not None and first.lstrip().startswith(b"{"):
        try:
            is_jsonl = isinstance(json.loads(first), dict)
        except (ValueError, RecursionError):
            is_jsonl = False
        if is_jsonl:
            lines = chain(head, _bounded_lines(stream, limit))
            yield from _jsonl_records(lines, source=source, max_bytes=max_bytes)
            return
    data = b"".join(head)
    if len(data) <= max_bytes:
        data += stream.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        yield ReadFailure(source, Errors.E015.format(path=source, limit=max_bytes))
        return
    kind = "html" if _sniff_html(data) else "text"
    res = read_bytes(data, source=source, id=id, kind=kind, max_bytes=max_bytes)
    if isinstance(res, ArticleInput) and kind == "text":
        res = _with_meta(res, text_meta(res.text), [])
    yield res


def read_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
    defaults: Mapping[str, Any] | None = None,
) -> Iterator[ReadResult]:
    """Articles from every path given on a command line (``-`` is stdin), in order.

    Files in ``exclude`` are skipped when directories are walked: pass the
    output file so that a run writing into its input directory never reads
    its own output. ``defaults`` fills metadata an article does not carry
    (``--published``: ``{"published": "2024-05-12"}``).
    """
    exclude = tuple(exclude)
    fill = {k: v for k, v in (defaults or {}).items() if v is not None}
    import sys

    for path in paths:
        if str(path) == "-":
            found = read_stream(stdin or sys.stdin.buffer, max_bytes=max_bytes)
        else:
            found = read_path(path, max_bytes=max_bytes, exclude=exclude)
        for res in found:
            if fill and isinstance(res, ArticleInput):
                missing = {k: v for k, v in fill.items() if not res.meta.get(k)}
                res = _with_meta(res, missing, [])
            yield res
