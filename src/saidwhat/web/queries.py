"""The web server's view of the store: the store's read functions, shaped for pages.

The store (:mod:`saidwhat.store.query`) does the querying; this module only
adds what the pages need on top (article titles for role evidence, a
per-month statement count for the timeline, link targets) and turns bad ids
into ``None`` so that the app answers 404. :func:`ingest` validates a posted
article, runs the engine when needed and writes it through the store.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as url_quote

import sqlalchemy as sa

from ..errors import Errors, InputError
from ..ids import content_hash
from ..records import record_dict
from ..store import query as sq
from ..store.claims import article_claims, list_claims, list_conflicts
from ..store.copies import get_copies
from ..store.db import Store, normalize_url
from ..store.db import open_store as _open_store
from ..store.filters import MAX_ID, QuoteFilters, is_numeric_id
from ..store.schema import articles, quotes
from ..store.write import write_article
from ..validate import MAX_ID_CHARS, check_result, clean_text
from .envelope import ApiError

if TYPE_CHECKING:
    from ..api import Extractor

__all__ = [
    "article",
    "articles_list",
    "outlets",
    "ingest",
    "knows_speaker",
    "network",
    "open_store",
    "quote",
    "search",
    "search_stream",
    "search_total",
    "speaker",
    "speakers",
    "sqlite_path",
    "speaker_counts",
    "speaker_exists",
    "suggest_speakers",
    "stats",
    "write",
]

META_FIELDS = ("title", "url", "outlet", "published", "author")
#: Provenance a client may give in ``meta`` besides them: kept in the echoed record only.
PROVENANCE_FIELDS = ("source",)
#: Statements listed on a speaker page (the timeline counts all of them).
SPEAKER_STATEMENTS = 50


def open_store(url: str | Path) -> Store:
    return _open_store(url)


def sqlite_path(url: str | Path) -> Path | None:
    """The file behind a SQLite URL or path (``None`` for PostgreSQL or in-memory)."""
    sa_url = normalize_url(url)
    if not sa_url.startswith("sqlite:///"):
        return None
    return Path(sa_url[len("sqlite:///") :])


def write(store: Store, record: Mapping[str, Any]) -> str | None:
    """Write one engine-JSON record (its ``meta`` included); the new article id or ``None``."""
    return write_article(store, record)


# ---------------------------------------------------------------------------- shaping


def _target_link(t: Mapping[str, Any]) -> dict[str, Any]:
    sid = t.get("speaker_id")
    name = str(t.get("name") or "")
    return {
        "name": name,
        "type": t.get("type"),
        "speaker_id": sid,
        "stance": t.get("stance"),
        "stance_prob": t.get("stance_prob"),
        "stance_uncertain": bool(t.get("stance_uncertain")),
        "href": f"/speakers/{sid}" if sid is not None else "/search?" + _qs(about=name),
    }


def _qs(**params: Any) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in params.items() if v is not None})


def _row(r: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(r)
    out["targets"] = [_target_link(t) for t in r.get("targets") or ()]
    return out


def _is_http(url: Any) -> bool:
    return isinstance(url, str) and url.lower().startswith(("http://", "https://"))


# ---------------------------------------------------------------------------- reads


def search(
    store: Store,
    filters: QuoteFilters,
    *,
    limit: int = 20,
    offset: int = 0,
    sort: str = "date",
) -> list[dict[str, Any]]:
    """Statements matching the filters (:func:`saidwhat.store.query.search_quotes`)."""
    rows = sq.search_quotes(store, filters, sort=sort, limit=limit, offset=offset)
    return [_row(r) for r in rows]


def search_total(store: Store, filters: QuoteFilters) -> tuple[int, bool]:
    """``(n, exact)``: the statements the filters match, estimated when counting
    would cost more than a page (see :func:`saidwhat.store.query.count_quotes`)."""
    return sq.count_quotes(store, filters, sample=sq.TOTAL_SAMPLE)


def articles_list(
    store: Store, *, outlet: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """A page of articles, newest first (``id, title, url, outlet, published, n_quotes``,
    ``href``), and how many there are."""
    rows = sq.list_articles(store, outlet=outlet, limit=limit, offset=offset)
    out = [
        {
            "id": r["id"],
            "title": r["title"] or r["id"],
            "url": r["url"] if _is_http(r["url"]) else None,
            "outlet": r["outlet"],
            "published": r["published"],
            "n_quotes": r["n_quotes"],
            "href": f"/articles/{url_quote(r['id'], safe='')}",
        }
        for r in rows
    ]
    return out, sq.count_articles(store, outlet=outlet)


def outlets(store: Store) -> list[dict[str, Any]]:
    """Outlets by number of articles, each linked to its articles and its statements."""
    return [
        dict(
            o,
            href="/articles?" + _qs(outlet=o["outlet"]),
            statements_href="/search?" + _qs(outlet=o["outlet"]),
        )
        for o in sq.list_outlets(store)
    ]


def search_stream(
    store: Store, filters: QuoteFilters, *, sort: str = "date"
) -> Iterator[dict[str, Any]]:
    """Every statement the filters match, in order, read in batches (for exports)."""
    return (_row(r) for r in sq.iter_quotes(store, filters, sort=sort))


def speakers(
    store: Store,
    *,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
    mentioned: bool = False,
    whole_words: bool = False,
) -> list[dict[str, Any]]:
    """Speakers who made statements, or (``mentioned``) entities only spoken about;
    ``whole_words``: whose names have the words of ``q`` as whole words."""
    return sq.list_speakers(
        store, q=q, limit=limit, offset=offset, mentioned=mentioned, whole_words=whole_words
    )


def _titles(store: Store, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    with store.connect() as conn:
        rows = conn.execute(
            sa.select(articles.c.id, articles.c.title, articles.c.published).where(
                articles.c.id.in_(list(ids))
            )
        ).mappings()
        return {r["id"]: dict(r) for r in rows}


def _months(store: Store, speaker_id: int) -> tuple[dict[str, int], int]:
    """Statements per ``YYYY-MM`` of the article's date, and the number without a date."""
    month = sa.func.substr(quotes.c.published, 1, 7)
    with store.connect() as conn:
        rows = conn.execute(
            sa.select(month, sa.func.count())
            .where(quotes.c.speaker_id == speaker_id)
            .group_by(month)
        ).all()
    counts = {m: int(n) for m, n in rows if m}
    undated = sum(int(n) for m, n in rows if not m)
    return counts, undated


def speaker(store: Store, speaker_id: str | int) -> dict[str, Any] | None:
    """A speaker page's data, or ``None`` when there is no such speaker."""
    sid_str = str(speaker_id).strip()
    if not is_numeric_id(sid_str) or int(sid_str) >= MAX_ID:
        return None
    sid = int(sid_str)
    sp = sq.get_speaker(store, sid, limit=SPEAKER_STATEMENTS)
    if sp is None:
        return None
    out = dict(sp)
    listed = [_row(r) for r in sp.get("statements") or ()]
    out["statements"] = [r for r in listed if (r.get("confidence") or 0.0) >= sq.HIDE_BELOW]
    out["hidden_low_confidence"] = (
        sq.count_quotes(store, QuoteFilters(speaker=sid))[0]
        - sq.count_quotes(store, QuoteFilters(speaker=sid, min_confidence=sq.HIDE_BELOW))[0]
    )
    out["more_statements"] = int(sp.get("n_quotes") or 0) > len(out["statements"])
    out["targets"] = [
        _target_link(t)
        | {"n": t.get("n", 0), "against": t.get("against", 0), "for": t.get("for", 0)}
        for t in sp.get("targets") or ()
    ]
    out["aliases"] = [a for a in sp.get("aliases") or () if a.get("name") != sp.get("name")]
    ids = sorted({a for r in sp.get("roles") or () for a in r.get("articles") or ()})
    titles = _titles(store, ids)
    out["roles"] = [
        dict(
            r,
            sources=[
                {
                    "id": a,
                    "title": titles.get(a, {}).get("title"),
                    "published": titles.get(a, {}).get("published"),
                }
                for a in r.get("articles") or ()
            ],
        )
        for r in sp.get("roles") or ()
    ]
    months, undated = _months(store, sid)
    out["timeline"] = [{"month": m, "n": n} for m, n in sorted(months.items())]
    out["undated"] = undated
    return out


#: Statements per page of an article (its page and ``GET /api/articles/{id}``).
ARTICLE_PER_PAGE = 200


def article(
    store: Store, article_id: str, *, page: int = 1, per_page: int = ARTICLE_PER_PAGE
) -> dict[str, Any] | None:
    """An article with one page of its statements (``page``, ``per_page``, ``pages``:
    a 3,500-statement article made every page slow when read whole, issue 20.7)."""
    if len(article_id) > 64 or "\x00" in article_id:
        return None
    art = sq.get_article(store, article_id, limit=per_page, offset=(page - 1) * per_page)
    if art is None:
        return None
    out = dict(art)
    out["page"], out["per_page"] = page, per_page
    out["pages"] = max(1, -(-int(art.get("n_quotes") or 0) // per_page))
    out["url_is_http"] = _is_http(art.get("url"))
    out["quotes"] = [
        dict(qt, targets=[_target_link(t) for t in qt.get("targets") or ()])
        for qt in art.get("quotes") or ()
    ]
    out["claims"] = article_claims(store, art["id"])
    return out


def conflicts(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    window_days: int = 7,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Events whose claims disagree on the agent (``store.claims.list_conflicts``),
    each claim with a ``quote_href`` to its statement when it is made in one."""
    rows = list_conflicts(store, since=since, until=until, window_days=window_days, limit=limit)
    for r in rows:
        for c in r["claims"]:
            qid = c["quote_id"]
            c["quote_href"] = f"/quotes/{url_quote(qid, safe='')}" if qid else None
    return rows


def claims(store: Store, **filters: Any) -> tuple[list[dict[str, Any]], int]:
    """Every claim matching ``filters`` (``store.claims.list_claims``) and their
    number, each with a ``quote_href`` to its statement when it is made in one."""
    rows, total = list_claims(store, **filters)
    for c in rows:
        qid = c["quote_id"]
        c["quote_href"] = f"/quotes/{url_quote(qid, safe='')}" if qid else None
    return rows, total


#: Longest context shown around a statement (characters; paragraphs are cut beyond it).
CONTEXT_CHARS = 1500
_PARA = "\n\n"


def _context_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph(s) holding ``text[start:end]``, cut at word boundaries when long."""
    a = text.rfind(_PARA, 0, start)
    a = 0 if a < 0 else a + len(_PARA)
    b = text.find(_PARA, end)
    b = len(text) if b < 0 else b
    room = max(0, CONTEXT_CHARS - (end - start)) // 2
    if start - a > room:
        a = start - room
        space = text.find(" ", a, start)
        a = space + 1 if space >= 0 else a
    if b - end > room:
        b = end + room
        space = text.rfind(" ", end, b)
        b = space if space >= 0 else b
    while a < start and text[a].isspace():
        a += 1
    while b > end and text[b - 1].isspace():
        b -= 1
    return a, b


def quote(store: Store, quote_id: str) -> dict[str, Any] | None:
    """A statement's permalink data, or ``None``: the search form of the statement,
    its spans (article offsets), the article's metadata, the paragraph around it and
    its copies in other articles (:func:`saidwhat.store.copies.get_copies`)."""
    if len(quote_id) > 200 or "\x00" in quote_id or not quote_id.isprintable():
        return None
    row = sq.get_quote(store, quote_id)
    if row is None:
        return None
    art = sq.get_article(store, row["article_id"], only=quote_id)  # not all its statements
    if art is None:
        return None
    full = next((q for q in art.get("quotes") or () if q["id"] == quote_id), None)
    if full is None:
        return None
    text = str(art.get("text") or "")
    spans = [s for s in [full.get("cue")] + full["sources"] + full["contents"] if s]
    start = min((int(s["start"]) for s in spans), default=0)
    end = max((int(s["end"]) for s in spans), default=0)
    a, b = _context_bounds(text, start, end)
    out = _row(row)
    out.update(
        {
            "href": f"/quotes/{quote_id}",
            "cue_span": full.get("cue"),
            "sources": full["sources"],
            "contents": full["contents"],
            "context": {
                "start": a,
                "end": b,
                "text": text[a:b],
                "more_before": a > 0,
                "more_after": b < len(text),
            },
            "article": {
                k: art.get(k) for k in ("id", "title", "url", "outlet", "published", "author")
            }
            | {"url_is_http": _is_http(art.get("url")), "n_quotes": art.get("n_quotes") or 0},
            "copies": get_copies(store, quote_id),
        }
    )
    return out


def network(
    store: Store,
    *,
    limit: int = 60,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
) -> dict[str, Any]:
    """The network with links: a node to its speaker page (a name-only target to the
    statements about it), an edge to the statements it counts (``href``: the search
    for that speaker about that target, with the same date and outlet filters)."""
    data = sq.network(store, limit=limit, since=since, until=until, outlet=outlet)
    nodes = []
    by_id: dict[str, dict[str, Any]] = {}
    window = {"since": since, "until": until, "outlet": outlet}
    for n in data.get("nodes") or ():
        nid = n["id"]
        named = isinstance(nid, str) and nid.startswith("name:")
        href = "/search?" + _qs(about=n["name"], **window) if named else f"/speakers/{nid}"
        nodes.append(dict(n, href=href))
        by_id[str(nid)] = n
    edges = []
    for e in data.get("edges") or ():
        target = by_id.get(str(e["target"]))
        about = e["target"] if isinstance(e["target"], int) else (target or {}).get("name")
        edges.append(dict(e, href="/search?" + _qs(speaker=e["source"], about=about, **window)))
    return {"nodes": nodes, "edges": edges}


def stats(store: Store) -> dict[str, Any]:
    return sq.stats(store)


def speaker_exists(store: Store, speaker_id: int) -> bool:
    """Whether a speaker row has this id."""
    if speaker_id >= MAX_ID:
        return False
    return bool(sq.find_speakers(store, int(speaker_id)))


def knows_speaker(store: Store, ref: str) -> bool:
    """Whether ``ref`` (an id or a name in any spelling seen) denotes a speaker."""
    if QuoteFilters(speaker=ref).matches_nothing:
        return False
    return bool(sq.find_speakers(store, ref))


def suggest_speakers(store: Store, name: str, *, n: int = 3) -> list[dict[str, Any]]:
    """Speakers whose name is close to ``name`` ("did you mean"), most quoted first
    among equally close ones: ``[{id, name, n_quotes}]``."""
    import difflib

    from ..store.schema import speakers as speakers_table

    wanted = name.strip().casefold()
    if not wanted or len(wanted) > 200:
        return []
    with store.connect() as conn:
        rows = conn.execute(
            sa.select(speakers_table.c.id, speakers_table.c.name, speakers_table.c.n_quotes)
            .where(speakers_table.c.n_quotes > 0)
            .order_by(speakers_table.c.n_quotes.desc())
            .limit(20_000)
        ).all()
    by_name: dict[str, Any] = {}
    for sid, sname, nq in rows:
        by_name.setdefault(str(sname).casefold(), (sid, sname, nq))
        for part in str(sname).split():  # a surname or given name alone
            if len(part) > 2:
                by_name.setdefault(part.casefold(), (sid, sname, nq))
    close = difflib.get_close_matches(wanted, list(by_name), n=n * 3, cutoff=0.75)
    out: list[dict[str, Any]] = []
    for key in close:
        sid, sname, nq = by_name[key]
        if all(o["id"] != sid for o in out):
            out.append({"id": sid, "name": sname, "n_quotes": int(nq)})
    return out[:n]


def speaker_counts(store: Store) -> dict[str, int]:
    return sq.speaker_counts(store)


# ---------------------------------------------------------------------------- write


def _validated(payload: Any) -> tuple[dict[str, Any] | None, str, str | None, dict[str, Any]]:
    """(extracted record or None, text, id, meta) from a POST body; ApiError 422 if invalid."""
    if not isinstance(payload, Mapping):
        raise ApiError(422, Errors.E056.format(reason="the body must be a JSON object"))
    text = payload.get("text")
    if not isinstance(text, str):
        raise ApiError(422, Errors.E056.format(reason="field 'text' (a string) is required"))
    if not text.strip():
        raise ApiError(422, Errors.E056.format(reason="field 'text' is empty"))
    meta_in = payload.get("meta") or {}
    if not isinstance(meta_in, Mapping):
        raise ApiError(422, Errors.E056.format(reason="field 'meta' must be an object"))
    meta = {k: meta_in[k] for k in (*META_FIELDS, *PROVENANCE_FIELDS) if meta_in.get(k) is not None}
    for k, v in meta.items():
        if not isinstance(v, str) or len(v) > 2000:
            raise ApiError(422, Errors.E056.format(reason=f"meta.{k} must be a short string"))
        meta[k] = clean_text(v)[0]
    id_ = payload.get("id")
    if id_ is not None and (not isinstance(id_, str) or len(id_) > MAX_ID_CHARS):
        raise ApiError(422, Errors.E056.format(reason="field 'id' must be a short string"))
    if id_ is not None:
        id_ = clean_text(id_)[0]
    if "quotes" in payload or "entities" in payload:
        try:
            rec = check_result(dict(payload, id=id_ or "posted"), where="the article")
        except InputError as exc:
            raise ApiError(422, Errors.E056.format(reason=str(exc))) from None
        return rec, rec["text"], id_, meta
    text, _changed = clean_text(text)
    return None, text, id_, meta


def ingest(
    store: Store,
    payload: Any,
    *,
    config: Mapping[str, Any] | None = None,
    extractor: Extractor | None = None,
) -> dict[str, Any]:
    """Store one posted article; extract it first unless it is already a result.

    ``extractor``: where raw text is extracted (the server's worker process, under the
    per-article time limit); without one, in this thread with no time limit.
    Returns ``{"id", "url", "quotes", "created", "record"}``; ``created`` is false
    when the same text was stored before (nothing is added); ``record`` is the
    article's JSON form as ``saidwhat extract`` and ``saidwhat batch`` write it
    (:func:`saidwhat.records.record_dict`).
    """
    rec, text, id_, meta = _validated(payload)
    if rec is None and extractor is not None:
        from ..api import ExtractFailure
        from ..readers import ArticleInput

        out = extractor.extract(ArticleInput(id=id_ or "posted", text=text, source="POST"))
        if isinstance(out, ExtractFailure):
            raise ApiError(422, out.message)
        rec = out.to_dict()
    elif rec is None:
        from ..api import extract

        try:
            rec = extract(text, id=id_ or "posted", config=config).to_dict()
        except InputError as exc:
            raise ApiError(422, Errors.E056.format(reason=str(exc))) from None
    stored = {k: v for k, v in meta.items() if k in META_FIELDS}
    written = write_article(store, rec, meta=stored)
    aid = written or content_hash(text)
    record = record_dict(
        dict(rec, meta={**(rec.get("meta") or {}), **meta, "content_hash": content_hash(text)})
    )
    return {
        "id": aid,
        "url": f"/articles/{aid}",
        "quotes": len(rec.get("quotes") or ()),
        "created": written is not None,
        "record": record,
    }
