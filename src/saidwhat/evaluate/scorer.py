"""Score predicted attributions against gold ones (pure functions, no model).

Measures, all pooled over articles (micro-averaged):

* ``cue`` / ``source`` / ``content``: every contiguous character range of a
  role is a span (a discontinuous gold content gives several); spans are
  trimmed (:func:`trim`) and deduplicated per article and role, then matched
  one-to-one: ``exact`` when the trimmed offsets are equal, ``lenient`` when
  they overlap (a maximum matching, so each span counts at most once).
* ``quote``: an attribution (gold) and a quote (predicted) match when their
  contents, as sets of characters after trimming, have a Jaccard similarity
  of at least :data:`QUOTE_JACCARD`; pairs are matched one-to-one greedily,
  best similarity first.
* ``triple``: a quote match whose sources overlap (or are both absent) and
  whose cues overlap (or are both absent).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import Errors, EvaluationError
from ..extract.lexicon import is_non_speech_cue
from ..records import ArticleResult
from .polnear import GoldArticle
from .prf import PRF

Range = tuple[int, int]

ROLES = ("cue", "source", "content")
QUOTE_JACCARD = 0.5
#: characters trimmed from both edges of every span before comparing
EDGE_CHARS = frozenset("\"'“”‘’«»„‚‹›,.;:")


def _shrink(text: str, start: int, end: int, edge: frozenset[str]) -> tuple[int, int]:
    while start < end and (text[start] in edge or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in edge or text[end - 1].isspace()):
        end -= 1
    return start, end


def trim(text: str, start: int, end: int) -> Range | None:
    """Shrink ``[start, end)`` past whitespace, quote marks and ``,.;:`` at both edges.

    A span made only of such marks (PolNeAR annotates the colon of
    ``Name: statement`` as a cue) is kept, with only whitespace trimmed.
    Returns ``None`` when nothing but whitespace is left.
    """
    start, end = max(start, 0), min(end, len(text))
    a, b = _shrink(text, start, end, EDGE_CHARS)
    if a == b:
        a, b = _shrink(text, start, end, frozenset())
    return (a, b) if a < b else None


def trim_all(text: str, ranges: Iterable[Range]) -> tuple[Range, ...]:
    """Trim each range, drop the empty ones, deduplicate and sort."""
    return tuple(sorted({r for a, b in ranges if (r := trim(text, a, b)) is not None}))


def overlap(a: Range, b: Range) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def chars(ranges: Iterable[Range]) -> frozenset[int]:
    return frozenset(i for a, b in ranges for i in range(a, b))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def match_exact(gold: Sequence[Range], pred: Sequence[Range]) -> int:
    """Number of predicted spans equal to a gold span (both sides deduplicated)."""
    return len(set(gold) & set(pred))


def match_lenient(gold: Sequence[Range], pred: Sequence[Range]) -> int:
    """Size of a maximum one-to-one matching of overlapping spans."""
    # Kuhn's augmenting paths; candidates tried largest overlap first
    adjacency = [
        sorted((j for j, g in enumerate(gold) if overlap(p, g)), key=lambda j: -overlap(p, gold[j]))
        for p in pred
    ]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adjacency[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(augment(i, set()) for i in range(len(pred)))


@dataclass(frozen=True, slots=True)
class Attr:
    """An attribution reduced to trimmed ranges (gold and predicted alike)."""

    cue: tuple[Range, ...]
    sources: tuple[Range, ...]
    contents: tuple[Range, ...]

    def role(self, name: str) -> tuple[Range, ...]:
        return {"cue": self.cue, "source": self.sources, "content": self.contents}[name]


def _speech(text: str, cue: Sequence[Range]) -> bool:
    """Kept by the statements-only scoring: the cue is no action verb."""
    return not any(is_non_speech_cue(text[s:e]) for s, e in cue)


def gold_attrs(article: GoldArticle, *, statements_only: bool = False) -> list[Attr]:
    """The gold attributions; ``statements_only`` drops those whose cue is one of
    :data:`~saidwhat.extract.lexicon.NON_SPEECH_CUES` (reported actions)."""
    t = article.text
    return [
        Attr(trim_all(t, a.cue), trim_all(t, a.sources), trim_all(t, a.contents))
        for a in article.attributions
        if not statements_only or _speech(t, a.cue)
    ]


def predicted_attrs(result: ArticleResult, *, statements_only: bool = False) -> list[Attr]:
    """The predicted statements, with the same ``statements_only`` rule as the gold."""
    t = result.text
    return [
        Attr(
            trim_all(t, [(q.cue.start, q.cue.end)] if q.cue else []),
            trim_all(t, ((s.start, s.end) for s in q.sources)),
            trim_all(t, ((c.start, c.end) for c in q.contents)),
        )
        for q in result.quotes
        if not statements_only or q.cue is None or _speech(t, [(q.cue.start, q.cue.end)])
    ]


def match_quotes(gold: Sequence[Attr], pred: Sequence[Attr]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs with content Jaccard >= 0.5."""
    gold_chars = [chars(g.contents) for g in gold]
    pred_chars = [chars(p.contents) for p in pred]
    candidates = []
    for i, gc in enumerate(gold_chars):
        for j, pc in enumerate(pred_chars):
            if gc and pc and not gc.isdisjoint(pc):
                sim = jaccard(gc, pc)
                if sim >= QUOTE_JACCARD:
                    candidates.append((-sim, i, j))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _agree(a: tuple[Range, ...], b: tuple[Range, ...]) -> bool:
    if not a and not b:
        return True
    return any(overlap(x, y) for x in a for y in b)


def score_article(gold: Sequence[Attr], pred: Sequence[Attr]) -> dict[str, PRF]:
    """The counts of every measure for one article."""
    out: dict[str, PRF] = {}
    for role in ROLES:
        g = sorted({r for a in gold for r in a.role(role)})
        p = sorted({r for a in pred for r in a.role(role)})
        out[f"{role}.exact"] = PRF.from_counts(
            matched=match_exact(g, p), predicted=len(p), gold=len(g)
        )
        out[f"{role}.lenient"] = PRF.from_counts(
            matched=match_lenient(g, p), predicted=len(p), gold=len(g)
        )
    pairs = match_quotes(gold, pred)
    triples = sum(
        _agree(gold[i].sources, pred[j].sources) and _agree(gold[i].cue, pred[j].cue)
        for i, j in pairs
    )
    out["quote"] = PRF.from_counts(matched=len(pairs), predicted=len(pred), gold=len(gold))
    out["triple"] = PRF.from_counts(matched=triples, predicted=len(pred), gold=len(gold))
    return out


MEASURES = (
    *(f"{role}.{how}" for role in ROLES for how in ("exact", "lenient")),
    "quote",
    "triple",
)


def score(
    gold: Sequence[GoldArticle],
    predicted: Sequence[ArticleResult],
    *,
    per_article: bool = False,
    statements_only: bool = False,
) -> dict[str, Any]:
    """Score ``predicted`` results against ``gold`` articles, paired by id
    (``statements_only``: reported actions left out of both, see :func:`gold_attrs`).

    Returns a JSON-ready dict: ``{"articles", "gold_attributions",
    "predicted_quotes", "scores": {measure: {"p", "r", "f", "tp", "fp", "fn"}}}``
    where measures are ``cue.exact``, ``cue.lenient``, ``source.exact``, …,
    ``quote`` and ``triple``; with ``per_article`` also ``"per_article":
    {id: {measure: ...}}``.

    Raises:
        EvaluationError: [E022] when a gold article has no prediction, [E023]
            when a prediction's text differs from its gold text.
    """
    by_id: Mapping[str, ArticleResult] = {r.id: r for r in predicted}
    totals = {m: PRF() for m in MEASURES}
    details: dict[str, dict[str, Any]] = {}
    n_gold = n_pred = 0
    for article in gold:
        result = by_id.get(article.id)
        if result is None:
            raise EvaluationError(Errors.E022.format(id=article.id))
        if result.text != article.text:
            raise EvaluationError(Errors.E023.format(id=article.id))
        g = gold_attrs(article, statements_only=statements_only)
        p = predicted_attrs(result, statements_only=statements_only)
        n_gold += len(g)
        n_pred += len(p)
        counts = score_article(g, p)
        for m in MEASURES:
            totals[m] = totals[m] + counts[m]
        if per_article:
            details[article.id] = {m: counts[m].to_dict() for m in MEASURES}
    out: dict[str, Any] = {
        "articles": len(gold),
        "gold_attributions": n_gold,
        "predicted_quotes": n_pred,
        "scoring": "statements" if statements_only else "all",
        "scores": {m: totals[m].to_dict() for m in MEASURES},
    }
    if per_article:
        out["per_article"] = details
    return out


def flatten(result: Mapping[str, Any]) -> dict[str, float]:
    """``{"cue.exact.f": 0.81, ...}``: the p/r/f figures of a :func:`score` result."""
    return {f"{m}.{k}": float(v[k]) for m, v in result["scores"].items() for k in ("p", "r", "f")}


__all__ = [
    "EDGE_CHARS",
    "MEASURES",
    "QUOTE_JACCARD",
    "ROLES",
    "flatten",
    "match_exact",
    "match_lenient",
    "match_quotes",
    "score",
    "trim",
]
