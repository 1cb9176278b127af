"""Claims about events scored against a hand-annotated set (offsets only).

The gold set (``tests/data/claims_gold.jsonl``) has one JSON object per claim::

    {"doc": "polnear:<file stem>", "trigger": [s, e], "act": "blame",
     "claimant": [s, e] | null, "agent": [s, e] | null,
     "agent_ref": "taliban", "event": "written:kandahar"}

``doc`` names a corpus and a text: ``polnear:`` PolNeAR dev (``<root>/dev/text``),
``sample:`` the bundled samples, ``written:`` the texts written for the tests
(``tests/data/claims``). Every text of those corpora is scored, so claims
found where the set has none count as false positives. ``agent_ref`` names who
the agent is (two claims with the same ref name the same agent); ``event``
names the event.

Measures (:func:`score`, pure):

- claims: a predicted claim is right when its trigger overlaps a gold
  claim's and the acts are equal (precision, recall, F1); of those, how many
  have the claimant and the agent right (spans overlap; a missing claimant
  is right when the gold has none);
- conflict pairs: pairs of claims that disagree on the agent. Gold pairs: two
  claims of one gold event naming different agents (``agent_ref``) where both
  assert one, or the same agent asserted by one and denied by the other.
  Predicted pairs: the store's own rules (``store.claims.group_events`` and
  ``conflict_pairs`` over the rows ``claim_rows`` makes, per corpus, with the
  texts' dates). A predicted pair is right when both claims match gold claims
  that form a gold pair.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Errors, EvaluationError
from ..store.claims import CLAIM_COLUMNS, claim_rows, conflict_pairs, group_events
from .prf import PRF

__all__ = [
    "CORPORA",
    "GoldClaim",
    "gold_pairs",
    "load_gold",
    "run",
    "score",
]

#: The corpora a gold ``doc`` may name.
CORPORA = ("polnear", "sample", "written")
_ACTS = ("responsibility", "blame", "denial")
_ASSERTING = frozenset({"responsibility", "blame"})

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldClaim:
    doc: str
    trigger: Span
    act: str
    claimant: Span | None
    agent: Span | None
    agent_ref: str
    event: str


def _pair(value: Any, what: str) -> Span | None:
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not 0 <= value[0] < value[1]
    ):
        raise ValueError(f"{what} must be [start, end] with 0 <= start < end")
    return int(value[0]), int(value[1])


def _gold(d: Any) -> GoldClaim:
    if not isinstance(d, dict):
        raise ValueError("a JSON object is expected")
    doc = d.get("doc")
    if not isinstance(doc, str) or doc.partition(":")[0] not in CORPORA:
        raise ValueError(f"doc must be '<corpus>:<name>' with a corpus of {', '.join(CORPORA)}")
    if d.get("act") not in _ACTS:
        raise ValueError(f"act must be one of {', '.join(_ACTS)}")
    trigger = _pair(d.get("trigger"), "trigger")
    if trigger is None:
        raise ValueError("trigger is required")
    for key in ("agent_ref", "event"):
        if not isinstance(d.get(key), str) or not d[key]:
            raise ValueError(f"{key} must be a non-empty string")
    return GoldClaim(
        doc=doc,
        trigger=trigger,
        act=d["act"],
        claimant=_pair(d.get("claimant"), "claimant"),
        agent=_pair(d.get("agent"), "agent"),
        agent_ref=d["agent_ref"],
        event=d["event"],
    )


def load_gold(path: str | Path) -> list[GoldClaim]:
    """The gold claims of a JSONL file.

    Raises:
        EvaluationError: a line is not a valid gold claim (``[E090] ...``).
    """
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                out.append(_gold(json.loads(line)))
            except ValueError as exc:  # JSONDecodeError is a ValueError
                raise EvaluationError(
                    Errors.E090.format(path=path, line=n, reason=str(exc)[:200])
                ) from None
    return out


def gold_pairs(gold: Sequence[GoldClaim]) -> set[frozenset[tuple[str, int]]]:
    """Pairs of gold claims (``(doc, trigger start)`` each) that disagree on the agent."""
    out = set()
    for i, a in enumerate(gold):
        for b in gold[i + 1 :]:
            if a.event != b.event:
                continue
            both = a.act in _ASSERTING and b.act in _ASSERTING
            one = (a.act in _ASSERTING) != (b.act in _ASSERTING)
            if (both and a.agent_ref != b.agent_ref) or (one and a.agent_ref == b.agent_ref):
                out.add(frozenset({(a.doc, a.trigger[0]), (b.doc, b.trigger[0])}))
    return out


def _overlaps(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _span(d: Mapping[str, Any] | None) -> Span | None:
    return (int(d["start"]), int(d["end"])) if d else None


def score(
    predicted: Mapping[str, Sequence[Mapping[str, Any]]],
    gold: Sequence[GoldClaim],
    *,
    published: Mapping[str, str | None] | None = None,
) -> dict[str, Any]:
    """Scores of predicted claims (``doc -> claims`` in the engine's JSON form,
    every scored text present, empty lists included) against ``gold``;
    ``published`` gives the texts' dates for joining events across texts."""
    published = published or {}
    by_doc: dict[str, list[GoldClaim]] = {}
    for g in gold:
        by_doc.setdefault(g.doc, []).append(g)
    missing = sorted(set(by_doc) - set(predicted))
    if missing:
        raise EvaluationError(Errors.E022.format(id=missing[0]))
    claims = PRF()
    claimant_ok = agent_ok = matched_n = 0
    match: dict[tuple[str, str], GoldClaim] = {}  # (doc, predicted id) -> gold
    per_corpus: dict[str, PRF] = {}
    errors: list[dict[str, Any]] = []
    for doc, preds in predicted.items():
        golds = list(by_doc.get(doc, ()))
        used: set[int] = set()
        tp = 0
        for c in preds:
            trig = _span(c.get("trigger"))
            k = next(
                (
                    k
                    for k, g in enumerate(golds)
                    if k not in used and _overlaps(g.trigger, trig) and g.act == c.get("act")
                ),
                None,
            )
            if k is None:
                errors.append({"doc": doc, "claim": c.get("id"), "error": "spurious"})
                continue
            used.add(k)
            g = golds[k]
            tp += 1
            match[(doc, str(c["id"]))] = g
            matched_n += 1
            claimant = _span(c.get("claimant_span"))
            if (g.claimant is None and claimant is None) or _overlaps(g.claimant, claimant):
                claimant_ok += 1
            if _overlaps(g.agent, _span(c.get("agent_span"))):
                agent_ok += 1
        for k, g in enumerate(golds):
            if k not in used:
                errors.append({"doc": doc, "trigger": list(g.trigger), "error": "missed"})
        counts = PRF.from_counts(matched=tp, predicted=len(preds), gold=len(golds))
        claims += counts
        corpus = doc.partition(":")[0]
        per_corpus[corpus] = per_corpus.get(corpus, PRF()) + counts
    # conflict pairs, with the store's own rules, one corpus at a time
    rows: dict[str, list[dict[str, Any]]] = {}
    for doc, preds in predicted.items():
        d = {"claims": list(preds)}
        for t in claim_rows(d, doc, {}, published=published.get(doc), outlet=None):
            r = dict(zip(CLAIM_COLUMNS, t, strict=True))
            rows.setdefault(doc.partition(":")[0], []).append(r)
    want = gold_pairs(gold)
    pred_pairs = right = 0
    found: set[frozenset[tuple[str, int]]] = set()
    for corpus_rows in rows.values():
        for group in group_events(corpus_rows):
            for i, j, _why in conflict_pairs(group):
                pred_pairs += 1
                a, b = group[i], group[j]
                ga = match.get((a["article_id"], a["local_id"]))
                gb = match.get((b["article_id"], b["local_id"]))
                key = (
                    frozenset({(ga.doc, ga.trigger[0]), (gb.doc, gb.trigger[0])})
                    if ga is not None and gb is not None
                    else None
                )
                if key is not None and key in want:
                    right += 1
                    found.add(key)
                else:
                    errors.append(
                        {
                            "pair": [
                                f"{a['article_id']}:{a['local_id']}",
                                f"{b['article_id']}:{b['local_id']}",
                            ],
                            "error": "wrong pair",
                        }
                    )
    for key in sorted(want - found, key=sorted):
        errors.append({"pair": [f"{d}@{t}" for d, t in sorted(key)], "error": "missed pair"})
    pairs = PRF(tp=right, fp=pred_pairs - right, fn=len(want - found))
    return {
        "claims": claims.to_dict(),
        "claims_by_corpus": {k: v.to_dict() for k, v in sorted(per_corpus.items())},
        "claimant_right": claimant_ok,
        "agent_right": agent_ok,
        "matched": matched_n,
        "gold_claims": len(gold),
        "conflict_pairs": pairs.to_dict(),
        "gold_pairs": len(want),
        "errors": errors,
    }


def _texts(polnear_root: Path | None, written: Path, sample: Path) -> Iterable[tuple[str, Path]]:
    if polnear_root is not None:
        for p in sorted((polnear_root / "dev" / "text").glob("*.txt")):
            yield f"polnear:{p.stem}", p
    for p in sorted(sample.glob("*.txt")):
        yield f"sample:{p.stem}", p
    for p in sorted(written.glob("*.txt")):
        yield f"written:{p.stem}", p


def run(
    gold_path: str | Path,
    *,
    polnear_root: str | Path | None,
    written: str | Path,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Extract every text of the corpora and :func:`score` the claims; without
    ``polnear_root`` the PolNeAR claims are left out of the gold set too."""
    from ..engine import get_engine
    from ..readers import ArticleInput

    gold = load_gold(gold_path)
    root = Path(polnear_root) if polnear_root is not None else None
    if root is None:
        gold = [g for g in gold if not g.doc.startswith("polnear:")]
    sample = Path(__file__).resolve().parent.parent / "sample"
    texts = list(_texts(root, Path(written), sample))
    published: dict[str, str | None] = {}
    inputs = []
    for doc, p in texts:
        meta_path = p.with_suffix(".meta.json")
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
        published[doc] = meta.get("published")
        inputs.append(ArticleInput(id=doc, text=p.read_text("utf-8"), meta=meta))
    engine = get_engine(config)
    predicted = {}
    for i in range(0, len(inputs), 16):
        for r in engine.extract_batch(inputs[i : i + 16]):
            predicted[r.id] = [c.to_dict() for c in r.claims]
    out = score(predicted, gold, published=published)
    out["texts"] = len(texts)
    return out
