"""Property-based tests: offsets always index the analysed text; readers never raise."""

from __future__ import annotations

import io
import json

from hypothesis import HealthCheck, given, settings, target
from hypothesis import strategies as st

from saidwhat.extract.quotemarks import find_quoted
from saidwhat.readers import ArticleInput, ReadFailure, read_bytes, read_jsonl, read_stream
from saidwhat.records import ArticleResult, TextSpan

WORDS = (
    "the minister said told reporters he she they we it was is will not "
    "government talks police president on Tuesday according to added warned "
    "Mr. Mrs. Dr. spokesman of a in and but that"
).split()
NAMES = ["Maria Lopez", "John Smith", "Angela Merkel", "Kim Jong-un", "the U.N.", "NATO", "Reuters"]
MARKS = ["“", "”", '"', "«", "»", "‘", "’", "'", "„", "‟"]
PUNCT = [",", ".", ":", ";", "!", "?", " —", "-", "(", ")", "...", "…"]
SPACE = [" ", " ", " ", "\n", "\n\n", "\r\n", "\t", "  "]

token = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(NAMES),
    st.sampled_from(MARKS),
    st.sampled_from(PUNCT),
    st.sampled_from(SPACE),
    st.text(min_size=1, max_size=3),  # any other characters (no surrogates)
)
article_text = st.lists(token, max_size=80).map(
    lambda toks: "".join(t if t in SPACE or t in PUNCT or t in MARKS else f" {t}" for t in toks)
)
quote_like = st.builds(
    lambda q, body, who, verb, tail: f"{q[0]}{body},{q[1]} {who} {verb}.{tail}",
    st.sampled_from([("“", "”"), ('"', '"'), ("«", "»"), ("‘", "’")]),
    st.lists(st.sampled_from(WORDS), min_size=4, max_size=12).map(" ".join),
    st.sampled_from([*NAMES, "he", "she", "they"]),
    st.sampled_from(["said", "told reporters", "added", "warned"]),
    article_text,
)

#: Paragraphs of attributed quotes mixed with random text.
articles = st.one_of(
    article_text,
    st.lists(st.one_of(quote_like, quote_like, article_text), min_size=1, max_size=4).map(
        "\n\n".join
    ),
)


def _spans(res: ArticleResult) -> list[TextSpan]:
    spans: list[TextSpan] = []
    for q in res.quotes:
        if q.cue is not None:
            spans.append(q.cue)
        spans.extend(q.sources)
        spans.extend(q.contents)
    for e in res.entities:
        spans.extend(e.mentions)
    return spans


def check_result(text: str, res: ArticleResult) -> None:
    assert res.text == text
    for span in _spans(res):
        assert 0 <= span.start <= span.end <= len(text), span
        assert text[span.start : span.end] == span.text, span
    entity_ids = [e.id for e in res.entities]
    assert len(set(entity_ids)) == len(entity_ids)
    assert len({q.id for q in res.quotes}) == len(res.quotes)
    for q in res.quotes:
        assert q.kind in ("direct", "indirect", "mixed")
        assert 0.0 <= q.confidence <= 1.0
        if q.speaker is not None:
            assert q.speaker.entity in entity_ids
    d = res.to_dict()
    json.dumps(d, ensure_ascii=False).encode("utf-8")
    assert ArticleResult.from_dict(json.loads(json.dumps(d))).to_dict() == d


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=articles)
def test_every_span_indexes_the_analysed_text(engine, text: str) -> None:  # type: ignore[no-untyped-def]
    import saidwhat

    res = saidwhat.extract(text, id="p")
    check_result(text, res)
    target(float(len(_spans(res))))  # steer the search towards texts with many spans


# -- fast properties: quotation marks and readers -------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(article_text, quote_like, st.text(max_size=300)))
def test_quoted_spans_are_ordered_and_start_at_a_mark(text: str) -> None:
    spans, warnings = find_quoted(text)
    pos = 0
    for s in spans:
        assert pos <= s.start < s.end <= len(text)
        assert text[s.start] in '“”«»„‟"', (text, s)
        lo, hi = s.inner
        assert s.start < lo <= hi <= s.end
        pos = s.end
    assert all(isinstance(w, str) and w.startswith("[W") for w in warnings)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000), kind=st.sampled_from(["text", "html"]))
def test_read_bytes_never_raises(data: bytes, kind: str) -> None:
    res = read_bytes(data, source="x", id="x", kind=kind, max_bytes=1000)
    assert isinstance(res, ArticleInput | ReadFailure)
    if isinstance(res, ReadFailure):
        assert res.message.startswith("[E") and "x" in res.message and "\n" not in res.message
    else:
        assert res.text.strip()
        res.text.encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(text=st.text(min_size=1, max_size=500))
def test_plain_text_is_read_exactly(text: str) -> None:
    res = read_bytes(text.encode("utf-8"), source="t.txt", id="t")
    if isinstance(res, ArticleInput):
        assert res.text == text.removeprefix("\ufeff")
        assert res.warnings == ()
    elif res.message.startswith("[E002]"):
        assert any(ord(c) < 32 and c not in "\t\n\x0c\r\x1b" for c in text)
    else:
        assert res.message.startswith("[E014]")
        assert not text.removeprefix("\ufeff").strip()


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.one_of(st.binary(max_size=80), st.text(max_size=80).map(str.encode))))
def test_read_jsonl_yields_one_record_per_nonblank_line(lines: list[bytes]) -> None:
    lines = [ln.replace(b"\n", b" ").replace(b"\r", b" ") for ln in lines]
    res = list(read_jsonl(lines, source="f.jsonl", max_bytes=1000))
    assert len(res) == sum(1 for ln in lines if ln.strip())


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.text(min_size=1, max_size=200), min_size=1, max_size=5))
def test_jsonl_texts_are_kept_exactly(texts: list[str]) -> None:
    data = b"".join(json.dumps({"text": t}).encode() + b"\n" for t in texts)
    res = list(read_stream(io.BytesIO(data)))
    assert len(res) == len(texts)
    for t, r in zip(texts, res):
        if isinstance(r, ArticleInput):
            assert r.text == t
        else:
            assert not t.strip()


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=3000))
def test_read_stream_never_raises(data: bytes) -> None:
    for res in read_stream(io.BytesIO(data), max_bytes=2000):
        assert isinstance(res, ArticleInput | ReadFailure)
