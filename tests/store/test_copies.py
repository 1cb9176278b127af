"""Copies of one quote across articles in the store: links at ingest (SQLite and
PostgreSQL), independent of ingest order, moved by merges, gone with --replace."""

from __future__ import annotations

import itertools

import sqlalchemy as sa

from saidwhat.semantic.copies import CopyOptions
from saidwhat.store import open_store
from saidwhat.store.copies import count_copies, get_copies, load_index
from saidwhat.store.corrections import merge_speakers, split_speaker
from saidwhat.store.schema import SCHEMA_VERSION, quote_copies, quote_vectors, schema_version
from saidwhat.store.write import write_articles

from .conftest import make_record

ORIGINAL = "We will not negotiate with the Taliban until every prisoner is free"
MISQUOTE = "We will never negotiate with the Taliban until every prisoner is free"
PART = "We will not negotiate with the Taliban"
PARAPHRASE = "Until all of the prisoners are released there will be no talks with the Taliban"
OTHER = "The harvest this year was the best the valley has seen in a decade"
SHORT = "No comment"


def _article(
    id: str,
    said: str,
    *,
    name: str = "Ahmad Massoud",
    outlet: str = "Wire",
    published: str = "2024-05-01",
    kind: str = "direct",
    also: str | None = None,
) -> dict:
    text = f'"{said}," {name} said on {id}.' + (f' "{also}," he added.' if also else "")
    quotes = [{"speaker": 0, "content": said, "cue": "said", "kind": kind}]
    if also:
        quotes.append({"speaker": 0, "content": also, "cue": "added", "kind": kind})
    return make_record(
        text,
        id=id,
        entities=[{"name": name}],
        quotes=quotes,
        meta={"outlet": outlet, "published": published, "title": f"Story {id}"},
    )


def _links(store) -> set[tuple[str, str, str]]:
    """(content a, content b, kind) of every stored link, contents sorted."""
    with store.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT qa.content, qb.content, c.kind FROM quote_copies c "
                "JOIN quotes qa ON qa.id = c.quote_a JOIN quotes qb ON qb.id = c.quote_b"
            )
        ).all()
    return {(*sorted((a, b)), k) for a, b, k in rows}  # type: ignore[misc]


LEXICAL = CopyOptions(embed=False)


def test_same_near_part_are_linked_and_others_not(store):
    recs = [
        _article("a1", ORIGINAL, outlet="Wire"),
        _article("a2", ORIGINAL.upper() + "!", outlet="Daily", published="2024-05-02"),
        _article("a3", MISQUOTE, outlet="Herald", published="2024-05-03"),
        _article("a4", PART, outlet="Post", published="2024-05-04"),
        _article("a5", OTHER, outlet="Times"),
        _article("a6", ORIGINAL, name="Amrullah Saleh", outlet="Times"),  # another speaker
    ]
    stats = write_articles(store, recs, copies=LEXICAL)
    links = _links(store)
    up = ORIGINAL.upper() + "!"
    assert (*sorted((ORIGINAL, up)), "same") in links
    assert (*sorted((ORIGINAL, MISQUOTE)), "near") in links
    assert (*sorted((ORIGINAL, PART)), "near") in links
    assert not any(OTHER in (a, b) for a, b, _ in links)
    # 4 copies of one quote: every pair among them but misquote-part (they differ in one
    # of the part's 7 words: coverage 6/7 < 0.9); nothing with the other speaker's
    assert (*sorted((MISQUOTE, PART)), "near") not in links
    assert len(links) == 5 and stats.copies == 5
    saleh = [r for r in _quote_ids(store) if r[1] == "a6"]
    assert saleh and get_copies(store, saleh[0][0]) == []
    assert count_copies(store) == {"same": 1, "near": 4}


def _article_links(store) -> set[tuple[str, str, str]]:
    """(input id of article a, of article b, kind) of every stored link, ids sorted."""
    src = dict(_quote_ids(store))
    with store.connect() as conn:
        rows = conn.execute(sa.select(quote_copies)).all()
    return {(*sorted((src[r.quote_a], src[r.quote_b])), r.kind) for r in rows}  # type: ignore[misc]


def _quote_ids(store) -> list[tuple[str, str]]:
    with store.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT q.id, a.source_id FROM quotes q JOIN articles a ON a.id = q.article_id")
        ).all()
    return [(r[0], r[1]) for r in rows]


def test_copies_of_a_quote_carry_outlet_date_kind_and_diff(store):
    write_articles(
        store,
        [
            _article("a1", ORIGINAL),
            _article("a3", MISQUOTE, outlet="Herald", published="2024-05-03"),
        ],
        copies=LEXICAL,
    )
    ids = {src: qid for qid, src in _quote_ids(store)}
    copies = get_copies(store, ids["a1"])
    assert len(copies) == 1
    c = copies[0]
    assert (c["id"], c["kind"], c["outlet"], c["published"]) == (
        ids["a3"],
        "near",
        "Herald",
        "2024-05-03",
    )
    assert c["href"] == f"/quotes/{ids['a3']}"
    assert {"op": "replace", "a": "not", "b": "never"} in c["diff"]
    # symmetric: the misquote lists the original
    assert [x["id"] for x in get_copies(store, ids["a3"])] == [ids["a1"]]


def test_links_do_not_depend_on_ingest_order(store_url, tmp_path):
    recs = [
        _article("a1", ORIGINAL),
        _article("a2", MISQUOTE, outlet="Herald"),
        _article("a3", PART, outlet="Post"),
        _article("a4", OTHER, also=PART, outlet="Times"),
    ]
    seen = []
    for n, order in enumerate(itertools.islice(itertools.permutations(recs), 0, 24, 7)):
        url = store_url if n == 0 else str(tmp_path / f"o{n}.db")
        s = open_store(url)
        try:
            for r in order:  # one article per run: every link is made when its second copy arrives
                write_articles(s, [r], copies=LEXICAL)
            seen.append(_article_links(s))
        finally:
            s.close()
    assert len(seen) == 4 and all(x == seen[0] for x in seen)
    # the misquote and the part differ in one of the part's seven words (coverage 6/7 < 0.9)
    assert seen[0] == {
        ("a1", "a2", "near"),
        ("a1", "a3", "near"),
        ("a1", "a4", "near"),
        ("a3", "a4", "same"),
    }


def test_replace_removes_the_links_of_rewritten_articles(store):
    write_articles(store, [_article("a1", ORIGINAL), _article("a2", MISQUOTE)], copies=LEXICAL)
    assert len(_links(store)) == 1
    changed = _article("a2", MISQUOTE)
    changed["quotes"][0]["kind"] = "indirect"
    write_articles(store, [changed], copies=LEXICAL, replace=True)
    assert _links(store) == set()
    with store.connect() as conn:
        n = conn.execute(sa.select(sa.func.count()).select_from(quote_vectors)).scalar()
    assert n == 1  # only a1's direct quote is linkable now


def test_merge_links_the_quotes_of_both_speakers(store):
    write_articles(
        store,
        [_article("a1", ORIGINAL), _article("a2", MISQUOTE, name="Ahmed Masood")],
        copies=LEXICAL,
        reconcile_after=False,
    )
    assert _links(store) == set()  # two speakers
    with store.connect() as conn:
        ids = sorted(conn.execute(sa.text("SELECT id FROM speakers")).scalars())
    merge_speakers(store, ids[0], ids[1])
    assert _links(store) == {(*sorted((ORIGINAL, MISQUOTE)), "near")}


def test_split_removes_the_links_across_the_new_speakers(store):
    write_articles(
        store,
        [_article("a1", ORIGINAL), _article("a2", MISQUOTE), _article("a3", PART)],
        copies=LEXICAL,
    )
    assert _article_links(store) == {("a1", "a2", "near"), ("a1", "a3", "near")}
    a3 = next(qid for qid, src in _quote_ids(store) if src == "a3").split(":")[0]
    split_speaker(store, "Ahmad Massoud", articles=[a3])
    assert _article_links(store) == {("a1", "a2", "near")}
    with store.connect() as conn:  # every linkable statement is linked under its speaker now
        stale = conn.execute(
            sa.text(
                "SELECT count(*) FROM quote_vectors v JOIN quotes q ON q.id = v.quote_id "
                "WHERE v.speaker_id <> q.speaker_id"
            )
        ).scalar()
    assert stale == 0


def test_paraphrase_needs_vectors(store):
    write_articles(
        store, [_article("a1", ORIGINAL), _article("a2", PARAPHRASE, outlet="Herald")]
    )  # default options: vectors on
    links = _links(store)
    with store.connect() as conn:
        blobs = conn.execute(sa.select(quote_vectors.c.vector)).scalars().all()
    assert len(blobs) == 2 and all(b is not None and len(b) == 384 * 4 for b in blobs)
    from saidwhat.semantic import encoder

    v = encoder.embed([ORIGINAL, PARAPHRASE])
    cos = float(v[0] @ v[1])
    expected = cos >= CopyOptions.from_config().paraphrase_cosine
    assert (links == {(*sorted((ORIGINAL, PARAPHRASE)), "paraphrase")}) == expected
    index = load_index(store)
    hits = index.search(v[0], k=2)
    assert len(hits) == 2 and abs(hits[0][1] - 1.0) < 1e-4


def test_without_the_encoder_ingest_links_by_words_and_warns(store, monkeypatch):
    from saidwhat.errors import Errors, ModelError
    from saidwhat.semantic import encoder

    def broken(*_a, **_k):
        raise ModelError(Errors.E072.format(reason="not installed"))

    monkeypatch.setattr(encoder, "embed", broken)
    stats = write_articles(
        store, [_article("a1", ORIGINAL), _article("a2", MISQUOTE)], batch_size=1
    )
    assert stats.written == 2 and stats.copies == 1
    assert [w[:6] for w in stats.warnings] == ["[W100]"]  # once, not per batch
    assert _article_links(store) == {("a1", "a2", "near")}


def test_short_quotes_only_when_the_same(store):
    write_articles(
        store,
        [_article("a1", SHORT), _article("a2", SHORT + "."), _article("a3", "No comment today")],
        copies=LEXICAL,
    )
    assert _links(store) == {(*sorted((SHORT, SHORT + ".")), "same")}


def test_migration_10_adds_the_tables_to_an_older_store(tmp_path):
    path = tmp_path / "old.db"
    s = open_store(path)
    s.close()
    eng = sa.create_engine(f"sqlite:///{path}")
    with eng.begin() as c:
        c.exec_driver_sql("DROP TABLE quote_copies")
        c.exec_driver_sql("DROP TABLE quote_vectors")
        c.execute(schema_version.delete().where(schema_version.c.version == 10))
    eng.dispose()
    s = open_store(path)
    try:
        with s.connect() as conn:
            assert sa.inspect(conn).has_table("quote_copies")
            v = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()
        assert v == SCHEMA_VERSION >= 10
        write_articles(s, [_article("a1", ORIGINAL), _article("a2", MISQUOTE)], copies=LEXICAL)
        with s.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(quote_copies)).scalar() == 1
    finally:
        s.close()
