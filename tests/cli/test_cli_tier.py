"""``--model fast|accurate`` on extract, batch and ingest, ``[model] tier`` in the config:
fast is the default and leaves the output as it was; accurate runs the stance step on
all-mpnet-base-v2 (skipped where that model is not installed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from saidwhat.cli import main
from saidwhat.cli._common import with_tier
from saidwhat.config import load_config
from saidwhat.errors import InputError
from saidwhat.semantic import encoder, stance

TEXT = (
    "Council row over the new bridge\n\n"
    '"Anna Weber has wasted millions on this bridge and should step down," '
    "said Paul Graham, a local councillor, on Friday."
)

needs_accurate = pytest.mark.skipif(
    not (encoder.mpnet_available() and stance.TIERS["accurate"].encoder_file.exists()),
    reason="the accurate tier needs all-mpnet-base-v2 (`make install`) and its stance model",
)


def test_fast_is_the_default_tier_and_the_option_sets_it() -> None:
    assert load_config()["model"]["tier"] == "fast"
    assert with_tier(None, None) is None
    cfg = with_tier({"stance": {"enabled": True}}, "accurate")
    assert cfg == {"stance": {"enabled": True}, "model": {"tier": "accurate"}}
    assert load_config(cfg)["model"]["tier"] == "accurate"


def test_unknown_tiers_are_refused() -> None:
    with pytest.raises(InputError, match="E084"):
        stance.tier_of("huge")
    res = CliRunner().invoke(main, ["extract", "-", "--model", "huge"], input="x")
    assert res.exit_code == 2 and "huge" in res.output


@pytest.mark.parametrize("command", ["extract", "batch", "ingest"])
def test_every_extracting_command_takes_the_option(command: str) -> None:
    res = CliRunner().invoke(main, [command, "--help"])
    assert res.exit_code == 0 and "--model [fast|accurate]" in res.output


def _stances(tmp_path: Path, *extra: str) -> list[tuple[str, str]]:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = tmp_path / f"out{len(extra)}.jsonl"
    res = CliRunner().invoke(main, ["extract", str(src), "--stance", "-o", str(out), *extra])
    assert res.exit_code == 0, res.output
    rec = json.loads(out.read_text())
    names = {e["id"]: e["name"] for e in rec["entities"]}
    return [(names[s["entity"]], s["label"]) for q in rec["quotes"] for s in q["stance"]]


@needs_accurate
def test_accurate_tier_classifies_the_same_targets(tmp_path: Path) -> None:
    fast = _stances(tmp_path)
    accurate = _stances(tmp_path, "--model", "accurate")
    assert [t for t, _ in accurate] == [t for t, _ in fast] == ["Anna Weber"]
    assert accurate[0][1] in stance.LABELS


@needs_accurate
def test_accurate_probabilities_differ_from_fast_ones() -> None:
    items = [(TEXT, TEXT.index("Anna Weber"), TEXT.index("Anna Weber") + 10)]
    fast = stance.probabilities(items, tier="fast")
    accurate = stance.probabilities(items, tier="accurate")
    assert accurate.shape == fast.shape == (1, 3)
    assert np_close(accurate.sum(1), 1.0) and not np_close(accurate, fast)


def np_close(a: object, b: object) -> bool:
    import numpy as np

    return bool(np.allclose(a, b, atol=1e-4))
