"""The search syntax (saidwhat.store.fts) and what it finds on both back-ends (issue 19, item 6)."""

from __future__ import annotations

import sqlalchemy as sa

from saidwhat.store import fts, query
from saidwhat.store.db import open_store
from saidwhat.store.filters import QuoteFilters
from saidwhat.store.write import write_articles

from .conftest import person_article

SAID = {
    "a1": "The killing of the courier was a crime against the valley",
    "a2": "Peace talks will resume in the capital next week",
    "a3": "They rejected the talks about peace and the ceasefire",
    "a4": "Negotiators praised the ceasefire in the valley",
    "a5": "Everyone condemned the killings in the north",
}


def _fill(store):
    write_articles(
        store,
        [
            person_article(f"Speaker {k.upper()}", said, id=k, published=f"2024-02-0{k[1]}")
            for k, said in SAID.items()
        ],
    )


KEY = {said: k for k, said in SAID.items()} | {"More killing today": "a6"}


def _found(store, q):
    return sorted(
        KEY[r["content"]] for r in query.search_quotes(store, QuoteFilters(q=q), limit=50)
    )


def test_parse_reads_phrases_or_not_and_prefixes():
    s = fts.parse('killings "peace talks" valley OR north -ceasefire NOT crime negot*')
    assert s.groups == (
        (fts.Term(("killings",)),),
        (fts.Term(("peace", "talks")),),
        (fts.Term(("valley",)), fts.Term(("north",))),
        (fts.Term(("negot",), prefix=True),),
    )
    assert s.excluded == (fts.Term(("ceasefire",)), fts.Term(("crime",)))
    assert s.words() == ["killings", "peace", "talks", "valley", "north", "negot"]


def test_parse_never_fails_and_quotes_only_words():
    for text in ('"', "OR", "NOT", "-", "((a", '"a" OR', 'x" AND "y', "*", 'a"b"c', '-""'):
        s = fts.parse(text)
        match = fts.fts5_match(s)
        assert match is None or all(
            part.strip('"').replace(" ", "").isalnum()
            for part in match.replace("(", " ").replace(")", " ").split()
            if part not in ("AND", "OR", "NOT", "*")
        ), (text, match)
    assert fts.parse("OR NOT -").empty


def test_fts5_and_tsquery_texts():
    s = fts.parse('"peace talks" valley OR north -ceasefire negot*')
    assert fts.fts5_match(s) == (
        '("peace talks" AND ("valley" OR "north") AND "negot" *) NOT "ceasefire"'
    )
    assert fts.tsquery(s) == (
        "(('peace' <-> 'talks')) & (('valley') | ('north')) & (('negot':*)) & !(('ceasefire'))"
    )
    only_not = fts.parse("-ceasefire")
    assert fts.fts5_match(only_not) is None and fts.fts5_excluded(only_not) == '"ceasefire"'


def test_search_syntax_on_the_store(store):
    _fill(store)
    assert _found(store, "killings") == ["a1", "a5"]  # stemming: killing / killings
    assert _found(store, '"peace talks"') == ["a2"]  # a phrase, not the words anywhere
    assert _found(store, "peace talks") == ["a2", "a3"]
    assert _found(store, "courier OR north") == ["a1", "a5"]
    assert _found(store, "valley -ceasefire") == ["a1"]
    assert _found(store, "valley NOT ceasefire") == ["a1"]
    assert _found(store, "negot*") == ["a4"]
    assert _found(store, "-valley") == ["a2", "a3", "a5"]  # exclusions alone
    assert query.count_quotes(store, QuoteFilters(q="ceasefire OR courier"))[0] == 3
    ranked = query.search_quotes(store, QuoteFilters(q="valley OR north"), sort="relevance")
    assert {KEY[r["content"]] for r in ranked} == {"a1", "a4", "a5"}


def test_dense_path_agrees_with_the_index_on_the_syntax(store, monkeypatch):
    import saidwhat.store.query as q

    _fill(store)
    texts = ("killings", '"peace talks"', "valley -ceasefire", "negot* OR courier")
    monkeypatch.setattr(q, "DENSE_TERM", 10**9)
    by_index = [_found(store, t) for t in texts]
    monkeypatch.setattr(q, "DENSE_TERM", 1)
    assert [_found(store, t) for t in texts] == by_index
    assert by_index == [["a1", "a5"], ["a2"], ["a1"], ["a1", "a4"]]


def test_migration_11_rebuilds_an_old_index_with_stemming(tmp_path):
    path = tmp_path / "old.db"
    s = open_store(path)
    _fill(s)
    s.close()
    eng = sa.create_engine(f"sqlite:///{path}")
    with eng.begin() as c:  # the index as migration 1 made it before issue 19
        c.exec_driver_sql("DROP TABLE quotes_fts")
        c.exec_driver_sql(
            "CREATE VIRTUAL TABLE quotes_fts USING fts5("
            "content, quote_id UNINDEXED, tokenize='unicode61 remove_diacritics 2')"
        )
        c.exec_driver_sql(
            "INSERT INTO quotes_fts (content, quote_id) SELECT content, id FROM quotes"
        )
        c.exec_driver_sql("DELETE FROM schema_version WHERE version = 11")
    eng.dispose()
    s = open_store(path)
    try:
        assert _found(s, "killings") == ["a1", "a5"]
        write_articles(s, [person_article("Speaker F", "More killing today", id="a6")])
        assert _found(s, "killed OR killings") == ["a1", "a5", "a6"]
        write_articles(
            s, [person_article("Speaker F", "More killing today", id="a6")], replace=True
        )
        assert _found(s, "killing") == ["a1", "a5", "a6"]
    finally:
        s.close()
