"""render: table rows and HTML from hand-built records (no engine)."""

from __future__ import annotations

import html
import io
import re

from saidwhat.records import ArticleResult, Claim, Quote, Speaker, TextSpan
from saidwhat.render import iter_html, render_html, render_table, table_rows

TEXT = '<b>Note</b> "We <i>won</i>," Ann [bold]Lee[/bold] said & left.'


def span(text: str, part: str) -> TextSpan:
    start = text.index(part)
    return TextSpan(start, start + len(part), part)


def result(**meta: str) -> ArticleResult:
    quote = Quote(
        id="Q1",
        kind="direct",
        cue=span(TEXT, "said"),
        sources=(span(TEXT, "Ann [bold]Lee[/bold]"),),
        contents=(span(TEXT, '"We <i>won</i>,"'), span(TEXT, "We <i>won</i>")),  # overlapping
        speaker=Speaker("E1", "Ann 'Lee'", "PERSON"),
        confidence=0.876,
    )
    return ArticleResult(id="a<1>", text=TEXT, quotes=(quote,), meta=meta)


def test_table_rows_and_markup_free_rendering() -> None:
    (row,) = list(table_rows([result()]))
    assert row == (
        "a<1>",
        "Ann 'Lee' [PERSON]",
        "said",
        '"We <i>won</i>," … We <i>won</i>',
        "",
        "direct",
        "0.88",
    )
    out = io.StringIO()
    assert render_table([result()], out) == 1
    assert "[bold]Lee[/bold]" not in out.getvalue()  # the source is not a column
    assert "<i>won</i>" in out.getvalue() and "Ann 'Lee' [PERSON]" in out.getvalue()


def test_html_escapes_text_ids_titles_and_tooltips() -> None:
    page = render_html([result(title="<script>x</script>")])
    assert "<b>" not in page and "<i>" not in page and "<script>" not in page
    assert "&lt;b&gt;Note&lt;/b&gt;" in page and "a&lt;1&gt;: &lt;script&gt;" in page
    assert "title='Q1: Ann &#x27;Lee&#x27;'" in page
    # overlapping highlights: the first wins and no text is lost or doubled
    body = page.split("<article>")[1].split("</article>")[0]
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == TEXT
    assert page == "".join(iter_html([result(title="<script>x</script>")]))


def test_html_lists_the_claims_escaped() -> None:
    text = "The <Reds> blamed the Blues for the raid."
    claim = Claim(
        id="C1",
        act="blame",
        trigger=span(text, "blamed"),
        sentence=span(text, text),
        claimant=Speaker("E1", "The <Reds>", "ORG"),
        claimant_span=span(text, "The <Reds>"),
        agent=None,
        agent_span=span(text, "the Blues"),
        event=span(text, "the raid"),
        event_kind="attack",
        event_ref="V1",
    )
    page = render_html([ArticleResult(id="a", text=text, claims=(claim,))])
    claims = page.split("<ul class='claims'>")[1].split("</ul>")[0]
    assert "<Reds>" not in page
    assert "The &lt;Reds&gt; &rarr; the Blues &mdash; the raid" in claims
    assert "act-blame" in claims
    assert "<ul class='claims'>" not in render_html([result()])  # no claims, no list
