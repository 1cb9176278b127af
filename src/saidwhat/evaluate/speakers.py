"""Evaluate in-article speaker resolution against gold coreference.

For each quote the engine emits, its source span ("he", "the minister",
"Massoud") is matched to a gold mention; the gold coreference cluster of that
mention is the right speaker. The engine's speaker entity is judged by the
gold clusters of its own mentions. Two corpora are read:

* GUM news (``dep/GUM_news_*.conllu``): coreference in the ``Entity=``
  brackets of the MISC column, gold dependencies for mention heads. The text
  is rebuilt like ``scripts/make_sample.py`` does ("\\n\\n" between
  paragraphs, " " between sentences).
* LitBank (``quotations/tsv`` and ``coref/brat``): the gold speaker of a
  quote is given directly (``ATTRIB``); the tokenized text is detokenized
  before extraction and every offset is mapped onto the new text.

Definitions (see docs/speakers.md):

* *matching* a character span to a gold mention: among the gold mentions
  overlapping it, prefer the one whose head is the span's head (when a gold
  parse is known), then one containing that head, then the largest character
  overlap, then the closest length.
* the *cluster of an entity* E: the most frequent gold cluster among the
  named gold mentions matched by E's mentions, or among all its matched
  mentions when none is named.
* a quote with gold cluster G and speaker E is **correct** when E's cluster
  is G and, if G has a named mention, it was found through a named mention.
  When G is an unnamed singleton, an UNNAMED speaker is correct too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

from ..errors import Errors, EvaluationError
from ..records import ArticleResult, Entity, Quote

Outcome = Literal["correct", "wrong", "unlinked", "missed", "abstained", "unmatched", "no_source"]
MentionKind = Literal["pronoun", "proper", "nominal", "unnamed", "none"]

#: outcomes that enter the resolution figures (the others are only counted)
SCORED: tuple[Outcome, ...] = ("correct", "wrong", "unlinked", "missed", "abstained")
KINDS: tuple[MentionKind, ...] = ("pronoun", "proper", "nominal", "unnamed")


# --------------------------------------------------------------------------
# gold records


@dataclass(frozen=True, slots=True)
class GoldToken:
    """A token of the gold text; ``head`` is the index of its syntactic head (-1: root/unknown)."""

    start: int
    end: int
    head: int = -1


@dataclass(frozen=True, slots=True)
class GoldMention:
    start: int
    end: int
    cluster: str
    named: bool = False
    kind: Literal["pronoun", "proper", "nominal"] = "nominal"
    head: tuple[int, int] | None = None  # character range of the head token


@dataclass(frozen=True, slots=True)
class GoldCluster:
    id: str
    name: str
    named: bool
    size: int


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """A gold quotation (LitBank) with the cluster of its speaker."""

    id: str
    start: int
    end: int
    speaker: str


@dataclass(frozen=True, slots=True)
class GoldDoc:
    id: str
    text: str
    mentions: tuple[GoldMention, ...]
    clusters: Mapping[str, GoldCluster]
    tokens: tuple[GoldToken, ...] = ()
    quotes: tuple[GoldQuote, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)


def make_clusters(
    mentions: Iterable[GoldMention], names: Mapping[str, str]
) -> dict[str, GoldCluster]:
    """Group mentions into :class:`GoldCluster` records.

    A cluster is named when one of its mentions is; its display name is
    ``names[cluster]`` if given, else the text-less cluster id.
    """
    size: Counter[str] = Counter()
    named: set[str] = set()
    for m in mentions:
        size[m.cluster] += 1
        if m.named:
            named.add(m.cluster)
    return {
        c: GoldCluster(id=c, name=names.get(c, c), named=c in named, size=n)
        for c, n in size.items()
    }


# --------------------------------------------------------------------------
# matching and judging (pure functions)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Number of characters shared by two half-open ranges."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def span_head(start: int, end: int, tokens: Sequence[GoldToken]) -> tuple[int, int] | None:
    """Character range of the syntactic head of ``[start, end)`` under the gold parse.

    The head is the first token overlapping the span whose head lies outside
    the span. ``None`` when the span covers no token or no parse is known.
    """
    inside = [i for i, t in enumerate(tokens) if t.start < end and t.end > start]
    if not inside or all(tokens[i].head < 0 for i in inside):
        return None
    members = set(inside)
    for i in inside:
        if tokens[i].head not in members:
            return (tokens[i].start, tokens[i].end)
    return None  # a cycle cannot happen in a tree; be safe


def match_mention(
    start: int,
    end: int,
    mentions: Sequence[GoldMention],
    *,
    head: tuple[int, int] | None = None,
) -> GoldMention | None:
    """The gold mention a character span refers to (see the module docstring)."""
    best: GoldMention | None = None
    best_key: tuple[int, int, int, int] | None = None
    for m in mentions:
        ov = overlap((start, end), (m.start, m.end))
        if ov <= 0:
            continue
        same_head = int(head is not None and m.head == head)
        has_head = int(head is not None and m.start <= head[0] and head[1] <= m.end)
        key = (same_head, has_head, ov, -abs((m.end - m.start) - (end - start)))
        if best_key is None or key > best_key:
            best, best_key = m, key
    return best


def mention_kind(mention: GoldMention, cluster: GoldCluster) -> MentionKind:
    """``unnamed`` when the gold cluster has no named mention, else the mention's own kind."""
    return "unnamed" if not cluster.named else mention.kind


@dataclass(frozen=True, slots=True)
class Judgement:
    """The verdict on one engine quote."""

    doc: str
    quote: str
    outcome: Outcome
    kind: MentionKind
    source: str = ""
    speaker: str | None = None  # the engine's speaker name
    speaker_type: str | None = None
    gold: str | None = None  # the gold cluster's name
    engine_cluster: str | None = None  # name of the gold cluster E was found to be
    embedded: bool = False  # wrong because E is an entity named inside the source phrase
    #: LitBank: whether the engine's source is a mention of the gold speaker (None: no
    #: source or it matches no mention); always True for GUM, where G comes from the source
    source_ok: bool | None = True

    @property
    def category(self) -> str:
        if self.outcome == "wrong" and self.embedded:
            return f"wrong-embedded/{self.kind}"
        if self.outcome in ("wrong", "unlinked") and self.source_ok is False:
            return f"{self.outcome}-source/{self.kind}"
        return f"{self.outcome}/{self.kind}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "quote": self.quote,
            "outcome": self.outcome,
            "kind": self.kind,
            "source": self.source,
            "speaker": self.speaker,
            "speaker_type": self.speaker_type,
            "gold": self.gold,
            "engine_cluster": self.engine_cluster,
            "source_ok": self.source_ok,
            "category": self.category,
        }


def _majority(found: Sequence[GoldMention]) -> str | None:
    """The most frequent cluster; ties go to the one matched first in the text."""
    if not found:
        return None
    counts = Counter(gm.cluster for gm in found)
    top = max(counts.values())
    return next(gm.cluster for gm in found if counts[gm.cluster] == top)


def entity_cluster(entity: Entity, doc: GoldDoc) -> tuple[str | None, bool]:
    """The gold cluster of an engine entity, and whether it was found by a named mention.

    Each mention of the entity is matched to a gold mention. The cluster is
    the most frequent one among the matched *named* gold mentions; when the
    entity matches no named gold mention, among all its matched mentions.
    """
    found = []
    for m in sorted(entity.mentions, key=lambda m: (m.start, m.end)):
        gm = match_mention(m.start, m.end, doc.mentions, head=span_head(m.start, m.end, doc.tokens))
        if gm is not None:
            found.append(gm)
    named = [gm for gm in found if gm.named]
    if named:
        return _majority(named), True
    return _majority(found), False


def judge(
    entity: Entity | None, gold_cluster: GoldCluster, doc: GoldDoc
) -> tuple[Outcome, str | None]:
    """Judge a speaker entity E against the gold cluster G; returns (outcome, E's gold cluster).

    * ``missed``: no speaker although G has a named mention;
    * ``abstained``: no speaker and G is never named (not an error);
    * ``correct``: E's cluster is G and, if G is named, was found by a named
      mention of E; or G is an unnamed singleton and E is UNNAMED;
    * ``unlinked``: E's cluster is G, G is named, but no mention of E is a
      named mention of G (the speaker was not connected to its name);
    * ``wrong``: anything else.
    """
    if entity is None:
        return ("missed" if gold_cluster.named else "abstained"), None
    cluster, by_name = entity_cluster(entity, doc)
    if cluster != gold_cluster.id:
        if not gold_cluster.named and gold_cluster.size == 1 and entity.type == "UNNAMED":
            return "correct", cluster
        return "wrong", cluster
    if gold_cluster.named and not by_name:
        return "unlinked", cluster
    return "correct", cluster


def is_embedded(cluster: str | None, mention: GoldMention, doc: GoldDoc) -> bool:
    """Whether ``cluster`` has a gold mention nested inside ``mention``.

    Used to tell apart the wrong speakers that are a name inside the source
    phrase ("an article in Freedom Magazine" -> Freedom Magazine).
    """
    return cluster is not None and any(
        m.cluster == cluster and mention.start <= m.start and m.end <= mention.end
        for m in doc.mentions
    )


def _name(doc: GoldDoc, cluster: str | None) -> str | None:
    if cluster is None:
        return None
    c = doc.clusters.get(cluster)
    return c.name if c else cluster


def judge_article(result: ArticleResult, doc: GoldDoc) -> list[Judgement]:
    """Judge every quote of an engine result on a document with gold coreference (GUM).

    The gold cluster of a quote is the cluster of the gold mention matched by
    its first source span that matches one.
    """
    entities = {e.id: e for e in result.entities}
    out: list[Judgement] = []
    for q in result.quotes:
        base: dict[str, Any] = {
            "doc": doc.id,
            "quote": q.id,
            "source": " | ".join(s.text for s in q.sources),
        }
        speaker = entities.get(q.speaker.entity) if q.speaker else None
        base |= _speaker_fields(q, speaker)
        if not q.sources:
            out.append(Judgement(outcome="no_source", kind="none", **base))
            continue
        gm = None
        for s in q.sources:
            gm = match_mention(
                s.start, s.end, doc.mentions, head=span_head(s.start, s.end, doc.tokens)
            )
            if gm is not None:
                break
        if gm is None:
            out.append(Judgement(outcome="unmatched", kind="none", **base))
            continue
        gc = doc.clusters[gm.cluster]
        outcome, ec = judge(speaker, gc, doc)
        out.append(
            Judgement(
                outcome=outcome,
                kind=mention_kind(gm, gc),
                gold=gc.name,
                engine_cluster=_name(doc, ec),
                embedded=outcome == "wrong" and is_embedded(ec, gm, doc),
                **base,
            )
        )
    return out


def _speaker_fields(q: Quote, speaker: Entity | None) -> dict[str, Any]:
    if q.speaker is None:
        return {"speaker": None, "speaker_type": None}
    name = speaker.name if speaker else q.speaker.name
    return {"speaker": name, "speaker_type": q.speaker.type}


def judge_quotations(result: ArticleResult, doc: GoldDoc) -> list[Judgement]:
    """Judge engine quotes against gold quotations with speakers (LitBank).

    A quote is scored when one of its content spans overlaps a gold quotation
    (the one with the largest overlap); the gold cluster is the quotation's
    speaker. The mention kind is ``unnamed`` when the speaker's cluster has no
    named mention, else the kind of the gold mention matched by the engine's
    source (``none`` when the source matches no mention). ``source_ok`` tells
    whether that mention belongs to the speaker's cluster, i.e. whether an
    error comes from attribution (wrong source) rather than from resolution.
    """
    entities = {e.id: e for e in result.entities}
    out: list[Judgement] = []
    for q in result.quotes:
        base: dict[str, Any] = {
            "doc": doc.id,
            "quote": q.id,
            "source": " | ".join(s.text for s in q.sources),
        }
        speaker = entities.get(q.speaker.entity) if q.speaker else None
        base |= _speaker_fields(q, speaker)
        best: GoldQuote | None = None
        best_ov = 0
        for gq in doc.quotes:
            ov = sum(overlap((c.start, c.end), (gq.start, gq.end)) for c in q.contents)
            if ov > best_ov:
                best, best_ov = gq, ov
        if best is None or best.speaker not in doc.clusters:
            out.append(Judgement(outcome="unmatched", kind="none", **base))
            continue
        gc = doc.clusters[best.speaker]
        kind: MentionKind = "unnamed" if not gc.named else "none"
        source_ok: bool | None = None
        for s in q.sources:
            gm = match_mention(s.start, s.end, doc.mentions)
            if gm is not None:
                kind = mention_kind(gm, gc)
                source_ok = gm.cluster == gc.id
                break
        outcome, ec = judge(speaker, gc, doc)
        out.append(
            Judgement(
                outcome=outcome,
                kind=kind,
                gold=gc.name,
                engine_cluster=_name(doc, ec),
                source_ok=source_ok,
                **base,
            )
        )
    return out


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def summarize(judgements: Iterable[Judgement]) -> dict[str, Any]:
    """Counts and figures of a list of judgements.

    * ``precision`` = correct / resolved, where resolved = correct + wrong + unlinked;
    * ``coverage`` = resolved / scored, where scored = resolved + missed + abstained;
    * ``recall`` = correct / (scored - abstained): share of the quotes that need a
      speaker that got the right one.
    """
    counts: Counter[str] = Counter(j.outcome for j in judgements)
    resolved = counts["correct"] + counts["wrong"] + counts["unlinked"]
    scored = resolved + counts["missed"] + counts["abstained"]
    return {
        "quotes": sum(counts.values()),
        "scored": scored,
        "resolved": resolved,
        "counts": {o: counts[o] for o in (*SCORED, "unmatched", "no_source")},
        "precision": _ratio(counts["correct"], resolved),
        "coverage": _ratio(resolved, scored),
        "recall": _ratio(counts["correct"], scored - counts["abstained"]),
    }


def report(judgements: Sequence[Judgement], *, show: int = 0) -> dict[str, Any]:
    """Overall figures, the same split by mention kind, failure categories and examples."""
    out = summarize(judgements)
    out["by_kind"] = {k: summarize(j for j in judgements if j.kind == k) for k in KINDS}
    if any(j.source_ok is not True for j in judgements if j.outcome in SCORED):
        # resolution alone: the quotes whose source is a mention of the gold speaker
        out["right_source"] = summarize(j for j in judgements if j.source_ok)
    failures = [j for j in judgements if j.outcome in ("wrong", "unlinked", "missed")]
    cats = Counter(j.category for j in failures)
    out["failure_categories"] = dict(cats.most_common())
    if show:
        out["examples"] = {
            cat: [j.to_dict() for j in failures if j.category == cat][:show]
            for cat, _ in cats.most_common()
        }
    return out


# --------------------------------------------------------------------------
# GUM


_ENTITY_ITEM = re.compile(r"\(([^()]+)(\))?|(\d+)\)")


@dataclass(frozen=True, slots=True)
class Bracket:
    """One bracket of a CorefUD ``Entity=`` value.

    ``(3-person-new-...-Hamdullah_Mohib`` opens a mention of cluster 3,
    ``3)`` closes it, ``(7-time-...-coref)`` opens and closes on one token.
    """

    cluster: str
    opens: bool
    closes: bool
    etype: str = ""
    link: str = ""
    identity: str = ""


def parse_entity_field(value: str) -> list[Bracket]:
    """Split a CorefUD ``Entity=`` value into its brackets, in order.

    Opening brackets carry ``GRP-etype-infstat-salience-centering-minspan-link-identity``
    (GUM's ``# global.Entity``); the identity (a Wikipedia name) is optional.
    """
    out: list[Bracket] = []
    for m in _ENTITY_ITEM.finditer(value):
        if m.group(1) is None:
            out.append(Bracket(cluster=m.group(3), opens=False, closes=True))
            continue
        parts = m.group(1).split("-", 7)
        if len(parts) < 2 or not parts[0]:
            raise EvaluationError(Errors.E025.format(value=value))
        out.append(
            Bracket(
                cluster=parts[0],
                opens=True,
                closes=m.group(2) is not None,
                etype=parts[1],
                link=parts[6] if len(parts) > 6 else "",
                identity=parts[7] if len(parts) > 7 else "",
            )
        )
    return out


@dataclass(slots=True)
class _Tok:
    form: str
    upos: str
    head: int  # conllu head id within the sentence (0 = root)
    deprel: str
    misc: str
    start: int = -1
    end: int = -1


def _misc(misc: str, key: str) -> str | None:
    for part in misc.split("|"):
        if part.startswith(key + "="):
            return part[len(key) + 1 :]
    return None


def _locate(text: str, form: str, cursor: int) -> tuple[int, int]:
    """Offsets of ``form`` at or after ``cursor`` with only spaces skipped."""
    i = cursor
    while i < len(text) and text[i].isspace():
        i += 1
    if text.startswith(form, i):
        return i, i + len(form)
    j = text.find(form, cursor)
    if j >= 0 and not text[cursor:j].strip():
        return j, j + len(form)
    return -1, -1


PRONOUN_UPOS = frozenset({"PRON"})
_NAME_DEPRELS = frozenset({"flat", "appos"})


def read_gum_conllu(content: str, *, doc_id: str = "") -> GoldDoc:
    """Read one GUM conllu document: rebuilt text, tokens with gold heads, mentions, clusters."""
    paras: list[list[tuple[str, list[_Tok], list[tuple[str, list[_Tok]]]]]] = []
    sent_text = ""
    toks: list[_Tok] = []
    mwts: list[tuple[str, list[_Tok]]] = []
    pending_mwt: tuple[str, int, int] | None = None  # form, first id, last id
    sentences: list[tuple[str, list[_Tok], list[tuple[str, list[_Tok]]]]] = []

    def flush() -> None:
        nonlocal toks, mwts, sent_text, pending_mwt
        pending_mwt = None
        if toks:
            if not paras:
                paras.append([])
            paras[-1].append((sent_text, toks, mwts))
            sentences.append((sent_text, toks, mwts))
        toks, mwts, sent_text = [], [], ""

    for line in content.splitlines():
        if not line.strip():
            flush()
            continue
        if line.startswith("#"):
            if line.startswith("# newdoc id = ") and not doc_id:
                doc_id = line.split("=", 1)[1].strip()
            elif line.startswith("# newpar") and not line.startswith("# newpar_"):
                flush()
                paras.append([])
            elif line.startswith("# text = "):
                sent_text = line[len("# text = ") :]
            continue
        cols = line.split("\t")
        if len(cols) < 10:
            continue
        tid = cols[0]
        if "." in tid:
            continue  # empty node
        if "-" in tid:
            a, b = tid.split("-")
            pending_mwt = (cols[1], int(a), int(b))
            mwts.append((cols[1], []))
            continue
        head = int(cols[6]) if cols[6].isdigit() else 0
        tok = _Tok(cols[1], cols[3], head, cols[7].split(":")[0], cols[9])
        toks.append(tok)
        if pending_mwt and pending_mwt[1] <= int(tid) <= pending_mwt[2]:
            mwts[-1][1].append(tok)
    flush()

    # rebuild the text and give every token its offsets
    parts: list[str] = []
    pos = 0
    all_toks: list[GoldToken] = []
    flat: list[_Tok] = []
    first_para = True
    for para in paras:
        if not para:
            continue
        if not first_para:
            parts.append("\n\n")
            pos += 2
        first_para = False
        for k, (stext, stoks, smwts) in enumerate(para):
            if k:
                parts.append(" ")
                pos += 1
            _place(stext, stoks, smwts, pos)
            parts.append(stext)
            pos += len(stext)
            base = len(flat)
            for t in stoks:
                flat.append(t)
                head = base + t.head - 1 if t.head > 0 else -1
                all_toks.append(GoldToken(t.start, t.end, head))
    text = "".join(parts) + "\n"

    # mentions from the Entity brackets
    stack: dict[str, list[tuple[int, Bracket]]] = {}
    spans: list[tuple[int, int, Bracket]] = []
    for i, t in enumerate(flat):
        value = _misc(t.misc, "Entity")
        if not value:
            continue
        for br in parse_entity_field(value):
            if br.opens and br.closes:
                spans.append((i, i, br))
            elif br.opens:
                stack.setdefault(br.cluster, []).append((i, br))
            elif stack.get(br.cluster):  # a close: the latest open mention of its cluster
                first, opened = stack[br.cluster].pop()
                spans.append((first, i, opened))
    names: dict[str, str] = {}
    mentions: list[GoldMention] = []
    for first, last, attrs in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end = all_toks[first].start, all_toks[last].end
        if start < 0 or end < 0:
            continue
        members = set(range(first, last + 1))
        head_i = min((i for i in members if all_toks[i].head not in members), default=first)
        upos = flat[head_i].upos
        # named: a proper-noun head, or a name hanging off a title ("president Sehar Memon")
        named = upos == "PROPN" or any(
            flat[i].upos == "PROPN"
            and flat[i].deprel in _NAME_DEPRELS
            and all_toks[i].head == head_i
            for i in members
        )
        kind: Literal["pronoun", "proper", "nominal"] = (
            "pronoun" if upos in PRONOUN_UPOS else "proper" if named else "nominal"
        )
        c = attrs.cluster
        if attrs.identity and c not in names:
            names[c] = unquote(attrs.identity).replace("_", " ")
        mentions.append(
            GoldMention(
                start,
                end,
                c,
                named=named,
                kind=kind,
                head=(all_toks[head_i].start, all_toks[head_i].end),
            )
        )
    for m in mentions:  # clusters without identity: the first named mention, else the first one
        if m.cluster not in names and m.named:
            names[m.cluster] = text[m.start : m.end]
    for m in mentions:
        names.setdefault(m.cluster, text[m.start : m.end])
    return GoldDoc(
        id=doc_id,
        text=text,
        mentions=tuple(mentions),
        clusters=make_clusters(mentions, names),
        tokens=tuple(all_toks),
    )


def _place(stext: str, stoks: list[_Tok], smwts: list[tuple[str, list[_Tok]]], base: int) -> None:
    """Give the tokens of one sentence character offsets (``base`` = offset of the sentence)."""
    in_mwt = {id(t): (form, members) for form, members in smwts for t in members}
    cursor = 0
    done: set[int] = set()
    for t in stoks:
        if id(t) in done:
            continue
        if id(t) in in_mwt:
            form, members = in_mwt[id(t)]
            s, e = _locate(stext, form, cursor)
            if s < 0:
                continue
            sub = s
            for mt in members:  # split the surface form when the parts spell it
                if stext.startswith(mt.form, sub) and sub + len(mt.form) <= e:
                    mt.start, mt.end = base + sub, base + sub + len(mt.form)
                    sub += len(mt.form)
                else:
                    mt.start, mt.end = base + s, base + e
                done.add(id(mt))
            cursor = e
            continue
        s, e = _locate(stext, t.form, cursor)
        if s >= 0:
            t.start, t.end = base + s, base + e
            cursor = e


def read_gum(directory: str | Path, *, limit: int | None = None) -> list[GoldDoc]:
    """Read the ``dep/GUM_news_*.conllu`` files of a GUM directory (sorted by name)."""
    root = Path(directory)
    dep = root / "dep" if (root / "dep").is_dir() else root
    files = sorted(dep.glob("GUM_*.conllu"))
    if not files:
        raise EvaluationError(Errors.E026.format(path=root, what="dep/GUM_*.conllu files"))
    files = files[:limit] if limit is not None else files
    return [read_gum_conllu(f.read_text("utf-8"), doc_id=f.stem) for f in files]


# --------------------------------------------------------------------------
# LitBank

_NO_SPACE_BEFORE = frozenset(
    {
        ",",
        ".",
        ";",
        ":",
        "!",
        "?",
        ")",
        "]",
        "}",
        "'s",
        "n't",
        "'ll",
        "'re",
        "'ve",
        "'m",
        "'d",
        "’s",
        "’ll",
        "’re",
        "’ve",
        "’m",
        "’d",
        "”",
        "’",
        "%",
        "...",
        "'S",
        "N'T",
    }
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "“", "‘", "$"})


def detokenize(sentences: Sequence[Sequence[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """Join tokenized sentences into running text; return it and every token's offsets.

    Sentences are joined by one space; no space goes before closing
    punctuation and clitics or after opening brackets and quotes. Straight
    double quotes alternate between opening and closing over the document.
    """
    out: list[str] = []
    pos = 0
    offsets: list[list[tuple[int, int]]] = []
    open_straight = False
    glue_next = True  # no space before the very first token
    for sent in sentences:
        row = []
        for tok in sent:
            if tok == '"':
                closing = open_straight
                open_straight = not open_straight
                space = not glue_next and not closing
                glue_after = not closing
            else:
                space = not glue_next and tok not in _NO_SPACE_BEFORE
                glue_after = tok in _NO_SPACE_AFTER
            if space:
                out.append(" ")
                pos += 1
            row.append((pos, pos + len(tok)))
            out.append(tok)
            pos += len(tok)
            glue_next = glue_after
        offsets.append(row)
    return "".join(out) + "\n", offsets


def _old_token_offsets(lines: Sequence[str]) -> list[list[tuple[int, int]]]:
    """Offsets of the space-separated tokens of each line in the original file."""
    out = []
    pos = 0
    for line in lines:
        row = []
        for m in re.finditer(r"[^ ]+", line):
            row.append((pos + m.start(), pos + m.end()))
        out.append(row)
        pos += len(line) + 1
    return out


def read_litbank_doc(txt: str, quotes_ann: str, coref_ann: str, *, doc_id: str = "") -> GoldDoc:
    """Read one LitBank document: quotations with speakers and coreference mentions."""
    lines = txt.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    sents = [line.split(" ") if line else [] for line in lines]
    sents = [[t for t in s if t] for s in sents]
    text, new = detokenize(sents)
    old = _old_token_offsets(lines)
    start_map: dict[int, int] = {}
    end_map: dict[int, int] = {}
    for orow, nrow in zip(old, new, strict=True):
        for (os_, oe), (ns, ne) in zip(orow, nrow, strict=True):
            start_map[os_] = ns
            end_map[oe] = ne

    def remap(s: int, e: int) -> tuple[int, int] | None:
        if s in start_map and e in end_map:
            return start_map[s], end_map[e]
        return None

    # the entity layer gives the kind (PROP/NOM/PRON) of a span
    layer: dict[tuple[int, int], str] = {}
    coref: list[tuple[int, int, str]] = []
    for line in coref_ann.splitlines():
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].startswith("T"):
            continue
        label, *rng = cols[1].split(" ")
        if len(rng) != 2 or not all(x.isdigit() for x in rng):
            continue
        s, e = int(rng[0]), int(rng[1])
        prefix = label.split("_", 1)[0]
        if prefix in ("PROP", "NOM", "PRON") and label.split("_", 1)[-1].isupper():
            layer[(s, e)] = prefix
        else:
            coref.append((s, e, label))
    mentions: list[GoldMention] = []
    names: dict[str, str] = {}
    for s, e, cluster in sorted(coref):
        span = remap(s, e)
        if span is None:
            continue
        kind_tag = layer.get((s, e), "NOM")
        named = kind_tag == "PROP"
        kind: Literal["pronoun", "proper", "nominal"] = (
            "proper" if named else "pronoun" if kind_tag == "PRON" else "nominal"
        )
        mentions.append(GoldMention(span[0], span[1], cluster, named=named, kind=kind))
        if named and cluster not in names:
            names[cluster] = text[span[0] : span[1]]
    for m in mentions:
        names.setdefault(m.cluster, re.sub(r"-\d+$", "", m.cluster).replace("_", " "))

    quotes: dict[str, GoldQuote] = {}
    spans_q: dict[str, tuple[int, int]] = {}
    speakers: dict[str, str] = {}
    for line in quotes_ann.splitlines():
        cols = line.split("\t")
        if cols[0] == "QUOTE" and len(cols) >= 6:
            s1, t1, s2, t2 = (int(x) for x in cols[2:6])
            try:
                spans_q[cols[1]] = (new[s1][t1][0], new[s2][t2][1])
            except IndexError as exc:
                raise EvaluationError(
                    Errors.E027.format(doc=doc_id, line=line.strip(), reason=exc)
                ) from exc
        elif cols[0] == "ATTRIB" and len(cols) >= 3:
            speakers.setdefault(cols[1], cols[2].strip())
    for qid, (s, e) in spans_q.items():
        if qid in speakers:
            quotes[qid] = GoldQuote(qid, s, e, speakers[qid])
    return GoldDoc(
        id=doc_id,
        text=text,
        mentions=tuple(mentions),
        clusters=make_clusters(mentions, names),
        quotes=tuple(quotes.values()),
    )


def read_litbank(
    directory: str | Path, *, limit: int | None = None, heldout: bool = False
) -> list[GoldDoc]:
    """Read the LitBank documents that have quotation annotations (sorted by name);
    ``heldout``: only those the antecedent ranker is never trained on
    (:func:`saidwhat.extract.antecedents.litbank_heldout`)."""
    from ..extract.antecedents import litbank_heldout

    root = Path(directory)
    qdir, cdir = root / "quotations" / "tsv", root / "coref" / "brat"
    if not qdir.is_dir() or not cdir.is_dir():
        raise EvaluationError(Errors.E026.format(path=root, what="quotations/tsv/ and coref/brat/"))
    docs = []
    for ann in sorted(qdir.glob("*.ann")):
        qtext = ann.read_text("utf-8")
        if "ATTRIB" not in qtext or (heldout and not litbank_heldout(ann.stem)):
            continue
        cann = cdir / ann.name
        if not cann.exists():
            continue
        txt = (qdir / (ann.stem + ".txt")).read_text("utf-8")
        docs.append(read_litbank_doc(txt, qtext, cann.read_text("utf-8"), doc_id=ann.stem))
        if limit is not None and len(docs) >= limit:
            break
    return docs


# --------------------------------------------------------------------------
# harness


def run_engine(
    docs: Sequence[GoldDoc], *, config: Mapping[str, Any] | None = None
) -> Iterator[tuple[GoldDoc, ArticleResult]]:
    """Extract from the gold texts with :func:`saidwhat.api.extract_many`."""
    from ..api import extract_many

    results = extract_many(((d.text, d.id) for d in docs), config=config)
    yield from zip(docs, results, strict=True)


def evaluate_speakers(
    corpus: Literal["gum", "litbank"],
    directory: str | Path,
    *,
    limit: int | None = None,
    show: int = 0,
    config: Mapping[str, Any] | None = None,
    heldout: bool = False,
) -> dict[str, Any]:
    """Run the engine over GUM news or LitBank and :func:`report` its speaker resolution;
    ``heldout`` limits LitBank to the documents the antecedent ranker was not trained on."""
    if corpus == "gum":
        docs, judge_fn = read_gum(directory, limit=limit), judge_article
    elif corpus == "litbank":
        docs = read_litbank(directory, limit=limit, heldout=heldout)
        judge_fn = judge_quotations
    else:
        raise EvaluationError(Errors.E021.format(name=corpus, options="gum, litbank"))
    judgements: list[Judgement] = []
    found = 0
    for doc, result in run_engine(docs, config=config):
        judgements.extend(judge_fn(result, doc))
        found += quotations_found(result, doc)
    out: dict[str, Any] = {"corpus": corpus, "documents": len(docs)}
    if heldout and corpus == "litbank":
        out["heldout"] = True
    if corpus == "litbank":
        out["gold_quotes"] = sum(len(d.quotes) for d in docs)
        out["gold_quotes_found"] = found
    out |= report(judgements, show=show)
    return out


def quotations_found(result: ArticleResult, doc: GoldDoc) -> int:
    """How many gold quotations overlap the content of some engine quote."""
    spans = [(c.start, c.end) for q in result.quotes for c in q.contents]
    return sum(any(overlap(sp, (g.start, g.end)) > 0 for sp in spans) for g in doc.quotes)
