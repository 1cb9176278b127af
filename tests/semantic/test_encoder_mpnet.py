"""saidwhat.semantic.encoder on all-mpnet-base-v2: reassembly and hash check of the pinned
pieces, the relative position buckets, and the NumPy forward pass against a
PyTorch reference written here from the model's published definition (Hugging
Face ``MPNetModel``: positions from ``padding_idx + 1``, one relative-bias table
shared by all layers). Tests that need the weights skip where they are absent."""

from __future__ import annotations

import hashlib
import json
import math
import zipfile

import numpy as np
import pytest

from saidwhat.errors import ModelError
from saidwhat.semantic import encoder

SENTENCES = [
    "The minister said the new tax would hurt small farmers.",
    "Small farmers will suffer under the new tax, according to the minister.",
    "The orchestra played late into the night.",
]

needs_mpnet = pytest.mark.skipif(
    not encoder.mpnet_available(),
    reason="all-mpnet-base-v2 not installed (requirements/mpnet.txt; `make install`)",
)


# -- reassembly (synthetic pieces; no weights needed) -------------------------------------


def _pieces(tmp_path, payload: bytes, n: int = 3) -> list:
    z = tmp_path / "m.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("all-mpnet-base-v2/model.safetensors", payload)
        zf.writestr("all-mpnet-base-v2/config.json", '{"top": true}')
        zf.writestr("all-mpnet-base-v2/1_Pooling/config.json", '{"top": false}')
        zf.writestr("all-mpnet-base-v2/tokenizer.json", "{}")
        zf.writestr("all-mpnet-base-v2/vocab.txt", "[PAD]\n")
    data = z.read_bytes()
    cut = [len(data) * i // n for i in range(n + 1)]
    out = []
    for i in range(n):
        p = tmp_path / f"all-mpnet-base-v2.zip.00{i + 1}"
        p.write_bytes(data[cut[i] : cut[i + 1]])
        out.append(p)
    return out


def test_reassemble_joins_pieces_and_checks_the_hash(tmp_path, monkeypatch) -> None:
    payload = b"synthetic weights " * 100
    monkeypatch.setattr(encoder, "MPNET_SHA256", hashlib.sha256(payload).hexdigest())
    dest = tmp_path / "cache" / "model"
    encoder.reassemble(_pieces(tmp_path, payload), dest)
    assert (dest / "model.safetensors").read_bytes() == payload
    assert json.loads((dest / "config.json").read_text()) == {"top": True}  # not 1_Pooling's
    assert (dest / "SHA256").read_text().strip() == encoder.MPNET_SHA256


def test_reassemble_refuses_corrupt_weights_and_leaves_no_cache(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(encoder, "MPNET_SHA256", "0" * 64)
    dest = tmp_path / "cache" / "model"
    with pytest.raises(ModelError, match="E074"):
        encoder.reassemble(_pieces(tmp_path, b"tampered"), dest)
    assert not dest.exists()


def test_reassemble_refuses_pieces_out_of_order(tmp_path) -> None:
    pieces = _pieces(tmp_path, b"w" * 5000)
    with pytest.raises(ModelError, match="E073"):
        encoder.reassemble(pieces[::-1], tmp_path / "cache" / "model")


def test_missing_wheels_raise_a_numbered_error(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SAIDWHAT_MPNET_CACHE", str(tmp_path / "empty"))
    monkeypatch.setattr(encoder, "MPNET_PARTS", ("no-such-saidwhat-test-package",))
    with pytest.raises(ModelError, match="E073"):
        encoder.mpnet_dir()
    assert not encoder.mpnet_available()


def test_config_check_names_what_differs() -> None:
    good = {
        "hidden_size": 768,
        "num_hidden_layers": 12,
        "num_attention_heads": 12,
        "layer_norm_eps": 1e-5,
        "pad_token_id": 1,
        "relative_attention_num_buckets": 32,
    }
    encoder.check_config(good, encoder.MPNET)
    with pytest.raises(ModelError, match="relative_attention_num_buckets"):
        encoder.check_config({**good, "relative_attention_num_buckets": 64}, encoder.MPNET)


def test_lora_overrides_add_the_low_rank_update() -> None:
    rng = np.random.default_rng(1)
    w = {"l.weight": rng.normal(size=(6, 4)).astype(np.float32), "l.bias": np.zeros(6, "f4")}
    a, b = rng.normal(size=(2, 4)), rng.normal(size=(6, 2))
    before = w["l.weight"].copy()
    encoder.apply_overrides(w, {"l.lora_a": a, "l.lora_b": b, "l.bias": np.ones(6)}, source="test")
    assert np.allclose(w["l.weight"], before + b @ a, atol=1e-5)
    assert np.allclose(w["l.bias"], 1.0)
    with pytest.raises(ModelError, match="E072"):
        encoder.apply_overrides(w, {"m.lora_a": a, "m.lora_b": b}, source="test")


# -- PyTorch reference ---------------------------------------------------------------


def _torch_bucket(torch, relative, num_buckets: int = 32, max_distance: int = 128):
    # Hugging Face MPNetEncoder.relative_position_bucket, transcribed
    ret = 0
    n = -relative
    num_buckets //= 2
    ret += (n < 0).to(torch.long) * num_buckets
    n = torch.abs(n)
    max_exact = num_buckets // 2
    is_small = n < max_exact
    val_if_large = max_exact + (
        torch.log(n.float() / max_exact)
        / math.log(max_distance / max_exact)
        * (num_buckets - max_exact)
    ).to(torch.long)
    val_if_large = torch.min(val_if_large, torch.full_like(val_if_large, num_buckets - 1))
    return ret + torch.where(is_small, n, val_if_large)


def test_buckets_match_the_reference() -> None:
    torch = pytest.importorskip("torch")
    rel = np.arange(300)[None, :] - np.arange(300)[:, None]
    ref = _torch_bucket(torch, torch.from_numpy(rel)).numpy()
    got = encoder.bucket(rel)
    assert np.array_equal(got, ref)
    # both directions: 0-15 for keys before (and at) the query, 17-31 after it
    assert set(np.unique(got)) == set(range(32)) - {16}


def _reference(torch, w: dict, ids, mask, *, tanh_gelu: bool):
    """MPNetModel's forward pass (eval mode), written independently of saidwhat."""
    import torch.nn.functional as F

    t = {k: torch.from_numpy(np.asarray(v, dtype=np.float32)) for k, v in w.items()}
    ids, mask = torch.from_numpy(ids), torch.from_numpy(mask)
    pad = 1
    m = ids.ne(pad).int() if mask is None else mask.int()
    pos = torch.cumsum(m, dim=1).type_as(m) * m + pad  # create_position_ids_from_input_ids
    x = (
        t["embeddings.word_embeddings.weight"][ids]
        + t["embeddings.position_embeddings.weight"][pos.long()]
    )
    x = F.layer_norm(
        x, (768,), t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"], 1e-5
    )
    n = ids.shape[1]
    ctx_pos = torch.arange(n)[:, None]
    mem_pos = torch.arange(n)[None, :]
    rp = _torch_bucket(torch, mem_pos - ctx_pos)
    pbias = t["encoder.relative_attention_bias.weight"][rp].permute(2, 0, 1)[None]
    ext = (1.0 - mask.float())[:, None, None, :] * torch.finfo(torch.float32).min
    for i in range(12):
        p = f"encoder.layer.{i}."

        def lin(h, name, p=p):
            return F.linear(h, t[p + name + ".weight"], t[p + name + ".bias"])

        def heads(h):
            return h.view(h.shape[0], n, 12, 64).permute(0, 2, 1, 3)

        q, k, v = (heads(lin(x, f"attention.attn.{c}")) for c in "qkv")
        s = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(64) + pbias + ext
        c = torch.matmul(s.softmax(-1), v).permute(0, 2, 1, 3).reshape(x.shape[0], n, 768)
        x = F.layer_norm(
            lin(c, "attention.attn.o") + x,
            (768,),
            t[p + "attention.LayerNorm.weight"],
            t[p + "attention.LayerNorm.bias"],
            1e-5,
        )
        h = F.gelu(lin(x, "intermediate.dense"), approximate="tanh" if tanh_gelu else "none")
        x = F.layer_norm(
            lin(h, "output.dense") + x,
            (768,),
            t[p + "output.LayerNorm.weight"],
            t[p + "output.LayerNorm.bias"],
            1e-5,
        )
    return x.numpy()


@pytest.fixture(scope="module")
def mpnet():
    return encoder.load(arch="mpnet")


@needs_mpnet
def test_forward_matches_pytorch_reference(mpnet) -> None:
    torch = pytest.importorskip("torch")
    ids, mask, types, _ = mpnet.tokenize(SENTENCES)
    assert mask.min() == 0  # the batch is padded: the padding path is exercised
    ref = _reference(torch, mpnet.w, ids, mask, tanh_gelu=True)
    got = mpnet.forward(ids, mask, types)
    keep = mask.astype(bool)
    assert np.allclose(got[keep], ref[keep], atol=2e-4)
    # against the exact (erf) GELU of the published model: the tanh form moves
    # sentence vectors by a hair only
    exact = _reference(torch, mpnet.w, ids, mask, tanh_gelu=False)

    def pooled(h):
        v = (h * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    assert (pooled(got) * pooled(exact)).sum(1).min() > 0.9999


@needs_mpnet
def test_embeddings_rank_a_paraphrase_above_an_unrelated_sentence(mpnet) -> None:
    v = mpnet.embed(SENTENCES)
    assert v.shape == (3, encoder.MPNET.dim)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3


@needs_mpnet
def test_batching_and_padding_do_not_change_states(mpnet) -> None:
    texts = SENTENCES + ["A much longer sentence about the budget, " * 8]
    together = mpnet.embed(texts, batch_size=4)
    alone = np.vstack([mpnet.embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


@needs_mpnet
def test_the_cache_holds_the_checked_weights() -> None:
    d = encoder.mpnet_dir()
    assert (d / "SHA256").read_text().strip() == encoder.MPNET_SHA256
    assert (d / "model.safetensors").stat().st_size == 437_971_872
