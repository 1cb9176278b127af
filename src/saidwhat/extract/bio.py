"""BIO tags of attribution roles, shared by the neural tagger and its wrapper.

Tokens are tagged ``B-``/``I-`` of ``CUE``, ``SRC`` (source) or ``CNT``
(content), or ``O``; PolNeAR gives each token at most one role, so this is
plain sequence labelling. This module sits below :mod:`.neural` and
:mod:`.tagger` (both import it, it imports neither).
"""

from __future__ import annotations

from collections.abc import Sequence

Found = tuple[tuple[int, int], list[tuple[int, int]], list[tuple[int, int]], float]
"""``(cue, sources, contents, confidence)`` in token offsets, one per cue found."""


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
