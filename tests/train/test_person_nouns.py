"""saidwhat.train.person_nouns: the person nouns shipped are what the recipe derives."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.train.person_nouns import _mention_heads, person_nouns

GUM = Path(__file__).resolve().parents[3] / "shared" / "data" / "gum"
SHIPPED = Path(__file__).resolve().parents[2] / "src" / "saidwhat" / "data" / "person_nouns.txt"


def _row(i: int, form: str, lemma: str, upos: str, head: int, entity: str) -> list[str]:
    misc = f"Entity={entity}" if entity else "_"
    return [str(i), form, lemma, upos, "_", "_", str(head), "dep", "_", misc]


def test_the_head_of_each_mention_gives_its_type() -> None:
    # "the young plaintiff sued Acme": a person mention of three words, an organisation of one
    rows = [
        _row(1, "the", "the", "DET", 3, "(1-person-new-x"),
        _row(2, "young", "young", "ADJ", 3, ""),
        _row(3, "plaintiff", "plaintiff", "NOUN", 4, "1)"),
        _row(4, "sued", "sue", "VERB", 0, ""),
        _row(5, "Acme", "Acme", "PROPN", 4, "(2-organization-new-x)"),
    ]
    heads = list(_mention_heads(rows))
    assert ("person", "plaintiff", "NOUN") in heads
    assert all(lemma != "acme" for _, lemma, _ in heads)  # a capitalised head is a name


@pytest.mark.skipif(not GUM.exists(), reason="GUM is not in ../shared/data")
def test_the_shipped_list_is_what_the_recipe_derives() -> None:
    shipped = [w for w in SHIPPED.read_text("utf-8").split("\n") if w and not w.startswith("#")]
    assert shipped == [w for w, _, _ in person_nouns(GUM)]
