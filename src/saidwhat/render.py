"""Human-readable renderings of extraction results (terminal table, HTML).

Article text is never interpreted: the table passes it to rich as plain
:class:`rich.text.Text` (no console markup) with control characters shown as
escapes (:func:`terminal_text`: an ``ESC`` in an article cannot retitle or
recolour the terminal), the HTML escapes it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import TextIO

from .records import ArticleResult

TABLE_COLUMNS = ("article", "speaker", "cue", "statement", "kind", "conf")
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


def table_rows(results: Iterable[ArticleResult]) -> Iterator[tuple[str, ...]]:
    """One row of :data:`TABLE_COLUMNS` per statement, as plain strings."""
    for res in results:
        for q in res.quotes:
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
                terminal_text(q.kind),
                f"{q.confidence:.2f}",
            )


def render_table(results: Iterable[ArticleResult], out: TextIO, *, width: int = 160) -> int:
    """Print one table row per statement with rich; returns the number of rows."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="saidwhat: attributed statements", show_lines=False, expand=False)
    for col in TABLE_COLUMNS:
        table.add_column(col, overflow="fold")
    n = 0
    for row in table_rows(results):
        table.add_row(*(Text(cell) for cell in row))
        n += 1
    Console(file=out, width=width).print(table)
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
    return f"<section><h2>{heading}</h2><article>{''.join(body)}</article></section>\n"


def iter_html(results: Iterable[ArticleResult]) -> Iterator[str]:
    """A standalone HTML page, piece by piece (one article at a time in memory)."""
    yield HTML_HEAD
    for res in results:
        yield article_html(res)
    yield HTML_TAIL


def render_html(results: Iterable[ArticleResult]) -> str:
    """A standalone HTML page with cues, sources and contents highlighted."""
    return "".join(iter_html(results))
