"""``saidwhat evaluate`` through click's test runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from saidwhat.cli import main


def test_unknown_corpus_and_missing_dir(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["evaluate", "nocorpus", str(tmp_path)])
    assert res.exit_code == 1 and "E021" in res.output
    res = runner.invoke(main, ["evaluate", "polnear", str(tmp_path / "missing")])
    assert res.exit_code == 1 and "E020" in res.output


def test_evaluate_polnear(polnear_dir: Path) -> None:
    runner = CliRunner()
    args = ["evaluate", "polnear", str(polnear_dir), "--limit", "2", "--method", "rules"]
    res = runner.invoke(main, [*args, "--json", "--per-article"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["articles"] == 2 and out["method"] == "rules" and out["split"] == "dev"
    assert len(out["per_article"]) == 2
    quote = out["scores"]["quote"]
    assert quote["tp"] + quote["fn"] == out["gold_attributions"] > 0
    assert quote["tp"] + quote["fp"] == out["predicted_quotes"]
    res = runner.invoke(main, args)
    assert res.exit_code == 0, res.output
    for measure in ("cue.exact", "source.lenient", "content.lenient", "quote", "triple"):
        assert measure in res.output


def test_evaluate_reads_a_config_file_and_method_overrides_it(
    polnear_dir: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    cfg = tmp_path / "c.toml"
    cfg.write_text('[extract]\nmethod = "rules"\n', "utf-8")
    args = ["evaluate", "polnear", str(polnear_dir), "--limit", "1", "--json", "--config"]
    res = runner.invoke(main, [*args, str(cfg)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["method"] == "rules"
    res = runner.invoke(main, [*args, str(cfg), "--method", "neural"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["method"] == "neural"
    # the CRF method is gone (issue 9): click refuses it
    res = runner.invoke(main, [*args, str(cfg), "--method", "crf"])
    assert res.exit_code == 2 and "crf" in res.output
    cfg.write_text("[extract\n", "utf-8")
    res = runner.invoke(main, [*args, str(cfg)])
    assert res.exit_code == 2 and "--config" in res.output
