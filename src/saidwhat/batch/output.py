"""Batch output: the Parquet schema, part-file writer, resume state and readers.

Layout of an output directory::

    out/
      articles/part-<run>-00000.parquet   one row per article (local engine)
      articles/spark-<run>/part-*.parquet (Spark engine; used once _SUCCESS exists)
      errors/part-<run>.parquet           records that failed or were skipped
      runs.jsonl                          one summary line per finished run

``--format jsonl`` writes ``.jsonl`` parts instead (one engine JSON object per
line; Spark writes extension-less ``part-NNNNN`` text files).

An article row has the columns of :data:`ARTICLE_SCHEMA`: ``quotes``, ``claims`` and
``entities`` are lists of structs with exactly the fields of the engine's JSON
form. Part files are written under a temporary name and renamed, so a part
either exists whole or not at all; the set of ``content_hash`` values in the
parts is the resume manifest (:func:`done_hashes`).

Other components (the store's ``saidwhat ingest``) read batch output with
:func:`read_output`, which yields the engine's JSON dict per article whatever
the format or engine that wrote it.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..records import ArticleResult, record_dict, record_json
from .sources import LEVEL_ERROR, META_COLUMNS, SourceRecord

if TYPE_CHECKING:
    import pyarrow as pa

ARTICLES_DIR = "articles"
ERRORS_DIR = "errors"
RUNS_FILE = "runs.jsonl"
FORMATS = ("parquet", "jsonl")

#: Article columns in order; ``quotes``/``entities``/``warnings`` are nested.
ARTICLE_COLUMNS = (
    "id",
    "content_hash",
    "text",
    *META_COLUMNS,
    "source",
    "quotes",
    "entities",
    "claims",
    "warnings",
)
ERROR_COLUMNS = ("source", "id", "content_hash", "stage", "level", "reason")


def arrow_schemas() -> tuple[pa.Schema, pa.Schema]:
    """``(article schema, error schema)`` as pyarrow schemas."""
    import pyarrow as pa

    span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
    speaker = pa.struct([("entity", pa.string()), ("name", pa.string()), ("type", pa.string())])
    stance = pa.struct(
        [
            ("entity", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("label", pa.string()),
            ("prob", pa.float64()),
        ]
    )
    quote = pa.struct(
        [
            ("id", pa.string()),
            ("kind", pa.string()),
            ("cue", span),
            ("sources", pa.list_(span)),
            ("contents", pa.list_(span)),
            ("speaker", speaker),
            ("confidence", pa.float64()),
            # who reported it ("X said Y, according to Z"): saidwhat.records.Reporter
            ("reported_by", pa.struct([("speaker", speaker), ("cue", span), ("source", span)])),
            # null when stance is off ([stance] enabled); saidwhat.records.TargetStance
            ("stance", pa.list_(stance)),
        ]
    )
    entity = pa.struct(
        [
            ("id", pa.string()),
            ("name", pa.string()),
            ("type", pa.string()),
            ("roles", pa.list_(pa.string())),
            ("affiliations", pa.list_(pa.string())),
            ("mentions", pa.list_(span)),
        ]
    )
    claim = pa.struct(
        [
            ("id", pa.string()),
            ("act", pa.string()),
            ("trigger", span),
            ("sentence", span),
            ("claimant", speaker),
            ("claimant_span", span),
            ("agent", speaker),
            ("agent_span", span),
            ("event", span),
            ("event_kind", pa.string()),
            ("event_ref", pa.string()),
            ("place", span),
            ("time", span),
            ("quote", pa.string()),
        ]
    )
    fields: list[tuple[str, Any]] = [
        ("id", pa.string()),
        ("content_hash", pa.string()),
        ("text", pa.string()),
    ]
    fields += [(c, pa.string()) for c in META_COLUMNS]
    fields += [
        ("source", pa.string()),
        ("quotes", pa.list_(quote)),
        ("entities", pa.list_(entity)),
        ("claims", pa.list_(claim)),
        ("warnings", pa.list_(pa.string())),
    ]
    articles = pa.schema(fields)
    errors = pa.schema([(c, pa.string()) for c in ERROR_COLUMNS])
    return articles, errors


# -- rows -------------------------------------------------------------------


def article_row(rec: SourceRecord, result: ArticleResult) -> dict[str, Any]:
    """The output row of one analysed article."""
    d = result.to_dict()
    row: dict[str, Any] = {"id": rec.id, "content_hash": rec.content_hash, "text": rec.text}
    for c in META_COLUMNS:
        row[c] = rec.meta.get(c)
    row["source"] = rec.source
    row["quotes"] = d["quotes"]
    row["entities"] = d["entities"]
    row["claims"] = d["claims"]
    row["warnings"] = d["warnings"]
    return row


def error_row(
    rec: SourceRecord, *, stage: str, reason: str, level: str = LEVEL_ERROR
) -> dict[str, Any]:
    """The errors-table row of a record that failed (or was skipped) at ``stage``."""
    return {
        "source": rec.source,
        "id": rec.id,
        "content_hash": rec.content_hash,
        "stage": stage,
        "level": level,
        "reason": reason,
    }


def row_to_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """An article row as the engine's JSON dict in its one shape
    (:func:`saidwhat.records.record_dict`; metadata, source and hash in ``meta``)."""
    meta = {c: row[c] for c in META_COLUMNS if row.get(c)}
    meta["source"] = row.get("source")
    meta["content_hash"] = row.get("content_hash")
    return record_dict(
        {
            "id": row["id"],
            "text": row["text"],
            "quotes": [_plain(q) for q in row.get("quotes") or ()],
            "entities": [_plain(e) for e in row.get("entities") or ()],
            "claims": [_plain(c) for c in row.get("claims") or ()],
            "warnings": list(row.get("warnings") or ()),
            "meta": meta,
        }
    )


def _plain(value: Any) -> Any:
    """Nested rows (Spark ``Row``, tuples) as plain dicts and lists."""
    if hasattr(value, "asDict"):
        value = value.asDict(recursive=True)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# -- writing ----------------------------------------------------------------


def new_run_id() -> str:
    return f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"


def _atomic_write(path: Path, write: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)


def write_table(path: Path, rows: list[dict[str, Any]], schema: pa.Schema, fmt: str) -> None:
    """Write rows as one Parquet or JSONL file, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        articles = "quotes" in schema.names

        def write(tmp: Path) -> None:
            with open(tmp, "w", encoding="utf-8") as fh:
                for row in rows:
                    line = (
                        record_json(row_to_record(row))
                        if articles
                        else json.dumps(row, ensure_ascii=False)
                    )
                    fh.write(line + "\n")

    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(rows, schema=schema)

        def write(tmp: Path) -> None:
            pq.write_table(table, tmp, compression="zstd")

    _atomic_write(path, write)


class PartWriter:
    """Buffers rows and writes them as part files of ``part_size`` articles."""

    def __init__(
        self,
        out: str | os.PathLike[str],
        *,
        run_id: str,
        fmt: str = "parquet",
        part_size: int = 1000,
    ) -> None:
        self.out = Path(out)
        self.run_id = run_id
        self.fmt = fmt
        self.part_size = part_size
        self.schema, self.error_schema = arrow_schemas()
        self._rows: list[dict[str, Any]] = []
        self._errors: list[dict[str, Any]] = []
        self._parts = 0
        self.written = 0

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        self._rows.extend(rows)
        while len(self._rows) >= self.part_size:
            self._write(self._rows[: self.part_size])
            self._rows = self._rows[self.part_size :]

    def add_errors(self, rows: Iterable[dict[str, Any]]) -> None:
        self._errors.extend(rows)

    def flush(self) -> None:
        if self._rows:
            self._write(self._rows)
            self._rows = []

    def _write(self, rows: list[dict[str, Any]]) -> None:
        name = f"part-{self.run_id}-{self._parts:05d}.{self.fmt}"
        write_table(self.out / ARTICLES_DIR / name, rows, self.schema, self.fmt)
        self._parts += 1
        self.written += len(rows)

    def close(self) -> None:
        self.flush()
        if self._errors:
            name = f"part-{self.run_id}.{self.fmt}"
            write_table(self.out / ERRORS_DIR / name, self._errors, self.error_schema, self.fmt)
            self._errors = []


def log_run(out: str | os.PathLike[str], summary: Mapping[str, Any]) -> None:
    """Append one run's summary to ``runs.jsonl``."""
    path = Path(out) / RUNS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(dict(summary), ensure_ascii=False, default=str) + "\n")


# -- reading ----------------------------------------------------------------


def _part_files(root: Path) -> Iterator[Path]:
    """Finished part files under ``root``, in name order."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(("_", "."))
            and not (d.startswith("spark-") and not (here / d / "_SUCCESS").exists())
        )
        for name in sorted(filenames):
            if name.startswith(("_", ".")) or name.endswith(".crc"):
                continue
            yield here / name


def _is_parquet(path: Path) -> bool:
    return path.suffix in (".parquet", ".parq")


def _iter_rows(path: Path, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    if _is_parquet(path):
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(columns=columns, batch_size=256):
            yield from batch.to_pylist()
    else:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def read_output(
    out: str | os.PathLike[str], *, on_error: Callable[[str], None] | None = None
) -> Iterator[dict[str, Any]]:
    """Every article of a batch output directory as the engine's JSON dict.

    Works for Parquet and JSONL output of both engines. Each dict has ``id``,
    ``text``, ``quotes``, ``entities``, ``warnings`` and ``meta`` (``title``,
    ``url``, ``outlet``, ``published``, ``author``, ``crawled`` when known,
    plus ``source`` and ``content_hash``); ``ArticleResult.from_dict`` takes it.

    Every record is checked by :func:`saidwhat.validate.check_result`; a line
    that is not JSON or a malformed record is passed to ``on_error`` (a
    numbered message) and left out, so the other records are still read.
    Without ``on_error`` the first one raises :class:`~saidwhat.errors.InputError`.
    """
    from ..errors import InputError
    from ..validate import InvalidRecord, check_result

    def bad(msg: str) -> None:
        if on_error is None:
            raise InputError(msg)
        on_error(msg)

    for path in _part_files(Path(out) / ARTICLES_DIR):
        if _is_parquet(path):
            rows: Iterator[tuple[str, Any]] = (
                (f"{path}: row {n}", row_to_record(r))
                for n, r in enumerate(_iter_rows(path), start=1)
            )
        else:
            rows = _jsonl_part(path, bad)
        for where, rec in rows:
            try:
                yield check_result(rec, where=where)
            except InvalidRecord as exc:
                bad(str(exc))


def _jsonl_part(path: Path, bad: Callable[[str], None]) -> Iterator[tuple[str, Any]]:
    from ..errors import Errors

    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                yield f"{path}: line {n}", json.loads(raw)
            except (ValueError, RecursionError) as exc:
                reason = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
                bad(Errors.E004.format(path=path, line=n, reason=reason))


def done_hashes(out: str | os.PathLike[str]) -> set[str]:
    """Content hashes of the articles already written to ``out`` (the resume manifest)."""
    done: set[str] = set()
    for path in _part_files(Path(out) / ARTICLES_DIR):
        if _is_parquet(path):
            done.update(r["content_hash"] for r in _iter_rows(path, ["content_hash"]))
        else:
            done.update(r["meta"]["content_hash"] for r in _iter_rows(path))
    return done


def read_errors(
    out: str | os.PathLike[str], *, include_resolved: bool = False
) -> list[dict[str, Any]]:
    """Rows of the errors table: ``source, id, content_hash, stage, level, reason``.

    Errors of earlier runs are dropped once their article has been written by
    a later run (unless ``include_resolved``); repeats of one error are listed
    once.
    """
    done = set() if include_resolved else done_hashes(out)
    seen: set[tuple[Any, ...]] = set()
    rows: list[dict[str, Any]] = []
    for path in _part_files(Path(out) / ERRORS_DIR):
        for row in _iter_rows(path):
            if row.get("content_hash") and row["content_hash"] in done:
                continue
            key = (row.get("source"), row.get("stage"), row.get("reason"))
            if key not in seen:
                seen.add(key)
                rows.append({c: row.get(c) for c in ERROR_COLUMNS})
    return rows


@dataclass(frozen=True, slots=True)
class RunCounts:
    """What one batch run did, whatever the engine."""

    records: int
    articles: int
    duplicates: int
    already_done: int
    skipped: int
    read_errors: int
    extract_errors: int
