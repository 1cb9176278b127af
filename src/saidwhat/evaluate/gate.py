"""The evaluation gate: pinned minimum figures on a fixed subset of PolNeAR dev.

``gate.json`` (next to this module) lists the article ids scored, the engine
configuration overrides (none: the shipped defaults) and the minimum of each
pinned figure. ``tests/evaluate/test_gate.py`` fails when a figure drops
below its minimum. After improving the engine, raise the minima with::

    python -m saidwhat.evaluate.gate --update

which re-measures and sets each minimum to the measured figure less a margin,
never lowering a minimum unless ``--allow-regression`` is given. Without
``--update`` the command checks and exits 1 on a regression. ``--gate
src/saidwhat/evaluate/gate_accurate.json`` does the same for the accurate tier's
gate (its ``config`` selects the tier).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import Errors, EvaluationError

GATE_PATH = Path(__file__).with_name("gate.json")
#: the accurate tier's gate (``[model] tier = "accurate"``: the span models over
#: all-mpnet-base-v2 states), on a smaller subset: the first two articles of each outlet
ACCURATE_GATE_PATH = Path(__file__).with_name("gate_accurate.json")
#: a pinned minimum sits this far below the figure measured when it was set
DEFAULT_MARGIN = 0.015


@dataclass(frozen=True, slots=True)
class Gate:
    corpus: str
    split: str
    ids: tuple[str, ...]
    minima: Mapping[str, float]
    config: Mapping[str, Any] = field(default_factory=dict)
    margin: float = DEFAULT_MARGIN
    measured: Mapping[str, float] = field(default_factory=dict)
    #: "all" attributions, or "statements": reported actions left out of gold and
    #: prediction alike (docs/evaluation.md)
    scoring: str = "all"

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "split": self.split,
            "scoring": self.scoring,
            "config": dict(self.config),
            "margin": self.margin,
            "minima": dict(sorted(self.minima.items())),
            "measured": dict(sorted(self.measured.items())),
            "ids": list(self.ids),
        }


def load_gate(path: str | Path = GATE_PATH) -> Gate:
    """Read a gate file. Raises EvaluationError [E024] when it is unreadable."""
    try:
        d = json.loads(Path(path).read_text("utf-8"))
        return Gate(
            corpus=str(d["corpus"]),
            split=str(d["split"]),
            ids=tuple(d["ids"]),
            minima={str(k): float(v) for k, v in d["minima"].items()},
            config=dict(d.get("config") or {}),
            margin=float(d.get("margin", DEFAULT_MARGIN)),
            measured={str(k): float(v) for k, v in (d.get("measured") or {}).items()},
            scoring=str(d.get("scoring", "all")),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise EvaluationError(Errors.E024.format(path=path, reason=exc)) from exc


def save_gate(gate: Gate, path: str | Path = GATE_PATH) -> None:
    Path(path).write_text(json.dumps(gate.to_dict(), indent=2) + "\n", encoding="utf-8")


def default_root() -> Path:
    """``$SAIDWHAT_POLNEAR``, else ``$SAIDWHAT_SHARED/data/polnear``, else ``../shared/...``."""
    if os.environ.get("SAIDWHAT_POLNEAR"):
        return Path(os.environ["SAIDWHAT_POLNEAR"])
    repo = Path(__file__).resolve().parents[3]
    shared = Path(os.environ.get("SAIDWHAT_SHARED", repo.parent / "shared"))
    return shared / "data" / "polnear"


def measure(gate: Gate, root: str | Path, *, n_process: int = 1) -> dict[str, Any]:
    """Run the harness on the gate's articles; the result of ``evaluate_corpus``."""
    from .harness import evaluate_corpus

    return evaluate_corpus(
        gate.corpus,
        root,
        split=gate.split,
        ids=gate.ids,
        config=gate.config or None,
        n_process=n_process,
        statements_only=gate.scoring == "statements",
    )


def check(gate: Gate, result: Mapping[str, Any]) -> list[str]:
    """Messages naming every pinned figure below its minimum (empty: the gate passes)."""
    from .scorer import flatten

    figures = flatten(result)
    problems = [
        f"engine failed on article {f['id']}: {f['error']}" for f in result.get("failures", ())
    ]
    for name, minimum in sorted(gate.minima.items()):
        value = figures.get(name)
        if value is None:
            problems.append(f"{name}: not measured (unknown figure)")
        elif value < minimum:
            problems.append(f"{name} = {value:.4f} is below its minimum {minimum:.4f}")
    return problems


def _floor(x: float) -> float:
    return max(0.0, math.floor(x * 1000) / 1000)


def updated(
    gate: Gate, result: Mapping[str, Any], *, allow_regression: bool = False
) -> tuple[Gate, list[str]]:
    """The gate with minima re-pinned ``margin`` below the measured figures.

    A minimum only goes up unless ``allow_regression``. Returns the new gate
    and a description of each change.
    """
    from .scorer import flatten

    figures = flatten(result)
    minima = dict(gate.minima)
    changes = []
    for name, old in sorted(gate.minima.items()):
        if name not in figures:
            continue
        new = _floor(figures[name] - gate.margin)
        if not allow_regression:
            new = max(new, old)
        if new != old:
            changes.append(f"{name}: {old:.3f} -> {new:.3f}")
        minima[name] = new
    measured = {name: figures[name] for name in minima if name in figures}
    return replace(gate, minima=minima, measured=measured), changes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m saidwhat.evaluate.gate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--root", type=Path, default=None, help="PolNeAR directory")
    parser.add_argument("--gate", type=Path, default=GATE_PATH, help="gate file")
    parser.add_argument("--update", action="store_true", help="re-pin the minima upward")
    parser.add_argument(
        "--allow-regression", action="store_true", help="with --update: minima may go down"
    )
    parser.add_argument("-n", "--n-process", type=int, default=1)
    args = parser.parse_args(argv)
    gate = load_gate(args.gate)
    result = measure(gate, args.root or default_root(), n_process=args.n_process)
    from .scorer import flatten

    figures = flatten(result)
    for name in sorted(gate.minima):
        value = figures.get(name, float("nan"))
        print(f"{name:22} {value:.4f}  (minimum {gate.minima[name]:.4f})")
    if args.update:
        if result["failures"]:  # never pin figures measured around an engine crash
            for f in result["failures"]:
                print(f"error: engine failed on article {f['id']}: {f['error']}", file=sys.stderr)
            return 1
        new, changes = updated(gate, result, allow_regression=args.allow_regression)
        save_gate(new, args.gate)
        print("\n".join(changes) if changes else "minima unchanged")
        return 0
    problems = check(gate, result)
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
