from __future__ import annotations

import json

from saidwhat.store import query
from saidwhat.store.filters import QuoteFilters
from saidwhat.store.write import write_articles

from .conftest import person_article


def _load(store):
    recs = [
        person_article(
            "Ahmad Massoud",
            "Negotiations with the Taliban have failed",
            about=[("Taliban", "ORG")],
            mention="NRF leader Ahmad Massoud",
            roles=["NRF leader"],
            published="2024-01-10",
            outlet="Kabul Times",
            id="a1",
        ),
        person_article(
            "Ahmad Massoud",
            "We want negotiations under international guarantees",
            mention="Massoud",
            roles=["NRF leader"],
            published="2024-03-02",
            outlet="Wire",
            id="a2",
        ),
        person_article(
            "Ahmad Massoud",
            "The resistance continues",
            roles=["former commander"],
            published="2023-06-01",
            outlet="Wire",
            id="a3",
        ),
        person_article(
            "Amrullah Saleh",
            "The Taliban cannot govern",
            about=[("Taliban", "ORG")],
            published="2024-02-01",
            roles=["former vice president"],
            outlet="Wire",
            id="a4",
        ),
    ]
    write_articles(store, recs)


def test_search_filters_combine(store):
    _load(store)
    hits = query.search_quotes(store, QuoteFilters(q="negotiations"))
    assert len(hits) == 2 and hits[0]["published"] >= hits[1]["published"]
    assert all(h["speaker"]["name"] == "Ahmad Massoud" for h in hits)
    assert len(query.search_quotes(store, QuoteFilters(speaker="Ahmad Massoud"))) == 3
    assert len(query.search_quotes(store, QuoteFilters(speaker="Massoud", since="2024-01-01"))) == 2
    assert len(query.search_quotes(store, QuoteFilters(speaker="Massoud", until="2023-12-31"))) == 1
    assert [
        h["outlet"] for h in query.search_quotes(store, QuoteFilters(outlet="kabul times"))
    ] == ["Kabul Times"]
    about = query.search_quotes(store, QuoteFilters(about="Taliban"))
    assert {h["speaker"]["name"] for h in about} == {"Ahmad Massoud", "Amrullah Saleh"}
    assert query.search_quotes(store, QuoteFilters(q="negotiations", speaker="Saleh")) == []
    assert query.search_quotes(store, QuoteFilters(speaker="Nobody Atall")) == []
    page = query.search_quotes(store, limit=2, offset=2)
    assert len(page) == 2
    json.dumps(query.search_quotes(store))  # plain JSON


def test_speaker_page_has_roles_with_dates_and_article_counts(store):
    _load(store)
    (sp,) = query.find_speakers(store, "Massoud")
    page = query.get_speaker(store, sp["id"])
    assert page["n_quotes"] == 3 and page["n_articles"] == 3
    roles = {r["value"]: r for r in page["roles"]}
    assert roles["NRF leader"]["n_articles"] == 2
    assert (roles["NRF leader"]["first_stated"], roles["NRF leader"]["last_stated"]) == (
        "2024-01-10",
        "2024-03-02",
    )
    assert roles["former commander"]["n_articles"] == 1
    assert {a["name"] for a in page["aliases"]} == {"Ahmad Massoud"}
    assert len(page["statements"]) == 3
    taliban = query.find_speakers(store, "Taliban")[0]["id"]
    assert {"name": "Taliban", "speaker_id": taliban, "n": 1, "against": 0, "for": 0} in page[
        "targets"
    ]
    assert page["first_seen"] == "2023-06-01" and page["last_seen"] == "2024-03-02"
    json.dumps(page)
    assert query.get_speaker(store, 999999) is None


def test_speakers_ranked_by_statements_and_stats(store):
    _load(store)
    ranked = query.list_speakers(store, mentioned=False)
    assert [r["name"] for r in ranked] == ["Ahmad Massoud", "Amrullah Saleh"]
    assert [r["name"] for r in query.list_speakers(store, mentioned=True)] == ["Taliban"]
    assert query.list_speakers(store, q="sal")[0]["name"] == "Amrullah Saleh"
    s = query.stats(store)
    assert (s["articles"], s["quotes"], s["speakers"]) == (4, 4, 2)
    assert s["first_published"] == "2023-06-01" and s["last_published"] == "2024-03-02"
    assert {o["outlet"]: o["n"] for o in s["outlets"]} == {"Wire": 3, "Kabul Times": 1}


def test_get_article_lists_articles(store):
    _load(store)
    arts = query.list_articles(store)
    assert len(arts) == 4 and arts[0]["published"] == "2024-03-02"
    assert query.get_article(store, "nope") is None


def test_dense_term_path_returns_what_the_index_returns(store, monkeypatch):
    import saidwhat.store.query as q

    recs = [
        person_article(
            f"Person{i % 7} Name{i % 7}",
            f"Talks number {i} about café and reform",
            published=f"2024-01-{1 + i % 28:02d}",
            id=f"r{i}",
        )
        for i in range(60)
    ]
    write_articles(store, recs)
    monkeypatch.setattr(q, "DENSE_TERM", 10**9)
    by_index = [
        [
            h["id"]
            for h in q.search_quotes(
                store, QuoteFilters(q=w, since="2024-01-05"), limit=15, offset=o
            )
        ]
        for w in ("talks", "cafe reform", "number 7")
        for o in (0, 10)
    ]
    monkeypatch.setattr(q, "DENSE_TERM", 5)
    dense = [
        [
            h["id"]
            for h in q.search_quotes(
                store, QuoteFilters(q=w, since="2024-01-05"), limit=15, offset=o
            )
        ]
        for w in ("talks", "cafe reform", "number 7")
        for o in (0, 10)
    ]
    assert dense == by_index and by_index[0] and by_index[4] != []
