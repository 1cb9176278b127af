"""saidwhat as a spaCy pipeline component: ``nlp.add_pipe("saidwhat_quotes")``."""

from __future__ import annotations

from pathlib import Path

import pytest

import saidwhat
from saidwhat.config import load_config

TEXTS = [
    "“We will not give up,” the minister said on Tuesday.\n",
    '"The plan is dead," said Maria Lopez, the party leader. She did not elaborate.',
    "Nothing anyone said here is quoted.",
]


@pytest.fixture(scope="module")
def nlp(engine):  # type: ignore[no-untyped-def]
    """A fresh copy of the engine's spaCy pipeline with the component added by name only."""
    import spacy

    method = load_config()["extract"]["method"]
    nlp = spacy.load(engine.config["nlp"]["model"])
    nlp.add_pipe("saidwhat_quotes", config={"method": method})
    return nlp


def test_component_is_found_by_name_through_the_entry_point(nlp) -> None:  # type: ignore[no-untyped-def]
    assert nlp.pipe_names[-1] == "saidwhat_quotes"


@pytest.mark.parametrize("text", TEXTS)
def test_component_gives_the_same_result_as_extract(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    expected = saidwhat.extract(text, id="doc").to_dict()
    assert doc._.saidwhat["text"] == text
    assert doc._.saidwhat["quotes"] == expected["quotes"]
    assert doc._.saidwhat["entities"] == expected["entities"]


def test_component_spans_cover_the_statements(nlp) -> None:  # type: ignore[no-untyped-def]
    docs = list(nlp.pipe(TEXTS))
    assert any(doc._.saidwhat["quotes"] for doc in docs)
    for doc in docs:
        quotes = {q["id"]: q for q in doc._.saidwhat["quotes"]}
        for key, field in (("saidwhat_contents", "contents"), ("saidwhat_sources", "sources")):
            for span in doc.spans[key]:
                targets = quotes[span.label_][field]
                assert any(
                    span.start_char <= t["start"] and t["end"] <= span.end_char for t in targets
                )
    first = docs[0]
    assert any("We will not give up" in s.text for s in first.spans["saidwhat_contents"])


def test_pipeline_with_the_component_saves_and_loads(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import spacy

    nlp.to_disk(tmp_path / "pipe")
    again = spacy.load(tmp_path / "pipe")
    assert "saidwhat_quotes" in again.pipe_names
    assert again(TEXTS[0])._.saidwhat == nlp(TEXTS[0])._.saidwhat
