"""Human-readable renderings of extraction results (terminal table, HTML).

Article text is never interpreted: the table passes it to rich as plain
:class:`rich.text.Text` (no console markup) with control characters shown as
escapes (:func:`terminal_text`: an ``ESC`` in an article cannot retitle or
recolour the terminal), the HTML escapes it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TextIO

from .records import ArticleResult
from .semantic.targets import article_index, display_name, first_hits

TABLE_COLUMNS = ("article", "speaker", "cue", "statement", "about", "kind", "conf")
CLAIM_COLUMNS = ("article", "act", "claimant", "agent", "event", "sentence")
#: C0 and C1 controls, DEL, and the bidirectional overrides / isolates.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """``text`` safe to print on a terminal: every control character shown as an escape
    (``\\x1b``, ``\\n``), so that input can neither send terminal sequences nor forge
    lines."""

    def esc(m: re.Match[str]) -> str:
        c = m.group(0)
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c) or (
            f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
        )

    return _CONTROL.sub(esc, text)


def _short(text: str, n: int = 90) -> str:
    text = terminal_text(" ".join(text.split()))
    return text if len(text) <= n else text[: n - 1] + "…"


def _about(index: Mapping[str, Any], q: Mapping[str, Any]) -> str:
    """The entities a statement is about (:func:`saidwhat.semantic.targets.first_hits`), each with
    its stance when extracted with it ("against Taliban 0.93")."""
    stance = {s["entity"]: s for s in q.get("stance") or ()}
    out = []
    for _s, _e, eid in first_hits(index, q):
        name = display_name(index["entities"][eid]["name"], index["entities"][eid]["type"])
        st = stance.get(eid)
        out.append(f"{st['label']} {name} {st['prob']:.2f}" if st else name)
    return "; ".join(out)


def claim_rows(res: ArticleResult) -> Iterator[tuple[str, ...]]:
    """One row of :data:`CLAIM_COLUMNS` per claim of an article, as plain strings."""
    for c in res.claims:
        yield (
            terminal_text(res.id),
            terminal_text(c.act),
            _short(
                c.claimant.name
                if c.claimant
                else (c.claimant_span.text if c.claimant_span else ""),
                40,
            ),
            _short(c.agent.name if c.agent else (c.agent_span.text if c.agent_span else ""), 40),
            _short(c.event.text if c.event else "", 40),
            _short(c.sentence.text),
        )


def table_rows(
    results: Iterable[ArticleResult], *, claims: list[tuple[str, ...]] | None = None
) -> Iterator[tuple[str, ...]]:
    """One row of :data:`TABLE_COLUMNS` per statement, as plain strings; ``claims``
    collects the :func:`claim_rows` of the same articles."""
    for res in results:
        d = res.to_dict()
        index = article_index(d)
        if claims is not None:
            claims.extend(claim_rows(res))
        for q, qd in zip(res.quotes, d["quotes"], strict=True):
            if q.speaker is not None:
                speaker = f"{q.speaker.name} [{q.speaker.type}]"
            elif q.sources:
                speaker = f"{q.sources[0].text} [unresolved]"
            else:
                speaker = "(unknown)"
            content = " … ".join(c.text for c in q.contents)
            yield (
                terminal_text(res.id),
                _short(speaker, 40),
                _short(q.cue.text, 30) if q.cue else "",
                _short(content),
                _short(_about(index, qd), 60),
                terminal_text(q.kind),
                f"{q.confidence:.2f}",
            )


def render_table(results: Iterable[ArticleResult], out: TextIO, *, width: int = 160) -> int:
    """Print one table row per statement with rich, then a table of the claims (if
    any); returns the number of statement rows."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="saidwhat: attributed statements", show_lines=False, expand=False)
    for col in TABLE_COLUMNS:
        table.add_column(col, overflow="fold")
    n = 0
    claims: list[tuple[str, ...]] = []
    for row in table_rows(results, claims=claims):
        table.add_row(*(Text(cell) for cell in row))
        n += 1
    console = Console(file=out, width=width)
    console.print(table)
    if claims:
        ctable = Table(title="claims about events", show_lines=False, expand=False)
        for col in CLAIM_COLUMNS:
            ctable.add_column(col, overflow="fold")
        for row in claims:
            ctable.add_row(*(Text(cell) for cell in row))
        console.print(ctable)
    return n


HTML_HEAD = (
    "<!doctype html><html><head><meta charset='utf-8'><title>saidwhat</title><style>"
    ".cue{background:#fde68a}.src{background:#bfdbfe}.cnt{background:#d1fae5}"
    "article{white-space:pre-wrap;font-family:serif;max-width:50em;margin:2em auto}"
    "</style></head><body>"
)
HTML_TAIL = "</body></html>\n"


def article_html(res: ArticleResult) -> str:
    """One article as an HTML section with cues, sources and contents highlighted."""
    marks: list[tuple[int, int, str, str]] = []
    for q in res.quotes:
        who = q.speaker.name if q.speaker else "unknown"
        if q.cue:
            marks.append((q.cue.start, q.cue.end, "cue", q.id))
        marks.extend((s.start, s.end, "src", f"{q.id}: {who}") for s in q.sources)
        marks.extend((c.start, c.end, "cnt", f"{q.id}: {who}") for c in q.contents)
    marks.sort()
    pos, body = 0, []
    for start, end, cls, title in marks:
        if start < pos:
            continue  # overlapping highlight: keep the first
        body.append(html.escape(res.text[pos:start]))
        body.append(
            f"<span class='{cls}' title='{html.escape(title, quote=True)}'>"
            f"{html.escape(res.text[start:end])}</span>"
        )
        pos = end
    body.append(html.escape(res.text[pos:]))
    page_title = res.meta.get("title") if res.meta else None
    heading = html.escape(f"{res.id}: {page_title}" if page_title else res.id)
    return (
        f"<section><h2>{heading}</h2><article>{''.join(body)}</article>"
        f"{_claims_html(res)}</section>\n"
    )


def _claims_html(res: ArticleResult) -> str:
    """The article's claims as a list (act, claimant, agent, event, sentence): the
    rows of the table output."""
    rows = list(claim_rows(res))
    if not rows:
        return ""
    items = "".join(
        f"<li class='claim act-{html.escape(act, quote=True)}'><b>{html.escape(act)}</b>: "
        f"{html.escape(claimant or '(unknown)')} &rarr; {html.escape(agent or '(unknown)')}"
        + (f" &mdash; {html.escape(event)}" if event else "")
        + f"<br><q>{html.escape(sentence)}</q></li>"
        for _, act, claimant, agent, event, sentence in rows
    )
    return f"<h3>Claims ({len(rows)})</h3><ul class='claims'>{items}</ul>"


def iter_html(results: Iterable[ArticleResult]) -> Iterator[str]:
    """A standalone HTML page, piece by piece (one article at a time in memory)."""
    yield HTML_HEAD
    for res in results:
        yield article_html(res)
    yield HTML_TAIL


def render_html(results: Iterable[ArticleResult]) -> str:
    """A standalone HTML page with cues, sources and contents highlighted."""
    return "".join(iter_html(results))
