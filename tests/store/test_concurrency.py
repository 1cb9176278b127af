"""Concurrent writers into one store (issue 11, items 4 and 5): no error, no duplicate,
the same rows as a sequential run; concurrent creation of a new store."""

from __future__ import annotations

import multiprocessing as mp
import random
from pathlib import Path
from typing import Any

from .conftest import person_article

N_ARTICLES = 300
N_WRITERS = 4


def _articles() -> list[dict[str, Any]]:
    out = []
    for i in range(N_ARTICLES):
        name = f"Person{i % 120} Surname{i % 120}"
        if i % 5 == 4:  # some articles name the speaker by surname only
            rec = person_article(name, f"Statement {i}", mention=f"Surname{i % 120}", id=str(i))
        else:
            rec = person_article(name, f"Statement {i}", roles=["minister"], id=str(i))
        out.append(rec)
    return out


def _writer(url: str, seed: int, batch_size: int, barrier: Any, errors: Any) -> None:
    try:
        from saidwhat.store import open_store
        from saidwhat.store.write import write_articles

        recs = _articles()
        random.Random(seed).shuffle(recs)
        barrier.wait(timeout=60)
        with open_store(url) as store:
            stats = write_articles(store, recs, batch_size=batch_size)
            if stats.errors:
                errors.put(f"writer {seed}: {stats.errors[:3]}")
    except BaseException as exc:  # reported to the test
        errors.put(f"writer {seed}: {type(exc).__name__}: {exc}")


def _rows(url: str) -> dict[str, Any]:
    import sqlalchemy as sa

    from saidwhat.store import open_store
    from saidwhat.store.schema import articles, entities, quote_spans, quotes, speakers

    with open_store(url) as s, s.connect() as c:

        def n(t: Any) -> int:
            return int(c.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())

        return {
            "articles": n(articles),
            "quotes": n(quotes),
            "entities": n(entities),
            "spans": n(quote_spans),
            "speakers": n(speakers),
            "quote_ids": sorted(c.execute(sa.select(quotes.c.id)).scalars()),
            "speaker_names": sorted(c.execute(sa.select(speakers.c.name)).scalars()),
        }


def _run_writers(url: str, batch_size: int) -> None:
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(N_WRITERS)
    errors = ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(url, seed, batch_size, barrier, errors))
        for seed in range(N_WRITERS)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert not found, found
    assert all(p.exitcode == 0 for p in procs)


def test_concurrent_writers_store_the_rows_of_a_sequential_run(
    store_url: str, tmp_path: Path
) -> None:
    from saidwhat.store import open_store
    from saidwhat.store.write import write_articles

    open_store(store_url).close()
    _run_writers(store_url, batch_size=20)
    got = _rows(store_url)

    seq = str(tmp_path / "sequential.db")
    with open_store(seq) as s:
        write_articles(s, _articles(), batch_size=20)
    want = _rows(seq)
    assert got["articles"] == want["articles"] == N_ARTICLES
    assert got == want


def _opener(url: str, barrier: Any, errors: Any) -> None:
    try:
        from saidwhat.store import open_store

        barrier.wait(timeout=60)
        open_store(url).close()
    except BaseException as exc:
        errors.put(f"{type(exc).__name__}: {exc}")


def test_concurrent_creation_of_a_new_sqlite_store(tmp_path: Path) -> None:
    ctx = mp.get_context("fork")
    for round_ in range(3):
        url = str(tmp_path / f"new{round_}.db")
        barrier = ctx.Barrier(4)
        errors = ctx.Queue()
        procs = [ctx.Process(target=_opener, args=(url, barrier, errors)) for _ in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(timeout=120)
        found = []
        while not errors.empty():
            found.append(errors.get())
        assert not found, found


def test_concurrent_identical_posts_all_succeed(store_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from saidwhat.store import open_store
    from saidwhat.store.write import write_article

    url = store_url
    store = open_store(url)
    rec = person_article("Ahmad Massoud", "We keep fighting", id="1")
    try:
        with ThreadPoolExecutor(20) as pool:
            ids = list(pool.map(lambda _: write_article(store, rec), range(20)))
    finally:
        store.close()
    assert sum(1 for i in ids if i is not None) == 1
    assert _rows(url)["articles"] == 1
