"""Plain text of HTML nested too deeply for libxml2 (and so for trafilatura).

libxml2's HTML parser stops descending at 256 levels ("Excessive depth in
document"): a page of 10,000 nested ``<div>`` elements parses to an empty
body, and trafilatura finds no text. :func:`too_deep` detects that case and
:func:`plain_text` reads the text with the standard library's streaming
parser, which has no depth limit: text outside scripts, styles and page
furniture, one paragraph per block element.
"""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["plain_text", "too_deep"]

_BLOCK = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article blockquote pre dd dt "
    "main figure figcaption".split()
)
_SKIP = frozenset("script style head nav footer header aside noscript template svg form".split())


def too_deep(html: str) -> bool:
    """Whether libxml2 gives up on ``html`` because of its nesting depth."""
    import lxml.html

    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(html, parser=parser)
    except Exception:  # noqa: BLE001 - an empty or broken document is not "too deep"
        return False
    return any("Excessive depth" in e.message for e in parser.error_log)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """The text of ``html`` as paragraphs separated by blank lines (any nesting depth)."""
    p = _Text()
    p.feed(html)
    p.close()
    paragraphs = (" ".join(chunk.split()) for chunk in "".join(p.parts).split("\n\n"))
    return "\n\n".join(x for x in paragraphs if x)
