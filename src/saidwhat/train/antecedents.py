"""Train the antecedent ranker (``extract.antecedents``) on GUM, GAP and LitBank.

    python -m saidwhat.train.antecedents ../shared/data --out src/saidwhat/models

Data (read-only, from the given directory):

* GUM (``gum/dep/GUM_*.conllu``): the official **train** split (every document
  not listed under dev/test/test2 in ``gum/splits.md``), **news excluded** (GUM news
  is evaluation-only: ``saidwhat evaluate-speakers gum``). The non-news dev documents
  choose the decision threshold and are reported.
* GAP (``gap/gap-development.tsv`` + ``gap-validation.tsv``); ``gap-test.tsv`` is
  only measured.
* LitBank coreference (``litbank/coref/brat``) except the documents of
  :func:`~saidwhat.extract.antecedents.litbank_heldout`, which are only measured
  (and scored end to end by ``saidwhat evaluate-speakers litbank --heldout``).

Every text is parsed with the engine's spaCy pipeline and given the engine's own
entity layer (``extract.speakers.ArticleEntities``); each candidate entity is
labelled by the gold cluster its named mentions fall in. An example is a pronoun
(he/she/him/her/his) or a definite description headed by a person or organisation
noun, with the candidates :func:`~saidwhat.extract.antecedents.candidate_views`
gives at it; "the speaker being reported" is approximated by the subject of the
last reporting verb before the anaphor. A one-hidden-layer network (NumPy, Adam,
binary cross-entropy over candidate pairs) is trained on the pairs. Only weights and
figures are written to ``--out``; no text.
"""

from __future__ import annotations

import argparse
import csv
import json
import pickle
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from ..evaluate.speakers import (
    GoldDoc,
    GoldMention,
    match_mention,
    read_gum_conllu,
    read_litbank_doc,
)
from ..extract.antecedents import (
    FEATURE_NAMES,
    MODEL_NAME,
    PRONOUN_GENDER,
    AntecedentRanker,
    anaphor_kind,
    candidate_types,
    candidate_views,
    features,
    is_report_subject,
    litbank_heldout,
)
from ..extract.lexicon import REPORTING_VERBS

SEED = 13


@dataclass
class Group:
    """The candidate pairs of one anaphor."""

    source: str  # gum / gap / litbank
    split: str  # train / dev / test
    kind: str  # pronoun / description
    x: np.ndarray
    y: np.ndarray
    report_subj: bool = False  # the anaphor is the subject of a reporting verb


# --------------------------------------------------------------------------
# corpora


def gum_docs(root: Path) -> Iterator[tuple[str, GoldDoc]]:
    """(split, doc) for the non-news GUM documents: train, or dev for the dev list."""
    splits = (root / "splits.md").read_text("utf-8")
    listed: dict[str, str] = {}
    section = ""
    for line in splits.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        m = re.match(r"\s*\*\s*(\S+)", line)
        if m and section:
            listed[m.group(1)] = section
    for f in sorted((root / "dep").glob("GUM_*.conllu")):
        if f.stem.startswith("GUM_news_"):
            continue  # evaluation-only
        split = listed.get(f.stem, "train")
        if split not in ("train", "dev"):
            continue
        yield split, read_gum_conllu(f.read_text("utf-8"), doc_id=f.stem)


def litbank_docs(root: Path) -> Iterator[tuple[str, GoldDoc]]:
    for ann in sorted((root / "coref" / "brat").glob("*.ann")):
        txt = ann.with_suffix(".txt").read_text("utf-8")
        doc = read_litbank_doc(txt, "", ann.read_text("utf-8"), doc_id=ann.stem)
        yield ("test" if litbank_heldout(ann.stem) else "train"), doc


@dataclass
class GapRow:
    id: str
    text: str
    pronoun: int
    a: tuple[int, int]
    a_coref: bool
    b: tuple[int, int]
    b_coref: bool


def gap_rows(path: Path) -> list[GapRow]:
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            a0, b0 = int(r["A-offset"]), int(r["B-offset"])
            rows.append(
                GapRow(
                    r["ID"],
                    r["Text"],
                    int(r["Pronoun-offset"]),
                    (a0, a0 + len(r["A"])),
                    r["A-coref"].upper() == "TRUE",
                    (b0, b0 + len(r["B"])),
                    r["B-coref"].upper() == "TRUE",
                )
            )
    return rows


# --------------------------------------------------------------------------
# examples


def _entities(doc: Doc) -> Any:
    from ..extract.speakers import ArticleEntities

    return ArticleEntities(doc)


def _sent_of(doc: Doc) -> list[int]:
    out = [0] * len(doc)
    for k, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            out[i] = k
    return out


def _cluster_gold(ents: Any, gold: GoldDoc) -> dict[int, str]:
    """id(engine cluster) -> the gold cluster most of its named mentions fall in."""
    named = [m for m in gold.mentions if m.named] or list(gold.mentions)
    out = {}
    for c in ents.clusters:
        votes: Counter[str] = Counter()
        for s, e in c.mentions:
            m = match_mention(s, e, named)
            if m is not None:
                votes[m.cluster] += 1
        if votes:
            out[id(c)] = votes.most_common(1)[0][0]
    return out


def _reported_subjects(doc: Doc, ents: Any, gold: GoldDoc, cg: dict[int, str]) -> list[Any]:
    """(verb index, entity) for the subjects of reporting verbs, in text order: the
    named entity of the subject, else the entity its gold mention refers to."""
    by_gold: dict[str, list[tuple[int, Any]]] = {}
    for i, c in ents._mentions_order:
        if id(c) in cg:
            by_gold.setdefault(cg[id(c)], []).append((i, c))
    out = []
    for v in doc:
        if v.pos_ != "VERB" or v.lemma_.lower() not in REPORTING_VERBS:
            continue
        for s in v.children:
            if s.dep_ not in ("nsubj", "nsubjpass"):
                continue
            c = ents.cluster_at(s)
            if c is None:
                m = match_mention(s.idx, s.idx + len(s.text), gold.mentions)
                if m is not None and m.cluster in by_gold:
                    prior = [k for i, k in by_gold[m.cluster] if i < s.i]
                    c = prior[-1] if prior else None
            if c is not None:
                out.append((v.i, s.i, c))
    return out


def doc_groups(doc: Doc, gold: GoldDoc, source: str, split: str) -> list[Group]:
    ents = _entities(doc)
    cg = _cluster_gold(ents, gold)
    sent_of = _sent_of(doc)
    speakers = _reported_subjects(doc, ents, gold, cg)
    groups = []
    for m in gold.mentions:
        if m.named:
            continue
        sp = doc.char_span(m.start, m.end, alignment_mode="expand")
        if sp is None or len(sp) == 0 or len(sp) > 12:
            continue
        head = sp.root
        kind = anaphor_kind(sp, head)
        if kind is None or (kind == "pronoun" and len(sp) != 1):
            continue
        g = _group(doc, sp, head, kind, m, ents, cg, sent_of, speakers, source, split)
        if g is not None:
            groups.append(g)
    return groups


def _last_speaker(speakers: list[Any], head_i: int, sent_of: list[int]) -> Any:
    last = None
    for v, s, c in speakers:
        if v < head_i and s != head_i and sent_of[head_i] - sent_of[v] <= 8:
            last = c
    return last


def _group(
    doc: Doc,
    sp: Any,
    head: Any,
    kind: str,
    m: GoldMention,
    ents: Any,
    cg: dict[int, str],
    sent_of: list[int],
    speakers: list[Any],
    source: str,
    split: str,
) -> Group | None:
    types = candidate_types(kind, head)
    views = candidate_views(
        ents._mentions_order,
        ents._subjects,
        head.i,
        sent_of,
        last_speaker=_last_speaker(speakers, head.i, sent_of),
        keep=lambda c: c.type in types,
    )
    if not views:
        return None
    x = np.array([features(doc, sp, v, head=head) for _, v in views], np.float32)
    y = np.array([float(cg.get(id(c)) == m.cluster) for c, _ in views], np.float32)
    return Group(source, split, kind, x, y, is_report_subject(head))


def gap_groups(doc: Doc, row: GapRow, split: str) -> Group | None:
    ents = _entities(doc)
    sent_of = _sent_of(doc)
    sp = doc.char_span(row.pronoun, row.pronoun + 1, alignment_mode="expand")
    if sp is None or len(sp) != 1 or sp[0].lower_ not in PRONOUN_GENDER:
        return None
    head = sp[0]

    def side(c: Any) -> str | None:
        a = any(s < row.a[1] and e > row.a[0] for s, e in c.mentions)
        b = any(s < row.b[1] and e > row.b[0] for s, e in c.mentions)
        return None if a == b else ("a" if a else "b")

    # the subject of the last reporting verb (GAP has no gold beyond A and B)
    speakers = [
        (v.i, s.i, c)
        for v in doc
        if v.pos_ == "VERB" and v.lemma_.lower() in REPORTING_VERBS
        for s in v.children
        if s.dep_ in ("nsubj", "nsubjpass") and (c := ents.cluster_at(s)) is not None
    ]
    views = candidate_views(
        ents._mentions_order,
        ents._subjects,
        head.i,
        sent_of,
        last_speaker=_last_speaker(speakers, head.i, sent_of),
        keep=lambda c: c.type == "PERSON",
    )
    views = [(c, v) for c, v in views if side(c) is not None]
    if not views:
        return None
    x = np.array([features(doc, sp, v, head=head) for _, v in views], np.float32)
    y = np.array(
        [float(row.a_coref if side(c) == "a" else row.b_coref) for c, _ in views], np.float32
    )
    return Group("gap", split, "pronoun", x, y, is_report_subject(head))


def build(data: Path, *, log: Any = print) -> list[Group]:
    from ..engine import get_engine

    nlp = get_engine().nlp
    groups: list[Group] = []
    t0 = time.time()
    docs = [("gum", s, d) for s, d in gum_docs(data / "gum")]
    docs += [("litbank", s, d) for s, d in litbank_docs(data / "litbank")]
    for (source, split, gold), doc in zip(
        docs, nlp.pipe((d.text for _, _, d in docs), batch_size=4), strict=True
    ):
        groups.extend(doc_groups(doc, gold, source, split))
    log(f"gum + litbank: {len(docs)} documents, {len(groups)} anaphors ({time.time() - t0:.0f}s)")
    for name, split in (
        ("gap-development.tsv", "train"),
        ("gap-validation.tsv", "train"),
        ("gap-test.tsv", "test"),
    ):
        rows = gap_rows(data / "gap" / name)
        for row, doc in zip(rows, nlp.pipe((r.text for r in rows), batch_size=64), strict=True):
            g = gap_groups(doc, row, split)
            if g is not None:
                groups.append(g)
        log(f"{name}: {len(rows)} rows, {len(groups)} anaphors ({time.time() - t0:.0f}s)")
    return groups


# --------------------------------------------------------------------------
# training


#: Example weights: news-like GUM counts more than fiction and Wikipedia; anaphors that
#: are the subject of a reporting verb ("he said": what the engine resolves) count more.
WEIGHTS = {"gum": 2.0, "gap": 1.0, "litbank": 1.0, "report_subject": 3.0}


def weight(g: Group) -> float:
    return WEIGHTS[g.source] * (WEIGHTS["report_subject"] if g.report_subj else 1.0)


def _usable(g: Group) -> Group:
    """The group without the candidates whose gender clashes (never chosen in use)."""
    keep = g.x[:, FEATURE_NAMES.index("gender_clash")] <= 0
    return Group(g.source, g.split, g.kind, g.x[keep], g.y[keep], g.report_subj)


def train(
    groups: list[Group], *, hidden: int = 16, epochs: int = 40, lr: float = 0.01, l2: float = 1e-4
) -> AntecedentRanker:
    """Fit the scorer: per anaphor, a softmax over its candidates and "no antecedent"
    (score 0), cross-entropy against the gold candidate(s) or "none" (Adam, NumPy)."""
    rng = np.random.default_rng(SEED)
    groups = [u for u in (_usable(g) for g in groups) if len(u.y)]
    x_all = np.concatenate([g.x for g in groups])
    mean = x_all.mean(axis=0)
    std = x_all.std(axis=0)
    std[std < 1e-6] = 1.0
    mean[0], std[0] = 0.0, 1.0  # the bias column stays 1
    zs = [(g.x - mean) / std for g in groups]
    d = x_all.shape[1]
    params = {
        "w1": rng.normal(0, 1 / np.sqrt(d), (d, hidden)).astype(np.float32),
        "b1": np.zeros(hidden, np.float32),
        "w2": rng.normal(0, 1 / np.sqrt(hidden), (hidden, 1)).astype(np.float32),
        "b2": np.zeros(1, np.float32),
    }
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(p) for k, p in params.items()}
    gw = np.array([weight(g) for g in groups], np.float32)
    gw /= gw.mean()
    step = 0
    batch = 64  # anaphors per step
    for _ in range(epochs):
        perm = rng.permutation(len(groups))
        for s0 in range(0, len(groups), batch):
            idx = perm[s0 : s0 + batch]
            xb = np.concatenate([zs[i] for i in idx])
            yb = np.concatenate([groups[i].y for i in idx])
            sizes = np.array([len(groups[i].y) for i in idx])
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
            seg = np.repeat(np.arange(len(idx)), sizes)
            h = np.tanh(xb @ params["w1"] + params["b1"])
            sc = (h @ params["w2"] + params["b2"]).reshape(-1)
            mx = np.maximum(np.maximum.reduceat(sc, starts), 0.0)
            e = np.exp(sc - mx[seg])
            z = np.exp(-mx) + np.add.reduceat(e, starts)
            p = e / z[seg]
            ysum = np.add.reduceat(yb, starts)
            t = yb / np.maximum(ysum, 1.0)[seg]
            ds = ((p - t) * gw[idx][seg] / len(idx)).reshape(-1, 1).astype(np.float32)
            grads = {"w2": h.T @ ds + l2 * params["w2"], "b2": ds.sum(axis=0)}
            dh = (ds @ params["w2"].T) * (1 - h**2)
            grads["w1"] = xb.T @ dh + l2 * params["w1"]
            grads["b1"] = dh.sum(axis=0)
            step += 1
            for k in params:
                m[k] = 0.9 * m[k] + 0.1 * grads[k]
                v[k] = 0.999 * v[k] + 0.001 * grads[k] ** 2
                mh = m[k] / (1 - 0.9**step)
                vh = v[k] / (1 - 0.999**step)
                params[k] -= lr * mh / (np.sqrt(vh) + 1e-8)
    return AntecedentRanker(
        params["w1"], params["b1"], params["w2"].reshape(-1), float(params["b2"][0]), mean, std
    )


def measure(model: AntecedentRanker, groups: list[Group], threshold: float) -> dict[str, Any]:
    """Per-anaphor figures: accuracy of the best candidate where the gold entity is among
    the candidates; precision / recall when picking the best only at p >= threshold."""
    n = with_gold = top_right = picked = picked_right = 0
    for g in groups:
        n += 1
        if len(g.y) == 0:
            continue
        p = model.predict(g.x)
        k = int(np.argmax(p))
        has = bool(g.y.max() > 0)
        with_gold += has
        top_right += has and g.y[k] > 0
        if p[k] >= threshold:
            picked += 1
            picked_right += bool(g.y[k] > 0)
    return {
        "anaphors": n,
        "gold_among_candidates": with_gold,
        "top1_accuracy": round(top_right / with_gold, 4) if with_gold else None,
        "precision": round(picked_right / picked, 4) if picked else None,
        "recall": round(picked_right / with_gold, 4) if with_gold else None,
    }


def choose_threshold(model: AntecedentRanker, groups: list[Group]) -> float:
    """The lowest threshold with precision >= 0.9 on the given groups (default 0.5)."""
    best = 0.5
    for t in np.arange(0.9, 0.19, -0.05):
        r = measure(model, groups, float(t))
        if r["precision"] is not None and r["precision"] >= 0.9:
            best = float(round(t, 2))
    return best


def report(model: AntecedentRanker, groups: list[Group]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for source in ("gum", "litbank", "gap"):
        for split in ("train", "dev", "test"):
            for kind in ("pronoun", "description"):
                sel = [g for g in groups if (g.source, g.split, g.kind) == (source, split, kind)]
                if sel:
                    out[f"{source}/{split}/{kind}"] = measure(model, sel, model.threshold)
                rs = [g for g in sel if g.report_subj]
                if rs:
                    out[f"{source}/{split}/{kind}/report_subject"] = measure(
                        model, rs, model.threshold
                    )
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="directory holding gum/, gap/ and litbank/")
    ap.add_argument("--out", type=Path, default=Path("src/saidwhat/models"))
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the examples (reused)")
    ap.add_argument("--hidden", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--gum-weight", type=float, default=WEIGHTS["gum"])
    ap.add_argument("--report-weight", type=float, default=WEIGHTS["report_subject"])
    args = ap.parse_args(argv)
    if args.cache is not None and args.cache.exists():
        groups = pickle.loads(args.cache.read_bytes())
    else:
        groups = build(args.data)
        if args.cache is not None:
            args.cache.write_bytes(pickle.dumps(groups))
    if groups and len(groups[0].x[0]) != len(FEATURE_NAMES):
        raise SystemExit("the cached examples have other features: remove --cache")
    WEIGHTS["gum"], WEIGHTS["report_subject"] = args.gum_weight, args.report_weight
    train_groups = [g for g in groups if g.split == "train"]
    t0 = time.time()
    model = train(train_groups, hidden=args.hidden, epochs=args.epochs)
    dev = [g for g in groups if g.source == "gum" and g.split == "dev"]
    model.threshold = choose_threshold(model, dev)
    counts = Counter(f"{g.source}/{g.split}/{g.kind}" for g in groups)
    model.meta = {
        "recipe": "python -m saidwhat.train.antecedents ../shared/data",
        "hidden": args.hidden,
        "epochs": args.epochs,
        "weights": dict(WEIGHTS),
        "seed": SEED,
        "anaphors": dict(sorted(counts.items())),
        "pairs_train": int(sum(len(g.y) for g in train_groups)),
        "threshold_chosen_on": "gum/dev (non-news), lowest with precision >= 0.9",
    }
    model.meta["figures"] = report(model, groups)
    model.save(args.out / MODEL_NAME)
    print(json.dumps(model.meta, indent=1))
    print(f"trained in {time.time() - t0:.0f}s; threshold {model.threshold}")


if __name__ == "__main__":
    main()
