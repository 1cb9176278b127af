"""Conversations: who says "he said" when two people talk.

In a dialogue (a run of quoted turns with little narration between them) the
speakers are the conversation's participants. A quote attributed by a pronoun
("…," she said) is given, after speaker resolution, to a participant of the
pronoun's gender when that choice is clear:

- the only participant of that gender among the last two speakers;
- the person a turn just before addressed by name ("…, Basil." … "…," he
  answered): the addressee answers, also before they have spoken;
- of two participants of the same gender, the one who did not speak the turn
  before, when the two have been taking turns (the turns before alternate);

and never the person the quote itself addresses by name ("Annie," she said).
When the narration just before the quote names nobody but has a "he"/"she" of the
quote's gender for subject, the quote goes to the person that narration is about:
the last one of that gender named as the subject of a main clause ("Mrs. Hall lit
the fire. … She noticed the snow on his shoulders. “…,” she said").
A person of that gender named in the narration since the last turn who is no
participant (somebody new enters the scene) leaves the resolver's choice as it
is, and so does a long stretch of narration (a new scene).

A first-person narrator ("…," I said) is the person the others address by name in
the turns next to the narrator's own, twice, or once in words put to them
(:func:`narrator`).

Pure functions over one document (character offsets); :mod:`stages.dialogue`
runs them between ``resolution`` and ``continuity``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .continuity import Resolved

#: subject pronouns whose speaker a conversation may decide, with their gender
_PRONOUNS = {"he": "m", "she": "f"}
#: verbs that keep the turn with the speaker before ("…," he added)
_SAME_TURN = frozenset("added adding continued continuing resumed went pursued".split())
#: at most this much narration between two turns of an exchange ("…," said the
#: captain, turning to the window. "…")
_ATTRIBUTION = 80
#: how far back (in conversation gaps) the narration's focus is looked for
_FOCUS_GAPS = 5
#: words of people talking to each other
_ADDRESS = re.compile(r"\?|\byou(?:r|rs|rself)?\b", re.IGNORECASE)


#: what :func:`_choose` gives when the quote's speaker is known not to be the
#: resolver's choice and nobody else fits
NOBODY = object()


@dataclass(frozen=True, slots=True)
class Turn:
    """Consecutive quoted passages of one statement (or of none: an unattributed
    quotation) - one turn of a conversation. ``item`` indexes the statement."""

    start: int
    end: int
    item: int | None


@dataclass(frozen=True, slots=True)
class Mention:
    """A named mention of a person in the document: characters and entity."""

    start: int
    end: int
    entity: Any


def turns(quoted: Sequence[tuple[int, int]], items: Sequence[Resolved]) -> list[Turn]:
    """The turns of a document: each quoted passage goes with the quoted statement
    whose content overlaps it most; consecutive passages of one statement are one
    turn ("“A,” said X, “B.”")."""
    out: list[Turn] = []
    for qs, qe in sorted(quoted):
        best, most = None, 0
        for n, r in enumerate(items):
            if r.att.kind not in ("direct", "mixed"):
                continue
            ov = sum(max(0, min(e, qe) - max(s, qs)) for s, e in r.att.contents)
            if ov > most:
                best, most = n, ov
        if out and best is not None and out[-1].item == best:
            out[-1] = Turn(out[-1].start, qe, best)
        else:
            out.append(Turn(qs, qe, best))
    return out


def _narration(
    text: str, s: int, e: int, quoted: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The stretches of ``text[s:e]`` outside quotation marks."""
    out, pos = [], s
    for qs, qe in sorted(quoted):
        if qe <= pos or qs >= e:
            continue
        if qs > pos:
            out.append((pos, qs))
        pos = max(pos, qe)
    if pos < e:
        out.append((pos, e))
    return out


def vocatives(text: str, span: tuple[int, int], mentions: Sequence[Mention]) -> list[Any]:
    """The people a quoted passage addresses by name: a named mention at the edge
    of the words or set off by commas ("Basil, …", "…, Annie?", "…, my dear Mary, …")."""
    s, e = span
    out = []
    for m in mentions:
        if not (s <= m.start and m.end <= e):
            continue
        before = text[s : m.start].rstrip()
        before = before.removesuffix("dear").rstrip().removesuffix("my").rstrip()
        after = text[m.end : e].lstrip()
        opens = not before.strip("“”\"'‘ ") or before[-1:] in ",!?"
        closes = not after.strip("“”\"'’ ") or after[:1] in ",!?."
        if opens and closes:
            out.append(m.entity)
    return out


def pronoun_subjects(
    tokens: Iterable[Any], quoted: Sequence[tuple[int, int]]
) -> list[tuple[int, str]]:
    """The "he"/"she" subjects of the narration (outside ``quoted``) among a document's
    ``tokens``: character offset and gender."""
    return [
        (t.idx, _PRONOUNS[t.lower_])
        for t in tokens
        if t.lower_ in _PRONOUNS
        and t.dep_ in ("nsubj", "nsubjpass")
        and not any(qs <= t.idx < qe for qs, qe in quoted)
    ]


def converse(
    text: str,
    items: Sequence[Resolved],
    *,
    quoted: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    gender_of: Callable[[Any], str | None],
    max_gap: int = 400,
    subjects: Sequence[Mention] = (),
    pronouns: Sequence[tuple[int, str]] = (),
) -> list[Resolved]:
    """Give each quote attributed by "he"/"she" inside a conversation the
    participant the conversation points to (see the module's rules); ``mentions``
    are the document's named mentions of people in text order, ``gender_of`` the
    gender ("m"/"f"/None) of a speaker entity; turns more than ``max_gap``
    characters apart are different conversations."""
    out = list(items)
    ts = turns(quoted, out)
    persons = [m for m in mentions if getattr(m.entity, "type", None) == "PERSON"]
    for k, t in enumerate(ts):
        if t.item is None:
            continue
        r = out[t.item]
        g = _pronoun_gender(text, r)
        if g is None:
            continue
        chosen = _choose(text, ts, k, out, quoted, persons, g, gender_of, max_gap)
        if chosen is None:
            chosen = _focus(
                text, ts, k, out, quoted, persons, subjects, pronouns, g, gender_of, max_gap
            )
        if chosen is NOBODY:
            r.speaker, r.confidence = None, 0.0
        elif chosen is not None and chosen is not r.speaker:
            r.speaker, r.confidence = chosen, 0.7
    me = narrator(text, ts, out, quoted=quoted, mentions=persons, max_gap=max_gap)
    if me is not None:
        for t in ts:
            if t.item is not None and _narrators_own(text, out[t.item], quoted):
                out[t.item].speaker, out[t.item].confidence = me, 0.7
    return out


def _narrators_own(text: str, r: Resolved, quoted: Sequence[tuple[int, int]]) -> bool:
    """Whether a quote is attributed to "I" in the narration ("…," I said), not to an
    "I" inside quoted words."""
    if r.att.kind not in ("direct", "mixed") or not r.att.sources:
        return False
    s, e = r.att.sources[0]
    return text[s:e].strip() == "I" and not any(qs <= s < qe for qs, qe in quoted)


def narrator(
    text: str,
    ts: Sequence[Turn],
    items: Sequence[Resolved],
    *,
    quoted: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    max_gap: int = 400,
) -> Any:
    """The person a first-person narrator is: the one the other speakers address by
    name in the turns next to the narrator's own ("“…, Rudolf?” said Rose. “…,” I
    answered"), at least twice and more often than anybody else, or once in words put
    to them (a question, "you": "I think, Watson, that you …") when nobody else is
    called; never somebody a quote is attributed to by name or the narration names
    ("the said Jack": the narrator is "I" there). None when the text gives no such
    name."""
    named_speakers = {
        id(r.speaker)
        for r in items
        if r.speaker is not None
        and r.att.sources
        and not _narrators_own(text, r, quoted)
        and _source_is_named(text[r.att.sources[0][0] : r.att.sources[0][1]].strip())
    }
    named_speakers |= {
        id(m.entity) for m in mentions if not any(qs <= m.start < qe for qs, qe in quoted)
    }
    votes: dict[int, int] = {}
    who: dict[int, Any] = {}
    talked: set[int] = set()  # called in words with a question or "you"
    for k, t in enumerate(ts):
        if t.item is None or not _narrators_own(text, items[t.item], quoted):
            continue
        for j in (k - 1, k + 1):
            if not 0 <= j < len(ts) or ts[j].item == t.item:
                continue
            a, b = sorted((t, ts[j]), key=lambda x: x.start)
            if b.start - a.end > max_gap:
                continue
            words = text[ts[j].start : ts[j].end]
            for c in vocatives(text, (ts[j].start, ts[j].end), mentions):
                if id(c) not in named_speakers:
                    votes[id(c)] = votes.get(id(c), 0) + 1
                    who[id(c)] = c
                    if _ADDRESS.search(words):
                        talked.add(id(c))
    ranked = sorted(votes.items(), key=lambda x: -x[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    top, n = ranked[0]
    # called twice, or the only one called, once, in words put to them ("…, Watson, that
    # you have …", "What does he say, Van?")
    if n >= 2 or (len(ranked) == 1 and top in talked):
        return who[top]
    return None


def _source_is_named(source: str) -> bool:
    """A source written as a name ("Rose"), not a pronoun ("She")."""
    return source[:1].isupper() and source.lower() not in ("he", "she", "they", "it", "we")


def _pronoun_gender(text: str, r: Resolved) -> str | None:
    if r.att.kind not in ("direct", "mixed") or not r.att.sources:
        return None
    s, e = r.att.sources[0]
    return _PRONOUNS.get(text[s:e].strip().lower())


def _choose(
    text: str,
    ts: Sequence[Turn],
    k: int,
    items: Sequence[Resolved],
    quoted: Sequence[tuple[int, int]],
    persons: Sequence[Mention],
    g: str,
    gender_of: Callable[[Any], str | None],
    max_gap: int,
) -> Any:
    t = ts[k]
    r = items[t.item] if t.item is not None else None
    if r is None or r.att.cue is None:
        return None
    cue = text[r.att.cue[0] : r.att.cue[1]].strip().lower()
    addressed = vocatives(text, (t.start, t.end), persons)
    if r.speaker is not None and r.speaker in addressed:
        # "Annie," she said: not Annie; the person of that gender named last before
        # the quote (outside quotes), else the last speaker of that gender, else nobody
        src = r.att.sources[0][0]
        told = _narration(text, max(0, t.start - max_gap), max(src, t.start), quoted)
        named = [m.entity for m in persons if any(s <= m.start < e for s, e in told)]
        spoke = [_speaker(items, b) for b in reversed(ts[max(0, k - 4) : k])]
        for c in [*reversed(named), *spoke]:
            if c is not None and c not in addressed and gender_of(c) == g:
                return c
        return NOBODY
    # the turns before, in this conversation, most recent first
    before: list[Turn] = []
    edge = t.start
    for j in range(k - 1, -1, -1):
        if edge - ts[j].end > max_gap:
            break
        before.append(ts[j])
        edge = ts[j].start
    if not before:
        return None
    speakers = [_speaker(items, b) for b in before]
    participants: list[Any] = []
    for sp in speakers:
        if sp is not None and sp not in participants and getattr(sp, "type", None) == "PERSON":
            participants.append(sp)
        if len(participants) == 2:
            break
    if not participants:
        return None
    fits = [p for p in participants if gender_of(p) == g and p not in addressed]
    # somebody named in the narration since the last turn and its attribution (up to
    # the pronoun)
    src = r.att.sources[0][0]
    since = _narration(text, _made_end(items, before[0]), max(src, t.start), quoted)
    named = [m.entity for m in persons if any(s <= m.start < e for s, e in since)]
    # (the last of them the pronoun can be: "X questioned why Cr Whitney wanted …" —
    # "he" is not Whitney)
    named = [c for c in named if gender_of(c) in (g, None)] or named
    if named:
        last = named[-1]
        if last in fits:
            return last
        if gender_of(last) in (g, None) and last not in addressed:
            return None  # somebody new (or the narration's own subject): the resolver's
    if cue in _SAME_TURN:
        return None
    # the one the turn just before called by name answers, also before they have
    # spoken ("It is your best work, Basil," said Lord Henry. "…," he answered)
    called = [
        p
        for p in vocatives(text, (before[0].start, before[0].end), persons)
        if p is not speakers[0] and p not in addressed and gender_of(p) == g
    ]
    if len(called) == 1 and _told(text, before[0].end, t.start, quoted) <= _ATTRIBUTION:
        return called[0]
    if len(fits) == 1:
        other = [p for p in participants if p is not fits[0]]
        if not other or gender_of(other[0]) not in (g, None):
            return fits[0]
        return None
    if len(fits) != 2:
        return None
    # the person the turn before addressed by name answers
    called = [p for p in vocatives(text, (before[0].start, before[0].end), persons) if p in fits]
    if len(called) == 1 and called[0] is not speakers[0]:
        return called[0]
    # two of one gender taking turns: the one who did not speak last, when the last
    # turns follow each other with no more narration than an attribution and talk to
    # each other (a question, "you"): news quotes in a row are no exchange
    if (
        len(before) >= 2
        and speakers[0] is not None
        and speakers[0] is not speakers[1]
        and _told(text, before[0].end, t.start, quoted) <= _ATTRIBUTION
        and _told(text, before[1].end, before[0].start, quoted) <= _ATTRIBUTION
        and any(_ADDRESS.search(text[x.start : x.end]) for x in (t, before[0]))
    ):
        return next(p for p in fits if p is not speakers[0])
    return None


def _focus(
    text: str,
    ts: Sequence[Turn],
    k: int,
    items: Sequence[Resolved],
    quoted: Sequence[tuple[int, int]],
    persons: Sequence[Mention],
    subjects: Sequence[Mention],
    pronouns: Sequence[tuple[int, str]],
    g: str,
    gender_of: Callable[[Any], str | None],
    max_gap: int,
) -> Any:
    """The person the narration is about: when the narration just before the quote
    (since the turn before) has a "he"/"she" of the quote's gender for subject ("She
    noticed the snow on his shoulders. “…,” she said") and names nobody, the
    last person of that gender named as a subject before it."""
    t = ts[k]
    r = items[t.item] if t.item is not None else None
    if r is None:
        return None
    src = r.att.sources[0][0]
    start = _made_end(items, ts[k - 1]) if k > 0 else 0
    start = max(start, t.start - max_gap)
    since = _narration(text, start, max(src, t.start), quoted)
    if any(any(s <= m.start < e for s, e in since) for m in persons):
        return None  # somebody named: rule 2's business
    if not any(gg == g and any(s <= i < e for s, e in since) for i, gg in pronouns):
        return None
    addressed = vocatives(text, (t.start, t.end), persons)
    limit = max(0, t.start - _FOCUS_GAPS * max_gap)
    for m in reversed(subjects):
        if m.start >= t.start or m.start < limit:
            continue
        if any(qs <= m.start < qe for qs, qe in quoted):
            continue
        if gender_of(m.entity) == g:
            return None if m.entity in addressed else m.entity
    return None


def _told(text: str, s: int, e: int, quoted: Sequence[tuple[int, int]]) -> int:
    """How many characters of narration lie between ``s`` and ``e``."""
    return sum(len(text[a:b].strip()) for a, b in _narration(text, s, e, quoted))


def _made_end(items: Sequence[Resolved], t: Turn) -> int:
    """Where a turn and its attribution ("…," said Tom) end."""
    if t.item is None:
        return t.end
    a = items[t.item].att
    return max([t.end, *(e for _, e in a.sources), *(a.cue[1:] if a.cue else ())])


def _speaker(items: Sequence[Resolved], t: Turn) -> Any:
    return items[t.item].speaker if t.item is not None else None
