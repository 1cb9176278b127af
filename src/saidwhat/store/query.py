"""The read side of the store. Every function returns plain JSON-serialisable values.

These functions are what ``saidwhat quotes/speakers/stats`` and the web UI use::

    store = open_store("saidwhat.db")
    search_quotes(store, QuoteFilters(q="negotiations", speaker="Massoud", since="2024-01"))
    get_speaker(store, 12)
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..config import defaults
from ..errors import Errors, StoreError
from ..names import alias_name
from ..semantic.copies import KINDS as COPY_KINDS
from . import fts
from .canonical import NAMED_TYPES, PersonName, entity_key, fold, parse_person
from .db import Store
from .filters import STANCES, QuoteFilters, SpeakerRef, is_numeric_id
from .schema import (
    articles,
    entities,
    entity_roles,
    mentions,
    quote_copies,
    quote_spans,
    quote_targets,
    quotes,
    roles_with_entities,
    speaker_keys,
    speakers,
)

#: A search without filters.
NO_FILTERS = QuoteFilters()

#: Defaults of what a reader sees (``[record]`` of default_config.toml, issue 19).
_RECORD = defaults()["record"]
#: Statements below this confidence are hidden by default (pages, exports) and counted.
HIDE_BELOW = float(_RECORD["min_confidence"])
#: Stance labels below this probability are uncertain: out of against / for counts.
UNCERTAIN_BELOW = float(_RECORD["min_stance_prob"])


def _sure(label: str) -> Any:
    """1 for a target whose stance is ``label`` with a probability a reader can weigh."""
    return sa.case(
        (
            sa.and_(
                quote_targets.c.stance == label,
                sa.func.coalesce(quote_targets.c.stance_prob, 1.0) >= UNCERTAIN_BELOW,
            ),
            1,
        ),
        else_=0,
    )


#: A search word in at least this many statements takes the dense-term path (SQLite).
DENSE_TERM = 3000
#: Rows the dense-term path reads before giving up and using the full-text index.
DENSE_SCAN_MAX = 20_000


def _fts_clause(conn: Connection, q: str) -> Any:
    """The statements whose contents match the search text ``q`` (:mod:`.fts` syntax)."""
    s = fts.parse(q)
    if s.empty:
        return sa.false()
    if conn.dialect.name == "postgresql":
        return sa.text("quotes.tsv @@ to_tsquery('english', :fts_q)").bindparams(
            fts_q=fts.tsquery(s)
        )
    # the index's rowids are the statements' (migration 11): no read of its stored ids
    match = fts.fts5_match(s)
    if match is None:  # only exclusions: every statement without them
        return sa.not_(
            _ROWID.in_(
                sa.text("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :fts_x").bindparams(
                    fts_x=fts.fts5_excluded(s)
                )
            )
        )
    return _ROWID.in_(
        sa.text("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :fts_q").bindparams(
            fts_q=match
        )
    )


_ROWID: Any = sa.literal_column("quotes.rowid")


def _match(q: str | None) -> str | None:
    """The FTS5 expression of the wanted terms of ``q`` (``None``: none wanted)."""
    return fts.fts5_match(fts.parse(q))


def _speaker_ids(conn: Connection, ref: SpeakerRef) -> list[int]:
    """Speaker ids for a numeric id, a name (any spelling seen) or a key."""
    if isinstance(ref, int) or (isinstance(ref, str) and is_numeric_id(ref)):
        sid = int(ref)
        found = conn.execute(sa.select(speakers.c.id).where(speakers.c.id == sid)).scalar()
        return [sid] if found is not None else []
    ref = ref.strip()
    keys = [ref] if ":" in ref else [entity_key(ref, t) for t in sorted(NAMED_TYPES)]
    ids = list(
        conn.execute(
            sa.select(speaker_keys.c.speaker_id).where(speaker_keys.c.key.in_(keys)).distinct()
        ).scalars()
    )
    if ids:
        return sorted(ids)
    low = ref.lower()
    ids = list(
        conn.execute(
            sa.select(speakers.c.id).where(sa.func.lower(speakers.c.name) == low)
        ).scalars()
    )
    if ids:
        return sorted(ids)
    ids = sorted(
        conn.execute(
            sa.select(entities.c.speaker_id)
            .where(sa.func.lower(entities.c.name) == low, entities.c.speaker_id.is_not(None))
            .distinct()
        ).scalars()
    )
    if ids:
        return ids
    # A bare surname ("Massoud"): every person speaker with that surname.
    pn = parse_person(ref)
    if pn is not None and not pn.is_full:
        ids = sorted(
            conn.execute(
                sa.select(speakers.c.id).where(
                    speakers.c.type == "PERSON", speakers.c.surname == pn.last
                )
            ).scalars()
        )
    return ids


def find_speakers(store: Store, ref: SpeakerRef) -> list[dict[str, Any]]:
    """Every speaker that ``ref`` (an id, a name in any spelling seen, or a key) denotes."""
    with store.connect() as conn:
        ids = _speaker_ids(conn, ref)
        if not ids:
            return []
        rows = conn.execute(
            sa.select(speakers).where(speakers.c.id.in_(ids)).order_by(speakers.c.n_quotes.desc())
        ).mappings()
        return [_speaker_row(r) for r in rows]


def resolve_speaker(store: Store, ref: SpeakerRef) -> dict[str, Any]:
    """The one speaker ``ref`` denotes; :class:`StoreError` if none or several."""
    found = find_speakers(store, ref)
    if not found:
        raise StoreError(Errors.E033.format(ref=ref))
    if len(found) > 1:
        names = ", ".join(f"{s['id']}={s['name']}" for s in found[:5])
        raise StoreError(Errors.E034.format(ref=ref, n=len(found), names=names))
    return found[0]


def _speaker_row(r: Any) -> dict[str, Any]:
    return {
        "id": r["id"],
        "name": r["name"],
        "type": r["type"],
        "key": r["key"],
        "n_quotes": r["n_quotes"],
        "n_articles": r["n_articles"],
    }


def _targets_for(conn: Connection, quote_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not quote_ids:
        return out
    rows = conn.execute(
        sa.select(quote_targets)
        .where(quote_targets.c.quote_id.in_(list(quote_ids)))
        .order_by(quote_targets.c.quote_id, quote_targets.c.seq)
    ).mappings()
    for r in rows:
        out[r["quote_id"]].append(
            {
                "name": r["name"],
                "type": r["type"],
                "speaker_id": r["speaker_id"],
                "entity": r["entity_id"],
                "stance": r["stance"],
                "stance_prob": None if r["stance_prob"] is None else round(r["stance_prob"], 3),
                "stance_uncertain": r["stance"] is not None
                and r["stance_prob"] is not None
                and r["stance_prob"] < UNCERTAIN_BELOW,
            }
        )
    return out


def _copies_for(conn: Connection, quote_ids: Sequence[str]) -> Counter[str]:
    """Number of copies (``quote_copies`` links, docs/copies.md) of each statement."""
    out: Counter[str] = Counter()
    ids = list(quote_ids)
    if not ids:
        return out
    for col in (quote_copies.c.quote_a, quote_copies.c.quote_b):
        for qid, n in conn.execute(
            sa.select(col, sa.func.count()).where(col.in_(ids)).group_by(col)
        ).all():
            out[qid] += int(n)
    return out


_QUOTE_COLS = (
    quotes.c.id,
    quotes.c.article_id,
    quotes.c.local_id,
    quotes.c.kind,
    quotes.c.content,
    quotes.c.cue,
    quotes.c.speaker_id,
    quotes.c.speaker_name,
    quotes.c.speaker_type,
    quotes.c.confidence,
    quotes.c.published,
    quotes.c.outlet,
    quotes.c.reporter_id,
    quotes.c.reporter_name,
    quotes.c.reporter_type,
    quotes.c.reporter_cue,
    quotes.c.reporter_source,
)


#: Statement order of lists: newest article first, then the article's own order
#: (``seq``: Q1, Q2, ..., Q10, never the id string's Q1, Q10, Q2).
_NEWEST_FIRST = (quotes.c.published.desc().nulls_last(), quotes.c.article_id, quotes.c.seq)


def _quote_rows(conn: Connection, stmt: Any) -> list[dict[str, Any]]:
    return _enrich(conn, list(conn.execute(stmt).mappings()))


def _enrich(conn: Connection, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Statement rows (``_QUOTE_COLS``) with their article, speaker and targets."""
    art_ids = sorted({r["article_id"] for r in rows})
    sp_ids = sorted(
        {r[k] for r in rows for k in ("speaker_id", "reporter_id") if r.get(k) is not None}
    )
    arts = (
        {
            a["id"]: a
            for a in conn.execute(
                sa.select(articles.c.id, articles.c.title, articles.c.url).where(
                    articles.c.id.in_(art_ids)
                )
            ).mappings()
        }
        if art_ids
        else {}
    )
    sps = (
        {
            s["id"]: s
            for s in conn.execute(
                sa.select(speakers.c.id, speakers.c.name, speakers.c.type).where(
                    speakers.c.id.in_(sp_ids)
                )
            ).mappings()
        }
        if sp_ids
        else {}
    )
    targets = _targets_for(conn, [r["id"] for r in rows])
    n_copies = _copies_for(conn, [r["id"] for r in rows])
    out = []
    for r in rows:
        sp = sps.get(r["speaker_id"])
        art: Any = arts.get(r["article_id"], {})
        out.append(
            {
                "id": r["id"],
                "article_id": r["article_id"],
                "local_id": r["local_id"],
                "kind": r["kind"],
                "content": r["content"],
                "cue": r["cue"],
                "speaker": {"id": sp["id"], "name": sp["name"], "type": sp["type"]} if sp else None,
                "speaker_name": r["speaker_name"],
                "speaker_type": r["speaker_type"],
                "confidence": r["confidence"],
                "published": r["published"],
                "outlet": r["outlet"],
                "title": art.get("title"),
                "url": art.get("url"),
                "targets": targets.get(r["id"], []),
                "reported_by": _reported_by(r, sps),
                "n_copies": n_copies[r["id"]],
            }
        )
    return out


def _reported_by(r: Any, sps: Mapping[int, Any]) -> dict[str, Any] | None:
    """A statement row's ``reported_by`` in the search form: ``speaker {id, name, type} |
    None`` (canonical), ``name``/``type`` as written, ``cue`` and ``source`` texts."""
    if all(r.get(k) is None for k in ("reporter_name", "reporter_cue", "reporter_source")):
        return None
    sp = sps.get(r["reporter_id"]) if r.get("reporter_id") is not None else None
    return {
        "speaker": {"id": sp["id"], "name": sp["name"], "type": sp["type"]} if sp else None,
        "name": r.get("reporter_name") or r.get("reporter_source"),
        "type": r.get("reporter_type"),
        "cue": r.get("reporter_cue"),
        "source": r.get("reporter_source"),
    }


#: Orders of :func:`search_quotes`: ``date`` newest first (the default), ``oldest``,
#: ``speaker`` (speaker name A-Z, then newest) and ``relevance`` (full-text rank of
#: ``q``; newest first without ``q``).
SORTS = ("date", "oldest", "speaker", "relevance")


def _speaker_names(conn: Connection, ids: Sequence[int]) -> set[str]:
    """Lower-cased display names and entity names of these speakers."""
    rows = conn.execute(
        sa.select(sa.func.lower(speakers.c.name)).where(speakers.c.id.in_(list(ids)))
    ).scalars()
    names = set(rows)
    names |= set(
        conn.execute(
            sa.select(sa.func.lower(entities.c.name))
            .where(entities.c.speaker_id.in_(list(ids)))
            .distinct()
            .limit(200)
        ).scalars()
    )
    return {n for n in names if n}


_NAMELIKE = re.compile(r"^[^\W\d_][^\W\d_.'’ -]*(?:[ .'’-]+[^\W\d_]+){0,3}\.?$")


def _q_speakers(conn: Connection, q: str | None) -> list[int]:
    """Speakers a search text names ("Massoud", "ahmad massoud", "Taliban"): the text
    is one to four words and denotes speakers as the ``speaker`` filter reads it; a
    bare surname names every person with that surname (a speaker stored under the
    surname alone as well as the full names)."""
    text = (q or "").strip()
    if not text or len(text) > 80 or not _NAMELIKE.match(text):
        return []
    ids = set(_speaker_ids(conn, text))
    pn = parse_person(text)
    if pn is not None and not pn.is_full:
        ids |= set(
            conn.execute(
                sa.select(speakers.c.id).where(
                    speakers.c.type == "PERSON", speakers.c.surname == pn.last
                )
            ).scalars()
        )
    return sorted(ids)


def _q_matches(conn: Connection, q: str, named: Sequence[int]) -> Any:
    """Ids of the statements ``q`` finds when it names speakers: its words in the
    contents, or by one of ``named``, or about one of them (one UNION, so that the
    database reads each part through its own index)."""
    parts = [
        sa.select(quotes.c.id.label("id")).where(quotes.c.speaker_id.in_(list(named))),
        sa.select(quote_targets.c.quote_id.label("id")).where(
            quote_targets.c.speaker_id.in_(list(named))
        ),
    ]
    if not fts.parse(q).empty:
        parts.append(sa.select(quotes.c.id.label("id")).where(_fts_clause(conn, q)))
    return sa.union(*parts)


def _filters(
    conn: Connection,
    f: QuoteFilters,
    *,
    fts: bool = True,
    named: Sequence[int] = (),
) -> list[Any] | None:
    """WHERE clauses for the search filters; ``None`` when nothing can match.

    ``named``: the speakers ``q`` names (:func:`_q_speakers`); their statements and
    the statements about them match ``q`` as well as the contents with its words.
    """
    if f.matches_nothing:
        return None
    q, speaker, about, stance = f.q, f.speaker, f.about, f.stance
    where: list[Any] = []
    if q and named:
        where.append(quotes.c.id.in_(_q_matches(conn, q, named)))
    elif q and fts:
        where.append(_fts_clause(conn, q))
    if speaker is not None:
        ids = _speaker_ids(conn, speaker)
        if not ids:
            return None
        where.append(quotes.c.speaker_id.in_(ids))
    if about is not None:
        ids = _speaker_ids(conn, about)
        conds = [sa.func.lower(quote_targets.c.name) == str(about).strip().lower()]
        if ids:
            conds.append(quote_targets.c.speaker_id.in_(ids))
            # a target stored by name only (its speaker came later) counts too, as on the network
            conds.append(
                sa.and_(
                    quote_targets.c.speaker_id.is_(None),
                    sa.func.lower(quote_targets.c.name).in_(sorted(_speaker_names(conn, ids))),
                )
            )
        about_cond = sa.or_(*conds)
        if stance is not None:
            about_cond = sa.and_(about_cond, quote_targets.c.stance == stance)
        where.append(quotes.c.id.in_(sa.select(quote_targets.c.quote_id).where(about_cond)))
    elif stance is not None:
        where.append(
            quotes.c.id.in_(
                sa.select(quote_targets.c.quote_id).where(quote_targets.c.stance == stance)
            )
        )
    if f.since:
        where.append(quotes.c.published >= f.since)
    if f.until:
        where.append(quotes.c.published <= f.until + "\uffff")
    if f.outlet:
        where.append(sa.func.lower(quotes.c.outlet) == f.outlet.lower())
    if f.article:
        where.append(quotes.c.article_id == f.article)
    if f.kind:
        where.append(quotes.c.kind == f.kind)
    if f.min_confidence is not None:
        where.append(quotes.c.confidence >= float(f.min_confidence))
    return where


def _ordered(conn: Connection, stmt: Any, sort: str, q: str | None, *, named: bool = False) -> Any:
    """``stmt`` in the order ``sort`` names (ties: newest first, then article order).

    ``named``: ``q`` also matches statements without its words (they rank last).
    """
    if sort == "oldest":
        return stmt.order_by(
            quotes.c.published.asc().nulls_last(), quotes.c.article_id, quotes.c.seq
        )
    if sort == "speaker":
        name = sa.select(speakers.c.name).where(speakers.c.id == quotes.c.speaker_id)
        key = sa.func.lower(sa.func.coalesce(name.scalar_subquery(), quotes.c.speaker_name))
        return stmt.order_by(key.asc().nulls_last(), *_NEWEST_FIRST)
    match = _match(q)
    if sort == "relevance" and match:
        if conn.dialect.name == "postgresql":
            rank = sa.text("ts_rank(quotes.tsv, to_tsquery('english', :rank_q)) DESC NULLS LAST")
            return stmt.order_by(rank.bindparams(rank_q=fts.tsquery(fts.parse(q))), *_NEWEST_FIRST)
        scores = (
            sa.select(
                sa.literal_column("quote_id").label("qid"),
                sa.literal_column("bm25(quotes_fts)").label("score"),
            )
            .select_from(sa.text("quotes_fts"))
            .where(sa.text("quotes_fts MATCH :rank_q").bindparams(rank_q=match))
            .subquery("fts_rank")
        )
        if not named:  # every row has a score: an inner join is cheaper
            return stmt.join(scores, scores.c.qid == quotes.c.id).order_by(
                scores.c.score.asc(), *_NEWEST_FIRST
            )
        return stmt.outerjoin(scores, scores.c.qid == quotes.c.id).order_by(
            scores.c.score.asc().nulls_last(), *_NEWEST_FIRST
        )
    return stmt.order_by(*_NEWEST_FIRST)


def search_quotes(
    store: Store,
    filters: QuoteFilters = NO_FILTERS,
    *,
    sort: str = "date",
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Statements matching every given filter, newest first, then in the order of their article.

    Args:
        filters: what to keep (:class:`~saidwhat.store.filters.QuoteFilters`; none: all).
        sort: one of :data:`SORTS` (``date`` by default).

    Each item: ``id, article_id, local_id, kind, content, cue, speaker {id,
    name, type} | None, speaker_name, speaker_type, confidence, published,
    outlet, title, url, targets [{name, type, speaker_id, entity, stance,
    stance_prob}]`` (``stance`` is None when the extraction ran with stance off).
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    q = filters.q
    with store.connect() as conn:
        named = _q_speakers(conn, q)
        dense = (
            bool(q)
            and not named
            and sort == "date"
            and conn.dialect.name == "sqlite"
            and _is_dense(conn, q or "")
        )
        where = _filters(
            conn,
            filters,
            named=named,
            fts=not dense,
        )
        if where is None:
            return []
        stmt = _ordered(conn, sa.select(*_QUOTE_COLS).where(*where), sort, q, named=bool(named))
        if dense:
            hit_ids = _dense_scan(conn, stmt, q or "", limit=limit, offset=offset)
            if hit_ids is not None:
                rows = _quote_rows(conn, stmt.where(quotes.c.id.in_(hit_ids)))
                found = {r["id"]: r for r in rows}
                return [found[i] for i in hit_ids if i in found]
            stmt = stmt.where(_fts_clause(conn, q or ""))
        stmt = stmt.limit(max(0, int(limit))).offset(max(0, int(offset)))
        return _quote_rows(conn, stmt)


#: Full-text matches joined to the other filters before a total becomes an estimate.
TOTAL_SAMPLE = 5_000


def count_quotes(
    store: Store,
    filters: QuoteFilters = NO_FILTERS,
    *,
    sample: int | None = None,
) -> tuple[int, bool]:
    """How many statements :func:`search_quotes` finds with these filters: ``(n, exact)``.

    Exact, except on SQLite when ``q`` matches more than ``sample`` statements
    and other filters are given too: then only the first ``sample`` matches
    are checked against the other filters and ``n`` is scaled up from them
    (``exact`` is false), so that a total never costs more than a page.
    """
    q = filters.q
    with store.connect() as conn:
        match = _match(q)
        named = _q_speakers(conn, q)
        fts_join = bool(match) and not named and conn.dialect.name == "sqlite"
        where = _filters(
            conn,
            filters,
            named=named,
            fts=not fts_join,
        )
        if where is None:
            return 0, True
        if named and len(where) == 1:  # q alone: count the matches themselves
            sub = _q_matches(conn, q or "", named).subquery()
            return int(
                conn.execute(sa.select(sa.func.count()).select_from(sub)).scalar() or 0
            ), True
        if not fts_join:
            sub = sa.select(quotes.c.id).where(*where).subquery()
            return int(
                conn.execute(sa.select(sa.func.count()).select_from(sub)).scalar() or 0
            ), True
        n_match = int(
            conn.exec_driver_sql(
                "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH ?", (match,)
            ).scalar()
            or 0
        )
        if not where or n_match == 0:
            return n_match, True
        limit = n_match if sample is None else min(n_match, max(1, int(sample)))
        hits = sa.text(
            "SELECT rowid AS fts_rowid FROM quotes_fts WHERE quotes_fts MATCH :fts_q LIMIT :fts_n"
        ).bindparams(fts_q=match, fts_n=limit)
        found = hits.columns(sa.column("fts_rowid")).subquery("hits")
        stmt = (
            sa.select(sa.func.count())
            .select_from(found.join(quotes, found.c.fts_rowid == _ROWID))
            .where(*where)
        )
        k = int(conn.execute(stmt).scalar() or 0)
        if limit >= n_match:
            return k, True
        return round(k * n_match / limit), False


#: Facets of a search and the values listed of each (months: all of them, for the chart).
FACETS = ("speaker", "outlet", "kind", "stance", "month")
FACET_TOP = 10


def facets(
    store: Store,
    filters: QuoteFilters = NO_FILTERS,
    *,
    top: int = FACET_TOP,
) -> dict[str, Any]:
    """Counts of the statements :func:`search_quotes` finds, by ``speaker`` (``id``,
    ``name``), ``outlet``, ``kind`` and ``stance`` (statements with a target of that
    stance; the ``top`` most frequent values of each) and by ``month`` (``YYYY-MM`` of
    the article's date, every month, oldest first; ``None`` for undated articles):
    ``{facet: [{"value", "n", ...}], "exact": bool}``: one GROUP BY per facet over the
    matches, or over :data:`FACET_SCAN` of them when there are more (``exact`` false)."""
    with store.connect() as conn:
        where = _filters(
            conn,
            filters,
            named=_q_speakers(conn, filters.q),
        )
        if where is None:
            return {**{f: [] for f in FACETS}, "exact": True}
        n_all = int(
            conn.execute(
                sa.select(sa.func.count()).select_from(
                    sa.select(quotes.c.id).where(*where).limit(FACET_SCAN + 1).subquery()
                )
            ).scalar()
            or 0
        )
        exact = n_all <= FACET_SCAN
        if not exact:  # count a sample of the matches: a facet costs about a page
            where = [quotes.c.id.in_(sa.select(quotes.c.id).where(*where).limit(FACET_SCAN))]
        by: dict[str, Counter[Any]] = {f: Counter() for f in FACETS}
        month = sa.func.substr(quotes.c.published, 1, 7)
        for name, col in (
            ("speaker", quotes.c.speaker_id),
            ("outlet", quotes.c.outlet),
            ("kind", quotes.c.kind),
            ("month", month),
        ):
            stmt = sa.select(col, sa.func.count()).where(*where).group_by(col)
            for value, n in conn.execute(stmt).all():
                if value is not None or name == "month":
                    by[name][value] += int(n)
        for label, n in conn.execute(
            sa.select(quote_targets.c.stance, sa.func.count(sa.distinct(quotes.c.id)))
            .select_from(quotes.join(quote_targets, quote_targets.c.quote_id == quotes.c.id))
            .where(quote_targets.c.stance.is_not(None), *where)
            .group_by(quote_targets.c.stance)
        ).all():
            by["stance"][label] += int(n)
        top_speakers = [(k, n) for k, n in by["speaker"].most_common(top) if n]
        names = dict(
            conn.execute(
                sa.select(speakers.c.id, speakers.c.name).where(
                    speakers.c.id.in_([k for k, _ in top_speakers])
                )
            ).all()
        )

    def ranked(c: Counter[Any]) -> list[dict[str, Any]]:
        return [
            {"value": k, "n": n}
            for k, n in sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]
            if n
        ]

    return {
        "speaker": [{"value": k, "name": names.get(k, ""), "n": n} for k, n in top_speakers],
        "outlet": ranked(by["outlet"]),
        "kind": ranked(by["kind"]),
        "stance": [{"value": k, "n": by["stance"][k]} for k in STANCES if by["stance"][k]],
        "month": [
            {"value": k, "n": n}
            for k, n in sorted(by["month"].items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
        ],
        "exact": exact,
    }


#: Matches :func:`facets` counts at most (past it, a sample of that many: ``exact`` false).
FACET_SCAN = 5_000


def iter_quotes(
    store: Store,
    filters: QuoteFilters = NO_FILTERS,
    *,
    sort: str = "date",
    batch: int = 500,
) -> Iterator[dict[str, Any]]:
    """Every statement :func:`search_quotes` would find, in its order, as a stream.

    The matching rows are read through one cursor ``batch`` at a time (a
    server-side cursor on PostgreSQL), so memory stays flat however many
    statements match; a connection is held until the iterator is exhausted or
    closed.
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    q = filters.q
    with store.connect() as conn:
        named = _q_speakers(conn, q)
        where = _filters(
            conn,
            filters,
            named=named,
        )
        if where is None:
            return
        stmt = _ordered(conn, sa.select(*_QUOTE_COLS).where(*where), sort, q, named=bool(named))
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(stmt)
        try:
            for part in result.mappings().partitions(batch):
                yield from _enrich(conn, [dict(r) for r in part])
        finally:
            result.close()


def _is_dense(conn: Connection, q: str) -> bool:
    match = _match(q)
    if not match:
        return False
    n = conn.exec_driver_sql(
        "SELECT count(*) FROM (SELECT 1 FROM quotes_fts WHERE quotes_fts MATCH ? LIMIT ?)",
        (match, DENSE_TERM),
    ).scalar()
    return int(n or 0) >= DENSE_TERM


def _dense_scan(
    conn: Connection, stmt: Any, q: str, *, limit: int, offset: int
) -> list[str] | None:
    """Ids of the matching statements, read newest first and checked here.

    When the search words occur in thousands of statements, sorting every match
    by date costs more than reading statements in date order until enough
    match: the matches' row ids are read from the index once (the FTS5 row id is
    the statement's) and the statements checked against them. Returns ``None``
    when ``DENSE_SCAN_MAX`` rows were not enough (the caller then uses the
    full-text index).
    """
    match = _match(q)
    need = max(0, int(limit)) + max(0, int(offset))
    if not match or need == 0:
        return None
    found = {
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?", (match,)
        )
    }
    scan = stmt.with_only_columns(quotes.c.id, sa.literal_column("quotes.rowid"))
    hits: list[str] = []
    page, read = 1000, 0
    while read < DENSE_SCAN_MAX:
        rows = conn.execute(scan.limit(page).offset(read)).all()
        for qid, rowid in rows:
            if rowid in found:
                hits.append(qid)
                if len(hits) >= need:
                    return hits[max(0, int(offset)) :]
        read += len(rows)
        if len(rows) < page:
            return hits[max(0, int(offset)) :]
    return None


def get_quote(store: Store, quote_id: str) -> dict[str, Any] | None:
    """One statement in the :func:`search_quotes` form, or ``None``."""
    with store.connect() as conn:
        rows = _quote_rows(conn, sa.select(*_QUOTE_COLS).where(quotes.c.id == quote_id))
        return rows[0] if rows else None


def _roles_of(conn: Connection, speaker_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        sa.select(
            entity_roles.c.kind,
            entity_roles.c.value,
            entity_roles.c.value_norm,
            entity_roles.c.published,
            entity_roles.c.article_id,
        )
        .select_from(roles_with_entities)
        .where(entities.c.speaker_id == speaker_id)
    ).all()
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for kind, value, norm, published, art in rows:
        g = groups.setdefault((kind, norm), {"values": Counter(), "dates": [], "articles": set()})
        g["values"][value] += 1
        if published:
            g["dates"].append(published[:10])
        g["articles"].add(art)
    out = []
    for (kind, _norm), g in groups.items():
        dates = sorted(g["dates"])
        out.append(
            {
                "kind": kind,
                "value": g["values"].most_common(1)[0][0],
                "first_stated": dates[0] if dates else None,
                "last_stated": dates[-1] if dates else None,
                "n_articles": len(g["articles"]),
                "articles": sorted(g["articles"]),
            }
        )
    out.sort(key=lambda r: (-r["n_articles"], r["kind"], r["value"]))
    return out


def get_speaker(store: Store, speaker_id: int, *, limit: int = 50) -> dict[str, Any] | None:
    """A speaker page: names, roles with dates, statements and whom they talk about.

    Returns ``id, name, type, key, keys, n_quotes, n_articles, aliases [{name,
    n}], roles [{kind, value, first_stated, last_stated, n_articles,
    articles}], statements (newest ``limit``, :func:`search_quotes` form),
    targets [{name, speaker_id, n}], outlets [{outlet, n}], first_seen,
    last_seen`` or ``None``.
    """
    with store.connect() as conn:
        r = (
            conn.execute(sa.select(speakers).where(speakers.c.id == int(speaker_id)))
            .mappings()
            .first()
        )
        if r is None:
            return None
        out = _speaker_row(r)
        out["keys"] = sorted(
            conn.execute(
                sa.select(speaker_keys.c.key).where(speaker_keys.c.speaker_id == r["id"])
            ).scalars()
        )
        out["aliases"] = [
            {"name": n, "n": c}
            for n, c in conn.execute(
                sa.select(entities.c.name, sa.func.count())
                .where(entities.c.speaker_id == r["id"])
                .group_by(entities.c.name)
                .order_by(sa.func.count().desc(), entities.c.name)
            ).all()
        ]
        out["roles"] = _roles_of(conn, r["id"])
        out["statements"] = _quote_rows(
            conn,
            sa.select(*_QUOTE_COLS)
            .where(quotes.c.speaker_id == r["id"])
            .order_by(*_NEWEST_FIRST)
            .limit(limit),
        )
        tname = sa.func.coalesce(speakers.c.name, quote_targets.c.name)
        n_against = sa.func.sum(_sure("against"))
        n_for = sa.func.sum(_sure("for"))
        out["targets"] = [
            {
                "name": n,
                "speaker_id": sid,
                "n": c,
                "against": int(a or 0),
                "for": int(f or 0),
            }
            for n, sid, c, a, f in conn.execute(
                sa.select(tname, quote_targets.c.speaker_id, sa.func.count(), n_against, n_for)
                .select_from(
                    quote_targets.join(quotes, quotes.c.id == quote_targets.c.quote_id).outerjoin(
                        speakers, speakers.c.id == quote_targets.c.speaker_id
                    )
                )
                .where(
                    quotes.c.speaker_id == r["id"],
                    sa.or_(
                        quote_targets.c.speaker_id.is_(None),
                        quote_targets.c.speaker_id != r["id"],
                    ),
                )
                .group_by(tname, quote_targets.c.speaker_id)
                .order_by(sa.func.count().desc(), tname)
                .limit(20)
            ).all()
        ]
        out["outlets"] = [
            {"outlet": o, "n": c}
            for o, c in conn.execute(
                sa.select(quotes.c.outlet, sa.func.count())
                .where(quotes.c.speaker_id == r["id"], quotes.c.outlet.is_not(None))
                .group_by(quotes.c.outlet)
                .order_by(sa.func.count().desc())
                .limit(20)
            ).all()
        ]
        first, last = conn.execute(
            sa.select(sa.func.min(quotes.c.published), sa.func.max(quotes.c.published)).where(
                quotes.c.speaker_id == r["id"]
            )
        ).one()
        out["first_seen"], out["last_seen"] = first, last
        return out


def suggest_duplicates(store: Store, speaker_id: int, *, limit: int = 10) -> list[dict[str, Any]]:
    """Speakers that may be the same as ``speaker_id``, for a user to merge or dismiss.

    People: the same surname (a bare surname, or a compatible, variant or different
    given name) or the given name alone; organisations, places and groups: an alias
    (a form of the same :data:`saidwhat.names.ALIAS_GROUPS` group, or one name the
    acronym of the other: "NRF", "National Resistance Front"). A role or affiliation
    stated for both (only roles held by at most :data:`SHARED_ROLE_LIMIT` speakers)
    is added to the reasons of those, never a suggestion on its own (issue 19). Each
    suggestion is a speaker row (:func:`list_speakers`) with ``reasons`` (e.g.
    ``["same surname", "variant given name"]``), strongest first.
    """
    from ..names import acronym, alias_key, given_name_variant, names_compatible

    with store.connect() as conn:
        me = conn.execute(sa.select(speakers).where(speakers.c.id == int(speaker_id))).mappings()
        r = me.first()
        if r is None:
            return []
        reasons: dict[int, list[str]] = defaultdict(list)
        if r["type"] == "PERSON" and r["surname"]:
            mine = PersonName(r["first"] or "", tuple((r["middle"] or "").split()), r["surname"])
            for o in conn.execute(
                sa.select(speakers.c.id, speakers.c.first, speakers.c.middle).where(
                    speakers.c.type == "PERSON",
                    speakers.c.surname == r["surname"],
                    speakers.c.id != r["id"],
                )
            ).all():
                reasons[o.id].append("same surname")
                other = PersonName(o.first or "", tuple((o.middle or "").split()), r["surname"])
                if not (mine.is_full and other.is_full):
                    continue
                if names_compatible(mine, other):
                    reasons[o.id].append("compatible given name")
                elif given_name_variant(mine.first, other.first):
                    reasons[o.id].append("variant given name")
            if r["first"]:
                for (lone,) in conn.execute(
                    sa.select(speakers.c.id).where(
                        speakers.c.type == "PERSON",
                        speakers.c.first.is_(None),
                        speakers.c.surname == r["first"],
                        speakers.c.id != r["id"],
                    )
                ).all():
                    reasons[lone].append("given name alone")
        if r["type"] != "PERSON":
            mine_alias = alias_key(alias_name(r["name"]) or r["name"])
            mine_acro = acronym(r["name"]).lower()
            for cand in conn.execute(
                sa.select(speakers.c.id, speakers.c.name).where(
                    speakers.c.type == r["type"], speakers.c.id != r["id"]
                )
            ).all():
                theirs = alias_key(alias_name(cand.name) or cand.name)
                if (
                    theirs == mine_alias
                    or (len(mine_acro) >= 2 and theirs == mine_acro)
                    or (len(acronym(cand.name)) >= 2 and acronym(cand.name).lower() == mine_alias)
                ):
                    reasons[cand.id].append("alias")
        roles = _role_norms(conn, [r["id"]])
        if roles:
            holders = _role_holders(conn, roles)
            for norm, ids in holders.items():
                if len(ids) > SHARED_ROLE_LIMIT:
                    continue
                for oid in ids - {r["id"]}:
                    if oid in reasons:  # support for a name reason, never one alone
                        reasons[oid].append(f"shared role: {roles[norm]}")
        if not reasons:
            return []
        rows = {
            x["id"]: x
            for x in conn.execute(sa.select(speakers).where(speakers.c.id.in_(list(reasons))))
            .mappings()
            .all()
        }
    out = []
    for oid, why in reasons.items():
        if oid in rows and rows[oid]["type"] == r["type"]:
            out.append(_speaker_row(rows[oid]) | {"reasons": list(dict.fromkeys(why))})
    out.sort(key=lambda x: (-len(x["reasons"]), -x["n_quotes"], -x["n_articles"], x["id"]))
    return out[: max(0, int(limit))]


#: A role held by more speakers than this is no evidence of a duplicate ("president").
SHARED_ROLE_LIMIT = 5


def _role_norms(conn: Connection, speaker_ids: Sequence[int]) -> dict[str, str]:
    """Normalised roles and affiliations of some speakers -> one value as written."""
    rows = conn.execute(
        sa.select(entity_roles.c.value_norm, entity_roles.c.value)
        .select_from(roles_with_entities)
        .where(entities.c.speaker_id.in_(list(speaker_ids)), entity_roles.c.value_norm != "")
    ).all()
    return {str(norm): str(value) for norm, value in rows}


def _role_holders(conn: Connection, norms: Mapping[str, str]) -> dict[str, set[int]]:
    """Speakers holding each role, at most ``SHARED_ROLE_LIMIT + 1`` per role (enough to
    tell a rare role from a common one; one indexed query per role)."""
    out: dict[str, set[int]] = {}
    for norm in norms:
        out[norm] = set(
            conn.execute(
                sa.select(entities.c.speaker_id)
                .select_from(roles_with_entities)
                .where(entity_roles.c.value_norm == norm, entities.c.speaker_id.is_not(None))
                .distinct()
                .limit(SHARED_ROLE_LIMIT + 2)
            ).scalars()
        )
    return out


def list_speakers(
    store: Store,
    *,
    limit: int = 50,
    offset: int = 0,
    q: str | None = None,
    type: str | None = None,
    mentioned: bool | None = None,
    whole_words: bool = False,
) -> list[dict[str, Any]]:
    """Speakers ranked by number of statements (``id, name, type, key, n_quotes, n_articles``).

    ``q`` keeps speakers whose display name contains it (case-insensitive);
    ``whole_words``: whose name has each word of ``q`` as a whole word ("war" finds
    "War Council", never "Martowardojo"). ``mentioned``: ``False`` keeps the
    speakers who made a statement, ``True`` the entities that are only spoken
    about (ranked by articles), ``None`` both.
    """
    with store.connect() as conn:
        stmt = sa.select(speakers)
        want = set(_NAME_WORD.findall(fold(q or ""))) if whole_words else set()
        if whole_words and not want:
            return []
        raw = _NAME_WORD.findall(q.lower()) if whole_words and q else [q.lower()] if q else []
        for w in raw:
            stmt = stmt.where(sa.func.lower(speakers.c.name).contains(w, autoescape=True))
        if type:
            stmt = stmt.where(speakers.c.type == type)
        if mentioned is False:
            stmt = stmt.where(speakers.c.n_quotes > 0)
        elif mentioned is True:
            stmt = stmt.where(speakers.c.n_quotes == 0).order_by(speakers.c.n_articles.desc())
        stmt = stmt.order_by(speakers.c.n_quotes.desc(), speakers.c.name, speakers.c.id)
        if not whole_words:
            stmt = stmt.limit(max(0, int(limit))).offset(max(0, int(offset)))
            return [_speaker_row(r) for r in conn.execute(stmt).mappings()]
        rows = (
            _speaker_row(r)
            for r in conn.execute(stmt.limit(WHOLE_WORD_SCAN)).mappings()
            if want <= set(_NAME_WORD.findall(fold(r["name"])))
        )
        return list(rows)[max(0, int(offset)) : max(0, int(offset)) + max(0, int(limit))]


#: Names containing the search text read to find those with it as whole words.
WHOLE_WORD_SCAN = 500
_NAME_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _spans(rows: Iterable[Any]) -> list[dict[str, Any]]:
    return [{"start": r["start"], "end": r["end"], "text": r["text"]} for r in rows]


def get_article(
    store: Store,
    article_id: str,
    *,
    limit: int | None = None,
    offset: int = 0,
    only: str | None = None,
) -> dict[str, Any] | None:
    """An article with metadata, text, quotes (with spans, speaker and targets) and entities.

    Quotes: ``id, local_id, kind, confidence, cue {start,end,text} | None,
    sources, contents, speaker {entity, name, type, speaker_id} | None,
    targets``; with ``limit``, only ``limit`` of them from ``offset`` (in text
    order; ``n_quotes`` counts all); with ``only``, that quote alone (by id).
    Entities: ``id, name, type, speaker_id, roles, affiliations, mentions``.
    """
    with store.connect() as conn:
        a = conn.execute(sa.select(articles).where(articles.c.id == article_id)).mappings().first()
        if a is None:
            return None
        out: dict[str, Any] = {
            k: a[k]
            for k in (
                "id",
                "source_id",
                "title",
                "url",
                "outlet",
                "author",
                "published",
                "text",
                "n_quotes",
                "ingested_at",
            )
        }
        out["warnings"] = json.loads(a["warnings"] or "[]")
        sel = sa.select(quotes).where(quotes.c.article_id == article_id).order_by(quotes.c.seq)
        if only is not None:
            sel = sel.where(quotes.c.id == only)
        if limit is not None:
            sel = sel.limit(limit).offset(offset)
        qrows = list(conn.execute(sel).mappings())
        spans: dict[tuple[str, str], list[Any]] = defaultdict(list)
        for s in conn.execute(
            sa.select(quote_spans)
            .where(quote_spans.c.quote_id.in_([q["id"] for q in qrows]))
            .order_by(quote_spans.c.quote_id, quote_spans.c.role, quote_spans.c.seq)
        ).mappings():
            spans[(s["quote_id"], s["role"])].append(s)
        targets = _targets_for(conn, [q["id"] for q in qrows])
        out["quotes"] = [
            {
                "id": q["id"],
                "local_id": q["local_id"],
                "kind": q["kind"],
                "confidence": q["confidence"],
                "cue": {"start": q["cue_start"], "end": q["cue_end"], "text": q["cue"]}
                if q["cue"] is not None
                else None,
                "sources": _spans(spans[(q["id"], "source")]),
                "contents": _spans(spans[(q["id"], "content")]),
                "speaker": {
                    "entity": q["speaker_entity"],
                    "name": q["speaker_name"],
                    "type": q["speaker_type"],
                    "speaker_id": q["speaker_id"],
                }
                if q["speaker_name"] is not None
                else None,
                "targets": targets.get(q["id"], []),
                "reported_by": _article_reporter(q),
            }
            for q in qrows
        ]
        roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for r in conn.execute(
            sa.select(entity_roles).where(entity_roles.c.article_id == article_id)
        ).mappings():
            roles[r["entity_id"]][r["kind"]].append(r["value"])
        ments: dict[str, list[Any]] = defaultdict(list)
        for m in conn.execute(
            sa.select(mentions)
            .where(mentions.c.article_id == article_id)
            .order_by(mentions.c.start)
        ).mappings():
            ments[m["entity_id"]].append(m)
        out["entities"] = [
            {
                "id": e["local_id"],
                "name": e["name"],
                "type": e["type"],
                "speaker_id": e["speaker_id"],
                "roles": roles[e["local_id"]]["role"],
                "affiliations": roles[e["local_id"]]["affiliation"],
                "mentions": _spans(ments[e["local_id"]]),
            }
            for e in conn.execute(
                sa.select(entities).where(entities.c.article_id == article_id)
            ).mappings()
        ]
        out["entities"].sort(key=lambda e: (len(e["id"]), e["id"]))
        return out


def _article_reporter(q: Any) -> dict[str, Any] | None:
    """``reported_by`` of an article's statement, as the extraction record has it (with
    the reporter's canonical ``speaker_id``)."""

    def span(name: str) -> dict[str, Any] | None:
        if q[name] is None:
            return None
        return {"start": q[f"{name}_start"], "end": q[f"{name}_end"], "text": q[name]}

    cue, source = span("reporter_cue"), span("reporter_source")
    speaker = (
        {
            "entity": q["reporter_entity"],
            "name": q["reporter_name"],
            "type": q["reporter_type"],
            "speaker_id": q["reporter_id"],
        }
        if q["reporter_name"] is not None
        else None
    )
    if speaker is None and cue is None and source is None:
        return None
    return {"speaker": speaker, "cue": cue, "source": source}


def list_articles(
    store: Store, *, limit: int = 50, offset: int = 0, outlet: str | None = None
) -> list[dict[str, Any]]:
    """Articles newest first: ``id, title, url, outlet, published, n_quotes``."""
    with store.connect() as conn:
        stmt = sa.select(
            articles.c.id,
            articles.c.title,
            articles.c.url,
            articles.c.outlet,
            articles.c.published,
            articles.c.n_quotes,
            articles.c.source_id,
        )
        if outlet:
            stmt = stmt.where(sa.func.lower(articles.c.outlet) == outlet.lower())
        stmt = stmt.order_by(articles.c.published.desc().nulls_last(), articles.c.id)
        stmt = stmt.limit(max(0, int(limit))).offset(max(0, int(offset)))
        return [dict(r) for r in conn.execute(stmt).mappings()]


def count_articles(store: Store, *, outlet: str | None = None) -> int:
    """How many articles :func:`list_articles` lists with this filter."""
    with store.connect() as conn:
        stmt = sa.select(sa.func.count()).select_from(articles)
        if outlet:
            stmt = stmt.where(sa.func.lower(articles.c.outlet) == outlet.lower())
        return int(conn.execute(stmt).scalar() or 0)


def list_outlets(store: Store, *, limit: int = 200) -> list[dict[str, Any]]:
    """Outlets by number of articles: ``outlet, n_articles, n_quotes, first_published,
    last_published`` (articles without an outlet are left out)."""
    with store.connect() as conn:
        n = sa.func.count().label("n_articles")
        rows = conn.execute(
            sa.select(
                articles.c.outlet,
                n,
                sa.func.sum(articles.c.n_quotes),
                sa.func.min(articles.c.published),
                sa.func.max(articles.c.published),
            )
            .where(articles.c.outlet.is_not(None))
            .group_by(articles.c.outlet)
            .order_by(n.desc(), articles.c.outlet)
            .limit(max(0, int(limit)))
        ).all()
    return [
        {
            "outlet": r[0],
            "n_articles": int(r[1]),
            "n_quotes": int(r[2] or 0),
            "first_published": r[3],
            "last_published": r[4],
        }
        for r in rows
    ]


def speaker_counts(store: Store) -> dict[str, int]:
    """``{"speakers": who made statements, "mentioned": entities only spoken about}``."""
    with store.connect() as conn:
        speaking = sa.func.sum(sa.case((speakers.c.n_quotes > 0, 1), else_=0))
        row = conn.execute(sa.select(speaking, sa.func.count()).select_from(speakers)).one()
    n_speaking, n_all = int(row[0] or 0), int(row[1] or 0)
    return {"speakers": n_speaking, "mentioned": n_all - n_speaking}


def stats(store: Store) -> dict[str, Any]:
    """Counts: articles, quotes (by kind), copy links (by kind), speakers (by type),
    entities, outlets, date range.

    ``speakers`` counts the speakers who made a statement; ``mentioned`` the
    entities that are only spoken about.
    """
    with store.connect() as conn:

        def count(t: Any) -> int:
            return int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() or 0)

        by_kind: dict[Any, Any] = dict(
            conn.execute(sa.select(quotes.c.kind, sa.func.count()).group_by(quotes.c.kind)).all()
        )
        by_type: dict[Any, Any] = dict(
            conn.execute(
                sa.select(speakers.c.type, sa.func.count())
                .where(speakers.c.n_quotes > 0)
                .group_by(speakers.c.type)
            ).all()
        )
        n_speakers = count(speakers)
        first, last = conn.execute(
            sa.select(sa.func.min(articles.c.published), sa.func.max(articles.c.published))
        ).one()
        outlets = [
            {"outlet": o, "n": c}
            for o, c in conn.execute(
                sa.select(articles.c.outlet, sa.func.count())
                .where(articles.c.outlet.is_not(None))
                .group_by(articles.c.outlet)
                .order_by(sa.func.count().desc())
                .limit(20)
            ).all()
        ]
        attributed = int(
            conn.execute(
                sa.select(sa.func.count())
                .select_from(quotes)
                .where(quotes.c.speaker_id.is_not(None))
            ).scalar()
            or 0
        )
        copies: dict[Any, Any] = dict(
            conn.execute(
                sa.select(quote_copies.c.kind, sa.func.count()).group_by(quote_copies.c.kind)
            ).all()
        )
        low = int(
            conn.execute(
                sa.select(sa.func.count())
                .select_from(quotes)
                .where(quotes.c.confidence < HIDE_BELOW)
            ).scalar()
            or 0
        )
        return {
            "articles": count(articles),
            "quotes": count(quotes),
            "low_confidence": low,
            "min_confidence": HIDE_BELOW,
            "quotes_with_speaker": attributed,
            "quotes_by_kind": {str(k): int(v) for k, v in by_kind.items()},
            "copies_by_kind": {k: int(copies.get(k, 0)) for k in COPY_KINDS}
            | {str(k): int(v) for k, v in sorted(copies.items()) if k not in COPY_KINDS},
            "speakers": sum(int(v) for v in by_type.values()),
            "mentioned": n_speakers - sum(int(v) for v in by_type.values()),
            "speakers_by_type": {str(k): int(v) for k, v in by_type.items()},
            "entities": count(entities),
            "outlets": outlets,
            "first_published": first,
            "last_published": last,
        }


def _speakers_named(conn: Connection, names: Sequence[str]) -> dict[str, int]:
    """The one speaker each name denotes (by key, else by display name); ambiguous names left out.

    A statement's target found only by name (its speaker appeared in a later
    article) is the same node as that speaker, not a second one.
    """
    if not names:
        return {}
    keys = {entity_key(n, t): n for n in names for t in sorted(NAMED_TYPES)}
    found: dict[str, set[int]] = defaultdict(set)
    for key, sid in conn.execute(
        sa.select(speaker_keys.c.key, speaker_keys.c.speaker_id).where(
            speaker_keys.c.key.in_(sorted(keys))
        )
    ).all():
        found[keys[key]].add(int(sid))
    rest = {n.lower(): n for n in names if n not in found}
    if rest:
        for low, sid in conn.execute(
            sa.select(sa.func.lower(speakers.c.name), speakers.c.id).where(
                sa.func.lower(speakers.c.name).in_(sorted(rest))
            )
        ).all():
            found[rest[low]].add(int(sid))
    return {n: next(iter(ids)) for n, ids in found.items() if len(ids) == 1}


def _target_types(conn: Connection, names: Sequence[str]) -> dict[str, str]:
    """The entity type most often given to each name-only target."""
    if not names:
        return {}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for name, typ, n in conn.execute(
        sa.select(quote_targets.c.name, quote_targets.c.type, sa.func.count())
        .where(quote_targets.c.name.in_(list(names)), quote_targets.c.type.is_not(None))
        .group_by(quote_targets.c.name, quote_targets.c.type)
    ).all():
        counts[name][str(typ)] += int(n)
    return {name: c.most_common(1)[0][0] for name, c in counts.items()}


def _edge_stance(against: int, for_: int) -> str | None:
    """An edge's stance: ``against`` or ``for`` when more of its statements take that
    stance than the other, ``mixed`` when as many do, None when none takes either."""
    if against > for_:
        return "against"
    if for_ > against:
        return "for"
    return "mixed" if against else None


def network(
    store: Store,
    *,
    limit: int = 100,
    speaker: SpeakerRef | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Who speaks about whom: the ``limit`` heaviest speaker -> target edges.

    Nodes: ``id, name, type, n_quotes`` (targets without a canonical speaker get
    an id ``"name:<name>"``). Edges: ``source, target, weight`` (number of
    statements), ``against`` and ``for`` (how many of them take that stance toward
    the target) and ``stance`` (:func:`_edge_stance`). ``speaker`` keeps only edges
    touching that speaker; ``since``, ``until`` (ISO dates, inclusive) and
    ``outlet`` count only the statements of those articles.
    """
    with store.connect() as conn:
        tgt = sa.func.coalesce(
            sa.cast(quote_targets.c.speaker_id, sa.String), "name:" + quote_targets.c.name
        )
        stmt = (
            sa.select(
                quotes.c.speaker_id,
                tgt.label("tgt"),
                sa.func.count().label("w"),
                sa.func.sum(_sure("against")),
                sa.func.sum(_sure("for")),
            )
            .select_from(quote_targets.join(quotes, quotes.c.id == quote_targets.c.quote_id))
            .where(
                quotes.c.speaker_id.is_not(None),
                sa.or_(
                    quote_targets.c.speaker_id.is_(None),
                    quote_targets.c.speaker_id != quotes.c.speaker_id,
                ),
            )
            .group_by(quotes.c.speaker_id, tgt)
            .order_by(sa.func.count().desc(), quotes.c.speaker_id, tgt)
        )
        if since:
            stmt = stmt.where(quotes.c.published >= since)
        if until:
            stmt = stmt.where(quotes.c.published <= until + "\uffff")
        if outlet:
            stmt = stmt.where(sa.func.lower(quotes.c.outlet) == outlet.lower())
        if speaker is not None:
            ids = _speaker_ids(conn, speaker)
            if not ids:
                return {"nodes": [], "edges": []}
            stmt = stmt.where(
                sa.or_(quotes.c.speaker_id.in_(ids), quote_targets.c.speaker_id.in_(ids))
            )
        # twice the edges: a name-only target may be folded into a speaker's edge below
        rows = conn.execute(stmt.limit(2 * max(0, int(limit)))).all()
        named = _speakers_named(
            conn, sorted({r[1][5:] for r in rows if str(r[1]).startswith("name:")})
        )
        weights: Counter[tuple[int, int | str]] = Counter()
        against: Counter[tuple[int, int | str]] = Counter()
        for_: Counter[tuple[int, int | str]] = Counter()
        for s, t, w, n_against, n_for in rows:
            target: int | str = t if t.startswith("name:") else int(t)
            if isinstance(target, str) and t[5:] in named:
                target = named[t[5:]]
            if target != int(s):
                weights[(int(s), target)] += int(w)
                against[(int(s), target)] += int(n_against or 0)
                for_[(int(s), target)] += int(n_for or 0)
        ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0][0], str(kv[0][1])))
        edges = [
            {
                "source": s,
                "target": t,
                "weight": w,
                "against": against[(s, t)],
                "for": for_[(s, t)],
                "stance": _edge_stance(against[(s, t)], for_[(s, t)]),
            }
            for (s, t), w in ranked[: max(0, int(limit))]
        ]
        ids_needed = {e["source"] for e in edges} | {
            e["target"] for e in edges if isinstance(e["target"], int)
        }
        nodes = (
            [
                _speaker_row(r)
                for r in conn.execute(
                    sa.select(speakers).where(speakers.c.id.in_(sorted(ids_needed)))
                ).mappings()
            ]
            if ids_needed
            else []
        )
        name_types = _target_types(
            conn, sorted({e["target"][5:] for e in edges if isinstance(e["target"], str)})
        )
        for name in sorted({e["target"] for e in edges if isinstance(e["target"], str)}):
            nodes.append(
                {
                    "id": name,
                    "name": name[5:],
                    "type": name_types.get(name[5:]),
                    "key": None,
                    "n_quotes": 0,
                    "n_articles": 0,
                }
            )
        return {"nodes": nodes, "edges": edges}


__all__ = [
    "SORTS",
    "count_quotes",
    "find_speakers",
    "get_article",
    "get_quote",
    "get_speaker",
    "iter_quotes",
    "list_articles",
    "list_speakers",
    "network",
    "resolve_speaker",
    "search_quotes",
    "speaker_counts",
    "stats",
    "suggest_duplicates",
]
