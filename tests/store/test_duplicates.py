"""Duplicate-speaker suggestions for a speaker page (issue 10)."""

from __future__ import annotations

from saidwhat.store import query
from saidwhat.store.write import write_articles

from .conftest import person_article


def test_suggestions_name_surname_given_name_and_shared_role(store):
    write_articles(
        store,
        [
            person_article("Ahmad Massoud", "A", roles=["NRF spokesman"], id="1"),
            # no role in common: stays a speaker of its own
            person_article("Ahmed Massoud", "B", id="2"),
            person_article("Karim Massoud", "C", id="3"),
            person_article("Zahir Khan", "D", roles=["NRF spokesman"], id="4"),
            person_article("Lucy Smith", "E", id="5"),
            person_article("Ahmad", "F", id="6"),  # no evidence to join
        ],
    )
    (me,) = query.find_speakers(store, "Ahmad Massoud")
    sug = {d["name"]: d["reasons"] for d in query.suggest_duplicates(store, me["id"])}
    assert sug["Ahmed Massoud"] == ["same surname", "variant given name"]
    assert sug["Karim Massoud"] == ["same surname"]
    assert "Zahir Khan" not in sug  # a shared role alone is no suggestion (issue 19)
    assert sug["Ahmad"] == ["given name alone"]
    assert "Lucy Smith" not in sug and "Ahmad Massoud" not in sug
    # strongest first
    assert next(iter(sug)) == "Ahmed Massoud"
    assert query.suggest_duplicates(store, 999_999) == []


def test_organisations_are_suggested_by_alias_only(store):
    write_articles(
        store,
        [
            person_article("National Resistance Front", "A", type="ORG", id="1"),
            person_article("NRF", "B", type="ORG", id="2"),
            person_article("Harbour Front", "C", type="ORG", id="3"),
        ],
    )
    (me,) = query.find_speakers(store, "National Resistance Front")
    sug = {d["name"]: d["reasons"] for d in query.suggest_duplicates(store, me["id"])}
    assert sug == {"NRF": ["alias"]}
    (nrf,) = query.find_speakers(store, "NRF")
    back = {d["name"] for d in query.suggest_duplicates(store, nrf["id"])}
    assert back == {"National Resistance Front"}


def test_a_role_many_hold_is_no_evidence(store):
    write_articles(
        store,
        [
            person_article(f"Person{i} Name{i}", "Said", roles=["president"], id=str(i))
            for i in range(8)
        ],
    )
    (me,) = query.find_speakers(store, "Person0 Name0")
    assert query.suggest_duplicates(store, me["id"]) == []
