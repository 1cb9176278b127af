"""The attribution tagger: the neural models' spans turned into attributions.

:class:`~saidwhat.extract.neural.NeuralTagger` finds cues and, for each cue,
its sources and contents in token offsets; this module loads it with the
shipped cue lexicon, converts the spans to characters (edge punctuation
dropped, quotation marks kept), stretches a content to the end of the quoted
passage it starts and keeps the source nearest the cue.

Training: :mod:`saidwhat.train.neural` (``make train``). Layers: ``tagger``
imports ``neural``, which imports ``bio``; nothing imports upward.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from ..errors import Errors, ModelError
from .attributions import Attribution, head_in_sentence, merge_ranges, token_span_chars
from .bio import Found
from .neural import LEXICON_FILE, TIER_MODELS, NeuralTagger
from .quotemarks import OPENERS, STRAIGHT, QuotedSpan


def default_model_dir() -> Path:
    return Path(str(resources.files("saidwhat").joinpath("models")))


#: builds a document's contextual token features (the accurate tier's; extract.context),
#: given the encoder's override set the models were trained with (or ``None``)
FeaturesFactory = Callable[["Path | None"], Callable[[Doc, "str | None"], Any]]

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
    text: str,
    s: int,
    e: int,
    quoted: Sequence[QuotedSpan],
    starts: Sequence[int] | None = None,
    taken: Sequence[tuple[int, int]] = (),
) -> tuple[int, int]:
    """Extend a content that starts a quoted passage but stops inside it (or at its opening
    mark) to the passage's end,
    and one that ends the passage (its cue after the closing mark) back to its start
    within the paragraph, over no other statement's content (``taken``).

    Long direct quotes run over several sentences; the tagger's window may stop
    early, while the quotation marks say where the statement ends.
    """
    if starts is None:
        starts = [q.start for q in quoted]
    k = bisect.bisect_right(starts, e)  # quoted is sorted by start
    for q in quoted[max(0, k - 3) : k]:
        qs, qe = q.inner
        if qs - 1 <= s <= qs + 1 and qs <= e < qe and e > s:
            # (also the opening mark alone, the words after it across a paragraph
            # break: "X told Billboard,\n\n“I have …")
            return s, qe + (1 if q.closed and qe < len(text) else 0)
        if qs < s < qe and qe - 1 <= e <= qe + 1 and "\n" in text[qs:s] and s - qs >= 4:
            # a passage over paragraphs, each re-opened ("“… \n\n“… Should I?” he
            # said"): back to the re-opening mark of the content's own paragraph
            para = text.rfind("\n", qs, s) + 1
            lead = len(text[para:s]) - len(text[para:s].lstrip())
            if text[para + lead] in OPENERS or text[para + lead] == STRAIGHT:
                qs = para + lead + 1
        if (
            qs < s < qe
            and qe - 1 <= e <= qe + 1
            and (s - qs < 4 or "\n" not in text[qs:s])
            and not any(a < s and qs - 1 < b for a, b in taken)
        ):
            # the passage's last sentences, its cue after the closing mark: the whole
            # passage of that paragraph is the statement
            return qs - 1, e
    return s, e


class AttributionTagger:
    """Finds attributions with the shipped neural models."""

    def __init__(
        self, model_dir: Path, *, tier: str = "fast", features: FeaturesFactory | None = None
    ) -> None:
        """``features``: builds the contextual features the accurate tier's models read."""
        self.model_dir = model_dir
        self.tier = tier
        try:
            lex = json.loads((model_dir / LEXICON_FILE).read_text("utf-8"))
            missing = [f for f in TIER_MODELS[tier] if not (model_dir / f).exists()]
            if missing:
                raise FileNotFoundError(", ".join(missing))
            self.neural = NeuralTagger(model_dir, lex["cue_probs"], tier=tier, features=features)
        except ModelError:  # the accurate tier's encoder is not installed (E073, E074)
            raise
        except Exception as exc:  # missing or corrupt model files
            raise ModelError(Errors.E011.format(path=model_dir, reason=exc)) from exc

    def attributions(
        self, doc: Doc, quoted: Sequence[QuotedSpan], text: str | None = None
    ) -> list[Attribution]:
        """The attributions the models find (``text``: ``doc.text``, if the caller has it)."""
        return self.attributions_many([doc], [quoted], [text])[0]

    def attributions_many(
        self,
        docs: Sequence[Doc],
        quoted: Sequence[Sequence[QuotedSpan]],
        texts: Sequence[str | None],
    ) -> list[list[Attribution]]:
        """:meth:`attributions` of several documents, the models run over them together
        (:meth:`~saidwhat.extract.neural.NeuralTagger.spans_many`: each document's
        result is that of running it alone)."""
        # Doc.text joins every token: read it once
        full = [t if t is not None or not len(d) else d.text for d, t in zip(docs, texts)]
        found = self.neural.spans_many(docs, quoted, full)
        return [
            self._attributions(doc, q, text, f) if len(doc) and text is not None else []
            for doc, q, text, f in zip(docs, quoted, full, found)
        ]

    @staticmethod
    def _attributions(
        doc: Doc, quoted: Sequence[QuotedSpan], text: str, found: Sequence[Found]
    ) -> list[Attribution]:
        """The attributions of the models' spans ``found`` in ``doc``."""
        qstarts = [q.start for q in quoted]
        chars = [[_chars(doc, s, e, _KEEP_AT_CONTENT_END) for s, e in f[2]] for f in found]
        out = []
        for k, ((cs, ce), sources, _, conf) in enumerate(found):
            att = Attribution(cue=_chars(doc, cs, ce), confidence=round(conf, 4))
            others = [r for j, rs in enumerate(chars) if j != k for r in rs]
            att.contents = merge_ranges(
                [snap_to_quotes(text, s, e, quoted, qstarts, others) for s, e in chars[k]]
            )
            if sources:
                # the source nearest the cue
                s, e = min(sources, key=lambda x: min(abs(x[0] - ce), abs(cs - x[1])))
                att.sources = [_chars(doc, s, e)]
                att.source_token = head_in_sentence(doc, s, e, cs)
            out.append(att)
        return out


_TAGGERS: dict[str, AttributionTagger] = {}  # by model directory and tier


def load_tagger(
    path: str | None = None, *, tier: str = "fast", features: FeaturesFactory | None = None
) -> AttributionTagger:
    """The tagger of ``tier`` in ``path`` (default: the shipped models), cached per process."""
    model_dir = Path(path) if path else default_model_dir()
    key = f"{model_dir}|{tier}"
    if key not in _TAGGERS:
        _TAGGERS[key] = AttributionTagger(model_dir, tier=tier, features=features)
    return _TAGGERS[key]
