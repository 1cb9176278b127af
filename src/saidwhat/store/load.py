"""What ``saidwhat ingest`` reads: extraction JSONL, batch output dirs, or raw articles.

* a directory holding ``articles/`` (``saidwhat batch`` output) is read with
  :func:`saidwhat.batch.output.read_output`;
* a ``.jsonl``/``.ndjson`` file whose first record has ``quotes`` and
  ``entities`` is already-extracted output (no NLP);
* anything else (text, HTML, JSONL of articles, directories) goes through
  :func:`saidwhat.readers.read_inputs` and :func:`saidwhat.api.extract_many`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import Warnings
from ..ids import content_hash
from ..readers import (
    DEFAULT_MAX_BYTES,
    JSONL_SUFFIXES,
    ArticleInput,
    ReadFailure,
    _bounded_lines,
    line_limit,
)
from ..validate import InvalidRecord, check_result, clean_text

#: Called with a one-line message for each skipped input or record.
Report = Callable[[str], None]


def is_batch_output(path: str | Path) -> bool:
    """A ``saidwhat batch`` output directory?"""
    p = Path(path)
    return p.is_dir() and (p / "articles").is_dir()


def is_extraction_jsonl(path: str | Path) -> bool:
    """A JSONL file whose first record is an extraction result (has quotes and entities)."""
    p = Path(path)
    if not p.is_file() or p.suffix.lower() not in JSONL_SUFFIXES:
        return False
    with open(p, "rb") as fh:
        for line in _bounded_lines(fh, line_limit(DEFAULT_MAX_BYTES)):
            if line is None:  # an over-long first line: not read whole
                return False
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except (ValueError, RecursionError):
                return False
            return isinstance(rec, dict) and "quotes" in rec and "entities" in rec
    return False


def read_extraction_jsonl(
    path: str | Path, *, on_skip: Report | None = None, on_error: Report | None = None
) -> Iterator[dict[str, Any]]:
    """Extraction records of one JSONL file, each checked by
    :func:`saidwhat.validate.check_result`.

    Lines that are not JSON or have no text are reported to ``on_skip`` (W030);
    malformed records to ``on_error`` (E059, naming the line). Either way the
    record is left out and reading goes on.
    """
    with open(path, "rb") as fh:
        for n, raw in enumerate(_bounded_lines(fh, line_limit(DEFAULT_MAX_BYTES)), start=1):
            if raw is None:
                if on_skip:
                    reason = f"over {line_limit(DEFAULT_MAX_BYTES)} bytes"
                    on_skip(Warnings.W030.format(path=path, line=n, reason=reason))
                continue
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw)
            except (ValueError, RecursionError) as exc:
                if on_skip:
                    msg = getattr(exc, "msg", None) or type(exc).__name__
                    on_skip(Warnings.W030.format(path=path, line=n, reason=f"invalid JSON: {msg}"))
                continue
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                if on_skip:
                    on_skip(Warnings.W030.format(path=path, line=n, reason="no 'text' field"))
                continue
            # Metadata may sit at the top level of a record as well as in "meta".
            meta = rec.get("meta") or {}
            if isinstance(meta, dict):
                meta = dict(meta)
                for k in ("title", "url", "outlet", "published", "author"):
                    if rec.get(k) is not None and k not in meta:
                        meta[k] = rec[k]
                rec["meta"] = meta
            try:
                yield check_result(rec, where=f"{path}: line {n}")
            except InvalidRecord as exc:
                if on_error:
                    on_error(str(exc))


def iter_results(
    paths: Iterable[str],
    *,
    n_process: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_skip: Report | None = None,
    on_error: Report | None = None,
    stored: Callable[[str], bool] | None = None,
    config: Mapping[str, Any] | None = None,
    defaults: Mapping[str, Any] | None = None,
) -> Iterator[Any]:
    """Extraction results (JSON dicts or ArticleResult) for every input path.

    Already-extracted inputs come first, then raw articles are analysed by the
    engine (loaded only if there are any). Malformed extraction records are
    reported to ``on_error`` and left out. ``stored`` (called with an article
    id, the content hash of its text) tells raw articles already in the store:
    they are not extracted again. ``defaults`` fills metadata raw articles do
    not carry (see :func:`saidwhat.readers.read_inputs`).
    """
    raw: list[str] = []
    for p in paths:
        if is_batch_output(p):
            from ..batch.output import read_output

            yield from read_output(p, on_error=on_error)
        elif is_extraction_jsonl(p):
            yield from read_extraction_jsonl(p, on_skip=on_skip, on_error=on_error)
        else:
            raw.append(p)
    if not raw:
        return
    from ..api import ExtractFailure, extract_many
    from ..readers import read_inputs

    def good() -> Iterator[ArticleInput]:
        for item in read_inputs(raw, max_bytes=max_bytes, defaults=defaults):
            if isinstance(item, ReadFailure):
                if on_skip:
                    on_skip(item.message)
                continue
            if stored is not None and stored(content_hash(clean_text(item.text)[0])):
                continue
            yield item

    for out in extract_many(good(), n_process=n_process, config=config, on_error="return"):
        if isinstance(out, ExtractFailure):  # E016/E017/E060: this article only
            if on_error:
                on_error(out.message)
            continue
        yield out


__all__ = ["is_batch_output", "is_extraction_jsonl", "iter_results", "read_extraction_jsonl"]
