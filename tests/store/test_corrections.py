from __future__ import annotations

import pytest

from saidwhat.errors import StoreError
from saidwhat.store import query
from saidwhat.store.corrections import list_corrections, merge_speakers, split_speaker
from saidwhat.store.filters import QuoteFilters
from saidwhat.store.write import write_articles

from .conftest import person_article


def _names(store) -> dict[str, int]:
    return {s["name"]: s["n_quotes"] for s in query.list_speakers(store)}


def test_same_person_merges_across_articles_namesakes_do_not(store):
    write_articles(
        store,
        [
            person_article("Ahmad Massoud", "One", id="1"),
            person_article(
                "NRF leader Ahmad Massoud", "Two", mention="NRF leader Ahmad Massoud", id="2"
            ),
            person_article("Massoud", "Three", id="3"),
            person_article("Hillary Clinton", "Four", id="4"),
            person_article("Bill Clinton", "Five", id="5"),
            person_article("Clinton", "Six", id="6"),
            person_article("Massoud", "Seven", type="ORG", id="7"),
        ],
    )
    sp = {(s["name"], s["type"]): s["n_quotes"] for s in query.list_speakers(store)}
    assert sp[("Ahmad Massoud", "PERSON")] == 3
    assert sp[("Hillary Clinton", "PERSON")] == 1 and sp[("Bill Clinton", "PERSON")] == 1
    assert sp[("Massoud", "ORG")] == 1  # an organisation stays apart from the person
    # The bare "Clinton" is not given to either Clinton.
    assert sp[("Clinton", "PERSON")] == 1


def test_surname_seen_before_full_name_is_reconciled(store):
    write_articles(store, [person_article("Massoud", "Early", id="1")])
    write_articles(store, [person_article("Ahmad Massoud", "Later", id="2")])
    assert _names(store) == {"Ahmad Massoud": 2}


def test_merge_survives_reingest_and_applies_to_new_articles(store):
    write_articles(
        store,
        [
            person_article("Mohammad Zahir Shah", "A", id="1"),
            person_article("Zahir Shah", "B", id="2"),  # no first-name match: separate
        ],
    )
    assert len(query.list_speakers(store)) == 2
    merged = merge_speakers(store, "Mohammad Zahir Shah", "Zahir Shah")
    assert merged["n_quotes"] == 2
    # Re-ingesting the same inputs changes nothing, new articles follow the merge.
    write_articles(
        store,
        [
            person_article("Mohammad Zahir Shah", "A", id="1"),
            person_article("Zahir Shah", "B", id="2"),
            person_article("Zahir Shah", "C", id="3"),
        ],
    )
    assert _names(store) == {"Mohammad Zahir Shah": 3}
    assert list_corrections(store)[0]["op"] == "merge"
    with pytest.raises(StoreError, match=r"\[E035\]"):
        merge_speakers(store, "Mohammad Zahir Shah", "Zahir Shah")


def test_split_by_name_and_by_article_survive_new_articles(store):
    write_articles(
        store,
        [
            person_article("John Smith", "Banker one", roles=["banker"], id="1"),
            person_article("John Smith", "Banker two", roles=["banker"], id="2"),
            person_article("John Smith", "Footballer", roles=["striker"], id="3"),
            person_article("J. Smith", "Initial", id="4"),
        ],
    )
    assert _names(store) == {"John Smith": 4}
    footballer_article = query.search_quotes(store, QuoteFilters(q="Footballer"))[0]["article_id"]
    new = split_speaker(store, "John Smith", articles=[footballer_article[:10]])
    assert new["n_quotes"] == 1
    initial = split_speaker(store, "John Smith", names=["J. Smith"])
    assert initial["n_quotes"] == 1 and initial["name"] == "J. Smith"
    # Re-ingest the same articles with --replace: the split is kept.
    write_articles(
        store,
        [
            person_article("John Smith", "Footballer", roles=["striker"], id="3"),
            person_article("J. Smith", "Initial", id="4"),
        ],
        replace=True,
    )
    assert sorted(s["n_quotes"] for s in query.list_speakers(store)) == [1, 1, 2]
    # A new "J. Smith" article follows the split name.
    write_articles(store, [person_article("J. Smith", "Another", id="5")])
    page = query.get_speaker(store, initial["id"])
    assert page["n_quotes"] == 2
    with pytest.raises(StoreError, match=r"\[E036\]"):
        split_speaker(store, initial["id"], names=["Nobody"])
    assert [c["op"] for c in list_corrections(store)] == ["split", "split"]


def test_ambiguous_reference_is_a_coded_error(store):
    write_articles(
        store,
        [
            person_article("Hillary Clinton", "A", id="1"),
            person_article("Bill Clinton", "B", id="2"),
        ],
    )
    with pytest.raises(StoreError, match=r"\[E034\]"):
        query.resolve_speaker(store, "Clinton")
    with pytest.raises(StoreError, match=r"\[E033\]"):
        query.resolve_speaker(store, "Nobody Atall")


def test_role_evidence_attaches_a_surname_to_the_right_namesake(store):
    write_articles(
        store,
        [
            person_article("Hillary Clinton", "A", roles=["Secretary of State"], id="1"),
            person_article("Bill Clinton", "B", roles=["former president"], id="2"),
        ],
    )
    write_articles(
        store,
        [person_article("Clinton", "C", mention="Secretary Clinton", roles=["secretary of state"])],
    )
    assert {s["name"]: s["n_quotes"] for s in query.list_speakers(store)} == {
        "Hillary Clinton": 2,
        "Bill Clinton": 1,
    }


def test_within_an_article_surnames_join_their_full_name(store):
    from .conftest import make_record

    text = (
        'Charles Bolden spoke. "We fly," Bolden said. Lydia Buchtmann agreed. '
        '"Yes," said Ms Bauchtman. "No," said Anna Kovacs.'
    )
    rec = make_record(
        text,
        entities=[
            {"name": "Charles Bolden"},
            {"name": "Bolden", "type": "GPE"},  # NER mistake beside the full name
            {"name": "Lydia Buchtmann"},
            {"name": "Bauchtman", "mentions": ["Ms Bauchtman"]},  # misspelt in the text
            {"name": "Anna Kovacs"},
        ],
        quotes=[
            {"speaker": 1, "content": "We fly", "cue": "said"},
            {"speaker": 3, "content": "Yes", "cue": "said"},
            {"speaker": 4, "content": "No", "cue": "said"},
        ],
    )
    write_articles(store, [rec])
    assert {s["name"]: s["n_quotes"] for s in query.list_speakers(store)} == {
        "Charles Bolden": 1,
        "Lydia Buchtmann": 1,
        "Anna Kovacs": 1,
    }


def test_alias_table_lists_shipped_groups_and_user_merges(tmp_path):
    from saidwhat.store.corrections import alias_table, merge_speakers
    from saidwhat.store.db import open_store
    from saidwhat.store.write import write_articles

    from .conftest import person_article

    s = open_store(tmp_path / "a.db")
    try:
        write_articles(
            s,
            [
                person_article("Harbour League", "A", type="ORG", id="1"),
                person_article("HL Group", "B", type="ORG", id="2"),
            ],
        )
        merge_speakers(s, "Harbour League", "HL Group")
        table = alias_table(s)
        shipped = {r["name"]: r["aliases"] for r in table if r["origin"] == "shipped"}
        assert "U.S." in shipped["United States"]
        assert [r for r in table if r["origin"] == "merge"] == [
            {"name": "Harbour League", "aliases": ["HL Group"], "origin": "merge"}
        ]
    finally:
        s.close()
