"""Smoke test of scripts/bench.py on a tiny input (no timing is asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from saidwhat.extract.neural import TIER_MODELS
from saidwhat.extract.tagger import default_model_dir
from saidwhat.semantic import encoder, stance

REPO = Path(__file__).resolve().parents[2]


def _bench(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    # a missing PolNeAR directory makes the script fall back to the bundled sample
    return subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "bench.py"),
            "--max-words",
            "300",
            "--repeat",
            "1",
            "--polnear",
            str(tmp_path / "none"),
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )


def test_bench_prints_one_line(tmp_path: Path) -> None:
    proc = _bench(tmp_path, "--no-accurate")
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1
    m = re.fullmatch(
        r"words=(\d+) spacy_words_per_s=(\d+) saidwhat_words_per_s=(\d+) "
        r"ratio_vs_spacy_pipe=([\d.]+) peak_rss_mb=(\d+) cpu_ratio_vs_spacy_pipe=([\d.]+)"
        r" stance_words_per_s=(\d+) stance_ratio_vs_spacy_pipe=([\d.]+)"
        r" stance_ratio_vs_off=([\d.]+) stance_cpu_ratio_vs_off=([\d.]+)"
        r" stance_pairs=(\d+) stance_ms_per_pair=(-?[\d.]+) stance_peak_rss_mb=(\d+)",
        lines[0],
    )
    assert m, lines[0]
    assert int(m.group(1)) == 300
    spacy_wps, saidwhat_wps, ratio = int(m.group(2)), int(m.group(3)), float(m.group(4))
    assert spacy_wps > 0 and saidwhat_wps > 0
    assert abs(ratio - saidwhat_wps / spacy_wps) < 0.01
    assert int(m.group(5)) > 50
    assert float(m.group(6)) > 0
    stance_wps, stance_vs_off = int(m.group(7)), float(m.group(9))
    assert stance_wps > 0 and abs(stance_vs_off - stance_wps / saidwhat_wps) < 0.01
    assert int(m.group(11)) > 0  # the sample's statements mention entities
    assert int(m.group(13)) >= int(m.group(5))  # the peak with the stance model loaded
    assert "bundled sample" in proc.stderr


@pytest.mark.skipif(
    not (encoder.mpnet_available() and stance.TIERS["accurate"].encoder_file.exists()),
    reason="the accurate tier needs all-mpnet-base-v2 (`make install`) and its stance model",
)
def test_bench_reports_the_accurate_tier_beside_fast(tmp_path: Path) -> None:
    line = _bench(tmp_path).stdout.strip()
    fields = dict(kv.split("=") for kv in line.split())
    for key in (
        "accurate_words_per_s",
        "accurate_ratio_vs_spacy_pipe",
        "accurate_ratio_vs_fast_stance",
        "accurate_ms_per_pair",
        "accurate_peak_rss_mb",
    ):
        assert key in fields, line
    acc, spacy = float(fields["accurate_words_per_s"]), float(fields["spacy_words_per_s"])
    assert acc > 0 and abs(float(fields["accurate_ratio_vs_spacy_pipe"]) - acc / spacy) < 0.01
    # both stance models are loaded by then: the peak only grows
    assert int(fields["accurate_peak_rss_mb"]) >= int(fields["stance_peak_rss_mb"])


@pytest.mark.skipif(
    not (
        encoder.mpnet_available()
        and all((default_model_dir() / f).exists() for f in TIER_MODELS["accurate"])
    ),
    reason="the accurate tier needs all-mpnet-base-v2 (`make install`) and its span models",
)
def test_bench_times_the_accurate_tier_with_and_without_its_stance(tmp_path: Path) -> None:
    line = _bench(tmp_path, "--tier", "accurate").stdout.strip()
    fields = dict(kv.split("=") for kv in line.split())
    assert fields["tier"] == "accurate" and fields["runtime"] == encoder.default_runtime("mpnet")
    acc, spacy = float(fields["saidwhat_words_per_s"]), float(fields["spacy_words_per_s"])
    assert acc > 0 and abs(float(fields["ratio_vs_spacy_pipe"]) - acc / spacy) < 0.01
    assert int(fields["peak_rss_mb"]) > 400  # the encoder's float32 weights alone are 438 MB
    # the accurate stance over the accurate spans (no fast-tier stance, no accurate_ fields)
    with_stance = float(fields["stance_words_per_s"])
    # words/s are printed rounded to integers: allow their rounding in the ratio
    slack = with_stance / acc * (0.5 / with_stance + 0.5 / acc) + 0.001
    assert with_stance > 0
    assert abs(float(fields["stance_ratio_vs_off"]) - with_stance / acc) <= slack
    assert int(fields["stance_pairs"]) > 0
    assert int(fields["stance_peak_rss_mb"]) >= int(fields["peak_rss_mb"])
    assert not any(k.startswith("accurate_") for k in fields)
