"""Hostile and unlucky runs of saidwhat, as a table (issue 11).

Reruns the matrix of the hostile-input probe against the installed
``saidwhat`` command and prints one Markdown row per case::

    .venv/bin/python scripts/chaos.py                      # SQLite only
    .venv/bin/python scripts/chaos.py --pg postgresql://saidwhat@127.0.0.1:5432/postgres

Cases: a malformed record among good ones (ingest; POST below), batch
on bad JSONL, hostile POST bodies and Host headers, 4 concurrent ingests of
the same 300 articles (against a sequential run), concurrent creation of a new
store, kill -9 mid-ingest then a rerun, kill -9 of the parent of ``extract -n
2`` and ``batch -j 2`` (orphaned workers?), 1 MB runs of punctuation; and
(issue 20) on articles with real, overlapping names (:data:`PEOPLE`), comparing
the store's quote -> speaker map with a clean sequential run: lone surrogates in
metadata, separate and reversed runs, kill -9 before the end-of-run reconcile,
pathological texts (time per KB), one bad article under ``--time-limit``,
memory per character, a writer holding the lock 40 s, ``serve --workers 2``.
Each row says ``ok`` or ``FAIL`` and what was seen. Exit status 1 if any failed.
The last run's table is in docs/robustness.md.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from saidwhat.runtime.procs import child_pids, is_running, orphans_of_kill

BIN = Path(sys.executable).with_name("saidwhat")
Row = tuple[str, str, bool, str]


def record(i: int) -> dict[str, Any]:
    """A hand-made extraction record (no model needed)."""
    who = f"Person{i % 40} Lastname{i % 40}"
    said = f"Statement number {i} is here"
    text = f'"{said}," {who} said on Tuesday.'
    a, b = text.index(who), text.index("said on")
    return {
        "id": f"r{i}",
        "text": text,
        "quotes": [
            {
                "id": "Q1",
                "kind": "direct",
                "cue": {"start": b, "end": b + 4, "text": "said"},
                "sources": [{"start": a, "end": a + len(who), "text": who}],
                "contents": [{"start": 1, "end": 1 + len(said), "text": said}],
                "speaker": {"entity": "E1", "name": who, "type": "PERSON"},
                "confidence": 0.9,
            }
        ],
        "entities": [
            {
                "id": "E1",
                "name": who,
                "type": "PERSON",
                "roles": ["official"],
                "affiliations": [],
                "mentions": [{"start": a, "end": a + len(who), "text": who}],
            }
        ],
        "warnings": [],
    }


#: People whose names overlap as on real news: one surname for several people, bare
#: surnames and given names, honorifics and epithets the NER keeps, middle initials.
PEOPLE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Hillary Clinton", ("secretary of state",)),
    ("Hillary Rodham Clinton", ()),
    ("Crooked Hillary Clinton", ()),
    ("Bill Clinton", ("former president",)),
    ("Chelsea Clinton", ()),
    ("Clinton", ()),
    ("Clinton", ("secretary of state",)),
    ("Barack Obama", ("president",)),
    ("Michelle Obama", ("first lady",)),
    ("Obama", ()),
    ("Obama", ("president",)),
    ("George W. Bush", ("former president",)),
    ("George H. W. Bush", ()),
    ("George Bush", ()),
    ("Jeb Bush", ("governor",)),
    ("Bush", ()),
    ("Joseph R. Biden Jr.", ("vice president",)),
    ("Joe Biden", ()),
    ("Biden", ()),
    ("Joseph", ()),
    ("Jill Biden", ()),
    ("Donald Trump", ("candidate",)),
    ("Donald J. Trump", ()),
    ("Trump", ()),
    ("Donald Trump Jr.", ()),
    ("Melania Trump", ()),
)
_TOPICS = ("taxes", "the border", "trade", "health care", "the budget", "the election")


def named_record(i: int) -> dict[str, Any]:
    """A hand-made extraction record naming one to three of :data:`PEOPLE` (picked by
    ``i``), each with one quote: real, overlapping names (no news text)."""
    import random

    rnd = random.Random(i)
    people = rnd.sample(PEOPLE, rnd.randint(1, 3))
    text, ents, quotes = "", [], []
    for k, (who, roles) in enumerate(people, start=1):
        said = f"We will talk about {rnd.choice(_TOPICS)} in week {i}-{k}"
        part = f'"{said}," {who} said. '
        base = len(text)
        text += part
        a = base + part.index(who, len(said) + 2)
        c = base + part.index("said.", len(said) + 2)
        span = {"start": a, "end": a + len(who), "text": who}
        ents.append(
            {
                "id": f"E{k}",
                "name": who,
                "type": "PERSON",
                "roles": list(roles),
                "affiliations": [],
                "mentions": [span],
            }
        )
        quotes.append(
            {
                "id": f"Q{k}",
                "kind": "direct",
                "cue": {"start": c, "end": c + 4, "text": "said"},
                "sources": [span],
                "contents": [{"start": base + 1, "end": base + 1 + len(said), "text": said}],
                "speaker": {"entity": f"E{k}", "name": who, "type": "PERSON"},
                "confidence": 0.9,
            }
        )
    return {"id": f"n{i}", "text": text.strip(), "quotes": quotes, "entities": ents}


def speaker_map(url: str, rename: dict[str, str] | None = None) -> tuple[dict[str, str], int]:
    """The store's quote -> speaker map (quote by article and local id, speaker by its
    name and the other quotes it holds), and the number of speaker rows without a quote;
    ``rename``: article ids to read as others."""
    import sqlalchemy as sa

    from saidwhat.store import open_store
    from saidwhat.store.schema import articles, quotes, speakers

    with open_store(url) as s, s.connect() as c:
        rows = c.execute(
            sa.select(
                articles.c.source_id, quotes.c.local_id, quotes.c.speaker_id, speakers.c.name
            ).select_from(
                quotes.join(articles, articles.c.id == quotes.c.article_id).outerjoin(
                    speakers, speakers.c.id == quotes.c.speaker_id
                )
            )
        ).all()
        idle = c.execute(
            sa.select(sa.func.count())
            .select_from(speakers)
            .where(~sa.exists().where(quotes.c.speaker_id == speakers.c.id))
        ).scalar()
    rows = [((rename or {}).get(aid, aid), lid, sid, name) for aid, lid, sid, name in rows]
    held: dict[Any, list[str]] = {}
    for aid, lid, sid, _ in rows:
        held.setdefault(sid, []).append(f"{aid}:{lid}")
    out = {
        f"{aid}:{lid}": f"{name} {sorted(held[sid])[0]}" if sid is not None else "-"
        for aid, lid, sid, name in rows
    }
    return out, int(idle or 0)


def map_diff(got: dict[str, str], want: dict[str, str]) -> int:
    """Quotes whose speaker differs between two stores' maps (missing ones count)."""
    return sum(got.get(k) != v for k, v in want.items()) + len(set(got) - set(want))


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(x + "\n" for x in lines), encoding="utf-8")
    return path


#: The start of a measuring snippet: the engine loaded and warmed up on a short text.
ENGINE = (
    "import json, time\n"
    "from saidwhat.engine import get_engine\n"
    "from saidwhat.readers import ArticleInput\n"
    "e = get_engine(); e.extract(ArticleInput(id='w', text='Hi, he said.'))\n"
)


def python_json(code: str, *args: str, timeout: float = 900) -> Any:
    """Run ``code`` in a fresh interpreter (with ``args``); the JSON of its last line."""
    r = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return json.loads(r.stdout.strip().splitlines()[-1])


def run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def counts(url: str) -> tuple[int, int, int]:
    from saidwhat.store import open_store
    from saidwhat.store.query import stats

    with open_store(url) as s:
        st = stats(s)
    return int(st["articles"]), int(st["quotes"]), int(st.get("speakers") or 0)


class Chaos:
    def __init__(self, tmp: Path, pg: str | None) -> None:
        self.tmp = tmp
        self.pg = pg
        self.rows: list[Row] = []

    def store(self, backend: str) -> str:
        if backend == "sqlite":
            return str(self.tmp / f"s-{uuid.uuid4().hex[:8]}.db")
        import sqlalchemy as sa

        from saidwhat.store.db import normalize_url

        assert self.pg
        name = f"chaos_{uuid.uuid4().hex[:10]}"
        eng = sa.create_engine(normalize_url(self.pg))
        with eng.begin() as c:
            c.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        eng.dispose()
        sep = "&" if "?" in self.pg else "?"
        return f"{self.pg}{sep}options=-csearch_path%3D{name}"

    def backends(self) -> list[str]:
        return ["sqlite", "postgresql"] if self.pg else ["sqlite"]

    def case(self, name: str, backend: str, fn: Callable[[], tuple[bool, str]]) -> None:
        t0 = time.perf_counter()
        try:
            ok, detail = fn()
        except Exception as exc:  # a crash of the case is a failure of it
            ok, detail = False, f"{type(exc).__name__}: {exc}"[:200]
        detail = f"{detail} ({time.perf_counter() - t0:.1f} s)"
        self.rows.append((name, backend, ok, detail))
        print(f"{'ok  ' if ok else 'FAIL'} {name} [{backend}]: {detail}", file=sys.stderr)

    # -- cases ------------------------------------------------------------------------------

    def malformed_record(self, backend: str) -> tuple[bool, str]:
        lines = [json.dumps(record(i)) for i in range(50)]
        bad = {"id": "a", "text": '"Hi," Bob Jones said.', "quotes": [{"id": "Q1"}]}
        lines.insert(25, json.dumps(bad | {"entities": []}))
        src = write_jsonl(self.tmp / f"bad-{backend}.jsonl", lines)
        url = self.store(backend)
        r = run("ingest", str(src), "--db", url, "--no-progress")
        n = counts(url)[0]
        ok = n == 50 and "[E059]" in r.stderr and "Traceback" not in r.stderr
        return ok, f"exit {r.returncode}, {n}/50 good records stored, E059 for the bad one"

    def batch_bad_jsonl(self) -> tuple[bool, str]:
        src = write_jsonl(
            self.tmp / "hostile.jsonl",
            [
                r'{"text": "\ud800 x, she said."}',
                "[" * 100_000,
                '{"id": ["list"], "text": "Hi there, he said."}',
                '{"text": ""}',
                json.dumps({"id": "ok", "text": '"We won," Bob Jones said.'}),
            ],
        )
        out = self.tmp / "batch-out"
        r = run("batch", str(src), "-o", str(out), "-j", "1", "--no-progress")
        from saidwhat.batch.output import read_errors, read_output

        arts = len(list(read_output(out)))
        errs = len(read_errors(out))
        ok = arts == 2 and errs == 3 and (out / "runs.jsonl").exists()
        ok = ok and "Traceback" not in r.stderr
        return ok, f"exit {r.returncode}, {arts} articles, {errs} errors-table rows, runs.jsonl"

    def post_hostile(self) -> tuple[bool, str]:
        from fastapi.testclient import TestClient

        from saidwhat.web.app import create_app

        token = "chaos-token-0123456789"
        app = create_app(self.store("sqlite"), token=token, allowed_hosts=[])
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        bad_rec = record(1)
        del bad_rec["quotes"][0]["kind"]
        bodies = {
            "nested": b"[" * 100_000,
            "surrogate": b'{"text": "\\ud800 We will win, Bob Jones said."}',
            "no kind": json.dumps(bad_rec).encode(),
            "long name": json.dumps(
                record(2) | {"entities": [record(2)["entities"][0] | {"name": "N" * 5000}]}
            ).encode(),
        }
        seen = []
        with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
            for name, body in bodies.items():
                seen.append((name, c.post("/api/articles", content=body, headers=auth).status_code))
            seen.append(
                ("Host evil", c.get("/api/stats", headers={"Host": "evil.test"}).status_code)
            )
        ok = all(s < 500 for _, s in seen) and dict(seen)["Host evil"] == 400
        return ok, ", ".join(f"{n} {s}" for n, s in seen)

    def concurrent_ingests(self, backend: str) -> tuple[bool, str]:
        lines = [json.dumps(record(i)) for i in range(300)]
        src = write_jsonl(self.tmp / f"c-{backend}.jsonl", lines)
        url = self.store(backend)
        procs = [
            subprocess.Popen(
                [str(BIN), "ingest", str(src), "--db", url, "--no-progress", "--batch-size", "20"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        codes = [p.wait(timeout=600) for p in procs]
        errs = [p.stderr.read() if p.stderr else "" for p in procs]
        got = counts(url)
        seq = self.store("sqlite")
        run("ingest", str(src), "--db", seq, "--no-progress", "--batch-size", "20")
        want = counts(seq)
        ok = codes == [0] * 4 and got == want and not any("Error" in e for e in errs)
        return ok, f"exits {codes}, (articles, quotes, speakers) {got} vs sequential {want}"

    def concurrent_create(self) -> tuple[bool, str]:
        src = write_jsonl(self.tmp / "create.jsonl", [json.dumps(record(i)) for i in range(20)])
        fails = 0
        for i in range(5):
            url = str(self.tmp / f"new{i}.db")
            procs = [
                subprocess.Popen(
                    [str(BIN), "ingest", str(src), "--db", url, "--no-progress"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(3)
            ]
            fails += sum(p.wait(timeout=600) != 0 for p in procs)
        return fails == 0, f"{fails} of 15 ingests into 5 new files failed"

    def kill_ingest(self, backend: str) -> tuple[bool, str]:
        n = 10_000
        lines = [json.dumps(record(i)) for i in range(n)]
        src = write_jsonl(self.tmp / f"k-{backend}.jsonl", lines)
        url = self.store(backend)
        p = subprocess.Popen(
            [str(BIN), "ingest", str(src), "--db", url, "--no-progress", "--batch-size", "50"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        open_store_ready = time.monotonic() + 120
        time.sleep(1)
        while time.monotonic() < open_store_ready and p.poll() is None:
            try:
                if counts(url)[0] >= 200:  # killed mid-run, some batches written
                    break
            except Exception:  # the store is still being created
                pass
            time.sleep(0.1)
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        mid = counts(url)[0]
        r = run("ingest", str(src), "--db", url, "--no-progress")
        end = counts(url)
        ok = r.returncode == 0 and end[0] == n and end[1] == n and 0 < mid < n
        return ok, f"{mid} articles at the kill, {end[0]} after the rerun (want {n})"

    def orphans(self, what: str) -> tuple[bool, str]:
        src = self.tmp / "slow.jsonl"
        line = '{"text": "\\"We will win,\\" Bob Jones said. \\"It is over,\\" Ann Lee said."}'
        write_jsonl(src, [line.replace("win", f"win {i}") for i in range(3000)])
        if what == "extract":
            args = ["extract", str(src), "-n", "2", "-o", str(self.tmp / "o.jsonl")]
        else:
            args = [
                "batch",
                str(src),
                "-o",
                str(self.tmp / f"ob-{uuid.uuid4().hex[:6]}"),
                "-j",
                "2",
            ]
        p = subprocess.Popen(
            [str(BIN), *args, "--no-progress"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        workers: set[int] = set()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(workers) < 2:
            workers = child_pids(p.pid)
            time.sleep(0.2)
        left = orphans_of_kill(p, workers)
        return bool(workers) and not left, f"{len(workers)} workers, {len(left)} left running"

    def punctuation(self) -> tuple[bool, str]:
        code = ENGINE + (
            "out = {}\n"
            "for u in ')&!-':\n"
            "    t0 = time.perf_counter()\n"
            "    e.extract(ArticleInput(id='x', text='\"Hi,\" Bob said. ' + u * 1_000_000))\n"
            "    out[u] = round(time.perf_counter() - t0, 2)\n"
            "print(json.dumps(out))\n"
        )
        times = python_json(code, timeout=600)
        return max(times.values()) <= 5, ", ".join(f"{u} {t} s" for u, t in times.items())

    # -- issue 20: speakers compared with a clean sequential run ----------------------------

    def named(self, name: str, n: int, *, raw: bool = False) -> Path:
        """``n`` records of :func:`named_record` (``raw``: their texts only, to extract)."""
        recs = [named_record(i) for i in range(n)]
        if raw:
            recs = [{"id": r["id"], "title": f"Title {r['id']}", "text": r["text"]} for r in recs]
        return write_jsonl(self.tmp / name, [json.dumps(r) for r in recs])

    def clean_map(self, src: Path, *extra: str) -> dict[str, str]:
        url = self.store("sqlite")
        r = run("ingest", str(src), "--db", url, "--no-progress", *extra)
        assert r.returncode == 0, r.stderr[-500:]
        return speaker_map(url)[0]

    def surrogates(self) -> tuple[bool, str]:
        lines = self.named("sur.jsonl", 100, raw=True).read_text().splitlines()
        rec = json.loads(lines[40])
        clean = write_jsonl(self.tmp / "sur-clean.jsonl", lines)
        lines[40] = json.dumps(rec).replace(f'"{rec["id"]}"', '"s\\ud800id"')
        lines[40] = lines[40].replace(f'"{rec["title"]}"', '"T\\udfff"')
        src = write_jsonl(self.tmp / "sur-bad.jsonl", lines)
        want = self.clean_map(clean)
        url = self.store("sqlite")
        r = run("ingest", str(src), "--db", url, "--no-progress")
        got, _ = speaker_map(url, rename={"s\ufffdid": rec["id"]})
        r2 = run("extract", str(src), "-o", str(self.tmp / "sur.out.jsonl"))
        n_out = len((self.tmp / "sur.out.jsonl").read_text().splitlines())
        arts = []
        for fmt in ("parquet", "jsonl"):
            out = self.tmp / f"sur-batch-{fmt}"
            run("batch", str(src), "-o", str(out), "-j", "1", "--format", fmt, "--no-progress")
            from saidwhat.batch.output import read_output

            arts.append(len(list(read_output(out))))
        diff = map_diff(got, want)
        ok = r.returncode == 0 and r2.returncode == 0 and n_out == 100 and arts == [100, 100]
        ok = ok and diff == 0 and "Traceback" not in r.stderr + r2.stderr
        return ok, (
            f"ingest exit {r.returncode}, {len(got)} quotes, {diff} speakers differ from a clean "
            f"run; extract {n_out}/100; batch parquet, jsonl {arts[0]}, {arts[1]}/100"
        )

    def separate_runs(self, backend: str) -> tuple[bool, str]:
        import random

        n = 300
        recs = [json.dumps(named_record(i)) for i in range(n)]
        want = self.clean_map(write_jsonl(self.tmp / "all.jsonl", recs))
        shuffled = recs[:]
        random.Random(7).shuffle(shuffled)
        seen = []
        for name, parts in (
            ("4 shuffled quarters", [shuffled[i::4] for i in range(4)]),
            ("10 reversed runs", [recs[::-1][i : i + n // 10] for i in range(0, n, n // 10)]),
        ):
            url = self.store(backend)
            for k, part in enumerate(parts):
                src = write_jsonl(self.tmp / f"part-{backend}-{k}.jsonl", part)
                run("ingest", str(src), "--db", url, "--no-progress", "--batch-size", "20")
            got, idle = speaker_map(url)
            seen.append((name, map_diff(got, want), idle))
        ok = all(d == 0 and i == 0 for _, d, i in seen)
        return ok, "; ".join(f"{nm}: {d} quotes differ, {i} idle speakers" for nm, d, i in seen)

    def kill_before_reconcile(self, backend: str) -> tuple[bool, str]:
        n = 1000
        src = self.named(f"kr-{backend}.jsonl", n)
        want = self.clean_map(src, "--batch-size", "50")
        url = self.store(backend)
        p = subprocess.Popen(
            [str(BIN), "ingest", str(src), "--db", url, "--no-progress", "--batch-size", "50"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # wait for the last batch to be committed: the end-of-run reconcile is all that is left
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and p.poll() is None:
            try:
                if counts(url)[0] >= n:
                    break
            except Exception:  # the store is still being created
                pass
            time.sleep(0.02)
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        from saidwhat.store import open_store
        from saidwhat.store.write import pending

        with open_store(url) as st:
            left = len(pending(st))
        mid, _ = speaker_map(url)
        r = run("ingest", str(src), "--db", url, "--no-progress")
        got, idle = speaker_map(url)
        ok = r.returncode == 0 and map_diff(got, want) == 0 and idle == 0
        return ok, (
            f"killed with {left} names pending, {map_diff(mid, want)} of {len(want)} quotes "
            f"under other speakers; after the rerun {map_diff(got, want)} ({idle} idle speakers)"
        )

    def pathological(self) -> tuple[bool, str]:
        code = ENGINE + (
            "units = {'said that': 'Bob said that ', 'he said': '\" he said ',\n"
            "         'nested': '\"Bob said \u201cAnn said \u2018'}\n"
            "out = {}\n"
            "for name, u in units.items():\n"
            "    for kb in (6, 24, 96):\n"
            "        t = (u * (kb * 1024 // len(u) + 1))[: kb * 1024]\n"
            "        t0 = time.process_time()\n"
            "        e.extract(ArticleInput(id='x', text=t))\n"
            "        out[f'{name} {kb}'] = (time.process_time() - t0) / kb * 1000\n"
            "print(json.dumps(out))\n"
        )
        ms = python_json(code)
        names = ("said that", "he said", "nested")
        growth = {n: ms[f"{n} 96"] / ms[f"{n} 6"] for n in names}
        ok = all(g <= 2.5 for g in growth.values())  # per KB: linear is 1, quadratic 16
        parts = [
            f"{n}: {ms[f'{n} 6']:.0f}/{ms[f'{n} 24']:.0f}/{ms[f'{n} 96']:.0f} ms per KB"
            for n in names
        ]
        return ok, "; ".join(parts) + " at 6/24/96 KB"

    def time_limit(self) -> tuple[bool, str]:
        src = self.tmp / "tl"
        src.mkdir()
        sample = Path(__file__).resolve().parents[1] / "src" / "saidwhat" / "sample"
        news = "\n\n".join(p.read_text("utf-8") for p in sorted(sample.glob("*.txt")))
        (src / "big.txt").write_text((news * 400)[:1_000_000], "utf-8")
        for i in range(4):
            (src / f"a{i}.txt").write_text(named_record(i)["text"], "utf-8")
        seen = []
        for cmd in ("extract", "batch", "ingest"):
            out = self.tmp / f"tl-{cmd}"
            args = {
                "extract": ["extract", str(src), "-o", str(out) + ".jsonl"],
                "batch": ["batch", str(src), "-o", str(out), "-j", "1", "--batch-size", "5"],
                "ingest": ["ingest", str(src), "--db", str(out) + ".db", "--batch-size", "5"],
            }[cmd]
            t0 = time.perf_counter()
            r = run(*args, "--time-limit", "5", "--no-progress")
            dt = time.perf_counter() - t0
            said = r.stderr + r.stdout
            if cmd == "batch":  # batch reports in its errors table
                from saidwhat.batch.output import read_errors

                said = " ".join(str(e["reason"]) for e in read_errors(out))
            seen.append((cmd, dt, "[E060]" in said))
        ok = all(e and dt < 5 * 2 + 30 for _, dt, e in seen)
        return ok, "--time-limit 5, 4 small + 1 MB article: " + ", ".join(
            f"{c} {dt:.0f} s (E060 {'yes' if e else 'no'})" for c, dt, e in seen
        )

    def memory(self) -> tuple[bool, str]:
        code = ENGINE + (
            "import resource, sys, glob\n"
            "rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
            "base = rss()\n"
            "if sys.argv[1] == 'news':\n"
            "    u = '\\n\\n'.join(open(p).read() for p in sorted(glob.glob(sys.argv[3])))\n"
            "else:\n"
            "    u = '! '\n"
            "n = int(sys.argv[2])\n"
            "e.extract(ArticleInput(id='x', text=(u * (n // len(u) + 1))[:n]))\n"
            "print(json.dumps([base, rss()]))\n"
        )
        sample = Path(__file__).resolve().parents[1] / "src" / "saidwhat" / "sample" / "*.txt"
        seen = []
        for kind, n in (("news", 200_000), ("news", 1_000_000), ("bang", 200_000)):
            base, peak = python_json(code, kind, str(n), str(sample))
            seen.append((kind, n, base, peak))
        ok = all(peak < 1500 for *_, peak in seen)
        return ok, "; ".join(
            f"{'news' if k == 'news' else 'marks'} {n // 1000} KB: +{peak - base:.0f} MB "
            f"({(peak - base) * 1024 / n:.2f} KB/char), peak {peak:.0f} MB"
            for k, n, base, peak in seen
        )

    def lock_wait(self) -> tuple[bool, str]:
        import sqlite3

        src = self.named("lw.jsonl", 200)
        first = write_jsonl(self.tmp / "lw0.jsonl", [json.dumps(named_record(1000))])
        both = [*first.read_text().splitlines(), *src.read_text().splitlines()]
        want = self.clean_map(write_jsonl(self.tmp / "lw-all.jsonl", both))
        url = self.store("sqlite")
        run("ingest", str(first), "--db", url, "--no-progress")
        held = sqlite3.connect(url, isolation_level=None)
        held.execute("BEGIN IMMEDIATE")  # another writer's long transaction, 60 s
        p = subprocess.Popen(
            [str(BIN), "ingest", str(src), "--db", url, "--no-progress"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        from fastapi.testclient import TestClient

        from saidwhat.web.app import create_app

        token = "chaos-token-0123456789"
        app = create_app(url, token=token, allowed_hosts=[])
        with TestClient(app, base_url="http://127.0.0.1") as c:
            t0 = time.perf_counter()
            post = c.post(
                "/api/articles",
                json=named_record(2000),
                headers={"Authorization": f"Bearer {token}"},
            )
            post_s = time.perf_counter() - t0
        time.sleep(max(0.0, 60 - post_s))
        held.rollback()
        held.close()
        err = p.communicate(timeout=600)[1]
        got, _ = speaker_map(url)
        ok = p.returncode == 0 and "[W032]" in err and map_diff(got, want) == 0
        ok = ok and post.status_code == 503 and "Retry-After" in post.headers
        return ok, (
            f"ingest waited (W032 shown: {'[W032]' in err}), exit {p.returncode}, "
            f"{map_diff(got, want)} quotes differ; POST {post.status_code} after {post_s:.0f} s "
            f"with Retry-After {post.headers.get('Retry-After')}"
        )

    def serve_workers(self) -> tuple[bool, str]:
        import socket
        import urllib.request

        url = self.store("sqlite")
        run("ingest", str(self.named("sv.jsonl", 5)), "--db", url, "--no-progress")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        p = subprocess.Popen(
            [str(BIN), "serve", "--db", url, "--port", str(port), "--workers", "2"],
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < 2:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                workers = {w for w in child_pids(p.pid) if is_running(w)}
            except OSError:
                pass
            time.sleep(0.2)
        second = run("serve", "--db", url, "--port", str(port), timeout=60)
        left = orphans_of_kill(p, workers)
        early = "[E065]" in second.stderr and "serving" not in second.stderr
        ok = len(workers) >= 2 and not left and early
        return ok, (
            f"{len(workers)} child processes, {len(left)} left after kill -9; a second serve "
            f"on the port: {'E065 before serving' if early else second.stderr.strip()[-80:]}"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg", help="a PostgreSQL URL: run the store cases there too")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        c = Chaos(Path(d), args.pg)
        for b in c.backends():
            c.case(
                "malformed record among 50 good ones (ingest)", b, lambda b=b: c.malformed_record(b)
            )
        c.case("batch on bad JSONL (surrogate, [x100000, list id, empty)", "-", c.batch_bad_jsonl)
        c.case("hostile POST bodies and Host header", "sqlite", c.post_hostile)
        for b in c.backends():
            c.case("4 concurrent ingests of 300 articles", b, lambda b=b: c.concurrent_ingests(b))
        c.case("3 ingests creating one new store (x5)", "sqlite", c.concurrent_create)
        for b in c.backends():
            c.case("kill -9 mid-ingest, rerun", b, lambda b=b: c.kill_ingest(b))
        c.case("kill -9 parent of extract -n 2", "-", lambda: c.orphans("extract"))
        c.case("kill -9 parent of batch -j 2", "-", lambda: c.orphans("batch"))
        c.case("1 MB run of ) & ! - (one article each)", "-", c.punctuation)
        c.case("lone surrogates in id and title (extract, batch, ingest)", "sqlite", c.surrogates)
        for b in c.backends():
            c.case(
                "300 named articles in separate runs vs one run",
                b,
                lambda b=b: c.separate_runs(b),
            )
            c.case(
                "kill -9 after the last commit, before reconcile; rerun",
                b,
                lambda b=b: c.kill_before_reconcile(b),
            )
        c.case("pathological texts: time per KB at 6/24/96 KB", "-", c.pathological)
        c.case("one bad article: --time-limit 5 in extract, batch, ingest", "-", c.time_limit)
        c.case("memory per input character", "-", c.memory)
        c.case("another writer holds the write lock 60 s", "sqlite", c.lock_wait)
        c.case("serve --workers 2: kill -9, port in use", "sqlite", c.serve_workers)
    print("| case | store | result | seen |")
    print("|---|---|---|---|")
    for name, backend, ok, detail in c.rows:
        print(f"| {name} | {backend} | {'ok' if ok else 'FAIL'} | {detail} |")
    return 0 if all(ok for *_, ok, _ in c.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
