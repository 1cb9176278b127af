"""The attribution tagger: a linear-chain CRF over tokens, plus syntactic linking.

The CRF (python-crfsuite) labels each token ``B-``/``I-`` of ``CUE``,
``SRC`` (source) or ``CNT`` (content), or ``O``; PolNeAR's scheme gives each
token at most one role, so this is plain sequence labelling. Tagged spans are
then grouped into attributions: every cue collects the sources and contents
the parse links to it, falling back to the nearest ones in its sentence and
to quoted passages in neighbouring sentences.

Training: :mod:`saidwhat.train` (``make train``).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Span

from ..errors import Errors, ModelError
from .attributions import Attribution
from .features import CueContext, FeatureExtractor
from .quotemarks import QuotedSpan

LABELS = ("CUE", "SRC", "CNT")
MODEL_FILE = "attribution.crfsuite"
LINK_MODEL_FILE = "link.crfsuite"
CUE_MODEL = "cue_model.npz"  # neural models (saidwhat.extract.neural), used when present
LINK_MODEL = "link_model.npz"
LEXICON_FILE = "cue_lexicon.json"


def default_model_dir() -> Path:
    return Path(str(resources.files("saidwhat").joinpath("models")))


def bio_spans(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """``(label, start_token, end_token)`` spans from BIO tags (lenient to I- after O)."""
    spans: list[tuple[str, int, int]] = []
    cur: list = []  # [label, start]
    for i, tag in enumerate(tags):
        if tag == "O":
            if cur:
                spans.append((cur[0], cur[1], i))
                cur = []
            continue
        prefix, label = tag.split("-", 1)
        if prefix == "B" or not cur or cur[0] != label:
            if cur:
                spans.append((cur[0], cur[1], i))
            cur = [label, i]
    if cur:
        spans.append((cur[0], cur[1], len(tags)))
    return spans


def _chars(doc: Doc, i: int, j: int) -> tuple[int, int]:
    # drop edge punctuation except quote marks
    while i < j - 1 and doc[i].is_punct and doc[i].text not in "“\"«‘'":
        i += 1
    while j - 1 > i and doc[j - 1].is_punct and doc[j - 1].text not in "”\"»’'":
        j -= 1
    return doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)


def snap_to_quotes(
    text: str, s: int, e: int, quoted: Sequence[QuotedSpan], starts: Sequence[int] | None = None
) -> tuple[int, int]:
    """Extend a content that starts a quoted passage but stops inside it to the passage's end.

    Long direct quotes run over several sentences; the tagger's window may stop
    early, while the quotation marks say where the statement ends.
    """
    if starts is None:
        starts = [q.start for q in quoted]
    k = bisect.bisect_right(starts, e)  # quoted is sorted by start
    for q in quoted[max(0, k - 3) : k]:
        qs, qe = q.inner
        if qs - 1 <= s <= qs + 1 and qs < e < qe:
            return s, qe + (1 if q.closed and qe < len(text) else 0)
        if qs < s < qe and qe - 1 <= e <= qe + 1 and s - qs < 4:
            return qs - 1, e
    return s, e


def merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


class AttributionTagger:
    """Finds attributions with the shipped models: neural (default) or the CRFs."""

    def __init__(self, model_dir: Path, *, neural: bool = True) -> None:
        import pycrfsuite

        self.model_dir = model_dir
        try:
            lex = json.loads((model_dir / LEXICON_FILE).read_text("utf-8"))
            self.crf = pycrfsuite.Tagger()
            self.crf.open(str(model_dir / MODEL_FILE))
            self.link_crf = None
            if (model_dir / LINK_MODEL_FILE).exists():
                self.link_crf = pycrfsuite.Tagger()
                self.link_crf.open(str(model_dir / LINK_MODEL_FILE))
        except Exception as exc:  # missing or corrupt model files
            raise ModelError(Errors.E011.format(path=model_dir, reason=exc)) from exc
        self.features = FeatureExtractor(lex["cue_probs"])
        self.neural = None
        if neural:
            if not (model_dir / CUE_MODEL).exists() or not (model_dir / LINK_MODEL).exists():
                missing = f"{CUE_MODEL} or {LINK_MODEL} missing"
                raise ModelError(Errors.E011.format(path=model_dir, reason=missing))
            from .neural import NeuralTagger

            self.neural = NeuralTagger(model_dir, lex["cue_probs"])

    cue_threshold = 1.0

    def _recall_cues(self, tags: list[str], marg: list[float]) -> list[str]:
        """Also mark as cue the tokens Viterbi left ``O`` whose cue marginal is high."""
        out = list(tags)
        for i, t in enumerate(tags):
            if t != "O":
                continue
            p_b = self.crf.marginal("B-CUE", i)
            p_i = self.crf.marginal("I-CUE", i)
            if p_b + p_i >= self.cue_threshold:
                cont = i > 0 and out[i - 1].endswith("CUE") and p_i > p_b
                out[i] = "I-CUE" if cont else "B-CUE"
                marg[i] = p_b + p_i
        return out

    def tag(
        self, doc: Doc, quoted: Sequence[QuotedSpan], feats: list[list[str]] | None = None
    ) -> tuple[list[str], list[float]]:
        if len(doc) == 0:
            return [], []
        if feats is None:
            feats = self.features.doc_features(doc, quoted)
        self.crf.set(feats)
        tags = self.crf.tag()
        marg = [self.crf.marginal(t, i) for i, t in enumerate(tags)]
        return tags, marg

    def attributions(self, doc: Doc, quoted: Sequence[QuotedSpan]) -> list[Attribution]:
        if len(doc) == 0:
            return []
        if self.neural is not None:
            return self._neural_attributions(doc, quoted)
        feats = self.features.doc_features(doc, quoted)
        tags, marg = self.tag(doc, quoted, feats)
        if self.cue_threshold < 1.0:
            tags = self._recall_cues(tags, marg)
        spans = bio_spans(tags)
        if self.link_crf is None:
            return link_spans(doc, spans, marg)
        cues = [(s, e) for lab, s, e in spans if lab == "CUE"]
        ctx = CueContext(doc, feats)
        text = doc.text  # Doc.text joins every token: read it once
        qstarts = [q.start for q in quoted]
        out = []
        for cs, ce in cues:
            a, _, cfeats = ctx.features(cs, ce, cues)
            self.link_crf.set(cfeats)
            ltags = self.link_crf.tag()
            lspans = bio_spans(ltags)
            contents = [(s + a, e + a) for lab, s, e in lspans if lab == "CNT"]
            sources = [(s + a, e + a) for lab, s, e in lspans if lab == "SRC"]
            if not contents:
                continue
            att = Attribution(cue=_chars(doc, cs, ce))
            att.contents = merge_ranges(
                [snap_to_quotes(text, *_chars(doc, s, e), quoted, qstarts) for s, e in contents]
            )
            if sources:
                s, e = min(sources, key=lambda x: min(abs(x[0] - ce), abs(cs - x[1])))
                att.sources = [_chars(doc, s, e)]
                att.source_token = Span(doc, s, e).root.i
            cue_conf = sum(marg[cs:ce]) / (ce - cs)
            att.confidence = round(cue_conf * self.link_crf.probability(ltags), 4)
            out.append(att)
        return out

    def _neural_attributions(self, doc: Doc, quoted: Sequence[QuotedSpan]) -> list[Attribution]:
        assert self.neural is not None
        text = doc.text
        qstarts = [q.start for q in quoted]
        out = []
        for (cs, ce), sources, contents, conf in self.neural.spans(doc, quoted):
            att = Attribution(cue=_chars(doc, cs, ce), confidence=round(conf, 4))
            att.contents = merge_ranges(
                [snap_to_quotes(text, *_chars(doc, s, e), quoted, qstarts) for s, e in contents]
            )
            if sources:
                s, e = min(sources, key=lambda x: min(abs(x[0] - ce), abs(cs - x[1])))
                att.sources = [_chars(doc, s, e)]
                att.source_token = Span(doc, s, e).root.i
            out.append(att)
        return out


def link_spans(
    doc: Doc, spans: list[tuple[str, int, int]], marg: Sequence[float]
) -> list[Attribution]:
    """Group tagged spans into attributions using the dependency parse."""
    cues = [(s, e) for lab, s, e in spans if lab == "CUE"]
    srcs = [(s, e) for lab, s, e in spans if lab == "SRC"]
    cnts = [(s, e) for lab, s, e in spans if lab == "CNT"]
    if not cues:
        return []
    tok_cue: dict[int, int] = {}
    for k, (s, e) in enumerate(cues):
        for i in range(s, e):
            tok_cue[i] = k
    sent_id = [0] * len(doc)
    for k, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sent_id[i] = k

    def linked_cue(s: int, e: int) -> int | None:
        """A cue the span's tokens hang from (or that hangs from the span)."""
        for i in range(s, e):
            h = doc[i].head.i
            if h in tok_cue and not (s <= h < e):
                return tok_cue[h]
        for ci, (cs, ce) in enumerate(cues):
            for i in range(cs, ce):
                h = doc[i].head.i
                if s <= h < e and doc[i].dep_ in ("parataxis", "advcl", "ccomp", "relcl"):
                    return ci
        # walk up from the span's root a few steps
        root = Span(doc, s, e).root
        cur = root
        for _ in range(4):
            if cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.i in tok_cue:
                return tok_cue[cur.i]
        return None

    def nearest_cue(s: int, e: int, same_sent: bool) -> int | None:
        best, dist = None, 10**9
        for ci, (cs, ce) in enumerate(cues):
            if same_sent and sent_id[cs] not in (sent_id[s], sent_id[e - 1]):
                continue
            d = cs - e if cs >= e else s - ce if s >= ce else 0
            if d < dist:
                best, dist = ci, d
        return best

    atts = [Attribution(cue=_chars(doc, s, e)) for s, e in cues]
    cue_cnt_conf: list[list[float]] = [[] for _ in cues]
    has_content = [False] * len(cues)
    ci: int | None
    for s, e in cnts:
        ci = linked_cue(s, e)
        if ci is None:
            ci = nearest_cue(s, e, same_sent=True)
        if ci is None:
            # content sentence without a cue: the nearest cue in a neighbouring sentence
            ci = nearest_cue(s, e, same_sent=False)
            if ci is not None:
                cs = cues[ci][0]
                if abs(sent_id[cs] - sent_id[s]) > 1 and abs(sent_id[cs] - sent_id[e - 1]) > 1:
                    ci = None
        if ci is None:
            continue
        atts[ci].contents.append(_chars(doc, s, e))
        has_content[ci] = True
        cue_cnt_conf[ci].append(sum(marg[s:e]) / (e - s))
    for s, e in srcs:
        ci = linked_cue(s, e)
        if ci is None:
            ci = nearest_cue(s, e, same_sent=True)
        if ci is None:
            continue
        if atts[ci].sources:
            continue
        atts[ci].sources.append(_chars(doc, s, e))
        atts[ci].source_token = Span(doc, s, e).root.i
    # cues that share one subject: "X said ... and added ..."
    for ci, (s, e) in enumerate(cues):
        if atts[ci].sources:
            continue
        head = doc[s:e].root
        if head.dep_ == "conj":
            other = tok_cue.get(head.head.i)
            if other is not None and atts[other].sources:
                atts[ci].sources = list(atts[other].sources)
                atts[ci].source_token = atts[other].source_token
    out = []
    for ci, a in enumerate(atts):
        if not has_content[ci]:
            continue
        s, e = cues[ci]
        cue_conf = sum(marg[s:e]) / (e - s)
        cnt_conf = sum(cue_cnt_conf[ci]) / len(cue_cnt_conf[ci])
        a.confidence = round(cue_conf * cnt_conf, 4)
        a.contents.sort()
        out.append(a)
    return out


_TAGGERS: dict[str, AttributionTagger] = {}


def load_tagger(path: str | None = None, *, neural: bool = True) -> AttributionTagger:
    """The tagger in ``path`` (default: the shipped models), cached per process."""
    model_dir = Path(path) if path else default_model_dir()
    key = f"{model_dir}|{neural}"
    if key not in _TAGGERS:
        _TAGGERS[key] = AttributionTagger(model_dir, neural=neural)
    return _TAGGERS[key]
