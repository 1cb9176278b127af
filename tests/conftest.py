"""Shared fixtures. Tests mirror the package layout (tests/extract/… for saidwhat/extract/…)."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SAIDWHAT_SHARED", REPO.parent / "shared"))
POLNEAR = SHARED / "data" / "polnear"
GUM = SHARED / "data" / "gum-news"
SAMPLE = REPO / "src" / "saidwhat" / "sample"


@pytest.fixture(scope="session")
def engine():
    from saidwhat.engine import get_engine

    return get_engine()


@pytest.fixture(scope="session")
def polnear_dir() -> Path:
    if not (POLNEAR / "dev").is_dir():
        pytest.skip(f"PolNeAR not found at {POLNEAR}")
    return POLNEAR


@pytest.fixture(scope="session")
def synthetic_doc() -> Callable[[int], Any]:
    """A made-up news text of ``sentences`` sentences (fixed seed), split into sentences
    by spaCy's sentencizer, for tests of word-piece windows and encoder features."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    words = ["minister", "farmers", "tax", "budget", "council", "river", "harbour", "report"]

    def make(sentences: int) -> Any:
        rng = random.Random(3)
        text = " ".join(
            f"The {rng.choice(words)} said on Tuesday that the {rng.choice(words)} would "
            f"review the {rng.choice(words)}, {rng.choice(words)} and {rng.choice(words)}."
            for _ in range(sentences)
        )
        return nlp(text + "\n\n")

    return make
