"""Worker processes die with their parent.

A pool's workers are the parent's children; when the parent is killed
(``kill -9``, out of memory) nobody shuts the pool down, and its workers would
live on holding hundreds of MB, SQLite descriptors or database connections.
Every pool initializer (``extract_many``, ``batch``'s local engine) calls
:func:`die_with_parent`: on Linux the kernel sends the worker SIGKILL when the
parent dies (``prctl(PR_SET_PDEATHSIG)``, effective even while the worker is
busy in C code); elsewhere a daemon thread checks the parent every second.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["child_pids", "die_with_parent", "is_running", "orphans_of_kill"]

_PR_SET_PDEATHSIG = 1


def _watch(parent: int, interval: float) -> None:
    while True:
        time.sleep(interval)
        if os.getppid() != parent:
            os._exit(1)


def die_with_parent(parent: int, *, interval: float = 1.0, watch: bool = False) -> None:
    """Make this (worker) process exit when ``parent``, its parent process, dies.

    Call it first thing in the worker (a pool initializer) with the parent's pid
    as the parent saw it (``os.getpid()`` when the pool was made): if the parent
    is already gone, the worker exits at once.

    ``watch``: use the watcher thread, not ``PR_SET_PDEATHSIG``, which fires when
    the parent's *thread* that started the worker ends: right for a worker started
    from a thread that may end before the process (a server's thread pool).
    """
    armed = False
    if sys.platform.startswith("linux") and not watch:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):  # no libc prctl: fall back to the watcher
            armed = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch, args=(parent, interval), daemon=True).start()


def child_pids(pid: int) -> set[int]:
    """The child processes of ``pid`` (read from Linux ``/proc``; none elsewhere)."""
    out = set()
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
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


def is_running(pid: int) -> bool:
    """Whether process ``pid`` exists and has not exited (a zombie has)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def orphans_of_kill(
    parent: subprocess.Popen[Any], workers: Iterable[int], *, grace: float = 15.0
) -> list[int]:
    """Kill ``parent`` with SIGKILL and give its ``workers`` ``grace`` seconds to exit
    with it: the ones still running then (orphans), killed before they are returned."""
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(timeout=30)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(is_running(w) for w in workers):
        time.sleep(0.2)
    left = [w for w in workers if is_running(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    return left
