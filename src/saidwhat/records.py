"""Small frozen records returned by the extraction engine.

Everything carries character offsets into the analysed text. ``to_dict`` gives
the JSON form documented in the README (one object per article).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

QuoteKind = Literal["direct", "indirect", "mixed"]
SpeakerType = Literal["PERSON", "ORG", "GPE", "NORP", "UNNAMED"]
ClaimAct = Literal["responsibility", "blame", "denial"]
#: Event kinds of claims that happen somewhere: their place joins articles (docs/claims.md).
PLACED_KINDS = frozenset({"attack", "accident"})


@dataclass(frozen=True, slots=True)
class TextSpan:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> TextSpan:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))


@dataclass(frozen=True, slots=True)
class Speaker:
    entity: str
    name: str
    type: SpeakerType

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name, "type": self.type}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Speaker:
        return cls(str(d["entity"]), str(d["name"]), d["type"])


@dataclass(frozen=True, slots=True)
class Reporter:
    """Who reported a statement that is someone else's ("X said Y, according to Z":
    Z, with its cue and source span); ``speaker`` is None when Z is not resolved."""

    speaker: Speaker | None
    cue: TextSpan | None
    source: TextSpan | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "source": self.source.to_dict() if self.source else None,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Reporter:
        return cls(
            speaker=Speaker.from_dict(d["speaker"]) if d.get("speaker") else None,
            cue=TextSpan.from_dict(d["cue"]) if d.get("cue") else None,
            source=TextSpan.from_dict(d["source"]) if d.get("source") else None,
        )


@dataclass(frozen=True, slots=True)
class TargetStance:
    """The statement's stance toward one entity it mentions (first mention in its contents)."""

    entity: str
    start: int
    end: int
    label: str  # against | neutral | for
    prob: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "prob": round(self.prob, 4),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> TargetStance:
        return cls(
            str(d["entity"]), int(d["start"]), int(d["end"]), str(d["label"]), float(d["prob"])
        )


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    kind: QuoteKind
    cue: TextSpan | None
    sources: tuple[TextSpan, ...]
    contents: tuple[TextSpan, ...]
    speaker: Speaker | None
    confidence: float
    reported_by: Reporter | None = None
    #: None when stance classification is off (``[stance] enabled``); then null in the JSON.
    stance: tuple[TargetStance, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {
            "id": self.id,
            "kind": self.kind,
            "cue": self.cue.to_dict() if self.cue else None,
            "sources": [s.to_dict() for s in self.sources],
            "contents": [c.to_dict() for c in self.contents],
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "confidence": round(self.confidence, 4),
            "reported_by": self.reported_by.to_dict() if self.reported_by else None,
            "stance": None if self.stance is None else [s.to_dict() for s in self.stance],
        }
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Quote:
        return cls(
            id=str(d["id"]),
            kind=d["kind"],
            cue=TextSpan.from_dict(d["cue"]) if d.get("cue") else None,
            sources=tuple(TextSpan.from_dict(s) for s in d.get("sources", ())),
            contents=tuple(TextSpan.from_dict(s) for s in d.get("contents", ())),
            speaker=Speaker.from_dict(d["speaker"]) if d.get("speaker") else None,
            confidence=float(d.get("confidence", 0.0)),
            reported_by=Reporter.from_dict(d["reported_by"]) if d.get("reported_by") else None,
            stance=(
                tuple(TargetStance.from_dict(s) for s in d["stance"])
                if d.get("stance") is not None
                else None
            ),
        )


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: SpeakerType
    roles: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    mentions: tuple[TextSpan, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "roles": list(self.roles),
            "affiliations": list(self.affiliations),
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Entity:
        return cls(
            id=str(d["id"]),
            name=str(d["name"]),
            type=d["type"],
            roles=tuple(d.get("roles", ())),
            affiliations=tuple(d.get("affiliations", ())),
            mentions=tuple(TextSpan.from_dict(m) for m in d.get("mentions", ())),
        )


def _opt_span(d: Mapping[str, Any], key: str) -> TextSpan | None:
    return TextSpan.from_dict(d[key]) if d.get(key) else None


def _opt_speaker(d: Mapping[str, Any], key: str) -> Speaker | None:
    return Speaker.from_dict(d[key]) if d.get(key) else None


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim about an event: ``claimant`` claims responsibility for it, blames
    ``agent`` for it, or denies it (``act``). Speakers are article entities (None
    when unresolved); spans are as written. ``event_ref`` ("V1") is shared by the
    claims of one article about one event; ``event_kind`` is the event's kind
    ("attack" for every word of violence); ``quote`` the id of the statement the
    claim is made in, if any."""

    id: str
    act: ClaimAct
    trigger: TextSpan
    sentence: TextSpan
    claimant: Speaker | None
    claimant_span: TextSpan | None
    agent: Speaker | None
    agent_span: TextSpan | None
    event: TextSpan | None
    event_kind: str | None
    event_ref: str
    place: TextSpan | None = None
    time: TextSpan | None = None
    quote: str | None = None

    def to_dict(self) -> dict[str, Any]:
        def sp(s: TextSpan | None) -> dict[str, Any] | None:
            return s.to_dict() if s is not None else None

        return {
            "id": self.id,
            "act": self.act,
            "trigger": self.trigger.to_dict(),
            "sentence": self.sentence.to_dict(),
            "claimant": self.claimant.to_dict() if self.claimant else None,
            "claimant_span": sp(self.claimant_span),
            "agent": self.agent.to_dict() if self.agent else None,
            "agent_span": sp(self.agent_span),
            "event": sp(self.event),
            "event_kind": self.event_kind,
            "event_ref": self.event_ref,
            "place": sp(self.place),
            "time": sp(self.time),
            "quote": self.quote,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Claim:
        return cls(
            id=str(d["id"]),
            act=d["act"],
            trigger=TextSpan.from_dict(d["trigger"]),
            sentence=TextSpan.from_dict(d["sentence"]),
            claimant=_opt_speaker(d, "claimant"),
            claimant_span=_opt_span(d, "claimant_span"),
            agent=_opt_speaker(d, "agent"),
            agent_span=_opt_span(d, "agent_span"),
            event=_opt_span(d, "event"),
            event_kind=d.get("event_kind"),
            event_ref=str(d.get("event_ref") or ""),
            place=_opt_span(d, "place"),
            time=_opt_span(d, "time"),
            quote=d.get("quote"),
        )


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """The extraction result for one article (one JSON line)."""

    id: str
    text: str
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    warnings: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    claims: tuple[Claim, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "quotes": [q.to_dict() for q in self.quotes],
            "entities": [e.to_dict() for e in self.entities],
            "warnings": list(self.warnings),
            "claims": [c.to_dict() for c in self.claims],
        }
        if self.meta:
            d["meta"] = dict(self.meta)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ArticleResult:
        return cls(
            id=str(d["id"]),
            text=str(d["text"]),
            quotes=tuple(Quote.from_dict(q) for q in d.get("quotes", ())),
            entities=tuple(Entity.from_dict(e) for e in d.get("entities", ())),
            warnings=tuple(d.get("warnings", ())),
            meta=dict(d.get("meta") or {}),
            claims=tuple(Claim.from_dict(c) for c in d.get("claims") or ()),
        )


# ---------------------------------------------------------------- the one JSON form

#: Keys of an article record, of a statement and of the metadata, in the order every
#: output writes them (``saidwhat extract``, both ``batch`` engines, ``POST /api/articles``).
ARTICLE_KEYS = ("id", "text", "quotes", "entities", "claims", "warnings", "meta")
QUOTE_KEYS = (
    "id",
    "kind",
    "cue",
    "sources",
    "contents",
    "speaker",
    "confidence",
    "reported_by",
    "stance",
)
ENTITY_KEYS = ("id", "name", "type", "roles", "affiliations", "mentions")
META_KEYS = ("title", "url", "outlet", "published", "author", "crawled", "source", "content_hash")


def _ordered(d: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """``d`` with ``keys`` first, in that order (missing ones null), then any others."""
    return {k: d.get(k) for k in keys} | {k: v for k, v in d.items() if k not in keys}


def record_dict(d: Mapping[str, Any]) -> dict[str, Any]:
    """An article record in its one shape: every key present in one order, whatever
    produced it (``ArticleResult.to_dict()``, a batch row read back, a Spark ``Row``
    as a dict). ``meta`` keeps the metadata that is set, in :data:`META_KEYS` order."""
    meta = d.get("meta") or {}
    out = _ordered(d, ARTICLE_KEYS)
    out["quotes"] = [_ordered(q, QUOTE_KEYS) for q in d.get("quotes") or ()]
    out["entities"] = [_ordered(e, ENTITY_KEYS) for e in d.get("entities") or ()]
    out["claims"] = [dict(c) for c in d.get("claims") or ()]
    out["warnings"] = list(d.get("warnings") or ())
    out["meta"] = {k: v for k, v in _ordered(meta, META_KEYS).items() if v is not None and v != ""}
    return out


def record_json(d: Mapping[str, Any]) -> str:
    """The one JSON line of an article record (:func:`record_dict`, UTF-8 text, no newline)."""
    return json.dumps(record_dict(d), ensure_ascii=False)
