"""Loopback load test of ``saidwhat serve``: N concurrent clients for at most T seconds.

Builds a temporary SQLite store with synthetic articles (hand-made engine JSON,
no NLP), starts ``saidwhat serve`` as a subprocess on 127.0.0.1, and runs
``--clients`` concurrent clients (asyncio + httpx, one connection each) that
request a mix of pages and JSON endpoints until ``--seconds`` have passed or
``--max-requests`` were sent. Prints requests, errors, throughput and latency
percentiles, and the ratio of the p95 under load to the p95 of a single
client measured in the same run.

    .venv/bin/python scripts/load_test.py                # 50 clients x 30 s
    .venv/bin/python scripts/load_test.py --clients 10 --seconds 5

Exit code 1 when any request failed (non-2xx/404-expected, or a transport error).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

OUTLETS = ["Daily Example", "Kabul Times", "The Sample Post", "Wire Service"]
PEOPLE = [
    ("Ahmad Massoud", "PERSON"),
    ("Jane Doe", "PERSON"),
    ("John Roe", "PERSON"),
    ("Maria Garcia", "PERSON"),
    ("Wei Chen", "PERSON"),
    ("Ana Silva", "PERSON"),
    ("the Interior Ministry", "ORG"),
    ("the United Nations", "ORG"),
]
TOPICS = ["negotiations", "the budget", "the election", "security", "the ceasefire", "trade"]


def synthetic_article(n: int, rng: random.Random) -> dict:
    parts, quotes, mentions = [], [], {}
    pos = 0

    def add(s: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(s)
        pos += len(s)
        return start, pos

    add(f"Report {n}\n\n")
    for q in range(1, rng.randint(2, 5)):
        speaker, typ = rng.choice(PEOPLE)
        target, _ = rng.choice(PEOPLE)
        topic = rng.choice(TOPICS)
        add('"')
        c = add(f"Talks on {topic} with {target} will go on in round {n}-{q}")
        t0 = c[0] + len(f"Talks on {topic} with ")
        add('," ')
        cue = add("said")
        add(" ")
        src = add(speaker)
        add(". ")
        mentions.setdefault(speaker, (typ, []))[1].append(src)
        mentions.setdefault(target, (rng.choice(PEOPLE)[1], []))[1].append((t0, t0 + len(target)))
        quotes.append((c, cue, src, speaker))
    text = "".join(parts)
    ents, eid = [], {}
    for i, (name, (typ, spans)) in enumerate(mentions.items(), start=1):
        eid[name] = f"E{i}"
        ents.append(
            {
                "id": f"E{i}",
                "name": name,
                "type": typ,
                "roles": [],
                "affiliations": [],
                "mentions": [{"start": a, "end": b, "text": text[a:b]} for a, b in spans],
            }
        )
    qs = [
        {
            "id": f"Q{i}",
            "kind": "direct",
            "cue": {"start": cue[0], "end": cue[1], "text": text[cue[0] : cue[1]]},
            "sources": [{"start": src[0], "end": src[1], "text": text[src[0] : src[1]]}],
            "contents": [{"start": c[0], "end": c[1], "text": text[c[0] : c[1]]}],
            "speaker": {"entity": eid[sp], "name": sp, "type": mentions[sp][0]},
            "confidence": 0.9,
        }
        for i, (c, cue, src, sp) in enumerate(quotes, start=1)
    ]
    meta = {
        "title": f"Report {n}",
        "outlet": rng.choice(OUTLETS),
        "published": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    }
    return {
        "id": f"load-{n}",
        "text": text,
        "quotes": qs,
        "entities": ents,
        "warnings": [],
        "meta": meta,
    }


def build_store(path: Path, n_articles: int) -> None:
    from saidwhat.store.db import open_store
    from saidwhat.store.write import write_articles

    rng = random.Random(7)
    with open_store(f"sqlite:///{path}") as store:
        write_articles(store, (synthetic_article(n, rng) for n in range(n_articles)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(base: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"serve exited early with code {proc.returncode}")
        try:
            if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("serve did not come up")


async def discover(base: str) -> list[str]:
    async with httpx.AsyncClient(base_url=base, timeout=10) as c:
        speakers = (await c.get("/api/speakers", params={"per_page": 20})).json()["speakers"]
        hits = (await c.get("/api/search", params={"per_page": 20})).json()["results"]
    sids = [str(s["id"]) for s in speakers]
    aids = sorted({str(h["article_id"]) for h in hits})
    urls = [
        "/",
        "/search?q=negotiations",
        "/search?q=budget&page=2",
        "/network",
        "/speakers",
        "/api/search?q=election",
        "/api/stats",
        "/api/network",
        "/static/style.css",
    ]
    urls += [f"/speakers/{s}" for s in sids[:5]] + [f"/api/speakers/{s}" for s in sids[:5]]
    urls += [f"/articles/{a}" for a in aids[:5]] + [f"/api/articles/{a}" for a in aids[:5]]
    urls += [f"/search?speaker={s}" for s in sids[:3]]
    return urls


BY_ROUTE: dict[int, dict[str, list[float]]] = {}


def route_of(url: str) -> str:
    """``/api/speakers/12`` -> ``/api/speakers/{id}``; query strings dropped."""
    parts = url.split("?")[0].strip("/").split("/")
    if parts[0] == "api":
        return "/api/" + "/".join(parts[1:2]) + ("/{id}" if len(parts) > 2 else "")
    if parts[0] == "static":
        return "/static/{path}"
    return "/" + parts[0] + ("/{id}" if len(parts) > 1 else "")


async def run_clients(
    base: str, urls: list[str], clients: int, seconds: float, max_requests: int
) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    by_route = BY_ROUTE.setdefault(clients, {})
    errors: list[str] = []
    sent = 0
    deadline = time.monotonic() + seconds

    async def client(k: int) -> None:
        nonlocal sent
        rng = random.Random(k)
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as c:
            while time.monotonic() < deadline and sent < max_requests:
                sent += 1
                url = rng.choice(urls)
                t0 = time.perf_counter()
                try:
                    r = await c.get(url)
                    await r.aread()
                    if r.status_code != 200:
                        errors.append(f"{r.status_code} {url}")
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__} {url}")
                latencies.append(time.perf_counter() - t0)
                by_route.setdefault(route_of(url), []).append(latencies[-1])

    t0 = time.monotonic()
    await asyncio.gather(*(client(k) for k in range(clients)))
    return latencies, errors, time.monotonic() - t0


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]
        if len(values) > 1
        else values[0]
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--max-requests", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=1, help="serve --workers")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="saidwhat-load-") as tmp:
        db = Path(tmp) / "load.db"
        t0 = time.perf_counter()
        build_store(db, args.articles)
        print(f"store: {args.articles} synthetic articles in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        exe = Path(sys.executable).with_name("saidwhat")
        cmd = [
            str(exe),
            "serve",
            "--db",
            str(db),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ]
        env = dict(os.environ)
        env.pop("SAIDWHAT_TOKEN", None)
        proc = subprocess.Popen(cmd, env=env, start_new_session=True)
        try:
            wait_up(base, proc)
            urls = asyncio.run(discover(base))
            solo, solo_err, _ = asyncio.run(run_clients(base, urls, 1, min(5.0, args.seconds), 300))
            lat, errors, wall = asyncio.run(
                run_clients(base, urls, args.clients, args.seconds, args.max_requests)
            )
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    errors = solo_err + errors
    print(f"urls in the mix: {len(urls)}")
    print(
        f"single client: {len(solo)} requests, p50 {pct(solo, 50) * 1000:.1f} ms, "
        f"p95 {pct(solo, 95) * 1000:.1f} ms"
    )
    print(
        f"load: {args.clients} clients for {wall:.1f} s: {len(lat)} requests, "
        f"{len(lat) / wall:.0f} req/s, errors {len(errors)}"
    )
    print(
        f"load latency: p50 {pct(lat, 50) * 1000:.1f} ms, p95 {pct(lat, 95) * 1000:.1f} ms, "
        f"max {max(lat, default=0) * 1000:.1f} ms"
    )
    if solo and lat:
        print(f"ratio p95 under load / p95 single client: {pct(lat, 95) / pct(solo, 95):.1f}")
    print("p95 by route under load:")
    for route, values in sorted(BY_ROUTE.get(args.clients, {}).items()):
        print(f"  {route:28s} {len(values):6d} requests  p95 {pct(values, 95) * 1000:7.1f} ms")
    for e in sorted(set(errors))[:10]:
        print("  error:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
