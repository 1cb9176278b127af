"""Rule backoff for the learned tagger: rule-found attributions where the models
found nothing, and conjoined cues that share a subject.

Pure functions over :class:`~saidwhat.extract.attributions.Attribution` lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from .attributions import Attribution, cue_span, ranges_minus, token_span_chars


def add_uncovered(
    atts: list[Attribution],
    extra: Iterable[Attribution],
    length: int,
    *,
    over_contents: bool = False,
) -> list[Attribution]:
    """Add rule-found attributions whose cue no learned span covers (rare or British verbs).

    With ``over_contents`` (punctuation attributions: a dash after a quotation, a
    speaker label opening a line) only learned cues and sources block one: a
    learned content that runs over it is cut where it starts, as a new speaker's
    turn or signature ends the statement before it.
    """
    covered = bytearray(length + 1)

    def cover(r: tuple[int, int]) -> None:
        covered[r[0] : r[1]] = b"\x01" * (r[1] - r[0])

    for a in atts:
        for r in ([a.cue] if a.cue else []) + a.sources + ([] if over_contents else a.contents):
            cover(r)
    out = list(atts)
    for b in extra:
        if b.cue is None or any(covered[b.cue[0] : b.cue[1]]):
            continue
        if over_contents:
            cut = min(b.cue[0], *(s for s, _ in b.sources))
            for a in out:
                pieces = [(s, min(e, cut)) if s < cut < e else (s, e) for s, e in a.contents]
                a.contents = [(s, e) for s, e in pieces if not (cut <= s < b.cue[1])]
            out = [a for a in out if a.contents]
        b.confidence *= 0.8
        out.append(b)
        for r in [b.cue, *b.sources, *b.contents]:
            cover(r)
    return out


def add_nested(
    text: str, atts: list[Attribution], nouns: Iterable[Attribution]
) -> list[Attribution]:
    """A claim named inside another statement's words or cue is its author's: in
    "Bredell refuted claims by Bans that the DA is destabilising …" and "Court took
    umbrage over Farren's comment that …", the "that" clause is Bans's and Farren's
    statement (the realnews conventions' nested attribution). The outer statement keeps
    the rest of its words ("a claim by Israel's foreign ministry" denied), or goes
    when nothing else is left."""
    out = list(atts)
    for b in nouns:
        if b.cue is None or not b.contents:
            continue
        host = next(
            (
                a
                for a in out
                if a.cue is not None
                and not a.noun_cue
                and any(s <= b.cue[0] < e for s, e in [a.cue, *a.contents])
                and any(s <= b.contents[0][0] < e for s, e in a.contents)
            ),
            None,
        )
        bs, be = b.contents[0]
        if host is None or any(
            o is not host
            and (
                o.cue == b.cue
                # its words already another statement's ("a report that the minister
                # warned …": the minister's)
                or sum(max(0, min(e, be) - max(s, bs)) for s, e in o.contents) > (be - bs) / 2
            )
            for o in out
        ):
            continue
        pieces = ranges_minus(host.contents, [(bs, be)])
        host.contents = [p for p in (_trim_that(text, *p) for p in pieces) if p is not None]
        out.append(b)
    return [a for a in out if a.contents]


_THAT_END = re.compile(r"(?:\s+|^)that\s*$", re.IGNORECASE)


def _trim_that(text: str, s: int, e: int) -> tuple[int, int] | None:
    """A piece of words less a "that" it ends with and its spaces and punctuation;
    None when no word is left ("that" of "refuted claims … that")."""
    m = _THAT_END.search(text[s:e])
    if m is not None:
        e = s + m.start()
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    return (s, e) if any(ch.isalnum() for ch in text[s:e]) else None


def inherit_conj_sources(doc: Doc, atts: list[Attribution]) -> None:
    """ "X declined to comment but insisted ...": a conjoined cue shares its subject, and
    so does a participle after it ("X said …, pointing out that …") whose source the
    tagger left empty or gave only an article ("the")."""
    by_token = {}
    cue_at = {}  # the cue span of each, by its root
    for a in atts:
        span = cue_span(doc, a)
        if span is not None:
            by_token[span.root.i] = a
            cue_at[span.root.i] = span
    for i, a in by_token.items():
        tok = doc[i]
        if (
            a.sources
            and not _only_articles(doc, a.sources)
            and not _words_subject(cue_at[i], a, atts)
        ):
            continue
        participle = tok.dep_ == "advcl" and tok.tag_ == "VBG"
        while (
            tok.dep_ == "conj"
            or (tok.dep_ == "advcl" and tok.tag_ == "VBG")
            # the parser may hang the participle on the reported clause
            or (participle and tok.dep_ == "ccomp")
        ) and tok.head.i != tok.i:
            tok = tok.head
            other = by_token.get(tok.i)
            if other is not None and other.sources:
                a.sources = list(other.sources)
                a.source_token = other.source_token
                break
        if not a.sources or _only_articles(doc, a.sources):
            # "…, said Kebede Desisa, state minister of …": the verb's own subject
            subj = next((c for c in doc[i].children if c.dep_ == "nsubj"), None)
            verb = doc[i]
            while (
                subj is None
                and (verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG"))
                and verb.head.i < verb.i
            ):
                # "Coach X … was a happy man and said that …", "The Italian chose his
                # words carefully, denying that …": the subject of the verb the cue is
                # conjoined to or hangs on as a participle
                verb = verb.head
                subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.i > i and len(a.contents) > 1:
                # the tagger read an inverted subject as words: "…, said X, minister of …"
                a.contents = [(s, e) for s, e in a.contents if not s <= subj.idx < e]
            inside = any(s <= subj.idx < e for s, e in a.contents) if subj is not None else True
            if subj is not None and not inside and subj.pos_ in ("PROPN", "NOUN"):
                a.sources = [token_span_chars(doc, subj.left_edge.i, _name_end(subj))]
                a.source_token = subj.i


def _words_subject(span: Span, a: Attribution, atts: list[Attribution]) -> bool:
    """Whether the source of a participle (its cue ``span``, after a comma) lies inside
    the words of another statement whose cue comes before it ("X said all delegations
    agreed …, adding that they …": the tagger took "all delegations" for whoever
    added)."""
    if span.root.tag_ != "VBG" or span.start == 0 or span.doc[span.start - 1].text != ",":
        return False
    s, e = a.sources[0]
    return any(
        b is not a
        and b.cue is not None
        and b.cue[1] <= s
        and any(cs <= s and e <= ce for cs, ce in b.contents)
        for b in atts
    )


def _only_articles(doc: Doc, spans: list[tuple[int, int]]) -> bool:
    """Whether the source spans hold nothing but articles ("the")."""
    toks = [
        t
        for s, e in spans
        for t in doc.char_span(s, e, alignment_mode="expand") or ()
        if not t.is_space
    ]
    return bool(toks) and all(t.pos_ == "DET" for t in toks)


def _name_end(tok: Token) -> int:
    """The end of a subject's noun phrase before its apposition or clause ("Kebede
    Desisa" of "Kebede Desisa, state minister of …")."""
    end = tok.i + 1
    for c in tok.children:
        if c.i > tok.i and c.dep_ in ("compound", "flat", "amod", "nummod"):
            end = max(end, c.right_edge.i + 1)
    return end
