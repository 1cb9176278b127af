"""Attribution candidates shared by the tagger and the rules, and span helpers."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..names import NAMED_TYPES
from .lexicon import (
    COGNITION_VERBS,
    DOCUMENT_NOUNS,
    ISSUED_NOUNS,
    JUDGING_VERBS,
    REPORTING_VERBS,
    TOLD_BY_VERBS,
)
from .segment import dateline_end

_TRIM = set(" \t\r\n\"'“”‘’«»„,.;:")


@dataclass(slots=True)
class Attribution:
    """One statement found in a document (character offsets)."""

    cue: tuple[int, int] | None
    sources: list[tuple[int, int]] = field(default_factory=list)
    contents: list[tuple[int, int]] = field(default_factory=list)
    kind: str = "indirect"
    confidence: float = 0.5
    source_token: int | None = None  # token index of the source's syntactic head
    #: the outlet a statement is reported through ("Interfax quoted X as saying")
    via: tuple[int, int] | None = None
    #: the reporter's own cue, when it is not the statement's ("according to")
    via_cue: tuple[int, int] | None = None
    #: the cue is a statement noun ("a report by X that …"): a statement of its own,
    #: never folded into the one around it
    noun_cue: bool = False
    #: the cue and sources were words inside somebody's quotation and were dropped
    #: (:func:`unquote_inner_cues`): what is left is part of that quotation
    unquoted: bool = False


def cue_span(doc: Doc, a: Attribution) -> Span | None:
    """The tokens of a statement's cue; None when it has no cue or its characters
    cover no token."""
    if a.cue is None:
        return None
    span = doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand")
    return span if span is not None and len(span) > 0 else None


def trim(text: str, start: int, end: int, chars: set[str] = _TRIM) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace, quote marks and edge punctuation."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def head_in_sentence(doc: Doc, start: int, end: int, at: int) -> int:
    """The syntactic head of tokens ``start``…``end``, of those in the sentence of token
    ``at`` (a cue) when they run over a sentence start: the parser may end a sentence
    inside a long source ("Veteran | actress Jo Doe, who …, says"; "Nairobi | Governor
    Jo Doe claims"), whose head in the cue's sentence is the name."""
    span = Span(doc, start, end)
    sent = doc[at].sent
    mine = [t.i for t in span if sent.start <= t.i < sent.end]
    if mine and len(mine) < len(span):
        return _head(Span(doc, mine[0], mine[-1] + 1))
    return _head(span)


def _head(span: Span) -> int:
    """``span.root``, but a noun of the span rather than a determiner where the span
    lost its own head ("The Thanh Nien" of "The Thanh Nien daily", whose "daily" the
    parser read as an adverb: "The" and "Nien" both hang on it)."""
    root = span.root
    if root.pos_ in ("NOUN", "PROPN", "PRON", "NUM") or span.start <= root.head.i < span.end:
        return root.i
    outer = [t for t in span if t.head.i == root.head.i and t.pos_ in ("NOUN", "PROPN", "PRON")]
    return outer[-1].i if outer else root.i


def token_span_chars(doc: Doc, i: int, j: int) -> tuple[int, int]:
    """Character offsets of tokens ``i..j-1``."""
    return doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)


def merge_ranges(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character ranges sorted, those that overlap or touch joined: one piece of text is
    one content."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def ranges_minus(
    ranges: Sequence[tuple[int, int]], cut: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The non-empty pieces of ``ranges`` outside every ``cut`` range, in order."""
    out = []
    for s, e in ranges:
        pieces = [(s, e)]
        for c0, c1 in cut:
            pieces = [
                p
                for a0, a1 in pieces
                for p in ((a0, min(a1, c0)), (max(a0, c1), a1))
                if p[0] < p[1]
            ]
        out.extend(pieces)
    return out


def words_left(
    text: str,
    spans: Sequence[tuple[int, int]],
    cut: Sequence[tuple[int, int]],
    *,
    ends: str = "",
    tail: str = "",
) -> list[tuple[int, int]]:
    """What is left of ``spans`` once the ``cut`` ranges are taken out: each piece
    trimmed of spaces and of the ``ends`` characters at both ends, of ``tail`` at its
    end; pieces with no word left are dropped (a statement keeps the rest of its words
    when another takes part of them)."""
    out = []
    for a0, a1 in ranges_minus(spans, cut):
        while a0 < a1 and (text[a0].isspace() or text[a0] in ends):
            a0 += 1
        while a1 > a0 and (text[a1 - 1].isspace() or text[a1 - 1] in ends + tail):
            a1 -= 1
        if any(ch.isalnum() for ch in text[a0:a1]):
            out.append((a0, a1))
    return out


def subtree_chars(tok: Token, exclude: set[int] | None = None) -> tuple[int, int]:
    """Character extent of a token's subtree, optionally leaving out some tokens.

    Without ``exclude`` the extent comes from the parse's stored edges
    (``left_edge``, ``right_edge``: constant time). Walking ``tok.subtree`` for
    every cue was cubic on one long sentence ("Bob said that " repeated: the
    subtrees nest, and spaCy's subtree walk rescans children; issue 20.3).
    """
    if exclude:
        ids = [t.i for t in tok.subtree if t.i not in exclude]
        if not ids:
            return tok.idx, tok.idx + len(tok.text)
        lo, hi = min(ids), max(ids)
    else:
        lo, hi = tok.left_edge.i, tok.right_edge.i
    doc = tok.doc
    # strip edge punctuation
    while lo < hi and doc[lo].is_punct and doc[lo].text not in '“"«':
        lo += 1
    while hi > lo and doc[hi].is_punct and doc[hi].text not in '”"»':
        hi -= 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _first(span: tuple[int, int]) -> int:
    return span[0]


def kind_of(text: str, contents: list[tuple[int, int]], quoted: list[tuple[int, int]]) -> str:
    """direct (all inside quote marks), mixed (partly) or indirect (none)."""
    if not contents:
        return "indirect"
    total = sum(e - s for s, e in contents) or 1
    inside = 0
    # quoted passages are sorted and do not overlap (bisected in place: a list of their
    # starts built for each call was quadratic over a long text's statements)
    for s, e in contents:
        k = max(0, bisect.bisect_right(quoted, s, key=_first) - 1)
        while k < len(quoted) and quoted[k][0] < e:
            qs, qe = quoted[k]
            lo, hi = max(s, qs), min(e, qe)
            if hi > lo:
                inside += hi - lo
            k += 1
    ratio = inside / total
    if ratio >= 0.9:
        return "direct"
    if ratio > 0.05:
        return "mixed"
    return "indirect"


def attribution_ends(text: str, a: Attribution, end: int) -> bool:
    """Whether nothing but punctuation follows ``a``'s cue and sources up to ``end``:
    the attribution is the last words of a passage that ends there."""
    assert a.cue is not None
    last = max(e for _, e in [a.cue, *a.sources])
    return last <= end and not text[last:end].strip(" \t\n.,;:!?\"'”’")


def split_cues(text: str, atts: list[Attribution]) -> list[Attribution]:
    """One statement told with one cue: two attributions with the same words whose
    cues are one phrase ("the coach further added": "further" tagged as a cue with
    the source before it, "added" with a source that runs over "further") are one
    attribution, its cue the whole phrase and its sources what is left of theirs."""
    by_words: dict[tuple[tuple[int, int], ...], list[Attribution]] = {}
    for a in atts:
        if a.cue is not None and a.contents:
            by_words.setdefault(tuple(a.contents), []).append(a)
    gone: set[int] = set()
    for same in by_words.values():
        if len(same) < 2:
            continue
        same.sort(key=lambda a: a.cue or (0, 0))
        for a, b in zip(same, same[1:]):
            assert a.cue is not None and b.cue is not None
            if id(a) in gone or text[a.cue[1] : b.cue[0]].strip():
                continue  # two cues apart: two reports of the same words
            cue = (a.cue[0], b.cue[1])
            kept = {
                trim(text, s, min(e, cue[0]) if s < cue[0] else e)
                for s, e in [*b.sources, *a.sources]
                if not cue[0] <= s < cue[1]
            }
            b.sources = sorted((s, e) for s, e in kept if e > s)
            b.cue = cue
            b.confidence = max(a.confidence, b.confidence)
            gone.add(id(a))
    return [a for a in atts if id(a) not in gone]


def cut_trailing_attribution(text: str, atts: list[Attribution]) -> None:
    """A content that runs over its own attribution at its end (a quotation whose
    closing mark is missing: "“Security is paramount …, Police Spokesperson X has
    said.") ends before the attribution's first word, its comma and spaces left out."""
    for a in atts:
        if a.cue is None:
            continue
        first = min(s for s, _ in [a.cue, *a.sources])
        out = []
        for s, e in a.contents:
            if s < first and attribution_ends(text, a, e):
                e = first
                while e > s and text[e - 1] in " \t\n,;:–—-":
                    e -= 1
            out.append((s, e))
        a.contents = out


def unquote_inner_cues(
    atts: list[Attribution],
    quoted: list[tuple[int, int]],
    *,
    text: str,
    unclosed: Sequence[tuple[int, int]] = (),
) -> None:
    """An attribution whose cue, sources and contents all lie inside one quotation
    (“"The party maintains its stance," …” with no attribution outside the marks)
    reports words inside somebody's quoted words: the quotation is not attributed to
    them. The cue and sources are dropped, so the quote goes to whoever speaks around it.

    Of a quotation whose closing mark is missing (``unclosed``: it ends where its
    paragraph does, a guess), the attribution that ends it is the one the mark left out
    ("“Security is paramount …, Police Spokesperson X has said."), and stays; so does a
    speaker's label that opens a paragraph of a transcript ("“PENCE: Well, …")."""
    for a in atts:
        if a.cue is None or opening_label(text, a):
            continue
        for qs, qe in quoted:
            inside = [a.cue, *a.sources, *a.contents]
            if (qs, qe) in unclosed and attribution_ends(text, a, qe):
                continue
            if all(qs <= s and e <= qe for s, e in inside):
                a.cue, a.sources, a.source_token = None, [], None
                a.via = a.via_cue = None
                a.unquoted = True
                break


def opening_label(text: str, a: Attribution) -> bool:
    """Whether an attribution is a speaker's label opening its paragraph: a colon for
    cue, its source the paragraph's first words after any opening mark."""
    if a.cue is None or not a.sources or text[a.cue[0] : a.cue[1]].strip() != ":":
        return False
    start = min(s for s, _ in a.sources)
    line = text.rfind("\n", 0, start) + 1
    return not text[line:start].strip(" \t\"“«„'‘")


#: Words that open a parenthetical clause of the cue itself ("as X said", "like X said").
_CUE_CLAUSE_OPENERS = frozenset({"as", "like"})


def _name_before_adverbial(doc: Doc, src: Span, verb: Token) -> tuple[int, int] | None:
    """The name that opens the sentence before a source the tagger took from an
    adverbial: "Koevermans after his team's loss to Nepal insisted": what a
    preposition or subordinator governs is never the subject ("as" and "like" open
    the cue's own clause: "Hawaii, as one of his advisers pointed out, …")."""
    gov = doc[src.start - 1] if src.start > 0 else None
    if (
        gov is None
        or gov.pos_ not in ("ADP", "SCONJ")
        or gov.lower_ in _CUE_CLAUSE_OPENERS
        or not src.end <= verb.i
    ):
        return None
    j = gov.i - 1 if gov.i > 0 and doc[gov.i - 1].text == "," else gov.i
    k = j
    while k > 0 and doc[k - 1].pos_ == "PROPN" and not doc[k - 1].is_sent_end:
        k -= 1
    if (
        k == j
        or not doc[k].is_sent_start
        or any(t.ent_type_ not in ("", "PERSON", "ORG", "NORP") for t in doc[k:j])
    ):
        return None
    return k, j


def _subject_of_own_clause(src: Span, verb: Token) -> tuple[int, int] | None:
    """The words after the last "and" or "but" before the cue where the tagger took
    a clause of its own for the source: "The striker has two years left on his
    contract and reports from ESPN on Saturday said …" (a finite verb, no relative
    clause's, stands between the source and the cue; what follows the conjunction is
    a noun phrase). Read from the tags, not the tree, which such sentences break."""
    doc = src.doc
    if not src.end <= verb.i:
        return None
    finite = next(
        (
            t
            for t in doc[src.start : verb.i]
            if t.tag_ in ("VBD", "VBZ", "VBP", "MD")
            and not any(w.lower_ in _RELATIVES for w in doc[src.start : t.i])
        ),
        None,
    )
    if finite is None:
        # "… a challenge from Y's Matty Willock and Murty said": the source stops short
        # of the cue, and a name after a conjunction stands between them (a subject of
        # two names is the tagger's whole source: "Smith and Jones said")
        cc = next((t for t in reversed(doc[src.end : verb.i]) if t.lower_ in ("and", "but")), None)
        words = doc[cc.i + 1 : verb.i] if cc is not None else None
        if (
            words is None
            or not len(words)
            or any(t.pos_ not in ("PROPN", "DET", "ADJ", "NOUN") for t in words)
            or words[-1].pos_ != "PROPN"
        ):
            return None
        return words.start, words.end
    cc = next((t for t in reversed(doc[finite.i + 1 : verb.i]) if t.lower_ in ("and", "but")), None)
    if cc is None or verb.i - cc.i < 2:
        return None
    words = doc[cc.i + 1 : verb.i]
    if words[0].pos_ not in ("DET", "NOUN", "PROPN", "ADJ", "NUM") or any(
        t.tag_ in ("VBD", "VBZ", "VBP", "MD") or t.is_punct for t in words
    ):
        return None
    return words.start, words.end


#: Words that open a relative clause inside a source ("X, who has …").
_RELATIVES = frozenset({"who", "which", "that", "whose", "whom"})


#: Word classes no content is made of alone: "neither confirmed | nor | denied".
_FUNCTION_POS = frozenset({"CCONJ", "SCONJ", "ADP", "DET", "PART", "PUNCT", "SPACE", "AUX"})


#: Demonstratives, pronouns for what was said: "pointed that out".
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})


def says_something(doc: Doc, a: Attribution) -> bool:
    """Whether an attribution's contents hold a word that is not a function word
    ("nor" of "neither confirmed nor denied" is no content; a pronoun is: "denied it",
    "pointed that out")."""
    for s, e in a.contents:
        sp = doc.char_span(s, e, alignment_mode="expand")
        if sp is None or any(
            t.pos_ not in _FUNCTION_POS or t.lower_ in _DEMONSTRATIVES for t in sp
        ):
            return True
    return False


def _before_whose(src: Span) -> tuple[int, int] | None:
    """The noun phrase before a relative "whose" the tagger took for the source:
    "Google, whose parent company Alphabet reported …, said" is Google's statement
    (the words after the sentence's start or its last punctuation, five at most)."""
    doc = src.doc
    if src[0].lower_ != "whose" or src.start < 2 or doc[src.start - 1].text != ",":
        return None
    end = src.start - 1
    start = end
    while start > 0 and end - start < 5 and not doc[start - 1].is_punct:
        if doc[start - 1].is_sent_end or doc[start - 1].is_space:
            break
        start -= 1
    words = doc[start:end]
    if not words or not any(t.pos_ in ("PROPN", "NOUN") for t in words):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    return start, end


def agent_sources(doc: Doc, atts: list[Attribution]) -> None:
    """ "Officers … were told by writer Malachi O'Doherty that he had taken photographs":
    a passive cue's agent is the source, its subject the one spoken to, in no content.
    The subject of a passive judgement is the one judged ("was accused of lying"): not
    its source."""
    for a in atts:
        cue = cue_span(doc, a)
        if cue is None:
            continue
        verb = cue.root
        judged = verb.lemma_.lower() in JUDGING_VERBS
        if not (judged or verb.lemma_.lower() in TOLD_BY_VERBS) or not any(
            c.dep_ == "auxpass" for c in verb.children
        ):
            continue
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        if judged:
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if by is None and subj is not None and any(s <= subj.idx < e for s, e in a.sources):
                a.sources, a.source_token = [], None
            continue
        obj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        if obj is None or obj.pos_ not in ("PROPN", "NOUN", "PRON"):
            continue
        lo, hi = subtree_chars(obj)
        if a.sources and not any(s <= lo < e or lo <= s < hi for s, e in a.sources):
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if subj is None or not any(subtree_chars(subj) == (s, e) for s, e in a.sources):
                continue  # a source of its own the tagger found
        a.sources = [(lo, hi)]
        a.source_token = obj.i
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subj is not None:
            a.contents = ranges_minus(a.contents, [subtree_chars(subj)])


def subject_sources(doc: Doc, atts: list[Attribution]) -> None:
    """A source found between a cue and the name that is its subject is words of a
    clause or a list on that subject ("Cr Brown, who said the refugees could go to
    five towns – Dalby, Miles and Tara – said police were investigating"), or of an
    adverbial after it (:func:`_name_before_adverbial`): the source is the named
    subject of the cue."""
    for a in atts:
        if a.sources and all(e <= s for s, e in a.sources):
            _subject_after_dateline(doc, a)
            continue  # (the parse's subject is the dateline's place)
        cue = cue_span(doc, a) if a.sources else None
        if cue is None:
            continue
        src = doc.char_span(a.sources[0][0], a.sources[0][1], alignment_mode="expand")
        if src is None or len(src) == 0:
            continue
        verb = cue.root
        named = (
            _name_before_adverbial(doc, src, verb)
            or _subject_of_own_clause(src, verb)
            or _before_whose(src)
        )
        if named is not None:
            a.sources = [token_span_chars(doc, *named)]
            a.source_token = named[1] - 1
            continue
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None and _inverted_subject(doc, a, src, verb, subj):
            continue
        kinds: tuple[str, ...] = ("PROPN",)
        anchor = subj
        if subj is None:
            # "The PM recounting his experience in the Opposition said", which the
            # parser reads as a clausal subject: its own subject speaks
            csubj = next((c for c in verb.children if c.dep_ == "csubj" and c.tag_ == "VBG"), None)
            subj = next((c for c in csubj.children if c.dep_ == "nsubj"), None) if csubj else None
            kinds, anchor = ("PROPN", "NOUN"), csubj
        if subj is None or subj.pos_ not in kinds or not subj.i < src.start < src.end <= verb.i:
            continue
        # (a relative clause, an apposition or a participle after the subject)
        clause = [
            t for t in doc[subj.i + 1 : src.start] if t.dep_ in ("relcl", "appos", "acl", "csubj")
        ]
        if clause and anchor is not None and all(anchor.is_ancestor(t) for t in src):
            start = min(
                [subj.i, *(c.left_edge.i for c in subj.children if c.dep_ in ("compound", "flat"))]
            )
            if subj.pos_ == "NOUN":
                start = subj.left_edge.i  # "The PM", with its article
            a.sources = [token_span_chars(doc, start, subj.i + 1)]
            a.source_token = subj.i


def _subject_after_dateline(doc: Doc, a: Attribution) -> None:
    """A source the tagger took from a dateline ("Howrah (West Bengal), June 24 (ANI):
    BJP on Monday alleged …"), left empty once the dateline is cut: the cue's named
    subject after it, or no source."""
    at = a.sources[0][0]
    a.sources, a.source_token = [], None
    cue = cue_span(doc, a)
    if cue is None:
        return
    subj = next((c for c in cue.root.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.left_edge.idx >= at and (subj.ent_type_ or subj.pos_ == "PROPN"):
        a.sources, a.source_token = [subtree_chars(subj)], subj.i
        return
    # (the parser may take the dateline's place for the subject: then the one name
    # between the dateline and the cue)
    starts = [
        t.i
        for t in doc[max(0, cue.start - 40) : cue.start]
        if t.idx >= at and t.ent_iob_ == "B" and t.ent_type_ in NAMED_TYPES
    ]
    if len(starts) == 1:
        end = starts[0] + 1
        while end < cue.start and doc[end].ent_iob_ == "I":
            end += 1
        a.sources, a.source_token = [token_span_chars(doc, starts[0], end)], end - 1


def _inverted_subject(doc: Doc, a: Attribution, src: Span, verb: Token, subj: Token) -> bool:
    """ "…, who killed its leader, Jane Roe, said prosecutor John Doe.": the named subject
    after an inverted speech verb is the source, not the name the tagger took from the
    words before it; the words run on over that name to the comma before the verb.
    Whether the attribution was so changed."""
    if not (
        subj.i > verb.i
        and subj.pos_ == "PROPN"
        and src.end <= verb.i
        and not any(t.i == subj.i for t in src)
        and verb.lemma_.lower() in REPORTING_VERBS
        and all(t.is_punct for t in doc[src.end : verb.i])
    ):
        return False
    start = min(
        [subj.i, *(c.left_edge.i for c in subj.children if c.dep_ in ("compound", "flat", "amod"))]
    )
    if start <= verb.i:
        return False
    old_s, old_e = a.sources[0]
    a.sources = [token_span_chars(doc, start, subj.i + 1)]
    a.source_token = subj.i
    k = max(range(len(a.contents)), key=lambda n: a.contents[n][1], default=None)
    if k is not None:
        cs, ce = a.contents[k]
        if ce <= old_s and not doc.text[ce:old_s].strip(" ,"):
            a.contents[k] = (cs, old_e)  # the name was the words' last
    return True


def sources_in_contents(doc: Doc, atts: list[Attribution]) -> None:
    """ "India will not cut emissions, Minister of State for Environment Namo Meena
    said": a statement without a source whose words end with its verb's subject after
    a comma has that subject for its source, and its words end before the comma."""
    for a in atts:
        cue = cue_span(doc, a) if not a.sources and a.contents else None
        if cue is None:
            continue
        verb = cue.root
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.i >= verb.i or subj.pos_ not in ("PROPN", "NOUN"):
            continue
        lo, hi = subj.left_edge.i, subj.right_edge.i + 1
        if lo < 2 or doc[lo - 1].text != "," or any(t.is_punct for t in doc[lo:hi]):
            continue
        s0, s1 = token_span_chars(doc, lo, hi)
        k = next((k for k, (s, e) in enumerate(a.contents) if s < s0 < s1 <= e), None)
        if k is None or (hi < len(doc) and doc[hi].idx < a.contents[k][1]):
            continue  # (words after the subject: not a postposed source)
        s, _ = a.contents[k]
        a.contents[k] = (s, doc[lo - 1].idx)
        a.sources = [(s0, s1)]
        a.source_token = subj.i


def _clause_words(comp: Token) -> Token:
    """The first word of what a clausal complement says: after its "that"."""
    lo = comp.left_edge
    return lo.nbor() if lo.dep_ == "mark" else lo


def reports_in_contents(doc: Doc, atts: list[Attribution]) -> list[Attribution]:
    """ "UNB adds: Home minister X today said the government …": words that open with
    another's saying ("X said Y", "X told Z that Y") hold it as an attribution of its
    own, which the continuity stage then unnests (X's words, reported by the outer
    source). Not what others showed or informed of ("He said studies have shown …"),
    nor what a document says someone said ("a report that said X told friends …")."""
    cues = {a.cue for a in atts if a.cue is not None}
    out = list(atts)
    for a in atts:
        if a.cue is None or not a.sources or len(a.contents) != 1:
            continue
        s, e = a.contents[0]
        if s <= a.cue[0]:
            continue  # (a statement before its cue)
        src = doc.char_span(*a.sources[0], alignment_mode="expand")
        if src is None:
            continue
        who = src.root
        if who.lower_ in ("that", "which") and who.head.dep_ == "relcl":
            who = who.head.head  # "a report that said …": the report
        if who.lemma_.lower() in DOCUMENT_NOUNS | ISSUED_NOUNS:
            continue  # a report that said X told friends …: the report's claim
        words = doc.char_span(s, e, alignment_mode="expand")
        if words is None or len(words) == 0 or words[0].is_quote:
            continue  # (a quotation: its own words)
        verb = words.root
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
        if (
            subj is None
            or comp is None
            or verb.lemma_.lower() not in ("say", "tell")
            or subj.pos_ not in ("PROPN", "NOUN")
            or subj.left_edge.idx != s
            or not verb.idx + len(verb.text) <= e
        ):
            continue
        cue = (verb.idx, verb.idx + len(verb.text))
        if cue in cues:
            continue
        lo = _clause_words(comp)
        out.append(
            Attribution(
                cue=cue,
                sources=[subtree_chars(subj)],
                contents=[(lo.idx, e)],
                confidence=a.confidence,
                source_token=subj.i,
            )
        )
    return out


def conjoined_cues(doc: Doc, atts: list[Attribution]) -> list[Attribution]:
    """ "X rejected calls for his resignation but acknowledged opportunities had been
    missed": a verb of saying joined to the cue, with words of its own, inside the
    content, is a statement of its own by the same source; the first one's words end
    before the conjunction. With a subject of its own ("X said A and the judge said
    B", which the parser may join to A's verb) it is that subject's statement."""
    cues = {a.cue for a in atts if a.cue is not None}
    out = list(atts)
    for a in atts:
        span = cue_span(doc, a)
        if span is None or not a.sources or len(a.contents) != 1:
            continue
        s, e = a.contents[0]
        verb = span.root
        said = [c for c in verb.children if c.dep_ == "ccomp"]
        for conj in [*verb.children, *(c for v in said for c in v.children)]:
            comp = next(
                (
                    c
                    for c in conj.children
                    if c.dep_ == "ccomp" and c.i > conj.i and c.pos_ in ("VERB", "AUX")
                ),
                None,
            )
            subj = next((c for c in conj.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if (
                conj.dep_ != "conj"
                or conj.pos_ != "VERB"
                or conj.lemma_.lower() not in REPORTING_VERBS
                or comp is None
                or not s < conj.idx < e
                or (conj.idx, conj.idx + len(conj.text)) in cues
                # joined to the reported words' own verb: only with a speaker of its own
                or (conj.head.i != verb.i and (subj is None or subj.pos_ == "PRON"))
                or (subj is not None and (subj.dep_ == "nsubjpass" or subj.pos_ == "PRON"))
                # (what another believed is what the first one said they believe)
                or (subj is not None and conj.lemma_.lower() in COGNITION_VERBS)
            ):
                continue
            lo = _clause_words(comp)
            if lo.idx >= e:
                continue
            # (with a subject of its own, before its whole clause: "and at that stage the
            # judge said")
            cut = (conj.left_edge if subj is not None else conj).i
            while cut - 1 > verb.i and (doc[cut - 1].dep_ in ("cc", "punct", "advmod")):
                cut -= 1
            if doc[cut].idx <= s:
                continue
            a.contents = [(s, doc[cut - 1].idx + len(doc[cut - 1].text))]
            out.append(
                Attribution(
                    cue=(conj.idx, conj.idx + len(conj.text)),
                    sources=list(a.sources) if subj is None else [subtree_chars(subj)],
                    contents=[(lo.idx, e)],
                    confidence=a.confidence,
                    source_token=a.source_token if subj is None else subj.i,
                )
            )
            break
    return out


def parenthetical_contents(doc: Doc, atts: list[Attribution]) -> None:
    """ "Police arrested a senior opposition leader on Sunday, his party said, a week
    before the rally": an attribution set inside the sentence it reports (its verb
    hangs on the sentence's verb, with no clause of its own) reports the words before
    it, from the sentence's start, when the tagger gave it others."""
    for a in atts:
        span = cue_span(doc, a) if a.sources and a.kind != "direct" else None
        if span is None:
            continue
        v = span.root
        main = v.head
        if (
            v.dep_ != "parataxis"
            or main.i >= v.i
            or main.pos_ not in ("VERB", "AUX")
            or any(c.dep_ in ("ccomp", "xcomp") for c in v.children)
        ):
            continue
        if any(s <= main.idx < e for s, e in a.contents):
            continue  # the tagger already has the main clause
        src = min(s for s, _ in a.sources)
        sent = v.sent
        lo = sent.start
        while lo < v.i and (doc[lo].is_punct or doc[lo].is_space):
            lo += 1
        hi = lo
        while hi + 1 < len(doc) and doc[hi + 1].idx < src:
            hi += 1
        while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
            hi -= 1
        if hi - lo < 2 or not lo <= main.i <= hi:
            continue
        a.contents = [token_span_chars(doc, lo, hi + 1)]


def complete_clauses(doc: Doc, atts: list[Attribution]) -> None:
    """ "announced that sales for its third quarter, which ends in August, could fall":
    a reported clause cut before its own verb (at a comma of a relative clause in its
    subject) runs on to the end of the cue's clausal complement; one begun at its verb
    takes in its subject, between the cue and the verb; and one that ends on a word no
    phrase ends with (a preposition, a conjunction, an article, "including": "saying he
    could not allow allies of “extremist” groups, including | those who oppose …") runs
    on to the end of the cue's complement."""
    for a in atts:
        span = cue_span(doc, a) if a.kind != "direct" and len(a.contents) == 1 else None
        if span is None:
            continue
        s, e = a.contents[0]
        for c in span.root.children:
            if c.dep_ != "ccomp" or s <= c.idx < e:
                continue
            lo, hi = subtree_chars(c)
            subject = any(t.dep_ in ("nsubj", "nsubjpass") and s <= t.idx < e for t in c.children)
            if lo == s and e < c.idx < hi and subject:
                a.contents = [(s, hi)]
                break
        for c in span.root.children:
            # … or begun at its verb, its subject left out: "said Bway Corp., which
            # bought the plant in March, | only purchased the assets"
            if c.dep_ != "ccomp" or not s <= c.idx < e:
                continue
            lo, hi = subtree_chars(c)
            subjects = [t for t in c.children if t.dep_ in ("nsubj", "nsubjpass")]
            if span.end_char <= lo < s and subjects and all(lo <= t.idx < s for t in subjects):
                a.contents = [(lo, e)]
            break
        _run_on_unfinished(doc, a, span)
        _run_on_past_comma(doc, a, span)
        _run_on_judged(doc, a, span)
        _run_on_past_dashes(doc, a, span)


#: A dash between spaces that opens or closes an aside: "the name – unknown if he
#: meant the first – is …"
_ASIDE_DASH = re.compile(r"\s[–—]\s")


def _run_on_past_dashes(doc: Doc, a: Attribution, span: Span) -> None:
    """Reported words cut inside an aside between two dashes ("that the minister's name
    – unknown if he meant the first name – | is with one m") run on past the closing
    dash to the end of the cue's sentence."""
    s, e = a.contents[0]
    sent = span.sent
    body = sent.text
    base = sent.start_char
    if s < base or e > sent.end_char:
        return
    inside = len(_ASIDE_DASH.findall(body, s - base, e - base))
    if inside % 2 == 0:
        return
    close = _ASIDE_DASH.search(body, e - base)
    if close is None:
        return
    end = len(body.rstrip())
    if end + base > e:
        a.contents = [(s, base + end)]


def _run_on_past_comma(doc: Doc, a: Attribution, span: Span) -> None:
    """Reported words cut at a comma inside the cue's clausal complement ("that the
    talks would resume on Monday, | and that both sides …") run on to its end."""
    s, e = a.contents[0]
    words = doc.char_span(s, e, alignment_mode="expand")
    if words is None or words.end >= len(doc) or doc[words.end].text != ",":
        return
    for c in span.root.children:
        if c.dep_ == "ccomp" and s <= c.idx < e:
            last = c.right_edge
            while last.i > words.end and last.is_punct:
                last = doc[last.i - 1]
            if c.left_edge.idx >= s - 5 and last.i > words.end:
                a.contents = [(s, last.idx + len(last.text))]
            break


def _run_on_judged(doc: Doc, a: Attribution, span: Span) -> None:
    """Words of a verb of judging cut at a comma or a bracket inside its object and
    the "of" or "for" phrase it takes ("accused the army of creating instability in
    the town, | Arakan State, and …"; "of having ties to the Arakan Army (AA |), a
    group that …") run on to the end of that phrase."""
    if span.root.lemma_.lower() not in JUDGING_VERBS:
        return
    s, e = a.contents[0]
    words = doc.char_span(s, e, alignment_mode="expand")
    if words is None or words.end >= len(doc) or doc[words.end].text not in (",", ")"):
        return
    parts = [
        c
        for c in span.root.children
        if c.dep_ in ("dobj", "prep") and c.i > span.root.i and c.left_edge.idx < e
    ]
    if not parts or parts[0].left_edge.idx < s or parts[0].dep_ != "dobj":
        return
    last = max((c.right_edge for c in parts), key=lambda t: t.i)
    while last.i > words.end and last.is_punct and last.text != ")":
        last = doc[last.i - 1]
    run = doc[words.start : last.i + 1].text
    if last.i >= words.end and run.count("(") == run.count(")"):
        a.contents = [(s, last.idx + len(last.text))]


def _run_on_unfinished(doc: Doc, a: Attribution, span: Span) -> None:
    """Words that end on a word no phrase ends with run on to the end of the cue's
    (``span``'s) complement."""
    s, e = a.contents[0]
    words = doc.char_span(s, e, alignment_mode="expand")
    if words is None or not len(words) or words[-1].tag_ not in ("IN", "CC", "DT", "VBG"):
        return
    if words[-1].tag_ == "VBG" and words[-1].lower_ != "including":
        return
    for c in span.root.children:
        if c.dep_ in ("ccomp", "xcomp") and s <= c.idx < e:
            hi = subtree_chars(c)[1]
            if hi > e:
                a.contents = [(s, hi)]
            break


_MEDIUM_PREPS = frozenset({"in", "on", "during", "through", "via"})


def medium_contents(doc: Doc, atts: list[Attribution]) -> None:
    """ "commented in the press release that delays are the reason": the statement or
    document named between the cue and "that" is where it was said (the parser may hang
    the clause on it as a relative one); the content is the clause."""
    for a in atts:
        if a.cue is None or a.kind == "direct" or not a.contents:
            continue
        s, e = a.contents[0]
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or len(span) < 4 or span[0].pos_ != "DET" or span.start == 0:
            continue
        if doc[span.start - 1].lower_ not in _MEDIUM_PREPS:
            continue  # "welcomed the report that the panel released": its object
        for t in span[1:6]:
            if t.lower_ == "that" and t.i > span.start + 1:
                noun = doc[t.i - 1]
                if noun.lemma_.lower() in DOCUMENT_NOUNS | ISSUED_NOUNS and t.i + 1 < span.end:
                    a.contents[0] = (t.idx, e)
                break
            if t.pos_ not in ("NOUN", "PROPN", "ADJ", "ADV", "PUNCT") or t.text == ",":
                break


def said_quoting(doc: Doc, atts: list[Attribution]) -> list[Attribution]:
    """ "He said, quoting “intelligence sources,” that …": the cue the tagger put on
    "quoting" or "citing" is the speech verb it hangs on, and the speaker that verb's
    subject; whom they quote is no speaker. An attribution the tagger found on that
    verb is the same statement: it takes these words and goes."""
    drop: list[Attribution] = []
    for a in atts:
        cue = cue_span(doc, a)
        if cue is None or len(cue) != 1:
            continue
        verb = cue.root
        head = verb.head
        if (
            verb.tag_ != "VBG"
            or verb.lemma_.lower() not in ("quote", "cite")
            or verb.dep_ not in ("advcl", "xcomp", "conj")
            or head.pos_ != "VERB"
            or head.i > verb.i  # ("Citing a theory, X accused Y of …": X's own words)
            or head.lemma_.lower() not in REPORTING_VERBS
            or any(s <= head.idx < e for s, e in a.contents)
        ):
            continue
        subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        clause = next(
            (c for h in (head, verb) for c in h.children if c.dep_ == "ccomp" and c.i > verb.i),
            None,
        )
        if clause is None or clause.left_edge.lower_ != "that":
            continue  # ("said in June, citing the release of prisoners": what they cited)
        # the words are the clause, not whom they quote
        lo, hi = clause.left_edge.i + 1, clause.right_edge.i
        while hi > lo and doc[hi].is_punct:
            hi -= 1
        a.contents = [token_span_chars(doc, lo, hi + 1)]
        own = next(
            (b for b in atts if b is not a and b.cue and b.cue[0] <= head.idx < b.cue[1]), None
        )
        if own is not None:
            own.contents = a.contents
            drop.append(a)
            continue
        a.cue = (head.idx, head.idx + len(head.text))
        a.sources = [subtree_chars(subj)]
        a.source_token = subj.i
    return [a for a in atts if not any(a is d for d in drop)]


def quotation_then_clause(
    doc: Doc, atts: list[Attribution], quoted: Sequence[tuple[int, int]]
) -> None:
    """ "He replied “no”, and Minister X agreed": words that open with a quotation end
    with it when a clause with its own subject follows it after "and" or "but" (the
    tagger ran them on): what X did is no part of what was replied. ``quoted``: the
    document's quotations, marks included (the quotemarks stage's)."""
    ends = dict(quoted)
    for a in atts:
        if a.cue is None or not a.contents:
            continue
        s, e = a.contents[0]
        q = ends.get(s, e)  # the end of the quotation the words open with
        if q >= e:
            continue
        rest = doc.char_span(q, e, alignment_mode="expand")
        if rest is None or len(rest) < 3:
            continue
        words = [t for t in rest if not t.is_punct]
        if not words or words[0].lower_ not in ("and", "but") or any(t.is_quote for t in rest):
            continue  # (not a second quotation: 'adding "…" and "it is a non-event"')
        cue = cue_span(doc, a)
        # the clause's verb joined to the speaking verb itself, not to the words said
        # ("said “the plan is dead” and the party would leave": both are said)
        if cue is not None and any(
            t.dep_ in ("nsubj", "nsubjpass")
            and rest.start <= t.head.i < rest.end
            and t.head.dep_ == "conj"
            and t.head.head.i == cue.root.i
            for t in rest
        ):
            a.contents = [(s, q), *a.contents[1:]]


def sent_of(doc: Doc, char: int) -> Span | None:
    for sent in doc.sents:
        if sent.start_char <= char < sent.end_char:
            return sent
    return None


_PARTY_LABEL = re.compile(r"\((?:D|R|I)\s?[-–]\s?[A-Z][A-Za-z. ]{1,18}\)")


#: A relative pronoun before a noun phrase at a source's start ("who British media
#: said were …"; not "who in 2010 said": the pronoun is the source there).
_SOURCE_LEAD = re.compile(
    r"(?:[Ww]ho|[Ww]hom|[Ww]hich)\s+(?=[A-Z]|(?:the|a|an|some|many|several|other)\s)"
)
_SOURCE_TAIL = re.compile(r"(?:[\s,]+(?:who|which|has|have|had|is|was|are|were))+$")


_GLUED_TAIL = re.compile(r"(?:-[A-Za-z]+)+")


#: The capitalised words right before a possessive clitic ("Israel" of "Israel’s").
_POSSESSOR = re.compile(r"(?:[A-Z][\w.&-]*[ \t]+)*[A-Z][\w.&-]*(?=['’]s\b)")


def tidy_sources(text: str, atts: list[Attribution]) -> None:
    """Let a source take in the party label that follows or cuts it: "Sen. Rand Paul
    (R-Ky.)" is one source, as annotated in PolNeAR, not "Sen. Rand Paul (R-Ky";
    and drop a relative pronoun or auxiliary verb at its end. A source that opens a
    paragraph starts after its dateline ("(Reuters) -Chemours shares")."""
    for a in atts:
        out = []
        for s, e in a.sources:
            para = text.rfind("\n", 0, s) + 1
            if s - para <= 60:
                s = max(s, dateline_end(text, para))
                if s >= e:
                    out.append((s, s))  # all dateline: empty where the sentence starts
                    continue
            lo = max(s, e - 8)
            m = _PARTY_LABEL.search(text, lo, min(len(text), e + 30))
            # a label that starts inside the source, or right after it
            if m is not None and m.start() <= e + 2 and not text[e : m.start()].strip():
                e = max(e, m.end())
            # a bracket the source opens is closed in it: "Anke Vollmer (Greens)", not
            # "Anke Vollmer (Greens"
            if text.count("(", s, e) > text.count(")", s, e):
                close = text.find(")", e, e + 40)
                if close != -1 and "(" not in text[e:close] and "\n" not in text[e:close]:
                    e = close + 1
            # a relative pronoun the source opens with: "(…, who) British media (said …)"
            lead = _SOURCE_LEAD.match(text, s, e)
            if lead is not None and lead.end() < e:
                s = lead.end()
            # a relative pronoun or auxiliary the tagger ran on into: "Trump, who", "Clinton has"
            tail = _SOURCE_TAIL.search(text, s, e)
            if tail is not None and tail.start() > s:
                e = tail.start()
            # a hyphenated word is one word: "the Attorney-General", not "the Attorney"
            glued = _GLUED_TAIL.match(text, e)
            if glued is not None:
                e = glued.end()
            # a source that opens with a possessive has its possessor: "Israel’s health
            # ministry", not "’s health ministry"
            owner = _POSSESSOR.search(text, max(0, s - 60), s + 2)
            if text[s : s + 2] in ("’s", "'s") and owner is not None and owner.end() == s:
                s = owner.start()
                a.source_token = None  # its head is the possessed noun, found by the parse
            out.append((s, e))
        a.sources = out


#: Entity types of time words a source may run into ("today (6 November)")
_TIME_TYPES = frozenset({"DATE", "TIME"})


def sources_without_dates(doc: Doc, atts: list[Attribution]) -> None:
    """A source ends before the time words the tagger ran it on into: "Press Secretary
    Jo Doe today (6 November) said" has the source "Press Secretary Jo Doe"."""
    for a in atts:
        if not a.sources:
            continue
        src = doc.char_span(*a.sources[0], alignment_mode="expand")
        if src is None or len(src) < 2:
            continue
        k = src.end
        while k > src.start and (doc[k - 1].ent_type_ in _TIME_TYPES or doc[k - 1].is_punct):
            k -= 1
        if (
            k in (src.start, src.end)
            or not any(t.ent_type_ in _TIME_TYPES for t in doc[k : src.end])
            or doc[k - 1].pos_ not in ("PROPN", "NOUN")
        ):
            continue
        a.sources[0] = token_span_chars(doc, src.start, k)
        a.source_token = _head(Span(doc, src.start, k))


_CUE_AUX = re.compile(
    r"\b(?:(?:has|have|had) been|has|have|had|was|were|is|are|will|would|could|did|does|do)"
    r"\s+$",
    re.IGNORECASE,
)
_CUE_PREP = re.compile(r"\s+(?:for|about|with)\b", re.IGNORECASE)


def _after(text: str, span: tuple[int, int], start: int) -> tuple[int, int]:
    """``span`` starting at the first non-space character at or after ``start``."""
    s = max(span[0], start)
    while s < span[1] and text[s].isspace():
        s += 1
    return s, span[1]


def tidy_cues(text: str, atts: list[Attribution]) -> None:
    """Cue spans as PolNeAR annotates them: with the auxiliaries right before the
    verb ("has said", "was quoted") and a following "for", "about" or "with"
    ("called for", "talked about"); never over the statement's source or content.

    (On PolNeAR train, of 312 predicted cues right after an auxiliary, 6 matched
    the gold cue without the auxiliary and 126 with it; of those before "for",
    12 without and 66 with it.)"""
    for a in atts:
        if a.cue is None:
            continue
        s, e = a.cue
        taken = [*a.sources, *a.contents]
        m = _CUE_AUX.search(text, max(0, s - 16), s)
        if m is not None and not any(x < s and m.start() < y for x, y in taken):
            s = m.start()
        p = _CUE_PREP.match(text, e)
        if p is not None:
            # the preposition may open the content: the content then starts after it
            clash = [c for c in a.contents if c[0] < p.end() and e < c[1]]
            if all(c[0] >= e and c[1] > p.end() for c in clash) and not any(
                x < p.end() and e < y for x, y in a.sources
            ):
                a.contents = [_after(text, c, p.end()) if c in clash else c for c in a.contents]
                e = p.end()
        a.cue = (s, e)
