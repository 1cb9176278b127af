"""Pool workers exit when their parent is killed with SIGKILL (issue 11, item 6)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # the ppid is the 2nd field after the ")" that ends the command name
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            out.add(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _kill_and_watch(proc: subprocess.Popen[str], min_workers: int) -> None:
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < min_workers:
        workers = _children(proc.pid)
        time.sleep(0.2)
    assert len(workers) >= min_workers, workers
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    left = [w for w in workers if _alive(w)]
    for w in left:  # clean up before failing
        os.kill(w, signal.SIGKILL)
    assert not left, f"orphaned workers: {left}"


_EXTRACT_MANY = r"""
import sys, time
from saidwhat.api import extract_many

def items():
    yield '"We will win," Bob Jones said.'
    yield '"It is over," Ann Lee said.'
    while True:  # the parent stays alive with its pool
        time.sleep(1)
        yield "x"

for res in extract_many(items(), n_process=2, batch_size=1):
    print("got", res.id, flush=True)
"""


@pytest.mark.slow
def test_extract_many_workers_die_with_their_parent() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _EXTRACT_MANY], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("got")
        _kill_and_watch(proc, 2)
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.slow
def test_batch_workers_die_with_their_parent(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    line = '{"text": "\\"We will win,\\" Bob Jones said. \\"It is over,\\" Ann Lee said."}\n'
    with open(src, "w", encoding="utf-8") as fh:
        for i in range(3000):
            fh.write(line.replace("win", f"win {i}"))
    saidwhat = Path(sys.executable).with_name("saidwhat")
    proc = subprocess.Popen(
        [str(saidwhat), "batch", str(src), "-o", str(tmp_path / "out"), "-j", "2", "--no-progress"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        _kill_and_watch(proc, 2)
    finally:
        if proc.poll() is None:
            proc.kill()
