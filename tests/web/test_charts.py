"""Server-side chart geometry (pure functions)."""

from __future__ import annotations

from saidwhat.web.charts import months_between, network_layout, timeline


def test_months_between_crosses_years() -> None:
    assert months_between("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]


def test_timeline_buckets_by_month_and_fills_gaps() -> None:
    chart = timeline(["2024-01-03", "2024-01-20", "2024-03-01", None, "garbage"])
    assert [(b.label, b.count) for b in chart.bars] == [
        ("2024-01", 2),
        ("2024-02", 0),
        ("2024-03", 1),
    ]
    assert chart.undated == 2
    assert chart.max_count == 2
    tallest = max(chart.bars, key=lambda b: b.height)
    assert tallest.label == "2024-01"
    # bars stay inside the drawing and in time order
    assert all(b.x >= 0 and b.x + b.width <= chart.width for b in chart.bars)
    assert [b.x for b in chart.bars] == sorted(b.x for b in chart.bars)
    assert chart.bars[1].height == 0


def test_timeline_without_dates_is_empty() -> None:
    chart = timeline([None, ""])
    assert chart.bars == () and chart.undated == 2


def test_network_layout_is_deterministic_and_inside() -> None:
    nodes = [{"id": f"n{i}", "name": f"Node {i}", "type": "PERSON"} for i in range(12)]
    edges = [{"source": f"n{i}", "target": f"n{(i * 5) % 12}", "weight": i + 1} for i in range(12)]
    edges.append({"source": "n1", "target": "missing", "weight": 3})
    a = network_layout(nodes, edges)
    b = network_layout(list(reversed(list(reversed(nodes)))), edges)
    assert a == b
    assert len(a.nodes) == 12
    assert all(e.target != "missing" for e in a.edges)
    assert all(0 <= n.x <= a.width and 0 <= n.y <= a.height for n in a.nodes)
    # nodes are spread out, not piled on one point
    assert len({(round(n.x), round(n.y)) for n in a.nodes}) == 12
    speaks = {n.id: n.speaks for n in a.nodes}
    assert speaks["n11"] == 12


def test_network_layout_empty() -> None:
    assert network_layout([], []).nodes == ()


def test_network_labels_stay_inside_and_apart() -> None:
    """Issue 10, bug 5: labels were clipped at the edges and drawn over each other."""
    import random

    from saidwhat.web.charts import LABEL_ASCENT, LABEL_CHAR_W, LABEL_DESCENT

    rng = random.Random(7)
    for n in (12, 60):
        nodes = [
            {"id": f"n{i}", "name": f"Spokesperson number {i}" + "x" * rng.randint(0, 20)}
            for i in range(n)
        ]
        edges = [
            {"source": f"n{i % n}", "target": f"n{rng.randrange(n)}", "weight": 1 + i % 4}
            for i in range(2 * n)
        ]
        g = network_layout(nodes, edges)
        labelled = [x for x in g.nodes if x.text]
        assert len(labelled) >= 0.9 * n
        assert all(len(x.text) <= 28 for x in labelled)
        boxes = [
            (
                x.lx - len(x.text) * LABEL_CHAR_W / 2,
                x.ly - LABEL_ASCENT,
                x.lx + len(x.text) * LABEL_CHAR_W / 2,
                x.ly + LABEL_DESCENT,
            )
            for x in labelled
        ]
        for b in boxes:
            assert b[0] >= 0 and b[1] >= 0 and b[2] <= g.width and b[3] <= g.height
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
