"""Lines and paragraphs are sentence boundaries, set before spaCy's parser runs.

A headline without a full stop, a dateline line or a label line would otherwise
be parsed as part of the first sentence after it ("Talks will bear fruit, says
Minister X\\n\\nHis counterpart said …" becomes one tree), which moves subjects,
cues and entities. spaCy's parser keeps sentence starts set before it.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

#: the name of the component in the spaCy pipeline
COMPONENT = "saidwhat_line_breaks"


@Language.component(COMPONENT)
def line_breaks(doc: Doc) -> Doc:
    """Mark the first token after a line break as a sentence start."""
    after_break = False
    for tok in doc:
        if tok.is_space:
            after_break = after_break or "\n" in tok.text
            continue
        if after_break and tok.i > 0:
            tok.is_sent_start = True
        after_break = "\n" in tok.whitespace_
    return doc


def add_to(nlp: Language) -> Language:
    """``nlp`` with the component before its parser (once)."""
    if COMPONENT not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
    return nlp


# "MOSCOW, March 4 (TASS) - ", "DHAKA, Bangladesh — ", "ISLAMABAD: ", "Geneva (Reuters) -"
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.'’ -]{1,30}[A-Z.]"
    r"(?:,\s*(?:[A-Z][a-z]{2,9}\.?\s+\d{1,2}|[A-Z][\w.]+(?:\s+[A-Z][\w.]+){0,2}))?"
    r"(?:\s*\([A-Za-z][\w.&/' -]{0,30}\))?"
    r"|[A-Z][\w.'’ -]{1,30}?\s*\([A-Z][\w.&/' -]{0,30}\))"
    r"\s*(?::|—|–|--?)\s+"
)


def dateline_end(text: str, start: int) -> int:
    """Where the text after a dateline that opens a paragraph at ``start`` begins
    ("MOSCOW, March 4 (TASS) - Talks …" -> the position of "Talks"); ``start`` when
    no dateline is there. A dateline is page furniture, never part of a statement."""
    if start > 0 and text[start - 1] != "\n":
        return start
    m = _DATELINE.match(text, start)
    return m.end() if m else start
