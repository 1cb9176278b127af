"""Fixtures for the batch tests: hand-written articles, a WARC made here, a Spark session.

The article texts are invented for the tests (no corpus text is committed).
"""

from __future__ import annotations

import json
import os
import sys
from io import BytesIO
from pathlib import Path

import pytest

QUOTE = "We will rebuild the bridge before winter"

ARTICLES = {
    "bridge": (
        "The city council met on Tuesday to discuss the damaged bridge.\n\n"
        f'"{QUOTE}," Mayor Anna Keller said after the vote.\n\n'
        "Engineers said the repairs would cost about four million dollars."
    ),
    "harbour": (
        "Fishermen in the northern harbour protested against new quotas on Monday.\n\n"
        '"These rules will ruin small boats," said Peter Moss, who leads the local union.\n\n'
        "The ministry said it would review the plan next month."
    ),
    "school": (
        "A new school opened in the valley this week.\n\n"
        "The head teacher, Maria Lopez, said the building had been planned for ten years.\n\n"
        '"The children deserve this," she told reporters.'
    ),
    "rail": (
        "Train services between the two cities were suspended after a storm.\n\n"
        '"Safety comes first," a spokesman for the rail operator said on Sunday.'
    ),
}


def page(title: str, text: str, *, charset_meta: str | None = None) -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{paras}</article><footer>Contact us</footer></body></html>"
    )


@pytest.fixture
def mixed_inputs(tmp_path: Path) -> Path:
    """A directory with .txt, .html and JSONL inputs, one duplicate and one bad line."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "bridge.txt").write_text(ARTICLES["bridge"], encoding="utf-8")
    (d / "harbour.html").write_text(page("Harbour protest", ARTICLES["harbour"]), encoding="utf-8")
    lines = [
        json.dumps({"id": "school-1", "text": ARTICLES["school"], "url": "https://ex.org/school"}),
        json.dumps({"text": ARTICLES["rail"], "title": "Storm stops trains"}),
        json.dumps({"id": "bridge-again", "text": ARTICLES["bridge"]}),  # duplicate of bridge.txt
        "{not json",
    ]
    (d / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / ".hidden.txt").write_text("never read", encoding="utf-8")
    return d


def write_warc(path: Path, *, gz: bool) -> dict[str, str]:
    """A WARC with good pages, non-HTML and non-200 responses, a page in a broken
    encoding, a slightly broken one, and a truncated last record.

    Returns the target URIs by role.
    """
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    uris = {
        "good": "https://news.example/bridge",
        "latin1": "https://news.example/harbour",
        "png": "https://news.example/logo.png",
        "missing": "https://news.example/gone",
        "broken": "https://news.example/broken",
        "slightly": "https://news.example/school",
        "truncated": "https://news.example/rail",
    }

    def response(w: WARCWriter, uri: str, body: bytes, ctype: str, status: str = "200 OK"):
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        return w.create_warc_record(
            uri,
            "response",
            payload=BytesIO(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2024-03-05T10:00:00Z"},
        )

    buf = BytesIO()
    w = WARCWriter(buf, gzip=gz)
    w.write_record(w.create_warcinfo_record(path.name, {"software": "saidwhat tests"}))
    good = page("Bridge vote", ARTICLES["bridge"]).encode("utf-8")
    w.write_record(response(w, uris["good"], good, "text/html; charset=utf-8"))
    w.write_record(
        w.create_warc_record(uris["good"], "request", payload=BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
    )
    latin = page(
        "Harbour protest Café",
        ARTICLES["harbour"] + "\n\nThe café was full.",
        charset_meta="windows-1252",
    )
    w.write_record(response(w, uris["latin1"], latin.encode("cp1252"), "text/html"))
    w.write_record(response(w, uris["png"], b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"))
    w.write_record(response(w, uris["missing"], good, "text/html", status="404 Not Found"))
    # Declared UTF-8 but most bytes are not: undecodable.
    broken = (
        b"<html><body><p>"
        + "caf\u00e9 d\u00e9j\u00e0 ".encode("latin-1") * 80
        + b"</p></body></html>"
    )
    w.write_record(response(w, uris["broken"], broken, "text/html; charset=utf-8"))
    # One stray byte in a long UTF-8 page: repaired with a warning.
    slightly = (
        page("New school", ARTICLES["school"])
        .encode("utf-8")
        .replace(b"this week", b"this \xff week")
    )
    w.write_record(response(w, uris["slightly"], slightly, "text/html; charset=utf-8"))
    w.write_record(
        response(w, uris["truncated"], page("Storm", ARTICLES["rail"] * 5).encode(), "text/html")
    )
    data = buf.getvalue()
    path.write_bytes(data[:-200])  # cut into the last record
    return uris


@pytest.fixture
def warc_file(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "crawl.warc.gz"
    return path, write_warc(path, gz=True)


@pytest.fixture(scope="session")
def spark():
    """One local[2] Spark session for all Spark tests (start-up is slow)."""
    pytest.importorskip("pyspark")
    if not any(Path(p, "java").exists() for p in os.environ.get("PATH", "").split(os.pathsep)):
        pytest.skip("Spark needs Java (java not on PATH)")
    from pyspark.sql import SparkSession

    from saidwhat.batch.spark import spark_conf

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder
    conf = spark_conf("local[2]", progress=False)
    conf["spark.sql.shuffle.partitions"] = "2"
    conf["spark.default.parallelism"] = "2"
    for key, value in conf.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
