"""Claims and conflicts scored on real articles in the claims-dev format.

A directory holds ``<slug>.txt`` and ``<slug>.claims.json`` pairs (the format of
``shared/data/claims-dev``, its README defines it): per article the events
(``same_side`` lists of names that count as one side), the claims (act,
claimant and aliases, agent and aliases, event, trigger, the whole
``sentence``, ``required``) and the conflicts (event, kind, agents,
``required``).

Measures (:func:`score_article`, pure), pooled over the articles:

- claims **found**: a required gold claim that a predicted claim of the same
  act has its trigger inside (the trigger lies within the gold sentence);
- claims **right**: found, and the predicted agent is the gold agent, one of
  its aliases or a name on the same side, and the claimant is the gold claimant
  or one of its aliases (names compared folded, without a leading article; a
  gold claimant ``""`` accepts a claimant that names no entity);
- **spurious**: a predicted claim that matches no gold claim, required or
  optional (a claim matching an optional one is neither a miss nor spurious);
  claims are paired one to one, so a duplicate is spurious;
- conflicts, per (event, kind): a **conflict row** is one event of the
  store's own grouping (``store.claims.group_events``) with its disagreeing
  pairs (``conflict_pairs``) of one kind. A required gold conflict is
  **found** when a row of its kind names, among the agents of its pairs'
  claims, every gold agent (by side); a row that matches no gold conflict,
  required or optional, is **spurious**.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Errors, EvaluationError
from ..names import fold
from ..store.claims import CLAIM_COLUMNS, claim_rows, conflict_pairs, group_events
from .realnews import RealnewsGate, check_limits
from .realnews import default_root as _realnews_root
from .realnews import load_gate as _load_gate

__all__ = [
    "GATE_PATH",
    "ArticleScore",
    "DevArticle",
    "DevClaim",
    "DevConflict",
    "Pooled",
    "check_gate",
    "default_root",
    "load_claims_dev",
    "load_gate",
    "run",
    "score_article",
]

GATE_PATH = Path(__file__).with_name("claims_dev_gate.json")
_ACTS = ("responsibility", "blame", "denial")
#: the store's reasons, as the claims-dev kinds
KINDS = {"different agents": "different-agents", "asserted and denied": "blame-vs-denial"}
_LEADING = re.compile(r"^(?:the|a|an)\s+")


def norm_name(name: str | None) -> str:
    """A party name compared: folded, possessive and a leading article dropped."""
    s = fold(name or "").replace("'s", "").strip(" '-")
    return _LEADING.sub("", s)


@dataclass(frozen=True, slots=True)
class DevClaim:
    act: str
    claimant: str
    claimant_aliases: tuple[str, ...]
    agent: str
    agent_aliases: tuple[str, ...]
    event: str
    trigger: str
    sentence: tuple[int, int]
    required: bool


@dataclass(frozen=True, slots=True)
class DevConflict:
    event: str
    kind: str
    agents: tuple[str, ...]
    required: bool


@dataclass(frozen=True, slots=True)
class DevArticle:
    id: str
    text: str
    claims: tuple[DevClaim, ...]
    conflicts: tuple[DevConflict, ...]
    #: per event id, the lists of names that count as one side
    same_side: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def side(self, event: str, names: Iterable[str]) -> frozenset[str]:
        """The normalised names on the side of ``names`` in ``event``."""
        out = {norm_name(n) for n in names if n}
        for group in self.same_side.get(event, ()):
            g = {norm_name(n) for n in group}
            if g & out:
                out |= g
        for c in self.claims:  # a claim's agent and its aliases are one side
            forms = {norm_name(c.agent), *(norm_name(a) for a in c.agent_aliases)}
            if c.event == event and forms & out:
                out |= forms
        out.discard("")
        return frozenset(out)


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} must be a list of strings")
    return tuple(value)


def _article(slug: str, text: str, d: Any) -> DevArticle:
    if not isinstance(d, dict):
        raise ValueError("a JSON object is expected")
    claims = []
    for c in d.get("claims") or ():
        if c.get("act") not in _ACTS:
            raise ValueError(f"act must be one of {', '.join(_ACTS)}")
        sentence = c.get("sentence")
        if not isinstance(sentence, str) or sentence not in text:
            raise ValueError("a claim's sentence is not in the text")
        start = text.index(sentence)
        claims.append(
            DevClaim(
                act=c["act"],
                claimant=str(c.get("claimant") or ""),
                claimant_aliases=_strings(c.get("claimant_aliases"), "claimant_aliases"),
                agent=str(c.get("agent") or ""),
                agent_aliases=_strings(c.get("agent_aliases"), "agent_aliases"),
                event=str(c.get("event") or ""),
                trigger=str(c.get("trigger") or ""),
                sentence=(start, start + len(sentence)),
                required=bool(c.get("required")),
            )
        )
    conflicts = [
        DevConflict(
            event=str(k["event"]),
            kind=str(k["kind"]),
            agents=_strings(k.get("agents"), "agents"),
            required=bool(k.get("required")),
        )
        for k in d.get("conflicts") or ()
    ]
    sides = {
        str(e["id"]): tuple(_strings(g, "same_side") for g in e.get("same_side") or ())
        for e in d.get("events") or ()
    }
    return DevArticle(slug, text, tuple(claims), tuple(conflicts), sides)


def load_claims_dev(root: str | Path) -> list[DevArticle]:
    """The articles of a claims-dev directory, by slug.

    Raises:
        EvaluationError: a file is missing or not in the format (``[E093] ...``).
    """
    out = []
    for p in sorted(Path(root).glob("*.claims.json")):
        slug = p.name[: -len(".claims.json")]
        try:
            text = p.with_name(f"{slug}.txt").read_text("utf-8")
            out.append(_article(slug, text, json.loads(p.read_text("utf-8"))))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise EvaluationError(Errors.E093.format(path=p, reason=str(exc)[:200])) from None
    if not out:
        raise EvaluationError(Errors.E093.format(path=root, reason="no <slug>.claims.json"))
    return out


# -- scoring (pure) ------------------------------------------------------------------


def _forms(who: Mapping[str, Any] | None, span: Mapping[str, Any] | None) -> set[str]:
    out = {norm_name(who.get("name")) if who else "", norm_name(span.get("text") if span else "")}
    out.discard("")
    return out


def _found(g: DevClaim, c: Mapping[str, Any]) -> bool:
    t = c.get("trigger") or {}
    return (
        c.get("act") == g.act
        and g.sentence[0] <= int(t.get("start", -1))
        and int(t.get("end", -1)) <= g.sentence[1]
    )


def _right(article: DevArticle, g: DevClaim, c: Mapping[str, Any]) -> bool:
    agents = article.side(g.event, [g.agent, *g.agent_aliases])
    if not _forms(c.get("agent"), c.get("agent_span")) & agents:
        return False
    if not g.claimant:  # unnamed: an answer that names no entity
        return c.get("claimant") is None
    names = {norm_name(n) for n in (g.claimant, *g.claimant_aliases)}
    return bool(_forms(c.get("claimant"), c.get("claimant_span")) & names)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One gold claim (``status``: right, found, missed) or one spurious prediction."""

    status: str
    gold: DevClaim | None
    predicted: Mapping[str, Any] | None


@dataclass(frozen=True, slots=True)
class ConflictRow:
    kind: str
    agents: frozenset[str]
    claims: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ArticleScore:
    id: str
    required: int
    found: int
    right: int
    predicted: int
    spurious: int
    conflicts_required: int
    conflicts_found: int
    conflict_rows: int
    conflicts_spurious: int
    event_pairs_gold: int = 0
    event_pairs_predicted: int = 0
    event_pairs_right: int = 0
    outcomes: tuple[Outcome, ...] = ()
    missed_conflicts: tuple[DevConflict, ...] = ()
    spurious_rows: tuple[ConflictRow, ...] = ()


def _assign(
    golds: Sequence[tuple[int, DevClaim]],
    preds: Sequence[Mapping[str, Any]],
    used: set[int],
    test: Any,
) -> dict[int, int]:
    """Gold index -> predicted index, one to one, greedily in text order."""
    out = {}
    for k, g in golds:
        j = next((j for j, c in enumerate(preds) if j not in used and test(g, c)), None)
        if j is not None:
            used.add(j)
            out[k] = j
    return out


def conflict_rows(article_id: str, claims: Sequence[Mapping[str, Any]]) -> list[ConflictRow]:
    """The conflict rows of one article's claims (JSON form), by the store's rules:
    one per event and kind, with the agents its disagreeing claims name."""
    rows = [
        dict(zip(CLAIM_COLUMNS, t, strict=True))
        for t in claim_rows({"claims": list(claims)}, article_id, {}, published=None, outlet=None)
    ]
    by_local = {c["id"]: c for c in claims}
    out = []
    for group in group_events(rows):
        kinds: dict[str, set[int]] = {}
        for i, j, why in conflict_pairs(group):
            kinds.setdefault(KINDS[why], set()).update((i, j))
        for kind, members in kinds.items():
            agents: set[str] = set()
            ids = []
            for i in sorted(members):
                c = by_local[group[i]["local_id"]]
                agents |= _forms(c.get("agent"), c.get("agent_span"))
                ids.append(str(c["id"]))
            out.append(ConflictRow(kind, frozenset(agents), tuple(ids)))
    return out


def event_pairs(
    article: DevArticle, predicted: Sequence[Mapping[str, Any]], matched: Mapping[int, int]
) -> tuple[int, int, int]:
    """Event coreference inside the article, over the gold claims (required or
    optional) that a prediction was matched to (``matched``: gold index ->
    prediction index): pairs of them about one gold event, pairs whose predictions
    share an ``event_ref``, and pairs that do both."""
    items = [(article.claims[k].event, predicted[j].get("event_ref")) for k, j in matched.items()]
    gold = said = both = 0
    for n, (g1, p1) in enumerate(items):
        for g2, p2 in items[n + 1 :]:
            gold += g1 == g2
            said += bool(p1) and p1 == p2
            both += g1 == g2 and bool(p1) and p1 == p2
    return gold, said, both


def score_article(article: DevArticle, predicted: Sequence[Mapping[str, Any]]) -> ArticleScore:
    """One article's claims (JSON form, as the engine writes them) scored against its gold."""
    req = [(k, g) for k, g in enumerate(article.claims) if g.required]
    opt = [(k, g) for k, g in enumerate(article.claims) if not g.required]
    used: set[int] = set()
    right = _assign(req, predicted, used, lambda g, c: _found(g, c) and _right(article, g, c))
    found = _assign([x for x in req if x[0] not in right], predicted, used, _found)
    optional = _assign(opt, predicted, used, _found)
    pairs = event_pairs(article, predicted, {**right, **found, **optional})
    outcomes = []
    for k, g in req:
        if k in right:
            outcomes.append(Outcome("right", g, predicted[right[k]]))
        elif k in found:
            outcomes.append(Outcome("found", g, predicted[found[k]]))
        else:
            outcomes.append(Outcome("missed", g, None))
    spurious = [c for j, c in enumerate(predicted) if j not in used]
    outcomes.extend(Outcome("spurious", None, c) for c in spurious)
    rows = conflict_rows(article.id, predicted)
    row_used: set[int] = set()
    missed = []
    n_found = 0
    for want in sorted(article.conflicts, key=lambda k: not k.required):
        sides = [article.side(want.event, [a]) for a in want.agents]
        j = next(
            (
                j
                for j, r in enumerate(rows)
                if j not in row_used and r.kind == want.kind and all(s & r.agents for s in sides)
            ),
            None,
        )
        if j is not None:
            row_used.add(j)
            n_found += want.required
        elif want.required:
            missed.append(want)
    return ArticleScore(
        id=article.id,
        required=len(req),
        found=len(right) + len(found),
        right=len(right),
        predicted=len(predicted),
        spurious=len(spurious),
        conflicts_required=sum(k.required for k in article.conflicts),
        conflicts_found=n_found,
        conflict_rows=len(rows),
        conflicts_spurious=len(rows) - len(row_used),
        event_pairs_gold=pairs[0],
        event_pairs_predicted=pairs[1],
        event_pairs_right=pairs[2],
        outcomes=tuple(outcomes),
        missed_conflicts=tuple(missed),
        spurious_rows=tuple(r for j, r in enumerate(rows) if j not in row_used),
    )


def _pct(n: int, d: int) -> float:
    return round(100.0 * n / d, 2) if d else 0.0


@dataclass(frozen=True, slots=True)
class Pooled:
    required: int = 0
    found: int = 0
    right: int = 0
    predicted: int = 0
    spurious: int = 0
    conflicts_required: int = 0
    conflicts_found: int = 0
    conflict_rows: int = 0
    conflicts_spurious: int = 0
    event_pairs_gold: int = 0
    event_pairs_predicted: int = 0
    event_pairs_right: int = 0

    @classmethod
    def of(cls, scores: Iterable[ArticleScore]) -> Pooled:
        names = cls.__dataclass_fields__
        total = dict.fromkeys(names, 0)
        for s in scores:
            for k in names:
                total[k] += getattr(s, k)
        return cls(**total)

    def figures(self) -> dict[str, float]:
        """The gated figures: percentages of claims, counts of conflicts."""
        return {
            "right_pct": _pct(self.right, self.required),
            "found_pct": _pct(self.found, self.required),
            "spurious_pct": _pct(self.spurious, self.predicted),
            "conflicts_found": float(self.conflicts_found),
            "conflicts_spurious": float(self.conflicts_spurious),
            "event_pairs_precision": _pct(self.event_pairs_right, self.event_pairs_predicted),
            "event_pairs_recall": _pct(self.event_pairs_right, self.event_pairs_gold),
        }

    def line(self) -> str:
        return (
            f"right={self.right}/{self.required} found={self.found}/{self.required} "
            f"spurious={self.spurious}/{self.predicted} "
            f"conflicts={self.conflicts_found}/{self.conflicts_required} "
            f"spurious_conflicts={self.conflicts_spurious}/{self.conflict_rows} "
            f"event_pairs={self.event_pairs_right}/{self.event_pairs_predicted}"
            f"/{self.event_pairs_gold}"
        )


@dataclass(frozen=True, slots=True)
class ClaimsDevReport:
    directory: str
    articles: tuple[ArticleScore, ...]
    failures: tuple[dict[str, str], ...] = ()

    @property
    def pooled(self) -> Pooled:
        return Pooled.of(self.articles)

    def to_dict(self, *, show: bool = False) -> dict[str, Any]:
        def counts(s: ArticleScore | Pooled) -> dict[str, int]:
            return {k: getattr(s, k) for k in Pooled.__dataclass_fields__}

        d: dict[str, Any] = {
            "directory": self.directory,
            "pooled": {**counts(self.pooled), **self.pooled.figures()},
            "articles": [{"id": a.id, **counts(a)} for a in self.articles],
            "failures": list(self.failures),
        }
        if show:
            d["misses"] = [m for a in self.articles for m in misses(a)]
        return d


def _who(c: Mapping[str, Any] | None, key: str) -> str:
    if c is None:
        return ""
    who, span = c.get(key), c.get(f"{key}_span")
    return str((who or {}).get("name") or (span or {}).get("text") or "")


def misses(a: ArticleScore) -> list[dict[str, Any]]:
    """What ``--show`` lists of one article: claims not right, spurious claims,
    missed conflicts and spurious conflict rows."""
    out: list[dict[str, Any]] = []
    for o in a.outcomes:
        if o.status == "right":
            continue
        row: dict[str, Any] = {"article": a.id, "status": o.status}
        if o.gold is not None:
            g = o.gold
            row.update(act=g.act, claimant=g.claimant, agent=g.agent, trigger=g.trigger)
        if o.predicted is not None:
            c = o.predicted
            row["predicted"] = {
                "act": c.get("act"),
                "claimant": _who(c, "claimant"),
                "agent": _who(c, "agent"),
                "trigger": (c.get("trigger") or {}).get("text"),
            }
        out.append(row)
    for k in a.missed_conflicts:
        out.append(
            {"article": a.id, "status": "missed conflict", "kind": k.kind, "agents": k.agents}
        )
    for r in a.spurious_rows:
        out.append(
            {
                "article": a.id,
                "status": "spurious conflict",
                "kind": r.kind,
                "agents": sorted(r.agents),
            }
        )
    return out


def run(
    root: str | Path, *, config: Mapping[str, Any] | None = None, limit: int | None = None
) -> ClaimsDevReport:
    """Extract every article of a claims-dev directory and score its claims."""
    from ..engine import get_engine
    from ..readers import ArticleInput

    gold = load_claims_dev(root)[:limit]
    engine = get_engine(config)
    scores = []
    for i in range(0, len(gold), 16):
        batch = gold[i : i + 16]
        results = engine.extract_batch([ArticleInput(id=a.id, text=a.text) for a in batch])
        for a, r in zip(batch, results, strict=True):
            scores.append(score_article(a, [c.to_dict() for c in r.claims]))
    return ClaimsDevReport(directory=str(root), articles=tuple(scores))


# -- the CI gate -----------------------------------------------------------------------


def load_gate(path: str | Path = GATE_PATH) -> RealnewsGate:
    """Read ``claims_dev_gate.json`` (floors and ceilings of the pooled figures)."""
    return _load_gate(path)


def check_gate(gate: RealnewsGate, report: ClaimsDevReport) -> list[str]:
    """Messages naming every figure past its pinned limit (empty: the gate passes)."""
    problems = [f"engine failed on article {f['id']}: {f['error']}" for f in report.failures]
    if not report.articles:
        problems.append("no article was scored")
    return problems + check_limits(gate, report.pooled.figures())


def default_root() -> Path:
    """``$SAIDWHAT_SHARED/data/claims-dev``, by default ``../shared/`` beside the repo."""
    return _realnews_root().with_name("claims-dev")
