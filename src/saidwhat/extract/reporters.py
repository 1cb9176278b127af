"""Reporters are not speakers: "Interfax quoted X as saying …", "X was quoted by the
BBC as saying …", "the paper reports the ministry as saying …". The statement is
X's; the outlet that quotes it is kept as the statement's reporter.

A pure function over the attributions of one parsed document, before speaker
resolution: the source becomes the quoted party, the outlet goes to ``via``, and a
second attribution found on "saying" itself is folded into the first.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from .attributions import Attribution, token_span_chars
from .lexicon import REPORTING_VERBS

#: Verbs that report somebody else's words: "quoted X as saying", "cited X as saying".
QUOTING_VERBS = frozenset({"quote", "report", "cite"})


def _phrase(tok: Token) -> tuple[int, int]:
    """The noun phrase a token heads, without a trailing clause or punctuation."""
    toks = [t for t in tok.subtree if t.dep_ not in ("relcl", "acl", "punct") or t.i == tok.i]
    lo = min(t.i for t in toks)
    hi = max(t.i for t in toks)
    while hi > lo and tok.doc[hi].is_punct:
        hi -= 1
    return token_span_chars(tok.doc, lo, hi + 1)


def _as_saying(verb: Token) -> Token | None:
    """The speech verb of "… as saying" hanging on ``verb``."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "as":
            for c in prep.children:
                if c.tag_ == "VBG" and c.lemma_.lower() in REPORTING_VERBS:
                    return c
    return None


def quoted_as_saying(doc: Doc, atts: Sequence[Attribution]) -> list[Attribution]:
    """The attributions with "<outlet> quoted X as saying" given to X (``via`` the
    outlet); an attribution whose cue is the "saying" itself is merged into it."""
    out = list(atts)
    drop: set[int] = set()
    for a in out:
        if a.cue is None:
            continue
        span = doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        verb = span.root
        if verb.lemma_.lower() not in QUOTING_VERBS:
            continue
        saying = _as_saying(verb)
        if saying is None:
            continue
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        quoted = next(
            (c for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")), None
        )
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            outlet = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        else:
            outlet = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if quoted is None:
            continue
        a.sources = [_phrase(quoted)]
        a.source_token = quoted.i
        a.via = _phrase(outlet) if outlet is not None else None
        s0, s1 = saying.idx, saying.idx + len(saying.text)
        for k, b in enumerate(out):
            if b is not a and b.cue is not None and b.cue[0] < s1 and s0 < b.cue[1]:
                drop.add(k)
                a.contents = sorted({*a.contents, *b.contents})
    return [a for k, a in enumerate(out) if k not in drop]
