"""Measure cross-article speaker merging: pairwise precision and recall.

The system under test is the real store: texts are extracted by the engine
(results cached on disk), written with :func:`saidwhat.store.write.write_articles`
into a temporary SQLite store, and every stored named entity's canonical
speaker is compared with a reference identity.

Pairs are taken over all evaluated entities (within and across documents);
a pair is *gold-same* when both entities have the same reference identity and
*predicted-same* when the store gave them the same speaker. Figures for pairs
across documents only are reported separately.

References:

* **GUM news** (gold): each predicted entity is aligned to the GUM entity whose
  mention ends where one of its mentions ends (ignoring a possessive ``'s``),
  by majority over its mentions. Its identity is the GUM Wikipedia identity
  when annotated, otherwise the document-local GUM entity.
* **PolNeAR** (silver; see :func:`silver_identity`): for each predicted PERSON
  entity, the longest full name (first and last name) among its mention
  texts, normalised independently of the store's rules (title words and
  middle initials dropped, a small table of known nicknames). Entities never
  named in full in their article are left out (counted as ``excluded``).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from math import comb
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ..errors import Errors, EvaluationError
from ..ids import content_hash


@dataclass(frozen=True, slots=True)
class Item:
    """One evaluated entity: its document, reference identity and predicted speaker."""

    doc: str
    gold: str
    pred: int
    name: str


@dataclass(frozen=True, slots=True)
class MergeReport:
    corpus: str
    docs: int
    items: int
    identities: int
    excluded: int
    tp: int
    fp: int
    fn: int
    cross_tp: int
    cross_fp: int
    cross_fn: int
    false_merges: tuple[str, ...] = ()
    missed_merges: tuple[str, ...] = ()
    notes: Mapping[str, Any] = field(default_factory=dict)

    @staticmethod
    def _p(tp: int, fp: int) -> float:
        return tp / (tp + fp) if tp + fp else 1.0

    @property
    def precision(self) -> float:
        return self._p(self.tp, self.fp)

    @property
    def recall(self) -> float:
        return self._p(self.tp, self.fn)

    @property
    def cross_precision(self) -> float:
        return self._p(self.cross_tp, self.cross_fp)

    @property
    def cross_recall(self) -> float:
        return self._p(self.cross_tp, self.cross_fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "docs": self.docs,
            "items": self.items,
            "identities": self.identities,
            "excluded": self.excluded,
            "pairs": {"tp": self.tp, "fp": self.fp, "fn": self.fn},
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "cross_document": {
                "tp": self.cross_tp,
                "fp": self.cross_fp,
                "fn": self.cross_fn,
                "precision": round(self.cross_precision, 4),
                "recall": round(self.cross_recall, 4),
            },
            "false_merges": list(self.false_merges),
            "missed_merges": list(self.missed_merges),
            "notes": dict(self.notes),
        }

    def summary(self) -> str:
        lines = [
            f"{self.corpus}: {self.items} entities in {self.docs} documents, "
            f"{self.identities} identities ({self.excluded} entities excluded)",
            f"  all pairs:            precision {self.precision:.1%}  recall {self.recall:.1%}"
            f"  (tp {self.tp}, fp {self.fp}, fn {self.fn})",
            f"  cross-document pairs: precision {self.cross_precision:.1%}"
            f"  recall {self.cross_recall:.1%}"
            f"  (tp {self.cross_tp}, fp {self.cross_fp}, fn {self.cross_fn})",
        ]
        if "b3_precision" in self.notes:
            lines.append(
                f"  B-cubed (per entity):  precision {self.notes['b3_precision']:.1%}"
                f"  recall {self.notes['b3_recall']:.1%}"
            )
        if self.false_merges:
            lines.append("  false merges: " + "; ".join(self.false_merges[:8]))
        if self.missed_merges:
            lines.append("  missed merges: " + "; ".join(self.missed_merges[:8]))
        return "\n".join(lines)


def pairwise(
    items: Sequence[Item], *, corpus: str, excluded: int = 0, notes: Mapping[str, Any] | None = None
) -> MergeReport:
    """Pairwise counts from a list of items (counted by cell sizes, not by enumerating pairs)."""

    def pairs(counter: Counter[Any]) -> int:
        return sum(comb(n, 2) for n in counter.values())

    both = Counter((i.gold, i.pred) for i in items)
    gold = Counter(i.gold for i in items)
    pred = Counter(i.pred for i in items)
    tp, gp, pp = pairs(both), pairs(gold), pairs(pred)
    w_both = Counter((i.doc, i.gold, i.pred) for i in items)
    w_gold = Counter((i.doc, i.gold) for i in items)
    w_pred = Counter((i.doc, i.pred) for i in items)
    ctp = tp - pairs(w_both)
    cgp = gp - pairs(w_gold)
    cpp = pp - pairs(w_pred)
    # Examples of errors (names only).
    by_pred: dict[int, set[str]] = defaultdict(set)
    by_gold: dict[str, set[int]] = defaultdict(set)
    names: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
    for i in items:
        by_pred[i.pred].add(i.gold)
        by_gold[i.gold].add(i.pred)
        names[(i.gold, i.pred)][i.name] += 1
    false_merges = []
    for p, golds in sorted(by_pred.items(), key=lambda kv: -len(kv[1])):
        if len(golds) > 1:
            shown = sorted(names[(g, p)].most_common(1)[0][0] for g in golds)
            false_merges.append(" = ".join(shown[:4]))
    missed = []
    for g, preds in sorted(by_gold.items(), key=lambda kv: -len(kv[1])):
        if len(preds) > 1:
            shown = sorted({names[(g, p)].most_common(1)[0][0] for p in preds})
            missed.append(f"{g}: " + " / ".join(shown[:4]) + f" ({len(preds)} speakers)")
    n = len(items) or 1
    b3 = {
        "b3_precision": round(sum(c * c / pred[p] for (_, p), c in both.items()) / n, 4),
        "b3_recall": round(sum(c * c / gold[g] for (g, _), c in both.items()) / n, 4),
    }
    return MergeReport(
        corpus=corpus,
        docs=len({i.doc for i in items}),
        items=len(items),
        identities=len(gold),
        excluded=excluded,
        tp=tp,
        fp=pp - tp,
        fn=gp - tp,
        cross_tp=ctp,
        cross_fp=cpp - ctp,
        cross_fn=cgp - ctp,
        false_merges=tuple(false_merges[:20]),
        missed_merges=tuple(missed[:20]),
        notes={**b3, **(notes or {})},
    )


# -- running the system ----------------------------------------------------------------------


def extract_cached(
    docs: Sequence[tuple[str, str]], *, cache: str | Path | None, n_process: int = 1
) -> dict[str, dict[str, Any]]:
    """Engine results for ``(doc id, text)`` pairs, cached as JSONL keyed by content hash."""
    out: dict[str, dict[str, Any]] = {}
    path = Path(cache) / "extractions.jsonl" if cache else None
    known: dict[str, dict[str, Any]] = {}
    if path is not None and path.exists():
        with open(path, encoding="utf-8") as cached:
            for line in cached:
                if line.strip():
                    rec = json.loads(line)
                    known[content_hash(rec["text"])] = rec
    todo = [(i, t) for i, t in docs if content_hash(t) not in known]
    if todo:
        from ..api import extract_many

        fh: Any = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = open(path, "a", encoding="utf-8")  # noqa: SIM115
        try:
            for res in extract_many([(t, i) for i, t in todo], n_process=n_process):
                d = res.to_dict()
                known[content_hash(d["text"])] = d
                if fh is not None:
                    fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        finally:
            if fh is not None:
                fh.close()
    for i, t in docs:
        d = dict(known[content_hash(t)])
        d["id"] = i
        out[i] = d
    return out


def assign_speakers(
    records: Iterable[tuple[dict[str, Any], Mapping[str, Any]]],
) -> dict[tuple[str, str], tuple[int, str]]:
    """Write records into a temporary SQLite store; ``(doc id, entity id) -> (speaker, type)``."""
    from .db import open_store
    from .schema import articles, entities
    from .write import write_articles

    with tempfile.TemporaryDirectory(prefix="saidwhat-eval-") as tmp:
        store = open_store(Path(tmp) / "eval.db")
        try:
            write_articles(store, records)
            with store.connect() as conn:
                rows = conn.execute(
                    sa.select(
                        articles.c.source_id,
                        entities.c.local_id,
                        entities.c.speaker_id,
                        entities.c.type,
                    )
                    .select_from(entities.join(articles, articles.c.id == entities.c.article_id))
                    .where(entities.c.speaker_id.is_not(None))
                ).all()
        finally:
            store.close()
    return {(r[0], r[1]): (int(r[2]), r[3]) for r in rows}


# -- GUM ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldMention:
    start: int
    end: int
    entity: str
    etype: str


def _parse_entity_field(value: str) -> list[tuple[str, str, str]]:
    """Brackets of a CorefUD ``Entity=`` value: (kind, id, body) with kind open/close/single."""
    out = []
    i = 0
    while i < len(value):
        if value[i] == "(":
            j = i + 1
            while j < len(value) and value[j] not in "()":
                j += 1
            body = value[i + 1 : j]
            eid = body.split("-", 1)[0]
            if j < len(value) and value[j] == ")":
                out.append(("single", eid, body))
                i = j + 1
            else:
                out.append(("open", eid, body))
                i = j
        else:
            j = i
            while j < len(value) and value[j] != ")":
                j += 1
            out.append(("close", value[i:j], ""))
            i = j + 1
    return out


def read_gum_doc(path: str | Path) -> tuple[str, list[GoldMention], dict[str, str]]:
    """Text (paragraphs as in scripts/make_sample.py), gold mentions and identities of a
    GUM conllu file. Identities map entity id to Wikipedia identity when annotated."""
    paras: list[list[tuple[str, list[list[str]]]]] = []
    sent_text = ""
    rows: list[list[str]] = []
    for line in Path(path).read_text("utf-8").splitlines():
        if line.startswith("# newpar") and not line.startswith("# newpar_"):
            paras.append([])
        elif line.startswith("# text = "):
            sent_text = line[len("# text = ") :]
            rows = []
        elif line and not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                rows.append(cols)
        elif not line and sent_text:
            if not paras:
                paras.append([])
            paras[-1].append((sent_text, rows))
            sent_text = ""
    if sent_text:
        if not paras:
            paras.append([])
        paras[-1].append((sent_text, rows))
    text_parts: list[str] = []
    offset = 0
    mentions: list[GoldMention] = []
    identities: dict[str, str] = {}
    etypes: dict[str, str] = {}
    stacks: dict[str, list[int]] = defaultdict(list)
    first_para = True
    for para in paras:
        if not para:
            continue
        if not first_para:
            text_parts.append("\n\n")
            offset += 2
        first_para = False
        for k, (stext, toks) in enumerate(para):
            if k:
                text_parts.append(" ")
                offset += 1
            pos = 0
            for cols in toks:
                form, misc = cols[1], cols[9]
                at = stext.find(form, pos)
                if at < 0:
                    continue
                t_start, t_end = offset + at, offset + at + len(form)
                pos = at + len(form)
                ent = next((f[7:] for f in misc.split("|") if f.startswith("Entity=")), "")
                for kind, eid, body in _parse_entity_field(ent):
                    if body:
                        parts = body.split("-", 7)
                        if len(parts) > 1:
                            etypes.setdefault(eid, parts[1])
                        if len(parts) == 8 and parts[7]:
                            identities[eid] = parts[7]
                    if kind == "single":
                        mentions.append(GoldMention(t_start, t_end, eid, etypes.get(eid, "")))
                    elif kind == "open":
                        stacks[eid].append(t_start)
                    elif stacks.get(eid):
                        mentions.append(
                            GoldMention(stacks[eid].pop(), t_end, eid, etypes.get(eid, ""))
                        )
            text_parts.append(stext)
            offset += len(stext)
    text = "".join(text_parts) + "\n"
    return text, mentions, identities


_POSS = re.compile(r"\s*(?:['’]s?)$")


def _core_end(text: str, start: int, end: int) -> int:
    """End offset without a trailing possessive ("Trump's" -> "Trump")."""
    return start + len(_POSS.sub("", text[start:end]))


def align_gum(
    entity: Mapping[str, Any], text: str, gold: Sequence[GoldMention]
) -> GoldMention | None:
    """The gold mention an engine entity corresponds to (majority over its mentions)."""
    by_end: dict[int, list[GoldMention]] = defaultdict(list)
    for g in gold:
        by_end[_core_end(text, g.start, g.end)].append(g)
    votes: Counter[str] = Counter()
    pick: dict[str, GoldMention] = {}
    for m in entity.get("mentions", ()):
        cands = by_end.get(_core_end(text, m["start"], m["end"]), [])
        if not cands:
            continue
        best = min(cands, key=lambda g: (abs(g.start - m["start"]), g.end - g.start))
        votes[best.entity] += 1
        pick[best.entity] = best
    if not votes:
        return None
    return pick[votes.most_common(1)[0][0]]


GUM_TYPES = {"person", "organization", "place"}


def evaluate_gum(
    gum_dir: str | Path, *, cache: str | Path | None = None, n_process: int = 1
) -> MergeReport:
    """Pairwise speaker merging on the GUM news documents against gold identities."""
    files = sorted(Path(gum_dir, "dep").glob("GUM_news_*.conllu"))
    if not files:
        raise EvaluationError(Errors.E020.format(path=gum_dir, split="dep"))
    docs: dict[str, tuple[str, list[GoldMention], dict[str, str]]] = {}
    for f in files:
        docs[f.stem] = read_gum_doc(f)
    results = extract_cached(
        [(k, v[0]) for k, v in docs.items()],
        cache=Path(cache) / "gum" if cache else None,
        n_process=n_process,
    )
    assigned = assign_speakers((r, {}) for r in results.values())
    items: list[Item] = []
    excluded = 0
    for doc, rec in results.items():
        text, gold, idents = docs[doc]
        for e in rec["entities"]:
            sp = assigned.get((doc, e["id"]))
            if sp is None:
                continue
            g = align_gum(e, text, gold)
            if g is None or g.etype not in GUM_TYPES:
                excluded += 1
                continue
            ident = idents.get(g.entity) or f"{doc}#{g.entity}"
            items.append(Item(doc, ident, sp[0], e["name"]))
    return pairwise(
        items,
        corpus="GUM news (gold coreference and Wikipedia identities)",
        excluded=excluded,
        notes={"documents": len(docs)},
    )


# -- PolNeAR silver set ----------------------------------------------------------------------

#: Words that cannot be a first name in the silver normaliser (titles, places before titles).
SILVER_TITLES = frozenset(
    "mr mrs ms dr president sen senator rep gov governor secretary former vice candidate "
    "nominee gen general attorney speaker lady democrat republican gop rev state "
    "presidential chairman chief judge justice mayor the us".split()
)
#: Known variants in the 2016 US election coverage of PolNeAR (after initials are kept).
SILVER_ALIASES = {
    "rodham clinton": "hillary clinton",
    "william clinton": "bill clinton",
    "jefferson clinton": "bill clinton",
    "bernard sanders": "bernie sanders",
    "rafael cruz": "ted cruz",
    "edward cruz": "ted cruz",
    "michael pence": "mike pence",
    "timothy kaine": "tim kaine",
    "donald j trump": "donald trump",
    "rudolph w giuliani": "rudy giuliani",
    "rudolph giuliani": "rudy giuliani",
}
_WORDS = re.compile(r"[^\W\d_][\w’'.-]*|\d+", re.UNICODE)


def _silver_from(text: str) -> str | None:
    """``first [initials] last [jr]`` from the last run of capitalised words, or None."""
    runs: list[list[str]] = []
    cur: list[str] = []
    for w in _WORDS.findall(text):
        if w[:1].isupper():
            cur.append(w)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    if not runs:
        return None
    toks = [re.sub(r"['’]s?$", "", t).replace(".", "").lower() for t in runs[-1]]
    toks = [t for t in toks if t]
    suffix = toks.pop() if len(toks) > 2 and toks[-1] in ("jr", "sr", "ii", "iii") else ""
    if len(toks) < 2:
        return None
    last = toks[-1]
    i = len(toks) - 2
    initials: list[str] = []
    while i > 0 and len(toks[i]) <= 2:
        initials.insert(0, toks[i])
        i -= 1
    first = toks[i]
    if first in SILVER_TITLES or len(first) <= 1:
        return None
    key = " ".join([first, *initials, last, *([suffix] if suffix else [])])
    return SILVER_ALIASES.get(key, key)


def silver_identity(names: Iterable[str]) -> str | None:
    """The silver identity of an entity: the most frequent full name among its mention
    texts (ties: the longest), each read by :func:`_silver_from`."""
    found = Counter(k for n in names if (k := _silver_from(n)))
    if not found:
        return None
    return max(found, key=lambda k: (found[k], len(k), k))


def _polnear_meta(root: Path) -> dict[str, dict[str, str]]:
    meta: dict[str, dict[str, str]] = {}
    tsv = root / "metadata.tsv"
    if not tsv.exists():
        return meta
    lines = tsv.read_text("utf-8").splitlines()
    head = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(head, line.split("\t"), strict=False))
        meta[row.get("filename", "")] = {
            "outlet": row.get("publisher", ""),
            "published": row.get("publication_date", ""),
            "title": row.get("title", ""),
        }
    return meta


def evaluate_polnear(
    polnear_dir: str | Path,
    *,
    split: str = "train",
    cache: str | Path | None = None,
    limit: int | None = None,
    n_process: int = 1,
) -> MergeReport:
    """Pairwise merging of PERSON speakers across PolNeAR articles against silver identities."""
    root = Path(polnear_dir)
    text_dir = root / split / "text"
    files = sorted(text_dir.glob("*.txt"))
    if not files:
        raise EvaluationError(Errors.E020.format(path=root, split=split))
    # File names start with outlet and date; ingest in date order like a news feed.
    files.sort(key=lambda p: (p.stem.split("_")[1] if "_" in p.stem else "", p.stem))
    if limit:
        files = files[:limit]
    meta = _polnear_meta(root)
    docs = [(f.stem, f.read_text("utf-8")) for f in files]
    results = extract_cached(
        docs, cache=Path(cache) / f"polnear-{split}" if cache else None, n_process=n_process
    )
    assigned = assign_speakers((results[d], meta.get(d, {})) for d, _ in docs)
    items: list[Item] = []
    excluded = 0
    for doc, _ in docs:
        for e in results[doc]["entities"]:
            sp = assigned.get((doc, e["id"]))
            if sp is None or e["type"] != "PERSON":
                continue
            ident = silver_identity([m["text"] for m in e.get("mentions", ())] + [e["name"]])
            if ident is None:
                excluded += 1
                continue
            items.append(Item(doc, ident, sp[0], e["name"]))
    recurring = sum(
        1
        for c in Counter(i.gold for i in {(i.doc, i.gold): i for i in items}.values()).values()
        if c > 1
    )
    return pairwise(
        items,
        corpus=f"PolNeAR {split} (silver full-name identities)",
        excluded=excluded,
        notes={"articles": len(docs), "identities_in_2plus_articles": recurring},
    )


__all__ = [
    "Item",
    "MergeReport",
    "align_gum",
    "evaluate_gum",
    "evaluate_polnear",
    "extract_cached",
    "pairwise",
    "read_gum_doc",
    "silver_identity",
]
