"""Issue 16's invariant: the name of every named speaker (PERSON, ORG, GPE, NORP) is
a proper name, without titles, descriptions or labels (saidwhat.names.name_problem).
Checked on the bundled samples and, when ../shared is beside the repository, on the
three real-news sets and PolNeAR dev (the texts are read from there, never copied);
realnews-val's speakers are counted, not listed (its texts are not to be read)."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat import extract_many
from saidwhat.names import NAMED_TYPES, name_problem

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"
SETS = {
    "samples": REPO / "src" / "saidwhat" / "sample",
    "realnews-dev": SHARED / "realnews-dev",
    "realnews-dev-b": SHARED / "realnews-dev-b",
    "realnews-val": SHARED / "realnews-val",
    "polnear-dev": SHARED / "polnear" / "dev" / "text",
}


def test_name_problem_names_what_is_wrong() -> None:
    assert name_problem("Turki Al-Maliki", "PERSON") is None
    assert name_problem("Justice Department", "ORG") is None
    assert name_problem("Officer", "PERSON")
    assert name_problem("Sheikh Karim Haddad", "PERSON")
    assert name_problem("World Health Organization (WHO", "ORG")


@pytest.mark.issue(16)
@pytest.mark.parametrize("name", sorted(SETS))
def test_every_named_speaker_is_a_proper_name(name: str) -> None:
    folder = SETS[name]
    if not folder.is_dir():
        pytest.skip(f"{folder} not found (a copy of shared/ beside the repository)")
    texts = [(p.read_text("utf-8"), p.stem) for p in sorted(folder.glob("*.txt"))]
    assert texts
    broken = [
        (r.id, q.id, q.speaker.name, problem)
        for r in extract_many(texts)
        for q in r.quotes
        if q.speaker is not None
        and q.speaker.type in NAMED_TYPES
        and (problem := name_problem(q.speaker.name, q.speaker.type))
    ]
    if name == "realnews-val":
        assert not broken, f"{len(broken)} speakers of realnews-val break the invariant"
    assert not broken, broken
