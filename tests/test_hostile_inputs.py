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
