"""saidwhat.extract / extract_many: inputs, order, parallelism, failures."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

import saidwhat
from saidwhat import api
from saidwhat.api import ExtractFailure, extract, extract_many
from saidwhat.errors import BatchError, InputError, ModelError
from saidwhat.readers import ArticleInput
from saidwhat.records import ArticleResult

SAMPLE = Path(saidwhat.__file__).parent / "sample"
CLEAR = "“We will not give up,” the minister said on Tuesday.\n"


@pytest.fixture(scope="module")
def texts(engine) -> list[str]:  # type: ignore[no-untyped-def]
    """The shipped samples plus short texts; the engine is loaded before workers fork."""
    samples = [p.read_text("utf-8") for p in sorted(SAMPLE.glob("*.txt"))][:3]
    return [*samples, CLEAR, '"It is over," he said.', "No quotes here at all."]


def test_extract_finds_a_clear_direct_quote(engine) -> None:  # type: ignore[no-untyped-def]
    res = extract(CLEAR, id="a1")
    assert isinstance(res, ArticleResult)
    assert res.id == "a1" and res.text == CLEAR
    assert any("We will not give up" in c.text for q in res.quotes for c in q.contents)


def test_extract_is_the_package_level_function() -> None:
    import saidwhat.engine  # noqa: F401  (imports the saidwhat.extract stages)
    import saidwhat.extract.rules  # noqa: F401

    assert saidwhat.extract is extract and callable(saidwhat.extract)


@pytest.mark.parametrize("bad", [b"bytes", None, 42])
def test_extract_rejects_non_strings(bad: object) -> None:
    with pytest.raises(InputError, match=r"^\[E009\]"):
        extract(bad)  # type: ignore[arg-type]


def test_extract_many_accepts_every_item_form(engine) -> None:  # type: ignore[no-untyped-def]
    items = [
        CLEAR,
        (CLEAR, "tuple-id"),
        {"id": "m", "text": CLEAR, "title": "T", "meta": {"url": "http://x"}},
        ArticleInput(id="ai", text=CLEAR, meta={"outlet": "O"}),
        {"text": CLEAR, "id": 0},
    ]
    out = list(extract_many(items))
    assert [r.id for r in out] == ["doc1", "tuple-id", "m", "ai", "0"]
    assert all(r.text == CLEAR for r in out)
    assert out[2].meta == {"url": "http://x", "title": "T"}
    assert out[3].meta == {"outlet": "O"}
    assert "meta" not in out[0].to_dict()


def test_bad_item_raises_or_is_returned_in_place(engine) -> None:  # type: ignore[no-untyped-def]
    items = [CLEAR, 123, {"text": None}, CLEAR]
    with pytest.raises(InputError, match=r"^\[E009\]"):
        list(extract_many(items))
    out = list(extract_many(items, on_error="return"))
    assert [type(o).__name__ for o in out] == [
        "ArticleResult",
        "ExtractFailure",
        "ExtractFailure",
        "ArticleResult",
    ]
    assert out[1].id == "doc2" and out[1].message.startswith("[E009]")


def test_invalid_options_are_refused() -> None:
    with pytest.raises(ValueError, match="on_error"):
        extract_many([CLEAR], on_error="ignore")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="batch_size"):
        extract_many([CLEAR], batch_size=0)


def test_two_processes_give_the_same_results_in_input_order(texts: list[str]) -> None:
    items = [(t, f"d{i}") for i, t in enumerate(texts)]
    sequential = list(extract_many(items, batch_size=3))
    parallel = list(extract_many(items, n_process=2, batch_size=1))
    assert [r.id for r in parallel] == [f"d{i}" for i in range(len(items))]
    assert parallel == sequential
    # both workers did some of the work, and neither of them is this process
    assert len(api._WORKER_PIDS) == 2 and os.getpid() not in api._WORKER_PIDS


def _fail_on(monkeypatch: pytest.MonkeyPatch, engine, bad_text: str) -> None:  # type: ignore[no-untyped-def]
    """Make the engine raise on one text (workers fork from this process and inherit it)."""
    real = engine.analyzer.analyse

    def analyse(article, docs):  # type: ignore[no-untyped-def]
        if article.text == bad_text:
            raise RuntimeError("simulated engine bug")
        return real(article, docs)

    monkeypatch.setattr(engine.analyzer, "analyse", analyse)


@pytest.mark.parametrize("n_process", [1, 2])
def test_an_engine_failure_is_isolated_to_its_article(
    engine, texts: list[str], monkeypatch: pytest.MonkeyPatch, n_process: int
) -> None:  # type: ignore[no-untyped-def]
    bad = "This one breaks the engine, she said."
    items = [(t, f"d{i}") for i, t in enumerate([texts[0], bad, texts[1], CLEAR])]
    _fail_on(monkeypatch, engine, bad)
    out = list(extract_many(items, n_process=n_process, batch_size=4, on_error="return"))
    assert [o.id for o in out] == ["d0", "d1", "d2", "d3"]
    assert isinstance(out[1], ExtractFailure)
    assert out[1].message.startswith("[E016]") and "simulated engine bug" in out[1].message
    assert all(isinstance(o, ArticleResult) for o in (out[0], out[2], out[3]))
    with pytest.raises(BatchError, match=r"^\[E016\].*d1"):
        list(extract_many(items, n_process=n_process, batch_size=4))


def test_a_killed_worker_is_replaced_and_nothing_is_lost(texts: list[str]) -> None:
    items = [(t, f"d{i}") for i, t in enumerate(texts)]
    expected = list(extract_many(items))
    gen = extract_many(items, n_process=2, batch_size=1, on_error="return")
    out = [next(gen)]
    victim = next(iter(api._WORKER_PIDS))
    os.kill(victim, signal.SIGKILL)
    out.extend(gen)
    assert [o.id for o in out] == [r.id for r in expected]
    # the batches in flight were redone one by one in a new pool: none was lost
    assert out == expected


def test_an_article_that_kills_its_worker_is_reported_and_the_rest_done(
    engine, texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    poison = "This article kills the worker process."
    real = engine.analyzer.analyse

    def analyse(article, docs):  # type: ignore[no-untyped-def]
        if article.text == poison:
            os._exit(3)  # as a segfault or the OOM killer would
        return real(article, docs)

    monkeypatch.setattr(engine.analyzer, "analyse", analyse)
    items = [(t, f"d{i}") for i, t in enumerate([texts[0], texts[1], poison, CLEAR, texts[2]])]
    out = list(extract_many(items, n_process=2, batch_size=2, on_error="return"))
    assert [o.id for o in out] == ["d0", "d1", "d2", "d3", "d4"]
    assert [isinstance(o, ExtractFailure) for o in out] == [False, False, True, False, False]
    assert out[2].message.startswith("[E017]") and "d2" in out[2].message


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_missing_model_raises_model_error(n_process: int) -> None:
    cfg = {"nlp": {"model": "no_such_spacy_model_xyz"}}
    with pytest.raises(ModelError, match=r"^\[E010\]"):
        list(extract_many([CLEAR, CLEAR], n_process=n_process, config=cfg, on_error="return"))


def test_closing_a_parallel_run_early_returns(texts: list[str]) -> None:
    gen = extract_many([(t, str(i)) for i, t in enumerate(texts)], n_process=2, batch_size=1)
    first = next(gen)
    gen.close()
    assert first.id == "0"


def test_read_failures_from_read_inputs_pass_through_in_order(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from saidwhat.readers import read_inputs

    (tmp_path / "a.txt").write_text(CLEAR, "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text(CLEAR, "utf-8")
    out = list(extract_many(read_inputs([str(tmp_path)]), on_error="return"))
    assert [type(o).__name__ for o in out] == ["ArticleResult", "ExtractFailure", "ArticleResult"]
    assert out[1].message.startswith("[E001]") and "b.txt" in out[1].message
    with pytest.raises(InputError, match=r"^\[E001\]"):
        list(extract_many(read_inputs([str(tmp_path)])))
