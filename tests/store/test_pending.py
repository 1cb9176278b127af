"""Names a write leaves uncertain are durable, and separate runs give the speakers of
one run (issue 20.2).

A run stopped after its last commit and before its end-of-run ``reconcile`` (kill -9,
Ctrl-C) used to leave split or wrong speakers for good: the rerun found every article
stored and reconciled nothing. The records are ``scripts/chaos.py``'s synthetic
articles with real, overlapping names (Hillary / Bill / "Crooked Hillary" Clinton,
"Obama", George W. / George H. W. Bush, "Joseph" beside Joseph R. Biden Jr., ...).
"""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from saidwhat.cli import main
from saidwhat.store import open_store
from saidwhat.store.write import pending, write_articles

_CHAOS = Path(__file__).resolve().parents[2] / "scripts" / "chaos.py"
_spec = importlib.util.spec_from_file_location("chaos", _CHAOS)
assert _spec is not None and _spec.loader is not None
chaos = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(chaos)

N = 120


def _records() -> list[dict[str, Any]]:
    return [chaos.named_record(i) for i in range(N)]


def _runs(url: str, runs: Sequence[Sequence[dict[str, Any]]], **kw: Any) -> None:
    with open_store(url) as s:
        for recs in runs:
            write_articles(s, recs, batch_size=20, **kw)


def _one_run(tmp: Path) -> dict[str, str]:
    url = str(tmp / "one.db")
    _runs(url, [_records()])
    got, idle = chaos.speaker_map(url)
    assert idle == 0 and len(got) > N
    return got


def test_a_run_stopped_before_reconcile_is_finished_by_the_next(tmp_path: Path) -> None:
    want = _one_run(tmp_path)
    url = str(tmp_path / "stopped.db")
    # every batch committed, the end-of-run reconcile never ran (as after kill -9)
    _runs(url, [_records()], reconcile_after=False)
    with open_store(url) as s:
        assert pending(s)  # the uncertain names are in the store
    stopped, _ = chaos.speaker_map(url)
    assert chaos.map_diff(stopped, want) > 0  # the speakers are wrong until then
    _runs(url, [_records()])  # the rerun: nothing written, the pending names settled
    got, idle = chaos.speaker_map(url)
    assert chaos.map_diff(got, want) == 0 and idle == 0
    with open_store(url) as s:
        assert pending(s) == []


def test_saidwhat_reconcile_finishes_the_work(tmp_path: Path) -> None:
    want = _one_run(tmp_path)
    url = str(tmp_path / "stopped.db")
    _runs(url, [_records()], reconcile_after=False)
    res = CliRunner().invoke(main, ["reconcile", "--db", url], catch_exceptions=False)
    assert res.exit_code == 0 and "pending names" in res.stderr
    got, _ = chaos.speaker_map(url)
    assert chaos.map_diff(got, want) == 0


def test_separate_runs_give_the_speakers_of_one_run(tmp_path: Path) -> None:
    want = _one_run(tmp_path)
    recs = _records()
    shuffled = recs[:]
    random.Random(1).shuffle(shuffled)
    quarters = [shuffled[i::4] for i in range(4)]
    rev = recs[::-1]
    tenths = [rev[i : i + N // 10] for i in range(0, N, N // 10)]
    for name, runs in (("quarters", quarters), ("tenths", tenths)):
        url = str(tmp_path / f"{name}.db")
        _runs(url, runs)
        got, idle = chaos.speaker_map(url)
        assert (name, chaos.map_diff(got, want), idle) == (name, 0, 0)
