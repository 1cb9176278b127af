"""The scorer on hand-made gold / predicted pairs whose answers were counted by hand."""

from __future__ import annotations

import pytest

from saidwhat.errors import EvaluationError
from saidwhat.evaluate.polnear import GoldArticle, GoldAttribution
from saidwhat.evaluate.prf import PRF
from saidwhat.evaluate.scorer import flatten, match_lenient, match_quotes, score, trim
from saidwhat.records import ArticleResult, Quote, TextSpan

TEXT_A = 'Smith said "the plan works." Jones said the plan failed. Experts warned of delays.'
TEXT_B = "Critics have questioned the repairs."


def rng(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(sub, i + 1)
    return i, i + len(sub)


def span(text: str, sub: str, nth: int = 0) -> TextSpan:
    a, b = rng(text, sub, nth)
    return TextSpan(a, b, text[a:b])


def quote(n: int, text: str, *, cue=None, sources=(), contents=()) -> Quote:  # type: ignore[no-untyped-def]
    return Quote(
        id=f"Q{n}",
        kind="indirect",
        cue=span(text, *cue) if cue else None,
        sources=tuple(span(text, *s) for s in sources),
        contents=tuple(span(text, *c) for c in contents),
        speaker=None,
        confidence=1.0,
    )


def gold_a() -> GoldArticle:
    t = TEXT_A
    return GoldArticle(
        id="a",
        text=t,
        attributions=(
            GoldAttribution((rng(t, "said"),), (rng(t, "Smith"),), (rng(t, '"the plan works."'),)),
            GoldAttribution((rng(t, "said", 1),), (rng(t, "Jones"),), (rng(t, "the plan failed"),)),
            GoldAttribution((rng(t, "warned"),), (rng(t, "Experts"),), (rng(t, "of delays"),)),
        ),
        meta={},
    )


def pred_a() -> ArticleResult:
    t = TEXT_A
    return ArticleResult(
        id="a",
        text=t,
        quotes=(
            # all right; the content lacks the quote marks (trimmed away on the gold side)
            quote(1, t, cue=("said",), sources=[("Smith",)], contents=[("the plan works",)]),
            # source too long (lenient only), wrong cue, content with final "." (exact)
            quote(
                2, t, cue=("failed",), sources=[("Jones said",)], contents=[("the plan failed.",)]
            ),
            # no source; content much longer than gold (Jaccard 9/24 < 0.5)
            quote(3, t, cue=("warned",), contents=[("Experts warned of delays",)]),
            # spurious: its content lies inside gold content 1, already taken
            quote(4, t, contents=[("plan",)]),
        ),
    )


def gold_b() -> GoldArticle:
    t = TEXT_B
    attr = GoldAttribution((rng(t, "have questioned"),), (), (rng(t, "the repairs"),))
    return GoldArticle(id="b", text=t, attributions=(attr,), meta={})


def pred_b() -> ArticleResult:
    t = TEXT_B
    q = quote(1, t, cue=("questioned",), contents=[("the repairs.",)])
    return ArticleResult(id="b", text=t, quotes=(q,))


def counts(result: dict, measure: str) -> tuple[int, int, int]:  # type: ignore[type-arg]
    s = result["scores"][measure]
    return s["tp"], s["fp"], s["fn"]


def test_trim() -> None:
    t = "  “Hello, world,” she said."
    a, b = trim(t, 0, 17)  # type: ignore[misc]
    assert t[a:b] == "Hello, world"
    assert trim(t, 0, 2) is None
    assert trim(t, 0, 3) == (2, 3)  # only marks: kept (a colon can be a cue)
    assert trim("Smith: yes", 5, 7) == (5, 6)
    assert trim("x: 'y';", 0, 7) == (0, 5)  # inner ": '" kept, final "';" trimmed


def test_prf() -> None:
    s = PRF(tp=3, fp=1, fn=2) + PRF(tp=1, fp=1, fn=0)
    assert (s.tp, s.fp, s.fn) == (4, 2, 2)
    assert s.precision == pytest.approx(4 / 6)
    assert s.recall == pytest.approx(4 / 6)
    assert s.fscore == pytest.approx(4 / 6)
    assert PRF().fscore == 0.0
    assert PRF.from_counts(matched=2, predicted=5, gold=3) == PRF(2, 3, 1)


def test_lenient_matching_is_maximal() -> None:
    # greedy by overlap would pair A with X and leave B unmatched
    gold = [(0, 10), (10, 12)]
    pred = [(5, 11), (0, 2)]
    assert match_lenient(gold, pred) == 2
    assert match_lenient(gold, [(20, 30)]) == 0
    assert match_lenient([(0, 10)], [(0, 3), (4, 8)]) == 1  # one-to-one


def test_score_one_article() -> None:
    r = score([gold_a()], [pred_a()])
    assert (r["articles"], r["gold_attributions"], r["predicted_quotes"]) == (1, 3, 4)
    assert counts(r, "cue.exact") == (2, 1, 1)
    assert counts(r, "cue.lenient") == (2, 1, 1)
    assert counts(r, "source.exact") == (1, 1, 2)
    assert counts(r, "source.lenient") == (2, 0, 1)
    assert counts(r, "content.exact") == (2, 2, 1)
    assert counts(r, "content.lenient") == (3, 1, 0)
    assert counts(r, "quote") == (2, 2, 1)
    assert counts(r, "triple") == (1, 3, 2)
    q = r["scores"]["quote"]
    assert (q["p"], q["r"], q["f"]) == (0.5, 0.6667, 0.5714)


def test_score_pools_articles() -> None:
    r = score([gold_a(), gold_b()], [pred_b(), pred_a()])  # paired by id, not order
    assert counts(r, "cue.exact") == (2, 2, 2)
    assert counts(r, "cue.lenient") == (3, 1, 1)
    assert counts(r, "source.exact") == (1, 1, 2)
    assert counts(r, "content.exact") == (3, 2, 1)
    assert counts(r, "content.lenient") == (4, 1, 0)
    assert counts(r, "quote") == (3, 2, 1)
    # article b: both sources absent and cues overlap, so the triple holds
    assert counts(r, "triple") == (2, 3, 2)
    flat = flatten(r)
    assert flat["triple.p"] == 0.4 and flat["triple.r"] == 0.5
    assert set(flat) >= {"cue.exact.f", "source.lenient.r", "quote.f", "triple.f"}


def test_per_article_and_empty_prediction() -> None:
    empty = ArticleResult(id="a", text=TEXT_A)
    r = score([gold_a()], [empty], per_article=True)
    assert counts(r, "quote") == (0, 0, 3)
    assert r["scores"]["quote"]["f"] == 0.0
    assert r["per_article"]["a"]["content.lenient"]["fn"] == 3


def test_match_quotes_is_one_to_one() -> None:
    from saidwhat.evaluate.scorer import Attr

    g = [Attr((), (), ((0, 10),))]
    p = [Attr((), (), ((0, 9),)), Attr((), (), ((0, 10),))]
    assert match_quotes(g, p) == [(0, 1)]  # the best Jaccard wins


def test_mismatched_inputs_raise() -> None:
    with pytest.raises(EvaluationError, match="E022"):
        score([gold_a()], [pred_b()])
    wrong = ArticleResult(id="a", text=TEXT_A + " More.")
    with pytest.raises(EvaluationError, match="E023"):
        score([gold_a()], [wrong])
