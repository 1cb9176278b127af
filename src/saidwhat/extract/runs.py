"""Long runs of punctuation, tamed before spaCy so that analysis time stays linear.

spaCy's tokenizer strips prefix and suffix characters one at a time from a
whitespace-free token, copying the rest each time: a run of n characters such
as ``)``, ``&``, ``!``, ``%`` or ``"`` costs O(n²) (5,000 ``)`` take 2 s, 20,000
take 30 s). :func:`tame_runs` keeps the first :data:`MAX_RUN` characters of
every longer run of non-alphanumeric, non-space characters and turns the rest
into spaces: the text keeps its length, so every character offset of the
analysis is an offset into the original text, and a run costs one whitespace
token. :func:`restore_span_texts` puts the original characters back into the
span texts of a result.

Punctuation between spaces (``"! "`` repeated) is no quadratic case for the
tokenizer, but each mark is a token and a sentence of its own: 200 KB of it
took 1.5 GB (issue 20.5). A run of more than :data:`MAX_RUN` such marks in a
row, with nothing else between them but whitespace, is cut the same way.
"""

from __future__ import annotations

import re
from typing import Any

from ..records import ArticleResult

__all__ = ["MAX_RUN", "has_long_runs", "prepare", "restore_span_texts", "tame_runs"]

#: Longest run of punctuation or symbols given to spaCy unchanged.
MAX_RUN = 24
_RUN = re.compile(
    rf"(?:[^\w\s]|_){{{MAX_RUN + 1},}}"  # a run of marks: ")))))..."
    rf"|(?:(?:[^\w\s]|_)+\s+){{{MAX_RUN},}}(?:[^\w\s]|_)+"  # marks between spaces: "! ! ! ..."
)


def has_long_runs(text: str) -> bool:
    return _RUN.search(text) is not None


def tame_runs(text: str) -> str:
    """``text`` with every run of punctuation over :data:`MAX_RUN` characters cut to
    its first :data:`MAX_RUN` characters followed by spaces (same length)."""
    return _RUN.sub(lambda m: m.group(0)[:MAX_RUN] + " " * (len(m.group(0)) - MAX_RUN), text)


#: A typographic apostrophe inside a word: "O’Kelly", "don’t", "Israel’s".
_CURLY_APOSTROPHE = re.compile(r"(?<=\w)\u2019(?=\w)")


#: Guillemets as the curly double marks the taggers learned (PolNeAR has none):
#: "« … », said Mao Ning" is otherwise read with "»" for its source.
_GUILLEMETS = str.maketrans({"«": "“", "»": "”"})

#: Square brackets as the round ones the parser learned: "… Defense Forces [ENDF] and
#: the troops …" is otherwise parsed as two sentences, and an editor's insertion in
#: a quotation ("[the minister] said") as a token of no kind.
_BRACKETS = str.maketrans({"[": "(", "]": ")"})
_ROUND_TO_SQUARE = str.maketrans({"(": "[", ")": "]"})


#: Double quotation marks typed as two backticks and two apostrophes (wire copy:
#: "``Clearly, their mission was suspicious.’’"), or as two single marks ("‘’We are
#: ready’’, he said"), as a curly mark and a space.
_TWO_OPENING_MARKS = re.compile(r"``(?=\w)|(?<![\w\u2018\u2019])\u2018[\u2018\u2019](?=\w)")
_TWO_CLOSING_MARKS = re.compile(r"(?<=[\w.,!?;:])(?:''|\u2019\u2019)(?=\s|$|[.,;:!?)])")


#: A single closing mark after a quotation's last punctuation, before a space: it closes
#: a double quotation typed with a mismatched mark ("“They are happy,’ X told …")
_MISMATCHED_CLOSE = re.compile(r"(?<=[,.!?])\u2019(?=\s)")


def _close_mismatched(text: str) -> str:
    """``text`` with a single closing mark made a double one where it ends a double
    quotation its paragraph opens and never closes (same length)."""
    out = list(text)
    start = 0
    for line in text.split("\n"):
        at = line.rfind("\u201c")
        if at >= 0 and "\u201d" not in line[at:]:
            m = _MISMATCHED_CLOSE.search(line, at + 1)
            # (not the close of a single quotation inside it: "“He told me ‘no,’ and …")
            if m is not None and "\u2018" not in line[at : m.start()]:
                out[start + m.start()] = "\u201d"
        start += len(line) + 1
    return "".join(out)


def prepare(text: str) -> str:
    """The text given to spaCy, of the same length as ``text``: long punctuation runs
    tamed (:func:`tame_runs`), a typographic apostrophe inside a word made straight,
    as the model learned names and possessives ("O’Kelly" is otherwise read as an
    adverb, "Israel’s" may end a sentence), guillemets made curly double marks, square
    brackets round ones, and
    double marks typed as ``…'' or ``…’’ too (each a curly mark beside a space)."""
    text = _CURLY_APOSTROPHE.sub("'", tame_runs(text)).translate(_GUILLEMETS)
    text = text.translate(_BRACKETS)
    if "\u201c" in text and "\u2019" in text:
        text = _close_mismatched(text)
    if "``" in text or "\u2018\u2018" in text or "\u2018\u2019" in text:
        text = _TWO_OPENING_MARKS.sub(" \u201c", text)
        text = _TWO_CLOSING_MARKS.sub("\u201d ", text)
    return text


def _restore(value: Any, text: str) -> Any:
    if isinstance(value, dict):
        start, end = value.get("start"), value.get("end")
        if isinstance(start, int) and isinstance(end, int) and isinstance(value.get("text"), str):
            return dict(value, text=text[start:end])
        return {k: _restore(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore(v, text) for v in value]
    if isinstance(value, str) and "'" in value and "\u2019" in text:
        # a name or role read from the prepared text, as the article writes it
        curly = value.replace("'", "\u2019")
        if curly in text and value not in text:
            return curly
    if isinstance(value, str) and ("(" in value or ")" in value) and value not in text:
        # a name or role holding what the article writes in square brackets
        square = value.translate(_ROUND_TO_SQUARE)
        if square in text:
            return square
    return value


def restore_span_texts(result: ArticleResult) -> ArticleResult:
    """``result`` with every span's text read from ``result.text``, and names written
    with the article's apostrophes (after :func:`prepare`)."""
    text = result.text
    if (
        not has_long_runs(text)
        and "\u2019" not in text
        and "«" not in text
        and "»" not in text
        and "``" not in text
        and "[" not in text
        and "]" not in text
    ):
        return result
    d = result.to_dict()
    d["quotes"] = _restore(d["quotes"], result.text)
    d["entities"] = _restore(d["entities"], result.text)
    d["claims"] = _restore(d["claims"], result.text)
    return ArticleResult.from_dict(d)
