"""saidwhat.validate: the one check of an extraction record (ingest, batch output, POST)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from saidwhat.validate import MAX_NAME_CHARS, InvalidRecord, check_result

TEXT = '"Hi," Bob Jones said.'


def good() -> dict[str, Any]:
    return {
        "id": "a",
        "text": TEXT,
        "quotes": [
            {
                "id": "Q1",
                "kind": "direct",
                "cue": {"start": 16, "end": 20, "text": "said"},
                "sources": [{"start": 6, "end": 15, "text": "Bob Jones"}],
                "contents": [{"start": 1, "end": 3, "text": "Hi"}],
                "speaker": {"entity": "E1", "name": "Bob Jones", "type": "PERSON"},
                "confidence": 0.9,
            }
        ],
        "entities": [
            {
                "id": "E1",
                "name": "Bob Jones",
                "type": "PERSON",
                "roles": [],
                "affiliations": [],
                "mentions": [{"start": 6, "end": 15, "text": "Bob Jones"}],
            }
        ],
        "warnings": [],
    }


def test_a_good_record_passes_unchanged() -> None:
    rec = good()
    out = check_result(rec)
    assert out["quotes"] == rec["quotes"] and out["entities"] == rec["entities"]
    assert out["meta"] == {}


def _set(rec: dict[str, Any], path: str, value: Any) -> None:
    *head, last = path.split(".")
    d: Any = rec
    for p in head:
        d = d[int(p)] if p.isdigit() else d[p]
    if value is _DEL:
        del d[int(last) if last.isdigit() else last]
    else:
        d[int(last) if last.isdigit() else last] = value


_DEL = object()


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        ("quotes.0.kind", _DEL, "has no 'kind'"),
        ("quotes.0.kind", "shouted", "kind must be one of"),
        ("quotes.0.id", _DEL, "has no 'id'"),
        ("quotes.0.cue.start", "15", "must be an integer"),
        ("quotes.0.cue.end", 999, "outside the text"),
        ("quotes.0.contents.0.start", -1, "outside the text"),
        ("quotes.0.contents", "Hi", "must be a list"),
        ("quotes.0.speaker.type", "ALIEN", "type must be one of"),
        ("quotes.0.confidence", float("nan"), "finite number"),
        ("quotes.0", "Q1", "must be an object"),
        ("entities.0.name", _DEL, "has no 'name'"),
        ("entities.0.name", "x" * (MAX_NAME_CHARS + 1), "over 300 characters"),
        ("entities.0.roles", [5], "must be a string"),
        ("entities.0.mentions.0", {"start": 5}, "has no 'end'"),
        ("id", ["list"], "id must be a string"),
        ("text", "   ", "'text' is empty"),
        ("text", 5, "'text' (a string) is required"),
        ("meta", "x", "meta must be an object"),
        ("warnings", [{"w": 1}], "must be a string"),
        # issue 20.10: these were stored as they were
        ("quotes.0.confidence", 7.5, "confidence must be from 0 to 1"),
        ("quotes.0.cue.text", "yelled", "cue.text is not the text at 16-20"),
        ("quotes.0.sources.0.start", 5, "sources[0].text is not the text"),
        ("quotes.0.speaker.entity", "E9", "speaker.entity 'E9' is no entity of the record"),
        ("entities.0.name", "  ", "name is empty"),
    ],
)
def test_malformed_records_are_refused_with_e059(path: str, value: Any, reason: str) -> None:
    rec = good()
    _set(rec, path, value)
    with pytest.raises(InvalidRecord, match=r"\[E059\] f.jsonl: line 3: .*") as err:
        check_result(copy.deepcopy(rec), where="f.jsonl: line 3")
    assert reason in str(err.value)


def test_duplicate_ids_are_refused() -> None:
    rec = good()
    rec["entities"].append(dict(rec["entities"][0]))
    with pytest.raises(InvalidRecord, match="used twice"):
        check_result(rec)


def test_lone_surrogates_and_nul_become_replacement_characters_keeping_offsets() -> None:
    rec = good()
    rec["text"] = TEXT.replace("Hi", "H\ud800")
    rec["quotes"][0]["contents"][0]["text"] = "H\x00"
    out = check_result(rec)
    assert out["text"] == TEXT.replace("Hi", "H\ufffd") and len(out["text"]) == len(TEXT)
    assert out["quotes"][0]["contents"][0]["text"] == "H\ufffd"
    assert any("[W008]" in w for w in out["warnings"])
    out["text"].encode("utf-8")  # storable


def test_reported_by_is_kept_and_checked() -> None:
    rec = good()
    rec["quotes"][0]["reported_by"] = {
        "speaker": None,
        "cue": {"start": 15, "end": 19, "text": "said"},
        "source": None,
    }
    assert check_result(copy.deepcopy(rec))["quotes"][0]["reported_by"]["cue"]["end"] == 19
    rec["quotes"][0]["reported_by"]["cue"]["end"] = 999
    with pytest.raises(InvalidRecord, match="reported_by.cue 15-999 is outside"):
        check_result(rec)


def test_engine_output_passes_unchanged() -> None:
    from saidwhat.records import ArticleResult

    rec = good()
    rec["quotes"][0]["reported_by"] = None
    d = ArticleResult.from_dict(rec).to_dict()
    assert check_result(d) == {**d, "meta": {}}
