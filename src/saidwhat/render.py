"""Human-readable renderings of extraction results (terminal table, HTML)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TextIO

from .records import ArticleResult


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def render_table(results: Sequence[ArticleResult], out: TextIO) -> None:
    """Print one table row per statement with rich."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="saidwhat: attributed statements", show_lines=False, expand=False)
    for col in ("article", "speaker", "cue", "statement", "kind", "conf"):
        table.add_column(col, overflow="fold")
    for res in results:
        for q in res.quotes:
            if q.speaker is not None:
                speaker = f"{q.speaker.name} [{q.speaker.type}]"
            elif q.sources:
                speaker = f"{q.sources[0].text} [unresolved]"
            else:
                speaker = "(unknown)"
            content = " … ".join(c.text for c in q.contents)
            table.add_row(
                res.id, _short(speaker, 40), q.cue.text if q.cue else "", _short(content),
                q.kind, f"{q.confidence:.2f}",
            )
    Console(file=out, width=160).print(table)


def render_html(results: Sequence[ArticleResult]) -> str:
    """A standalone HTML page with cues, sources and contents highlighted."""
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>saidwhat</title><style>"
        ".cue{background:#fde68a}.src{background:#bfdbfe}.cnt{background:#d1fae5}"
        "article{white-space:pre-wrap;font-family:serif;max-width:50em;margin:2em auto}"
        "</style></head><body>"
    ]
    for res in results:
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
        parts.append(f"<h2>{html.escape(res.id)}</h2><article>{''.join(body)}</article>")
    parts.append("</body></html>")
    return "".join(parts)
