"""Write extraction results into the store: idempotent, one transaction per batch.

An article's id is :func:`saidwhat.ids.content_hash` of its text, so writing
the same text twice adds nothing. Articles are written in batches of a few
hundred; each batch is one transaction, so an article is always either fully
stored or absent (a killed run leaves no half-written article, and a rerun
writes what is missing).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import Errors, InputError, ModelError, Warnings
from ..ids import content_hash
from ..names import (
    alias_key,
    alias_name,
    clean_role,
    given_name_gender,
)
from ..records import ArticleResult
from ..semantic.copies import CopyOptions
from ..semantic.targets import article_index, display_name, hits
from ..validate import check_result
from .canonical import (
    NAMED_TYPES,
    Candidate,
    SpeakerIndex,
    entity_key,
    fold,
    given_forms,
    normalize_name,
    normalize_role,
    parse_person,
)
from .claims import CLAIM_COLUMNS, claim_rows
from .copies import delete_links, embed_docs, link_new, relink
from .db import Store, utcnow
from .schema import (
    REPORTER_COLUMNS,
    articles,
    claims,
    entities,
    entity_roles,
    mentions,
    pending_names,
    pins,
    quote_spans,
    quote_targets,
    quotes,
    roles_with_entities,
    speaker_keys,
    speakers,
)

META_FIELDS = ("title", "url", "outlet", "author", "published")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(slots=True)
class IngestStats:
    """What a write run did."""

    written: int = 0
    skipped: int = 0
    replaced: int = 0
    quotes: int = 0
    #: copy links added (saidwhat.semantic.copies: the same quote in other articles)
    copies: int = 0
    warnings: list[str] = field(default_factory=list)
    #: Records refused by validation (E009/E059), one message each; none of them was written.
    errors: list[str] = field(default_factory=list)


def normalize_date(value: Any) -> str | None:
    """An ISO 8601 date (``YYYY-MM-DD``) from a date, datetime or common string form."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    if re.fullmatch(r"\d{4}-\d{2}", s) or re.fullmatch(r"\d{4}", s):
        return s
    try:
        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def as_result_dict(result: ArticleResult | Mapping[str, Any]) -> dict[str, Any]:
    """The JSON form of an extraction result, checked by :func:`saidwhat.validate.check_result`.

    Raises:
        InputError: the text is not a string (E009) or the record is malformed (E059).
    """
    if isinstance(result, ArticleResult):
        return check_result(result.to_dict())
    if not isinstance(result, Mapping) or not isinstance(result.get("text"), str):
        text = result.get("text") if isinstance(result, Mapping) else result
        raise InputError(Errors.E009.format(type=type(text).__name__))
    return check_result(result)


def _name_columns(name: str, type_: str) -> dict[str, Any]:
    """A speaker row's name and, for a person, its parsed parts."""
    pn = parse_person(name) if type_ == "PERSON" else None
    return {
        "name": display_name(name, type_),
        "surname": pn.last if pn else None,
        "first": (pn.first or None) if pn else None,
        "middle": " ".join(pn.middle) or None if pn else None,
        "suffix": (pn.suffix or None) if pn else None,
    }


class _Writer:
    """Speaker resolution and row building for one transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.touched: set[int] = set()
        self.index = SpeakerIndex(
            lookup_keys=self._lookup_keys,
            lookup_surnames=self._lookup_surnames,
            load_roles=self._load_roles,
            lookup_given=self._lookup_given,
            load_context=self._load_context,
        )
        self.pins: dict[tuple[str, str], int] = {}
        #: surnames and given names whose speakers :func:`reconcile` must settle again:
        #: a full name new to the store, or a bare name decided among several people
        self.dirty: set[str] = set()

    # -- lookups used by SpeakerIndex -------------------------------------------------------
    def _cands(self, rows: Iterable[Any]) -> list[Candidate]:
        out = []
        for r in rows:
            pn = None
            if r.type == "PERSON" and r.surname:
                from .canonical import PersonName

                middle = tuple((r.middle or "").split())
                pn = PersonName(r.first or "", middle, r.surname, r.suffix or "")
            out.append(Candidate(r.id, r.key, r.type, pn))
        return out

    def _lookup_keys(self, keys: Iterable[str]) -> list[Candidate]:
        keys = list(keys)
        rows = self.conn.execute(
            sa.select(
                speaker_keys.c.key.label("lk"),
                speakers.c.id,
                speakers.c.key,
                speakers.c.type,
                speakers.c.first,
                speakers.c.middle,
                speakers.c.suffix,
                speakers.c.surname,
            )
            .select_from(speaker_keys.join(speakers, speakers.c.id == speaker_keys.c.speaker_id))
            .where(speaker_keys.c.key.in_(keys))
        ).all()
        out = []
        for r, c in zip(rows, self._cands(rows), strict=True):
            c.key = r.lk  # index under the looked-up key; the speaker id is what matters
            out.append(c)
        return out

    def _lookup_surnames(self, surnames: Iterable[str]) -> list[Candidate]:
        rows = self.conn.execute(
            sa.select(speakers).where(
                speakers.c.type == "PERSON",
                speakers.c.surname.in_(list(surnames)),
                speakers.c.first.is_not(None),
            )
        ).all()
        return self._cands(rows)

    def _lookup_given(self, firsts: Iterable[str]) -> list[Candidate]:
        rows = self.conn.execute(
            sa.select(speakers).where(
                speakers.c.type == "PERSON",
                speakers.c.first.in_(list(firsts)),
                speakers.c.surname.is_not(None),
                ~speakers.c.key.contains("#"),
            )
        ).all()
        return self._cands(rows)

    def _load_context(self, cands: list[Candidate]) -> None:
        """Speakers (full-name people, organisations) named in the articles of ``cands``."""
        by_id = {c.id: c for c in cands}
        mine, other = entities.alias("mine"), entities.alias("other")
        rows = self.conn.execute(
            sa.select(mine.c.speaker_id, other.c.speaker_id)
            .select_from(
                mine.join(other, other.c.article_id == mine.c.article_id).join(
                    speakers, speakers.c.id == other.c.speaker_id
                )
            )
            .where(
                mine.c.speaker_id.in_(list(by_id)),
                other.c.speaker_id != mine.c.speaker_id,
                sa.or_(
                    speakers.c.type == "ORG",
                    sa.and_(speakers.c.type == "PERSON", speakers.c.first.is_not(None)),
                ),
            )
            .distinct()
        ).all()
        for sid, other_id in rows:
            by_id[sid].context.add(other_id)

    def _load_roles(self, cands: list[Candidate]) -> None:
        by_id = {c.id: c for c in cands}
        rows = self.conn.execute(
            sa.select(entities.c.speaker_id, entity_roles.c.value_norm)
            .select_from(roles_with_entities)
            .where(entities.c.speaker_id.in_(list(by_id)))
        ).all()
        for sid, norm in rows:
            by_id[sid].roles.add(norm)

    # -- speakers ---------------------------------------------------------------------------
    def _new_speaker(self, key: str, name: str, type_: str) -> int:
        pn = parse_person(name) if type_ == "PERSON" else None
        values = {"key": key, "type": type_, **_name_columns(name, type_)}
        values.update(n_quotes=0, n_articles=0)
        # Plain SQL: this runs for every new speaker (several per article on real news).
        mark = "?" if self.conn.dialect.name == "sqlite" else "%s"
        cols = list(values)
        self.conn.exec_driver_sql(
            f"INSERT INTO speakers ({', '.join(cols)}) VALUES ({', '.join([mark] * len(cols))})"
            " ON CONFLICT (key) DO NOTHING",
            tuple(values[c] for c in cols),
        )
        sid = int(
            self.conn.exec_driver_sql(
                f"SELECT id FROM speakers WHERE key = {mark}", (key,)
            ).scalar_one()
        )
        self.conn.exec_driver_sql(
            f"INSERT INTO speaker_keys (key, speaker_id, manual) VALUES ({mark}, {mark}, {mark})"
            " ON CONFLICT (key) DO NOTHING",
            (key, sid, False),
        )
        self.index.add(Candidate(sid, key, type_, pn if pn and pn.is_full else None))
        return sid

    def resolve(
        self,
        article_id: str,
        ent: Mapping[str, Any],
        *,
        context: Iterable[int] = (),
        given: bool = False,
    ) -> int | None:
        type_ = ent["type"]
        if type_ not in NAMED_TYPES:
            return None
        name = ent["name"]
        pinned = self.pins.get((article_id, normalize_name(name, type_)))
        if pinned is not None:
            return pinned
        d = self.index.resolve(
            name,
            type_,
            roles=[*ent.get("roles", ()), *ent.get("affiliations", ())],
            article_id=article_id,
            context=context,
            given=given,
        )
        if type_ == "PERSON":
            pn = parse_person(name)
            if pn is not None and (
                d.speaker_id is None
                or d.add_key
                or (not pn.is_full and len(self.index.by_surname.get(pn.last, ())) > 1)
            ):
                self.dirty |= {pn.last, pn.first} - {""}
        if d.speaker_id is None:
            return self._new_speaker(d.key, name, type_)
        if (
            d.add_key
            and d.add_key not in self.index.by_key
            or (d.add_key and self.index.by_key.get(d.add_key) is None)
        ):
            self._add_key(d.add_key, d.speaker_id, name, type_)
        return d.speaker_id

    def _add_key(self, key: str, speaker_id: int, name: str, type_: str) -> None:
        """Register another key (spelling) of a speaker."""
        self.conn.execute(
            _insert(self.conn, speaker_keys)
            .values(key=key, speaker_id=speaker_id, manual=False)
            .on_conflict_do_nothing()
        )
        self.index.by_key[key] = Candidate(speaker_id, key, type_)
        if type_ == "PERSON":
            self._upgrade(speaker_id, name)

    def _upgrade(self, speaker_id: int, name: str) -> None:
        """A speaker known by an initial ("J. Goldberg") takes the first full first name that
        joins it, so that a second, different first name ("Jonah") no longer matches."""
        from .canonical import PersonName

        pn = parse_person(name)
        if pn is None or not pn.is_full or len(pn.first) < 2:
            return
        for c in self.index.by_surname.get(pn.last, []):
            if c.id != speaker_id or c.name is None or len(c.name.first) > 1:
                continue
            c.name = PersonName(pn.first, c.name.middle or pn.middle, c.name.last, c.name.suffix)
            if speaker_id < 0:
                continue  # a speaker of a replay (see _Replay), not stored yet
            self.conn.execute(
                speakers.update()
                .where(speakers.c.id == speaker_id)
                .values(first=c.name.first, middle=" ".join(c.name.middle) or None)
            )

    def prefetch(self, docs: Sequence[dict[str, Any]]) -> None:
        keys: set[str] = set()
        surnames: set[str] = set()
        for d in docs:
            for e in d["entities"]:
                if e["type"] in NAMED_TYPES:
                    keys.add(entity_key(e["name"], e["type"]))
                    if e["type"] == "PERSON":
                        p = parse_person(e["name"])
                        if p:
                            surnames.add(p.last)
        self.index.prefetch(keys, surnames)
        ids = [d["_article_id"] for d in docs]
        for a, k, s in self.conn.execute(
            sa.select(pins.c.article_id, pins.c.name_key, pins.c.speaker_id).where(
                pins.c.article_id.in_(ids)
            )
        ).all():
            self.pins[(a, k)] = s


def _insert(conn: Connection, table: sa.Table) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def _reporter(
    rep: Mapping[str, Any] | None, ent_speaker: Mapping[str, int | None]
) -> tuple[Any, ...]:
    """The ``reporter_*`` cells of a statement (:data:`REPORTER_COLUMNS`) from its
    ``reported_by`` (absent in extraction JSONL written before it existed: all NULL)."""
    rep = rep or {}
    sp, cue, src = rep.get("speaker"), rep.get("cue"), rep.get("source")
    return (
        sp["entity"] if sp else None,
        sp["name"] if sp else None,
        sp["type"] if sp else None,
        ent_speaker.get(sp["entity"]) if sp else None,
        cue["text"] if cue else None,
        cue["start"] if cue else None,
        cue["end"] if cue else None,
        src["text"] if src else None,
        src["start"] if src else None,
        src["end"] if src else None,
    )


#: Row layouts of the bulk inserts, in the order ``_write_batch`` builds the tuples.
_COLUMNS: dict[str, tuple[sa.Table, tuple[str, ...]]] = {
    "articles": (
        articles,
        (
            "id",
            "source_id",
            "title",
            "url",
            "outlet",
            "author",
            "published",
            "text",
            "n_quotes",
            "warnings",
            "ingested_at",
        ),
    ),
    "entities": (entities, ("article_id", "local_id", "name", "type", "speaker_id", "n_mentions")),
    "mentions": (mentions, ("article_id", "entity_id", "start", "end", "text")),
    "roles": (
        entity_roles,
        ("article_id", "entity_id", "kind", "value", "value_norm", "published"),
    ),
    "quotes": (
        quotes,
        (
            "id",
            "article_id",
            "local_id",
            "seq",
            "kind",
            "cue",
            "cue_start",
            "cue_end",
            "content",
            "speaker_entity",
            "speaker_name",
            "speaker_type",
            "speaker_id",
            "confidence",
            "published",
            "outlet",
            *(name for name, _ in REPORTER_COLUMNS),
        ),
    ),
    "spans": (quote_spans, ("quote_id", "role", "seq", "start", "end", "text")),
    "targets": (
        quote_targets,
        ("quote_id", "seq", "entity_id", "speaker_id", "name", "type", "stance", "stance_prob"),
    ),
    "claims": (claims, CLAIM_COLUMNS),
}


def _bulk_insert(
    conn: Connection, table: sa.Table, cols: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """executemany straight through the DB-API (SQLAlchemy's per-row parameter
    processing costs more than the insert itself for small rows)."""
    prep = conn.dialect.identifier_preparer
    names = ", ".join(prep.quote(c) for c in cols)
    if conn.dialect.name == "postgresql":
        # COPY in the same transaction: several times faster than executemany.
        dbapi: Any = conn.connection.dbapi_connection
        with (
            dbapi.cursor() as cur,
            cur.copy(f"COPY {prep.format_table(table)} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    sql = (
        f"INSERT INTO {prep.format_table(table)} ({names}) VALUES ({', '.join(['?'] * len(cols))})"
    )
    conn.exec_driver_sql(sql, rows)


def _targets(
    doc: dict[str, Any], q: Mapping[str, Any], ent_speaker: Mapping[str, int | None]
) -> list[dict[str, Any]]:
    """Whom a statement is about: the article's named entities (PERSON, ORG, GPE, NORP)
    with a mention inside its contents, or a form of their name there (in text order;
    :mod:`saidwhat.semantic.targets`). Never a bare capitalised word: a name that is no entity of
    the article is no target. One target per canonical speaker and per alias group (US,
    U.S., United States). Each target carries the stance the extraction classified toward
    that entity (``quote["stance"]``), or none."""
    own = (q.get("speaker") or {}).get("entity")
    index = doc.get("_index")
    if index is None:
        index = doc["_index"] = article_index(doc)
    ents = index["entities"]
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    own_sid = ent_speaker.get(own) if own else None
    fullest = doc.get("_fullest")
    if fullest is None:
        # an entity that is another one's speaker in this article ("Amanda", typed ORG,
        # beside "Amanda Seyfried") is named as the fullest of them
        fullest = doc["_fullest"] = {}
        for x in ents.values():
            s = ent_speaker.get(x["id"])
            if s is not None:
                best = fullest.get(s)
                if best is None or (x["type"] == "PERSON", len(x["name"])) > (
                    best["type"] == "PERSON",
                    len(best["name"]),
                ):
                    fullest[s] = x
    stances = {st["entity"]: st for st in q.get("stance") or () if isinstance(st, Mapping)}
    for _, eid in sorted((start, eid) for start, _, eid in hits(index, q)):
        sid = ent_speaker.get(eid)
        if eid == own or (sid is not None and sid == own_sid):
            continue
        e = fullest.get(sid, ents[eid]) if sid is not None else ents[eid]
        name = (alias_name(e["name"]) if e["type"] != "PERSON" else None) or e["name"]
        tags = {f"s{sid}" if sid is not None else f"e{eid}", f"a{alias_key(name)}"}
        if tags & seen:
            continue
        seen |= tags
        st = stances.get(eid)
        out.append(
            {
                "entity_id": eid,
                "speaker_id": sid,
                "name": name,
                "type": e["type"],
                "stance": st["label"] if st else None,
                "stance_prob": float(st["prob"]) if st else None,
            }
        )
    return out


def _near(a: str, b: str) -> bool:
    """Edit distance at most 1 (words under 8 letters) or 2, ignoring a plural s."""
    limit = 1 if min(len(a), len(b)) < 8 else 2
    if abs(len(a) - len(b)) > limit or a == b:
        return a == b
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return False
        prev = cur
    return prev[-1] <= limit


def _resolve_article(
    w: _Writer, aid: str, ents: Sequence[Mapping[str, Any]]
) -> dict[str, int | None]:
    """Canonical speakers of one article's entities.

    Organisations of two or more words are resolved first, then full person
    names, each with the speakers resolved so far as co-occurrence evidence
    (a spelling variant of a known given name needs it, or a shared role). A
    one-word name that is the surname or first name of exactly one full-name
    person of the *same* article is that person, whatever type the NER gave it
    ("Bolden" tagged GPE next to "Charles Bolden"): within one article that is
    strong evidence. Failing that, a surname within one or two edits (by
    length) of exactly one such person's surname is taken as a misspelling of
    it. A known given name alone ("Ahmad") is resolved last, with every other
    full-name person and organisation of the article as its context.
    """
    out: dict[str, int | None] = {}
    context: list[int] = []  # speakers of full-name people and organisations
    for e in ents:
        if e["type"] == "ORG" and len(e["name"].split()) >= 2:
            sid = out[e["id"]] = w.resolve(aid, e)
            if sid is not None:
                context.append(sid)
    full: list[tuple[Mapping[str, Any], Any]] = []
    for e in ents:
        if e["type"] == "PERSON":
            p = parse_person(e["name"])
            if p is not None and p.is_full:
                full.append((e, p))
    for e, _ in full:
        sid = out[e["id"]] = w.resolve(aid, e, context=context)
        if sid is not None:
            context.append(sid)
    given: list[Mapping[str, Any]] = []
    for e in ents:
        if e["id"] in out:
            continue
        if e["type"] in NAMED_TYPES:
            words = fold(display_name(e["name"], "PERSON")).replace("'", "").split()
            if len(words) == 1 and not w.pins.get((aid, normalize_name(e["name"], e["type"]))):
                word = words[0]
                same = {
                    out[x["id"]]
                    for x, p in full
                    if word in (p.last, p.first) and out.get(x["id"]) is not None
                }
                if not same and len(word) >= 5:
                    # A misspelt surname ("Bauchtman" beside "Lydia Buchtmann").
                    same = {
                        out[x["id"]]
                        for x, p in full
                        if out.get(x["id"]) is not None and _near(word, p.last)
                    }
                if len(same) == 1:
                    out[e["id"]] = same.pop()
                    continue
                if e["type"] == "PERSON" and given_name_gender(word, english=False) is not None:
                    given.append(e)
                    continue
        sid = out[e["id"]] = w.resolve(aid, e)
        if sid is not None and e["type"] == "ORG":
            context.append(sid)
    for e in given:
        out[e["id"]] = w.resolve(aid, e, context=context, given=True)
    roles: dict[int, list[str]] = {}
    for e in ents:
        sid = out.get(e["id"])
        if sid is not None and (e.get("roles") or e.get("affiliations")):
            roles.setdefault(sid, []).extend([*e.get("roles", ()), *e.get("affiliations", ())])
    w.index.note_article(context, roles)
    return out


def _prepare(
    result: ArticleResult | Mapping[str, Any], meta: Mapping[str, Any] | None, stats: IngestStats
) -> dict[str, Any]:
    d = as_result_dict(result)
    m = dict(d.get("meta") or {})
    if meta:
        m.update({k: v for k, v in meta.items() if v is not None})
    raw_pub = m.get("published") or m.get("date")
    pub = normalize_date(raw_pub)
    aid = content_hash(d["text"])
    if raw_pub and pub is None:
        stats.warnings.append(Warnings.W031.format(id=aid, value=raw_pub))
    d["_article_id"] = aid
    d["_meta"] = {k: (str(m[k]) if m.get(k) is not None else None) for k in META_FIELDS}
    d["_meta"]["published"] = pub
    if not (d["_meta"]["title"] or "").strip():
        d["_meta"]["title"] = fallback_title(
            url=m.get("url"), source=m.get("source"), record_id=d.get("id")
        )
    return d


#: Record ids that name nothing: content hashes, the defaults of the API and readers.
_GENERIC_ID = re.compile(r"^(?:[0-9a-f]{32}|doc\d*|posted|stdin|.*:\d+|)$")


def fallback_title(*, url: Any, source: Any, record_id: Any) -> str | None:
    """A title for an article without one (issue 19): the last part of its URL's path
    ("/2024/05/talks-stall.html" -> "talks stall"), else its file's name (``source``,
    not a line of a JSONL file), else its record id unless that is a content hash."""
    from urllib.parse import urlparse

    def words(slug: str) -> str | None:
        slug = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", slug)
        text = " ".join(re.sub(r"[-_+]+", " ", slug).split())
        return text if any(c.isalpha() for c in text) else None

    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        parts = [p for p in urlparse(url).path.split("/") if p]
        for part in reversed(parts):
            if (found := words(part)) is not None:
                return found[:300]
    if isinstance(source, str) and source and not re.search(r":\d+$", source):
        found = words(source.replace("\\", "/").rsplit("/", 1)[-1])
        if found is not None:
            return found[:300]
    if isinstance(record_id, str) and not _GENERIC_ID.match(record_id):
        return words(record_id.rsplit("/", 1)[-1])
    return None


def _delete_articles(conn: Connection, ids: Sequence[str]) -> set[int]:
    """Remove articles and everything hanging off them; return the speakers touched."""
    if not ids:
        return set()
    ids = list(ids)
    qids = list(conn.execute(sa.select(quotes.c.id).where(quotes.c.article_id.in_(ids))).scalars())
    touched = set(
        conn.execute(
            sa.select(entities.c.speaker_id)
            .where(entities.c.article_id.in_(ids), entities.c.speaker_id.is_not(None))
            .distinct()
        ).scalars()
    )
    delete_links(conn, qids)
    for i in range(0, len(qids), 500):
        chunk = qids[i : i + 500]
        conn.execute(quote_spans.delete().where(quote_spans.c.quote_id.in_(chunk)))
        conn.execute(quote_targets.delete().where(quote_targets.c.quote_id.in_(chunk)))
        if conn.dialect.name == "sqlite":
            conn.execute(
                sa.text(
                    "DELETE FROM quotes_fts WHERE rowid IN"
                    " (SELECT rowid FROM quotes WHERE id IN :ids)"
                ).bindparams(sa.bindparam("ids", expanding=True)),
                {"ids": chunk},
            )
    for t in (claims, quotes, mentions, entity_roles, entities):
        conn.execute(t.delete().where(t.c.article_id.in_(ids)))
    conn.execute(articles.delete().where(articles.c.id.in_(ids)))
    return touched


def move_entity(conn: Connection, article_id: str, local_id: str, speaker_id: int) -> None:
    """Give one article entity to another speaker, with the statements it made,
    reported and is the target of (reconcile and user splits alike)."""
    conn.execute(
        entities.update()
        .where(entities.c.article_id == article_id, entities.c.local_id == local_id)
        .values(speaker_id=speaker_id)
    )
    conn.execute(
        quotes.update()
        .where(quotes.c.article_id == article_id, quotes.c.speaker_entity == local_id)
        .values(speaker_id=speaker_id)
    )
    conn.execute(
        quotes.update()
        .where(quotes.c.article_id == article_id, quotes.c.reporter_entity == local_id)
        .values(reporter_id=speaker_id)
    )
    conn.execute(
        quote_targets.update()
        .where(
            quote_targets.c.quote_id.like(f"{article_id}:%"),
            quote_targets.c.entity_id == local_id,
        )
        .values(speaker_id=speaker_id)
    )
    for who in ("claimant", "agent"):
        conn.execute(
            claims.update()
            .where(claims.c.article_id == article_id, claims.c[f"{who}_entity"] == local_id)
            .values({f"{who}_id": speaker_id})
        )


def update_counts(conn: Connection, speaker_ids: Iterable[int]) -> None:
    """Recompute the denormalised statement and article counts of some speakers."""
    ids = sorted(set(speaker_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        nq = (
            sa.select(sa.func.count())
            .select_from(quotes)
            .where(quotes.c.speaker_id == speakers.c.id)
            .scalar_subquery()
        )
        na = (
            sa.select(sa.func.count(sa.distinct(entities.c.article_id)))
            .where(entities.c.speaker_id == speakers.c.id)
            .scalar_subquery()
        )
        conn.execute(
            speakers.update().where(speakers.c.id.in_(chunk)).values(n_quotes=nq, n_articles=na)
        )
    refresh_names(conn, ids)


def _name_rank(form: str) -> tuple[bool, str]:
    """Order of display forms seen equally often: a form that starts with a letter or
    digit first (not '"Medicare'), then the smaller string ("Republican Party" before
    "Republican party"), so the choice does not depend on which article came first."""
    return (not form[:1].isalnum(), form)


def refresh_names(conn: Connection, speaker_ids: Iterable[int]) -> None:
    """Show each speaker under the most frequent form of its name among its entities
    (for a person, among the full forms when there are any: "Ahmad Massoud" over a
    misspelt "Ahmed Massoud" seen first); ties go by :func:`_name_rank`. A name fixed by
    a user's merge or split is left as it is. A person's first name follows when it is
    more than an initial."""
    ids = sorted(set(speaker_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        current = {
            r.id: r
            for r in conn.execute(
                sa.select(
                    speakers.c.id, speakers.c.name, speakers.c.type, speakers.c.surname
                ).where(speakers.c.id.in_(chunk))
            ).all()
        }
        # a user's merge or split fixed the name: left as it is
        for sid in conn.execute(
            sa.select(speaker_keys.c.speaker_id)
            .where(speaker_keys.c.speaker_id.in_(list(current)), speaker_keys.c.manual.is_(True))
            .distinct()
        ).scalars():
            current.pop(sid, None)
        if not current:
            continue
        full: dict[int, Counter[str]] = {}
        other: dict[int, Counter[str]] = {}
        for sid, name, n in conn.execute(
            sa.select(entities.c.speaker_id, entities.c.name, sa.func.count())
            .where(entities.c.speaker_id.in_(list(current)))
            .group_by(entities.c.speaker_id, entities.c.name)
        ).all():
            type_ = current[sid].type
            p = parse_person(name) if type_ == "PERSON" else None
            into = full if p is not None and p.is_full else other
            into.setdefault(sid, Counter())[display_name(name, type_)] += n
        for sid, cur in current.items():
            c = full.get(sid) or other.get(sid)
            if not c:
                continue
            top = max(c.values())
            best = min((k for k, v in c.items() if v == top), key=_name_rank)
            if best == cur.name:
                continue
            values: dict[str, Any] = {"name": best}
            p = parse_person(best) if cur.type == "PERSON" else None
            if p is not None and p.last == cur.surname and len(p.first) > 1:
                values.update(first=p.first, middle=" ".join(p.middle) or None)
            conn.execute(speakers.update().where(speakers.c.id == sid).values(**values))


def _write_batch(
    conn: Connection,
    docs: list[dict[str, Any]],
    *,
    replace: bool,
    stats: IngestStats,
    copies: CopyOptions | None = None,
    vectors: Mapping[str, Any] | None = None,
) -> set[int]:
    """Write one batch; the speakers touched are returned, the names whose speakers
    :func:`reconcile` must settle again are stored as pending (:func:`add_pending`)."""
    ids = [d["_article_id"] for d in docs]
    existing = set(conn.execute(sa.select(articles.c.id).where(articles.c.id.in_(ids))).scalars())
    w = _Writer(conn)
    if replace and existing:
        w.touched |= _delete_articles(conn, sorted(existing))
        stats.replaced += len(existing)
        existing = set()
    todo: list[dict[str, Any]] = []
    seen: set[str] = set()
    for d in docs:
        if d["_article_id"] in existing or d["_article_id"] in seen:
            stats.skipped += 1
            continue
        seen.add(d["_article_id"])
        todo.append(d)
    if not todo:
        return w.touched
    w.prefetch(todo)
    full_roles: set[tuple[int, str, str]] = set()  # (speaker, role, surname) of full names
    now = utcnow()
    rows: dict[str, list[tuple[Any, ...]]] = {k: [] for k in _COLUMNS}
    fts: list[tuple[str, str]] = []
    linkable: list[tuple[str, str, int | None, str]] = []
    add_article, add_entity = rows["articles"].append, rows["entities"].append
    add_mention, add_role = rows["mentions"].append, rows["roles"].append
    add_quote, add_span, add_target = (
        rows["quotes"].append,
        rows["spans"].append,
        rows["targets"].append,
    )
    for d in todo:
        aid = d["_article_id"]
        meta = d["_meta"]
        pub = meta["published"]
        outlet = meta["outlet"]
        add_article(
            (
                aid,
                d["id"],
                meta["title"],
                meta["url"],
                outlet,
                meta["author"],
                pub,
                d["text"],
                len(d["quotes"]),
                json.dumps(d.get("warnings") or [], ensure_ascii=False),
                now,
            )
        )
        ent_speaker = _resolve_article(w, aid, d["entities"])
        named = sum(ent_speaker[e["id"]] is not None for e in d["entities"])
        for e in d["entities"]:
            eid = e["id"]
            sid = ent_speaker[eid]
            if sid is not None:
                w.touched.add(sid)
            if sid is not None and e["type"] == "PERSON" and (named > 1 or e.get("roles")):
                # new co-occurrence or role evidence for a full name: a given name alone
                # ("Joseph") elsewhere may now be this person (rule 7), whichever run wrote it
                p = parse_person(e["name"])
                if p is not None and p.is_full:
                    w.dirty |= given_forms(p.first)
            if (
                sid is not None
                and e["type"] == "PERSON"
                and (e.get("roles") or e.get("affiliations"))
            ):
                p = parse_person(e["name"])
                if p is not None and p.is_full:
                    for v in (*(e.get("roles") or ()), *(e.get("affiliations") or ())):
                        full_roles.add((sid, normalize_role(v), p.last))
            ments = e.get("mentions") or ()
            add_entity((aid, eid, e["name"], e["type"], sid, len(ments)))
            seen_m: set[int] = set()
            for m in ments:
                if m["start"] not in seen_m:
                    seen_m.add(m["start"])
                    add_mention((aid, eid, m["start"], m["end"], m["text"]))
            seen_r: set[tuple[str, str]] = set()
            for kind, values in (("role", e.get("roles")), ("affiliation", e.get("affiliations"))):
                for raw in values or ():
                    v = clean_role(raw)
                    if v is not None and (kind, v) not in seen_r:
                        seen_r.add((kind, v))
                        add_role((aid, eid, kind, v, normalize_role(v), pub))
        for seq, q in enumerate(d["quotes"]):
            qid = f"{aid}:{q['id']}"
            sp = q.get("speaker")
            cue = q.get("cue")
            contents = q.get("contents") or []
            content = " … ".join(c["text"] for c in contents)
            add_quote(
                (
                    qid,
                    aid,
                    q["id"],
                    seq,
                    q["kind"],
                    cue["text"] if cue else None,
                    cue["start"] if cue else None,
                    cue["end"] if cue else None,
                    content,
                    sp["entity"] if sp else None,
                    sp["name"] if sp else None,
                    sp["type"] if sp else None,
                    ent_speaker.get(sp["entity"]) if sp else None,
                    float(q.get("confidence") or 0.0),
                    pub,
                    outlet,
                    *_reporter(q.get("reported_by"), ent_speaker),
                )
            )
            fts.append((content, qid))
            if copies is not None and copies.enabled and q["kind"] in copies.kinds and sp:
                linkable.append((qid, aid, ent_speaker.get(sp["entity"]), content))
            for i, sp_ in enumerate(q.get("sources") or ()):
                add_span((qid, "source", i, sp_["start"], sp_["end"], sp_["text"]))
            for i, sp_ in enumerate(contents):
                add_span((qid, "content", i, sp_["start"], sp_["end"], sp_["text"]))
            for i, t in enumerate(_targets(d, q, ent_speaker)):
                add_target(
                    (
                        qid,
                        i,
                        t["entity_id"],
                        t["speaker_id"],
                        t["name"],
                        t["type"],
                        t["stance"],
                        t["stance_prob"],
                    )
                )
        rows["claims"].extend(claim_rows(d, aid, ent_speaker, published=pub, outlet=outlet))
        stats.written += 1
        stats.quotes += len(d["quotes"])
    # a role newly stated for a full name is new evidence for its bare surname
    known = _known_roles(conn, {(sid, norm) for sid, norm, _ in full_roles})
    add_pending(
        conn, w.dirty | {last for sid, norm, last in full_roles if (sid, norm) not in known}
    )
    for name, (table, cols) in _COLUMNS.items():
        if rows[name]:
            _bulk_insert(conn, table, cols, rows[name])
    if fts and conn.dialect.name == "sqlite":
        _index_text(conn, [qid for _, qid in fts])
    if copies is not None and linkable:
        stats.copies += link_new(conn, linkable, vectors or {}, copies)
    return w.touched


def _index_text(conn: Connection, quote_ids: list[str]) -> None:
    """Add stored statements to the SQLite full-text index under their own rowids."""
    for i in range(0, len(quote_ids), 500):
        conn.execute(
            sa.text(
                "INSERT INTO quotes_fts (rowid, content, quote_id)"
                " SELECT rowid, content, id FROM quotes WHERE id IN :ids"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": quote_ids[i : i + 500]},
        )


def _known_roles(conn: Connection, pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Those of the (speaker, normalised role) ``pairs`` already stored (only the roles
    asked for are read: a much-quoted speaker has thousands of role rows)."""
    out: set[tuple[int, str]] = set()
    ids = sorted({sid for sid, _ in pairs})
    norms = sorted({norm for _, norm in pairs})
    for i in range(0, len(ids), 500):
        for j in range(0, len(norms), 500):
            out |= {
                (int(a), str(b))
                for a, b in conn.execute(
                    sa.select(entities.c.speaker_id, entity_roles.c.value_norm)
                    .select_from(roles_with_entities)
                    .where(
                        entities.c.speaker_id.in_(ids[i : i + 500]),
                        entity_roles.c.value_norm.in_(norms[j : j + 500]),
                    )
                    .distinct()
                ).all()
            }
    return out & pairs


def is_stored(store: Store, article_id: str) -> bool:
    """Whether an article (id = content hash of its text) is in the store."""
    with store.connect() as conn:
        found = conn.execute(sa.select(articles.c.id).where(articles.c.id == article_id)).first()
    return found is not None


def _not_stored(store: Store, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [d["_article_id"] for d in docs]
    with store.connect() as conn:
        have = set(conn.execute(sa.select(articles.c.id).where(articles.c.id.in_(ids))).scalars())
    return [d for d in docs if d["_article_id"] not in have]


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_articles(
    store: Store,
    results: Iterable[ArticleResult | Mapping[str, Any] | tuple[Any, Mapping[str, Any]]],
    *,
    batch_size: int = 200,
    replace: bool = False,
    reconcile_after: bool = True,
    progress: Callable[[int], None] | None = None,
    copies: CopyOptions | None = None,
) -> IngestStats:
    """Write many extraction results (or ``(result, meta)`` pairs).

    Every record is checked first (:func:`saidwhat.validate.check_result`); a
    malformed one is left out and its message added to ``stats.errors``, the
    records around it are written.

    Args:
        batch_size: articles per transaction; every article is atomic.
        replace: rewrite articles already stored (e.g. after a better
            extraction); otherwise they are skipped.
        reconcile_after: run :func:`reconcile` at the end, for the names the run made
            uncertain and any an earlier, interrupted run left pending. Without it the
            names stay pending (in the store) for the next run or ``saidwhat reconcile``.
        progress: called with the number of articles of each finished batch.
        copies: how statements are linked to their copies in other articles
            (default: ``[copies]`` of the shipped configuration). Sentence
            vectors are computed before each batch's transaction, for the
            articles not stored yet.
    """
    copies = copies if copies is not None else CopyOptions.from_config()
    stats = IngestStats()
    touched: set[int] = set()

    def prepared() -> Iterator[dict[str, Any]]:
        for item in results:
            try:
                if isinstance(item, tuple):
                    yield _prepare(item[0], item[1], stats)
                else:
                    yield _prepare(item, None, stats)
            except InputError as exc:  # quarantine this record; the batch goes on
                stats.errors.append(str(exc))

    for batch in _batches(prepared(), max(1, batch_size)):
        try:
            vectors = embed_docs(_not_stored(store, batch) if not replace else batch, copies)
        except ModelError as exc:  # encoder not installed: link by words only
            stats.warnings.append(Warnings.W100.format(reason=exc))
            copies = dataclasses.replace(copies, embed=False)
            vectors = {}
        with store.begin() as conn:
            t = _write_batch(
                conn,
                batch,
                replace=replace,
                stats=stats,
                copies=copies,
                vectors=vectors,
            )
            update_counts(conn, t)
            touched |= t
        if progress is not None:
            progress(len(batch))
    if reconcile_after:  # also with nothing written: an interrupted run left names pending
        settle(store, copies=copies)
    if stats.written >= 1000 and store.dialect == "postgresql":
        # Fresh planner statistics after a bulk load (autovacuum may lag behind).
        with store.begin() as conn:
            conn.exec_driver_sql("ANALYZE quotes, quote_targets, entities, speakers, articles")
    return stats


def write_article(
    store: Store,
    result: ArticleResult | Mapping[str, Any],
    *,
    meta: Mapping[str, Any] | None = None,
    replace: bool = False,
) -> str | None:
    """Write one article in its own transaction; its id, or ``None`` if already stored.

    Raises:
        InputError: the record is malformed (see :func:`saidwhat.validate.check_result`).
    """
    d = as_result_dict(result)  # raises InputError for a malformed record
    stats = write_articles(store, [(d, meta or {})], batch_size=1, replace=replace)
    if stats.written:
        return content_hash(d["text"])
    return None


def add_pending(conn: Connection, words: Iterable[str]) -> None:
    """Record ``words`` for :func:`reconcile`, in the caller's transaction: the names
    are durable exactly when the rows that made them uncertain are."""
    todo = sorted(set(words))
    for i in range(0, len(todo), 500):
        conn.execute(
            _insert(conn, pending_names)
            .values([{"word": w} for w in todo[i : i + 500]])
            .on_conflict_do_nothing()
        )


def pending(store: Store) -> list[str]:
    """The names a write left for :func:`reconcile` that it has not settled yet."""
    with store.connect() as conn:
        return sorted(conn.execute(sa.select(pending_names.c.word)).scalars())


def reconcile(store: Store, *, names: Iterable[str] | None = None, everyone: bool = False) -> int:
    """Settle speakers so that the store does not depend on the order of articles.

    At write time a name is matched against the speakers known then: "Obama" goes
    to Barack Obama while he is the only Obama, "George Bush" to George W. Bush
    before George H. W. Bush is known. This step replays the resolution rules of
    :class:`~saidwhat.store.canonical.SpeakerIndex` for the people of some names
    in one canonical order (:func:`_replay`), so the result is a function of the
    stored articles alone.

    The names are those pending in the store (``pending_names``: the surnames and
    given names writes made uncertain — a full name new to the store, a role newly
    stated for one, a bare name decided among several people, new co-occurrence for
    a given name — stored with their rows, so a run stopped before its reconcile
    leaves them for the next), plus ``names``; ``everyone``: every person's surname.
    The pending names settled are removed in the same transaction. Returns the
    number of entities moved.
    """
    with store.begin() as conn:
        waiting = set(conn.execute(sa.select(pending_names.c.word)).scalars())
        words = waiting | set(names or ())
        if everyone:
            words |= set(
                conn.execute(
                    sa.select(speakers.c.surname)
                    .where(speakers.c.type == "PERSON", speakers.c.surname.is_not(None))
                    .distinct()
                ).scalars()
            )
        moved = _replay(conn, words) if words else 0
        todo = sorted(waiting)
        for i in range(0, len(todo), 500):
            conn.execute(pending_names.delete().where(pending_names.c.word.in_(todo[i : i + 500])))
        return moved


def settle(store: Store, *, copies: CopyOptions | None = None, everyone: bool = False) -> int:
    """:func:`reconcile`, then the copy links of the statements it moved recomputed
    (``copies``: default ``[copies]`` of the shipped configuration). Returns the number
    of entities moved."""
    moved = reconcile(store, everyone=everyone)
    copies = copies if copies is not None else CopyOptions.from_config()
    if moved and copies.enabled:
        with store.begin() as conn:
            relink(conn, copies)
    return moved


class _Replay(_Writer):
    """The write-time rules run again without writing: the speakers being settled
    (``hidden``) are invisible to the lookups, speakers it creates are virtual
    (negative ids) and the keys it registers are collected in ``keys``."""

    def __init__(self, conn: Connection, hidden: set[int]) -> None:
        super().__init__(conn)
        self.hidden = hidden
        self.virtual: dict[int, tuple[Candidate, str]] = {}
        self.keys: dict[str, int] = {}

    def _lookup_keys(self, keys: Iterable[str]) -> list[Candidate]:
        return [c for c in super()._lookup_keys(keys) if c.id not in self.hidden]

    def _lookup_surnames(self, surnames: Iterable[str]) -> list[Candidate]:
        return [c for c in super()._lookup_surnames(surnames) if c.id not in self.hidden]

    def _lookup_given(self, firsts: Iterable[str]) -> list[Candidate]:
        return [c for c in super()._lookup_given(firsts) if c.id not in self.hidden]

    def _new_speaker(self, key: str, name: str, type_: str) -> int:
        vid = -(len(self.virtual) + 1)
        pn = parse_person(name) if type_ == "PERSON" else None
        cand = Candidate(vid, key, type_, pn if pn and pn.is_full else None)
        self.virtual[vid] = (cand, name)
        self.index.add(cand)
        self.keys[key] = vid
        return vid

    def _add_key(self, key: str, speaker_id: int, name: str, type_: str) -> None:
        self.keys[key] = speaker_id
        self.index.by_key[key] = Candidate(speaker_id, key, type_)
        if type_ == "PERSON":
            self._upgrade(speaker_id, name)


def _article_docs(conn: Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The entities of some stored articles, as the writer reads them from a record."""
    docs: dict[str, dict[str, Any]] = {a: {"_article_id": a, "entities": []} for a in ids}
    ents: dict[tuple[str, str], dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        for aid, lid, name, type_ in conn.execute(
            sa.select(entities.c.article_id, entities.c.local_id, entities.c.name, entities.c.type)
            .where(entities.c.article_id.in_(chunk))
            .order_by(entities.c.article_id, entities.c.local_id)
        ).all():
            e = {"id": lid, "name": name, "type": type_, "roles": [], "affiliations": []}
            ents[(aid, lid)] = e
            docs[aid]["entities"].append(e)
        for aid, lid, kind, value in conn.execute(
            sa.select(
                entity_roles.c.article_id,
                entity_roles.c.entity_id,
                entity_roles.c.kind,
                entity_roles.c.value,
            )
            .where(entity_roles.c.article_id.in_(chunk))
            .order_by(entity_roles.c.article_id, entity_roles.c.entity_id, entity_roles.c.value)
        ).all():
            ent = ents.get((aid, lid))
            if ent is not None:
                ent["roles" if kind == "role" else "affiliations"].append(value)
    return [docs[a] for a in ids]


def _replay(conn: Connection, words: set[str]) -> int:
    """Re-decide the speakers of the people named by ``words`` (surnames, or given
    names alone) as if their articles had been written in one canonical order.

    The speakers settled are the people whose surname is one of ``words``, except
    those a user merged or split; their entities, and the one-word person names
    equal to one of ``words``, are resolved again: first every full name, the
    fullest first ("George H. W. Bush" before "George Bush"), then each article in
    the order of its id with :func:`_resolve_article`, the rules of the write path.
    Virtual speakers are then mapped onto the stored rows (the row with the same
    key, else the row holding most of its entities), entities moved, keys rebuilt
    and rows left empty removed. Returns the number of entities moved.
    """
    todo = sorted(words)
    hidden: set[int] = set()
    for i in range(0, len(todo), 500):
        hidden |= set(
            conn.execute(
                sa.select(speakers.c.id).where(
                    speakers.c.type == "PERSON", speakers.c.surname.in_(todo[i : i + 500])
                )
            ).scalars()
        )
    manual = set(
        conn.execute(
            sa.select(speaker_keys.c.speaker_id).where(speaker_keys.c.manual.is_(True))
        ).scalars()
    )
    hidden -= manual
    # the entities to decide again: on the hidden speakers, or a one-word name in words
    current: dict[tuple[str, str], int | None] = {}
    ids = sorted(hidden)
    for i in range(0, len(ids), 500):
        for aid, lid, sid in conn.execute(
            sa.select(entities.c.article_id, entities.c.local_id, entities.c.speaker_id).where(
                entities.c.speaker_id.in_(ids[i : i + 500])
            )
        ).all():
            current[(aid, lid)] = sid
    for i in range(0, len(todo), 500):
        for aid, lid, sid, _name in conn.execute(
            sa.select(
                entities.c.article_id, entities.c.local_id, entities.c.speaker_id, entities.c.name
            ).where(
                entities.c.type == "PERSON",
                sa.func.lower(entities.c.name).in_(todo[i : i + 500]),
            )
        ).all():
            if sid not in manual:
                current[(aid, lid)] = sid
    if not current:
        return 0
    arts = sorted({a for a, _ in current})
    docs = _article_docs(conn, arts)
    w = _Replay(conn, hidden)
    w.prefetch(docs)
    # pinned entities keep their speaker
    for d in docs:
        for e in d["entities"]:
            if (d["_article_id"], normalize_name(e["name"], e["type"])) in w.pins:
                current.pop((d["_article_id"], e["id"]), None)
    # 1. full names, fullest first, with the settled speakers of their articles as context
    visible: dict[str, list[int]] = {a: [] for a in arts}
    for i in range(0, len(arts), 500):
        for aid, sid in conn.execute(
            sa.select(entities.c.article_id, entities.c.speaker_id)
            .select_from(entities.join(speakers, speakers.c.id == entities.c.speaker_id))
            .where(
                entities.c.article_id.in_(arts[i : i + 500]),
                sa.or_(
                    speakers.c.type == "ORG",
                    sa.and_(speakers.c.type == "PERSON", speakers.c.first.is_not(None)),
                ),
            )
            .order_by(entities.c.article_id, entities.c.speaker_id)
        ).all():
            if sid not in hidden:
                visible[aid].append(sid)
    fulls = []
    for d in docs:
        for e in d["entities"]:
            p = parse_person(e["name"]) if e["type"] == "PERSON" else None
            if p is not None and p.is_full and (d["_article_id"], e["id"]) in current:
                fulls.append((-len(p.middle), len(p.first) < 2, p.key, d["_article_id"], e))
    fulls.sort(key=lambda t: t[:4])
    for *_, aid, e in fulls:
        sid = w.resolve(aid, e, context=visible[aid])
        rs = [*e["roles"], *e["affiliations"]]
        if sid is not None and rs:
            w.index.note_article([], {sid: rs})
    # 2. every article in the order of its id, by the rules of the write path
    decided: dict[tuple[str, str], int | None] = {}
    for d in docs:
        aid = d["_article_id"]
        for lid, sid in _resolve_article(w, aid, d["entities"]).items():
            if (aid, lid) in current:
                decided[(aid, lid)] = sid
    # 3. virtual speakers onto stored rows
    rows = {
        int(r.id): str(r.key)
        for i in range(0, len(ids), 500)
        for r in conn.execute(
            sa.select(speakers.c.id, speakers.c.key).where(speakers.c.id.in_(ids[i : i + 500]))
        ).all()
    }
    by_key = {k: i for i, k in rows.items()}
    real: dict[int, int] = {}
    taken: set[int] = set()
    order = sorted(w.virtual, key=lambda v: w.virtual[v][0].key)
    for v in order:
        hit = by_key.get(w.virtual[v][0].key)
        if hit is not None:
            real[v] = hit
            taken.add(hit)
    for v in order:
        if v in real:
            continue
        held: Counter[int] = Counter()
        for k, s_ in decided.items():
            c = current[k]
            if s_ == v and c is not None and c in rows:
                held[c] += 1
        best = sorted((rid for rid in held if rid not in taken), key=lambda r: (-held[r], r))
        cand, name = w.virtual[v]
        if best:
            rid = best[0]
            conn.execute(
                speakers.update()
                .where(speakers.c.id == rid)
                .values(key=cand.key, **_name_columns(name, "PERSON"))
            )
        else:
            rid = _Writer(conn)._new_speaker(cand.key, name, "PERSON")
        real[v] = rid
        taken.add(rid)
    # 4. entities moved, keys rebuilt, empty rows removed
    moved = 0
    touched: set[int] = set()
    for k, vid in sorted(decided.items()):
        if vid is None:
            continue
        dst = real.get(vid, vid)
        was = current[k]
        if dst != was:
            move_entity(conn, k[0], k[1], dst)
            touched.add(dst)
            if was is not None:
                touched.add(was)
            moved += 1
    if ids:
        for i in range(0, len(ids), 500):
            conn.execute(
                speaker_keys.delete().where(
                    speaker_keys.c.speaker_id.in_(ids[i : i + 500]),
                    speaker_keys.c.manual.is_(False),
                )
            )
    keys = {k: real.get(v, v) for k, v in w.keys.items()}
    for rid, key in conn.execute(
        sa.select(speakers.c.id, speakers.c.key).where(speakers.c.id.in_(sorted(taken)))
    ).all():
        keys.setdefault(key, rid)
    for key, rid in sorted(keys.items()):
        conn.execute(
            _insert(conn, speaker_keys)
            .values(key=key, speaker_id=rid, manual=False)
            .on_conflict_do_nothing()
        )
    touched |= set(ids)
    _drop_empty(conn, touched)
    update_counts(conn, touched)
    return moved


def _drop_empty(conn: Connection, ids: set[int]) -> None:
    """Remove the speakers among ``ids`` left without entities (a user's corrections and
    pins keep theirs); ``ids`` loses them."""
    for sid in sorted(ids):
        left = conn.execute(
            sa.select(sa.func.count()).select_from(entities).where(entities.c.speaker_id == sid)
        ).scalar()
        if left:
            continue
        kept = (
            conn.execute(
                sa.select(sa.func.count())
                .select_from(speaker_keys)
                .where(speaker_keys.c.speaker_id == sid, speaker_keys.c.manual.is_(True))
            ).scalar()
            or conn.execute(
                sa.select(sa.func.count()).select_from(pins).where(pins.c.speaker_id == sid)
            ).scalar()
        )
        if kept:
            continue
        conn.execute(
            quote_targets.update().where(quote_targets.c.speaker_id == sid).values(speaker_id=None)
        )
        conn.execute(speaker_keys.delete().where(speaker_keys.c.speaker_id == sid))
        conn.execute(speakers.delete().where(speakers.c.id == sid))
        ids.discard(sid)


__all__ = [
    "IngestStats",
    "as_result_dict",
    "add_pending",
    "is_stored",
    "pending",
    "normalize_date",
    "reconcile",
    "refresh_names",
    "settle",
    "move_entity",
    "update_counts",
    "write_article",
    "write_articles",
]
