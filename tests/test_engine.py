"""Engine helpers that merge the tagger's attributions with rule-found ones, and the
extraction methods the engine accepts."""

from __future__ import annotations

import pytest

from saidwhat.config import load_config
from saidwhat.engine import METHODS, Analyzer
from saidwhat.errors import ModelError
from saidwhat.extract.attributions import Attribution
from saidwhat.extract.backoff import add_uncovered

TEXT = "He said the debate was won, you know.\nPENCE: Well, the question is why she lost."


def _learned() -> list[Attribution]:
    # a learned statement whose content runs over the next speaker's turn
    start = TEXT.index("the debate")
    return [Attribution(cue=(3, 7), sources=[(0, 2)], contents=[(start, len(TEXT))])]


def _label() -> Attribution:
    p = TEXT.index("PENCE")
    return Attribution(
        cue=(p + 5, p + 6), sources=[(p, p + 5)], contents=[(p + 7, len(TEXT))], confidence=0.5
    )


def test_rule_attribution_is_not_added_over_a_learned_content_by_default() -> None:
    out = add_uncovered(_learned(), [_label()], len(TEXT))
    assert len(out) == 1 and out[0].cue == (3, 7)


def test_punctuation_attribution_cuts_the_learned_content_it_interrupts() -> None:
    out = add_uncovered(_learned(), [_label()], len(TEXT), over_contents=True)
    assert [a.cue for a in out] == [(3, 7), _label().cue]
    (s, e) = out[0].contents[0]
    assert TEXT[s:e].strip() == "the debate was won, you know."
    assert out[1].confidence == 0.5 * 0.8  # rule-found: less sure


def test_punctuation_attribution_never_overrides_a_learned_cue_or_source() -> None:
    learned = [Attribution(cue=_label().cue, sources=[], contents=[(0, 10)])]
    out = add_uncovered(learned, [_label()], len(TEXT), over_contents=True)
    assert len(out) == 1 and out[0].contents == [(0, 10)]


@pytest.mark.parametrize("method", ["crf", "neurall", ""])
def test_an_unknown_method_is_refused_rather_than_run_as_rules(method: str) -> None:
    # "crf" was removed in issue 9; a config that still names it must not fall back silently
    with pytest.raises(ModelError, match=r"\[E064\] unknown extraction method"):
        Analyzer(load_config({"extract": {"method": method}}))
    assert METHODS == ("neural", "rules")


ARTICLES = [
    'Mayor Ana Lucas said on Monday that the bridge "will open in May".\n\n'
    "Her deputy, Tom Reyes, told reporters the budget was tight. "
    '"We have no money left for the second lane," he said.',
    "The union warned that the strike would go on. Its leader, Mia Chen, said talks had failed.",
    "Rain fell all week.\n\nThe weather office said the river could flood the old town.\n\n"
    + " ".join(f"Residents of street {i} were told to stay indoors." for i in range(30)),
    '"This is not over," the coach, Paul Amadi, said after the final whistle.',
    "Officials said the report would be published next year, according to a statement.",
]


def test_the_spacy_minibatch_size_changes_no_parse_and_no_result(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``[nlp] batch_size`` only bounds the memory of spaCy's forward pass (its tok2vec
    holds every layer's activations of a minibatch, ~15 KB per token): the parses,
    down to ``doc.tensor``, and the results are the same for any minibatch size."""
    import numpy as np
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, SENT_START, TAG

    from saidwhat.readers import ArticleInput

    attrs = [TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, LEMMA, SENT_START]
    parses = {
        size: [(d.to_array(attrs), d.tensor) for d in engine.nlp.pipe(ARTICLES, batch_size=size)]
        for size in (1, 2, len(ARTICLES))
    }
    for size in (2, len(ARTICLES)):
        for (arr, tensor), (arr1, tensor1) in zip(parses[size], parses[1], strict=True):
            assert np.array_equal(arr, arr1)
            assert np.array_equal(tensor, tensor1)

    arts = [ArticleInput(id=f"a{i}", text=t) for i, t in enumerate(ARTICLES)]
    results = {}
    for size in (1, 2, len(ARTICLES)):
        monkeypatch.setattr(engine, "batch_size", size)
        results[size] = [r.to_dict() for r in engine.extract_batch(arts)]
    assert any(r["quotes"] for r in results[1])
    assert results[2] == results[1] and results[len(ARTICLES)] == results[1]
