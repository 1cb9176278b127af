"""Store benchmark: ingest throughput (no NLP) and query latency on 100k statements.

    python scripts/bench_store.py [--articles 5000] [--statements 100000] [--pg URL]

Synthetic extraction records (no copyrighted text) are generated with a fixed
seed. Figures are printed together with a baseline measured in the same run:

* ingest: ``write_articles`` (speaker resolution, targets, FTS, one
  transaction per batch) vs a raw ``executemany`` of the same article, entity,
  mention, quote and span rows into bare tables: the ratio is the cost of the
  store's bookkeeping;
* queries: p50/p95 of ``search_quotes`` (full-text, speaker, about, date and
  outlet filters) and ``get_speaker`` vs a primary-key lookup of one quote.

PostgreSQL is measured too when ``--pg`` or ``SAIDWHAT_TEST_PG`` gives a server
(a throwaway schema is created and dropped).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from saidwhat.store.filters import QuoteFilters

FIRST = (
    "Ahmad Maria John Amina Li Pedro Olga Kofi Hana Ravi Sofia Tariq Elena Omar Grace Yuki".split()
)
LAST = (
    "Massoud Garcia Smith Okafor Chen Silva Petrova Mensah Sato Patel Rossi Khan Novak Haddad "
    "Kim Brown Weber Costa Nguyen Ali Murphy Jensen Ivanova Moreau Tanaka Lopez Yilmaz Singh"
).split()
ORGS = ["Taliban", "United Nations", "World Bank", "Red Cross", "NATO", "European Union"]
OUTLETS = ["Wire", "Daily Post", "Kabul Times", "Global News", "Morning Herald"]
_SYL = "ka lo mi ne ra su ti vo ba de fi go hu ja ke li mo nu pa re si to".split()
#: A Zipf-distributed vocabulary of 5,000 made-up words, plus a few real query words.
WORDS = ["negotiations", "ceasefire", "election", "budget", "sanctions"] + [
    a + b + c for a in _SYL for b in _SYL for c in _SYL
][:4995]
_WEIGHTS = [1 / (r + 1) for r in range(len(WORDS))]
#: Query words: one frequent, the rest from the middle of the distribution.
QUERY_WORDS = WORDS[:5] + WORDS[100:400]


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(WORDS, weights=_WEIGHTS, k=n))


ROLES = ["minister", "spokesman", "former foreign minister", "party leader", "governor", "mayor"]


def make_article(rng: random.Random, i: int, n_quotes: int = 5) -> dict[str, Any]:
    people = rng.sample([f"{f} {last}" for f in FIRST for last in LAST], 4)
    org = rng.choice(ORGS)
    parts: list[str] = [f"Report {i}. "]
    ents: dict[str, dict[str, Any]] = {}
    quotes = []
    for k, who in enumerate(people + [org]):
        ents[who] = {
            "id": f"E{k + 1}",
            "name": who,
            "type": "ORG" if who == org else "PERSON",
            "roles": [rng.choice(ROLES)] if who != org else [],
            "affiliations": [],
            "mentions": [],
        }
    for q in range(n_quotes):
        who = rng.choice(people)
        about = rng.choice([p for p in people if p != who] + [org])
        content = f"The {words(rng, 12)} with {about} must continue in round {q}"
        start = sum(len(p) for p in parts) + 1
        parts.append(f'"{content}," ')
        src_start = sum(len(p) for p in parts)
        parts.append(f"{who} said. ")
        e = ents[who]
        e["mentions"].append({"start": src_start, "end": src_start + len(who), "text": who})
        cstart = start
        about_at = cstart + content.index(about)
        ents[about]["mentions"].append(
            {"start": about_at, "end": about_at + len(about), "text": about}
        )
        quotes.append(
            {
                "id": f"Q{q + 1}",
                "kind": "direct",
                "cue": {
                    "start": src_start + len(who) + 1,
                    "end": src_start + len(who) + 5,
                    "text": "said",
                },
                "sources": [{"start": src_start, "end": src_start + len(who), "text": who}],
                "contents": [{"start": cstart, "end": cstart + len(content), "text": content}],
                "speaker": {"entity": e["id"], "name": who, "type": "PERSON"},
                "confidence": 0.9,
            }
        )
    parts.append(words(rng, 200))
    text = "".join(parts)
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    return {
        "id": f"a{i}",
        "text": text,
        "quotes": quotes,
        "entities": [e for e in ents.values() if e["mentions"]],
        "warnings": [],
        "meta": {
            "outlet": rng.choice(OUTLETS),
            "published": f"{2020 + i % 5}-{month:02d}-{day:02d}",
            "title": f"Report {i}",
        },
    }


def raw_baseline(records: list[dict[str, Any]], path: Path) -> tuple[float, float]:
    """Plain sqlite3 executemany of the same rows into bare tables, one transaction."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.executescript(
        "CREATE TABLE a(id TEXT PRIMARY KEY, text TEXT, outlet TEXT, published TEXT);"
        "CREATE TABLE e(a TEXT, id TEXT, name TEXT, type TEXT, PRIMARY KEY(a, id));"
        "CREATE TABLE m(a TEXT, e TEXT, s INT, t INT, x TEXT, PRIMARY KEY(a, e, s));"
        "CREATE TABLE q(id TEXT PRIMARY KEY, a TEXT, content TEXT, speaker TEXT);"
        "CREATE TABLE sp(q TEXT, role TEXT, seq INT, s INT, t INT, x TEXT,"
        " PRIMARY KEY(q, role, seq));"
    )
    from saidwhat.ids import content_hash

    t0, c0 = time.perf_counter(), time.process_time()

    A, E, M, Q, S = [], [], [], [], []
    for r in records:
        aid = content_hash(r["text"])
        A.append((aid, r["text"], r["meta"]["outlet"], r["meta"]["published"]))
        for e in r["entities"]:
            E.append((aid, e["id"], e["name"], e["type"]))
            for m in e["mentions"]:
                M.append((aid, e["id"], m["start"], m["end"], m["text"]))
        for q in r["quotes"]:
            qid = f"{aid}:{q['id']}"
            Q.append((qid, aid, " … ".join(c["text"] for c in q["contents"]), q["speaker"]["name"]))
            for k, s in enumerate(q["sources"]):
                S.append((qid, "source", k, s["start"], s["end"], s["text"]))
            for k, s in enumerate(q["contents"]):
                S.append((qid, "content", k, s["start"], s["end"], s["text"]))
    with con:
        con.executemany("INSERT OR IGNORE INTO a VALUES (?,?,?,?)", A)
        con.executemany("INSERT OR IGNORE INTO e VALUES (?,?,?,?)", E)
        con.executemany("INSERT OR IGNORE INTO m VALUES (?,?,?,?,?)", M)
        con.executemany("INSERT OR IGNORE INTO q VALUES (?,?,?,?)", Q)
        con.executemany("INSERT OR IGNORE INTO sp VALUES (?,?,?,?,?,?)", S)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    con.close()
    return dt, cpu


def timed_ingest(
    url: str, records: list[dict[str, Any]], *, expect: int | None = None
) -> tuple[float, float]:
    """Wall-clock and CPU seconds (this process) of ``write_articles``."""
    from saidwhat.store import open_store
    from saidwhat.store.write import write_articles

    store = open_store(url)
    t0, c0 = time.perf_counter(), time.process_time()
    stats = write_articles(store, records, batch_size=500)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert stats.written == (len(records) if expect is None else expect), stats
    store.close()
    return dt, cpu


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def query_latency(url: str, n_statements: int, rng: random.Random, label: str) -> None:
    from saidwhat.store import open_store, query
    from saidwhat.store.write import write_articles

    store = open_store(url)
    have = query.stats(store)["quotes"]
    i = 10_000_000
    batch: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    while have < n_statements:
        batch.append(make_article(rng, i))
        i += 1
        have += 5
        if len(batch) == 2000:
            write_articles(store, batch, batch_size=500)
            batch = []
    if batch:
        write_articles(store, batch, batch_size=500)
    build = time.perf_counter() - t0
    s = query.stats(store)
    speakers = query.list_speakers(store, limit=400)
    quote_ids = [q["id"] for q in query.search_quotes(store, limit=200)]

    def run(fn: Any, n: int = 200) -> list[float]:
        out = []
        for _ in range(n):
            t = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t) * 1000)
        return out

    cases = {
        "search q=frequent word": lambda: query.search_quotes(
            store, QuoteFilters(q=rng.choice(WORDS[:5]))
        ),
        "search q=word": lambda: query.search_quotes(
            store, QuoteFilters(q=rng.choice(QUERY_WORDS))
        ),
        "search q=2 words": lambda: query.search_quotes(
            store, QuoteFilters(q=f"{rng.choice(WORDS[:5])} {rng.choice(QUERY_WORDS)}")
        ),
        "search speaker+q": lambda: query.search_quotes(
            store, QuoteFilters(speaker=rng.choice(speakers)["name"], q=rng.choice(QUERY_WORDS))
        ),
        "search speaker only": lambda: query.search_quotes(
            store, QuoteFilters(speaker=rng.choice(speakers)["name"])
        ),
        "search about+since+outlet": lambda: query.search_quotes(
            store,
            QuoteFilters(about=rng.choice(ORGS), since="2022-01-01", outlet=rng.choice(OUTLETS)),
        ),
        "speaker page": lambda: query.get_speaker(store, rng.choice(speakers)["id"]),
        "list speakers": lambda: query.list_speakers(store, limit=50),
    }
    base = run(lambda: query.get_quote(store, rng.choice(quote_ids)))
    print(
        f"\n[{label}] store of {s['quotes']:,} statements, {s['articles']:,} articles, "
        f"{s['speakers']:,} speakers (built in {build:.0f}s)"
    )
    print(f"  baseline get_quote by key: p50 {pct(base, 50):.2f} ms  p95 {pct(base, 95):.2f} ms")
    for name, fn in cases.items():
        fn()  # warm
        xs = run(fn)
        print(
            f"  {name:<26} p50 {pct(xs, 50):7.2f} ms  p95 {pct(xs, 95):7.2f} ms"
            f"  ({pct(xs, 95) / max(pct(base, 95), 1e-6):.1f}x baseline p95)"
        )
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=5000, help="articles for the ingest figure")
    ap.add_argument("--statements", type=int, default=100_000, help="statements for queries")
    ap.add_argument("--pg", default=os.environ.get("SAIDWHAT_TEST_PG"), help="PostgreSQL URL")
    ap.add_argument("--keep", help="keep the SQLite query store at this path")
    args = ap.parse_args()
    rng = random.Random(42)
    records = [make_article(rng, i) for i in range(args.articles)]
    nq = sum(len(r["quotes"]) for r in records)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        base, base_cpu = raw_baseline(records, Path(tmp) / "raw.db")
        n = len(records)
        print(
            f"ingest (no NLP), {n:,} articles / {nq:,} statements "
            "(articles per wall-clock second / per CPU second of this process):"
        )
        print(f"  raw executemany baseline : {n / base:8.0f} /s wall  {n / base_cpu:8.0f} /s CPU")
        dt, cpu = timed_ingest(str(Path(tmp) / "store.db"), records)
        print(
            f"  SQLite write_articles    : {n / dt:8.0f} /s wall  {n / cpu:8.0f} /s CPU"
            f"  ({dt / base:.1f}x the baseline's wall time)"
        )
        dt2, cpu2 = timed_ingest(str(Path(tmp) / "store.db"), records, expect=0)
        print(f"  SQLite re-ingest (skip)  : {n / dt2:8.0f} /s wall  {n / cpu2:8.0f} /s CPU")
        pg_url = None
        if args.pg:
            import sqlalchemy as sa

            from saidwhat.store.db import normalize_url

            schema = f"bench_{uuid.uuid4().hex[:8]}"
            eng = sa.create_engine(normalize_url(args.pg))
            with eng.begin() as c:
                c.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            sep = "&" if "?" in args.pg else "?"
            pg_url = f"{args.pg}{sep}options=-csearch_path%3D{schema}"
            try:
                dtp, cpup = timed_ingest(pg_url, records)
                print(
                    f"  PostgreSQL write_articles: {n / dtp:8.0f} /s wall  {n / cpup:8.0f} /s CPU"
                    f"  ({dtp / base:.1f}x the baseline's wall time; server CPU not counted)"
                )
            except Exception:
                with eng.begin() as c:
                    c.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
                raise
        qpath = args.keep or str(Path(tmp) / "query.db")
        query_latency(qpath, args.statements, random.Random(7), "SQLite")
        if pg_url:
            try:
                query_latency(pg_url, args.statements, random.Random(7), "PostgreSQL")
            finally:
                with eng.begin() as c:
                    c.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
                eng.dispose()


if __name__ == "__main__":
    main()
