"""Statements across sentences: quotes that run on, and reports of reports.

Pure functions over the resolved attributions of one document (character
offsets into its text), run after speaker resolution:

- :func:`continue_quotes`: a paragraph that opens with a quotation mark and has
  no attribution of its own continues the quote before it ("…game.\\n\\n\\"There
  was a lot of work…\\""), and a quoted statement whose only source is "I"/"we"
  or nothing keeps the current speaker;
- :func:`unnest`: in "X said Y, according to Z" or "Z reports that X says Y"
  the statement Y is X's; Z's wrapper is dropped and kept on it as the reporter.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .attributions import Attribution, attribution_ends, opening_label, words_left
from .quotemarks import MARKS, OPENERS, misshapen_opening
from .segment import dateline_end

_OPEN = "\"“‘'«„"
_CLOSE = "\"”’'»"
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
_PARAGRAPH = re.compile(r"[^\n]+")
_REPORTING = re.compile(r"\b(report|according|quot)", re.IGNORECASE)


@dataclass(slots=True)
class Resolved:
    """An attribution with its speaker (an article entity, or None) and the
    reporter it was found inside (an outer attribution), if any."""

    att: Attribution
    speaker: Any
    confidence: float
    reporter: Resolved | None = None
    #: a turn of the narration's speaking, which a quotation paragraph after it may
    #: continue; not a statement a noun names on the way ("Y's allegations that …")
    turn: bool = True

    @property
    def statement_confidence(self) -> float:
        """The statement's confidence: the attribution's, lowered when its speaker is
        unsure or unknown."""
        a = self.att
        if a.sources or self.speaker is not None:
            return a.confidence * (0.5 + 0.5 * self.confidence)
        return a.confidence * 0.5

    @property
    def named(self) -> bool:
        """Whether the speaker is a named entity (not an unnamed source, not unknown)."""
        return self.speaker is not None and self.speaker.type != "UNNAMED"


def _first(a: Attribution) -> int:
    pts = [s for s, _ in a.contents] + ([a.cue[0]] if a.cue else [])
    return min(pts) if pts else 0


def _source_text(text: str, a: Attribution) -> str:
    return text[a.sources[0][0] : a.sources[0][1]].strip().lower() if a.sources else ""


def first_person_in_quotes(text: str, items: Sequence[Resolved]) -> list[Resolved]:
    """ "I said" inside somebody's quoted words is that somebody: take the enclosing speaker."""
    for r in items:
        if r.speaker is None and r.att.sources:
            s, e = r.att.sources[0]
            if text[s:e].strip().lower() in _FIRST_PERSON:
                for o in items:
                    if (
                        o.speaker is not None
                        and o is not r
                        and any(cs <= s < ce for cs, ce in o.att.contents)
                    ):
                        r.speaker, r.confidence = o.speaker, o.confidence * 0.9
                        break
    return list(items)


def continue_quotes(
    text: str,
    items: Sequence[Resolved],
    *,
    subject_of: Callable[[int, int], Any] | None = None,
) -> list[Resolved]:
    """Add the paragraphs that continue a quote, and give unattributed quoted
    statements the speaker of the quote they continue. ``subject_of(start, end)``,
    when given, names the person a paragraph without a statement is about (its
    last named subject): a quotation paragraph after it is theirs ("Asked about
    it, Bela was on the defensive.\n\n“I know what you are saying …”")."""
    out = sorted(items, key=lambda r: _first(r.att))
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]
    added: list[Resolved] = []
    current: Resolved | None = None  # the quote a quotation paragraph continues
    pending: list[tuple[int, int]] = []  # open quotation paragraphs not yet attributed
    opener: Resolved | None = None  # the statement just before the first of them
    previous: Resolved | None = None  # the statement of the paragraph before
    k = 0
    before: tuple[int, int] | None = None  # the paragraph before, when it held no statement
    for n, (ps, pe) in enumerate(paragraphs):
        last_plain, before = before, None
        inside = []
        while k < len(out) and _first(out[k].att) < pe:
            inside.append(out[k])
            k += 1
        # Only the attributions made in this paragraph (cue or content here).
        body = text[ps:pe]
        lead = len(body) - len(body.lstrip())
        # (a ” typed for “ also opens one: "”The fact is …")
        opens = body.lstrip()[:1] in _OPEN or misshapen_opening(text, ps + lead)
        carrier = _mark_left_out(text, paragraphs, n, out, added)
        if carrier is not None:
            # "…, he said: “I found out after the fact.\n\nMy publisher said it was not
            # true.\n\n“But now I take it as an omen.”": a paragraph in the first person
            # between two of one quotation, its opening mark left out, is the quotation's
            # too, and what it reports stays inside it
            out = [r for r in out if r not in inside]
            k -= len(inside)
            end = pe
            while end > ps + lead and (text[end - 1].isspace() or text[end - 1] in _CLOSE):
                end -= 1  # (the closing mark of "… new money.”")
            run_on = Resolved(
                Attribution(cue=None, contents=[(ps + lead, end)], kind="direct", confidence=0.5),
                carrier.speaker,
                carrier.confidence * 0.8,
            )
            added.append(run_on)
            current = previous = run_on
            continue
        if opens:
            # "“We celebrated. I think everybody was too tired to party.": the quoted
            # speaker's own "I think" is part of the quotation, not a statement of its own
            mine = [r for r in inside if _within_opened(text, ps + lead, r.att, pe)]
            if mine:
                inside = [r for r in inside if r not in mine]
                out = [r for r in out if r not in mine]
                k -= len(mine)
        covered = any(
            any(ch.isalnum() for ch in text[max(s, ps) : min(e, pe)])
            for r in out
            for s, e in r.att.contents
        )
        if not inside and covered:
            continue  # a quote running on from the paragraph before
        if not inside:
            if opens and current is None and not _closes(body):
                # an opened quotation that runs on into the next paragraph, whose
                # attribution ("… ," said X) then speaks for this one too
                if not pending:
                    opener = previous
                pending.append((ps + lead, pe))
                continue
            # a quotation paragraph of its own after somebody's statement (quoted or
            # reported: "X said the suspects were linked to thefts.\n\n“…”") is theirs
            speaking = current or (previous if previous is not None and _closes(body) else None)
            if opens and speaking is None and _closes(body) and last_plain and subject_of:
                about = subject_of(*last_plain)
                if about is not None:
                    speaking = Resolved(Attribution(cue=None), about, 0.6)
            if opens and speaking is not None:
                # "X said …\n\n“… (runs on)\n\n“… .”": the paragraphs it closes are X's too
                added.extend(_runs_on(text, pending, speaking))
                pending = []
                own = _runs_on(text, [(ps + lead, pe)], speaking)
                if own:
                    added.extend(own)
                    current = previous = own[0]
                    continue
            current = previous = None
            pending = []
            before = (ps, pe)
            continue
        first = inside[0]
        if pending and opens and first.speaker is not None and first.att.kind != "indirect":
            added.extend(_runs_on(text, pending, first))
        elif pending and opener is not None and opener.speaker is not None:
            # a quotation left open after somebody's statement, before another's
            added.extend(_runs_on(text, pending, opener))
        pending = []
        if previous is None and last_plain is not None and subject_of is not None and opens:
            about = subject_of(*last_plain)
            if about is not None:
                previous = Resolved(Attribution(cue=None), about, 0.6)
        said: Resolved | None = None  # the last statement made in this paragraph
        for r in inside:
            quoted = r.att.kind in ("direct", "mixed") or opens
            # "“A,” X said. “B …”": a quotation after X's statement in the same
            # paragraph, with no attribution of its own, is X's
            by = said if said is not None and r.att.cue is None else previous
            if (
                r.speaker is None
                and quoted
                and by is not None
                and _source_text(text, r.att) in _FIRST_PERSON | {""}
            ):
                r.speaker, r.confidence = by.speaker, by.confidence * 0.8
            if r.speaker is not None and r.att.sources:
                said = r
        # the paragraph's own statements before one named by a noun on the way ("X said
        # in a statement in response to Y's allegations that …": X speaks on)
        turns = [r for r in inside if r.turn] or inside
        last = turns[-1]
        if len(turns) > 1 and _asks(text, last.att) and not _asks(text, turns[-2].att):
            # "X said … . Residents had asked X if it was divided.\n\n“…”": a question
            # put to the speaker before it is no turn; the quotation answers it
            last = turns[-2]
        # a statement reported inside a quotation still open is no turn that the next
        # quotation paragraph continues ("“But, as the Journal wrote, it shows …"); a
        # speaker's label opening the quotation is ("“PENCE: Well, …")
        inner = opens and _reported_inside(text, ps + lead, last.att)
        previous = last if last.speaker is not None and not inner else None
        current = previous if previous is not None and last.att.kind != "indirect" else None
        if all(r.speaker is None and not r.att.sources for r in inside):
            before = (ps, pe)  # nobody speaks here ("Asked about X, Varga was …")
    if pending and opener is not None and opener.speaker is not None:
        # the text ends inside a quotation opened just after somebody's statement
        # ("…, saying questions must be answered.\n\n“We can’t leave this …"): theirs
        added.extend(_runs_on(text, pending, opener))
    return sorted(out + added, key=lambda r: _first(r.att))


def _within_opened(text: str, opened: int, a: Attribution, end: int) -> bool:
    """Whether an attribution made inside the quotation opened at ``opened`` (before
    any mark that closes it: "“We celebrated. I think …", "“They said the last half
    hour …"), or words of that quotation that lost the cue the quoted speaker reported
    (:func:`~.attributions.unquote_inner_cues`), are the quotation's own. A speaker's
    label opening it and the attribution that ends a paragraph ``end`` whose closing
    mark was left out are not."""
    if a.cue is None:
        if not a.unquoted or not a.contents:
            return False
        first = min(s for s, _ in a.contents)
    elif (
        not a.sources
        # (a speaker's label opening the quotation: "“PENCE: Well, …")
        or not any(ch.isalpha() for ch in text[a.cue[0] : a.cue[1]])
        # (the attribution that ends a paragraph whose closing mark was left out:
        # "“Security is paramount …, Police Spokesperson X has said.")
        or attribution_ends(text, a, end)
    ):
        return False
    else:
        first = min(s for s, _ in [a.cue, *a.sources])
    return _still_open(text, opened, first)


_FIRST_PERSON_WORD = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Ww]e|[Oo]ur)\b")


def _left_open(body: str) -> int | None:
    """Where the quotation a paragraph opens and does not close starts (offset in
    ``body``), if it does."""
    at: int | None = None
    for m in MARKS.finditer(body):
        ch = m.group()
        if ch == '"':
            at = m.start() if at is None else None
        elif ch in OPENERS:
            at = m.start()
        else:
            at = None
    return at


def _mark_left_out(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    n: int,
    out: Sequence[Resolved],
    added: Sequence[Resolved],
) -> Resolved | None:
    """The statement (of ``out``, or ``added`` by the paragraphs before) whose
    quotation runs on through paragraph ``n`` although its opening mark was left out:
    the paragraph before leaves a quotation open, and this one either has no quotation
    mark, speaks in the first person and the next one opens a quotation again, or its
    one mark closes it at its end. None when that is not so or nobody is known to
    speak."""
    if n == 0:
        return None
    ps, pe = paragraphs[n]
    body = text[ps:pe]
    mark = MARKS.search(body)
    if mark is not None:
        # "…: “The budget is tight.\n\nWe cannot keep every service.”": a paragraph
        # whose only mark closes it at its end, its opening mark left out
        ch, rest = mark.group(), body[mark.end() :]
        i = mark.start()
        closing = ch in _CLOSE or (ch == '"' and not body[i - 1 : i].isspace())
        if not closing or any(c.isalnum() for c in rest) or MARKS.search(rest):
            return None
        if any(s <= ps + 1 < e or ps <= s < pe for r in out for s, e in r.att.contents):
            return None  # (the statement before runs on here already)
    elif not _FIRST_PERSON_WORD.search(body) or n + 1 >= len(paragraphs):
        return None
    else:
        ns, ne = paragraphs[n + 1]
        nxt = text[ns:ne].lstrip()
        if nxt[:1] not in _OPEN or nxt[:1] == "'":
            return None
    bs, be = paragraphs[n - 1]
    at = _left_open(text[bs:be])
    if at is None:
        return None
    at += bs
    for r in (*reversed(added), *reversed(out)):
        if r.speaker is not None and any(
            s <= at + 1 < e or at <= s < be for s, e in r.att.contents
        ):
            return r
    return None


def _reported_inside(text: str, opened: int, a: Attribution) -> bool:
    """Whether an attribution lies inside the quotation opened at ``opened``, after
    words of it: a statement the quoted words report."""
    if a.cue is None:
        return False
    first = min(s for s, _ in [a.cue, *a.sources])
    return _still_open(text, opened, first) and any(ch.isalnum() for ch in text[opened + 1 : first])


def _still_open(text: str, opened: int, pos: int) -> bool:
    """Whether ``pos`` lies inside the quotation opened at ``opened``: after it, with
    no mark that closes it between them. Marks opened inside it close their own
    ("… as “The Journal” wrote" is still inside a quotation opened with a straight
    mark, which a ” typed for its close ends); an apostrophe inside a word closes
    nothing."""
    if pos <= opened:
        return False
    inner: list[str] = []
    for i in range(opened + 1, pos):
        ch = text[i]
        if ch in "“‘" and not text[i - 1 : i].isalpha():
            inner.append("”" if ch == "“" else "’")
        elif ch in _CLOSE and not (text[i - 1 : i].isalpha() and text[i + 1 : i + 2].isalpha()):
            if inner and inner[-1] == ch:
                inner.pop()
            else:
                return False
    return True


def _runs_on(text: str, pending: Sequence[tuple[int, int]], by: Resolved) -> list[Resolved]:
    """The quotation paragraphs ``pending`` (start at the opening mark, end of
    paragraph) as statements of ``by``'s speaker, without their marks."""
    out = []
    for qs, qe in pending:
        s, e = qs + 1, qe
        while e > s and (text[e - 1].isspace() or text[e - 1] in _CLOSE):
            e -= 1
        if e > s:
            a = Attribution(cue=None, contents=[(s, e)], kind="direct", confidence=0.5)
            out.append(Resolved(a, by.speaker, by.confidence * 0.8))
    return out


def _asks(text: str, a: Attribution) -> bool:
    """Whether the cue of ``a`` puts a question ("asked", "had asked")."""
    if a.cue is None:
        return False
    words = text[a.cue[0] : a.cue[1]].lower().split()
    return bool(words) and words[-1] in ("asked", "asks", "ask", "asking")


def _closes(body: str) -> bool:
    """Whether a paragraph that opens a quotation also closes it."""
    end = body.rstrip()
    return end[-1:] in _CLOSE or end[-2:-1] in _CLOSE


def cut_at_paragraphs(text: str, atts: Sequence[Attribution]) -> None:
    """A content ends at the end of its paragraph (a quote that runs on is one
    statement per paragraph: :func:`continue_quotes` adds the others) and starts after
    a dateline that opens it."""
    for a in atts:
        pieces = []
        for s, e in a.contents:
            brk = text.find("\n", s, e)
            while brk != -1 and not text[s:brk].strip():
                s = brk + 1  # a content that starts on a blank line
                brk = text.find("\n", s, e)
            para = text.rfind("\n", 0, s) + 1
            if s - para <= 60:  # a content that starts in the paragraph's dateline
                s = min(max(s, dateline_end(text, para)), e)
            if brk != -1:
                e = brk
            while e > s and text[e - 1].isspace():
                e -= 1
            if any(ch.isalnum() for ch in text[s:e]):
                pieces.append((s, e))
        a.contents = pieces


def _paragraph_index(text: str) -> Callable[[int], int]:
    """The paragraph number of a position of ``text`` (blank-line breaks, or line
    breaks when the text has no blank line): the breaks are found once and each
    position is placed by bisection (counting from the start for each was quadratic)."""
    sep = "\n\n" if "\n\n" in text else "\n"
    ends = [m.end() for m in re.finditer(re.escape(sep), text)]
    return lambda pos: bisect.bisect_right(ends, pos)


def _cut_before(text: str, s: int, cue: int) -> int:
    cut = cue
    while cut > s and text[cut - 1] in " ,;–—-":
        cut -= 1
    return cut


def share_contents(text: str, atts: Sequence[Attribution]) -> None:
    """One statement, one attribution: a content piece that two attributions share
    stays with the one whose cue is in its paragraph (or nearer), and a content
    that runs over a second cue of the same speaker ("said X, adding that Y") ends
    before it.

    Cues and contents are looked up by bisection, not by comparing every pair of
    attributions (quadratic: 4,679 attributions in 96 KB of nested quotes, issue 20.3).
    """
    cued = [b for b in atts if b.cue is not None]
    # a cue that may cut another's content: it has content of its own after it
    cutters = sorted(
        (b.cue[0], n, b)
        for n, b in enumerate(cued)
        if b.cue is not None and any(bs >= b.cue[1] for bs, _ in b.contents)
    )
    cue_starts = [c for c, _, _ in cutters]
    for a in cued:
        assert a.cue is not None
        for i, (s, e) in enumerate(a.contents):
            # the nearest cue inside the content cuts it; a cut may bring in a cue whose
            # source was inside the longer content, so look again until nothing changes
            changed = True
            while changed:
                changed = False
                k = bisect.bisect_right(cue_starts, s)
                while k < len(cutters) and cutters[k][0] < e:
                    c, _, b = cutters[k]
                    k += 1
                    if b is a or c <= a.cue[0] or any(s <= x < e for x, _ in b.sources):
                        continue
                    e, changed = _cut_before(text, s, c), True
                    break
            a.contents[i] = (s, e)
    paragraph = _paragraph_index(text)
    spans = sorted((bs, be, n) for n, b in enumerate(cued) for bs, be in b.contents)
    span_starts = [bs for bs, _, _ in spans]
    for n, a in enumerate(cued):
        assert a.cue is not None
        if len(a.contents) < 2:
            continue
        keep = []
        for s, e in a.contents:
            # pieces dropped from an earlier attribution no longer hold anything
            holders = (
                m
                for bs, be, m in spans[: bisect.bisect_right(span_starts, s)]
                if be >= e and (bs, be) in cued[m].contents
            )
            first = min((m for m in holders if m != n), default=None)
            rival = cued[first] if first is not None else None
            if (
                rival is not None
                and rival.cue is not None
                and paragraph(rival.cue[0]) == paragraph(s)
                and paragraph(a.cue[0]) != paragraph(s)
            ):
                continue  # the piece is the statement of the cue in its own paragraph
            keep.append((s, e))
        a.contents = keep or a.contents


def add_reported(
    text: str,
    atts: list[Attribution],
    inner: Sequence[Attribution],
    *,
    documents: Sequence[Attribution] = (),
) -> list[Attribution]:
    """Add the statements found inside a report ("according to Z, X said Y"; "Z
    reports that X says Y"): rule-found attributions whose cue and source lie in
    the content of an attribution with a reporting cue, where no learned span
    has a cue or source already; :func:`unnest` then gives Y to X. Those of
    ``documents`` ("… attributed the move to the tabloid report that said Y": a
    document saying something) are added inside any statement's words."""
    reports = [
        a
        for a in atts
        if a.cue is not None and a.kind != "direct" and _REPORTING.search(text[a.cue[0] : a.cue[1]])
    ]
    if not reports and not documents:
        return atts
    taken = [r for a in atts for r in ([a.cue] if a.cue else []) + a.sources]
    own_ids = {id(b) for b in documents}
    anywhere = [a for a in atts if a.cue is not None]
    out = list(atts)
    for b in inner:
        if b.cue is None or not b.sources or not b.contents:
            continue
        if any(s < b.cue[1] and b.cue[0] < e for s, e in taken):
            continue
        own = id(b) in own_ids
        hosts = anywhere if own else reports
        around = [
            a
            for a in hosts
            if _covers(a.contents, *b.cue) and all(_covers(a.contents, s, e) for s, e in b.sources)
        ]
        if around:
            b.confidence *= 0.8
            out.append(b)
            taken.extend([b.cue, *b.sources])
            for a in around if own else ():
                # the words are the document's or the one heard, not the host's: the host
                # keeps the rest ("their sons overheard X say", its opening mark dropped)
                a.contents = words_left(text, a.contents, b.contents, tail=_OPEN)
    return out


def _covers(outer: Sequence[tuple[int, int]], s: int, e: int) -> bool:
    return any(cs <= s and e <= ce for cs, ce in outer)


def unnest(text: str, items: Sequence[Resolved], *, least: float = 0.0) -> list[Resolved]:
    """Drop an outer attribution whose content is an inner attribution and
    nothing else; the inner one keeps its own speaker and gets the outer one as
    ``reporter`` ("X said Y, according to Z": Y is X's, reported by Z). An inner one
    below ``least`` (the statements' minimum confidence), which is not output, folds
    nothing ("said that they would not be answering questions as …")."""
    drop: set[int] = set()
    # a statement named by a noun ("a Wall Street Journal report that …") is one in its
    # own right, never folded into the statement around it nor folding one into itself
    for outer in items:
        oc = outer.att.contents
        if not oc or outer.att.cue is None or outer.att.kind == "direct" or outer.att.noun_cue:
            continue  # what a quotation reports inside it stays the quotation's
        if opening_label(text, outer.att):
            continue  # a transcript's turn ("“HOST: But, as the Ledger wrote, …"): the host's
        for inner in items:
            a = inner.att
            if inner is outer or a.cue is None or not a.sources or not a.contents or a.noun_cue:
                continue
            if inner.statement_confidence < least:
                continue
            if not (_covers(oc, *a.cue) and all(_covers(oc, s, e) for s, e in a.sources)):
                continue
            if id(inner) in drop:
                continue
            if _covers(a.contents, *outer.att.cue):
                # each inside the other ("X says Y, Z reports"): the reporting verb decides
                if not _REPORTING.search(text[outer.att.cue[0] : outer.att.cue[1]]):
                    continue
                cut = min(outer.att.cue[0], *(s for s, _ in outer.att.sources or [outer.att.cue]))
                a.contents = [(s, min(e, cut)) for s, e in a.contents if s < cut]
                while a.contents and text[a.contents[-1][1] - 1] in " ,;":
                    s, e = a.contents[-1]
                    a.contents[-1] = (s, e - 1)
            lo = min(a.cue[0], *(s for s, _ in a.sources), *(s for s, _ in a.contents))
            hi = max(a.cue[1], *(e for _, e in a.sources), *(e for _, e in a.contents))
            rest = "".join(
                text[s : min(e, lo)] * (s < lo) + text[max(s, hi) : e] * (e > hi) for s, e in oc
            )
            if len(re.sub(r"\W+", "", rest)) <= 12:
                drop.add(id(outer))
                if inner.reporter is None:
                    inner.reporter = outer
    return [r for r in items if id(r) not in drop]
