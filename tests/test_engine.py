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
