from __future__ import annotations

import pytest

from saidwhat.extract.bio import bio_spans


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["O", "B-CUE", "O"], [("CUE", 1, 2)]),
        (
            ["B-SRC", "I-SRC", "B-CUE", "B-CNT", "I-CNT", "I-CNT"],
            [("SRC", 0, 2), ("CUE", 2, 3), ("CNT", 3, 6)],
        ),
        # an I- tag after O or after another label opens a new span
        (["O", "I-CNT", "I-CNT", "I-SRC"], [("CNT", 1, 3), ("SRC", 3, 4)]),
        (["B-CNT", "B-CNT"], [("CNT", 0, 1), ("CNT", 1, 2)]),
        ([], []),
    ],
)
def test_bio_spans(tags: list[str], expected: list[tuple[str, int, int]]) -> None:
    assert bio_spans(tags) == expected
