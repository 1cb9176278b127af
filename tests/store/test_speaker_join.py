"""Issue 10: one person, three speakers -- a misspelt given name, the full name and the
given name alone in a third article end up as one speaker, shown under the most
frequent full form; merge/split stay possible."""

from __future__ import annotations

import pytest

from saidwhat.store import query
from saidwhat.store.corrections import split_speaker
from saidwhat.store.write import write_articles

from .conftest import make_record

NRF = "National Resistance Front"


def _art(name: str, said: str, id: str, *, role: str | None = None, org: bool = True) -> dict:
    text = (
        f'"{said}," said {name}'
        + (f", {role}" if role else "")
        + (f" of the {NRF}." if org else ".")
    )
    ents = [{"name": name, "roles": [role] if role else []}]
    if org:
        ents.append({"name": NRF, "type": "ORG"})
    return make_record(
        text, id=id, entities=ents, quotes=[{"speaker": 0, "content": said, "cue": "said"}]
    )


def _people(store) -> dict[str, int]:
    return {
        s["name"]: s["n_quotes"]
        for s in query.list_speakers(store, mentioned=False, type="PERSON", limit=100)
    }


@pytest.mark.parametrize("one_batch", [False, True])
def test_misspelt_full_and_given_name_only_are_one_speaker(store, one_batch):
    recs = [
        _art("Ahmed Massoud", "Talks failed", "1", role="spokesman"),
        _art("Ahmad Massoud", "We fight on", "2", role="spokesman"),
        _art("Ahmad Massoud", "The valley holds", "3"),
        _art("Ahmad", "No surrender", "4"),  # co-occurs with the NRF only
    ]
    if one_batch:
        write_articles(store, recs)
    else:
        for r in recs:
            write_articles(store, [r])
    assert _people(store) == {"Ahmad Massoud": 4}


def test_a_given_name_alone_without_evidence_stays_apart(store):
    write_articles(store, [_art("Ahmad Massoud", "We fight on", "1", org=False)])
    write_articles(store, [_art("Ahmad", "No surrender", "2", org=False)])
    assert _people(store) == {"Ahmad Massoud": 1, "Ahmad": 1}


def test_the_display_name_is_the_most_frequent_full_form_and_a_split_undoes_it(store):
    write_articles(store, [_art("Ahmed Massoud", "Talks failed", "1", role="spokesman")])
    assert _people(store) == {"Ahmed Massoud": 1}
    write_articles(store, [_art("Ahmad Massoud", "We fight on", "2", role="spokesman")])
    write_articles(store, [_art("Ahmad Massoud", "The valley holds", "3", role="spokesman")])
    assert _people(store) == {"Ahmad Massoud": 3}
    (sp,) = query.find_speakers(store, "Ahmad Massoud")
    assert {a["name"] for a in query.get_speaker(store, sp["id"])["aliases"]} == {
        "Ahmad Massoud",
        "Ahmed Massoud",
    }
    split_speaker(store, sp["id"], names=["Ahmed Massoud"])
    assert _people(store) == {"Ahmad Massoud": 2, "Ahmed Massoud": 1}
    # the split holds for new articles with the misspelling
    write_articles(store, [_art("Ahmed Massoud", "Again", "4", role="spokesman")])
    assert _people(store) == {"Ahmad Massoud": 2, "Ahmed Massoud": 2}


@pytest.mark.parametrize("one_batch", [False, True])
def test_a_given_name_stored_before_the_full_name_is_folded_in(store, one_batch):
    recs = [
        _art("Ahmad", "No surrender", "1"),  # co-occurs with the NRF; no full name yet
        _art("Ahmad Massoud", "We fight on", "2"),
    ]
    if one_batch:
        write_articles(store, recs)
    else:
        for r in recs:
            write_articles(store, [r])
    assert _people(store) == {"Ahmad Massoud": 2}
    (sp,) = query.find_speakers(store, "Ahmad Massoud")
    assert query.get_speaker(store, sp["id"])["n_articles"] == 2
    # a later "Ahmad" with the same evidence joins directly
    write_articles(store, [_art("Ahmad", "Still here", "3")])
    assert _people(store) == {"Ahmad Massoud": 3}


def test_a_given_name_without_evidence_is_not_folded(store):
    write_articles(store, [_art("Ahmad", "No surrender", "1", org=False)])
    write_articles(store, [_art("Ahmad Massoud", "We fight on", "2", org=False)])
    assert _people(store) == {"Ahmad Massoud": 1, "Ahmad": 1}
