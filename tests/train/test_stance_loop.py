"""The training helper both stance tiers share (needs PyTorch: ``make train``)."""

from __future__ import annotations

import argparse
import random

import pytest

torch = pytest.importorskip("torch")

from saidwhat.train import stance_loop as loop  # noqa: E402

ITEMS = [("x" * n, 0, 1, n % 3) for n in (5, 40, 12, 33, 7, 21, 60, 2, 18, 9)]


def test_batches_cover_every_item_once_and_repeat_for_the_same_seed() -> None:
    got = loop.batches(ITEMS, 3, random.Random(4))
    assert sorted(i for b in got for i in b) == list(range(len(ITEMS)))
    assert max(len(b) for b in got) == 3
    assert got == loop.batches(ITEMS, 3, random.Random(4))


def test_class_weights_favour_the_rare_class_and_average_one() -> None:
    train = [("s", 0, 1, 0)] * 8 + [("s", 0, 1, 1)] * 2 + [("s", 0, 1, 2)] * 2
    _, cw = loop.weighted_loss(train)
    assert cw.mean() == pytest.approx(1.0)
    assert cw[1] == pytest.approx(cw[2]) and cw[1] > cw[0]


def test_the_schedule_warms_up_then_decays_to_zero() -> None:
    w = torch.nn.Parameter(torch.zeros(2))
    opt, sched = loop.optimiser([w], [], lr=1.0, head_lr=1.0, steps=20)
    lrs = []
    for _ in range(20):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    assert lrs[0] == pytest.approx(0.5) and lrs[1] == pytest.approx(1.0)  # warm-up: 2 steps
    assert lrs[-1] < lrs[5] and opt.param_groups[0]["lr"] == pytest.approx(0.0)


def test_recipe_reads_the_shared_options() -> None:
    ap = argparse.ArgumentParser()
    loop.add_options(ap, lr=5e-4, threads=1)
    args = ap.parse_args(["data", "--no-bf16"])
    fields = loop.recipe(args, torch.ones(3).numpy(), 7)
    assert fields["lr"] == 5e-4 and fields["threads"] == 1 and fields["autocast"] == "float32"
    assert fields["train_targets"] == 7 and fields["class_weights"] == [1.0, 1.0, 1.0]
