"""Segmenting article text for highlighting (pure functions)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from saidwhat.web.highlight import Mark, marks_from_quotes, segment_text

TEXT = '"We will not give up," Ahmad Massoud said on Sunday.'


def span(part: str) -> dict:
    start = TEXT.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def quote_dict() -> dict:
    return {
        "id": "Q1",
        "kind": "direct",
        "cue": span("said"),
        "sources": [span("Ahmad Massoud")],
        "contents": [span("We will not give up")],
        "speaker": {"entity": "E1", "name": "Ahmad Massoud", "type": "PERSON"},
        "confidence": 0.9,
    }


def test_marks_from_engine_json() -> None:
    marks = marks_from_quotes([quote_dict()])
    kinds = sorted(m.kind for m in marks)
    assert kinds == ["content", "cue", "source"]
    source = next(m for m in marks if m.kind == "source")
    assert source.speaker is None  # an article-local entity id is not a link target
    assert source.quote == "Q1"
    assert all(m.speaker is None for m in marks if m.kind != "source")


def test_store_form_links_the_canonical_speaker() -> None:
    q = quote_dict() | {"id": "abc:Q1", "local_id": "Q1"}
    q["speaker"] = q["speaker"] | {"speaker_id": 42}
    source = next(m for m in marks_from_quotes([q]) if m.kind == "source")
    assert source.speaker == "42" and source.quote == "Q1"


def test_segments_reassemble_and_carry_kinds() -> None:
    q = quote_dict()
    q["speaker"] = q["speaker"] | {"speaker_id": 7}
    segs = segment_text(TEXT, marks_from_quotes([q]))
    assert "".join(s.text for s in segs) == TEXT
    by_text = {s.text: s for s in segs}
    assert by_text["We will not give up"].kinds == ("content",)
    assert by_text["said"].kinds == ("cue",)
    assert by_text["Ahmad Massoud"].speaker == "7"
    assert by_text["Ahmad Massoud"].css == "hl-source"


def test_overlapping_marks_are_split() -> None:
    marks = [Mark(0, 10, "content", "Q1"), Mark(5, 15, "source", "Q2", "E2")]
    segs = segment_text("abcdefghijklmnopqrst", marks)
    assert [(s.start, s.end, s.kinds) for s in segs] == [
        (0, 5, ("content",)),
        (5, 10, ("content", "source")),
        (10, 15, ("source",)),
        (15, 20, ()),
    ]
    assert segs[1].quotes == ("Q1", "Q2")


def test_bad_spans_are_ignored() -> None:
    q = {"id": "Q1", "contents": [{"start": "x", "end": 3}, {"start": 5, "end": 2}], "cue": None}
    assert marks_from_quotes([q]) == []
    # out-of-range marks are clipped, never crash
    segs = segment_text("short", [Mark(3, 99, "content", "Q1"), Mark(50, 60, "cue", "Q1")])
    assert "".join(s.text for s in segs) == "short"


@given(
    st.text(max_size=60),
    st.lists(
        st.tuples(
            st.integers(-5, 70), st.integers(-5, 70), st.sampled_from(["cue", "source", "content"])
        ),
        max_size=8,
    ),
)
def test_segments_always_reassemble(text: str, raw: list) -> None:
    marks = [Mark(a, b, k, f"Q{i}") for i, (a, b, k) in enumerate(raw)]
    segs = segment_text(text, marks)
    assert "".join(s.text for s in segs) == text
    assert all(s.end > s.start for s in segs)


def test_search_words_are_marked_whole_words_any_case_and_accent() -> None:
    """Issue 10: search terms highlighted in the results."""
    from saidwhat.web.highlight import term_segments

    text = "Élection day: the election (ELECTIONS), re-elections, electioneering."
    pieces = term_segments(text, "elections")
    assert "".join(p for p, _ in pieces) == text
    assert [p for p, hit in pieces if hit] == ["Élection", "election", "ELECTIONS", "elections"]
    assert term_segments("Talks resume", None) == [("Talks resume", False)]
    assert term_segments("Talks resume", "!!") == [("Talks resume", False)]
    assert term_segments("", "talks") == []
    assert [p for p, hit in term_segments("<b>talks</b> on talks", "talk") if hit] == [
        "talks",
        "talks",
    ]
