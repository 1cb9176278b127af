"""Find quoted passages by their quotation marks.

Handles curly and straight double quotes, guillemets and low-9 marks, quotes
that run over several paragraphs (the convention of re-opening each paragraph
with a quote mark and closing only the last) and stray or unbalanced marks,
which produce a warning rather than an error.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..errors import Warnings

OPENERS = {"“": "”", "«": "»", "„": "“", "‟": "”"}
CLOSERS = {"”", "»"}
STRAIGHT = '"'
#: Every double quotation mark the module reads (straight, curly, guillemets, low-9).
MARKS = re.compile(r'[“”«»„‟"]')
_PARA = re.compile(r"\n\s*\n|\n(?=\s*[“«„\"])")


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """A passage between quotation marks: ``start``/``end`` include the marks."""

    start: int
    end: int
    closed: bool

    @property
    def inner(self) -> tuple[int, int]:
        s, e = self.start + 1, self.end - 1 if self.closed else self.end
        return s, max(s, e)


def _straight_role(text: str, i: int) -> str:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-/:" or i == 0:
        return "open" if not after.isspace() else "close"
    if after.isspace() or after in ".,;:!?)]}—–-" or i + 1 == len(text):
        return "close"
    return "open" if before in "'’" else "close"


def _after_gap(text: str, i: int) -> bool:
    """A mark at a word's start: after a space, a line break or an opening bracket,
    before a letter or digit."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([") and after.isalnum()


def misshapen_opening(text: str, i: int) -> bool:
    """Whether the mark at ``i`` is a ” typed for “: it stands at a word's start."""
    return text[i : i + 1] == "”" and _after_gap(text, i)


def _before_gap(text: str, i: int) -> bool:
    """A mark at a word's end: before a space, the text's end or a stop, and not at
    a word's start."""
    after = text[i + 1] if i + 1 < len(text) else " "
    return (after.isspace() or after in ".,;:!?") and not _after_gap(text, i)


def _starts_paragraph(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] == "\n"


def find_quoted(text: str, *, max_chars: int = 5000) -> tuple[list[QuotedSpan], list[str]]:
    """All quoted passages of ``text``, in order, and warnings for unsound marks."""
    spans: list[QuotedSpan] = []
    warnings: list[str] = []
    para_breaks = [m.start() for m in _PARA.finditer(text)]
    start: int | None = None
    expected_close: str | None = None
    nested = 0  # guillemets opened inside an open guillemet quote: «… «divide and rule» …»

    # by bisection: a scan of every break for every mark was quadratic (issue 20.3)
    def para_between(a: int, b: int) -> bool:
        k = bisect.bisect_right(para_breaks, a)
        return k < len(para_breaks) and para_breaks[k] < b

    def paragraph_end(pos: int) -> int:
        k = bisect.bisect_right(para_breaks, pos)
        return para_breaks[k] if k < len(para_breaks) else len(text.rstrip())

    for m in MARKS.finditer(text):
        i = m.start()
        ch = m.group()
        if ch == STRAIGHT:
            role = _straight_role(text, i)
        elif ch in OPENERS and not (start is not None and ch == expected_close):
            role = "open"
            if start is not None and ch == "“" and _before_gap(text, i):
                role = "close"  # "… talks are being held, “ adding that": “ typed for ”
        else:
            role = "close"
            if start is None and misshapen_opening(text, i):
                role, ch = "open", "“"  # "”The fact is …" opening a paragraph: read as “
        if start is not None and expected_close == "»" and ch in "«»":
            if ch == "«" and not para_between(start, i):
                nested += 1
                continue
            if ch == "»" and nested:
                nested -= 1
                continue
        if start is None:
            if role == "open":
                start, expected_close = i, OPENERS.get(ch, STRAIGHT)
            else:
                warnings.append(Warnings.W001.format(start=i))
            continue
        if role == "close":
            if i + 1 - start > max_chars:
                warnings.append(Warnings.W004.format(start=start, n=i + 1 - start))
            else:
                spans.append(QuotedSpan(start, i + 1, True))
            start = expected_close = None
            nested = 0
            continue
        # A second opening mark while a quote is open.
        if para_between(start, i) and _starts_paragraph(text, i):
            # Multi-paragraph quote: the new paragraph re-opens the same quote.
            continue
        warnings.append(Warnings.W001.format(start=start))
        end = paragraph_end(start)
        before = text[start:i].rstrip()
        if start < end <= i:
            spans.append(QuotedSpan(start, end, False))
        elif before[-1:] in (".", "?", "!") and len(before) > 1:
            # re-opened after a sentence in the same paragraph, the close left out
            # ("“Letters were sent. He was asked to act. “Bredell still has to act.”")
            spans.append(QuotedSpan(start, start + len(before), False))
        start, expected_close, nested = i, OPENERS.get(ch, STRAIGHT), 0
    if start is not None:
        warnings.append(Warnings.W001.format(start=start))
        end = paragraph_end(start)
        if end - start <= max_chars and end > start + 1:
            spans.append(QuotedSpan(start, end, False))
    return spans, warnings
