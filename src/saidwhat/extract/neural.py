"""The neural attribution tagger: a BiLSTM over spaCy's token vectors.

Two models of the same shape (:class:`TaggerNet`):

* the **cue model** reads a document in sentence-aligned pieces of about
  ``CUE_CHUNK`` tokens (as it was trained) and tags every token B/I/O of CUE,
  SRC and CNT (only its cues are used);
* the **link model** reads a window of sentences around one cue, with the cue
  marked in its input, and tags that cue's own source and content (the
  "predicate-conditioned" tagging of semantic-role labellers).

Inputs per token: the 96-dimensional contextual vector that
``en_core_web_sm``'s tok2vec leaves in ``doc.tensor``, hashed embeddings of the
lower-cased word, its dependency label, part of speech and entity type, and
flags (inside quotation marks, sentence and paragraph start, cue-lexicon
probability). Trained by :mod:`saidwhat.train.neural` on PolNeAR train.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from spacy.tokens import Doc

from .bio import Found, bio_spans
from .nplstm import NumpyTaggerNet, softmax
from .quotemarks import QuotedSpan
from .vectors import StaticVectors, load_static_vectors

__all__ = [
    "ACCURATE_CUE_MODEL",
    "ACCURATE_LINK_MODEL",
    "CUE_MODEL",
    "LEXICON_FILE",
    "LINK_MODEL",
    "SPANS_ENCODER",
    "TIER_MODELS",
    "DocInputs",
    "NeuralTagger",
    "batch_arrays",
    "doc_inputs",
]

# the shipped model files (in saidwhat/models/, written by saidwhat.train.neural)
CUE_MODEL = "cue_model.npz"
LINK_MODEL = "link_model.npz"
# the accurate tier's (saidwhat.train.spans_accurate): the same nets reading MPNet features too
ACCURATE_CUE_MODEL = "cue_model_accurate.npz"
ACCURATE_LINK_MODEL = "link_model_accurate.npz"
#: the accurate tier's adapters over all-mpnet-base-v2 (saidwhat.train.spans_adapted), when shipped
SPANS_ENCODER = "spans_accurate_encoder.npz"
#: the (cue, link) model files of each tier (``[model] tier``)
TIER_MODELS = {
    "fast": (CUE_MODEL, LINK_MODEL),
    "accurate": (ACCURATE_CUE_MODEL, ACCURATE_LINK_MODEL),
}
LEXICON_FILE = "cue_lexicon.json"  # P(token is part of a cue | lemma): an input flag

TAGS = ("O", "B-CUE", "I-CUE", "B-SRC", "I-SRC", "B-CNT", "I-CNT")
TAG_ID = {t: i for i, t in enumerate(TAGS)}
WORD_BUCKETS = 20000
SYM_BUCKETS = 128
N_FLAGS = 6
CUE_CHUNK = 200  # tokens per piece of the cue model, as in training (pieces end at a sentence end)
JOIN_GAP_WORDS = 3  # content pieces this close (in words) are one piece (PolNeAR train: +1.9 F1)
STATIC_OUT = 64  # the static word vectors' linear bottleneck (projected once at model load)
CUE_CONTEXT = 0  # tokens of the neighbouring pieces read on each side (dev: no gain)


def _h(s: str, n: int) -> int:
    return zlib.crc32(s.encode("utf-8")) % n


@dataclass(slots=True)
class DocInputs:
    """Numeric inputs of one document (token-aligned arrays)."""

    vec: np.ndarray  # (n, 96) float32
    word: np.ndarray  # (n,) int64
    sym: np.ndarray  # (n, 3) int64: dep, pos, ent
    flags: np.ndarray  # (n, N_FLAGS) float32
    sent: np.ndarray  # (n,) sentence index
    srow: np.ndarray | None = None  # (n,) row of each token in the static vector table

    def window(self, a: int, b: int) -> DocInputs:
        return DocInputs(
            self.vec[a:b],
            self.word[a:b],
            self.sym[a:b],
            self.flags[a:b],
            self.sent[a:b],
            None if self.srow is None else self.srow[a:b],
        )


_BUCKETS: dict[tuple[int, str], int] = {}  # (string id, prefix) -> bucket
_ATTRS = (
    "LOWER",
    "DEP",
    "POS",
    "ENT_TYPE",
    "IDX",
    "SENT_START",
    "IS_TITLE",
    "IS_PUNCT",
    "LEMMA",
    "ORTH",
)


def _hashed(ids: np.ndarray, strings: Any, prefix: str, n: int) -> np.ndarray:
    """``crc32(prefix + string) % n`` of every string id (each distinct id hashed once)."""
    uniq, inv = np.unique(ids, return_inverse=True)
    out = np.empty(len(uniq), dtype="int64")
    for j, u in enumerate(uniq.tolist()):
        key = (u, prefix)
        v = _BUCKETS.get(key)
        if v is None:
            v = _h(prefix + strings[u], n)
            if len(_BUCKETS) < 500_000:
                _BUCKETS[key] = v
        out[j] = v
    return out[inv.reshape(-1)]


def doc_inputs(
    doc: Doc,
    quoted: Sequence[QuotedSpan],
    cue_probs: Mapping[str, float],
    static: StaticVectors | None = None,
    text: str | None = None,
) -> DocInputs:
    """The model inputs of every token of ``doc`` (with ``static``, each token's
    row in that static vector table too)."""
    from spacy.attrs import IDS

    n = len(doc)
    vec = doc.tensor if doc.tensor is not None and doc.tensor.shape[0] == n else None
    if vec is None or vec.ndim != 2:
        vec = np.zeros((n, 96), dtype="float32")
    arr = doc.to_array([IDS[a] for a in _ATTRS]).reshape(n, len(_ATTRS))  # uint64
    strings = doc.vocab.strings
    word = _hashed(arr[:, 0], strings, "", WORD_BUCKETS)
    sym = np.stack(
        [_hashed(arr[:, k], strings, p, SYM_BUCKETS) for k, p in ((1, "d="), (2, "p="), (3, "e="))],
        axis=1,
    )
    idx = arr[:, 4].astype("int64")
    flags = np.zeros((n, N_FLAGS), dtype="float32")
    if text is None:
        text = doc.text
    # inside quotation marks: a running count of open quoted spans at each character
    cover = np.zeros(len(text) + 1, dtype="int64")
    for q in quoted:
        cover[q.start] += 1
        cover[q.end] -= 1
    flags[:, 0] = np.cumsum(cover)[idx] > 0
    starts = arr[:, 5] == 1
    flags[:, 1] = starts
    sent = np.maximum(np.cumsum(starts) - 1, 0)
    # paragraph start: a newline between the previous token's start and this one's
    newlines = np.array([m.start() for m in re.finditer("\n", text)], dtype="int64")
    before = np.searchsorted(newlines, idx)
    flags[:1, 2] = 1.0
    flags[1:, 2] = before[1:] > before[:-1]
    uniq, inv = np.unique(arr[:, 8], return_inverse=True)
    probs = np.array([cue_probs.get(strings[u].lower(), 0.0) for u in uniq.tolist()], "float32")
    flags[:, 3] = probs[inv.reshape(-1)]
    flags[:, 4] = arr[:, 6]
    flags[:, 5] = arr[:, 7]
    srow = None if static is None else static.rows(arr[:, 9], arr[:, 0])
    return DocInputs(np.asarray(vec, dtype="float32"), word, sym, flags, sent, srow)


def batch_arrays(items: Sequence[DocInputs], cues: Sequence[tuple[int, int]] | None = None):  # type: ignore[no-untyped-def]
    """Pad inputs into batch arrays: vec, word, sym, flags, cue, soff, mask, srow
    (``srow`` is ``None`` when the inputs have no static vector rows)."""
    n = max(len(x.word) for x in items)
    b = len(items)
    vec = np.zeros((b, n, items[0].vec.shape[1]), dtype="float32")
    word = np.zeros((b, n), dtype="int64")
    sym = np.zeros((b, n, 3), dtype="int64")
    flags = np.zeros((b, n, N_FLAGS), dtype="float32")
    cue = np.zeros((b, n), dtype="int64")
    soff = np.full((b, n), 3, dtype="int64")
    mask = np.zeros((b, n), dtype=bool)
    srow = None if items[0].srow is None else np.zeros((b, n), dtype="int64")
    for k, x in enumerate(items):
        m = len(x.word)
        vec[k, :m] = x.vec
        word[k, :m] = x.word
        sym[k, :m] = x.sym
        flags[k, :m] = x.flags
        mask[k, :m] = True
        if srow is not None:
            srow[k, :m] = x.srow
        if cues is not None:
            cue[k, :m], soff[k, :m] = cue_marks(x.sent, *cues[k])
    return vec, word, sym, flags, cue, soff, mask, srow


def _allowed() -> np.ndarray:
    """(prev, next) tag pairs BIO allows: I-X only after B-X or I-X."""
    ok = np.ones((len(TAGS), len(TAGS)), dtype=bool)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            ok[:, j] = False
            ok[TAG_ID["B-" + tag[2:]], j] = ok[j, j] = True
    return ok


_ALLOWED = _allowed()
_BIO_PENALTY = np.where(_ALLOWED, 0.0, -np.inf).astype("float32")
_BIO_START = np.array([-np.inf if t.startswith("I-") else 0.0 for t in TAGS], dtype="float32")


def bio_decode(probs: np.ndarray, lengths: np.ndarray | None = None) -> np.ndarray:
    """The most probable well-formed BIO tag sequence (Viterbi) under per-token tag
    probabilities ``probs`` of shape (T, tags) or (B, T, tags), each sequence of a
    batch ``lengths[b]`` long; an argmax would let I-X follow O or another label.
    Returns tag ids of shape (T,) or (B, T) (padding decoded as anything).

    Where the argmax is already well-formed it is the answer (the best sequence of
    all is allowed), so Viterbi runs only on the sequences where it is not."""
    single = probs.ndim == 2
    p = probs[None] if single else probs
    bsz, steps, _ = p.shape
    best = p.argmax(-1)
    if steps:
        prev = np.empty_like(best)
        prev[:, 0] = TAG_ID["O"]  # a sequence may not open with an I- tag
        prev[:, 1:] = best[:, :-1]
        bad = ~_ALLOWED[prev, best]
        if lengths is not None:
            bad &= np.arange(steps)[None, :] < np.asarray(lengths)[:, None]
        redo = np.nonzero(bad.any(1))[0]
        if len(redo):
            sub = None if lengths is None else np.asarray(lengths)[redo]
            best[redo] = _viterbi(p[redo], sub)
    return best[0] if single else best


def _viterbi(p: np.ndarray, lengths: np.ndarray | None) -> np.ndarray:
    """:func:`bio_decode` of a batch (B, T, tags), by dynamic programming.

    It runs a few NumPy calls per step on a few sequences (B, 7, 7), so a step costs
    what its calls cost: the forward pass writes into buffers, and the paths are
    traced back with one call per step for all rows (the batches of several
    documents have dozens)."""
    bsz, steps, k = p.shape
    logp = np.log(np.maximum(p, 1e-12, dtype="float32"))
    if lengths is not None:
        # past its end a sequence costs nothing whatever its tags (any tag may follow
        # itself or turn to O), so its best path keeps the best path of its real part
        logp[np.arange(steps)[None, :] >= np.asarray(lengths)[:, None]] = 0.0
    score = logp[:, 0] + _BIO_START
    back = np.empty((steps, bsz, k), dtype="int64")
    cand = np.empty((bsz, k, k), dtype="float32")  # (B, prev, next)
    prev = score[:, :, None]
    for t in range(1, steps):
        np.add(prev, _BIO_PENALTY, out=cand)
        cand.argmax(1, out=back[t])
        cand.max(1, out=score)
        score += logp[:, t]
    # the paths traced back all rows at once, a step at a time
    out = np.empty((steps, bsz), dtype="int64")
    cur = out[steps - 1] = score.argmax(1)
    rows = np.arange(bsz)
    for t in range(steps - 1, 0, -1):
        cur = out[t - 1] = back[t, rows, cur]
    return out.T


def cue_marks(sent: np.ndarray, cs: int, ce: int) -> tuple[np.ndarray, np.ndarray]:
    """The link model's conditioning inputs over a window whose sentence ids are
    ``sent``, for the cue at window tokens ``cs:ce``: 0 before the cue, 1 on it, 2
    after it; and each token's sentence offset from the cue's, clipped to ±3, plus 3."""
    cue = np.zeros(len(sent), dtype="int64")
    cue[cs:ce] = 1
    cue[ce:] = 2
    return cue, np.clip(sent - int(sent[cs]), -3, 3) + 3


def _join_fragments(
    spans: list[tuple[int, int]],
    doc: Doc,
    *,
    keep_apart: Sequence[tuple[int, int]] = (),
    max_gap_words: int = JOIN_GAP_WORDS,
) -> list[tuple[int, int]]:
    """Join content pieces of one statement separated by a short gap the model left
    out (punctuation, ", which", "in"), unless the gap holds a line break or one of
    the ``keep_apart`` token ranges (the statement's own cue and sources)."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out:
            a = out[-1][1]
            gap = [doc[i] for i in range(a, s)]
            words = sum(1 for t in gap if not (t.is_punct or t.is_space))
            blocked = any(x < s and a < y for x, y in keep_apart) or any(
                "\n" in t.text for t in gap
            )
            if words <= max_gap_words and not blocked:
                out[-1] = (out[-1][0], e)
                continue
        out.append((s, e))
    return out


def sentence_chunks(x: DocInputs, size: int) -> list[tuple[int, int]]:
    """Split a document at sentence starts into pieces of at least ``size`` tokens
    (the last may be shorter): the cue model is trained on such pieces and run on them."""
    starts = [int(i) for i in np.nonzero(np.diff(x.sent, prepend=-1))[0]] + [len(x.sent)]
    out: list[tuple[int, int]] = []
    a = 0
    for s in starts[1:]:
        if s - a >= size:
            out.append((a, s))
            a = s
    if a < len(x.sent):
        out.append((a, len(x.sent)))
    return out


def link_window(x: DocInputs, cs: int, ce: int, before: int = 1, after: int = 2) -> tuple[int, int]:
    """Token window of the link model: ``before`` sentences before the cue to ``after`` after."""
    ks, ke = int(x.sent[cs]), int(x.sent[ce - 1])
    lo = np.searchsorted(x.sent, ks - before, side="left")
    hi = np.searchsorted(x.sent, ke + after, side="right")
    return int(lo), int(hi)


def _init_name(path: Path, key: str) -> str | None:
    """A name a shipped model's JSON gives under ``init`` (``static``: the static vectors,
    package or path, it reads; ``encoder_overrides``: the encoder override set, a file
    beside it, it was tuned with, :mod:`saidwhat.train.spans_adapted`), if any."""
    meta = json.loads(path.with_suffix(".json").read_text("utf-8"))
    name = meta["init"].get(key)
    return str(name) if name else None


class NeuralTagger:
    """Cue model over a document, then the link model once per cue found.

    :meth:`spans_many` runs several documents' pieces together, then their cues'
    windows together; a document's result is bit-identical however callers batch
    documents, as each row of a batch is computed on its own (and a document's
    single piece or window still runs alone: :func:`_run_windows`). The input
    projection of the token features is computed once per document and gathered
    per piece or window; only the cue marks differ between a document's windows.
    """

    def __init__(
        self,
        model_dir: Path,
        cue_probs: Mapping[str, float],
        *,
        tier: str = "fast",
        features: Callable[[Path | None], Callable[[Doc, str | None], np.ndarray]] | None = None,
    ) -> None:
        """The models of ``tier`` (:data:`TIER_MODELS`); ``accurate`` reads all-mpnet-base-v2
        token features too, which ``features(overrides)`` builds
        (:class:`~saidwhat.extract.context.ContextFeatures`): ``overrides`` is the
        encoder's adapter set the models were trained with (``encoder_overrides`` in
        their JSON, a file beside them), or ``None`` for the published encoder."""
        cue_file, link_file = TIER_MODELS[tier]
        self.cue_probs = dict(cue_probs)
        self.static: StaticVectors | None = None
        names = {_init_name(model_dir / f, "static") for f in (cue_file, link_file)} - {None}
        if len(names) > 1:
            raise ValueError(f"the cue and link models read different static vectors: {names}")
        if names:
            self.static = load_static_vectors(names.pop())  # type: ignore[arg-type]
        # each net keeps only the table projected through its bottleneck (20k x 64)
        self.cue_net = NumpyTaggerNet(model_dir / cue_file, self.static)
        self.link_net = NumpyTaggerNet(model_dir / link_file, self.static)
        self.context: Callable[[Doc, str | None], np.ndarray] | None = None
        if self.cue_net.ctx_dim or self.link_net.ctx_dim:
            if features is None:
                raise ValueError(f"the {tier} models read contextual features; none were given")
            sets = {_init_name(model_dir / f, "encoder_overrides") for f in (cue_file, link_file)}
            if len(sets) > 1:
                raise ValueError(f"the cue and link models read different encoders: {sets}")
            name = sets.pop()
            self.context = features(None if name is None else model_dir / name)

    def inputs(self, doc: Doc, quoted: Sequence[QuotedSpan], text: str | None) -> DocInputs:
        """The models' inputs of ``doc`` (with the tier's contextual features, if any)."""
        x = doc_inputs(doc, quoted, self.cue_probs, self.static, text)
        if self.context is not None:
            x.vec = np.concatenate([x.vec, self.context(doc, text)], axis=1)
        return x

    def cue_tags(self, x: DocInputs) -> tuple[np.ndarray, np.ndarray]:
        """Tag probabilities (n, tags) of the cue model and its BIO tag ids (n,) of one
        document (:meth:`cue_tags_many`)."""
        return self.cue_tags_many([x])[0]

    def cue_tags_many(self, xs: Sequence[DocInputs]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each document's tag probabilities (n, tags) of the cue model and its BIO tag
        ids (n,), run on the documents' sentence-aligned pieces (as in training), with
        ``CUE_CONTEXT`` tokens of the neighbouring pieces on each side as context; the
        tags are Viterbi-decoded piece by piece. The token projection is computed once
        per document and gathered per piece; the pieces of all documents are batched
        together (:func:`_run_windows`: each document's values are those of running
        it alone)."""
        jobs: list[_Row] = []
        keep: list[list[tuple[int, int, int]]] = []  # per document: (job, start, end)
        base = 0
        for k, x in enumerate(xs):
            n = len(x.word)
            pieces = sentence_chunks(x, CUE_CHUNK)
            bounds = [(max(0, a - CUE_CONTEXT), min(n, b + CUE_CONTEXT)) for a, b in pieces]
            keep.append([])
            for (a, b), (lo, hi) in zip(pieces, bounds):
                keep[k].append((len(jobs), a - lo, b - lo))
                # a document of one piece ran as a batch of one row (alone)
                jobs.append(_Row(hi - lo, base + lo, None, len(pieces) == 1))
            base += n
        probs, tags = _run_windows(self.cue_net, _projections(self.cue_net, xs), jobs)
        return [
            (
                np.concatenate([probs[r][i:j] for r, i, j in rows]),
                np.concatenate([tags[r][i:j] for r, i, j in rows]),
            )
            for rows in keep
        ]

    def spans(self, doc: Doc, quoted: Sequence[QuotedSpan], text: str | None = None) -> list[Found]:
        """``(cue, sources, contents, confidence)`` in token offsets, one per cue found."""
        return self.spans_many([doc], [quoted], [text])[0]

    def spans_many(
        self,
        docs: Sequence[Doc],
        quoted: Sequence[Sequence[QuotedSpan]],
        texts: Sequence[str | None],
    ) -> list[list[Found]]:
        """:meth:`spans` of several documents, their cue pieces batched together, then
        their cues' windows batched together (each document's result is bit for bit
        that of running it alone: :func:`_run_windows`)."""
        out: list[list[Found]] = [[] for _ in docs]
        live = [k for k, doc in enumerate(docs) if len(doc)]
        if not live:
            return out
        xs = [self.inputs(docs[k], quoted[k], texts[k]) for k in live]
        cue_out = self.cue_tags_many(xs)
        jobs: list[_Row] = []
        where: list[tuple[int, int, int, int, int, np.ndarray]] = []  # k, cs, ce, a, b, probs
        with_cues = []
        base = 0
        for k, x, (probs, tag_ids) in zip(live, xs, cue_out):
            tags = [TAGS[j] for j in tag_ids]
            cues = [(s, e) for lab, s, e in bio_spans(tags) if lab == "CUE"]
            # the cues' windows, in the batches of similar length a document alone ran
            # them in (a batch of one row ran alone)
            mine = sorted(
                (b - a, cs, ce, a, b) for cs, ce in cues for a, b in [link_window(x, cs, ce)]
            )
            if not mine:
                continue
            with_cues.append(x)
            for j, (m, cs, ce, a, b) in enumerate(mine):
                cue, soff = cue_marks(x.sent[a:b], cs - a, ce - a)
                alone = j == len(mine) - 1 and j % LINK_BATCH == 0
                jobs.append(_Row(m, base + a, (cue, soff), alone))
                where.append((k, cs, ce, a, b, probs))
            base += len(x.word)
        if not jobs:
            return out
        proj = _projections(self.link_net, with_cues)
        lps, link_tags = _run_windows(self.link_net, proj, jobs)
        for (k, cs, ce, a, b, probs), p, tg in zip(where, lps, link_tags):
            doc = docs[k]
            sp = bio_spans([TAGS[j] for j in tg[: b - a]])
            sources = [(s + a, e + a) for lab, s, e in sp if lab == "SRC"]
            contents = _join_fragments(
                [(s + a, e + a) for lab, s, e in sp if lab == "CNT"],
                doc,
                keep_apart=[(cs, ce), *sources],
            )
            if not contents:
                continue
            cue_conf = float(probs[cs:ce, 1:3].sum(-1).mean())
            cnt_tok = [i - a for s, e in contents for i in range(s, e)]
            cnt_conf = float(p[cnt_tok, 5:7].sum(-1).mean())
            out[k].append(((cs, ce), sources, contents, cue_conf * cnt_conf))
        for found in out:
            found.sort()
        return out


LINK_BATCH = 64  # a document's cue windows per forward pass, when run alone
WINDOW_BATCH = 64  # rows of one forward pass over the windows of several documents


class _Row(NamedTuple):
    """One row of a forward pass: a window of ``length`` tokens starting at ``start``
    of the stacked token projections, a link window's cue marks and sentence offsets,
    and whether it runs alone (as a batch of one: BLAS's matrix-vector path, whose
    sums differ in the last bit from a row of a matrix product)."""

    length: int
    start: int
    marks: tuple[np.ndarray, np.ndarray] | None
    alone: bool


def _projections(net: NumpyTaggerNet, xs: Sequence[DocInputs]) -> tuple[np.ndarray, np.ndarray]:
    """The token projections of several documents, one after the other, each document's
    computed in its place in one array (its own matrix product, not a copy)."""
    both = np.empty((sum(len(x.word) for x in xs), net.proj_width), dtype="float32")
    base = 0
    for x in xs:
        n = len(x.word)
        net.token_projection(x.vec, x.word, x.sym, x.flags, x.srow, out=both[base : base + n])
        base += n
    four_h = net.proj_width // 2
    return both[:, :four_h], both[:, four_h:]


def _run_windows(
    net: NumpyTaggerNet, proj: tuple[np.ndarray, np.ndarray], jobs: Sequence[_Row]
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Each row's tag probabilities (length, tags) and Viterbi-decoded BIO tag ids
    (length,), the rows run in batches of up to ``WINDOW_BATCH`` of similar length
    (those marked ``alone`` each on its own). A row's values do not depend on the
    other rows of its batch nor on its padding (at least two rows run each step:
    :func:`~saidwhat.extract.nplstm._schedule`; tests/extract/test_nplstm.py checks
    it against the BLAS in use), so a document's results are those of running it
    alone, however documents are batched."""
    order = sorted(range(len(jobs)), key=lambda r: (jobs[r].length, r))
    batches = [[r] for r in order if jobs[r].alone]
    rest = [r for r in order if not jobs[r].alone]
    batches += [rest[i : i + WINDOW_BATCH] for i in range(0, len(rest), WINDOW_BATCH)]
    if len(rest) > WINDOW_BATCH and len(rest) % WINDOW_BATCH == 1:  # never a row alone
        batches[-2:] = [batches[-2] + batches[-1]]
    probs: list[np.ndarray] = [np.empty(0)] * len(jobs)
    tags: list[np.ndarray] = [np.empty(0)] * len(jobs)
    conditioned = jobs[0].marks is not None
    for rows in batches:
        lengths = np.array([jobs[r].length for r in rows])
        steps = int(lengths.max())
        index = np.zeros((len(rows), steps), dtype="int64")
        cue = soff = None
        if conditioned:
            cue = np.zeros((len(rows), steps), dtype="int64")
            soff = np.full((len(rows), steps), 3, dtype="int64")
        for i, r in enumerate(rows):
            job = jobs[r]
            index[i, : job.length] = np.arange(job.start, job.start + job.length)
            if cue is not None and soff is not None and job.marks is not None:
                cue[i, : job.length], soff[i, : job.length] = job.marks
        p = softmax(net.windows(proj, index, lengths, cue, soff))
        t = bio_decode(p, lengths)
        for i, r in enumerate(rows):
            probs[r], tags[r] = p[i, : lengths[i]], t[i, : lengths[i]]
    return probs, tags
