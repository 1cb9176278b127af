"""Paragraphs as sentence boundaries before the parse.

A headline without a full stop, a subheading or a dateline line would otherwise
be parsed as part of the sentence under it ("Headline here\\n\\nOn Monday, X
claimed ..." becomes one sentence with "Headline" as the subject of
"claimed"). :func:`mark_paragraphs` sets a sentence start on the first token
after every blank line (a paragraph break; a single line break may be a hard
wrap inside a sentence); spaCy's parser keeps sentence starts set before it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["COMPONENT", "mark_paragraphs"]

#: the name of the pipeline component, added before the parser by the engine
COMPONENT = "saidwhat_paragraphs"


def mark_paragraphs(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on each token that follows a blank line."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if not tok.is_space and prev.is_space and prev.text_with_ws.count("\n") >= 2:
            tok.is_sent_start = True
    return doc


if not Language.has_factory(COMPONENT):
    Language.component(COMPONENT, func=mark_paragraphs)
