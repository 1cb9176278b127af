"""Shared fixtures. Tests mirror the package layout (tests/extract/… for saidwhat/extract/…)."""

from __future__ import annotations

import os
from pathlib import Path

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
