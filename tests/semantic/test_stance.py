"""saidwhat.semantic.stance: inputs, NumPy inference of the shipped model, and its agreement
with the PyTorch model it was trained as (when PyTorch is installed)."""

from __future__ import annotations

import numpy as np
import pytest

from saidwhat.errors import InputError
from saidwhat.records import ArticleResult, Entity, Quote, Speaker, TextSpan
from saidwhat.semantic import encoder, stance

SENT = "The union leader attacked the governor over the pension cuts, calling him a coward."


def _span(word: str, text: str = SENT) -> tuple[int, int]:
    i = text.index(word)
    return i, i + len(word)


def test_crop_keeps_short_sentences_and_moves_offsets_in_long_ones() -> None:
    assert stance.crop(SENT, 30, 38) == (SENT, 30, 38)
    long = "word " * 200 + "the governor" + " word" * 200
    a, b = _span("governor", long)
    text, s, e = stance.crop(long, a, b)
    assert len(text) < len(long) and text[s:e] == "governor"
    with pytest.raises(InputError, match="E080"):
        stance.crop(SENT, 5, 500)


def test_target_mask_marks_the_mention_word_pieces_only() -> None:
    enc = encoder.load()
    a, b = _span("governor")
    ids, mask, types, tmask = stance.inputs(enc, [(SENT, a, b), (SENT, *_span("union leader"))])
    e0 = enc.tokenizer.encode(SENT, "governor")
    marked = [e0.tokens[j] for j in np.flatnonzero(tmask[0])]
    assert marked == ["governor"]
    assert mask[0].sum() == len(e0.ids) and types[0, : len(e0.ids)].tolist() == e0.type_ids
    assert [enc.tokenizer.id_to_token(int(i)) for i in ids[1][tmask[1] > 0]] == ["union", "leader"]


def test_long_inputs_are_cut_to_max_tokens_keeping_the_mention() -> None:
    enc = encoder.load()
    long = "The minister spoke. " * 60 + "Then the senator was praised."
    ids, mask, _, tmask = stance.inputs(enc, [(long, *_span("senator", long))])
    assert ids.shape[1] <= stance.MAX_TOKENS
    assert tmask.sum() >= 1 and mask.sum() <= stance.MAX_TOKENS


def test_classify_gives_probabilities_per_span() -> None:
    spans = [_span("governor"), _span("union leader")]
    out = stance.classify(SENT, spans)
    assert len(out) == 2
    for st in out:
        assert st.label in stance.LABELS
        assert sum(st.probs) == pytest.approx(1.0, abs=1e-4)
        assert st.prob == max(st.probs)
    assert stance.classify(SENT, []) == []


def test_batching_does_not_change_the_answer() -> None:
    items = [
        (SENT, *_span("governor")),
        ("A short one about Paris.", *_span("Paris", "A short one about Paris.")),
        (SENT, *_span("union leader")),
    ]
    together = stance.probabilities(items)
    alone = np.vstack([stance.probabilities([it]) for it in items])
    assert np.allclose(together, alone, atol=1e-4)


def test_annotate_adds_a_stance_per_entity_mentioned_in_the_contents() -> None:
    text = 'Smith said: "The governor betrayed us and Jones helped him."'
    content_start = text.index('"The') + 1
    content = TextSpan(content_start, len(text) - 1, text[content_start : len(text) - 1])
    ents = (
        Entity("e1", "Smith", "PERSON", mentions=(TextSpan(0, 5, "Smith"),)),
        Entity("e2", "Jones", "PERSON", mentions=(TextSpan(*_span("Jones", text), "Jones"),)),
    )
    q = Quote("Q1", "direct", None, (), (content,), Speaker("e1", "Smith", "PERSON"), 0.9)
    res = ArticleResult("a", text, quotes=(q,), entities=ents)
    assert res.to_dict()["quotes"][0]["stance"] is None  # off: null, the key is always there
    (out,) = stance.annotate([res])
    (st,) = out.quotes[0].stance or ()
    assert st.entity == "e2" and text[st.start : st.end] == "Jones"  # never the speaker
    assert st.label in stance.LABELS
    d = out.to_dict()["quotes"][0]["stance"][0]
    assert d["label"] == st.label and ArticleResult.from_dict(out.to_dict()) == out


def test_numpy_inference_matches_pytorch() -> None:
    torch = pytest.importorskip("torch")
    from safetensors.numpy import load_file

    from saidwhat.train.stance import TorchMiniLM

    weights = dict(load_file(str(encoder.model_dir() / "model.safetensors")))
    over = np.load(stance.ENCODER_FILE)
    weights.update({k: over[k].astype(np.float32) for k in over.files})
    net = TorchMiniLM(weights)
    head = np.load(stance.HEAD_FILE)
    with torch.no_grad():
        net.head.weight.copy_(torch.from_numpy(head["weight"].astype(np.float32)))
        net.head.bias.copy_(torch.from_numpy(head["bias"].astype(np.float32)))
    net.eval()
    items = [(SENT, *_span("governor")), (SENT, *_span("union leader"))]
    ids, mask, types, tmask = stance.inputs(encoder.load(), items)
    with torch.no_grad():
        logits = net(*(torch.from_numpy(a) for a in (ids, mask, types, tmask))).numpy()
    z = np.exp(logits - logits.max(-1, keepdims=True))
    assert np.allclose(stance.probabilities(items), z / z.sum(-1, keepdims=True), atol=2e-3)


@pytest.mark.skipif(
    not (encoder.mpnet_available() and stance.TIERS["accurate"].encoder_file.exists()),
    reason="the accurate tier needs all-mpnet-base-v2 (`make install`) and its stance model",
)
def test_accurate_numpy_inference_matches_pytorch() -> None:
    torch = pytest.importorskip("torch")
    from safetensors.numpy import load_file

    from saidwhat.train.stance_accurate import MPNetTop

    tier = stance.TIERS["accurate"]
    meta = stance.meta(tier="accurate")
    weights = dict(load_file(str(encoder.mpnet_dir() / "model.safetensors")))
    net = MPNetTop(weights, frozen=meta["frozen_layers"], rank=meta["rank"], alpha=meta["rank"])
    over = np.load(tier.encoder_file)
    head = np.load(tier.head_file)
    with torch.no_grad():  # alpha = rank: scale 1, the shipped lora_b already holds the scale
        for k in over.files:
            net.train_p[k.replace(".", "__")].copy_(torch.from_numpy(over[k].astype(np.float32)))
        net.head.weight.copy_(torch.from_numpy(head["weight"].astype(np.float32)))
        net.head.bias.copy_(torch.from_numpy(head["bias"].astype(np.float32)))
    net.eval()
    items = [(SENT, *_span("governor")), (SENT, *_span("union leader"))]
    ids, mask, _, tmask = stance.inputs(encoder.load(arch="mpnet"), items)
    m = torch.from_numpy(mask)
    with torch.no_grad():
        logits = net(net.bottom(torch.from_numpy(ids), m), m, torch.from_numpy(tmask)).numpy()
    z = np.exp(logits - logits.max(-1, keepdims=True))
    got = stance.probabilities(items, tier="accurate")
    assert np.allclose(got, z / z.sum(-1, keepdims=True), atol=2e-3)
