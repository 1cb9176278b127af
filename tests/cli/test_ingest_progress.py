"""`saidwhat ingest` progress: a bar with done/total, rate and time left on a terminal;
one summary line otherwise (issue 10)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from saidwhat.cli import main
from saidwhat.cli._progress import count_articles, rate_text


def _record(i: int) -> dict:
    text = f'"Statement number {i}," said Jane Doe.'
    s = text.index("Statement")
    e = text.index(',"')
    n = text.index("Jane Doe")
    return {
        "id": f"d{i}",
        "text": text,
        "quotes": [
            {
                "id": "Q1",
                "kind": "direct",
                "cue": {"start": n - 5, "end": n - 1, "text": "said"},
                "sources": [{"start": n, "end": n + 8, "text": "Jane Doe"}],
                "contents": [{"start": s, "end": e, "text": text[s:e]}],
                "speaker": {"entity": "E1", "name": "Jane Doe", "type": "PERSON"},
                "confidence": 0.9,
            }
        ],
        "entities": [
            {
                "id": "E1",
                "name": "Jane Doe",
                "type": "PERSON",
                "mentions": [{"start": n, "end": n + 8, "text": "Jane Doe"}],
            }
        ],
        "warnings": [],
    }


def _jsonl(path: Path, n: int) -> Path:
    path.write_text("".join(json.dumps(_record(i)) + "\n" for i in range(n)), encoding="utf-8")
    return path


def test_count_articles_reads_lines_and_files_without_parsing(tmp_path: Path) -> None:
    a = _jsonl(tmp_path / "a.jsonl", 5)
    d = tmp_path / "dir"
    d.mkdir()
    (d / "one.txt").write_text("Some text.", encoding="utf-8")
    (d / "two.html").write_text("<p>Other text.</p>", encoding="utf-8")
    (d / "README.md").write_text("not an article", encoding="utf-8")
    _jsonl(d / "more.jsonl", 3)
    assert count_articles([str(a)]) == 5
    assert count_articles([str(a), str(d)]) == 5 + 2 + 3
    assert count_articles(["-"]) is None
    assert rate_text(30, 2.0) == "15.0 articles/s" and rate_text(1, 20.0) == "0.05 articles/s"


def test_without_a_terminal_one_summary_line(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "x.jsonl", 4)
    r = CliRunner().invoke(main, ["ingest", str(src), "--db", str(tmp_path / "s.db")])
    assert r.exit_code == 0, r.output
    lines = [x for x in r.output.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("4 articles written")
    assert "articles/s)" in lines[0]


def test_on_a_terminal_a_bar_with_total_rate_and_time_left(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "x.jsonl", 7)
    leader, follower = pty.openpty()
    env = dict(os.environ, COLUMNS="160", TERM="xterm")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from saidwhat.cli import main; main()",
            "ingest",
            str(src),
            "--db",
            str(tmp_path / "s.db"),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    assert proc.wait(timeout=120) == 0
    os.close(leader)
    text = out.decode("utf-8", "replace")
    assert "7/7" in text and "articles/s" in text and "left" in text, text
    assert "7 articles written" in text
