"""The engine's stages: listed in the configuration, registered by name, and one more
stage is one more entry (saidwhat.extract.state, saidwhat.extract.stages)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from saidwhat.config import load_config
from saidwhat.engine import Analyzer, Engine
from saidwhat.errors import ModelError
from saidwhat.extract.state import DocState, Stage, doc_stage_names, register
from saidwhat.readers import ArticleInput

TEXT = '"We will not leave," Ahmad Massoud said on Monday. He added that talks had failed.'


def test_the_default_pipeline_is_the_configured_list_of_registered_stages() -> None:
    config = load_config()
    analyzer = Analyzer(config)
    assert analyzer.stage_names[: len(config["pipeline"]["stages"])] == config["pipeline"]["stages"]
    assert set(config["pipeline"]["stages"]) <= set(doc_stage_names())
    # stance is an article stage, built only when switched on
    assert "stance" not in analyzer.stage_names
    assert "stance" in Analyzer(load_config({"stance": {"enabled": True}})).stage_names


def test_an_unknown_stage_is_refused_with_the_registered_names() -> None:
    with pytest.raises(ModelError, match=r"\[E095\] unknown pipeline stage 'parse_mood'.*tidy"):
        Analyzer(load_config({"pipeline": {"stages": ["quotemarks", "parse_mood"]}}))


def test_a_registered_stage_runs_where_the_configuration_puts_it() -> None:
    seen: list[tuple[int, int]] = []

    @register("test_count_attributions")
    def make(config: Mapping[str, Any]) -> Stage:
        def count(state: DocState) -> DocState:
            seen.append((len(state.atts), len(state.resolved)))
            return state

        return count

    stages = list(load_config()["pipeline"]["stages"])
    stages.insert(stages.index("resolution") + 1, "test_count_attributions")
    engine = Engine(load_config({"pipeline": {"stages": stages}}))
    result = engine.extract(ArticleInput(id="t", text=TEXT))
    (n_atts, n_resolved) = seen[0]
    assert n_atts == n_resolved == len(result.quotes) == 2


def test_each_stage_leaves_the_state_the_next_one_needs() -> None:
    engine = Engine(load_config())
    doc = engine.nlp(TEXT)
    state = engine.analyzer.run_stages(doc)
    assert [q for q in state.quoted if TEXT[q.start : q.end].startswith('"We')]
    assert state.ents is not None and any(c.name == "Ahmad Massoud" for c in state.ents.clusters)
    assert {r.speaker.name for r in state.output} == {"Ahmad Massoud"}
    assert [c.name for c in state.keep] == ["Ahmad Massoud"]


def test_dropping_a_stage_drops_what_it_adds() -> None:
    # without the rule backoff and claims, the same text still gives the learned statements
    stages = [s for s in load_config()["pipeline"]["stages"] if s not in ("backoff", "claims")]
    engine = Engine(load_config({"pipeline": {"stages": stages}}))
    text = "ISIS claimed responsibility for the attack, the ministry said."
    result = engine.extract(ArticleInput(id="c", text=text))
    assert result.claims == ()
    assert Engine(load_config()).extract(ArticleInput(id="c", text=text)).claims


def test_the_tagger_stage_refuses_an_unknown_model_tier() -> None:
    from saidwhat.errors import InputError
    from saidwhat.extract.stages.tagger import make_tagger

    with pytest.raises(InputError, match="E084"):
        make_tagger(load_config({"model": {"tier": "huge"}}))


def test_the_accurate_tier_reads_its_own_models_and_names_what_is_missing(tmp_path) -> None:
    """A model directory with only the fast tier's files fails with E011 naming them."""
    import shutil

    from saidwhat.errors import ModelError
    from saidwhat.extract.tagger import AttributionTagger, default_model_dir

    for name in ("cue_lexicon.json", "cue_model", "link_model"):
        for path in default_model_dir().glob(name + "*"):
            if "accurate" not in path.name:
                shutil.copy(path, tmp_path / path.name)
    assert AttributionTagger(tmp_path, tier="fast").tier == "fast"
    with pytest.raises(ModelError, match="cue_model_accurate.npz"):
        AttributionTagger(tmp_path, tier="accurate")


def test_articles_parsed_together_go_through_the_first_stages_together_with_the_same_result(
    engine,  # type: ignore[no-untyped-def]
) -> None:
    """Short articles parsed together run the stages up to the neural tagger together
    (Analyzer.run_together: its models over all their pieces and windows at once); each
    result is that of the article alone."""
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "src" / "saidwhat" / "sample"
    arts = [
        ArticleInput(id=p.stem, text=p.read_text("utf-8")) for p in sorted(sample.glob("*.txt"))
    ]
    arts += [ArticleInput(id="short", text=TEXT), ArticleInput(id="empty", text="  ")]
    assert engine.analyzer.together == 2  # quotemarks, tagger
    assert len(engine._groups(arts)) == 1
    together = engine.extract_each(arts)
    alone = [engine.extract_each([a])[0] for a in arts]
    assert [r.to_dict() for r in together] == [r.to_dict() for r in alone]
    assert sum(len(r.quotes) for r in together) > 10
