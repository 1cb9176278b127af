"""Reporters are not speakers: "Interfax quoted X as saying …", "X was quoted by the
BBC as saying …", "the paper reports the ministry as saying …", "…, Interfax
reported, citing X". The statement is
X's; the outlet that quotes it is kept as the statement's reporter.

A pure function over the attributions of one parsed document, before speaker
resolution: the source becomes the quoted party, the outlet goes to ``via``, and a
second attribution found on "saying" itself is folded into the first.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..names import NAMED_TYPES
from .attributions import (
    Attribution,
    cue_span,
    merge_ranges,
    token_span_chars,
    trim,
    words_left,
)
from .lexicon import (
    COGNITION_VERBS,
    JUDGING_VERBS,
    NAMING_VERBS,
    NON_SPEECH_CUES,
    REPORTING_VERBS,
    UNNAMED_HEADS,
)

#: Verbs that report somebody else's words: "quoted X as saying", "cited X as saying".
QUOTING_VERBS = frozenset({"quote", "report", "cite"})
#: how a reporter's postposed verb hangs on the speech verb of the words it reports
_GOVERNED = frozenset({"parataxis", "ccomp", "advcl"})
#: verbs that say nothing by themselves as a statement's verb inside a reporter's
#: words: thought, acts, names, and judgements ("hails from the same family")
_NOT_SAID = COGNITION_VERBS | NON_SPEECH_CUES | NAMING_VERBS | JUDGING_VERBS
_QUOTE_OPENERS = frozenset("'\"“‘«„")


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


def _citing(verb: Token) -> Token | None:
    """The "citing X" of "…, Interfax reported, citing X": its object."""
    for c in verb.children:
        if c.tag_ == "VBG" and c.lemma_.lower() == "cite" and c.dep_ in ("advcl", "xcomp", "conj"):
            obj = next((o for o in c.children if o.dep_ == "dobj"), None)
            # somebody cited (a name, "officials"), not a document ("citing a report")
            if obj is not None and (
                obj.ent_type_ in NAMED_TYPES or obj.lemma_.lower() in UNNAMED_HEADS
            ):
                return obj
    return None


def quoted_as_saying(doc: Doc, atts: Sequence[Attribution]) -> list[Attribution]:
    """The attributions with "<outlet> quoted X as saying" or "…, <outlet> reported,
    citing X" given to X (``via`` the outlet); an attribution whose cue is the
    "saying" or "citing" itself is merged into it."""
    out = list(atts)
    drop: set[int] = set()
    for a in out:
        span = cue_span(doc, a)
        if span is None:
            continue
        verb = span.root
        cited = _citing(verb) if verb.lemma_.lower() in REPORTING_VERBS else None
        if cited is not None:
            outlet = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            a.sources = [_phrase(cited)]
            a.source_token = cited.i
            a.via = _phrase(outlet) if outlet is not None else None
            _fold_into(a, cited.head, out, drop)
            continue
        if verb.lemma_.lower() not in QUOTING_VERBS:
            continue
        saying = _as_saying(verb)
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if saying is None and (verb.lemma_.lower() != "quote" or passive):
            continue  # "…,” the paper quoted Khan: the quote's words are Khan's too
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
        if outlet is not None:  # (else a reporter named after the words stays)
            a.via = _phrase(outlet)
        if saying is not None:
            _fold_into(a, saying, out, drop)
        _own_quotation(a, verb, saying, out, drop)
    return [a for k, a in enumerate(out) if k not in drop]


def _own_quotation(
    a: Attribution, verb: Token, saying: Token | None, out: list[Attribution], drop: set[int]
) -> None:
    """The words of "“…,” the paper quoted X (as saying)": no piece of the quoted party's
    or the outlet's names ("Khan", "the") is content, and an attribution without a cue
    whose words lie in the same paragraph (the quotation the tagger left unlinked) is
    this one (the paragraph's; the parser may end a sentence inside the quotation)."""
    text = verb.doc.text
    cut = [p for p in (*a.sources, a.via) if p is not None]
    if saying is not None:
        cut.append(
            (
                saying.idx - 3 if text[: saying.idx].endswith("as ") else saying.idx,
                saying.idx + len(saying.text),
            )
        )
    a.contents = words_left(text, a.contents, cut, ends=",;:-")  # its marks kept
    s0 = text.rfind("\n", 0, verb.idx) + 1
    s1 = text.find("\n", verb.idx) % (len(text) + 1)
    for k, b in enumerate(out):
        if b is a or b.cue is not None or k in drop:
            continue
        if b.contents and all(s0 <= s and e <= s1 for s, e in b.contents):
            if not a.contents:
                a.kind = b.kind
            a.contents = merge_ranges([*a.contents, *b.contents])
            drop.add(k)
    if not a.contents:
        # "…, French television X cited military sources as saying.": the words
        # before the outlet in its sentence
        lo = verb.sent.start_char
        hi = min([verb.idx, *(s for s, _ in cut if s < verb.idx)])
        words = text[lo:hi].rstrip(" ,;:-–—")
        if any(ch.isalnum() for ch in words):
            a.contents = [(lo, lo + len(words))]


def inner_speaker(
    doc: Doc, atts: Sequence[Attribution], text: str | None = None
) -> list[Attribution]:
    """ "“…,” Ren told reporters, according to the report": the words that the tagger
    gave to "according to" a report, in a sentence with its own speaker ("Ren told"),
    are that speaker's statement, reported by the report. So are the words of "X said
    Y, the paper said" (the realnews conventions' nested attribution): a speech verb
    with its own subject inside the reporter's words, on which the reporter's
    postposed verb hangs. When the speaker's verb has an attribution of its own (with
    only "reporters" for words), the two are one.
    ``text`` is ``doc.text`` when the caller has it."""
    text = doc.text if text is None else text
    out = list(atts)
    drop: set[int] = set()
    for k, a in enumerate(out):
        if a.cue is None or not a.sources:
            continue
        span = cue_span(doc, a)
        if span is None:
            continue
        subjects: tuple[str, ...] = ("PRON", "PROPN")
        if text[a.cue[0] : a.cue[1]].lower().startswith("according"):
            # (a speech verb of the sentence's own, not one inside a clause of the
            # words: "According to her, it was wrong when X asked the jury to …")
            verbs = [v for v in span.sent if v.dep_ not in ("advcl", "relcl", "acl", "pcomp")]
        elif (
            # (not "“…, he said, ‘…’”": words quoted inside a quotation; a mixed one
            # only for a speaker's verb after the reporter's, below)
            a.kind in ("indirect", "mixed")
            and span.root.pos_ == "VERB"
            and span.root.lemma_.lower() in REPORTING_VERBS
        ):
            # the speech verb of the words before the reporter's ("X said Y, the paper
            # said"), which the parser makes its head or its complement
            outer = span.root
            subjects = ("PRON", "PROPN", "NOUN")  # "the minister said …, the agency said"
            up = outer.dep_ in _GOVERNED and outer.head.i != outer.i
            comps = [c for c in outer.children if c.dep_ == "ccomp"]
            # (a speaker's verb the parse hangs on the quotation's own verb: "X stated,
            # “… it falls on …,” ANI reported")
            comps += [c for v in comps for c in v.children if c.dep_ == "ccomp" and c.i < v.i]
            verbs = [
                v
                for v in ([outer.head] if up else comps)
                if any(s <= v.idx < e for s, e in a.contents)
                # words said, not a thought or a call ("officials felt comfortable …,
                # said X"; "protocol called for …, sources said"), nor what was not said
                # ("miners had not said they were happy, X told the agency")
                and v.lemma_.lower() not in _NOT_SAID
                and not any(c.dep_ == "neg" for c in v.children)
            ]
            # (words of the writer's with a quotation inside, "X stated, “…,” ANI
            # reported", as indirect ones, when a reporter, not "he", reports them)
            pronoun = a.source_token is None or outer.doc[a.source_token].pos_ == "PRON"
            if (
                a.kind == "direct"
                or (a.kind == "mixed" and pronoun)
                or any(
                    e > a.cue[0] or _QUOTE_OPENERS & set(text[s - 1 : s + 1]) for s, e in a.contents
                )
            ):
                # "…, the agency reports X said in an interview": the speaker's verb
                # after the reporter's, with no words of its own after it, says the
                # words before both
                late = [
                    v
                    for v in verbs
                    if v.i > outer.i
                    and not any(c.dep_ in ("ccomp", "dobj") and c.i > v.i for c in v.children)
                ]
                fronted = [(s, e) for s, e in a.contents if e <= a.cue[0]]
                if (
                    not late
                    or not fronted
                    or any(_QUOTE_OPENERS & set(text[s - 1 : s + 1]) for s, _ in fronted)
                ):
                    late = []
                verbs = late  # (else a reporter's verb before, or the words quoted)
        else:
            continue
        for v in verbs:
            if v.pos_ != "VERB" or v.lemma_.lower() not in REPORTING_VERBS:
                continue
            # (of two subjects the parse gives a role and its holder's name, "minister"
            # and "Arif" of "France's minister … Kader Arif told", the name)
            subj = next(
                (
                    c
                    for c in v.children
                    if c.dep_ == "nsubj" and (c.ent_type_ == "PERSON" or c.pos_ in subjects)
                ),
                None,
            )
            if subj is None:
                continue
            if any(s <= subj.idx < e for s, e in a.sources):
                continue
            s0 = _phrase(subj)[0]
            v1 = v.idx + len(v.text)
            # the words before the speaker ("“…,” Ren told") or else after the verb
            before = [(s, min(e, s0)) for s, e in a.contents if s < s0]
            after = [trim(text, max(s, v1), e) for s, e in a.contents if e > v1]
            # (the words after the verb where it has a clause of its own after it: "X,
            # retaliating, stated, “…,” ANI reported")
            first = after if any(c.dep_ == "ccomp" and c.i > v.i for c in v.children) else before
            pieces = [(s, e) for s, e in (first or before or after) if text[s:e].strip(' ,.;“”"')]
            if not pieces:
                continue
            own = next(
                (
                    b
                    for b in out
                    if b is not a and b.cue is not None and b.cue[0] <= v.idx < b.cue[1]
                ),
                None,
            )
            if own is not None:
                if not any(s < e2 and s2 < e for s, e in own.contents for s2, e2 in pieces):
                    own.contents = pieces  # its own words were only "reporters"
                if own.via is None:
                    own.via, own.via_cue = a.sources[0], a.cue
                drop.add(k)
                break
            a.via, a.via_cue = a.sources[0], a.cue
            a.sources = [_phrase(subj)]
            a.source_token = subj.i
            a.cue = (v.idx, v1)
            a.contents = pieces
            break
    return [a for k, a in enumerate(out) if k not in drop]


def trailing_according_to(
    doc: Doc, atts: Sequence[Attribution], text: str | None = None
) -> list[Attribution]:
    """ "The police said that …, according to Commissioner X": the words end where
    ", according to" opens, and X is the statement's reporter (the realnews
    conventions' "X said Y, according to Z"), when the cue is a speech verb before
    it. An attribution the tagger found on that "according to", with the sentence
    for words, is this one and goes."""
    text = doc.text if text is None else text
    out = list(atts)
    drop: set[int] = set()
    for a in out:
        if a.cue is None or a.via is not None or not a.contents:
            continue
        span = cue_span(doc, a)
        if (
            span is None
            or span.root.lemma_.lower() not in REPORTING_VERBS
            or span.root.dep_ != "ROOT"  # the sentence's own verb, not one in its words
        ):
            continue
        s, e = a.contents[-1]
        # (with or without its comma: "… were “foolhardy” according to Kathimerini")
        k = text.find(" according to ", s, e)  # the words end at k, "according" at k + 1
        if k < 0 or s < a.cue[1]:
            continue
        to = doc.char_span(k + 1, k + 13, alignment_mode="contract")
        if to is None or len(to) != 2:
            continue
        obj = next((c for c in to[1].children if c.dep_ == "pobj"), None)
        if obj is None or not (obj.ent_type_ in NAMED_TYPES or obj.pos_ in ("PROPN", "NOUN")):
            continue
        lo, hi = _phrase(obj)
        if hi < e - 1 and text[hi:e].strip(" .,;") != "":
            continue  # words go on after the reporter
        own = [
            n
            for n, b in enumerate(out)
            if b is not a and b.cue and b.cue[0] <= to.start_char < b.cue[1]
        ]
        if any(not any(cs <= a.cue[0] < ce for cs, ce in out[n].contents) for n in own):
            continue  # "according to" has words of its own
        drop.update(own)
        a.contents = [*a.contents[:-1], (s, len(text[:k].rstrip(" ,")))]
        a.via, a.via_cue = (lo, hi), (to.start_char, to.end_char)
    return [a for n, a in enumerate(out) if n not in drop]


def _fold_into(a: Attribution, verb: Token, out: list[Attribution], drop: set[int]) -> None:
    """Another attribution whose cue is ``verb`` ("saying", "citing") is the same
    statement: its contents join ``a``'s and it is dropped."""
    s0, s1 = verb.idx, verb.idx + len(verb.text)
    for k, b in enumerate(out):
        if b is not a and b.cue is not None and b.cue[0] < s1 and s0 < b.cue[1]:
            drop.add(k)
            a.contents = sorted({*a.contents, *b.contents})
