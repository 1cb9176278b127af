"""Attribution by syntax and a cue lexicon, without a trained model.

Used as the ``rules`` method and as a baseline in evaluation.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Token

from .attributions import Attribution, ranges_minus, subtree_chars, token_span_chars
from .lexicon import CUE_NOUNS, REPORTING_VERBS, STANCE_NOUNS, VOICING_VERBS
from .quotemarks import QuotedSpan

_SUBJ = {"nsubj", "nsubjpass"}
_CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "parataxis"}


#: passive verbs of passing on words: "X was quoted (by Y) as saying …"
_PASSED_ON = frozenset({"quote", "report", "cite"})


def _source(cue: Token) -> Token | None:
    for child in cue.children:
        if child.dep_ == "nsubj":
            return child
    head = cue.head
    if (
        cue.dep_ == "pcomp"
        and head.lower_ == "as"
        and head.head.tag_ == "VBN"
        and head.head.lemma_.lower() in _PASSED_ON
    ):
        # "X was quoted by state media as saying …": the one quoted says it
        return next((c for c in head.head.children if c.dep_ == "nsubjpass"), None)
    if cue.dep_ in ("conj", "advcl", "relcl") and cue.head.pos_ in ("VERB", "AUX"):
        # "X said …, adding restaurants are spreading it": a reporting participle on a
        # reporting verb speaks for the same subject
        shared = cue.dep_ == "conj" or (
            cue.dep_ == "advcl" and cue.tag_ == "VBG" and cue.i > cue.head.i and _is_cue(cue.head)
        )  # (not "Responding to the criticism, X said …", which frames what follows)
        return _source(cue.head) if shared else None
    return None


def _is_cue(tok: Token) -> bool:
    return tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING_VERBS


def _free_quote(
    qis: list[int],
    starts: list[int],
    quoted: list[QuotedSpan],
    used: set[int],
    contents: list[tuple[int, int]],
    free_from: int = 0,
) -> int | None:
    """The first quotation of a sentence (``qis``, their ``starts``) not ``used`` yet
    that holds the start of one of ``contents`` (any, when there are no contents;
    the ones before ``qis[free_from]`` are known to be used).

    Quotations are sorted and do not overlap, so a content start is in at most one,
    found by bisection: scanning every quotation of the sentence for every cue was
    quadratic in a long sentence of quotes (issue 20.3)."""
    if not contents:
        return next((qi for qi in qis[free_from:] if qi not in used), None)
    found = []
    for s, _ in contents:
        j = bisect.bisect_right(starts, s) - 1
        if j >= 0 and s < quoted[qis[j]].end and qis[j] not in used:
            found.append(qis[j])
    return min(found, default=None)


def _word_outside(doc: Doc, order: range, lo: int, hi: int) -> Token | None:
    """The first token in ``order`` (a range of indices) that is no punctuation and
    lies outside ``lo..hi``: at most a jump over the phrase, not a scan of it."""
    i, step = order.start, order.step
    while (i < order.stop) if step > 0 else (i > order.stop):
        if lo <= i <= hi:
            i = hi + 1 if step > 0 else lo - 1
            continue
        if not doc[i].is_punct:
            return doc[i]
        i += step
    return None


def find_attributions(
    doc: Doc,
    quoted: list[QuotedSpan],
    *,
    strict: bool = False,
    tokens: Sequence[Token] | None = None,
) -> Iterator[Attribution]:
    """Cue verbs with their subject and clausal complement, "according to", and quotes.

    With ``strict``, only cues that have both a subject and a clausal complement
    or an adjacent quotation ("X said that ...", "X warned: “...”").
    """
    used_quotes: set[int] = set()
    # quotations by sentence, computed once (Token.sent is a scan of its own)
    sents = list(doc.sents)
    sent_quotes: list[list[int]] = [[] for _ in sents]
    sent_starts = [sent.start_char for sent in sents]
    for qi, q in enumerate(quoted):
        k = max(0, bisect.bisect_right(sent_starts, q.start) - 1)
        while k < len(sents) and sents[k].start_char < q.end:
            if q.start < sents[k].end_char:
                sent_quotes[k].append(qi)
            k += 1
    sent_qstarts = [[quoted[qi].start for qi in qis] for qis in sent_quotes]
    free_from = [0] * len(sents)  # per sentence: its quotations before this are used
    sent_of = [0] * len(doc)
    for k, sent in enumerate(sents):
        for i in range(sent.start, sent.end):
            sent_of[i] = k
    for tok in doc if tokens is None else tokens:
        if _is_cue(tok):
            src = _source(tok)
            content_heads = [c for c in tok.children if c.dep_ in _CONTENT_DEPS]
            contents: list[tuple[int, int]] = []
            for head in content_heads:
                contents.append(subtree_chars(head))
            clausal = any(c.dep_ in ("ccomp", "parataxis") for c in content_heads)
            if strict and (src is None or (not clausal and not sent_quotes[sent_of[tok.i]])):
                continue
            # the quote the cue sits next to
            k = sent_of[tok.i]
            qis = sent_quotes[k]
            while free_from[k] < len(qis) and qis[free_from[k]] in used_quotes:
                free_from[k] += 1
            qi_next = _free_quote(qis, sent_qstarts[k], quoted, used_quotes, contents, free_from[k])
            if qi_next is not None:
                q = quoted[qi_next]
                qs, qe = q.inner
                if not q.closed and qs < tok.idx < qe and _ends_passage(doc, tok, src, qe):
                    # "“Security is paramount …, Police Spokesperson X has said.": the
                    # closing mark left out, the words up to the attribution that ends it
                    cut = tok.idx if src is None else min(tok.idx, subtree_chars(src)[0])
                    # (a source that opens before the quotation leaves it no words)
                    qs, qe = _strip_marks(doc, qs, cut) if cut > qs else (qs, qs)
                contents = [(qs, qe)] if qs < qe else []
                used_quotes.add(qi_next)
            if not contents or (src is None and not content_heads):
                continue
            yield Attribution(
                cue=(tok.idx, tok.idx + len(tok.text)),
                sources=[subtree_chars(src)] if src is not None else [],
                contents=contents,
                confidence=0.6 if src is not None else 0.4,
                source_token=src.i if src is not None else None,
            )
        elif tok.i + 1 < len(doc) and (tok.lower_, doc[tok.i + 1].lower_) in (
            ("according", "to"),
            ("as", "per"),
        ):
            # "according to X", "as per X" (South Asian and African English)
            to = doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            sent = sents[sent_of[tok.i]]
            # the phrase's extent from the parse's edges, not a walk of its subtrees
            lo = min(tok.left_edge.i, to.left_edge.i)
            hi = max(tok.right_edge.i, to.right_edge.i)
            first = _word_outside(doc, range(sent.start, sent.end), lo, hi)
            last = _word_outside(doc, range(sent.end - 1, sent.start - 1, -1), lo, hi)
            if not objs or first is None or last is None:
                continue
            # the words around the phrase, without it ("Furthermore, | as per NASA, | …")
            phrase = (tok.idx, subtree_chars(objs[0])[1])
            pieces = ranges_minus([(first.idx, last.idx + len(last.text))], [phrase])
            pieces = [p for p in (_strip_marks(doc, *r) for r in pieces) if p[0] < p[1]]
            if not pieces:
                continue
            yield Attribution(
                cue=(tok.idx, to.idx + len(to.text)),
                sources=[subtree_chars(objs[0])],
                contents=pieces,
                confidence=0.6,
                source_token=objs[0].i,
            )


def _ends_passage(doc: Doc, cue: Token, src: Token | None, end: int) -> bool:
    """Whether nothing but punctuation follows the cue and its source up to ``end``
    (the attribution is the last words of a passage)."""
    last = cue.i if src is None else max(cue.i, src.right_edge.i)
    k = last + 1
    while k < len(doc) and doc[k].idx < end:
        if not (doc[k].is_punct or doc[k].is_space):
            return False
        k += 1
    return True


def _strip_marks(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the tokens of spaces and commas at its edges."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return start, end
    words = [t for t in span if not (t.is_space or t.text == ",")]
    if not words:
        return start, start
    return max(start, words[0].idx), min(end, words[-1].idx + len(words[-1].text))


_NAMED_AUTHOR = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _author(noun: Token) -> Token | None:
    """Who a statement noun is by: "a statement by X", "a report from X", "X's claim",
    "a Wall Street Journal report" (a name, not "the report" alone)."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None:
                return obj
        if c.dep_ == "poss" and c.pos_ != "PRON":
            return c
    named = [c for c in noun.children if c.dep_ == "compound" and c.ent_type_ in _NAMED_AUTHOR]
    if named:
        return named[-1]
    return _voicer(noun)


def _voicer(noun: Token) -> Token | None:
    """Who voices a noun ("X expressed concern that", "…, voicing optimism that"): the
    subject of the voicing verb, or of the verb a participle hangs on."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in VOICING_VERBS:
        return None
    for _ in range(3):  # "X concluded …, making no promise but voicing optimism that"
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None or verb.dep_ not in ("advcl", "xcomp", "conj") or verb.head is verb:
            return subj
        verb = verb.head
    return None


def _complement_held(noun: Token) -> bool:
    """Any noun whose "that" clause is its content, not a relative clause (the "that"
    marks it), held by somebody named or voiced: "Enrile's apprehension that …", "raised
    the possibility that …" ("the fact that" has nobody holding it)."""
    if not any(
        c.dep_ in ("acl", "ccomp")
        and c.i > noun.i
        and c.left_edge.i == noun.i + 1
        and c.left_edge.lower_ == "that"
        and c.left_edge.dep_ == "mark"
        for c in noun.children
    ):
        return False
    if _voicer(noun) is not None:
        return True
    return any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in noun.children)


def find_noun_attributions(
    doc: Doc, tokens: Sequence[Token] | None = None
) -> Iterator[Attribution]:
    """Statements named by a noun with their author and their words: "a statement by
    Jamie Ross that the campaign has failed", "a Wall Street Journal report that the
    minister warned …", "Acme's claim that the plant is safe". The words are the
    "that" clause; a noun without a named author or a clause is no attribution."""
    for tok in doc if tokens is None else tokens:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "NOUN":
            continue
        listed = lemma in CUE_NOUNS or (lemma in STANCE_NOUNS and _voicer(tok) is not None)
        if not listed and not _complement_held(tok):
            continue
        author = _author(tok)
        # the clause right after the noun, or after its "by X" ("claims by the ANC's
        # head Ayanda Bans that …": the parser may cut the name from its role and hang
        # the clause on either)
        opens = tok.i + 1
        hosts = [tok]
        author_end = None
        if author is not None and author.head.dep_ == "prep" and author.head.head.i == tok.i:
            opens = author.right_edge.i + 1
            while opens < len(doc) and doc[opens].pos_ == "PROPN":
                opens += 1
            author_end = opens
            hosts += [author, doc[opens - 1]]
        clause = next(
            (
                c
                for h in hosts
                for c in h.children
                if c.dep_ in ("acl", "ccomp", "relcl")
                and c.i > tok.i
                and c.left_edge.lower_ == "that"
                and c.left_edge.i in (tok.i + 1, opens)
            ),
            None,
        )
        if clause is None and author_end is not None:
            # "accusations from X, the minister for Y, that …": the "that" right after
            # the author's words, whatever the parser hung its clause on
            p = opens
            while p < len(doc) and doc[p].text == ",":
                p += 1
            mark = doc[p] if p < len(doc) else None
            if mark is not None and mark.lower_ == "that" and mark.dep_ == "mark":
                clause = mark.head if mark.head.i > mark.i else None
        if clause is None:
            continue
        named_by = list(author.subtree) if author is not None else []
        if author is not None and author_end is not None:
            named_by += list(doc[author.right_edge.i + 1 : author_end])
        if author is None or not any(
            t.ent_type_ in _NAMED_AUTHOR or t.pos_ == "PROPN" for t in named_by
        ):
            continue
        lo = clause.left_edge.i + 1
        hi = clause.right_edge.i
        while hi > lo and doc[hi].is_punct:
            hi -= 1
        if hi < lo:
            continue
        source = subtree_chars(author)
        if author_end is not None and author_end > author.right_edge.i + 1:
            source = token_span_chars(doc, author.left_edge.i, author_end)
        yield Attribution(
            cue=(tok.idx, tok.idx + len(tok.text)),
            sources=[source],
            contents=[token_span_chars(doc, lo, hi + 1)],
            confidence=0.5,
            source_token=author.i,
            noun_cue=True,
        )


_DASHES = ("--", "―", "—", "–")
_LABEL_NOUNS = frozenset(["poll", "polls", "survey", "report", "study", "sources", "officials"])


def _name_like(toks: list[Token]) -> bool:
    """A short speaker label: proper nouns or capitalised words, no verb."""
    words = [t for t in toks if not t.is_punct]
    if not 1 <= len(words) <= 4:
        return False
    if any(t.pos_ in ("VERB", "AUX") and not t.is_upper for t in words):
        return False
    if len(words) == 1 and words[0].lower_ in _LABEL_NOUNS:
        return True
    return all(
        t.pos_ == "PROPN" or t.is_upper or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        for t in words
    ) and all(t.text[:1].isupper() for t in words)


# "— Donald J. Trump (@realDonaldTrump) March 3, 2020": an embedded post's signature
_POST_SIGNATURE = re.compile(r"^[ \t]*(?:--|―|—|–)\s*([^\n(]{2,60}?)\s*\(@\w{1,30}\)[^\n]*$", re.M)


def _embedded_posts(doc: Doc, text: str) -> Iterator[Attribution]:
    """An embedded social-media post: the lines above a signature line
    ("— Name (@handle) date"), back to the blank line before them, are its words."""
    for m in _POST_SIGNATURE.finditer(text):
        top = text.rfind("\n\n", 0, m.start())
        lo = 0 if top < 0 else top + 2
        hi = m.start()
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        name = doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
        if hi <= lo or name is None or not _name_like([t for t in name if not t.is_space]):
            continue
        dash = m.start(1) - 1
        while dash > m.start() and text[dash].isspace():
            dash -= 1
        yield Attribution(
            cue=(dash, dash + 1),
            sources=[(m.start(1), m.end(1))],
            contents=[(lo, hi)],
            confidence=0.6,
            source_token=name[-1].i,
        )


def find_punctuation_attributions(
    doc: Doc, quoted: list[QuotedSpan], text: str | None = None
) -> Iterator[Attribution]:
    """Attributions marked by punctuation alone, with a name for source:

    * a dash after a quotation: ``“…” ― Sonya Herridge`` (the name ends its line);
    * a colon after a label that opens a line: ``Pence: Flowers won't be at the
      debate`` (headlines), ``WALLACE: Let's start…`` (transcripts).

    ``text`` is ``doc.text`` when the caller has it.
    """
    if text is None:
        text = doc.text
    for q in quoted:
        if not q.closed:
            continue
        i = q.end
        while i < len(text) and text[i] in " \t\u00a0":
            i += 1
        dash = next((d for d in _DASHES if text.startswith(d, i)), None)
        if dash is None:
            continue
        j = i + len(dash)
        line_end = text.find("\n", j)
        line_end = len(text) if line_end < 0 else line_end
        name = doc.char_span(j, line_end, alignment_mode="contract")
        if name is None or not _name_like([t for t in name if not t.is_space]):
            continue
        toks = [t for t in name if not (t.is_punct or t.is_space)]
        yield Attribution(
            cue=(i, j),
            sources=[token_span_chars(doc, toks[0].i, toks[-1].i + 1)],
            contents=[q.inner],
            confidence=0.6,
            source_token=toks[-1].i,
        )
    yield from _embedded_posts(doc, text)
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        colon = line.find(":")
        if 0 < colon <= 40 and len(line[colon + 1 :].split()) >= 3:
            lead = len(line) - len(line.lstrip(" \t\"“‘'"))  # a transcript turn may be quoted
            label = doc.char_span(start + lead, start + colon, alignment_mode="contract")
            rest = doc.char_span(start + colon + 1, end, alignment_mode="contract")
            if label is not None and rest is not None and len(rest):
                toks = [t for t in label if not (t.is_punct or t.is_space)]
                if toks and _name_like(toks):
                    words = [t for t in rest if not t.is_space]
                    yield Attribution(
                        cue=(start + colon, start + colon + 1),
                        sources=[token_span_chars(doc, toks[0].i, toks[-1].i + 1)],
                        contents=[token_span_chars(doc, words[0].i, words[-1].i + 1)],
                        confidence=0.5,
                        source_token=toks[-1].i,
                    )
        start = end + 1
