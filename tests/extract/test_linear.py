"""Stages that were quadratic or cubic on one long sentence (issue 20.3) give the
answers of their straightforward (pair-by-pair) definitions.

Speed itself is measured in ``scripts/chaos.py`` (time per KB at 6, 24 and 96 KB,
as ratios within one run); these tests pin that the fast forms changed no answer.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from saidwhat.engine import get_engine
from saidwhat.extract.attributions import Attribution, kind_of, subtree_chars
from saidwhat.extract.continuity import _paragraph_index, share_contents
from saidwhat.extract.quotemarks import find_quoted
from saidwhat.extract.rules import find_attributions

TEXTS = (
    "Bob said that Ann said that the mayor, who said that taxes rise, was wrong.",
    "“It is over,” she said, adding that “nothing” would change, according to aides.",
    "Tom Baker said: “We work hard.” Maria Lopez said that the plan, which "
    "officials said was late, would not pass, and added that “it never will.”",
)


def _subtree_by_walk(tok):  # type: ignore[no-untyped-def]
    ids = [t.i for t in tok.subtree]
    lo, hi = min(ids), max(ids)
    doc = tok.doc
    while lo < hi and doc[lo].is_punct and doc[lo].text not in '“"«':
        lo += 1
    while hi > lo and doc[hi].is_punct and doc[hi].text not in '”"»':
        hi -= 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


@pytest.mark.parametrize("text", TEXTS)
def test_subtree_chars_from_the_edges_is_the_subtree_walk(engine, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = get_engine().nlp(text)
    assert [subtree_chars(t) for t in doc] == [_subtree_by_walk(t) for t in doc]


def test_a_long_sentence_of_cues_keeps_every_statement(engine) -> None:  # type: ignore[no-untyped-def]
    text = "Bob said that " * 40 + "it rains."
    doc = get_engine().nlp(text)
    atts = list(find_attributions(doc, find_quoted(text)[0]))
    cues = [a.cue for a in atts]
    assert len(cues) == len(set(cues)) >= 30
    for a in atts:  # each content starts after its cue and runs to the end
        assert a.cue is not None and a.contents[0][0] > a.cue[1]
        assert text[: a.contents[0][1]].rstrip(". ").endswith("it rains")


def _paragraph_by_count(text: str, pos: int) -> int:
    return text.count("\n\n", 0, pos) if "\n\n" in text else text.count("\n", 0, pos)


@pytest.mark.parametrize("seed", range(20))
def test_paragraph_index_is_counting_the_breaks(seed: int) -> None:
    rnd = random.Random(seed)
    text = "".join(rnd.choice(["a", "b ", "\n", "\n\n", "\n\n\n"]) for _ in range(200))
    para = _paragraph_index(text)
    assert [para(p) for p in range(len(text) + 1)] == [
        _paragraph_by_count(text, p) for p in range(len(text) + 1)
    ]


def _share_pairwise(text: str, atts: Sequence[Attribution]) -> None:
    """share_contents as it was written first: every pair of attributions."""
    for a in atts:
        if a.cue is None:
            continue
        for b in atts:
            if b is a or b.cue is None:
                continue
            for i, (s, e) in enumerate(a.contents):
                if s < b.cue[0] < e and not any(s <= x < e for x, _ in b.sources):
                    cut = b.cue[0]
                    while cut > s and text[cut - 1] in " ,;–—-":
                        cut -= 1
                    if a.cue[0] < b.cue[0] and any(bs >= b.cue[1] for bs, _ in b.contents):
                        a.contents[i] = (s, cut)
    for a in atts:
        if a.cue is None or len(a.contents) < 2:
            continue
        keep = []
        for s, e in a.contents:
            rival = next(
                (
                    b
                    for b in atts
                    if b is not a
                    and b.cue is not None
                    and any(bs <= s and e <= be for bs, be in b.contents)
                ),
                None,
            )
            if (
                rival is not None
                and rival.cue is not None
                and _paragraph_by_count(text, rival.cue[0]) == _paragraph_by_count(text, s)
                and _paragraph_by_count(text, a.cue[0]) != _paragraph_by_count(text, s)
            ):
                continue
            keep.append((s, e))
        a.contents = keep or a.contents


def _statements(rnd: random.Random, text: str) -> list[Attribution]:
    """Attributions in text order, each a source, a cue and one or two contents after
    it (the engine's shape), some contents running over later cues."""
    out = []
    pos = 0
    while pos < len(text) - 40:
        src = (pos, pos + 3)
        cue = (pos + 4, pos + 8)
        first = (pos + 9, min(len(text), pos + 9 + rnd.randrange(5, 90)))
        contents = [first]
        if rnd.random() < 0.4:
            s2 = min(len(text) - 1, first[1] + rnd.randrange(1, 40))
            contents.append((s2, min(len(text), s2 + rnd.randrange(1, 60))))
        out.append(Attribution(cue=cue, sources=[src], contents=contents))
        pos += rnd.randrange(10, 40)
    return out


@pytest.mark.parametrize("seed", range(40))
def test_share_contents_gives_the_pairwise_answer(seed: int) -> None:
    rnd = random.Random(seed)
    text = "".join(rnd.choice(["word ", "it, ", "so; ", "\n\n", "\n"]) for _ in range(120))
    atts = _statements(rnd, text)
    fast = [
        Attribution(cue=a.cue, sources=list(a.sources), contents=list(a.contents)) for a in atts
    ]
    _share_pairwise(text, atts)
    share_contents(text, fast)
    assert [a.contents for a in fast] == [a.contents for a in atts]


def _kind_by_scan(contents: list[tuple[int, int]], quoted: list[tuple[int, int]]) -> str:
    total = sum(e - s for s, e in contents) or 1
    inside = sum(max(0, min(e, qe) - max(s, qs)) for s, e in contents for qs, qe in quoted)
    ratio = inside / total
    return "direct" if ratio >= 0.9 else "mixed" if ratio > 0.05 else "indirect"


@pytest.mark.parametrize("seed", range(20))
def test_kind_of_by_bisection_is_the_overlap_ratio(seed: int) -> None:
    rnd = random.Random(seed)
    cuts = sorted(rnd.sample(range(1, 500), 20))
    quoted = list(zip(cuts[::2], cuts[1::2]))
    for _ in range(20):
        s = rnd.randrange(0, 480)
        contents = [(s, s + rnd.randrange(1, 60))]
        assert kind_of("x" * 500, contents, quoted) == _kind_by_scan(contents, quoted)
