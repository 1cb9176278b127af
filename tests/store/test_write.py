from __future__ import annotations

import json

from saidwhat.ids import content_hash
from saidwhat.records import ArticleResult
from saidwhat.store import query
from saidwhat.store.filters import QuoteFilters
from saidwhat.store.write import normalize_date, write_article, write_articles

from .conftest import make_record, person_article


def _counts(store) -> dict:
    s = query.stats(store)
    return {k: s[k] for k in ("articles", "quotes", "speakers", "entities")}


def test_article_id_is_the_content_hash_and_rewriting_adds_nothing(store):
    rec = person_article("Ahmad Massoud", "We will resist", published="2024-05-12")
    first = write_articles(store, [rec])
    assert first.written == 1 and first.quotes == 1
    before = _counts(store)
    again = write_articles(store, [rec, dict(rec, id="other-name")])
    assert again.written == 0 and again.skipped == 2
    assert _counts(store) == before
    art = query.get_article(store, content_hash(rec["text"]))
    assert art is not None and art["source_id"] == "doc"


def test_article_round_trip_keeps_spans_speakers_and_metadata(store):
    rec = make_record(
        'Talks failed. "We will not negotiate with the Taliban," said Ahmad Massoud, NRF leader.',
        entities=[
            {"name": "Ahmad Massoud", "roles": ["NRF leader"], "affiliations": ["NRF"]},
            {"name": "Taliban", "type": "ORG"},
        ],
        quotes=[{"speaker": 0, "content": "We will not negotiate with the Taliban", "cue": "said"}],
        meta={
            "title": "Talks",
            "url": "https://x.test/a",
            "outlet": "Example News",
            "published": "12 May 2024",
        },
    )
    aid = write_article(store, rec)
    assert aid == content_hash(rec["text"])
    art = query.get_article(store, aid)
    assert (art["title"], art["url"], art["outlet"], art["published"]) == (
        "Talks",
        "https://x.test/a",
        "Example News",
        "2024-05-12",
    )
    (q,) = art["quotes"]
    c = q["contents"][0]
    assert art["text"][c["start"] : c["end"]] == "We will not negotiate with the Taliban"
    assert q["cue"]["text"] == "said" and q["speaker"]["name"] == "Ahmad Massoud"
    assert q["speaker"]["speaker_id"] == art["entities"][0]["speaker_id"] is not None
    assert art["entities"][0]["roles"] == ["NRF leader"]
    assert art["entities"][0]["affiliations"] == ["NRF"]
    # the entity "Taliban", mentioned in the contents, becomes a target of the statement.
    assert "Taliban" in [t["name"] for t in q["targets"]]


def test_article_result_objects_and_json_dicts_are_both_accepted(store):
    rec = person_article("Jane Doe", "It works")
    res = ArticleResult.from_dict(rec)
    assert write_article(store, res, meta={"outlet": "Wire"}) is not None
    assert write_article(store, json.loads(json.dumps(rec))) is None  # same text
    assert query.stats(store)["outlets"] == [{"outlet": "Wire", "n": 1}]


def test_replace_rewrites_an_article_without_duplicates(store):
    rec = person_article("Jane Doe", "First version")
    write_articles(store, [rec])
    rec2 = json.loads(json.dumps(rec))
    rec2["quotes"][0]["kind"] = "indirect"
    st = write_articles(store, [rec2], replace=True)
    assert st.replaced == 1 and st.written == 1
    s = query.stats(store)
    assert s["quotes"] == 1 and s["quotes_by_kind"] == {"indirect": 1}
    assert query.search_quotes(store, QuoteFilters(q="version"))[0]["kind"] == "indirect"


def test_targets_link_to_speakers_of_other_articles(store):
    write_articles(store, [person_article("Ahmad Massoud", "We fight on")])
    rec = make_record(
        '"Ahmad Massoud is wrong," said Zabihullah Mujahid.',
        entities=[{"name": "Zabihullah Mujahid"}, {"name": "Ahmad Massoud"}],
        quotes=[{"speaker": 0, "content": "Ahmad Massoud is wrong", "cue": "said"}],
    )
    write_articles(store, [rec])
    (hit,) = query.search_quotes(store, QuoteFilters(speaker="Mujahid"))
    massoud = query.find_speakers(store, "Ahmad Massoud")[0]
    assert [t["speaker_id"] for t in hit["targets"]] == [massoud["id"]]
    net = query.network(store)
    edge = {"source": hit["speaker"]["id"], "target": massoud["id"], "weight": 1}
    assert edge | {"against": 0, "for": 0, "stance": None} in net["edges"]


def test_dates_are_normalised_or_dropped_with_a_warning(store):
    assert normalize_date("2024-05-12T10:00:00Z") == "2024-05-12"
    assert normalize_date("Sun, 12 May 2024 10:00:00 +0000") == "2024-05-12"
    assert normalize_date("May 12, 2024") == "2024-05-12"
    assert normalize_date("soon") is None
    st = write_articles(store, [person_article("Jane Doe", "Hi", published="soon")])
    assert st.written == 1 and any("[W031]" in w for w in st.warnings)


def test_targets_are_entities_never_bare_capitalised_words(store):
    """Issue 10: 'Leaving', 'Refusing', 'UNLESS', a time zone or a headline are no targets."""
    text = (
        '"Leaving the church was hard. Refusing them cost me UNLESS you count EST mornings '
        'with the Sea Org," said Daniel Montalvo.'
    )
    content = text[1 : text.index('," said')]
    rec = make_record(
        text,
        entities=[{"name": "Daniel Montalvo"}, {"name": "Sea Org", "type": "ORG"}],
        quotes=[{"speaker": 0, "content": content, "cue": "said"}],
    )
    aid = write_article(store, rec)
    (q,) = query.get_article(store, aid)["quotes"]
    assert [t["name"] for t in q["targets"]] == ["Sea Org"]
    assert all(t["speaker_id"] is not None for t in q["targets"])


def test_us_u_s_and_united_states_are_one_target_and_one_speaker(store):
    text = (
        '"The U.S. must act, and the United States will, because America always does," '
        "said Jane Doe. The US embassy declined to comment."
    )
    content = text[1 : text.index('," said')]
    rec = make_record(
        text,
        entities=[
            {"name": "Jane Doe"},
            {"name": "United States", "type": "GPE", "mentions": ["United States"]},
        ],
        quotes=[{"speaker": 0, "content": content, "cue": "said"}],
    )
    aid = write_article(store, rec)
    (q,) = query.get_article(store, aid)["quotes"]
    assert [(t["name"], t["type"]) for t in q["targets"]] == [("United States", "GPE")]
    # another article's "U.S." (a GPE) joins the same speaker, shown as "United States"
    rec2 = make_record(
        '"Sanctions on the U.S. are coming," said John Roe.',
        id="b",
        entities=[{"name": "John Roe"}, {"name": "U.S.", "type": "GPE"}],
        quotes=[{"speaker": 0, "content": "Sanctions on the U.S. are coming", "cue": "said"}],
    )
    aid2 = write_article(store, rec2)
    (q2,) = query.get_article(store, aid2)["quotes"]
    assert q2["targets"][0]["speaker_id"] == q["targets"][0]["speaker_id"]
    (us,) = query.find_speakers(store, q["targets"][0]["speaker_id"])
    assert us["name"] == "United States"
    assert len(query.search_quotes(store, QuoteFilters(about="United States"))) == 2


def test_a_surname_in_the_contents_is_its_entity_when_unambiguous(store):
    text = '"Massoud is wrong," said Zabihullah Mujahid of Ahmad Massoud.'
    rec = make_record(
        text,
        entities=[{"name": "Zabihullah Mujahid"}, {"name": "Ahmad Massoud"}],
        quotes=[{"speaker": 0, "content": "Massoud is wrong", "cue": "said"}],
    )
    aid = write_article(store, rec)
    (q,) = query.get_article(store, aid)["quotes"]
    assert [t["name"] for t in q["targets"]] == ["Ahmad Massoud"]
