"""The copy classifier on a perturbation set: near-duplicates of real direct quotes.

``perturbation_set`` takes quoted passages (``quotes_from_polnear`` reads the
direct quotes of PolNeAR: passages in quotation marks inside an annotated
content) and, with a fixed seed, makes

* positives, one per quote and perturbation type: ``punct`` (case, quotation
  marks, apostrophes, commas and dashes changed), ``swap`` (adjacent words
  transposed), ``substitute`` (words replaced by words of other quotes),
  ``delete`` (words dropped), ``truncate`` (a contiguous part of 50-90 % of the
  words kept, at the start, end or middle, sometimes marked with an ellipsis);
  the edits are about one word in ten, one to three;
* negatives: each quote against every other quote of its article (hard: the
  same story, often the same speaker), perturbed like a positive, and against
  a random quote of another article.

Quotes of one article that are the same passage (one contained in the other
once normalised) are kept once, since linking them is right. ``score`` runs
:func:`saidwhat.semantic.copies.classify` on every pair (sentence vectors from
:mod:`saidwhat.semantic.encoder` unless ``embed=False``) and counts, per type, the
pairs linked. Run as ``saidwhat evaluate copies DIR``; figures in docs/copies.md.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..semantic.copies import CopyOptions, classify, words

PERTURBATIONS: tuple[str, ...] = ("punct", "swap", "substitute", "delete", "truncate")
NEGATIVES: tuple[str, ...] = ("same_article", "other_article")

_QUOTED = re.compile(r"[\u201c\"]([^\u201c\u201d\"\n]+)[\u201d\"]")


@dataclass(frozen=True, slots=True)
class Pair:
    """Two quote texts, the perturbation (or negative) type and whether they are copies."""

    a: str
    b: str
    type: str
    positive: bool
    group: str = ""


@dataclass
class CopyReport:
    """Counts per type: ``linked`` of ``n`` pairs, and the kinds the classifier gave."""

    n: Counter[str] = field(default_factory=Counter)
    linked: Counter[str] = field(default_factory=Counter)
    kinds: dict[str, Counter[str]] = field(default_factory=dict)
    n_quotes: int = 0
    embed_ms_per_quote: float | None = None

    @property
    def tp(self) -> int:
        return sum(self.linked[t] for t in PERTURBATIONS)

    @property
    def fp(self) -> int:
        return sum(self.linked[t] for t in NEGATIVES)

    @property
    def recall(self) -> float:
        pos = sum(self.n[t] for t in PERTURBATIONS)
        return self.tp / pos if pos else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "quotes": self.n_quotes,
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "tp": self.tp,
            "fp": self.fp,
            "positives": sum(self.n[t] for t in PERTURBATIONS),
            "negatives": sum(self.n[t] for t in NEGATIVES),
            "types": {
                t: {
                    "n": self.n[t],
                    "linked": self.linked[t],
                    "rate": round(self.linked[t] / self.n[t], 4) if self.n[t] else None,
                    "kinds": dict(sorted(self.kinds.get(t, Counter()).items())),
                }
                for t in (*PERTURBATIONS, *NEGATIVES)
            },
            "embed_ms_per_quote": self.embed_ms_per_quote,
        }


def quotes_from_polnear(
    root: str | Path, split: str = "dev", *, limit: int | None = None, min_words: int = 5
) -> list[list[str]]:
    """Direct quotes per article: passages in quotation marks that overlap an annotated
    content, of at least ``min_words`` words."""
    from .polnear import iter_polnear

    out: list[list[str]] = []
    for i, art in enumerate(iter_polnear(root, split)):
        if limit is not None and i >= limit:
            break
        ranges = [r for a in art.attributions for r in a.contents]
        found = []
        for m in _QUOTED.finditer(art.text):
            s, e = m.span(1)
            if any(rs < e and s < re_ for rs, re_ in ranges):
                text = " ".join(m.group(1).split())
                if len(text.split()) >= min_words:
                    found.append(text)
        out.append(found)
    return out


def _distinct(quotes: Iterable[str]) -> list[str]:
    """One of each passage: a quote whose normalised words occur inside another's is left out."""
    kept: list[tuple[str, str]] = []
    for q in sorted(set(quotes), key=lambda t: (-len(t), t)):
        n = " ".join(words(q))
        if n and not any(f" {n} " in f" {k} " for _, k in kept):
            kept.append((q, n))
    return [q for q, _ in kept]


def _n_edits(n_words: int, rng: random.Random) -> int:
    return max(1, min(3, round(n_words / 10 + rng.uniform(-0.3, 0.3))))


def perturb(text: str, kind: str, rng: random.Random, vocabulary: Sequence[str]) -> str:
    """One perturbed copy of ``text`` (see the module docstring for the kinds)."""
    toks = text.split()
    n = len(toks)
    if kind == "punct":
        t = text
        t = t.replace("\u2019", "'") if "\u2019" in t else t.replace("'", "\u2019")
        t = re.sub(r"[,;:]", "", t) if rng.random() < 0.5 else re.sub(r"\s--?\s", ", ", t)
        t = t.replace("\u2014", ", ").replace(" - ", " ")
        if rng.random() < 0.5:
            t = t.rstrip(".!?") + rng.choice([".", "...", "!", ""])
        out = t.split()
        if out:
            out[0] = out[0].lower() if out[0][:1].isupper() else out[0].capitalize()
        return " ".join(out)
    k = _n_edits(n, rng)
    if kind == "swap":
        for _ in range(k):
            i = rng.randrange(max(1, n - 1))
            toks[i], toks[i + 1] = toks[i + 1], toks[i]
        return " ".join(toks)
    if kind == "substitute":
        for i in rng.sample(range(n), min(k, n)):
            toks[i] = rng.choice(vocabulary)
        return " ".join(toks)
    if kind == "delete":
        drop = set(rng.sample(range(n), min(k, n - 1)))
        return " ".join(t for i, t in enumerate(toks) if i not in drop)
    if kind == "truncate":
        keep = max(1, round(n * rng.uniform(0.5, 0.9)))
        where = rng.choice(["start", "end", "middle"])
        start = {"start": 0, "end": n - keep, "middle": (n - keep) // 2}[where]
        part = " ".join(toks[start : start + keep])
        if rng.random() < 0.5:
            part = ("... " if start else "") + part + (" ..." if start + keep < n else "")
        return part
    raise ValueError(f"unknown perturbation {kind!r}")


def perturbation_set(articles: Sequence[Sequence[str]], *, seed: int = 12) -> list[Pair]:
    """Positive and negative pairs from quotes grouped by article (deterministic)."""
    rng = random.Random(seed)
    groups = [_distinct(qs) for qs in articles]
    groups = [g for g in groups if g]
    vocabulary = sorted({w for g in groups for q in g for w in q.split() if w.isalpha()})
    pairs: list[Pair] = []
    for gi, g in enumerate(groups):
        for qi, q in enumerate(g):
            tag = f"{gi}:{qi}"
            for kind in PERTURBATIONS:
                pairs.append(Pair(q, perturb(q, kind, rng, vocabulary), kind, True, tag))
            for other in g[qi + 1 :]:
                kind = rng.choice(PERTURBATIONS)
                pairs.append(
                    Pair(q, perturb(other, kind, rng, vocabulary), "same_article", False, tag)
                )
            if len(groups) > 1:
                oj = rng.choice([j for j in range(len(groups)) if j != gi])
                pairs.append(Pair(q, rng.choice(groups[oj]), "other_article", False, tag))
    return pairs


def score(
    pairs: Sequence[Pair], *, options: CopyOptions = CopyOptions(), embed: bool = True
) -> CopyReport:
    """Classify every pair; vectors of every distinct text from :mod:`saidwhat.semantic.encoder`."""
    report = CopyReport()
    report.n_quotes = len({p.group for p in pairs})
    vec: dict[str, Any] = {}
    if embed:
        from ..semantic import encoder

        texts = sorted({t for p in pairs for t in (p.a, p.b)})
        t0 = time.perf_counter()
        mat = encoder.embed(texts)
        report.embed_ms_per_quote = round((time.perf_counter() - t0) * 1000 / len(texts), 2)
        vec = dict(zip(texts, mat, strict=True))
    for p in pairs:
        cos = float(vec[p.a] @ vec[p.b]) if embed else None
        kind, _ = classify(words(p.a), words(p.b), cosine=cos, options=options)
        report.n[p.type] += 1
        report.kinds.setdefault(p.type, Counter())[kind] += 1
        if kind != "none":
            report.linked[p.type] += 1
    return report


def run(
    root: str | Path,
    *,
    split: str = "dev",
    limit: int | None = None,
    seed: int = 12,
    embed: bool = True,
    options: CopyOptions | None = None,
) -> CopyReport:
    """The perturbation set of PolNeAR ``split`` under ``root``, scored."""
    pairs = perturbation_set(quotes_from_polnear(root, split, limit=limit), seed=seed)
    return score(pairs, options=options or CopyOptions.from_config(), embed=embed)


GATE_PATH = Path(__file__).with_name("copies_gate.json")


def load_gate(path: str | Path = GATE_PATH) -> dict[str, Any]:
    """The pinned minima of the perturbation set (``copies_gate.json``): one entry per run
    (``limit`` articles of PolNeAR dev, vectors on or off)."""
    import json

    data: dict[str, Any] = json.loads(Path(path).read_text("utf-8"))
    return data


def check(minima: dict[str, float], report: CopyReport) -> list[str]:
    """The figures of ``report`` below their pinned minima, as messages."""
    got = {"recall": report.recall, "precision": report.precision}
    return [
        f"copies {name} {got[name]:.4f} is below the pinned minimum {low:.4f}"
        for name, low in sorted(minima.items())
        if got[name] < low
    ]
