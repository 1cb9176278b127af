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
from .attributions import Attribution, token_span_chars
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


_KEEP_AT_END = "”\"»’'"
_KEEP_AT_CONTENT_END = _KEEP_AT_END + "?!"  # a question is part of what was said


def _chars(doc: Doc, i: int, j: int, keep_end: str = _KEEP_AT_END) -> tuple[int, int]:
    # drop edge punctuation except quote marks (and, at the end, what ``keep_end`` holds)
    while i < j - 1 and doc[i].is_punct and doc[i].text not in "“\"«‘'":
        i += 1
    while j - 1 > i and doc[j - 1].is_punct and doc[j - 1].text not in keep_end:
        j -= 1
    return token_span_chars(doc, i, j)


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


Found = tuple[tuple[int, int], list[tuple[int, int]], list[tuple[int, int]], float]
"""``(cue, sources, contents, confidence)`` in token offsets, as both taggers report them."""


class AttributionTagger:
    """Finds attributions with the shipped models: neural (default) or the CRFs."""

    def __init__(self, model_dir: Path, *, neural: bool = True) -> None:
        self.model_dir = model_dir
        self.neural = None
        try:
            lex = json.loads((model_dir / LEXICON_FILE).read_text("utf-8"))
            if neural:
                missing = [f for f in (CUE_MODEL, LINK_MODEL) if not (model_dir / f).exists()]
                if missing:
                    raise FileNotFoundError(", ".join(missing))
                from .neural import NeuralTagger

                self.neural = NeuralTagger(model_dir, lex["cue_probs"])
            else:
                import pycrfsuite

                self.crf = pycrfsuite.Tagger()
                self.crf.open(str(model_dir / MODEL_FILE))
                self.link_crf = pycrfsuite.Tagger()
                self.link_crf.open(str(model_dir / LINK_MODEL_FILE))
        except Exception as exc:  # missing or corrupt model files
            raise ModelError(Errors.E011.format(path=model_dir, reason=exc)) from exc
        self.features = FeatureExtractor(lex["cue_probs"])

    def tag(
        self, doc: Doc, quoted: Sequence[QuotedSpan], feats: list[list[str]] | None = None
    ) -> tuple[list[str], list[float]]:
        """Stage-1 CRF tags of every token and the marginal probability of each tag."""
        if len(doc) == 0:
            return [], []
        if feats is None:
            feats = self.features.doc_features(doc, quoted)
        self.crf.set(feats)
        tags = self.crf.tag()
        marg = [self.crf.marginal(t, i) for i, t in enumerate(tags)]
        return tags, marg

    def _crf_spans(self, doc: Doc, quoted: Sequence[QuotedSpan]) -> list[Found]:
        feats = self.features.doc_features(doc, quoted)
        tags, marg = self.tag(doc, quoted, feats)
        cues = [(s, e) for lab, s, e in bio_spans(tags) if lab == "CUE"]
        ctx = CueContext(doc, feats)
        out: list[Found] = []
        for cs, ce in cues:
            a, _, cfeats = ctx.features(cs, ce, cues)
            self.link_crf.set(cfeats)
            ltags = self.link_crf.tag()
            lspans = bio_spans(ltags)
            contents = [(s + a, e + a) for lab, s, e in lspans if lab == "CNT"]
            sources = [(s + a, e + a) for lab, s, e in lspans if lab == "SRC"]
            if contents:
                cue_conf = sum(marg[cs:ce]) / (ce - cs)
                out.append(
                    ((cs, ce), sources, contents, cue_conf * self.link_crf.probability(ltags))
                )
        return out

    def attributions(
        self, doc: Doc, quoted: Sequence[QuotedSpan], text: str | None = None
    ) -> list[Attribution]:
        """The attributions the models find (``text``: ``doc.text``, if the caller has it)."""
        if len(doc) == 0:
            return []
        if text is None:
            text = doc.text  # Doc.text joins every token: read it once
        if self.neural:
            found = self.neural.spans(doc, quoted, text)
        else:
            found = self._crf_spans(doc, quoted)
        qstarts = [q.start for q in quoted]
        out = []
        for (cs, ce), sources, contents, conf in found:
            att = Attribution(cue=_chars(doc, cs, ce), confidence=round(conf, 4))
            att.contents = merge_ranges(
                [
                    snap_to_quotes(text, *_chars(doc, s, e, _KEEP_AT_CONTENT_END), quoted, qstarts)
                    for s, e in contents
                ]
            )
            if sources:
                # the source nearest the cue
                s, e = min(sources, key=lambda x: min(abs(x[0] - ce), abs(cs - x[1])))
                att.sources = [_chars(doc, s, e)]
                att.source_token = Span(doc, s, e).root.i
            out.append(att)
        return out


_TAGGERS: dict[str, AttributionTagger] = {}


def load_tagger(path: str | None = None, *, neural: bool = True) -> AttributionTagger:
    """The tagger in ``path`` (default: the shipped models), cached per process."""
    model_dir = Path(path) if path else default_model_dir()
    key = f"{model_dir}|{neural}"
    if key not in _TAGGERS:
        _TAGGERS[key] = AttributionTagger(model_dir, neural=neural)
    return _TAGGERS[key]
