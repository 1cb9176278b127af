"""User corrections of canonical speakers: merge two speakers, split one, move one
statement to another speaker.

Corrections are stored as data the resolver reads for every new article, so
they survive re-ingesting:

* a merge moves every key (normalised name) of B to A and marks them manual,
  so later articles naming B land on A;
* a split moves the chosen entities to a new speaker whose key carries ``#``
  (never merged automatically), moves the names only they use and *pins*
  (article, name) pairs for names both sides share.

Every correction is also logged in the ``corrections`` table.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import Errors, StoreError
from .canonical import normalize_name, parse_person
from .copies import relink
from .db import Store, utcnow
from .schema import (
    claims,
    corrections,
    entities,
    pins,
    quote_targets,
    quotes,
    speaker_keys,
    speakers,
)


def move_speaker(conn: Connection, *, src: int, dst: int, keep_keys: bool = True) -> None:
    """Re-point everything of speaker ``src`` to ``dst`` and delete ``src``."""
    from .write import update_counts

    for t in (entities, quotes, quote_targets):
        conn.execute(t.update().where(t.c.speaker_id == src).values(speaker_id=dst))
    conn.execute(quotes.update().where(quotes.c.reporter_id == src).values(reporter_id=dst))
    for col in ("claimant_id", "agent_id"):
        conn.execute(claims.update().where(claims.c[col] == src).values({col: dst}))
    conn.execute(pins.update().where(pins.c.speaker_id == src).values(speaker_id=dst))
    if keep_keys:
        conn.execute(
            speaker_keys.update()
            .where(speaker_keys.c.speaker_id == src)
            .values(speaker_id=dst, manual=True)
        )
    else:
        conn.execute(speaker_keys.delete().where(speaker_keys.c.speaker_id == src))
    conn.execute(speakers.delete().where(speakers.c.id == src))
    update_counts(conn, [dst])


def _log(conn: Connection, op: str, args: dict[str, Any]) -> int:
    res = conn.execute(
        corrections.insert().values(
            op=op, args=json.dumps(args, ensure_ascii=False), created_at=utcnow()
        )
    )
    pk = res.inserted_primary_key
    return int(pk[0]) if pk else 0


def merge_speakers(store: Store, a: int | str, b: int | str) -> dict[str, Any]:
    """Merge speaker ``b`` into ``a`` (ids or unambiguous names); returns ``a``'s summary.

    Every name of ``b`` then leads to ``a`` for articles ingested later.
    """
    from .query import resolve_speaker

    sa_, sb = resolve_speaker(store, a), resolve_speaker(store, b)
    if sa_["id"] == sb["id"]:
        raise StoreError(Errors.E035.format(a=sa_["name"]))
    with store.begin() as conn:
        move_speaker(conn, src=sb["id"], dst=sa_["id"], keep_keys=True)
        conn.execute(
            speaker_keys.update().where(speaker_keys.c.speaker_id == sa_["id"]).values(manual=True)
        )
        _log(
            conn,
            "merge",
            {
                "into": sa_["id"],
                "into_name": sa_["name"],
                "from": sb["id"],
                "from_name": sb["name"],
                "keys": [sa_["key"], sb["key"]],
            },
        )
        relink(conn)
    from .query import find_speakers

    return find_speakers(store, sa_["id"])[0]


def split_speaker(
    store: Store,
    ref: int | str,
    *,
    names: Sequence[str] = (),
    articles: Sequence[str] = (),
) -> dict[str, Any]:
    """Move part of a speaker to a new speaker; returns the new speaker's summary.

    Args:
        names: entity names (any spelling, compared after normalisation) to move.
        articles: article ids (or unique prefixes) whose entities to move.
    """
    from .query import find_speakers, resolve_speaker
    from .write import move_entity, update_counts

    sp = resolve_speaker(store, ref)
    want_names = {normalize_name(n, sp["type"]) for n in names} | {n.strip().lower() for n in names}
    with store.begin() as conn:
        ents = conn.execute(
            sa.select(entities.c.article_id, entities.c.local_id, entities.c.name).where(
                entities.c.speaker_id == sp["id"]
            )
        ).all()

        def chosen(art: str, name: str) -> bool:
            if any(art.startswith(p) for p in articles if p):
                return True
            return (
                normalize_name(name, sp["type"]) in want_names or name.strip().lower() in want_names
            )

        move = [e for e in ents if chosen(e.article_id, e.name)]
        stay = [e for e in ents if not chosen(e.article_id, e.name)]
        what = ", ".join([*names, *articles]) or "nothing"
        if not move or not stay:
            raise StoreError(Errors.E036.format(ref=sp["name"], what=what))
        cid = _log(
            conn,
            "split",
            {
                "speaker": sp["id"],
                "name": sp["name"],
                "names": list(names),
                "articles": list(articles),
            },
        )
        new_name = Counter(e.name for e in move).most_common(1)[0][0]
        pn = parse_person(new_name) if sp["type"] == "PERSON" else None
        from ..semantic.targets import display_name

        new_key = f"{sp['key']}#split{cid}"
        conn.execute(
            speakers.insert().values(
                key=new_key,
                name=display_name(new_name, sp["type"]),
                type=sp["type"],
                surname=pn.last if pn else None,
                first=(pn.first or None) if pn else None,
                middle=(" ".join(pn.middle) or None) if pn else None,
                suffix=(pn.suffix or None) if pn else None,
                n_quotes=0,
                n_articles=0,
            )
        )
        nid = int(
            conn.execute(sa.select(speakers.c.id).where(speakers.c.key == new_key)).scalar_one()
        )
        conn.execute(speaker_keys.insert().values(key=new_key, speaker_id=nid, manual=True))
        moved_keys = {f"{sp['type']}:{normalize_name(e.name, sp['type'])}" for e in move}
        kept_keys = {f"{sp['type']}:{normalize_name(e.name, sp['type'])}" for e in stay}
        for k in sorted(moved_keys - kept_keys):
            conn.execute(
                speaker_keys.update()
                .where(speaker_keys.c.key == k, speaker_keys.c.speaker_id == sp["id"])
                .values(speaker_id=nid, manual=True)
            )
        conn.execute(
            speaker_keys.update().where(speaker_keys.c.speaker_id == sp["id"]).values(manual=True)
        )
        for e in move:
            nk = normalize_name(e.name, sp["type"])
            if f"{sp['type']}:{nk}" in kept_keys:
                conn.execute(
                    pins.delete().where(pins.c.article_id == e.article_id, pins.c.name_key == nk)
                )
                conn.execute(
                    pins.insert().values(article_id=e.article_id, name_key=nk, speaker_id=nid)
                )
            move_entity(conn, e.article_id, e.local_id, nid)
        update_counts(conn, [sp["id"], nid])
        relink(conn)
    return find_speakers(store, nid)[0]


def move_quote(store: Store, quote_id: str, to: int | str) -> dict[str, Any]:
    """Give one statement to another speaker (``to``: an id or an unambiguous name);
    returns that speaker's summary. Logged as ``move``; the statement keeps its text,
    spans and targets, its copy links are recomputed.

    Raises:
        StoreError: no such statement (E100) or speaker (E033), or it is already theirs (E037).
    """
    from .query import find_speakers, resolve_speaker
    from .write import update_counts

    dst = resolve_speaker(store, to)
    with store.begin() as conn:
        src = conn.execute(
            sa.select(quotes.c.speaker_id, quotes.c.article_id).where(quotes.c.id == quote_id)
        ).first()
        if src is None:
            raise StoreError(Errors.E100.format(id=quote_id))
        if src.speaker_id == dst["id"]:
            raise StoreError(Errors.E037.format(id=quote_id, name=dst["name"]))
        conn.execute(
            quotes.update()
            .where(quotes.c.id == quote_id)
            .values(speaker_id=dst["id"], speaker_name=dst["name"], speaker_type=dst["type"])
        )
        _log(conn, "move", {"quote": quote_id, "from": src.speaker_id, "to": dst["id"]})
        update_counts(conn, [i for i in (src.speaker_id, dst["id"]) if i is not None])
        relink(conn)
    return find_speakers(store, dst["id"])[0]


def merged_into(store: Store, speaker_id: int, *, max_hops: int = 20) -> int | None:
    """The speaker a removed speaker was merged into (following later merges of that
    one), or ``None`` when ``speaker_id`` was never merged away."""
    with store.connect() as conn:
        into: dict[int, int] = {}
        for args in conn.execute(
            sa.select(corrections.c.args)
            .where(corrections.c.op == "merge")
            .order_by(corrections.c.id)
        ).scalars():
            a = json.loads(args)
            into[int(a["from"])] = int(a["into"])
        cur, hops = speaker_id, 0
        while cur in into and hops < max_hops:
            cur, hops = into[cur], hops + 1
        if cur == speaker_id:
            return None
        alive = conn.execute(sa.select(speakers.c.id).where(speakers.c.id == cur)).scalar()
        return int(alive) if alive is not None else None


def alias_table(store: Store) -> list[dict[str, Any]]:
    """The alias table a reader can check: the shipped groups of
    :data:`saidwhat.names.ALIAS_GROUPS` (``origin: "shipped"``: the name shown first,
    then its other forms) and the user's merges from the corrections log (``origin:
    "merge"``: the name kept, the name merged into it), which the store, the search
    (``speaker``, ``about``) and the network follow through the speakers' keys. A
    user extends it with ``saidwhat entities merge`` (or a speaker page's merge form)."""
    from ..names import ALIAS_GROUPS

    out: list[dict[str, Any]] = [
        {"name": g[0], "aliases": list(g[1:]), "origin": "shipped"} for g in ALIAS_GROUPS
    ]
    merged: dict[str, list[str]] = {}
    for c in list_corrections(store):
        if c["op"] == "merge":
            a = c["args"]
            merged.setdefault(str(a.get("into_name")), []).append(str(a.get("from_name")))
    out += [{"name": k, "aliases": v, "origin": "merge"} for k, v in merged.items()]
    return out


def list_corrections(store: Store) -> list[dict[str, Any]]:
    """Every merge and split, oldest first: ``id, op, args, created_at``."""
    with store.connect() as conn:
        return [
            {"id": r.id, "op": r.op, "args": json.loads(r.args), "created_at": r.created_at}
            for r in conn.execute(sa.select(corrections).order_by(corrections.c.id)).all()
        ]


__all__ = [
    "alias_table",
    "list_corrections",
    "merge_speakers",
    "merged_into",
    "move_quote",
    "move_speaker",
    "split_speaker",
]
