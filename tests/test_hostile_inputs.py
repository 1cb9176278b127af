"""Hostile JSONL records given to `saidwhat extract` / raw `ingest` (issue 11, item 10)."""

from __future__ import annotations

from saidwhat.readers import ReadFailure, read_jsonl


def test_list_id_is_an_error_for_that_record_only() -> None:
    lines = [b'{"id": ["list"], "text": "Hi there, he said."}\n', b'{"id": 3, "text": "x y"}\n']
    bad, ok = read_jsonl(lines, source="f.jsonl")
    assert isinstance(bad, ReadFailure) and "[E063]" in bad.message and "list" in bad.message
    assert not isinstance(ok, ReadFailure) and ok.id == "3"


def test_empty_text_has_its_own_message() -> None:
    (bad,) = read_jsonl([b'{"text": ""}\n'], source="f.jsonl")
    assert isinstance(bad, ReadFailure)
    assert "[E062]" in bad.message and "file is empty" not in bad.message


def _nested(depth: int) -> str:
    body = '<p>"We will win the vote," Bob Jones said on Tuesday to his supporters.</p>' * 3
    return (
        "<html><head><title>T</title><script>var x = 1;</script></head><body>"
        + "<div>" * depth
        + body
        + "</div>" * depth
        + "</body></html>"
    )


def test_html_nested_10000_levels_keeps_its_text(tmp_path) -> None:
    from saidwhat.readers import read_path

    for depth in (200, 10_000):
        f = tmp_path / f"deep{depth}.html"
        f.write_text(_nested(depth), encoding="utf-8")
        (art,) = read_path(f)
        assert not isinstance(art, ReadFailure), (depth, art)
        assert '"We will win the vote," Bob Jones said' in art.text
        assert "var x" not in art.text
        assert any("[W009]" in w for w in art.warnings) == (depth > 256)
