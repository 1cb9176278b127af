"""Claims in the store (migration 9) and ``saidwhat conflicts``: texts written for
these tests (tests/data/claims), extracted by the engine, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from saidwhat.cli import main
from saidwhat.readers import ArticleInput
from saidwhat.store import open_store
from saidwhat.store.claims import conflict_pairs, group_events, list_conflicts, same_agent
from saidwhat.store.schema import claims, schema_version
from saidwhat.store.write import write_articles

DATA = Path(__file__).resolve().parents[1] / "data" / "claims"


@pytest.fixture(scope="module")
def extracted(engine) -> dict[str, dict[str, Any]]:
    """The engine's records of the claim texts, with their sidecar metadata."""
    out = {}
    for p in sorted(DATA.glob("*.txt")):
        meta = json.loads(p.with_suffix(".meta.json").read_text("utf-8"))
        r = engine.extract(ArticleInput(id=p.stem, text=p.read_text("utf-8"), meta=meta))
        out[p.stem] = r.to_dict()
    return out


def _conflicts(tmp_path, store_url, recs, *extra):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    run = CliRunner().invoke
    r = run(main, ["ingest", str(src), "--db", store_url, "--no-progress"])
    assert r.exit_code == 0, r.output
    r = run(main, ["conflicts", "--db", store_url, "--format", "jsonl", *extra])
    assert r.exit_code == 0, r.output
    return [json.loads(line) for line in r.output.splitlines()]


def _check_row(row):
    assert row["event"]["name"]
    for c in row["claims"]:
        assert c["act"] in ("responsibility", "blame", "denial")
        assert c["claimant"]["name"] and c["agent"]["name"]
        s = c["sentence"]
        assert s["text"] and s["start"] < s["end"]
        assert c["link"].startswith(f"/articles/{c['article_id']}#C")
    ids = {c["id"] for c in row["claims"]}
    assert row["pairs"] and all(p["a"] in ids and p["b"] in ids for p in row["pairs"])


def test_conflict_in_one_article(tmp_path, store_url, extracted):
    (row,) = _conflicts(tmp_path, store_url, [extracted["kandahar_one"]])
    _check_row(row)
    got = {(c["act"], c["agent"]["name"]) for c in row["claims"]}
    assert ("responsibility", "Taliban") in got
    assert any(a == "blame" and "Haqqani" in n for a, n in got)
    assert row["event"]["n_articles"] == 1
    assert [p["reason"] for p in row["pairs"]] == ["different agents"]
    claimants = {c["claimant"]["name"] for c in row["claims"]}
    assert "Ahmad Karimi" in claimants


def test_conflict_across_two_articles(tmp_path, store_url, extracted):
    (row,) = _conflicts(tmp_path, store_url, [extracted["kandahar_a"], extracted["kandahar_b"]])
    _check_row(row)
    assert row["event"]["n_articles"] == 2
    assert row["event"]["place"] == "Kandahar"
    by_outlet = {c["outlet"]: c for c in row["claims"]}
    assert by_outlet["Wire Post"]["act"] == "responsibility"
    assert by_outlet["Evening Courier"]["act"] == "blame"
    assert by_outlet["Evening Courier"]["claimant"]["name"] == "Ashraf Ghani"
    assert by_outlet["Evening Courier"]["agent"]["name"] == "Taliban"
    assert {c["published"] for c in row["claims"]} == {"2026-03-04"}


@pytest.mark.parametrize("name", ["kandahar_a", "kandahar_b", "kandahar_c"])
def test_one_side_alone_is_no_conflict(tmp_path, store_url, extracted, name):
    assert extracted[name]["claims"]
    assert _conflicts(tmp_path, store_url, [extracted[name]]) == []


def test_asserted_and_denied(tmp_path, store_url, extracted):
    (row,) = _conflicts(tmp_path, store_url, [extracted["kandahar_b"], extracted["kandahar_c"]])
    assert [p["reason"] for p in row["pairs"]] == ["asserted and denied"]
    assert {c["act"] for c in row["claims"]} == {"blame", "denial"}


def test_date_window(tmp_path, store_url, extracted):
    a, b = extracted["kandahar_a"], dict(extracted["kandahar_b"])
    b["meta"] = dict(b["meta"], published="2026-05-20")  # another bombing, weeks later
    assert _conflicts(tmp_path, store_url, [a, b]) == []
    assert len(_conflicts(tmp_path, store_url, [], "--window", "90")) == 1


def test_table_format(tmp_path, store_url, extracted):
    _conflicts(tmp_path, store_url, [extracted["kandahar_one"]])
    r = CliRunner().invoke(main, ["conflicts", "--db", store_url])
    assert r.exit_code == 0, r.output
    assert "Karimi" in r.output and "Taliban" in r.output and "blame" in r.output


def test_replace_rewrites_claims(tmp_path, store_url, extracted):
    rec = extracted["kandahar_one"]
    s = open_store(store_url)
    try:
        write_articles(s, [rec])
        write_articles(s, [rec], replace=True)
        with s.connect() as c:
            n = c.execute(sa.select(sa.func.count()).select_from(claims)).scalar()
        assert n == len(rec["claims"])
        assert len(list_conflicts(s)) == 1
    finally:
        s.close()


def test_migration_9_adds_the_table(tmp_path):
    url = str(tmp_path / "old.db")
    s = open_store(url)
    with s.begin() as c:
        c.execute(sa.text("DROP TABLE claims"))
        c.execute(schema_version.delete().where(schema_version.c.version == 9))
    s.close()
    s = open_store(url)
    try:
        with s.connect() as c:
            assert sa.inspect(c).has_table("claims")
            idx = {i["name"] for i in sa.inspect(c).get_indexes("claims")}
            assert "ix_claims_event_key" in idx
            assert 9 in c.execute(sa.select(schema_version.c.version)).scalars().all()
    finally:
        s.close()


def _row(n, article, *, act="blame", agent=None, agent_id=None, key="attack|kandahar", **kw):
    r = {
        "id": f"{article}:C{n}",
        "article_id": article,
        "event_ref": "V1",
        "event_key": key,
        "event_text": kw.pop("event_text", "the bombing"),
        "place_text": kw.pop("place_text", None),
        "published": kw.pop("published", "2026-03-04"),
        "act": act,
        "agent_name": agent,
        "agent_text": agent,
        "agent_id": agent_id,
    }
    r.update(kw)
    return r


def test_group_events_rules():
    rows = [
        _row(1, "a", agent="Taliban"),
        _row(1, "b", agent="ISIS"),  # same kind and place: joined
        _row(1, "c", agent="X", key="attack|kabul"),  # another place
        _row(1, "d", agent="Y", published="2026-04-30"),  # outside the window
        _row(1, "e", agent="Z", key="attack|", event_text="a car bomb at a bus stop"),
        _row(1, "f", agent="W", key="leak|kandahar"),  # another kind
    ]
    groups = group_events(rows)
    as_ids = sorted(sorted(r["article_id"] for r in g) for g in groups)
    assert as_ids == [["a", "b"], ["c"], ["d"], ["e"], ["f"]]
    # no shared place: joined by the words of the descriptions
    rows2 = [
        _row(1, "g", key="attack|", event_text="the bus stop bombing in the north"),
        _row(1, "h", key="attack|kandahar", event_text="the bus stop bombing"),
    ]
    assert len(group_events(rows2)) == 1


def test_conflict_pairs_and_agents():
    assert same_agent({"agent_name": "the Haqqani network"}, {"agent_text": "Haqqani"})
    assert same_agent({"agent_id": 3, "agent_name": "A"}, {"agent_id": 3, "agent_name": "B"})
    assert same_agent({"agent_name": "Taliban"}, {"agent_name": None}) is None
    assert same_agent({"agent_text": "faulty wiring"}, {"agent_text": "old wiring"})
    assert not same_agent(
        {"agent_text": "the Red Hand", "agent_entity": "E1"},
        {"agent_text": "the Blue Hand", "agent_entity": "E2"},
    )
    group = [
        _row(1, "a", act="responsibility", agent="Islamic State"),
        _row(1, "b", act="blame", agent="the Taliban"),
        _row(2, "b", act="denial", agent="Taliban"),
        _row(3, "b", act="blame", agent="Taliban militants"),
    ]
    pairs = conflict_pairs(group)
    assert (0, 1, "different agents") in pairs
    assert (1, 2, "asserted and denied") in pairs
    assert (2, 3, "asserted and denied") in pairs
    assert not any({i, j} == {1, 3} for i, j, _ in pairs)  # the same agent twice


def test_merge_moves_claimants_and_agents(store, extracted):
    from saidwhat.store.corrections import merge_speakers
    from saidwhat.store.query import resolve_speaker

    write_articles(store, [extracted["kandahar_b"]])
    ghani = resolve_speaker(store, "Ashraf Ghani")["id"]
    taliban = resolve_speaker(store, "Taliban")["id"]
    with store.connect() as c:
        row = c.execute(sa.select(claims.c.claimant_id, claims.c.agent_id)).one()
    assert tuple(row) == (ghani, taliban)
    merge_speakers(store, ghani, taliban)  # a user's (wrong) merge, to see it move
    with store.connect() as c:
        row = c.execute(sa.select(claims.c.claimant_id, claims.c.agent_id)).one()
    assert tuple(row) == (ghani, ghani)


def test_co_perpetrators_and_headlines_are_no_conflict():
    def blame(n, agent, *, start, text="He said so.", **kw):
        return _row(n, "a", agent=agent, sentence_start=start, sentence_text=text, **kw)

    # one claimant blames two parties (in one sentence, or by one entity): one side
    one = [
        blame(1, "the inspectors", start=40),
        blame(2, "the former minister", start=40),
        blame(3, "Jan Novak", start=90, claimant_entity="E2"),
        blame(4, "Petr Dvorak", start=140, claimant_entity="E2"),
    ]
    assert not [p for p in conflict_pairs(one) if {p[0], p[1]} in ({0, 1}, {2, 3})]
    # two claimants naming different agents disagree; a headline does not count
    two = [
        blame(1, "Northern Front", start=0, text="Mayor blames Northern Front for bombing"),
        blame(2, "Sons of the Valley", start=50, claimant_entity="E1"),
        blame(3, "Northern Front", start=99, claimant_entity="E2"),
    ]
    assert conflict_pairs(two) == [(1, 2, "different agents")]
    # a party that takes responsibility while blaming another still disagrees
    mixed = [
        _row(1, "a", act="responsibility", agent="Acme", sentence_start=5, claimant_entity="E1"),
        _row(2, "a", act="blame", agent="its workers", sentence_start=5, claimant_entity="E1"),
    ]
    assert conflict_pairs(mixed) == [(0, 1, "different agents")]


def test_a_described_doer_is_the_named_claimant_of_the_deed():
    rows = [
        _row(1, "a", act="responsibility", agent="Northern Front", agent_entity="E1"),
        _row(2, "a", act="blame", agent="the militants", sentence_start=80),
        _row(
            3, "a", act="blame", agent="the Coastal Brigade", agent_entity="E4", sentence_start=99
        ),
    ]
    assert conflict_pairs(rows) == [
        (0, 2, "different agents"),
        (1, 2, "different agents"),
    ]
    # a name as written is a named party, whether or not the resolver made it an entity
    written = [_row(1, "a", act="responsibility", agent="al-Shabab"), rows[1]]
    assert conflict_pairs(written) == []
    # an indefinite description blamed is someone new
    new = [rows[0], _row(2, "a", agent="a foreign intelligence service", sentence_start=80)]
    assert conflict_pairs(new) == [(0, 1, "different agents")]
    # across articles a description is no party of the other article's claim
    other = [rows[0], {**rows[1], "article_id": "b"}]
    assert conflict_pairs(other) == [(0, 1, "different agents")]


def test_one_article_s_descriptions_with_one_head_noun_are_one_agent():
    a = _row(1, "a", agent="a small group of employees")
    b = _row(2, "a", agent="a very limited group")
    assert same_agent(a, b)
    assert not same_agent(a, {**b, "article_id": "b"})  # another article's group
    assert not same_agent(a, _row(3, "a", agent="the board members"))
