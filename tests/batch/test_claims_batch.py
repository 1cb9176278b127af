"""Claims in batch output: the Parquet column, the same rows from Spark and the
local engine, and conflicts after ingest (texts of tests/data/claims)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from saidwhat.batch import read_output, run_batch
from saidwhat.batch.output import arrow_schemas

DATA = Path(__file__).resolve().parents[1] / "data" / "claims"


@pytest.fixture
def claim_inputs(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for name in ("kandahar_a", "kandahar_b"):
        shutil.copy(DATA / f"{name}.txt", d / f"{name}.txt")
        shutil.copy(DATA / f"{name}.meta.json", d / f"{name}.meta.json")
    return d


def _articles(out: Path) -> list[dict]:
    return sorted(read_output(out), key=lambda r: r["meta"]["content_hash"])


def test_parquet_schema_has_claims():
    articles, _ = arrow_schemas()
    claim = articles.field("claims").type.value_type
    names = {claim.field(i).name for i in range(claim.num_fields)}
    assert {"act", "claimant", "agent", "event", "sentence", "event_ref", "place"} <= names


def test_local_batch_carries_claims_into_the_store(claim_inputs: Path, tmp_path: Path):
    from saidwhat.store import open_store
    from saidwhat.store.claims import list_conflicts
    from saidwhat.store.write import write_articles

    run_batch([claim_inputs], tmp_path / "out", workers=1)
    arts = _articles(tmp_path / "out")
    assert len(arts) == 2
    acts = sorted(c["act"] for a in arts for c in a["claims"])
    assert acts == ["blame", "responsibility"]
    store = open_store(str(tmp_path / "s.db"))
    try:
        write_articles(store, arts)
        (conflict,) = list_conflicts(store)
        assert conflict["event"]["n_articles"] == 2
    finally:
        store.close()


def test_spark_and_local_claims_are_identical(spark, claim_inputs: Path, tmp_path: Path):
    run_batch([claim_inputs], tmp_path / "local", workers=1)
    run_batch([claim_inputs], tmp_path / "spark", engine="spark", partitions=2)
    a, b = _articles(tmp_path / "local"), _articles(tmp_path / "spark")
    assert a == b
    assert all(r["claims"] for r in a)
