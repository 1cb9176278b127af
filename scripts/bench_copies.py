"""Copy lookup benchmark: nearest neighbours among 1M synthetic quote vectors.

    python scripts/bench_copies.py [--vectors 1000000] [--queries 200] [--store-quotes 1000000]

Synthetic data only (seeded; no corpus text):

* global index (``saidwhat.semantic.copies.VectorIndex``): N random unit vectors of 384
  dimensions; each query is a stored vector plus noise (cosine 0.80-0.95 to it,
  a planted near-duplicate). Prints p50/p95 ms of ``search`` with the default
  options (sign-bit shortlist above ``exact_below``, re-ranked exactly) and with
  an exact matrix-vector product, and the share of queries whose planted copy
  is the first hit (recall@1).
* speaker lookup (``--store-quotes``): a SQLite store of that many linkable
  statements (``quotes`` + ``quote_vectors`` rows written directly; 15 random
  words each) spread over speakers of 10 to 50,000 statements; prints p50/p95 ms
  of linking one new statement of a speaker of each size (what ingest does per
  direct quote: read the speaker's vectors, read the texts of the close ones,
  classify; rolled back).
* ingest cost (``--ingest N``): ``write_articles`` of N synthetic articles of
  ``scripts/bench_store.py`` (5 direct quotes each) with copies off, words only,
  and with sentence vectors.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from saidwhat.semantic.copies import CopyOptions, VectorIndex, to_blob  # noqa: E402

DIM = 384


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    m = rng.standard_normal((n, DIM), dtype=np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    return m


def _planted(rng: np.random.Generator, v: np.ndarray) -> np.ndarray:
    """A vector at cosine 0.80-0.95 to ``v``."""
    c = rng.uniform(0.80, 0.95)
    noise = rng.standard_normal(DIM).astype(np.float32)
    noise -= (noise @ v) * v
    noise /= np.linalg.norm(noise)
    q = c * v + np.sqrt(1 - c * c) * noise
    return (q / np.linalg.norm(q)).astype(np.float32)


def _pct(ts: list[float]) -> str:
    a = np.array(ts) * 1000
    return f"p50 {np.percentile(a, 50):.1f} ms / p95 {np.percentile(a, 95):.1f} ms"


def bench_index(n: int, n_queries: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    m = _unit(rng, n)
    print(f"{n:,} vectors generated in {time.perf_counter() - t0:.1f}s")
    opts = CopyOptions()
    for label, exact_below in (("default", opts.exact_below), ("exact", n + 1)):
        t0 = time.perf_counter()
        index = VectorIndex(np.arange(n), m, exact_below=exact_below, shortlist=opts.shortlist)
        build = time.perf_counter() - t0
        targets = rng.integers(0, n, n_queries)
        queries = [_planted(rng, m[i]) for i in targets]
        index.search(queries[0])  # warm-up
        ts, hits = [], 0
        for i, q in zip(targets, queries, strict=True):
            t = time.perf_counter()
            res = index.search(q, k=10)
            ts.append(time.perf_counter() - t)
            hits += int(res[0][0] == i)
        mode = "exact" if index.codes is None else f"shortlist {opts.shortlist}"
        print(
            f"global index, {label} ({mode}; built in {build:.1f}s): {_pct(ts)}, "
            f"recall@1 of the planted copy {hits}/{n_queries}"
        )


def bench_store(n_quotes: int, seed: int) -> None:
    import sqlalchemy as sa

    from saidwhat.store import open_store
    from saidwhat.store.copies import Linkable, _link
    from saidwhat.store.schema import articles, quote_vectors, quotes

    rng = np.random.default_rng(seed)
    vocab = [f"w{i}" for i in range(5000)]
    sizes = [10, 100, 1000, 10_000, 50_000]
    rest = n_quotes - sum(sizes)
    speakers = list(sizes) + [200] * max(0, rest // 200)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "copies.db")
        t0 = time.perf_counter()
        qn = 0
        with store.begin() as conn:
            for sid, size in enumerate(speakers, start=1):
                for s in range(0, size, 5000):
                    k = min(5000, size - s)
                    vecs = _unit(rng, k)
                    words = rng.integers(0, len(vocab), (k, 15))
                    arts, qs, vs = [], [], []
                    for j in range(k):
                        aid = f"a{qn}"
                        arts.append(
                            {"id": aid, "text": "x", "n_quotes": 1, "ingested_at": "2026-12-01"}
                        )
                        qs.append(
                            {
                                "id": f"{aid}:Q1",
                                "article_id": aid,
                                "local_id": "Q1",
                                "seq": 0,
                                "kind": "direct",
                                "content": " ".join(vocab[w] for w in words[j]),
                                "speaker_id": sid,
                                "confidence": 0.9,
                            }
                        )
                        vs.append(
                            {
                                "quote_id": f"{aid}:Q1",
                                "article_id": aid,
                                "speaker_id": sid,
                                "vector": to_blob(vecs[j]),
                            }
                        )
                        qn += 1
                    conn.execute(articles.insert(), arts)
                    conn.execute(quotes.insert(), qs)
                    conn.execute(quote_vectors.insert(), vs)
        print(f"store of {qn:,} linkable statements written in {time.perf_counter() - t0:.1f}s")
        opts = CopyOptions()
        for sid, size in enumerate(sizes, start=1):
            with store.connect() as conn:
                stored = conn.execute(
                    sa.select(quotes.c.content, quote_vectors.c.vector)
                    .select_from(
                        quote_vectors.join(quotes, quotes.c.id == quote_vectors.c.quote_id)
                    )
                    .where(quote_vectors.c.speaker_id == sid)
                    .limit(20)
                ).all()
            ts = []
            for i, (content, blob) in enumerate(stored):
                v = np.frombuffer(blob, dtype="<f4")
                new = Linkable(f"new{i}:Q1", f"new{i}", sid, content, _planted(rng, v))
                with store.begin() as conn:
                    t = time.perf_counter()
                    _link(conn, [new], opts)
                    ts.append(time.perf_counter() - t)
                    conn.rollback()
            print(f"speaker lookup, {size:,} statements of the speaker: {_pct(ts)}")
        store.close()


def bench_ingest(n_articles: int, seed: int) -> None:
    """write_articles of scripts/bench_store.py's synthetic articles (5 direct quotes each)
    with copies off, linked by words only, and with sentence vectors."""
    import dataclasses
    import random

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_store import make_article  # type: ignore[import-not-found]

    from saidwhat.store import open_store
    from saidwhat.store.write import write_articles

    rng = random.Random(seed)
    recs = [make_article(rng, i) for i in range(n_articles)]
    base = CopyOptions.from_config()
    for label, opts in (
        ("copies off", dataclasses.replace(base, enabled=False)),
        ("words only (--no-embed)", dataclasses.replace(base, embed=False)),
        ("with sentence vectors", base),
    ):
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(Path(tmp) / "i.db")
            t0 = time.perf_counter()
            c0 = time.process_time()
            stats = write_articles(store, recs, copies=opts)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            store.close()
        print(
            f"ingest {n_articles} articles ({stats.quotes} direct quotes), {label}: "
            f"{n_articles / wall:.1f} articles/s wall, {1000 * cpu / stats.quotes:.2f} ms CPU "
            f"a statement, {stats.copies} links"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vectors", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--store-quotes", type=int, default=0)
    ap.add_argument("--ingest", type=int, default=0, help="articles for the ingest cost")
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()
    if args.vectors:
        bench_index(args.vectors, args.queries, args.seed)
    if args.store_quotes:
        bench_store(args.store_quotes, args.seed)
    if args.ingest:
        bench_ingest(args.ingest, args.seed)


if __name__ == "__main__":
    main()
