"""Pool workers exit when their parent is killed with SIGKILL (issue 11, item 6)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from saidwhat.runtime.procs import child_pids, orphans_of_kill

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")


def _kill_and_watch(proc: subprocess.Popen[str], min_workers: int) -> None:
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < min_workers:
        workers = child_pids(proc.pid)
        time.sleep(0.2)
    assert len(workers) >= min_workers, workers
    left = orphans_of_kill(proc, workers)
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
