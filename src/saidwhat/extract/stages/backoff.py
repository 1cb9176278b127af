"""Stage ``backoff``: what the rules find where the learned tagger found nothing.

With the neural tagger and ``[extract] rule_backoff``: reporting-verb
attributions whose cue no learned span covers, statements inside a report
("according to Z, X said Y"), then conjoined cues share a subject. With either
method: dash and colon attributions ("…" ― Name; Name: …), which cut a learned
content they interrupt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacy.tokens import Doc

from .. import rules
from ..attributions import Attribution
from ..backoff import add_nested, add_uncovered, inherit_conj_sources
from ..continuity import add_reported
from ..lexicon import DOCUMENT_NOUNS, ISSUED_NOUNS
from ..speakers import is_furniture
from ..state import DocState, Stage, register


def _subject(doc: Doc, a: Attribution) -> bool:
    return a.source_token is not None and doc[a.source_token].dep_ in ("nsubj", "nsubjpass")


def _document_says(doc: Doc, a: Attribution) -> bool:
    """A relative clause of a document's words: "the report that said …"."""
    if a.source_token is None:
        return False
    rel = doc[a.source_token]
    return (
        rel.lower_ in ("that", "which")
        and rel.head.dep_ == "relcl"
        and rel.head.head.lemma_.lower() in DOCUMENT_NOUNS | ISSUED_NOUNS
    )


def _heard(doc: Doc, a: Attribution) -> bool:
    """Words somebody was heard saying: "their sons overheard X say “…”"."""
    if a.source_token is None:
        return False
    first = doc[a.source_token].left_edge.i
    # (the lemmatizer leaves "overheard" as it is)
    return any(t.lower_.startswith(("hear", "overhear")) for t in doc[max(0, first - 3) : first])


@register("backoff")
def make_backoff(config: Mapping[str, Any]) -> Stage:
    neural = config["extract"]["method"] == "neural"
    rule_backoff = bool(config["extract"].get("rule_backoff", True))

    def backoff(state: DocState) -> DocState:
        doc, text, atts = state.doc, state.text, state.atts
        if neural:
            if rule_backoff:
                strict = list(
                    rules.find_attributions(doc, state.quoted, strict=True, tokens=state.tokens())
                )
                atts = add_uncovered(atts, strict, len(text))
                # "a statement by X that …" where no statement has its words; "X made a
                # statement that …" (its author a subject) ends a statement running over it
                nouns = list(rules.find_noun_attributions(doc, state.tokens()))
                said = [b for b in nouns if _subject(doc, b)]
                atts = add_uncovered(atts, said, len(text), over_contents=True)
                named = [b for b in nouns if not _subject(doc, b)]
                atts = add_uncovered(atts, named, len(text))
                atts = add_reported(
                    text,
                    atts,
                    strict,
                    # a document's words and words heard said are statements of their
                    # own, unless inside somebody's quoted words (theirs)
                    documents=[
                        b
                        for b in strict
                        if (_document_says(doc, b) or _heard(doc, b))
                        and b.cue is not None
                        and not any(q.start < b.cue[0] < q.end for q in state.quoted)
                    ],
                )
                atts = add_nested(text, atts, [b for b in named if b not in atts])
            inherit_conj_sources(doc, atts)
        if not neural or rule_backoff:
            # page furniture ("GENEVA (Reuters):", "Photo: …") is no speaker's label
            labels = [
                b
                for b in rules.find_punctuation_attributions(doc, state.quoted, text)
                if not (b.sources and is_furniture(doc, *b.sources[0], text=state.text))
            ]
            atts = add_uncovered(atts, labels, len(text), over_contents=neural)
        state.atts = atts
        return state

    return backoff
