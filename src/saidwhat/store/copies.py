"""Copies of one quote across articles in the store (``quote_vectors``, ``quote_copies``).

A linkable statement (kind in ``[copies] kinds``, with a canonical speaker) gets
a ``quote_vectors`` row when it is written: the speaker its links were computed
under and, with ``embed`` on, its sentence vector. It is then compared with the
stored linkable statements of the same speaker in other articles
(:func:`saidwhat.semantic.copies.classify`), and each copy is one ``quote_copies`` row
(``quote_a`` < ``quote_b``). A link is computed when the second copy arrives and
the classifier is symmetric, so the links do not depend on ingest order; when a
merge, split or reconcile moves a statement to another speaker,
:func:`relink` recomputes its links under the new speaker.

Vectors are computed before the write transaction (:func:`embed_docs`) so the
write lock is not held while the encoder runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..semantic.copies import (
    CopyOptions,
    VectorIndex,
    classify,
    from_blob,
    to_blob,
    word_diff,
    words,
)
from .db import Store
from .schema import articles, quote_copies, quote_vectors, quotes


@dataclass(frozen=True, slots=True)
class Linkable:
    """A statement to link: id, article, speaker, content, vector (or ``None``)."""

    id: str
    article_id: str
    speaker_id: int
    content: str
    vector: np.ndarray | None


def linkable_quotes(doc: Mapping[str, Any], options: CopyOptions) -> list[tuple[str, str]]:
    """``(quote id, content)`` of the statements of a prepared extraction record that
    take part in copy links (their speaker is known only after resolution)."""
    if not options.enabled:
        return []
    aid = doc["_article_id"]
    out = []
    for q in doc.get("quotes") or ():
        if q.get("kind") in options.kinds and q.get("speaker"):
            content = " … ".join(c["text"] for c in q.get("contents") or ())
            if content.strip():
                out.append((f"{aid}:{q['id']}", content))
    return out


def embed_docs(docs: Sequence[Mapping[str, Any]], options: CopyOptions) -> dict[str, np.ndarray]:
    """Sentence vectors of the linkable statements of some records, by statement id."""
    if not (options.enabled and options.embed):
        return {}
    items = [it for d in docs for it in linkable_quotes(d, options)]
    if not items:
        return {}
    from ..semantic import encoder

    mat = encoder.embed([c for _, c in items])
    return {qid: mat[i] for i, (qid, _) in enumerate(items)}


def _link(conn: Connection, todo: Sequence[Linkable], options: CopyOptions) -> int:
    """Link each statement of ``todo`` (already registered in ``quote_vectors`` under its
    speaker) with the registered statements of that speaker in other articles, ``todo``
    included; each pair is classified once. Returns the links added."""
    if not todo:
        return 0
    by_speaker: dict[int, list[Linkable]] = {}
    for q in todo:
        by_speaker.setdefault(q.speaker_id, []).append(q)
    found: dict[tuple[str, str], tuple[str, float]] = {}
    for sid, new in by_speaker.items():
        # The speaker's linkable statements: ids and vectors first; the texts of those
        # close enough to some new statement (or without a vector) are read next.
        rows = conn.execute(
            sa.select(
                quote_vectors.c.quote_id, quote_vectors.c.article_id, quote_vectors.c.vector
            ).where(quote_vectors.c.speaker_id == sid)
        ).all()
        if not rows:
            continue
        ids = [r[0] for r in rows]
        arts = np.array([r[1] for r in rows], dtype=object)
        blobs = [r[2] for r in rows]
        has = np.array([b is not None for b in blobs])
        size = next((len(b) for b in blobs if b is not None), 0)
        zero = bytes(size)
        dim = size // 4
        mat = np.frombuffer(
            b"".join(bytes(b) if b is not None else zero for b in blobs), dtype="<f4"
        ).reshape(len(rows), dim)
        plans: list[tuple[Linkable, np.ndarray, np.ndarray | None]] = []
        wanted: set[int] = set()
        for q in new:
            sims = mat @ q.vector if (q.vector is not None and dim) else None
            ok = arts != q.article_id
            if sims is not None:
                ok &= ~has | (sims >= min(options.lexical_min_cosine, options.paraphrase_cosine))
            idx = np.flatnonzero(ok)
            plans.append((q, idx, sims))
            wanted.update(int(i) for i in idx)
        texts: dict[str, str] = {}
        want_ids = [ids[i] for i in sorted(wanted)]
        for k in range(0, len(want_ids), 500):
            chunk = want_ids[k : k + 500]
            texts.update(
                conn.execute(
                    sa.select(quotes.c.id, quotes.c.content).where(quotes.c.id.in_(chunk))
                ).all()
            )
        cwords: dict[int, list[str]] = {}
        for q, idx, sims in plans:
            qw = words(q.content)
            for i in map(int, idx):
                cid = ids[i]
                key = (q.id, cid) if q.id < cid else (cid, q.id)
                if cid == q.id or key in found:
                    continue
                if i not in cwords:
                    cwords[i] = words(texts.get(cid, ""))
                cos = float(sims[i]) if sims is not None and has[i] else None
                kind, score = classify(qw, cwords[i], cosine=cos, options=options)
                if kind != "none":
                    found[key] = (kind, score)
    if found:
        conn.execute(
            quote_copies.insert(),
            [
                {"quote_a": a, "quote_b": b, "kind": k, "score": s}
                for (a, b), (k, s) in found.items()
            ],
        )
    return len(found)


def link_new(
    conn: Connection,
    new: Iterable[tuple[str, str, int | None, str]],
    vectors: Mapping[str, np.ndarray],
    options: CopyOptions,
) -> int:
    """Register and link statements just written: ``(id, article id, speaker id, content)``
    (a statement without a speaker is registered, unlinked). Returns the links added."""
    rows = list(new)
    if not rows or not options.enabled:
        return 0
    conn.execute(
        quote_vectors.insert(),
        [
            {
                "quote_id": qid,
                "article_id": aid,
                "speaker_id": sid,
                "vector": to_blob(vectors[qid]) if qid in vectors else None,
            }
            for qid, aid, sid, _c in rows
        ],
    )
    todo = [
        Linkable(qid, aid, sid, content, vectors.get(qid))
        for qid, aid, sid, content in rows
        if sid is not None
    ]
    return _link(conn, todo, options)


def delete_links(conn: Connection, quote_ids: Sequence[str], *, registry: bool = True) -> None:
    """Remove the copy links of some statements (and their ``quote_vectors`` rows)."""
    for i in range(0, len(quote_ids), 500):
        chunk = list(quote_ids[i : i + 500])
        conn.execute(
            quote_copies.delete().where(
                sa.or_(quote_copies.c.quote_a.in_(chunk), quote_copies.c.quote_b.in_(chunk))
            )
        )
        if registry:
            conn.execute(quote_vectors.delete().where(quote_vectors.c.quote_id.in_(chunk)))


def relink(conn: Connection, options: CopyOptions | None = None) -> int:
    """Recompute the links of every statement whose speaker changed since it was linked
    (a merge, split or reconcile moved it). Returns the number of statements relinked."""
    options = options or CopyOptions.from_config()
    moved = conn.execute(
        sa.select(
            quotes.c.id,
            quotes.c.article_id,
            quotes.c.speaker_id,
            quotes.c.content,
            quote_vectors.c.vector,
        )
        .select_from(quote_vectors.join(quotes, quotes.c.id == quote_vectors.c.quote_id))
        .where(quote_vectors.c.speaker_id.is_distinct_from(quotes.c.speaker_id))
    ).all()
    if not moved:
        return 0
    ids = [r.id for r in moved]
    delete_links(conn, ids, registry=False)
    for r in moved:
        conn.execute(
            quote_vectors.update()
            .where(quote_vectors.c.quote_id == r.id)
            .values(speaker_id=r.speaker_id)
        )
    todo = [
        Linkable(r.id, r.article_id, r.speaker_id, r.content, from_blob(r.vector))
        for r in moved
        if r.speaker_id is not None
    ]
    _link(conn, todo, options)
    return len(moved)


def get_copies(store: Store, quote_id: str) -> list[dict[str, Any]]:
    """The copies of a statement, oldest first: ``{id, kind, score, article_id, outlet,
    published, title, content, href, diff: [{op, a, b}]}`` (``a``: this statement's
    words, ``b``: the copy's)."""
    with store.connect() as conn:
        this = conn.execute(sa.select(quotes.c.content).where(quotes.c.id == quote_id)).scalar()
        if this is None:
            return []
        links = conn.execute(
            sa.select(quote_copies).where(
                sa.or_(quote_copies.c.quote_a == quote_id, quote_copies.c.quote_b == quote_id)
            )
        ).all()
        if not links:
            return []
        other = {(r.quote_b if r.quote_a == quote_id else r.quote_a): r for r in links}
        rows = conn.execute(
            sa.select(
                quotes.c.id,
                quotes.c.article_id,
                quotes.c.local_id,
                quotes.c.content,
                quotes.c.published,
                quotes.c.outlet,
                articles.c.title,
                articles.c.url,
            )
            .select_from(quotes.join(articles, articles.c.id == quotes.c.article_id))
            .where(quotes.c.id.in_(list(other)))
        ).all()
    out = []
    for r in rows:
        link = other[r.id]
        out.append(
            {
                "id": r.id,
                "kind": link.kind,
                "score": round(float(link.score), 4),
                "article_id": r.article_id,
                "local_id": r.local_id,
                "outlet": r.outlet,
                "published": r.published,
                "title": r.title,
                "url": r.url,
                "content": r.content,
                "href": f"/quotes/{r.id}",
                "diff": [p.to_dict() for p in word_diff(this, r.content)],
            }
        )
    order = {"same": 0, "near": 1, "paraphrase": 2}
    out.sort(
        key=lambda c: (c["published"] is None, c["published"] or "", order[c["kind"]], c["id"])
    )
    return out


def count_copies(store: Store) -> dict[str, int]:
    """Number of copy links by kind."""
    with store.connect() as conn:
        rows = conn.execute(
            sa.select(quote_copies.c.kind, sa.func.count()).group_by(quote_copies.c.kind)
        ).all()
    return {k: int(n) for k, n in rows}


def load_index(store: Store, options: CopyOptions | None = None) -> VectorIndex:
    """Every stored sentence vector in one :class:`~saidwhat.semantic.copies.VectorIndex`
    (global nearest neighbours, e.g. a paraphrase by any speaker)."""
    options = options or CopyOptions.from_config()
    ids: list[str] = []
    vecs: list[bytes] = []
    with store.connect() as conn:
        for qid, blob in conn.execute(
            sa.select(quote_vectors.c.quote_id, quote_vectors.c.vector).where(
                quote_vectors.c.vector.is_not(None)
            )
        ):
            ids.append(qid)
            vecs.append(bytes(blob))
    dim = len(vecs[0]) // 4 if vecs else 384
    mat = np.frombuffer(b"".join(vecs), dtype="<f4").reshape(len(vecs), dim)
    return VectorIndex(ids, mat, exact_below=options.exact_below, shortlist=options.shortlist)
