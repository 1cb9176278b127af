"""The one check of an extraction record before it is stored.

Extraction records reach the store from three places: extraction JSONL given
to ``saidwhat ingest``, ``saidwhat batch`` output directories, and the body of
``POST /api/articles``. All three pass every record through
:func:`check_result`, which either returns a clean copy (the engine's JSON
form, every field of the right type, offsets inside the text, ids unique) or
raises :class:`InvalidRecord` (an :class:`~saidwhat.errors.InputError`) with a
numbered message naming the first problem. Callers quarantine that one record
(an ``error:`` line, a row of the errors table, a 422 answer) and go on with
the others, so one malformed record never costs the valid records around it.

Strings are made storable: lone surrogates (``"\\ud800"`` is valid JSON but
not UTF-8) and NUL characters (refused by PostgreSQL) become U+FFFD, which
keeps every character offset.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from .errors import Errors, InputError, Warnings

__all__ = [
    "CLAIM_ACTS",
    "KINDS",
    "MAX_ID_CHARS",
    "MAX_NAME_CHARS",
    "SPEAKER_TYPES",
    "InvalidRecord",
    "check_id",
    "check_result",
    "clean_text",
]

KINDS = ("direct", "indirect", "mixed")
#: Acts of a claim about an event (``claims[].act``).
CLAIM_ACTS = ("responsibility", "blame", "denial")
SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP", "UNNAMED")
#: Longest entity name, role or affiliation accepted (the engine's are far shorter).
MAX_NAME_CHARS = 300
#: Longest article, quote or entity id accepted.
MAX_ID_CHARS = 256
META_FIELDS = ("title", "url", "outlet", "published", "author")

_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")


class InvalidRecord(InputError):
    """An extraction record that cannot be stored; the message is numbered (E059)."""


class _Bad(ValueError):
    """One problem of a record (the reason of E059)."""


def clean_text(text: str) -> tuple[str, bool]:
    """``text`` with lone surrogates and NUL replaced by U+FFFD (same length); changed?"""
    if _UNSTORABLE.search(text) is None:
        return text, False
    return _UNSTORABLE.sub("\ufffd", text), True


def check_id(value: Any, what: str = "id") -> str:
    """An id as a string: a non-empty string or an integer; anything else is a ValueError."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _Bad(f"{what} must be a string, not {type(value).__name__}")
    s = str(value)
    if not s.strip():
        raise _Bad(f"{what} is empty")
    if len(s) > MAX_ID_CHARS:
        raise _Bad(f"{what} is over {MAX_ID_CHARS} characters")
    return clean_text(s)[0]


def _str(value: Any, what: str, *, limit: int | None = None) -> str:
    if not isinstance(value, str):
        raise _Bad(f"{what} must be a string, not {type(value).__name__}")
    if limit is not None and len(value) > limit:
        raise _Bad(f"{what} is over {limit} characters")
    return clean_text(value)[0]


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"{what} must be an integer, not {type(value).__name__}")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise _Bad(f"{what} must be a list, not {type(value).__name__}")
    return list(value)


def _obj(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _Bad(f"{what} must be an object, not {type(value).__name__}")
    return value


def _field(d: Mapping[str, Any], key: str, what: str) -> Any:
    if key not in d:
        raise _Bad(f"{what} has no '{key}'")
    return d[key]


def _span(value: Any, what: str, n: int) -> dict[str, Any]:
    d = _obj(value, what)
    start = _int(_field(d, "start", what), f"{what}.start")
    end = _int(_field(d, "end", what), f"{what}.end")
    if not 0 <= start <= end <= n:
        raise _Bad(f"{what} {start}-{end} is outside the text (0-{n})")
    return {"start": start, "end": end, "text": _str(_field(d, "text", what), f"{what}.text")}


def _same_text(span: Mapping[str, Any] | None, text: str, what: str) -> None:
    """A span's ``text`` is the text at its offsets (issue 20.10: a cue whose text did
    not match its offsets was stored)."""
    if span is not None and text[span["start"] : span["end"]] != span["text"]:
        raise _Bad(f"{what}.text is not the text at {span['start']}-{span['end']}")


def _speaker(value: Any, what: str) -> dict[str, Any] | None:
    if value is None:
        return None
    s = _obj(value, what)
    type_ = _field(s, "type", what)
    if type_ not in SPEAKER_TYPES:
        raise _Bad(f"{what}.type must be one of {', '.join(SPEAKER_TYPES)}")
    return {
        "entity": check_id(_field(s, "entity", what), f"{what}.entity"),
        "name": _str(_field(s, "name", what), f"{what}.name", limit=MAX_NAME_CHARS),
        "type": type_,
    }


STANCES = ("against", "neutral", "for")


def _stance(value: Any, what: str, n: int) -> dict[str, Any]:
    d = _obj(value, what)
    start = _int(_field(d, "start", what), f"{what}.start")
    end = _int(_field(d, "end", what), f"{what}.end")
    if not 0 <= start <= end <= n:
        raise _Bad(f"{what} {start}-{end} is outside the text (0-{n})")
    label = _field(d, "label", what)
    if label not in STANCES:
        raise _Bad(f"{what}.label must be one of {', '.join(STANCES)}, not {label!r}"[:200])
    prob = _field(d, "prob", what)
    if isinstance(prob, bool) or not isinstance(prob, int | float) or not 0.0 <= prob <= 1.0:
        raise _Bad(f"{what}.prob must be a number from 0 to 1")
    entity = check_id(_field(d, "entity", what), f"{what}.entity")
    return {"entity": entity, "start": start, "end": end, "label": label, "prob": float(prob)}


def _quote(value: Any, what: str, n: int) -> dict[str, Any]:
    q = _obj(value, what)
    kind = _field(q, "kind", what)
    if kind not in KINDS:
        raise _Bad(f"{what}.kind must be one of {', '.join(KINDS)}, not {kind!r}"[:200])
    cue = q.get("cue")
    speaker = _speaker(q.get("speaker"), f"{what}.speaker")
    rep = q.get("reported_by")
    reported_by = None
    if rep is not None:
        r = _obj(rep, f"{what}.reported_by")
        reported_by = {
            "speaker": _speaker(r.get("speaker"), f"{what}.reported_by.speaker"),
            "cue": _span(r["cue"], f"{what}.reported_by.cue", n) if r.get("cue") else None,
            "source": (
                _span(r["source"], f"{what}.reported_by.source", n) if r.get("source") else None
            ),
        }
    conf = q.get("confidence", 0.0)
    if conf is None:
        conf = 0.0
    if isinstance(conf, bool) or not isinstance(conf, int | float) or not math.isfinite(conf):
        raise _Bad(f"{what}.confidence must be a finite number")
    if not 0.0 <= conf <= 1.0:
        raise _Bad(f"{what}.confidence must be from 0 to 1, not {conf:g}")
    out = dict(q)  # fields of later versions are kept as they are
    out.update(
        id=check_id(_field(q, "id", what), f"{what}.id"),
        kind=kind,
        cue=_span(cue, f"{what}.cue", n) if cue is not None else None,
        sources=[
            _span(s, f"{what}.sources[{i}]", n)
            for i, s in enumerate(_list(q.get("sources"), f"{what}.sources"))
        ],
        contents=[
            _span(s, f"{what}.contents[{i}]", n)
            for i, s in enumerate(_list(q.get("contents"), f"{what}.contents"))
        ],
        speaker=speaker,
        confidence=float(conf),
    )
    if "reported_by" in q:
        out["reported_by"] = reported_by
    if q.get("stance") is not None:
        out["stance"] = [
            _stance(s, f"{what}.stance[{i}]", n)
            for i, s in enumerate(_list(q["stance"], f"{what}.stance"))
        ]
    return out


def _entity(value: Any, what: str, n: int) -> dict[str, Any]:
    e = _obj(value, what)
    type_ = _field(e, "type", what)
    if type_ not in SPEAKER_TYPES:
        raise _Bad(f"{what}.type must be one of {', '.join(SPEAKER_TYPES)}")
    name = _str(_field(e, "name", what), f"{what}.name", limit=MAX_NAME_CHARS)
    if not name.strip():
        raise _Bad(f"{what}.name is empty")
    out = dict(e)  # fields of later versions are kept as they are
    out.update(id=check_id(_field(e, "id", what), f"{what}.id"), name=name, type=type_)
    for key in ("roles", "affiliations"):
        out[key] = [
            _str(v, f"{what}.{key}[{i}]", limit=MAX_NAME_CHARS)
            for i, v in enumerate(_list(e.get(key), f"{what}.{key}"))
        ]
    out["mentions"] = [
        _span(m, f"{what}.mentions[{i}]", n)
        for i, m in enumerate(_list(e.get("mentions"), f"{what}.mentions"))
    ]
    return out


def _opt_span(c: Mapping[str, Any], key: str, what: str, n: int) -> dict[str, Any] | None:
    return _span(c[key], f"{what}.{key}", n) if c.get(key) is not None else None


def _claim(value: Any, what: str, n: int) -> dict[str, Any]:
    c = _obj(value, what)
    act = _field(c, "act", what)
    if act not in CLAIM_ACTS:
        raise _Bad(f"{what}.act must be one of {', '.join(CLAIM_ACTS)}, not {act!r}"[:200])
    out = dict(c)  # fields of later versions are kept as they are
    out.update(
        id=check_id(_field(c, "id", what), f"{what}.id"),
        act=act,
        trigger=_span(_field(c, "trigger", what), f"{what}.trigger", n),
        sentence=_span(_field(c, "sentence", what), f"{what}.sentence", n),
        claimant=_speaker(c.get("claimant"), f"{what}.claimant"),
        agent=_speaker(c.get("agent"), f"{what}.agent"),
        event_ref=check_id(c.get("event_ref") or "V0", f"{what}.event_ref"),
    )
    for key in ("claimant_span", "agent_span", "event", "place", "time"):
        out[key] = _opt_span(c, key, what, n)
    for key in ("event_kind", "quote"):
        v = c.get(key)
        out[key] = None if v is None else _str(v, f"{what}.{key}", limit=MAX_NAME_CHARS)
    return out


def _check(rec: Any) -> tuple[dict[str, Any], bool]:
    d = _obj(rec, "the record")
    text = d.get("text")
    if not isinstance(text, str):
        raise _Bad("field 'text' (a string) is required")
    if not text.strip():
        raise _Bad("field 'text' is empty")
    text, changed = clean_text(text)
    n = len(text)
    quotes = [_quote(q, f"quotes[{i}]", n) for i, q in enumerate(_list(d.get("quotes"), "quotes"))]
    entities = [
        _entity(e, f"entities[{i}]", n) for i, e in enumerate(_list(d.get("entities"), "entities"))
    ]
    claims = [_claim(c, f"claims[{i}]", n) for i, c in enumerate(_list(d.get("claims"), "claims"))]
    for what, items in (("quote", quotes), ("entity", entities), ("claim", claims)):
        seen: set[str] = set()
        for item in items:
            if item["id"] in seen:
                raise _Bad(f"{what} id {item['id']!r} is used twice"[:200])
            seen.add(item["id"])
    ent_ids = {e["id"] for e in entities}
    for i, q in enumerate(quotes):
        what = f"quotes[{i}]"
        for key, span in (
            ("cue", q["cue"]),
            *((f"sources[{k}]", x) for k, x in enumerate(q["sources"])),
            *((f"contents[{k}]", x) for k, x in enumerate(q["contents"])),
        ):
            _same_text(span, text, f"{what}.{key}")
        sp = q["speaker"]
        if sp is not None and sp["entity"] not in ent_ids:
            raise _Bad(f"{what}.speaker.entity {sp['entity']!r} is no entity of the record"[:200])
    warnings = [_str(w, "warnings[]") for w in _list(d.get("warnings"), "warnings")]
    meta = dict(_obj(d.get("meta") or {}, "meta"))
    out = dict(d)
    out.update(
        id=check_id(d.get("id", "doc"), "id"),
        text=text,
        quotes=quotes,
        entities=entities,
        warnings=warnings,
        meta=meta,
        claims=claims,
    )
    return out, changed


def check_result(rec: Any, *, where: str | None = None) -> dict[str, Any]:
    """A validated copy of one extraction record in the engine's JSON form.

    Args:
        rec: the record (a JSON object: ``text``, ``quotes``, ``entities``, ...).
        where: names the record in the error message (``"file.jsonl: line 3"``);
            defaults to its id.

    Raises:
        InvalidRecord: the record cannot be stored (``[E059] ...``).
    """
    try:
        out, changed = _check(rec)
    except _Bad as exc:
        if where is None:
            rid = rec.get("id") if isinstance(rec, Mapping) else None
            where = f"record {str(rid)[:80]!r}" if rid is not None else "record"
        raise InvalidRecord(Errors.E059.format(where=where, reason=str(exc))) from None
    if changed:
        out["warnings"] = [*out["warnings"], Warnings.W008.format(where=where or out["id"])]
    return out
