from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from saidwhat.extract.neural import TAGS, DocInputs, batch_arrays, link_window


def _inputs(sent: list[int], seed: int = 0, ctx: int = 0) -> DocInputs:
    n = len(sent)
    rng = np.random.default_rng(seed)
    return DocInputs(
        vec=rng.normal(size=(n, 96 + ctx)).astype("float32"),
        word=rng.integers(0, 1000, size=n),
        sym=rng.integers(0, 128, size=(n, 3)),
        flags=rng.random(size=(n, 6)).astype("float32"),
        sent=np.array(sent, dtype="int64"),
    )


def _shipped_net(model: str, seed: int) -> tuple[Any, DocInputs]:
    """The shipped tagger net ``model`` with its static vectors, and a document of 40
    random tokens in three sentences (static-vector rows too, when the net reads them)."""
    from saidwhat.extract.neural import _init_name
    from saidwhat.extract.nplstm import NumpyTaggerNet
    from saidwhat.extract.tagger import default_model_dir
    from saidwhat.extract.vectors import load_static_vectors

    path = default_model_dir() / model
    name = _init_name(path, "static")
    vectors = load_static_vectors(name) if name else None
    doc = _inputs([0] * 12 + [1] * 15 + [2] * 13, seed=seed)
    if vectors is not None:
        rng = np.random.default_rng(seed + 1)
        doc.srow = rng.integers(0, vectors.oov + 1, size=len(doc.word))
    return NumpyTaggerNet(path, vectors), doc


def test_neural_link_window_spans_one_sentence_before_and_two_after() -> None:
    x = _inputs([0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 4])
    # cue in sentence 2 (tokens 5-6): window covers sentences 1..4
    assert link_window(x, 5, 6) == (2, 11)
    # cue in the first sentence: nothing before it
    assert link_window(x, 0, 1, before=1, after=0) == (0, 2)


def test_neural_batch_arrays_pad_and_mark_the_cue() -> None:
    a, b = _inputs([0, 0, 1]), _inputs([0, 1, 1, 1, 2])
    vec, word, sym, flags, cue, soff, mask, srow = batch_arrays([a, b], [(1, 2), (2, 4)])
    assert srow is None  # no static vector rows in these inputs
    assert vec.shape == (2, 5, 96) and int(mask.sum()) == 8
    assert cue[0, :3].tolist() == [0, 1, 2]
    assert cue[1].tolist() == [0, 0, 1, 1, 2]
    # sentence offsets from the cue's sentence, shifted by 3
    assert soff[1].tolist() == [2, 3, 3, 3, 4]


def _tiny_vectors(tmp_path):  # type: ignore[no-untyped-def]
    """A 30 x 12 vector table on disk in spaCy's layout, read by StaticVectors."""
    import srsly

    from saidwhat.extract.vectors import StaticVectors

    vocab = tmp_path / "vocab"
    vocab.mkdir()
    (vocab / "vectors.cfg").write_text('{"mode": "default"}', "utf-8")
    with (vocab / "vectors").open("wb") as fh:
        np.save(fh, np.random.default_rng(5).normal(size=(30, 12)).astype("float32"))
    srsly.write_msgpack(vocab / "key2row", {1000 + i: i for i in range(30)})
    return StaticVectors(str(vocab))


@pytest.mark.parametrize("ctx", [0, 20])
@pytest.mark.parametrize("static", [False, True])
@pytest.mark.parametrize("conditioned", [False, True])
def test_neural_numpy_forward_matches_torch(
    tmp_path, conditioned: bool, static: bool, ctx: int
) -> None:
    """ctx: contextual features after the 96-d vector, through a bottleneck of 6 (the
    accurate tier's layout; NumPy folds the bottleneck into the LSTM's input rows)."""
    torch = pytest.importorskip("torch")
    from saidwhat.extract.nplstm import NumpyTaggerNet, export_weights
    from saidwhat.train.neural import TaggerNet, batch_tensors

    torch.manual_seed(0)
    vectors = _tiny_vectors(tmp_path) if static else None
    table = vectors.matrix() if vectors else None
    init = {"hidden": 8, "conditioned": conditioned}
    net = TaggerNet(**init, static_table=table, ctx_dim=ctx, ctx_out=6).eval()  # type: ignore[arg-type]
    if static:
        init.update({"static": str(tmp_path / "vocab"), "static_dim": 12})
    if ctx:
        init.update({"ctx_dim": ctx, "ctx_out": 6})
    path = tmp_path / "m.npz"
    export_weights(net, path, {"init": init})
    items = [_inputs([0, 0, 1, 1], seed=1, ctx=ctx), _inputs([0, 1, 1, 2, 2, 2], seed=2, ctx=ctx)]
    if static:
        for x, rows in zip(items, ([3, 29, 3, 7], [0, 1, 2, 30, 5, 5])):  # 30: no vector
            x.srow = np.array(rows, dtype="int64")
    cues = [(1, 2), (2, 3)] if conditioned else None
    with torch.no_grad():
        # the numpy copy is stored in float16: compare against the rounded weights
        for p in net.parameters():
            p.copy_(p.half().float())
        t = batch_tensors(items, cues)
        expected = net(*t[:6], srow=t[7]).numpy()
    arrays = batch_arrays(items, cues)
    got = NumpyTaggerNet(path, vectors)(*arrays[:6], srow=arrays[7])
    assert got.shape == (2, 6, len(TAGS))
    np.testing.assert_allclose(got, expected, atol=1e-4)


def test_neural_model_that_reads_static_vectors_refuses_to_run_without_them(tmp_path) -> None:
    from saidwhat.extract.nplstm import NumpyTaggerNet

    path = tmp_path / "m.npz"
    path.with_suffix(".json").write_text(
        '{"init": {"hidden": 8, "static": "some_model", "static_dim": 300}}', "utf-8"
    )
    with pytest.raises(ValueError, match="300-d static vectors"):
        NumpyTaggerNet(path)


def test_neural_windows_of_one_projection_match_the_full_forward_pass() -> None:
    """The link model's shortcut (token projections computed once per document,
    gathered per cue window) gives the logits of running each window on its own."""
    from saidwhat.extract.neural import LINK_MODEL

    net, doc = _shipped_net(LINK_MODEL, seed=3)
    windows = [(5, 30), (12, 40), (0, 12)]  # (start, end) token windows of three cues
    cues = [(14, 15), (20, 22), (3, 4)]
    steps = max(b - a for a, b in windows)
    index = np.zeros((3, steps), dtype="int64")
    for r, (a, b) in enumerate(windows):
        index[r, : b - a] = np.arange(a, b)
    items = [doc.window(a, b) for a, b in windows]
    rel = [(cs - a, ce - a) for (a, _), (cs, ce) in zip(windows, cues)]
    vec, word, sym, flags, cue, soff, _, _ = batch_arrays(items, rel)
    lengths = np.array([b - a for a, b in windows])
    proj = net.token_projection(doc.vec, doc.word, doc.sym, doc.flags, doc.srow)
    got = net.windows(proj, index, lengths, cue, soff)
    for r, (a, b) in enumerate(windows):
        one = items[r]
        alone = net(
            one.vec[None],
            one.word[None],
            one.sym[None],
            one.flags[None],
            cue[r : r + 1, : b - a],
            soff[r : r + 1, : b - a],
            srow=None if one.srow is None else one.srow[None],
        )
        np.testing.assert_allclose(got[r, : b - a], alone[0], atol=1e-5)


def test_neural_cue_model_on_one_projection_equals_its_padded_batch_bit_for_bit() -> None:
    """The cue model's pieces gathered from one token projection of the document give
    the logits of running the padded batch of pieces, on every real token, to the bit."""
    from saidwhat.extract.neural import CUE_MODEL

    net, doc = _shipped_net(CUE_MODEL, seed=5)
    pieces = [(0, 12), (12, 27), (27, 40)]
    lengths = np.array([b - a for a, b in pieces])
    index = np.zeros((3, int(lengths.max())), dtype="int64")
    for r, (a, b) in enumerate(pieces):
        index[r, : b - a] = np.arange(a, b)
    proj = net.token_projection(doc.vec, doc.word, doc.sym, doc.flags, doc.srow)
    got = net.windows(proj, index, lengths)
    vec, word, sym, flags, _, _, _, srow = batch_arrays([doc.window(a, b) for a, b in pieces])
    expected = net(vec, word, sym, flags, lengths=lengths, srow=srow)
    for r, m in enumerate(lengths):
        assert np.array_equal(got[r, :m], expected[r, :m])


def test_neural_cue_model_pieces_cover_the_document_once() -> None:
    from saidwhat.extract.neural import sentence_chunks

    x = _inputs([0] * 5 + [1] * 7 + [2] * 3 + [3] * 9)
    pieces = sentence_chunks(x, 6)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(x.sent)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    # every piece starts at a sentence start
    assert all(a == 0 or x.sent[a] != x.sent[a - 1] for a, _ in pieces)


def test_neural_content_pieces_join_across_a_short_gap_but_not_across_the_cue() -> None:
    import spacy

    from saidwhat.extract.neural import _join_fragments

    doc = spacy.blank("en")("the plan , which he wrote , would fail , he said , badly")
    # tokens: the0 plan1 ,2 which3 he4 wrote5 ,6 would7 fail8 ,9 he10 said11 ,12 badly13
    assert _join_fragments([(0, 2), (5, 9)], doc) == [(0, 9)]  # gap ", which he"
    # the statement's own cue and source sit in the gap: two pieces
    assert _join_fragments([(0, 9), (13, 14)], doc, keep_apart=[(11, 12), (10, 11)]) == [
        (0, 9),
        (13, 14),
    ]
    # a long gap keeps pieces apart
    assert _join_fragments([(0, 2), (13, 14)], doc, max_gap_words=3) == [(0, 2), (13, 14)]


def _best_bio_by_enumeration(p: np.ndarray) -> float:
    import itertools

    best = -np.inf
    for seq in itertools.product(range(len(TAGS)), repeat=len(p)):
        labels = [TAGS[j] for j in seq]
        ok = all(
            not cur.startswith("I-") or (prev != "O" and prev[2:] == cur[2:])
            for prev, cur in zip(["O", *labels], labels)
        )
        if ok:
            best = max(best, float(sum(np.log(p[i, j]) for i, j in enumerate(seq))))
    return best


def test_neural_bio_decode_finds_the_best_well_formed_sequence() -> None:
    from saidwhat.extract.neural import bio_decode

    rng = np.random.default_rng(7)
    for _ in range(40):
        p = rng.dirichlet(np.full(len(TAGS), 0.4), size=int(rng.integers(1, 5))).astype("float32")
        got = bio_decode(p)
        score = float(sum(np.log(p[i, j]) for i, j in enumerate(got)))
        assert score == pytest.approx(_best_bio_by_enumeration(p), abs=1e-4)
    # an argmax "O I-CUE" becomes a well-formed cue or nothing
    p = np.full((2, len(TAGS)), 0.01, dtype="float32")
    p[0, TAGS.index("O")], p[1, TAGS.index("I-CUE")] = 0.6, 0.6
    p[1, TAGS.index("B-CUE")] = 0.3
    assert [TAGS[j] for j in bio_decode(p)] == ["O", "B-CUE"]


def test_neural_bio_decode_of_a_padded_batch_equals_each_sequence_alone() -> None:
    from saidwhat.extract.neural import bio_decode

    rng = np.random.default_rng(3)
    probs = rng.dirichlet(np.full(len(TAGS), 0.3), size=(4, 25)).astype("float32")
    lengths = np.array([25, 1, 9, 16])
    batch = bio_decode(probs, lengths)
    for b, n in enumerate(lengths):
        assert batch[b, :n].tolist() == bio_decode(probs[b, :n]).tolist()


@pytest.mark.parametrize("names", [(None, None), ("spans.npz", "spans.npz"), ("a.npz", "b.npz")])
def test_accurate_models_ask_for_the_encoder_they_were_tuned_with(tmp_path, names) -> None:
    """The features factory is given the override set named in the models' JSON
    (``encoder_overrides``, a file beside them), ``None`` when they read the published
    encoder; a cue and a link model tuned over different encoders are refused."""
    import json
    import shutil

    from saidwhat.extract.neural import ACCURATE_CUE_MODEL, ACCURATE_LINK_MODEL, NeuralTagger
    from saidwhat.extract.tagger import default_model_dir

    for fname, name in zip((ACCURATE_CUE_MODEL, ACCURATE_LINK_MODEL), names):
        src = default_model_dir() / fname
        shutil.copy(src, tmp_path / fname)
        meta = json.loads(src.with_suffix(".json").read_text("utf-8"))
        meta["init"].pop("encoder_overrides", None)
        if name:
            meta["init"]["encoder_overrides"] = name
        (tmp_path / fname).with_suffix(".json").write_text(json.dumps(meta), "utf-8")
    asked = []

    def features(overrides):  # type: ignore[no-untyped-def]
        asked.append(overrides)
        return lambda doc, text: None

    if names[0] != names[1]:
        with pytest.raises(ValueError, match="different encoders"):
            NeuralTagger(tmp_path, {}, tier="accurate", features=features)
        return
    NeuralTagger(tmp_path, {}, tier="accurate", features=features)
    assert asked == [None if names[0] is None else tmp_path / names[0]]


def test_neural_documents_run_together_give_each_one_alone_bit_for_bit(engine) -> None:  # type: ignore[no-untyped-def]
    """``spans_many`` batches the cue pieces, then the cue windows, of several
    documents: each document's spans and confidences are exactly those of running it
    alone (a document of one piece, or one window, still runs it alone: a batch of one
    row takes BLAS's matrix-vector path)."""
    from pathlib import Path

    from saidwhat.extract.state import DocState
    from saidwhat.extract.tagger import load_tagger

    sample = Path(__file__).resolve().parents[2] / "src" / "saidwhat" / "sample"
    texts = [p.read_text("utf-8") for p in sorted(sample.glob("*.txt"))]
    texts += [
        '"We will win," Bob Jones said.',  # one piece, one cue window
        "",
        "No one said anything here.",
        '"It is over," Ann Lee said. "We lost," she added. Tom Ray said it was fine.',
    ]
    quotemarks = dict(engine.analyzer.stages)["quotemarks"]
    states = [quotemarks(DocState(doc=d, text=d.text)) for d in engine.nlp.pipe(texts)]
    neural = load_tagger().neural
    docs, quoted, text = (
        [s.doc for s in states],
        [s.quoted for s in states],
        [s.text for s in states],
    )
    alone = [neural.spans(d, q, t) for d, q, t in zip(docs, quoted, text)]
    assert sum(map(len, alone)) > 20
    assert neural.spans_many(docs, quoted, text) == alone
    assert neural.spans_many(docs[::-1], quoted[::-1], text[::-1]) == alone[::-1]
