"""Claims about events in the store: rows, event keys, events across articles, conflicts.

A claim row (table ``claims``, migration 9) is written for each claim of an
article (:func:`claim_rows`, called by ``write``). Its ``event_key`` is
``"<kind>|<place>"`` of the article's event (``event_ref``): the kind of the
event ("attack" for every word of violence) and the first place stated in any
claim about it, folded.

Events across articles (:func:`group_events`, pure) are joined from the events
of single articles when all of these hold:

- same kind (an event without a kind stays in its article);
- places agree: equal, or stated in one of the two only;
- dates within ``window_days`` of each other (an undated article passes);
- attacks and accidents: the same place, or event descriptions alike
  (Jaccard similarity of their content words, place names included, at least
  ``min_similarity``); other kinds ("accused X of being ..."): descriptions
  alike at twice that.

An event is a *conflict* (:func:`conflict_pairs`, pure) when its claims
disagree on the agent: two claims assert different agents (responsibility,
blame), or one asserts an agent that another denies. :func:`list_conflicts`
reads the store and returns each such event with its claims (speaker, outlet,
date, sentence and a link to it) and the disagreeing pairs; :func:`list_claims`
lists every claim, filtered by act, party, event and place.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from ..names import fold
from ..records import PLACED_KINDS
from .db import Store
from .schema import articles, claims, speakers

__all__ = [
    "ACTS",
    "ASSERTING",
    "CLAIM_COLUMNS",
    "claim_rows",
    "article_claims",
    "claim_view",
    "conflict_pairs",
    "list_claims",
    "event_keys",
    "group_events",
    "list_conflicts",
    "same_agent",
]

#: Acts that assert an agent (a denial denies one).
ASSERTING = frozenset({"responsibility", "blame"})
#: Days between two articles' dates within which their events may be one.
WINDOW_DAYS = 7
#: Least Jaccard similarity of two descriptions for events without a shared place.
MIN_SIMILARITY = 0.25

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset(
    "the a an of in on at for to and or by with from that this it its his her their "
    "s was were is are be been being had has have having which who".split()
)
#: Words that do not tell two agents apart ("the Haqqani network" = "Haqqani").
_AGENT_NOISE = _STOP | frozenset(
    "group network militants militant fighters forces regime government movement "
    "organisation organization members".split()
)

#: Columns of a claim row, in the order :func:`claim_rows` builds the tuples.
CLAIM_COLUMNS = (
    "id",
    "article_id",
    "local_id",
    "seq",
    "act",
    "trigger_text",
    "trigger_start",
    "trigger_end",
    "sentence_text",
    "sentence_start",
    "sentence_end",
    "claimant_entity",
    "claimant_name",
    "claimant_type",
    "claimant_id",
    "claimant_text",
    "claimant_start",
    "claimant_end",
    "agent_entity",
    "agent_name",
    "agent_type",
    "agent_id",
    "agent_text",
    "agent_start",
    "agent_end",
    "event_text",
    "event_start",
    "event_end",
    "event_kind",
    "event_ref",
    "event_key",
    "place_text",
    "place_start",
    "place_end",
    "time_text",
    "time_start",
    "time_end",
    "quote_id",
    "published",
    "outlet",
)


def _words(text: str | None, stop: frozenset[str] = _STOP) -> set[str]:
    return {w for w in _WORD.findall(fold(text or "").lower()) if w not in stop}


def place_key(text: str | None) -> str:
    """A stated place, folded ("the West Bank" and "West Bank" agree)."""
    return " ".join(sorted(_words(text))) if text else ""


def event_keys(claims_: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """``event_ref -> "<kind>|<place>"`` for the claims of one article (JSON form):
    the first kind and the first place stated among each event's claims."""
    kinds: dict[str, str] = {}
    places: dict[str, str] = {}
    for c in claims_:
        ref = str(c.get("event_ref") or "")
        if c.get("event_kind") and ref not in kinds:
            kinds[ref] = str(c["event_kind"])
        place = c.get("place")
        if place and ref not in places:
            places[ref] = place_key(place.get("text"))
    refs = {str(c.get("event_ref") or "") for c in claims_}
    return {ref: f"{kinds.get(ref, '')}|{places.get(ref, '')}" for ref in refs}


def _span(d: Mapping[str, Any] | None) -> tuple[Any, Any, Any]:
    return (d["text"], d["start"], d["end"]) if d else (None, None, None)


def _party(
    who: Mapping[str, Any] | None, span: Mapping[str, Any] | None, ent_speaker: Mapping[str, Any]
) -> tuple[Any, ...]:
    ent = (who["entity"], who["name"], who["type"]) if who else (None, None, None)
    sid = ent_speaker.get(who["entity"]) if who else None
    return (*ent, sid, *_span(span))


def claim_rows(
    d: Mapping[str, Any],
    aid: str,
    ent_speaker: Mapping[str, Any],
    *,
    published: str | None,
    outlet: str | None,
) -> list[tuple[Any, ...]]:
    """The ``claims`` rows of one article (JSON form, validated), as tuples of
    :data:`CLAIM_COLUMNS`; ``ent_speaker`` maps its entity ids to speakers."""
    cs = list(d.get("claims") or ())
    keys = event_keys(cs)
    rows = []
    for seq, c in enumerate(cs):
        ref = str(c.get("event_ref") or "")
        rows.append(
            (
                f"{aid}:{c['id']}",
                aid,
                c["id"],
                seq,
                c["act"],
                *_span(c["trigger"]),
                *_span(c["sentence"]),
                *_party(c.get("claimant"), c.get("claimant_span"), ent_speaker),
                *_party(c.get("agent"), c.get("agent_span"), ent_speaker),
                *_span(c.get("event")),
                c.get("event_kind"),
                ref,
                keys[ref],
                *_span(c.get("place")),
                *_span(c.get("time")),
                f"{aid}:{c['quote']}" if c.get("quote") else None,
                published,
                outlet,
            )
        )
    return rows


# -- events across articles (pure) --------------------------------------------


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def group_events(
    rows: Iterable[Mapping[str, Any]],
    *,
    window_days: int = WINDOW_DAYS,
    min_similarity: float = MIN_SIMILARITY,
) -> list[list[Mapping[str, Any]]]:
    """Claim rows (``article_id``, ``event_ref``, ``event_key``, ``event_text``,
    ``place_text``, ``published``) grouped into events across articles; each
    group in the order given, groups in the order of their first claim."""
    by_ae: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for r in rows:
        by_ae.setdefault((str(r["article_id"]), str(r["event_ref"] or "")), []).append(r)
    aes = list(by_ae)
    info = []
    for ae in aes:
        rs = by_ae[ae]
        kind, _, place = str(rs[0]["event_key"] or "|").partition("|")
        words: set[str] = set()
        for r in rs:
            words |= _words(r.get("event_text")) | _words(r.get("place_text"))
        info.append((kind, place, _day(rs[0].get("published")), words))
    parent = list(range(len(aes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_kind: dict[str, list[int]] = {}
    for i, (kind, *_rest) in enumerate(info):
        if kind:
            by_kind.setdefault(kind, []).append(i)
    for kind, members in by_kind.items():
        for x, i in enumerate(members):
            _, pi, di, wi = info[i]
            for j in members[x + 1 :]:
                _, pj, dj, wj = info[j]
                if aes[i][0] == aes[j][0]:
                    continue  # one article's events were told apart by the extraction
                if pi and pj and pi != pj:
                    continue
                if di and dj and abs((di - dj).days) > window_days:
                    continue
                sim = _jaccard(wi, wj)
                if kind in PLACED_KINDS:
                    joined = bool(pi and pi == pj) or sim >= min_similarity
                else:  # "accused X of being ...": the words must agree more
                    joined = sim >= 2 * min_similarity
                if joined:
                    parent[find(j)] = find(i)
    groups: dict[int, list[Mapping[str, Any]]] = {}
    for i, ae in enumerate(aes):
        groups.setdefault(find(i), []).extend(by_ae[ae])
    return list(groups.values())


def _agent_words(r: Mapping[str, Any]) -> list[set[str]]:
    """The words of an agent's name and text, noise words out ("the Haqqani network":
    haqqani) unless that leaves none ("the government": government)."""
    forms = [
        _words(r.get(k), _AGENT_NOISE) or _words(r.get(k)) for k in ("agent_name", "agent_text")
    ]
    return [f for f in forms if f]


def same_agent(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool | None:
    """Whether two claims name the same agent (same canonical speaker, or the
    words of one name within the other's; two descriptions that no entity
    resolves, by their head word: "faulty wiring" and "old wiring", or in one
    article by the noun they are headed by: "a small group of employees" and "a
    very limited group"); None when either names none."""
    if a.get("agent_id") is not None and a.get("agent_id") == b.get("agent_id"):
        return True
    wa, wb = _agent_words(a), _agent_words(b)
    if not wa or not wb:
        return None
    if any(x <= y or y <= x for x in wa for y in wb):
        return True
    if a.get("agent_entity") is None and b.get("agent_entity") is None:
        ha, hb = _head_word(a.get("agent_text")), _head_word(b.get("agent_text"))
        if ha is not None and ha == hb:
            return True
        if (
            a.get("article_id") is not None
            and a.get("article_id") == b.get("article_id")
            and _lower_case(a)
            and _lower_case(b)
        ):
            # one article's "a small group of employees" and "a very limited group"
            na, nb = _head_noun(a.get("agent_text")), _head_noun(b.get("agent_text"))
            return na is not None and na == nb
        return False
    return False


def _lower_case(r: Mapping[str, Any]) -> bool:
    """An agent written all in lower case past its article: a description."""
    words = str(r.get("agent_text") or "").split()
    if words and words[0].lower() in ("a", "an", "the", "this", "these"):
        words = words[1:]
    return bool(words) and all(w == w.lower() for w in words)


def _head_noun(text: str | None) -> str | None:
    """The last word before an "of" phrase ("small group of employees": group)."""
    words = _WORD.findall(fold(text or "").lower().split(" of ")[0])
    return words[-1] if words else None


def _head_word(text: str | None) -> str | None:
    words = [w for w in _WORD.findall(fold(text or "").lower()) if w not in _AGENT_NOISE]
    return words[-1] if words else None


def _headline(r: Mapping[str, Any]) -> bool:
    """Whether a claim is made in its article's headline: the first line, without a
    full stop (a headline compresses the body's claims and is no side of its own)."""
    text = str(r.get("sentence_text") or "").rstrip()
    return r.get("sentence_start") == 0 and "\n" not in text and not text.endswith(_STOPS)


_STOPS = (".", "!", "?", '"', "\u201d", "'")


def _same_claimant(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two claims of one article are made by one claimant: in one sentence,
    by one entity or speaker, or as written in the same words ("the minister of
    the interior", "the interior minister")."""
    if a["article_id"] != b["article_id"]:
        return a.get("claimant_id") is not None and a.get("claimant_id") == b.get("claimant_id")
    if a.get("sentence_start") is not None and a.get("sentence_start") == b.get("sentence_start"):
        return True
    if a.get("claimant_entity") and b.get("claimant_entity"):
        return bool(a.get("claimant_entity") == b.get("claimant_entity"))
    wa = _words(a.get("claimant_text"), _AGENT_NOISE)
    wb = _words(b.get("claimant_text"), _AGENT_NOISE)
    return bool(wa) and wa == wb


def _description(r: Mapping[str, Any]) -> bool:
    """An agent named by no entity and headed by a word in lower case ("the
    militants", "an al-Qaida-linked group"): a description, not a name."""
    words = str(r.get("agent_text") or "").split()
    return r.get("agent_entity") is None and bool(words) and words[-1] == words[-1].lower()


def _owns(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether ``a`` is a named party's claim of responsibility and ``b`` names its
    doer only by a definite description, or claims the deed itself under one: in
    one article, the description stands for the party that claims the deed
    ("Al-Shabab claimed ...", "the militants set off a car bomb"), not for a side
    of its own ("a foreign intelligence service was behind it" is one)."""
    named = a.get("agent_entity") is not None or (bool(a.get("agent_text")) and not _description(a))
    if a["act"] != "responsibility" or not named or not _description(b):
        return False  # (named: an entity, or a name as written, "al-Shabab")
    # "the militants" refers back; "a foreign intelligence service" is someone new,
    # unless it is itself claiming the deed ("an al-Qaida-linked group claimed ...")
    first = str(b.get("agent_text") or "").split()[0].lower()
    return first in ("the", "these", "those") or b["act"] == "responsibility"


def conflict_pairs(group: Sequence[Mapping[str, Any]]) -> list[tuple[int, int, str]]:
    """Pairs ``(i, j, reason)`` of claims of one event that disagree on the agent:
    ``"different agents"`` (both assert) or ``"asserted and denied"``.

    Not conflicts: a headline against its own article's body (it compresses the
    body's claims), two parties blamed by one claimant (co-perpetrators, "X,
    acting on the orders of Y"; a claimant who takes responsibility and blames
    someone else still disagrees with itself), and in one article a named party
    claiming the deed against a doer described only in lower case ("the
    militants")."""
    out = []
    for i, a in enumerate(group):
        for j in range(i + 1, len(group)):
            b = group[j]
            if a["article_id"] == b["article_id"] and (_headline(a) or _headline(b)):
                continue
            same = same_agent(a, b)
            if same is None:
                continue
            asserting = (a["act"] in ASSERTING, b["act"] in ASSERTING)
            if all(asserting) and not same:
                if a["act"] == b["act"] == "blame" and _same_claimant(a, b):
                    continue
                if a["article_id"] == b["article_id"] and (_owns(a, b) or _owns(b, a)):
                    continue
                out.append((i, j, "different agents"))
            elif any(asserting) and not all(asserting) and same:
                out.append((i, j, "asserted and denied"))
    return out


# -- the read side ------------------------------------------------------------

_SELECT = (
    sa.select(claims, articles.c.title.label("article_title"))
    .select_from(claims.join(articles, articles.c.id == claims.c.article_id))
    .order_by(claims.c.published.desc(), claims.c.article_id, claims.c.seq)
)


def _who(r: Mapping[str, Any], prefix: str, names: Mapping[int, str]) -> dict[str, Any] | None:
    text = r[f"{prefix}_text"]
    sid = r[f"{prefix}_id"]
    if text is None and r[f"{prefix}_name"] is None:
        return None
    return {
        "name": names.get(sid) if sid is not None else r[f"{prefix}_name"],
        "speaker_id": sid,
        "entity": r[f"{prefix}_entity"],
        "type": r[f"{prefix}_type"],
        "text": text,
        "start": r[f"{prefix}_start"],
        "end": r[f"{prefix}_end"],
    }


def _opt(r: Mapping[str, Any], prefix: str) -> dict[str, Any] | None:
    if r[f"{prefix}_text"] is None:
        return None
    return {k: r[f"{prefix}_{k}"] for k in ("text", "start", "end")}


def claim_view(r: Mapping[str, Any], names: Mapping[int, str]) -> dict[str, Any]:
    """A claim row as JSON: claimant and agent (canonical name when resolved),
    act, event, place, time, the sentence and a link to it in its article."""
    return {
        "id": r["id"],
        "local_id": r["local_id"],
        "article_id": r["article_id"],
        "article_title": r.get("article_title"),
        "outlet": r["outlet"],
        "published": r["published"],
        "act": r["act"],
        "claimant": _who(r, "claimant", names),
        "agent": _who(r, "agent", names),
        "trigger": _opt(r, "trigger"),
        "event": _opt(r, "event"),
        "event_kind": r["event_kind"],
        "place": _opt(r, "place"),
        "time": _opt(r, "time"),
        "sentence": _opt(r, "sentence"),
        "quote_id": r["quote_id"],
        "link": f"/articles/{r['article_id']}#{r['local_id']}",
    }


def _event_view(group: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    kind = next((r["event_kind"] for r in group if r["event_kind"]), None)
    place = next((r["place_text"] for r in group if r["place_text"]), None)
    descs = [r["event_text"] for r in group if r["event_text"]]
    desc = max(descs, key=len) if descs else None
    name = desc or kind or "event"
    if place and (desc is None or place.lower() not in desc.lower()):
        name = f"{name} ({place})"
    dates = sorted(r["published"] for r in group if r["published"])
    ids = sorted(str(r["id"]) for r in group)
    return {
        "id": "EV" + hashlib.sha1("\n".join(ids).encode()).hexdigest()[:12],
        "name": name,
        "kind": kind,
        "place": place,
        "description": desc,
        "first_published": dates[0] if dates else None,
        "last_published": dates[-1] if dates else None,
        "n_articles": len({r["article_id"] for r in group}),
    }


def _names(conn: Any, rows: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    """Canonical names of the claimants' and agents' speakers."""
    ids = sorted({r[k] for r in rows for k in ("claimant_id", "agent_id") if r[k] is not None})
    names: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        names.update(
            conn.execute(
                sa.select(speakers.c.id, speakers.c.name).where(speakers.c.id.in_(ids[i : i + 500]))
            ).all()
        )
    return names


def article_claims(store: Store, article_id: str) -> list[dict[str, Any]]:
    """The claims of one article in text order (:func:`claim_view`)."""
    stmt = (
        sa.select(claims, articles.c.title.label("article_title"))
        .select_from(claims.join(articles, articles.c.id == claims.c.article_id))
        .where(claims.c.article_id == article_id)
        .order_by(claims.c.seq)
    )
    with store.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(stmt)]
        names = _names(conn, rows)
    return [claim_view(r, names) for r in rows]


#: Acts a claim list may be filtered by.
ACTS = ("responsibility", "blame", "denial")


def _like(column: Any, value: str) -> Any:
    """``column`` holds ``value`` (case-insensitive, ``%`` and ``_`` taken literally)."""
    esc = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return sa.func.lower(column).like(f"%{esc}%", escape="\\")


def list_claims(
    store: Store,
    *,
    act: str | None = None,
    party: str | None = None,
    event: str | None = None,
    place: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Every stored claim, newest first (:func:`claim_view`), and how many match:
    ``act`` one of :data:`ACTS`; ``party`` in the claimant's or the agent's name or
    words; ``event`` in the event's words or kind; ``place`` in the place named."""
    cond = []
    if act:
        cond.append(claims.c.act == act)
    if party:
        cond.append(
            sa.or_(
                *(
                    _like(claims.c[f"{who}_{k}"], party)
                    for who in ("claimant", "agent")
                    for k in ("name", "text")
                )
            )
        )
    if event:
        cond.append(sa.or_(_like(claims.c.event_text, event), _like(claims.c.event_kind, event)))
    if place:
        cond.append(_like(claims.c.place_text, place))
    if since:
        cond.append(sa.or_(claims.c.published.is_(None), claims.c.published >= since))
    if until:
        cond.append(sa.or_(claims.c.published.is_(None), claims.c.published <= until))
    stmt = _SELECT.where(*cond) if cond else _SELECT
    count = sa.select(sa.func.count()).select_from(claims)
    count = count.where(*cond) if cond else count
    with store.connect() as conn:
        total = int(conn.execute(count).scalar_one())
        rows = [dict(r._mapping) for r in conn.execute(stmt.limit(limit).offset(offset))]
        names = _names(conn, rows)
    return [claim_view(r, names) for r in rows], total


def list_conflicts(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    window_days: int = WINDOW_DAYS,
    min_similarity: float = MIN_SIMILARITY,
) -> list[dict[str, Any]]:
    """Events whose claims disagree on the agent, newest first: each with
    ``event`` (id, name, kind, place, description, dates, ``n_articles``),
    ``claims`` (:func:`claim_view`) and ``pairs`` (claim ids and reason)."""
    stmt = _SELECT
    if since:
        stmt = stmt.where(sa.or_(claims.c.published.is_(None), claims.c.published >= since))
    if until:
        stmt = stmt.where(sa.or_(claims.c.published.is_(None), claims.c.published <= until))
    with store.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(stmt)]
        names = _names(conn, rows)
    out = []
    for group in group_events(rows, window_days=window_days, min_similarity=min_similarity):
        pairs = conflict_pairs(group)
        if not pairs:
            continue
        out.append(
            {
                "event": _event_view(group),
                "claims": [claim_view(r, names) for r in group],
                "pairs": [
                    {"a": group[i]["id"], "b": group[j]["id"], "reason": why} for i, j, why in pairs
                ],
            }
        )
        if len(out) >= limit:
            break
    return out
