"""Screenshots of the web UI's pages at desktop and phone widths (Chromium via Playwright).

Serves a store with ``saidwhat.web`` on 127.0.0.1 in this process and saves
full-page PNGs of home, search (and its syntax: a phrase, OR, an excluded word, a
prefix, a word form, a facet), speakers, speaker, articles, outlets, article, quote
and network at 1280 and 390 px wide, named ``<page>-<width>.png``. The server gets
a random token so that the pages show their editing forms (nothing is posted).
For each it prints the page's scroll width: more than the window means something
overflows sideways (exit code 1).

    .venv/bin/python scripts/screenshots.py --out shots/              # bundled samples
    .venv/bin/python scripts/screenshots.py --out shots/ ../shared/data/realnews-dev
    .venv/bin/python scripts/screenshots.py --db saidwhat.db --out shots/

Without ``--db`` a temporary store is filled with ``saidwhat ingest`` of the
bundled samples plus any INPUTS (runs the extraction engine). Needs Debian's
``/usr/bin/chromium`` (or ``--chromium``).
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "saidwhat" / "sample"
WIDTHS = (1280, 390)


def ingest(inputs: list[str], db: Path) -> None:
    from click.testing import CliRunner

    from saidwhat.cli import main

    r = CliRunner().invoke(main, ["ingest", *inputs, "--db", str(db), "--no-progress"])
    if r.exit_code not in (0, 1):
        sys.exit(f"ingest failed:\n{r.output}")


def serve(db: str) -> tuple[str, Any]:
    import secrets

    import uvicorn

    from saidwhat.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(db, token=secrets.token_hex(24)),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
        )
    )
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            sys.exit("the server did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def pages(base: str) -> dict[str, str]:
    """The pages to shoot, with ids of the most quoted speaker and its latest statement."""
    import httpx

    speakers = httpx.get(f"{base}/api/speakers", params={"per_page": 1}).json()["speakers"]
    out = {
        "home": "/",
        "speakers": "/speakers",
        "articles": "/articles",
        "outlets": "/outlets",
        "network": "/network",
    }
    if not speakers:
        return out
    sid = speakers[0]["id"]
    rows = httpx.get(f"{base}/api/search", params={"speaker": sid, "per_page": 1}).json()
    row = rows["results"][0]
    words = [w for w in row["content"].split() if w.isalpha() and len(w) > 5] or ["said"]
    w1, w2 = words[0], words[-1]
    pair = " ".join(row["content"].split()[:2])
    out |= {
        "search": f"/search?q={quote_plus(w1)}",
        "search-phrase": f"/search?q={quote_plus(chr(34) + pair + chr(34))}",
        "search-or": f"/search?q={quote_plus(f'{w1} OR {w2}')}",
        "search-not": f"/search?q={quote_plus(f'{w1} -{w2}')}",
        "search-prefix": f"/search?q={quote_plus(w1[:4] + '*')}",
        "search-stem": f"/search?q={quote_plus(w1.lower().rstrip('s') + 's')}",
        "search-facet": f"/search?q={quote_plus(w1)}&speaker={sid}",
        "speaker": f"/speakers/{sid}",
        "article": f"/articles/{row['article_id']}",
        "quote": f"/quotes/{row['id']}",
    }
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="*", help="more articles to ingest besides the samples")
    ap.add_argument("--db", help="an existing store (no ingest)")
    ap.add_argument("--out", default="screenshots", help="output directory")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            path = Path(tmp) / "shots.db"
            ingest([str(SAMPLE), *args.inputs], path)
            db = str(path)
        base, server = serve(db)
        from playwright.sync_api import sync_playwright

        overflow = 0
        try:
            todo = pages(base)
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"]
                )
                for width in WIDTHS:
                    context = browser.new_context(
                        base_url=base, viewport={"width": width, "height": 900}
                    )
                    page = context.new_page()
                    for name, url in todo.items():
                        resp = page.goto(url)
                        scroll = int(page.evaluate("document.documentElement.scrollWidth"))
                        file = out / f"{name}-{width}.png"
                        page.screenshot(path=str(file), full_page=True)
                        bad = scroll > width or resp is None or resp.status != 200
                        overflow += bad
                        status = resp.status if resp else "-"
                        flag = "  OVERFLOW" if scroll > width else ""
                        print(f"{file}  {url}  status {status}  scroll width {scroll}{flag}")
                    context.close()
                browser.close()
        finally:
            server.should_exit = True
    return 1 if overflow else 0


if __name__ == "__main__":
    sys.exit(main())
