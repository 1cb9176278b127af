"""Lines and paragraphs are sentence boundaries, set before spaCy's parser runs.

A headline without a full stop, a dateline line or a label line would otherwise
be parsed as part of the first sentence after it ("Talks will bear fruit, says
Minister X\\n\\nHis counterpart said …" becomes one tree), which moves subjects,
cues and entities. spaCy's parser keeps sentence starts set before it.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from spacy.attrs import IS_SPACE, SENT_START  # type: ignore[attr-defined]
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex

#: the name of the component in the spaCy pipeline
COMPONENT = "saidwhat_line_breaks"


@Language.component(COMPONENT)
def line_breaks(doc: Doc) -> Doc:
    """Mark the first token after a line break as a sentence start.

    A line break is in a whitespace token (a token's own trailing whitespace is one
    space at most), so only those are read: the next token that is not whitespace
    starts a sentence. The starts are written at once (``Token.is_sent_start`` scans
    the whole document at each write to refuse a parsed one: it does so once)."""
    n = len(doc)
    space = doc.to_array(IS_SPACE)
    after: list[int] = []
    for i in np.flatnonzero(space).tolist():
        if "\n" in doc[i].text and (not after or after[-1] <= i):
            j = i + 1
            while j < n and space[j]:
                j += 1
            if j < n:
                after.append(j)
    if after:
        starts: Any = doc.to_array(SENT_START)  # uint64 (the stubs say float)
        doc[after[0]].is_sent_start = True  # refused (E043) once the document is parsed
        starts[after] = 1
        doc.from_array([SENT_START], starts)
    return doc


#: A hyphen glued to the capitalised word after it, which spaCy's prefixes keep on
#: the word (they split en and em dashes, not hyphens, for "-5"): the wire dateline
#: "(Reuters) -Chemours shares fell …" made one token "-Chemours", a word no name
#: or entity rule could read.
GLUED_HYPHEN = r"-(?=[A-Z])"


#: A closing quotation mark with no space before the next word, and the punctuation
#: before it: "…to local agencies,"said X" was one token 'agencies,"said' (spaCy's
#: infixes split no quote mark inside a word), a cue no tagger or rule could read.
GLUED_QUOTE = (r"(?<=[a-zA-Z])[,.!?](?=[\"“”][a-zA-Z])", r"(?<=[,.!?])[\"“”](?=[a-zA-Z])")


def add_to(nlp: Language) -> Language:
    """``nlp`` with the component before its parser, a hyphen glued to a capitalised
    word split off by the tokenizer (:data:`GLUED_HYPHEN`), and a closing quote glued
    to the next word (:data:`GLUED_QUOTE`); once."""
    if COMPONENT not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
        prefixes = [*(nlp.Defaults.prefixes or ()), GLUED_HYPHEN]
        infixes = [*(nlp.Defaults.infixes or ()), *GLUED_QUOTE]
        tokenizer: Any = nlp.tokenizer
        tokenizer.prefix_search = compile_prefix_regex(prefixes).search
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


# "MOSCOW, March 4 (TASS) - ", "DHAKA, Bangladesh — ", "ISLAMABAD: ", "Geneva (Reuters) -",
# "PORT OF SPAIN, Trinidad, CMC – ",
# "(Reuters) -", "Howrah (West Bengal) [India], June 24 (ANI): "
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.'’ -]{1,30}[A-Z.]"
    r"(?:,\s*(?:[A-Z][a-z]{2,9}\.?\s+\d{1,2}|[A-Z][\w.]+(?:\s+[A-Z][\w.]+){0,2}))?"
    r"(?:,\s*[A-Z]{2,8})?"  # "PORT OF SPAIN, Trinidad, CMC – ": an agency, unbracketed
    r"(?:\s*\([A-Za-z][\w.&/' -]{0,30}\))?"
    # a place in title case, its region and country in brackets, a date and an agency
    r"|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*[(\[][^()\[\]\n]{1,30}[)\]]){1,2}"
    r",\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?\s*\([A-Z][\w.&/' -]{0,30}\)"
    r"|(?:[A-Z][\w.'’ -]{1,30}?\s*)?\([A-Z][\w.&/' -]{0,30}\))"
    r"\s*\.?(?::|—|–|--?)(?:\s+|(?=[A-Z]))"  # "(Reuters) -Chemours", "Barcelona (ACN).- "
)


def dateline_end(text: str, start: int) -> int:
    """Where the text after a dateline that opens a paragraph at ``start`` begins
    ("MOSCOW, March 4 (TASS) - Talks …" -> the position of "Talks"); ``start`` when
    no dateline is there. A dateline is page furniture, never part of a statement."""
    if start > 0 and text[start - 1] != "\n":
        return start
    m = _DATELINE.match(text, start)
    return m.end() if m else start
