"""Span helpers shared by the taggers and the rules (saidwhat.extract.attributions)."""

from __future__ import annotations

import pytest

from saidwhat.extract.attributions import Attribution, tidy_sources


def _tidy(text: str, source: str) -> str:
    start = text.index(source)
    att = Attribution(cue=None, sources=[(start, start + len(source))])
    tidy_sources(text, [att])
    ((s, e),) = att.sources
    return text[s:e]


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        # the party label after a name belongs to the source
        ("Sen. Rand Paul (R-Ky.) said no.", "Sen. Rand Paul", "Sen. Rand Paul (R-Ky.)"),
        ("Sen. Rand Paul (R-Ky.) said no.", "Sen. Rand Paul (R-Ky", "Sen. Rand Paul (R-Ky.)"),
        ("Rep. Ann Lee (D-Calif.) said it.", "Rep. Ann Lee (D-Calif.)", "Rep. Ann Lee (D-Calif.)"),
        # a relative pronoun or auxiliary the tagger ran on into does not
        ("Trump, who spoke Monday, said so.", "Trump, who", "Trump"),
        ("Clinton has said so.", "Clinton has", "Clinton"),
        # other parentheses and plain names are left alone
        ("Ann Lee (pictured) said so.", "Ann Lee", "Ann Lee"),
        ("The Who said so.", "The Who", "The Who"),
    ],
)
def test_tidy_sources(text: str, source: str, expected: str) -> None:
    assert _tidy(text, source) == expected
