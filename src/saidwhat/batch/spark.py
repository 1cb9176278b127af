"""The Spark engine: the same reading and extraction, distributed with PySpark.

Records travel between the JVM and the Python workers as Arrow record
batches (``mapInArrow``), never as pickled rows. Plan of a run:

1. the driver lists the input files; one Spark task reads each file
   (``mapInArrow`` of :func:`read_batches` over ``(file_index, path)`` rows),
   so WARC parsing and HTML conversion run on the executors;
2. records are flagged ``_done`` by a left join with the ``content_hash``
   column of the output (resume), then hash-partitioned on ``content_hash``
   and sorted by it and input position: one shuffle;
3. ``mapInArrow`` of :func:`extract_batches`: :func:`extract_partition` skips
   all but the first of equal texts (the first in input order wins, as in the
   local engine) and the articles already done, and extracts the rest in
   batches; each engine call's rows go back as one Arrow batch with the nested
   ``quotes``/``entities`` columns. The spaCy engine loads lazily in the Python
   worker (cached per process; ``spark.python.worker.reuse`` keeps the
   process, so the model loads once per worker, never pickled from the driver);
4. the result is persisted, counted, and written twice: articles to
   ``articles/spark-<run>/`` and failures to ``errors/spark-<run>/``. A failing
   record becomes an error row; it never fails the job.

PySpark's ``mapInArrow`` insists on pandas on the driver although the Arrow
path never uses it; :func:`map_in_arrow` builds the same plan without it.
A ``local[...]`` session started here runs its JVM with C1 only and the
parallel GC (:data:`LOCAL_JAVA_OPTIONS`): that halves the JVM's CPU time,
which competes with the Python workers for the same cores.

Output written by a Spark run is used for resume only once Spark has written
its ``_SUCCESS`` marker: an interrupted Spark run is redone as a whole.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BatchError, Errors
from .output import (
    ARTICLE_COLUMNS,
    ARTICLES_DIR,
    ERROR_COLUMNS,
    ERRORS_DIR,
    RunCounts,
    _part_files,
    arrow_schemas,
    row_to_record,
)
from .sources import LEVEL_ERROR, LEVEL_SKIPPED, META_COLUMNS, SourceRecord, read_file
from .work import BATCH_CHARS, extract_records

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

#: Columns of the read stage (one row per input record).
INPUT_COLUMNS = (
    "file_index",
    "record_index",
    "content_hash",
    "id",
    "text",
    *META_COLUMNS,
    "source",
    "warnings",
    "level",
    "reason",
)


#: JVM options of a ``local[...]`` session started by saidwhat. The JVM only
#: moves Arrow batches, shuffles, sorts and writes Parquet while the Python
#: workers extract; the C2 compiler's warm-up was its largest cost (measured
#: with 160 articles: 8 of 15 CPU s of the job, and 4 of 9 s of the start).
LOCAL_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseParallelGC"


def spark_conf(master: str, *, progress: bool = True) -> dict[str, str]:
    """Settings of a session started by saidwhat (not used for an existing session)."""
    conf = {
        "spark.master": master,
        "spark.app.name": "saidwhat-batch",
        "spark.python.worker.reuse": "true",
        "spark.ui.showConsoleProgress": "true" if progress else "false",
        "spark.sql.shuffle.partitions": "8",
        # Rows per Arrow batch sent to the extraction (default 10,000 articles).
        "spark.sql.execution.arrow.maxRecordsPerBatch": "1024",
    }
    if master.startswith("local"):
        conf.update(
            {
                "spark.driver.host": "127.0.0.1",
                "spark.driver.bindAddress": "127.0.0.1",
                "spark.ui.enabled": "false",
                # The driver JVM is the executor: C1 only and the throughput GC.
                "spark.driver.extraJavaOptions": LOCAL_JAVA_OPTIONS,
            }
        )
    return conf


def get_spark(master: str = "local[*]", *, progress: bool = True) -> SparkSession:
    """The active Spark session (under ``spark-submit``), or a new one on ``master``."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - pyspark is in the batch extra
        raise BatchError(
            Errors.E047.format(engine="Spark", reason=f"pyspark is not installed ({exc})")
        ) from exc
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    # Executors in local mode must run this very interpreter (the venv with saidwhat).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder
    for key, value in spark_conf(master, progress=progress).items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # Java missing, port in use...
        raise BatchError(
            Errors.E047.format(engine="Spark", reason=f"cannot start Spark on {master}: {exc}")
        ) from exc
    spark.sparkContext.setLogLevel("WARN")
    return spark


def spark_schemas() -> tuple[Any, Any, Any, Any]:
    """Spark ``StructType`` s: (input, article, error, extraction result)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    articles, errors = arrow_schemas()
    return (
        from_arrow_schema(input_arrow_schema()),
        from_arrow_schema(articles),
        from_arrow_schema(errors),
        from_arrow_schema(result_arrow_schema()),
    )


def input_arrow_schema() -> pa.Schema:
    import pyarrow as pa

    fields = [("file_index", pa.int64()), ("record_index", pa.int64())]
    fields += [(c, pa.string()) for c in ("content_hash", "id", "text", *META_COLUMNS, "source")]
    fields += [("warnings", pa.list_(pa.string())), ("level", pa.string()), ("reason", pa.string())]
    return pa.schema(fields)


def result_arrow_schema() -> pa.Schema:
    """Article columns plus the error columns not among them (``stage``, ``level``, ``reason``)."""
    import pyarrow as pa

    articles, errors = arrow_schemas()
    extra = [errors.field(c) for c in ERROR_COLUMNS if c not in articles.names]
    return pa.schema(list(articles) + extra)


# -- executor side ------------------------------------------------------------

#: Rows per Arrow batch out of the read stage.
READ_BATCH_ROWS = 256
#: Marker and error rows held back at most before they are sent on as a batch.
PENDING_ROWS = 1024


def _input_row(rec: SourceRecord) -> dict[str, Any]:
    row: dict[str, Any] = {
        "file_index": rec.file_index,
        "record_index": rec.record_index,
        "content_hash": rec.content_hash,
        "id": rec.id,
        "text": rec.text,
        "source": rec.source,
        "warnings": list(rec.warnings),
        "level": rec.level,
        "reason": rec.reason,
    }
    for c in META_COLUMNS:
        row[c] = rec.meta.get(c)
    return row


def read_batches(
    batches: Iterable[pa.RecordBatch], *, max_bytes: int, text_column: str
) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` function of the read stage: ``(file_index, path)`` in, records out."""
    import pyarrow as pa

    schema = input_arrow_schema()
    for batch in batches:
        items = zip(batch.column("file_index").to_pylist(), batch.column("path").to_pylist())
        for file_index, path in items:
            rows: list[dict[str, Any]] = []
            for rec in read_file(path, file_index, max_bytes=max_bytes, text_column=text_column):
                rows.append(_input_row(rec))
                if len(rows) >= READ_BATCH_ROWS:
                    yield pa.RecordBatch.from_pylist(rows, schema=schema)
                    rows = []
            if rows:
                yield pa.RecordBatch.from_pylist(rows, schema=schema)


def _to_source(row: Mapping[str, Any]) -> SourceRecord:
    return SourceRecord(
        file_index=int(row["file_index"]),
        record_index=int(row["record_index"]),
        source=row["source"],
        text=row["text"],
        id=row["id"],
        content_hash=row["content_hash"],
        meta={c: row[c] for c in META_COLUMNS if row.get(c)},
        warnings=tuple(row.get("warnings") or ()),
    )


DEDUP = "dedup"
DUPLICATE = "duplicate"
DONE = "done"


def extract_partition(
    rows: Iterable[Mapping[str, Any]],
    *,
    config: Mapping[str, Any] | None,
    batch_size: int,
    batch_chars: int = BATCH_CHARS,
) -> Iterator[list[dict[str, Any]]]:
    """Read-stage rows (dicts) of one partition in, chunks of result rows out.

    Rows arrive sorted by ``content_hash`` then input position, so the first of
    several equal texts is the one extracted; the others, articles already in
    the output (``_done``) and read failures pass through as marker / error
    rows. Result rows have (a subset of) the columns of
    :func:`result_arrow_schema`; a chunk is sent on after each engine call.
    """
    out: list[dict[str, Any]] = []
    batch: list[SourceRecord] = []
    chars = 0
    last_hash = None

    def flush() -> None:
        nonlocal chars
        ok, bad = extract_records(batch, config=config)
        batch.clear()
        chars = 0
        out.extend(ok)
        out.extend(bad)

    for row in rows:
        if row["reason"] is not None:  # failed to read: straight to the errors table
            out.append({**row, "stage": "read"})
        else:
            h = row["content_hash"]
            if h == last_hash or row["_done"]:
                level = DUPLICATE if h == last_hash else DONE
                marker = {"source": row["source"], "id": row["id"], "content_hash": h}
                out.append({**marker, "stage": DEDUP, "level": level})
            else:
                batch.append(_to_source(row))
                chars += len(row["text"] or "")
                if len(batch) >= batch_size or chars >= batch_chars:
                    flush()
                    yield out
                    out = []
            last_hash = h
        if len(out) >= PENDING_ROWS:
            yield out
            out = []
    if batch:
        flush()
    if out:
        yield out


def extract_batches(
    batches: Iterable[pa.RecordBatch],
    *,
    config: Mapping[str, Any] | None,
    batch_size: int,
    batch_chars: int = BATCH_CHARS,
) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` function of the extraction stage (see :func:`extract_partition`)."""
    import pyarrow as pa

    schema = result_arrow_schema()
    # Python dicts for READ_BATCH_ROWS rows at a time, not for a whole Arrow batch.
    rows = (
        row
        for b in batches
        for i in range(0, b.num_rows, READ_BATCH_ROWS)
        for row in b.slice(i, READ_BATCH_ROWS).to_pylist()
    )
    chunks = extract_partition(rows, config=config, batch_size=batch_size, batch_chars=batch_chars)
    for chunk in chunks:
        yield pa.RecordBatch.from_pylist(chunk, schema=schema)


def map_in_arrow(df: DataFrame, func: Callable[..., Any], schema: Any) -> DataFrame:
    """``df.mapInArrow(func, schema)``, also where pandas is not installed.

    PySpark's ``mapInArrow`` goes through ``pandas_udf``, which refuses to run
    without pandas although the Arrow path never uses it (checked with PySpark
    4.x: the worker reads and writes ``pyarrow.RecordBatch`` only). Without
    pandas the same plan is built from the same public pieces.
    """
    try:
        return df.mapInArrow(func, schema)
    except ImportError:  # PySparkImportError: pandas missing or too old
        pass
    from pyspark.sql import DataFrame as SparkDataFrame
    from pyspark.sql.udf import UserDefinedFunction
    from pyspark.util import PythonEvalType

    udf = UserDefinedFunction(
        func, returnType=schema, evalType=PythonEvalType.SQL_MAP_ARROW_ITER_UDF
    )
    column: Any = udf(*[df[c] for c in df.columns])
    jdf = df._jdf.mapInArrow(column._jc, False, None)
    return SparkDataFrame(jdf, df.sparkSession)


# -- driver side --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SparkCounts(RunCounts):
    partitions: int


def _done_frame(spark: SparkSession, out: Path) -> DataFrame | None:
    """``content_hash`` of the articles already written, as a one-column frame."""
    files = [str(p) for p in _part_files(out / ARTICLES_DIR)]
    if not files:
        return None
    parquet = [f for f in files if f.endswith((".parquet", ".parq"))]
    frames = []
    if parquet:
        frames.append(spark.read.parquet(*parquet).select("content_hash"))
    other = [f for f in files if f not in parquet]
    if other:
        frames.append(
            spark.read.json(other, schema="meta struct<content_hash: string>").selectExpr(
                "meta.content_hash AS content_hash"
            )
        )
    frame = frames[0]
    for f in frames[1:]:
        frame = frame.unionByName(f)
    return frame.distinct()


def _json_line(row: Any, *, articles: bool) -> str:
    import json

    from ..records import record_json

    d = row.asDict(recursive=True)
    return record_json(row_to_record(d)) if articles else json.dumps(d, ensure_ascii=False)


def run_spark(
    files: list[str],
    out: str,
    *,
    run_id: str,
    master: str = "local[*]",
    partitions: int | None = None,
    fmt: str = "parquet",
    config: Mapping[str, Any] | None = None,
    batch_size: int = 16,
    batch_chars: int = BATCH_CHARS,
    max_bytes: int,
    text_column: str = "text",
    progress: bool = True,
) -> SparkCounts:
    """Process ``files`` into ``out`` with Spark (an active session is reused)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    spark = get_spark(master, progress=progress)
    sc = spark.sparkContext
    input_schema, _, _, result_schema = spark_schemas()
    outp = Path(out)
    n_parts = partitions or max(1, sc.defaultParallelism)

    # One read task per input file (up to 10,000 tasks).
    file_rdd = sc.parallelize(list(enumerate(files)), max(1, min(len(files), 10_000)))
    file_df = spark.createDataFrame(file_rdd, schema="file_index long, path string")
    reader = partial(read_batches, max_bytes=max_bytes, text_column=text_column)
    read_df = map_in_arrow(file_df, reader, input_schema)
    done = _done_frame(spark, outp)
    if done is not None:
        flagged = read_df.join(done.withColumn("_done", F.lit(True)), "content_hash", "left")
    else:
        flagged = read_df.withColumn("_done", F.lit(False))
    # One shuffle: equal texts meet in one partition, in input order.
    todo = flagged.repartition(n_parts, "content_hash").sortWithinPartitions(
        "content_hash", "file_index", "record_index"
    )
    extract = partial(
        extract_batches, config=config, batch_size=batch_size, batch_chars=batch_chars
    )
    result = map_in_arrow(todo, extract, result_schema)
    result = result.persist(StorageLevel.MEMORY_AND_DISK)
    cached = [result]
    try:
        counts = {
            (r["stage"], r["level"]): r["count"]
            for r in result.groupBy("stage", "level").count().collect()
        }
        n_articles = counts.get((None, None), 0)
        n_errors = sum(n for (stage, _), n in counts.items() if stage in ("read", "extract"))
        articles = result.where(F.col("stage").isNull()).select(*ARTICLE_COLUMNS)
        errors = result.where(F.col("stage").isin("read", "extract")).select(*ERROR_COLUMNS)
        art_path = str(outp / ARTICLES_DIR / f"spark-{run_id}")
        err_path = str(outp / ERRORS_DIR / f"spark-{run_id}")
        if fmt == "jsonl":
            if n_articles:
                articles.rdd.map(partial(_json_line, articles=True)).saveAsTextFile(art_path)
            if n_errors:
                errors.coalesce(1).rdd.map(partial(_json_line, articles=False)).saveAsTextFile(
                    err_path
                )
        else:
            if n_articles:
                articles.write.parquet(art_path)
            if n_errors:
                errors.coalesce(1).write.parquet(err_path)
        return SparkCounts(
            records=sum(counts.values()),
            articles=n_articles,
            duplicates=counts.get((DEDUP, DUPLICATE), 0),
            already_done=counts.get((DEDUP, DONE), 0),
            skipped=counts.get(("read", LEVEL_SKIPPED), 0),
            read_errors=counts.get(("read", LEVEL_ERROR), 0),
            extract_errors=counts.get(("extract", LEVEL_ERROR), 0),
            partitions=n_parts,
        )
    finally:
        for frame in cached:
            frame.unpersist()
