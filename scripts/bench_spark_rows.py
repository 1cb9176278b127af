"""Python-side cost of moving records between the JVM and a Spark Python worker.

Compares, in one process and on the same articles, the two ways the Spark
engine could hand rows to and from its extraction function:

* rows: what ``DataFrame.rdd.mapPartitions`` + ``createDataFrame(rdd, schema)``
  cost in the worker (unpickle ``Row`` s and ``asDict``; verify, ``toInternal``
  and pickle the nested result tuples);
* arrow: what ``mapInArrow`` costs (read an Arrow IPC stream and ``to_pylist``;
  ``RecordBatch.from_pylist`` and write an IPC stream), the current engine.

and prints both per article next to the extraction itself (CPU time of this
process). No Spark session and no JVM are started.

    python scripts/bench_spark_rows.py --input articles.jsonl [-n 160]
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any


def cpu() -> float:
    return time.process_time()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", required=True, help="JSONL with a 'text' field per line")
    ap.add_argument("-n", type=int, default=160, help="articles (default 160)")
    ap.add_argument("--repeat", type=int, default=5, help="conversion rounds (default 5)")
    args = ap.parse_args()

    import pyarrow as pa
    from pyspark.serializers import CPickleSerializer
    from pyspark.sql import Row
    from pyspark.sql.types import _make_type_verifier

    from saidwhat.batch.sources import read_file
    from saidwhat.batch.spark import (
        _input_row,
        input_arrow_schema,
        result_arrow_schema,
        spark_schemas,
    )
    from saidwhat.batch.work import extract_records

    records = [r for r in read_file(args.input, 0, max_bytes=10**9) if r.ok][: args.n]
    t0 = cpu()
    rows: list[dict[str, Any]] = []
    for i in range(0, len(records), 16):
        ok, bad = extract_records(records[i : i + 16])
        rows += ok + bad
    extract_s = cpu() - t0
    n = len(records)

    input_schema, _, _, result_schema = spark_schemas()
    in_arrow, out_arrow = input_arrow_schema(), result_arrow_schema()
    inputs = [{**_input_row(r), "_done": None} for r in records]
    in_names = [*in_arrow.names, "_done"]
    ser = CPickleSerializer()

    def chunks(items: list[Any]) -> list[list[Any]]:  # pickled 100 rows at a time, as PySpark
        return [items[i : i + 100] for i in range(0, len(items), 100)]

    # What the JVM would send: pickled Rows / an Arrow IPC stream.
    in_rows = [Row(**{k: d[k] for k in in_names}) for d in inputs]
    pickled_in = [ser.dumps(c) for c in chunks(in_rows)]
    in_batch = pa.RecordBatch.from_pylist(
        inputs, schema=in_arrow.append(pa.field("_done", pa.bool_()))
    )
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, in_batch.schema) as w:
        w.write_batch(in_batch)
    arrow_in = sink.getvalue()

    verify = _make_type_verifier(result_schema)
    names = out_arrow.names

    def rows_way() -> None:
        got = [r.asDict() for blob in pickled_in for r in ser.loads(blob)]
        assert len(got) == n
        tuples = [tuple(r.get(c) for c in names) for r in rows]
        for t in tuples:
            verify(t)
        for c in chunks([result_schema.toInternal(t) for t in tuples]):
            ser.dumps(c)

    def arrow_way() -> None:
        got = pa.ipc.open_stream(arrow_in).read_next_batch().to_pylist()
        assert len(got) == n
        batch = pa.RecordBatch.from_pylist(rows, schema=out_arrow)
        out = pa.BufferOutputStream()
        with pa.ipc.new_stream(out, out_arrow) as w:
            w.write_batch(batch)

    results = {}
    for name, fn in (("rows", rows_way), ("arrow", arrow_way)):
        fn()  # warm up
        t0 = cpu()
        for _ in range(args.repeat):
            fn()
        results[name] = (cpu() - t0) / args.repeat
    report = {
        "articles": n,
        "extract_ms_per_article": round(1000 * extract_s / n, 2),
        "rows_ms_per_article": round(1000 * results["rows"] / n, 3),
        "arrow_ms_per_article": round(1000 * results["arrow"] / n, 3),
        "rows_share_of_extract": round(results["rows"] / extract_s, 4),
        "arrow_share_of_extract": round(results["arrow"] / extract_s, 4),
        "rows_over_arrow": round(results["rows"] / results["arrow"], 2),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
