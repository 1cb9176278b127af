"""Token features for the attribution tagger.

Features are strings (``name=value``), computed from the spaCy parse, the
quotation marks found in the text and a cue lexicon learned from training
data (probability that a lemma is a cue). Lexical features are cached per
vocabulary entry; only the syntactic ones are built per token.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence

from spacy.tokens import Doc, Token

from .quotemarks import QuotedSpan

QUOTE_CHARS = set('“”"«»„‟')
_CHILD_DEPS = {
    "nsubj",
    "nsubjpass",
    "ccomp",
    "xcomp",
    "dobj",
    "parataxis",
    "agent",
    "prep",
    "mark",
    "neg",
    "aux",
}
_UNNAMED_SUBJ = {
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "source",
    "aide",
    "expert",
    "analyst",
    "critic",
    "poll",
    "survey",
    "report",
    "study",
    "statement",
}


def cue_bucket(p: float) -> str:
    if p >= 0.6:
        return "hi"
    if p >= 0.3:
        return "mid"
    if p >= 0.1:
        return "lo"
    if p > 0.0:
        return "rare"
    return "no"


class FeatureExtractor:
    """Builds one feature list per token of a document."""

    def __init__(self, cue_probs: Mapping[str, float]) -> None:
        self.cue_probs = dict(cue_probs)
        self._lex_cache: dict[int, list[str]] = {}
        self._lemma_bucket: dict[str, str] = {}

    def _bucket(self, lemma: str) -> str:
        b = self._lemma_bucket.get(lemma)
        if b is None:
            b = cue_bucket(self.cue_probs.get(lemma, 0.0))
            self._lemma_bucket[lemma] = b
        return b

    def _lexical(self, tok: Token) -> list[str]:
        key = tok.orth
        feats = self._lex_cache.get(key)
        if feats is None:
            low = tok.lower_
            feats = [
                "b",
                "w=" + low,
                "suf=" + low[-3:],
                "title" if tok.is_title else "notitle",
            ]
            if tok.is_punct:
                feats.append("punct=" + low)
            if tok.text in QUOTE_CHARS or tok.text in ("''", "``", "'", "‘", "’"):
                feats.append("qmark")
            if tok.like_num:
                feats.append("num")
            if len(self._lex_cache) < 200_000:
                self._lex_cache[key] = feats
        return feats

    def doc_features(self, doc: Doc, quoted: Sequence[QuotedSpan]) -> list[list[str]]:
        n = len(doc)
        # quote state per token
        inq = [False] * n
        if quoted:
            starts = sorted((q.start, q.end) for q in quoted)
            k = 0
            for t in doc:
                while k < len(starts) and starts[k][1] <= t.idx:
                    k += 1
                if k < len(starts) and starts[k][0] <= t.idx < starts[k][1]:
                    inq[t.i] = True
        lemmas = [t.lemma_.lower() for t in doc]
        pos = [t.pos_ for t in doc]
        deps = [t.dep_ for t in doc]
        heads = [t.head.i for t in doc]
        buckets = [self._bucket(lem) for lem in lemmas]
        # nearest cue-like ancestor and the dependency of the path's top child
        anc_feat: list[str] = [""] * n
        for t in doc:
            i = t.i
            child_dep = "self"
            cur = i
            depth = 0
            found = ""
            while depth < 8:
                b = buckets[cur]
                if b in ("hi", "mid") and pos[cur] in ("VERB", "NOUN", "ADP", "AUX") and cur != i:
                    found = f"anc={child_dep}|{b}"
                    break
                h = heads[cur]
                if h == cur:
                    break
                child_dep = deps[cur]
                cur = h
                depth += 1
            anc_feat[i] = found or "anc=none"
        child_feats: list[list[str]] = [[] for _ in range(n)]
        for t in doc:
            h = heads[t.i]
            if h != t.i:
                d = deps[t.i]
                if d in _CHILD_DEPS:
                    child_feats[h].append("ch=" + d)
                    if d in ("nsubj", "nsubjpass"):
                        if t.ent_type_:
                            child_feats[h].append("subj=" + t.ent_type_)
                        elif t.pos_ == "PRON":
                            child_feats[h].append("subj=PRON")
                        elif t.lemma_.lower() in _UNNAMED_SUBJ:
                            child_feats[h].append("subj=UNNAMED")
                    if d in ("ccomp", "parataxis", "xcomp") and buckets[h] in ("hi", "mid"):
                        child_feats[h].append("cbch=" + buckets[h] + d)
        feats: list[list[str]] = []
        for t in doc:
            i = t.i
            f = list(self._lexical(t))
            f.extend(child_feats[i])
            h = heads[i]
            f += [
                "l=" + lemmas[i],
                "p=" + pos[i],
                "tg=" + t.tag_,
                "d=" + deps[i],
                "dh=" + deps[i] + "|" + pos[h],
                "hl=" + lemmas[h],
                "cb=" + buckets[i],
                "hcb=" + buckets[h],
                anc_feat[i],
                "q" if inq[i] else "nq",
                "e=" + t.ent_type_ if t.ent_type_ else "e=",
            ]
            if t.is_sent_start:
                f.append("ss")
            if i + 1 < n and doc[i + 1].is_sent_start:
                f.append("se")
            if "\n" in t.text or (i > 0 and "\n" in doc[i - 1].whitespace_ + doc[i - 1].text):
                f.append("para")
            for off in (-2, -1, 1, 2):
                j = i + off
                if 0 <= j < n:
                    f.append(f"{off}l={lemmas[j]}")
                    f.append(f"{off}p={pos[j]}")
                    if off in (-1, 1):
                        f.append(f"{off}d={deps[j]}")
                        f.append(f"{off}cb={buckets[j]}")
                        f.append(f"{off}q={inq[j]}")
                else:
                    f.append(f"{off}=pad")
            feats.append(f)
        return feats


def _bucket_dist(d: int) -> str:
    if d <= 3:
        return str(d)
    if d <= 6:
        return "4-6"
    if d <= 12:
        return "7-12"
    if d <= 25:
        return "13-25"
    return "26+"


class CueContext:
    """Per-document precomputation for the cue-conditioned (second-stage) features."""

    def __init__(self, doc: Doc, base: list[list[str]]) -> None:
        self.doc = doc
        self.base = base
        self.heads = [t.head.i for t in doc]
        self.deps = [t.dep_ for t in doc]
        self.sent_id = [0] * len(doc)
        self.sent_bounds: list[tuple[int, int]] = []
        for k, sent in enumerate(doc.sents):
            self.sent_bounds.append((sent.start, sent.end))
            for i in range(sent.start, sent.end):
                self.sent_id[i] = k
        self._chains: dict[int, list[int]] = {}

    def chain(self, i: int) -> list[int]:
        c = self._chains.get(i)
        if c is None:
            c = [i]
            cur = i
            while self.heads[cur] != cur and len(c) < 40:
                cur = self.heads[cur]
                c.append(cur)
            self._chains[i] = c
        return c

    def window(self, cs: int, ce: int, before: int = 1, after: int = 2) -> tuple[int, int]:
        k0 = self.sent_id[cs]
        k1 = self.sent_id[ce - 1]
        a = self.sent_bounds[max(0, k0 - before)][0]
        b = self.sent_bounds[min(len(self.sent_bounds) - 1, k1 + after)][1]
        return a, b

    def features(
        self, cs: int, ce: int, other_cues: Sequence[tuple[int, int]] = ()
    ) -> tuple[int, int, list[list[str]]]:
        """Window ``[a, b)`` around the cue ``[cs, ce)`` and its tokens' features."""
        doc = self.doc
        a, b = self.window(cs, ce)
        head = doc[cs:ce].root.i
        hchain = self.chain(head)
        hset = {x: n for n, x in enumerate(hchain)}
        lemma = doc[head].lemma_.lower()
        ksent = self.sent_id[head]
        between_cue = [False] * (b - a)
        # other cues inside the window (cues come sorted by start)
        lo = bisect.bisect_left(other_cues, (a, -1))
        lo = max(0, lo - 1)
        for os_, oe in other_cues[lo:]:
            if os_ >= b:
                break
            if (os_, oe) == (cs, ce) or oe <= a:
                continue
            if oe <= cs:
                for i in range(a, oe):
                    between_cue[i - a] = True
            elif os_ >= ce:
                for i in range(os_, b):
                    between_cue[i - a] = True
        out: list[list[str]] = []
        for i in range(a, b):
            f = list(self.base[i])
            if cs <= i < ce:
                f.append("iscue")
                pos = "in"
                d = 0
            elif i < cs:
                pos, d = "bef", cs - i
            else:
                pos, d = "aft", i - ce + 1
            db = _bucket_dist(d)
            so = self.sent_id[i] - ksent
            f.append("rp=" + pos)
            f.append("rd=" + pos + db)
            f.append(f"so={so}")
            # dependency path to the cue head
            ch = self.chain(i)
            lca_n = next((n for n, x in enumerate(ch) if x in hset), None)
            if lca_n is None:
                f.append("path=none")
            else:
                lca = ch[lca_n]
                t_top = self.deps[ch[lca_n - 1]] if lca_n > 0 else "LCA"
                h_n = hset[lca]
                h_top = self.deps[hchain[h_n - 1]] if h_n > 0 else "LCA"
                if lca == head:
                    f.append("sub=" + t_top)
                    f.append("subl=" + lemma + "|" + t_top)
                    f.append(f"subd={t_top}|{min(lca_n, 4)}")
                else:
                    f.append(f"path={t_top}|{h_top}")
                    f.append(f"pathp={t_top}|{h_top}|{pos}")
            if between_cue[i - a]:
                f.append("xcue")
            f.append("cl=" + lemma)
            out.append(f)
        return a, b, out
