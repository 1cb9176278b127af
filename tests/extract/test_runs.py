"""Long punctuation runs: linear analysis time, offsets into the original text (issue 11)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from saidwhat.extract.runs import MAX_RUN, tame_runs


def test_tame_runs_keeps_length_and_short_runs() -> None:
    text = 'He said "wow!!!" -- and ' + ")" * 1000 + " then &&&& " + "_" * 30 + " end"
    out = tame_runs(text)
    assert len(out) == len(text)
    assert out.startswith('He said "wow!!!" -- and ' + ")" * MAX_RUN + " ")
    assert "&&&&" in out and "_" * MAX_RUN + " " * (30 - MAX_RUN) in out
    assert tame_runs("plain text, no runs.") == "plain text, no runs."
    # characters outside the runs are untouched
    assert [i for i, (a, b) in enumerate(zip(text, out)) if a != b] == [
        i for i in range(len(text)) if out[i] == " " and text[i] != " "
    ]


_SCRIPT = r"""
import json, sys, time
from saidwhat.engine import get_engine
from saidwhat.readers import ArticleInput
engine = get_engine()
engine.extract(ArticleInput(id="warm", text='"Hi," Bob Jones said.'))
out = {}
for unit in [")", "&", "!", "-"]:
    text = '"We will win," Bob Jones said. ' + unit * 1_000_000 + ' "It is done," Ann Lee said.'
    t0 = time.perf_counter()
    res = engine.extract(ArticleInput(id="x", text=text))
    dt = time.perf_counter() - t0
    spans = [s for q in res.quotes for s in (*q.contents, *q.sources)]
    ok = all(text[s.start:s.end] == s.text for s in spans)
    out[unit] = [dt, len(res.quotes), ok]
print(json.dumps(out))
"""


@pytest.mark.slow
def test_a_megabyte_run_of_punctuation_is_analysed_in_seconds() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=180
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    for unit, (seconds, n_quotes, spans_ok) in got.items():
        assert seconds <= 5, (unit, seconds)
        assert n_quotes == 2 and spans_ok, (unit, n_quotes)


def test_marks_between_spaces_are_cut_too() -> None:
    """Issue 20.5: ``"! "`` repeated is one token and one sentence per mark (200 KB
    took 1.5 GB); a run of over MAX_RUN marks between spaces is cut, same length."""
    from saidwhat.extract.runs import has_long_runs

    text = 'He said "no." ' + "! " * 5000 + "Then he left."
    out = tame_runs(text)
    assert len(out) == len(text) and has_long_runs(text)
    assert out.startswith('He said "no." ') and out.endswith("Then he left.")
    assert out.count("!") <= MAX_RUN  # the rest became spaces
    # separators and ellipses of real text are left alone
    for kept in ("* * *", "a - b - c", "Wait . . . what?", "- " * (MAX_RUN - 1) + "end"):
        assert tame_runs(kept) == kept


@pytest.mark.issue(16)
def test_apostrophes_inside_words_are_straight_for_the_parser_and_curly_in_the_output() -> None:
    from saidwhat import extract
    from saidwhat.extract.runs import prepare

    text = (
        "Judge Eugene O’Kelly heard the case. ‘Not now,’ he said. Judge O’Kelly said it "
        "was serious."
    )
    out = prepare(text)
    assert len(out) == len(text)
    assert "O'Kelly" in out and "‘Not now,’" in out  # quotation marks stay as they are
    result = extract(text)
    assert {q.speaker.name for q in result.quotes if q.speaker} == {"Eugene O’Kelly"}
    for q in result.quotes:
        for span in (q.cue, *q.sources, *q.contents):
            if span is not None:
                assert span.text == text[span.start : span.end]


def test_guillemets_reach_the_taggers_as_curly_marks_and_the_output_as_written() -> None:
    from saidwhat import extract
    from saidwhat.extract.runs import prepare

    text = "« The summit is an important forum », said Mao Ning."
    assert prepare(text) == "\u201c The summit is an important forum \u201d, said Mao Ning."
    (q,) = extract(text).quotes
    assert q.contents[0].text.startswith("«")
    assert [s.text for s in q.sources] == ["Mao Ning"]


def test_double_marks_typed_as_backticks_and_apostrophes_become_curly_marks() -> None:
    from saidwhat.extract.runs import prepare

    text = "He said: ``We are ready.'' Then: ``No more.’’ Don't touch it's."
    out = prepare(text)
    assert len(out) == len(text)
    assert out.count("\u201c") == 2 and out.count("\u201d") == 2
    assert "Don't" in out and "it's" in out  # apostrophes in words stay


def test_a_quotation_in_backticks_running_over_paragraphs_is_attributed() -> None:
    from saidwhat import extract

    text = (
        "Arrested men were travellers, says official\n\n"
        "Mr Musa Bello, the coordinator, said that the men travelled in ``a convoy of "
        "buses with no money.\n\n"
        "``Clearly, their mission was suspicious and had to be investigated.’’\n"
    )
    quotes = extract(text).quotes
    clearly = [
        q for q in quotes if any(c.text.lstrip("`“ ").startswith("Clearly") for c in q.contents)
    ]
    assert clearly and clearly[0].speaker is not None
    assert clearly[0].speaker.name == "Musa Bello"


def test_square_brackets_reach_the_parser_as_round_ones_and_the_output_as_written() -> None:
    from saidwhat import extract
    from saidwhat.extract.runs import prepare

    # the bracketed acronym otherwise ends the sentence for the parser, and the
    # reported words stop before it
    text = (
        "According to The Courier, the northern forces had lost ground to the National "
        "Defence Forces [NDF] and the allied troops who have stepped up attacks in the "
        "hills, leading to calls for talks.\n"
    )
    assert prepare(text) == text.replace("[", "(").replace("]", ")")
    (q,) = extract(text).quotes
    (content,) = q.contents
    assert "[NDF] and the allied troops" in content.text
    assert content.text == text[content.start : content.end]


def test_double_marks_typed_as_two_single_marks_become_curly_marks() -> None:
    from saidwhat import extract
    from saidwhat.extract.runs import prepare

    text = (
        "The mayor spoke on Monday.\n\n"
        "\u2018\u2019The bridge will open in May and the road will follow. We have the "
        "money for both\u2019\u2019, the mayor said.\n"
    )
    out = prepare(text)
    assert len(out) == len(text)
    assert out.count("\u201c") == 1 and out.count("\u201d") == 1
    quotes = extract(text).quotes
    assert any(
        c.text.lstrip("\u2018\u2019 ").startswith("The bridge") for q in quotes for c in q.contents
    )


def test_a_single_closing_mark_ends_a_double_quotation_its_paragraph_left_open() -> None:
    from saidwhat import extract
    from saidwhat.extract.runs import prepare

    text = (
        "Strike ends\n\n"
        "“The workers themselves are saying they are happy,\u2019 Thabo Mokoena told the "
        "agency. The offer was accepted on Monday, he said.\n\n"
        "“He told me \u2018no,\u2019 and I believed him.\n"
    )
    out = prepare(text)
    assert len(out) == len(text)
    assert "happy,\u201d Thabo" in out
    assert "\u2018no,\u2019 and" in out  # a single quotation inside a double one stays
    happy = [q for q in extract(text).quotes if "are happy" in q.contents[0].text]
    assert happy and happy[0].speaker is not None
    assert happy[0].speaker.name == "Thabo Mokoena"
