"""Targets are entities linked by whole names (issue 19, item 1).

On the bundled samples and on the real-news dev sets (read from ../shared, skipped when
absent; their texts are never copied here) no statement target is a fragment, a name
cut before its closing bracket, a headline or a part of a longer name; the failure
message lists the offending targets. Unit tests use synthetic sentences."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from saidwhat.names import clean_role, normalize_role
from saidwhat.semantic.targets import article_index, balanced, display_name, hits

REPO = Path(__file__).resolve().parents[2]
#: The team's data, found like tests/conftest.py does (SAIDWHAT_SHARED or ../shared).
SHARED = Path(os.environ.get("SAIDWHAT_SHARED", REPO.parent / "shared"))
SAMPLES = REPO / "src" / "saidwhat" / "sample"
CORPORA = {
    "samples": SAMPLES,
    "realnews-dev": SHARED / "data" / "realnews-dev",
    "realnews-dev-b": SHARED / "data" / "realnews-dev-b",
}


def offence(name: str) -> str | None:
    """Why a target name (as the store keeps it) is not an entity's name, or None."""
    if "\n" in name or len(name.split()) > 8:
        return "headline"
    if name.count("(") != name.count(")") or name.count('"') % 2:
        return "bracket-cut"
    if re.search(r"n['’]t\b", name) or not name[:1].isalnum() or name[:1].islower():
        return "fragment"
    if sum(c.isalpha() for c in name) < 2:
        return "fragment"
    return None


def offending_targets(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``(reason, type, target name)`` of each bad target of an article's statements."""
    index = article_index(doc)
    out = []
    for q in doc["quotes"]:
        found = hits(index, q)
        for s, e, eid in found:
            ent = index["entities"][eid]
            name = display_name(ent["name"], ent["type"])
            why = offence(name)
            if why is None and any(
                s2 <= s and e <= e2 and (e2 - s2) > (e - s) and o != eid for s2, e2, o in found
            ):
                why = "inside a longer name"
            if why:
                out.append((why, ent["type"], name))
    return out


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_no_offending_targets(corpus: str) -> None:
    from saidwhat.api import extract_many
    from saidwhat.readers import read_inputs

    folder = CORPORA[corpus]
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        pytest.skip(f"{folder} is absent (a team data set)")
    items = [it for it in read_inputs([str(f) for f in files]) if hasattr(it, "text")]
    bad = {}
    n_targets = 0
    for res in extract_many(items, n_process=1):
        doc = res.to_dict()
        idx = article_index(doc)
        n_targets += sum(len(hits(idx, q)) for q in doc["quotes"])
        found = offending_targets(doc)
        if found:
            bad[doc["id"]] = sorted(set(found))
    assert n_targets > 0
    assert not bad, f"offending targets in {corpus}: {bad}"


def test_a_name_inside_a_longer_one_is_no_target_of_its_own() -> None:
    text = '"The Northland Times is wrong about Northland," said Ann Lee.'
    doc = {
        "text": text,
        "entities": [
            {"id": "E1", "name": "Ann Lee", "type": "PERSON", "mentions": []},
            {"id": "E2", "name": "Northland Times", "type": "ORG", "mentions": []},
            {"id": "E3", "name": "Northland", "type": "GPE", "mentions": []},
        ],
        "quotes": [],
    }
    start = 1
    end = text.index(',"')
    q = {"contents": [{"start": start, "end": end, "text": text[start:end]}]}
    got = [(text[s:e], eid) for s, e, eid in hits(article_index(doc), q)]
    assert got == [("Northland Times", "E2"), ("Northland", "E3")]  # the second, whole


def test_a_bracket_left_open_is_cut_off() -> None:
    assert balanced("Northland Health Board (NHB") == "Northland Health Board"
    assert balanced("Northland Health Board (NHB)") == "Northland Health Board (NHB)"
    assert display_name("Northland Health Board (NHB", "ORG") == "Northland Health Board"


def test_roles_photo_credits_hyphens_and_variants() -> None:
    assert clean_role("Image Ann Lee\n\n") is None and clean_role("Photo: Ann Lee") is None
    assert clean_role("pro - Northland councillor") == "pro-Northland councillor"
    variants = [
        "Harbour League spokesman",
        "Harbour League spokesperson",
        "Harbour League's spokeswoman",
        "spokesman for the Harbour League",
    ]
    assert {normalize_role(v) for v in variants} == {"harbour league spokesperson"}
