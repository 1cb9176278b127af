"""Geometry for the two charts, computed on the server.

The templates turn these frozen records into inline SVG (labels autoescaped),
so the pages need no JavaScript library and no CDN.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = [
    "Bar",
    "Timeline",
    "NetNode",
    "NetEdge",
    "Network",
    "months_between",
    "timeline",
    "timeline_counts",
    "network_layout",
]


# --- timeline ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # "2024-05"
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Timeline:
    width: int
    height: int
    bars: tuple[Bar, ...]
    max_count: int
    ticks: tuple[tuple[float, str], ...]  # (x, label) under the axis
    undated: int  # statements whose article has no date


#: Widest bar drawn (px of the viewBox).
MAX_BAR = 40.0


def months_between(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive."""
    y, m = int(first[:4]), int(first[5:7])
    y2, m2 = int(last[:4]), int(last[5:7])
    out = []
    while (y, m) <= (y2, m2):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _month(value: Any) -> str | None:
    s = str(value or "")
    ok = len(s) >= 7 and s[:4].isdigit() and s[4] == "-" and s[5:7].isdigit()
    return s[:7] if ok and 1 <= int(s[5:7]) <= 12 else None


def timeline(
    dates: Iterable[Any], *, width: int = 720, height: int = 160, max_months: int = 120
) -> Timeline:
    """Statements per month as bars; ``dates`` are ISO dates (or None when unknown)."""
    counts: Counter[str] = Counter()
    undated = 0
    for d in dates:
        month = _month(d)
        if month is None:
            undated += 1
        else:
            counts[month] += 1
    return timeline_counts(
        counts, undated=undated, width=width, height=height, max_months=max_months
    )


def timeline_counts(
    counts: Mapping[str, int],
    *,
    undated: int = 0,
    width: int = 720,
    height: int = 160,
    max_months: int = 120,
) -> Timeline:
    """Bars from statement counts per ``YYYY-MM`` (keys that are not months count as undated).

    Months without statements between the first and last get empty slots, so the
    x axis is time. Only the last ``max_months`` months are drawn.
    """
    clean: Counter[str] = Counter()
    for key, n in counts.items():
        month = _month(key)
        if month is None:
            undated += int(n)
        else:
            clean[month] += int(n)
    counts = clean
    if not counts:
        return Timeline(width, height, (), 0, (), undated)
    months = months_between(min(counts), max(counts))[-max_months:]
    top = max(counts[m] for m in months) or 1
    pad_l, pad_r, pad_t, pad_b = 30, 10, 10, 24
    inner_w, inner_h = width - pad_l - pad_r, height - pad_t - pad_b
    slot = inner_w / len(months)
    bar_w = max(1.0, min(slot * 0.8, MAX_BAR))  # one month is one bar, not the whole width
    bars = []
    for i, m in enumerate(months):
        h = inner_h * counts[m] / top
        x = pad_l + i * slot + (slot - bar_w) / 2
        bars.append(
            Bar(
                m,
                counts[m],
                round(x, 1),
                round(pad_t + inner_h - h, 1),
                round(bar_w, 1),
                round(h, 1),
            )
        )
    step = max(1, math.ceil(len(months) / 8))
    ticks = tuple(
        (round(pad_l + i * slot + slot / 2, 1), m) for i, m in enumerate(months) if i % step == 0
    )
    return Timeline(width, height, tuple(bars), top, ticks, undated)


# --- network ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NetNode:
    id: str
    label: str
    kind: str  # entity type, e.g. PERSON, ORG
    x: float
    y: float
    r: float
    speaks: int  # statements made (out-weight)
    targeted: int  # times spoken about (in-weight)
    text: str = ""  # the label as drawn (long names shortened; the full one in a tooltip)
    lx: float = 0.0  # label centre (text-anchor middle) and baseline
    ly: float = 0.0


@dataclass(frozen=True, slots=True)
class NetEdge:
    source: str
    target: str
    weight: int
    x1: float
    y1: float
    x2: float
    y2: float
    width: float


@dataclass(frozen=True, slots=True)
class Network:
    width: int
    height: int
    nodes: tuple[NetNode, ...]
    edges: tuple[NetEdge, ...]


def network_layout(
    nodes: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
    *,
    width: int = 800,
    height: int | None = None,
    iterations: int = 150,
) -> Network:
    """Place a who-speaks-about-whom graph with a seeded force layout (deterministic).

    ``nodes``: mappings with ``id``, ``name`` (or ``label``) and ``type``;
    ``edges``: mappings with ``source``, ``target`` and ``weight`` (or ``count``).
    Edges whose ends are not in ``nodes`` are dropped. ``height`` defaults to
    560, taller for more than 30 nodes so that their labels find room. A
    label that would still overlap another is left out of the drawing (the
    node's tooltip and the table under the chart name it).
    """
    if height is None:
        height = max(560, 200 + 12 * len(nodes))
    key_nodes = tuple(
        (str(n["id"]), str(n.get("name") or n.get("label") or n["id"]), str(n.get("type") or ""))
        for n in nodes
    )
    ids = {k[0] for k in key_nodes}
    key_edges = tuple(
        (str(e["source"]), str(e["target"]), int(e.get("weight", e.get("count", 1)) or 1))
        for e in edges
        if str(e["source"]) in ids and str(e["target"]) in ids and e["source"] != e["target"]
    )
    return _layout(key_nodes, key_edges, width, height, iterations)


@lru_cache(maxsize=64)
def _layout(
    nodes: tuple[tuple[str, str, str], ...],
    edges: tuple[tuple[str, str, int], ...],
    width: int,
    height: int,
    iterations: int,
) -> Network:
    n = len(nodes)
    if n == 0:
        return Network(width, height, (), ())
    index = {node[0]: i for i, node in enumerate(nodes)}
    rng = random.Random(1729)
    # start on a circle (with a little jitter) so the result is stable and spread out
    angles = np.arange(n) * (2 * math.pi / n)
    jitter = np.array([[rng.uniform(-0.01, 0.01), rng.uniform(-0.01, 0.01)] for _ in range(n)])
    xy = np.stack([np.cos(angles), np.sin(angles)], axis=1) * 0.4 + jitter
    src = np.array([index[s] for s, _, _ in edges], dtype=np.int64)
    dst = np.array([index[t] for _, t, _ in edges], dtype=np.int64)
    pull = np.array([1 + math.log(w) for _, _, w in edges], dtype=float)
    k = math.sqrt(1.0 / n)
    temp = 0.1
    # O(n^2) per step: fewer steps for big graphs keep a page under a second
    steps = iterations if n <= 100 else max(40, iterations * 100 // n)
    for _ in range(steps):
        delta = xy[:, None, :] - xy[None, :, :]  # (n, n, 2): i minus j
        d2 = (delta**2).sum(axis=2)
        np.fill_diagonal(d2, np.inf)
        d2 = np.maximum(d2, 1e-6)
        disp = (delta * (k * k / d2)[:, :, None]).sum(axis=1)  # repulsion
        if len(src):
            e = xy[src] - xy[dst]
            d = np.maximum(np.sqrt((e**2).sum(axis=1)), 1e-6)
            f = e * (d / k * pull * 0.1)[:, None]
            np.add.at(disp, src, -f)  # attraction along edges
            np.add.at(disp, dst, f)
        disp -= xy * 0.5  # gentle pull to the centre keeps unconnected parts on screen
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-6)
        xy += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp *= 0.97
    pos = xy.tolist()
    xs = [p[0] for p in pos]
    ys = [p[1] for p in pos]
    margin = 60
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0

    def sx(v: float) -> float:
        return round(margin + (v - min(xs)) / span_x * (width - 2 * margin), 1)

    def sy(v: float) -> float:
        return round(margin / 2 + (v - min(ys)) / span_y * (height - margin), 1)

    out_w: Counter[str] = Counter()
    in_w: Counter[str] = Counter()
    for s, t, w in edges:
        out_w[s] += w
        in_w[t] += w
    top = max([out_w[x[0]] + in_w[x[0]] for x in nodes] + [1])
    net_nodes = tuple(
        NetNode(
            id=nid,
            label=label,
            kind=kind,
            x=sx(pos[i][0]),
            y=sy(pos[i][1]),
            r=round(5 + 12 * math.sqrt((out_w[nid] + in_w[nid]) / top), 1),
            speaks=out_w[nid],
            targeted=in_w[nid],
        )
        for i, (nid, label, kind) in enumerate(nodes)
    )
    net_nodes = _place_labels(net_nodes, width, height)
    wmax = max([w for _, _, w in edges] + [1])
    placed = {nd.id: nd for nd in net_nodes}
    net_edges = []
    for s, t, w in edges:
        na, nb = placed[s], placed[t]
        dx, dy = nb.x - na.x, nb.y - na.y
        d = math.hypot(dx, dy) or 1.0
        # run from the rim of the speaker's circle to just outside the target's
        ux, uy = dx / d, dy / d
        net_edges.append(
            NetEdge(
                s,
                t,
                w,
                round(na.x + ux * na.r, 1),
                round(na.y + uy * na.r, 1),
                round(nb.x - ux * (nb.r + 2), 1),
                round(nb.y - uy * (nb.r + 2), 1),
                round(1 + 4 * w / wmax, 1),
            )
        )
    return Network(width, height, net_nodes, tuple(net_edges))


#: Label metrics at the network's 11 px font: a generous average character width
#: (so that estimated boxes contain the drawn ones), ascent and descent.
LABEL_CHAR_W = 7.0
LABEL_ASCENT = 10.0
LABEL_DESCENT = 3.0
LABEL_MAX_CHARS = 28


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX_CHARS else label[: LABEL_MAX_CHARS - 1].rstrip() + "…"


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _place_labels(nodes: tuple[NetNode, ...], width: int, height: int) -> tuple[NetNode, ...]:
    """Put each node's label where it overlaps the fewest other labels and circles.

    Labels are placed biggest node first, trying above, below, right and left
    of the circle (then a little further out), always kept inside the drawing.
    """
    placed: list[tuple[float, float, float, float]] = []
    circles = [(n.x - n.r, n.y - n.r, n.x + n.r, n.y + n.r) for n in nodes]
    out: dict[str, NetNode] = {}
    order = sorted(range(len(nodes)), key=lambda i: (-nodes[i].r, nodes[i].id))
    for i in order:
        n = nodes[i]
        text = _short(n.label)
        w = len(text) * LABEL_CHAR_W
        gap = 3.0
        candidates = [
            (n.x, n.y - n.r - gap - LABEL_DESCENT),  # above
            (n.x, n.y + n.r + gap + LABEL_ASCENT),  # below
            (n.x + n.r + gap + w / 2, n.y + 4),  # right
            (n.x - n.r - gap - w / 2, n.y + 4),  # left
            (n.x + n.r + w / 2, n.y - n.r - LABEL_DESCENT),  # above right
            (n.x - n.r - w / 2, n.y - n.r - LABEL_DESCENT),  # above left
            (n.x + n.r + w / 2, n.y + n.r + LABEL_ASCENT),  # below right
            (n.x - n.r - w / 2, n.y + n.r + LABEL_ASCENT),  # below left
            (n.x, n.y - n.r - gap - LABEL_DESCENT - 12),  # further above
            (n.x, n.y + n.r + gap + LABEL_ASCENT + 12),  # further below
        ]
        best: tuple[float, float, float, float, tuple[float, float, float, float]] | None = None
        for cx, cy in candidates:
            cx = min(max(cx, w / 2 + 2), width - w / 2 - 2)
            cy = min(max(cy, LABEL_ASCENT + 2), height - LABEL_DESCENT - 2)
            box = (cx - w / 2, cy - LABEL_ASCENT, cx + w / 2, cy + LABEL_DESCENT)
            clash = sum(_overlap(box, b) for b in placed)
            cost = clash * 4 + sum(_overlap(box, c) for j, c in enumerate(circles) if j != i)
            cost += _overlap(box, circles[i]) * 2
            if best is None or cost < best[0]:
                best = (cost, clash, cx, cy, box)
            if cost == 0:
                break
        assert best is not None
        _, clash, cx, cy, box = best
        if clash > 0:
            text = ""  # no room: named by the tooltip and the table only
        else:
            placed.append(box)
        out[n.id] = NetNode(
            n.id,
            n.label,
            n.kind,
            n.x,
            n.y,
            n.r,
            n.speaks,
            n.targeted,
            text=text,
            lx=round(cx, 1),
            ly=round(cy, 1),
        )
    return tuple(out[n.id] for n in nodes)
