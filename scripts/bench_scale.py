"""Scaling benchmark of ``saidwhat batch``: ratios measured in one run.

    python scripts/bench_scale.py [--n 160] [--corpus ../shared/data/polnear] [--no-spark]

Every measurement runs in a fresh Python process (same imports, model loaded
from scratch, no page cache tricks) over the same JSONL file of N articles:

- ``plain``   a plain in-process loop: read, load the engine, extract in
              batches (no pool, no output written);
- ``local1`` / ``local2``  ``run_batch(engine="local", workers=1|2)``;
- ``spark1`` / ``spark2``  ``run_batch(engine="spark")`` on ``local[1]`` /
              ``local[2]`` (the time of the run, the JVM start-up reported apart),
              over 3 N articles by default: a Spark run has ~15 s of fixed
              costs (query planning, model load per Python worker, shuffle,
              commit), which a longer run amortises as a real one would.

Printed: overhead = plain / local1 time (target >= 0.9), scaling = local1 /
local2 and spark1 / spark2 time (target >= 1.7 on 2 cores), peak RSS per worker
(target <= 800 MB), and articles per second per core. Wall-clock ratios need
idle cores: the cores kept busy by other processes just before each run are
printed, and so is a projection of the local scaling from the CPU time used.
With ``--repeat K`` the cases run K times, interleaved, and the fastest counts. The articles are
PolNeAR texts when the corpus is found (used in place, never copied into the
repo), else the bundled samples with numbered variants.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def make_input(path: Path, n: int, corpus: Path) -> str:
    texts: list[str] = []
    for split in ("dev", "train", "test"):
        d = corpus / split / "text"
        if d.is_dir():
            texts += [p.read_text("utf-8") for p in sorted(d.glob("*.txt"))]
    source = f"PolNeAR ({corpus})"
    if not texts:
        sample = REPO / "src" / "saidwhat" / "sample"
        texts = [p.read_text("utf-8") for p in sorted(sample.glob("*.txt"))]
        source = "bundled samples (variants)"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = texts[i % len(texts)]
            if i >= len(texts):  # a distinct text, so that de-duplication keeps it
                text = f"{text}\n\n(Variant {i}.)"
            fh.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
    chars = sum(len(texts[i % len(texts)]) for i in range(n)) / n
    return f"{n} articles from {source}, {chars:.0f} characters on average"


def _cpu(who: int) -> float:
    import resource

    ru = resource.getrusage(who)
    return ru.ru_utime + ru.ru_stime


def busy_cores(seconds: float = 3.0) -> float:
    """Cores kept busy by other processes right now (from /proc/stat), before a run."""
    try:

        def sample() -> tuple[int, int]:
            with open("/proc/stat") as fh:
                vals = [int(v) for v in fh.readline().split()[1:]]
            idle = vals[3] + vals[4]
            return sum(vals) - idle, sum(vals)

        b0, t0 = sample()
        time.sleep(seconds)
        b1, t1 = sample()
        return (os.cpu_count() or 1) * (b1 - b0) / max(1, t1 - t0)
    except OSError:
        return float("nan")


def run_one(kind: str, inp: str, out: str, batch_size: int, partitions: int) -> dict:
    """One measurement (runs in its own process)."""
    import resource

    start = time.perf_counter()
    cpu0 = _cpu(resource.RUSAGE_SELF)
    if kind == "plain":
        from saidwhat.batch.sources import read_file
        from saidwhat.batch.work import BATCH_CHARS
        from saidwhat.engine import get_engine

        recs = [r for r in read_file(inp) if r.ok]
        engine = get_engine()
        done = failed = 0
        batches, cur, chars = [], [], 0  # the runner's rule: batch_size articles or BATCH_CHARS
        for rec in recs:
            cur.append(rec.to_input())
            chars += len(rec.text or "")
            if len(cur) >= batch_size or chars >= BATCH_CHARS:
                batches.append(cur)
                cur, chars = [], 0
        batches += [cur] if cur else []
        for batch in batches:
            try:
                done += len(engine.extract_batch(batch))
            except Exception:  # the same per-article retry as the batch runner
                for art in batch:
                    try:
                        engine.extract(art)
                        done += 1
                    except Exception:
                        failed += 1
        from saidwhat.batch.work import peak_rss_mb

        return {
            "seconds": time.perf_counter() - start,
            "articles": done,
            "failed": failed,
            "rss_mb": peak_rss_mb(),
            "cpu_main": _cpu(resource.RUSAGE_SELF) - cpu0,
            "cpu_workers": 0.0,
        }
    from saidwhat.batch import run_batch

    if kind.startswith("local"):
        s = run_batch([inp], out, workers=int(kind[-1]), batch_size=batch_size)
        return {
            "seconds": time.perf_counter() - start,
            "articles": s.articles,
            "failed": s.failed,
            "rss_mb": s.peak_worker_rss_mb,
            "cpu_main": _cpu(resource.RUSAGE_SELF) - cpu0,
            "cpu_workers": _cpu(resource.RUSAGE_CHILDREN),
        }
    from saidwhat.batch.spark import get_spark

    cores = int(kind[-1])
    spark = get_spark(f"local[{cores}]", progress=False)
    spark.sparkContext.setLogLevel("ERROR")
    spark.range(10).selectExpr("sum(id)").collect()  # JVM warm-up: part of the start-up
    started = time.perf_counter()
    s = run_batch([inp], out, engine="spark", partitions=partitions, batch_size=batch_size)
    end = time.perf_counter()
    spark.stop()
    return {
        "seconds": end - started,
        "startup": started - start,
        "articles": s.articles,
        "failed": s.failed,
    }


def package_digest() -> str:
    """A digest of the package's code and data, to notice edits during the benchmark."""
    import hashlib

    h = hashlib.sha256()
    root = REPO / "src" / "saidwhat"
    parts = ("engine.py", "pipeline.py", "readers.py", "records.py", "config.py")
    paths = [root / p for p in parts] + [
        p for d in ("extract", "models", "batch") for p in (root / d).rglob("*")
    ]
    for p in sorted(paths + [root / "default_config.toml"]):
        if p.is_file() and p.suffix in (".py", ".toml", ".json", ".npz", ".bin"):
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def measure(kind: str, inp: Path, work: Path, batch_size: int, partitions: int) -> dict:
    if kind.startswith("spark"):
        inp = inp.with_name("articles-spark.jsonl")
    background = busy_cores()
    digest = package_digest()
    out = work / f"out-{kind}"
    if out.exists():
        import shutil

        shutil.rmtree(out)
    cmd = [sys.executable, __file__, "--one", kind, "--input", str(inp), "--out", str(out)]
    cmd += ["--batch-size", str(batch_size), "--spark-partitions", str(partitions)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit(f"{kind} failed")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["background"] = background
    res["digest"] = digest
    cpu = ""
    if "cpu_main" in res:
        cpu = f", CPU main {res['cpu_main']:.0f} s + workers {res['cpu_workers']:.0f} s"
    print(
        f"  {kind:7s} {res['seconds']:7.1f} s  {res['articles'] / res['seconds']:6.2f} articles/s"
        f"  ({res['articles']} articles, {res['failed']} failed"
        + (f", peak RSS {res['rss_mb']:.0f} MB" if res.get("rss_mb") else "")
        + (f", Spark start-up {res['startup']:.1f} s not counted" if "startup" in res else "")
        + cpu
        + f"; other processes kept {background:.1f} cores busy just before)",
        flush=True,
    )
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=160, help="articles (default 160)")
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "data" / "polnear")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument(
        "--spark-partitions", type=int, default=16, help="partitions of the Spark cases"
    )
    ap.add_argument(
        "--spark-n", type=int, default=0, help="articles for the Spark cases (default 3 x n)"
    )
    ap.add_argument("--repeat", type=int, default=1, help="runs per case; the fastest counts")
    ap.add_argument("--cases", help="comma-separated subset of plain,local1,local2,spark1,spark2")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(
            json.dumps(
                run_one(args.one, args.input, args.out, args.batch_size, args.spark_partitions)
            )
        )
        return

    with tempfile.TemporaryDirectory(prefix="bench_scale-") as tmp:
        work = Path(tmp)
        inp = work / "articles.jsonl"
        print(f"bench_scale: {make_input(inp, args.n, args.corpus)}; {os.cpu_count()} cores")
        spark_n = args.spark_n or 3 * args.n
        if not args.no_spark:
            info = make_input(work / "articles-spark.jsonl", spark_n, args.corpus)
            print(f"  Spark cases: {info}")
        print(f"  load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        kinds = ["plain", "local1", "local2"] + ([] if args.no_spark else ["spark1", "spark2"])
        if args.cases:
            kinds = [k for k in kinds if k in args.cases.split(",")]
        runs: dict[str, list[dict]] = {k: [] for k in kinds}
        for _ in range(args.repeat):  # interleaved, so that a burst of load hits all cases
            for k in kinds:
                runs[k].append(measure(k, inp, work, args.batch_size, args.spark_partitions))
        r = {k: min(v, key=lambda x: x["seconds"]) for k, v in runs.items()}
        digests = {x["digest"] for v in runs.values() for x in v} | {package_digest()}
        if len(digests) > 1:
            print("  WARNING: the package changed during the benchmark: ratios not comparable")
        print(f"  load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    def ratio(a: str, b: str) -> float:
        return r[a]["seconds"] / r[b]["seconds"]

    rows = []
    if {"plain", "local1"} <= r.keys():
        rows.append(
            ("overhead  plain loop / local 1 worker", ratio("plain", "local1"), ">= 0.9", 0.9)
        )
    if {"local1", "local2"} <= r.keys():
        rows.append(
            ("scaling   local 1 worker / 2 workers", ratio("local1", "local2"), ">= 1.7", 1.7)
        )
    if {"spark1", "spark2"} <= r.keys():
        rows.append(
            ("scaling   Spark local[1] / local[2]", ratio("spark1", "spark2"), ">= 1.7", 1.7)
        )
    print("ratios (time over time, same run):")
    for name, value, target, floor in rows:
        print(
            f"  {name:40s} {value:5.2f}   target {target}  {'ok' if value >= floor else 'MISSED'}"
        )
    if {"local1", "local2"} <= r.keys():
        # What 2 workers would give on 2 idle cores, from the CPU time the runs used:
        # the busier of the main process alone and the whole work spread on 2 cores.
        one, two = r["local1"], r["local2"]
        proj = (one["cpu_main"] + one["cpu_workers"]) / max(
            two["cpu_main"], (two["cpu_main"] + two["cpu_workers"]) / 2
        )
        print(
            f"  {'projection on 2 idle cores (CPU time)':40s} {proj:5.2f}   (local 1 / 2 workers)"
        )
        rss = max(r["local1"]["rss_mb"], r["local2"]["rss_mb"])
        print(
            f"  peak RSS per worker {rss:.0f} MB   target <= 800 MB  "
            f"{'ok' if rss <= 800 else 'MISSED'}"
        )
        per_core = r["local1"]["articles"] / r["local1"]["seconds"]
        print(
            f"capacity: {per_core:.2f} articles/s per core, "
            f"{per_core * 86400:,.0f} articles/day/core"
        )


if __name__ == "__main__":
    main()
