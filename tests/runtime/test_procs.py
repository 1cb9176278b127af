"""Watching worker processes: children of a process, running or not, orphans of a kill."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from saidwhat.runtime.procs import child_pids, is_running, orphans_of_kill

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")

# a parent that starts a child which does not die with it, and says the child's pid
_PARENT = (
    "import subprocess, sys, time\n"
    "c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
    "print(c.pid, flush=True)\n"
    "time.sleep(60)\n"
)


def test_a_child_is_seen_then_reported_as_an_orphan_of_a_kill() -> None:
    parent = subprocess.Popen([sys.executable, "-c", _PARENT], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert child in child_pids(parent.pid) and is_running(child)
    assert orphans_of_kill(parent, [child], grace=1.0) == [child]  # killed, then reported
    assert not is_running(parent.pid)


def test_this_process_runs_and_a_pid_past_the_largest_does_not() -> None:
    assert is_running(os.getpid())
    assert not is_running(2**22 + 12345)  # past Linux's largest pid (pid_max <= 2**22)
