"""The realnews reader and scorer on small hand-made articles (no corpus text here)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from saidwhat.errors import EvaluationError
from saidwhat.evaluate.realnews import (
    GATE_PATH,
    Counts,
    NewsArticle,
    RealnewsGate,
    RealnewsReport,
    check_gate,
    load_gate,
    load_realnews,
    normalize_name,
    parse_gold,
    pooled,
    repinned,
    save_gate,
    score,
    score_article,
)
from saidwhat.records import ArticleResult, Quote, Speaker, TextSpan

TEXT = (
    "Pier to close, says council\n\n"
    '"The pier is unsafe," said Ada Stone. She added that repairs would cost too much. '
    "Locals said they were sad. The Harbour Trust called it a shame."
)


def _gold(*quotes: dict[str, Any], text: str = TEXT) -> NewsArticle:
    return parse_gold({"source": "made up", "quotes": list(quotes)}, text, path="x/pier.gold.json")


def _g(content: str, speaker: str, **kw: Any) -> dict[str, Any]:
    return {"kind": "direct", "content": content, "cue": "said", "speaker": speaker, **kw}


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def _q(part: str, name: str | None, *, text: str = TEXT, cut: int = 0) -> dict[str, Any]:
    """A predicted quote whose content is ``part`` (first occurrence) less ``cut`` characters."""
    start = text.index(part)
    return {
        "id": "q",
        "kind": "direct",
        "cue": None,
        "sources": [],
        "contents": [_span(text, start, start + len(part) - cut)],
        "speaker": {"entity": "e1", "name": name, "type": "PERSON"} if name is not None else None,
        "confidence": 1.0,
    }


def _pred(*quotes: dict[str, Any], text: str = TEXT, id: str = "pier") -> dict[str, Any]:
    return {"id": id, "text": text, "quotes": list(quotes), "entities": [], "warnings": []}


UNSAFE = "The pier is unsafe"
REPAIRS = "repairs would cost too much"
SAD = "they were sad"
SHAME = "called it a shame"


def test_parse_gold_places_each_statement_at_its_first_occurrence() -> None:
    gold = _gold(
        _g(UNSAFE, "Ada Stone"),
        _g(SAD, "", required=False, kind="indirect"),
        _g("the", "Nobody", aliases=["No One"]),
    )
    assert gold.id == "pier" and gold.source == "made up"
    s = gold.statements
    assert TEXT[s[0].start : s[0].end] == UNSAFE
    assert s[0].required and not s[1].required and s[1].kind == "indirect"
    assert s[2].start == TEXT.index("the")
    assert s[2].names == {"nobody", "no one"}
    with pytest.raises(EvaluationError, match="E029"):
        _gold(_g("not in the text", "Ada Stone"))
    with pytest.raises(EvaluationError, match="E029"):
        parse_gold({"quotes": [{"content": UNSAFE}]}, TEXT, path="p.gold.json")


def test_normalize_name_ignores_case_and_spacing() -> None:
    assert normalize_name("  Ada\t STONE ") == "ada stone"
    assert normalize_name("") == ""


def test_found_and_right_with_case_spacing_and_aliases() -> None:
    gold = _gold(_g(UNSAFE, "Ada Stone", aliases=["Dr Stone"]), _g(REPAIRS, "Ada Stone"))
    s = score_article(gold, _pred(_q(UNSAFE, "ada  STONE"), _q(REPAIRS, "dr stone")))
    assert s.counts == Counts(required=2, found=2, right=1, spurious=0, predicted=2)
    assert [o.status for o in s.outcomes] == ["right", "wrong_speaker"]
    gold = _gold(_g(UNSAFE, "Ada Stone"), _g(REPAIRS, "Ada Stone", aliases=["Dr Stone"]))
    assert score_article(gold, _pred(_q(UNSAFE, "Ada Stone"), _q(REPAIRS, "Dr Stone"))).counts == (
        Counts(2, 2, 2, 0, 2)
    )


def test_half_of_the_characters_is_enough() -> None:
    gold = _gold(_g(REPAIRS, "Ada Stone"))  # 27 characters: 14 needed
    half = _q(REPAIRS, "Ada Stone", cut=len(REPAIRS) - 14)
    assert score_article(gold, _pred(half)).counts.found == 1
    short = _q(REPAIRS, "Ada Stone", cut=len(REPAIRS) - 13)
    s = score_article(gold, _pred(short))
    assert s.counts == Counts(required=1, found=0, right=0, spurious=1, predicted=1)
    assert s.outcomes[0].status == "missed" and s.outcomes[0].quote is None
    assert s.spurious == (0,)


def test_the_best_covering_quote_decides_the_speaker() -> None:
    gold = _gold(_g(UNSAFE, "Ada Stone"))
    small = _q("The pier", "Ada Stone")
    large = _q(UNSAFE, "Locals")
    s = score_article(gold, _pred(small, large))
    assert s.outcomes[0].status == "wrong_speaker"
    assert s.outcomes[0].quote == 1 and s.outcomes[0].predicted_speaker == "Locals"
    assert s.spurious == (0,)  # overlapping, but not the covering quote
    tie = score_article(gold, _pred(_q(UNSAFE, "Ada Stone"), _q(UNSAFE, "Locals")))
    assert tie.outcomes[0].quote == 0 and tie.outcomes[0].status == "right"
    assert tie.spurious == (1,)


def test_contents_of_one_quote_are_pooled() -> None:
    gold = _gold(_g(UNSAFE, "Ada Stone"))
    q = _q(UNSAFE, "Ada Stone")
    start = TEXT.index(UNSAFE)
    q["contents"] = [_span(TEXT, start, start + 6), _span(TEXT, start + 9, start + 15)]
    assert score_article(gold, _pred(q)).counts.found == 1  # 12 of 18 characters
    q["contents"] = [_span(TEXT, start, start + 6), _span(TEXT, start + 15, start + 17)]
    assert score_article(gold, _pred(q)).counts.found == 0  # 8 of 18


def test_optional_statements_are_neither_recall_nor_spurious() -> None:
    gold = _gold(
        _g(UNSAFE, "Ada Stone"),
        _g(SAD, "", required=False),
        _g(SHAME, "Harbour Trust", required=False),
    )
    pred = _pred(_q(UNSAFE, "Ada Stone"), _q(SAD, None), _q(SHAME, "Locals"), _q("Locals", "X"))
    s = score_article(gold, pred)
    assert s.counts == Counts(required=1, found=1, right=1, spurious=1, predicted=4)
    assert [o.status for o in s.outcomes] == ["right", "right", "wrong_speaker"]
    assert s.outcomes[1].predicted_speaker == ""  # no speaker: the name "" (an unnamed source)
    assert s.spurious == (3,)


def test_one_quote_can_cover_two_statements() -> None:
    gold = _gold(_g(UNSAFE, "Ada Stone"), _g(REPAIRS, "Ada Stone"))
    start, end = TEXT.index(UNSAFE), TEXT.index(REPAIRS) + len(REPAIRS)
    q = {**_q(UNSAFE, "Ada Stone"), "contents": [_span(TEXT, start, end)]}
    s = score_article(gold, _pred(q))
    assert s.counts == Counts(required=2, found=2, right=2, spurious=0, predicted=1)


def test_only_the_first_occurrence_of_a_content_counts() -> None:
    text = "Ada said no. Then Bo said no."
    gold = _gold(_g("no", "Bo"), text=text)
    second = text.rindex("no")
    late = {**_q("no", "Bo", text=text), "contents": [_span(text, second, second + 2)]}
    assert score_article(gold, _pred(late, text=text)).counts.found == 0


def test_empty_prediction_and_object_form() -> None:
    gold = _gold(_g(UNSAFE, "Ada Stone"), _g(SAD, "", required=False))
    s = score_article(gold, ArticleResult(id="pier", text=TEXT))
    assert s.counts == Counts(required=1, found=0, right=0, spurious=0, predicted=0)
    assert s.counts.right_pct == s.counts.spurious_pct == 0.0
    start = TEXT.index(UNSAFE)
    quote = Quote(
        id="q1",
        kind="direct",
        cue=None,
        sources=(),
        contents=(TextSpan(start, start + len(UNSAFE), UNSAFE),),
        speaker=Speaker("e1", "Ada Stone", "PERSON"),
        confidence=0.9,
    )
    result = ArticleResult(id="pier", text=TEXT, quotes=(quote,))
    assert score_article(gold, result) == score_article(gold, result.to_dict())
    assert score_article(gold, result).counts.right == 1


def test_text_mismatch_and_missing_prediction() -> None:
    gold = _gold(_g(UNSAFE, "Ada Stone"))
    with pytest.raises(EvaluationError, match="E023"):
        score_article(gold, _pred(text=TEXT + " More."))
    assert score_article(gold, {"id": "pier", "quotes": []}).counts.required == 1  # no text: ok
    with pytest.raises(EvaluationError, match="E022"):
        score([gold], [_pred(id="other")])
    assert score([gold], [_pred(id="other"), _pred(_q(UNSAFE, "Ada Stone"))])[0].counts.right == 1


def test_counts_pool_and_percentages() -> None:
    a = Counts(required=4, found=3, right=1, spurious=1, predicted=5)
    b = Counts(required=4, found=4, right=3, spurious=0, predicted=3)
    gold = _gold(_g(UNSAFE, "Ada Stone"))
    scores = [score_article(gold, _pred())] * 2
    total = pooled(scores) + a + b
    assert total == Counts(required=10, found=7, right=4, spurious=1, predicted=8)
    assert total.right_pct == pytest.approx(40.0)
    assert total.found_pct == pytest.approx(70.0)
    assert total.spurious_pct == pytest.approx(12.5)
    assert total.line() == "right=4/10 found=7/10 spurious=1/8"
    d = total.to_dict()
    assert d["right"] == 4 and d["required"] == 10 and d["spurious_pct"] == 12.5


def _write(root: Path, slug: str, text: str, quotes: list[dict[str, Any]]) -> None:
    (root / f"{slug}.txt").write_text(text, "utf-8")
    (root / f"{slug}.gold.json").write_text(json.dumps({"source": "s", "quotes": quotes}), "utf-8")


def test_load_realnews(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="E028"):
        load_realnews(tmp_path / "missing")
    with pytest.raises(EvaluationError, match="E028"):
        load_realnews(tmp_path)
    _write(tmp_path, "b-pier", TEXT, [_g(UNSAFE, "Ada Stone")])
    _write(tmp_path, "a-other", "Bo said no.\n", [_g("no", "Bo", required=False)])
    (tmp_path / "README.md").write_text("not an article", "utf-8")
    articles = load_realnews(tmp_path)
    assert [a.id for a in articles] == ["a-other", "b-pier"]
    assert articles[1].text == TEXT and articles[1].statements[0].speaker == "Ada Stone"
    (tmp_path / "c-lonely.txt").write_text("No gold.", "utf-8")
    with pytest.raises(EvaluationError, match="E028.*c-lonely.gold.json"):
        load_realnews(tmp_path)
    (tmp_path / "c-lonely.gold.json").write_text("{not json", "utf-8")
    with pytest.raises(EvaluationError, match="E029"):
        load_realnews(tmp_path)


def _report(counts: Counts, failures: tuple[dict[str, str], ...] = ()) -> RealnewsReport:
    gold = _gold(_g(UNSAFE, "Ada Stone"))
    article = score_article(gold, _pred())
    return RealnewsReport("d", (replace(article, counts=counts),), failures=failures)


def test_check_gate() -> None:
    gate = RealnewsGate(
        minima={"right_pct": 40.0, "found_pct": 90.0}, maxima={"spurious_pct": 20.0}
    )
    assert check_gate(gate, _report(Counts(10, 9, 4, 2, 10))) == []
    problems = check_gate(gate, _report(Counts(10, 8, 3, 3, 10)))
    assert len(problems) == 3
    assert "right_pct = 30.00 is below its minimum 40.00" in problems
    assert "spurious_pct = 30.00 is above its maximum 20.00" in problems
    failed = _report(Counts(10, 9, 4, 2, 10), ({"id": "x", "error": "boom"},))
    assert check_gate(gate, failed) == ["engine failed on article x: boom"]
    assert check_gate(gate, RealnewsReport("d", ())) == ["no article was scored"] + [
        "found_pct = 0.00 is below its minimum 90.00",
        "right_pct = 0.00 is below its minimum 40.00",
    ]
    unknown = RealnewsGate(minima={"f1": 0.5}, maxima={})
    assert check_gate(unknown, _report(Counts(1, 1, 1, 0, 1))) == [
        "f1: not measured (unknown figure)"
    ]


def test_repinned_rounds_to_whole_points_and_only_tightens(tmp_path: Path) -> None:
    gate = RealnewsGate(
        minima={"right_pct": 40.0, "found_pct": 90.0}, maxima={"spurious_pct": 20.0}
    )
    counts = Counts(required=9, found=8, right=6, spurious=1, predicted=11)  # 66.7 88.9 9.1
    new, changes = repinned(gate, counts)
    assert new.minima == {"right_pct": 66.0, "found_pct": 90.0}  # 88 would loosen it
    assert new.maxima == {"spurious_pct": 10.0}
    assert changes == ["right_pct: 40 -> 66", "spurious_pct: 20 -> 10"]
    assert new.measured["counts"] == "right=6/9 found=8/9 spurious=1/11"
    assert check_gate(new, _report(counts)) == ["found_pct = 88.89 is below its minimum 90.00"]
    loose, _ = repinned(gate, counts, allow_regression=True)
    assert loose.minima["found_pct"] == 88.0
    assert check_gate(loose, _report(counts)) == []
    save_gate(loose, tmp_path / "g.json")
    assert load_gate(tmp_path / "g.json") == loose


def test_shipped_gate_file(tmp_path: Path) -> None:
    gate = load_gate(GATE_PATH)
    assert set(gate.minima) == {"right_pct", "found_pct"}
    assert set(gate.maxima) == {"spurious_pct"}
    assert all(0 <= v <= 100 for v in [*gate.minima.values(), *gate.maxima.values()])
    (tmp_path / "g.json").write_text('{"minima": {}}', "utf-8")
    with pytest.raises(EvaluationError, match="E024"):
        load_gate(tmp_path / "g.json")


def test_cli_evaluate_realnews(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from saidwhat.cli import main

    text = (
        "Council closes pier\n\n"
        '"The pier is unsafe and we must close it," said Ada Stone, the council leader.\n\n'
        "Bo Grant, a fisherman, said the decision was a disgrace."
    )
    _write(
        tmp_path,
        "pier",
        text,
        [
            _g("The pier is unsafe and we must close it", "Ada Stone"),
            _g("the decision was a disgrace", "Bo Grant", kind="indirect"),
            _g("Council closes pier", "Nobody", required=False),
        ],
    )
    runner = CliRunner()
    res = runner.invoke(main, ["evaluate", "realnews", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["corpus"] == "realnews" and out["articles"] == 1 and out["failures"] == []
    p = out["pooled"]
    assert p["required"] == 2 and 0 <= p["right"] <= p["found"] <= 2
    assert p == {k: v for k, v in out["per_article"][0].items() if k in p}
    assert [s["status"] for s in out["per_article"][0]["statements"]][2] in (
        "right",
        "wrong_speaker",
        "missed",
    )
    res = runner.invoke(main, ["evaluate", "realnews", str(tmp_path), "--show"])
    assert res.exit_code == 0, res.output
    assert "pooled" in res.output and f"{p['right']}/2" in res.output
    assert "MISS opt Nobody" in res.output  # a headline without a cue: optional, missed
    res = runner.invoke(main, ["evaluate", "realnews", str(tmp_path / "missing")])
    assert res.exit_code == 1 and "E028" in res.output
