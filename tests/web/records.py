"""Hand-made engine-JSON records for the web tests (no copyrighted text, no engine run).

Offsets are computed from the substrings, so the records are valid by construction.
"""

from __future__ import annotations

from typing import Any

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'


def _span(text: str, part: str, after: int = 0) -> dict[str, Any]:
    start = text.index(part, after)
    return {"start": start, "end": start + len(part), "text": part}


def _mentions(text: str, part: str) -> list[dict[str, Any]]:
    out, pos = [], 0
    while (i := text.find(part, pos)) >= 0:
        out.append({"start": i, "end": i + len(part), "text": part})
        pos = i + len(part)
    return out


def article(
    id: str,
    text: str,
    quotes: list[tuple[str, str, str, str, str]],
    entities: list[tuple[str, str, str, list[str], list[str], list[str]]],
    meta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """quotes: (kind, cue, source, content, entity id); entities: (id, name, type, roles,
    affiliations, mention strings)."""
    names = {e[0]: (e[1], e[2]) for e in entities}
    qs = []
    for n, (kind, cue, source, content, ent) in enumerate(quotes, start=1):
        c = _span(text, content)
        qs.append(
            {
                "id": f"Q{n}",
                "kind": kind,
                "cue": _span(text, cue) if cue else None,
                "sources": [_span(text, source)],
                "contents": [c],
                "speaker": {"entity": ent, "name": names[ent][0], "type": names[ent][1]}
                if ent
                else None,
                "confidence": 0.9,
            }
        )
    ents = [
        {
            "id": eid,
            "name": name,
            "type": typ,
            "roles": roles,
            "affiliations": affs,
            "mentions": [m for part in mentions for m in _mentions(text, part)],
        }
        for eid, name, typ, roles, affs, mentions in entities
    ]
    rec = {"id": id, "text": text, "quotes": qs, "entities": ents, "warnings": []}
    if meta:
        rec["meta"] = meta
    return rec


def with_stance(rec: dict[str, Any], q: int, entity: str, label: str, prob: float) -> None:
    """Give quote ``Q<q>`` the extraction's stance toward ``entity`` at its first mention
    inside the contents (as ``saidwhat extract --stance`` writes it)."""
    quote = rec["quotes"][q - 1]
    c = quote["contents"][0]
    ent = next(e for e in rec["entities"] if e["id"] == entity)
    m = next(m for m in ent["mentions"] if c["start"] <= m["start"] and m["end"] <= c["end"])
    quote.setdefault("stance", []).append(
        {"entity": entity, "start": m["start"], "end": m["end"], "label": label, "prob": prob}
    )


def massoud_1() -> dict[str, Any]:
    text = (
        "Resistance vows to fight on\n\n"
        '"We will fight the Taliban until the end," said Ahmad Massoud, the leader of the '
        "National Resistance Front. The Taliban did not reply."
    )
    rec = article(
        "massoud-1",
        text,
        [("direct", "said", "Ahmad Massoud", "We will fight the Taliban until the end", "E1")],
        [
            (
                "E1",
                "Ahmad Massoud",
                "PERSON",
                ["leader"],
                ["National Resistance Front"],
                ["Ahmad Massoud"],
            ),
            ("E2", "Taliban", "ORG", [], [], ["Taliban"]),
        ],
        meta={
            "title": "Resistance vows to fight on",
            "outlet": "Kabul Times",
            "published": "2024-05-12",
            "url": "https://example.org/massoud-1",
        },
    )
    with_stance(rec, 1, "E2", "against", 0.93)
    return rec


def massoud_2() -> dict[str, Any]:
    text = (
        "Talks stall\n\nMassoud said that negotiations with the Taliban had failed. "
        "Zalmay Khalilzad, the US envoy, told reporters the talks with Massoud would resume."
    )
    rec = article(
        "massoud-2",
        text,
        [
            ("indirect", "said", "Massoud", "negotiations with the Taliban had failed", "E1"),
            ("indirect", "told", "Zalmay Khalilzad", "the talks with Massoud would resume", "E3"),
        ],
        [
            ("E1", "Ahmad Massoud", "PERSON", [], [], ["Massoud"]),
            ("E2", "Taliban", "ORG", [], [], ["Taliban"]),
            ("E3", "Zalmay Khalilzad", "PERSON", ["envoy"], ["US"], ["Zalmay Khalilzad"]),
        ],
        meta={"title": "Talks stall", "outlet": "Daily Example", "published": "2024-07-02"},
    )
    with_stance(rec, 1, "E2", "neutral", 0.71)
    return rec


def xss() -> dict[str, Any]:
    """An article whose text, title, outlet, url and speaker name carry script payloads."""
    name = f"Mallory {XSS_IMG} {XSS_SCRIPT}"
    content = f"{XSS_SCRIPT} we hacked {XSS_IMG} the page"
    text = f'Breaking {XSS_SCRIPT}\n\n"{content}," said {name} on Monday about the Taliban.'
    return article(
        "xss-1",
        text,
        [("direct", "said", name, content, "E1")],
        [
            ("E1", name, "PERSON", [f"chief {XSS_SCRIPT}"], [XSS_IMG], [name]),
            ("E2", "Taliban", "ORG", [], [], ["Taliban"]),
        ],
        meta={
            "title": f"Breaking {XSS_SCRIPT}",
            "outlet": XSS_IMG,
            "published": "2024-06-01",
            "url": "javascript:alert(1)",
            "author": XSS_SCRIPT,
        },
    )


def filler(n: int) -> dict[str, Any]:
    """Small articles so that search has several pages."""
    text = f'"Budget item {n} is fine," said Jane Doe. Officials said the plan {n} was late.'
    return article(
        f"filler-{n}",
        text,
        [
            ("direct", "said", "Jane Doe", f"Budget item {n} is fine", "E1"),
            ("indirect", "said", "Officials", f"the plan {n} was late", "E2"),
        ],
        [
            ("E1", "Jane Doe", "PERSON", ["minister"], [], ["Jane Doe"]),
            ("E2", "Officials", "UNNAMED", [], [], ["Officials"]),
        ],
        meta={
            "title": f"Budget {n}",
            "outlet": "Daily Example",
            "published": f"2023-{(n % 12) + 1:02d}-15",
        },
    )


def all_records(n_filler: int = 24) -> list[dict[str, Any]]:
    return [massoud_1(), massoud_2(), xss(), untitled(), council_1(), council_2()] + [
        filler(i) for i in range(n_filler)
    ]


def many_statements(n: int = 12) -> dict[str, Any]:
    """One article with ``n`` statements by one speaker (ids Q1 ... Qn, in text order)."""
    text = "Many points\n\n" + " ".join(
        f'"Point number {i} stands," said Pat Example.' for i in range(1, n + 1)
    )
    rec = article(
        "many-1",
        text,
        [
            ("direct", "said", "Pat Example", f"Point number {i} stands", "E1")
            for i in range(1, n + 1)
        ],
        [("E1", "Pat Example", "PERSON", [], [], ["Pat Example"])],
        meta={"title": "Many points", "published": "2024-03-01"},
    )
    for q in rec["quotes"]:  # cue and source after their own content, not the first in the text
        end = q["contents"][0]["end"]
        q["cue"] = _span(text, "said", end)
        q["sources"] = [_span(text, "Pat Example", end)]
    return rec


def untitled() -> dict[str, Any]:
    """An article without metadata: pages show its 32-character id in place of a title."""
    text = (
        '"The bridge will reopen in spring," said Lee Harbour, adding that the '
        "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft survey was done."
    )
    return article(
        "untitled-1",
        text,
        [("direct", "said", "Lee Harbour", "The bridge will reopen in spring", "E1")],
        [("E1", "Lee Harbour", "PERSON", [], [], ["Lee Harbour"])],
    )


def council_1() -> dict[str, Any]:
    """A statement about the Harbour Council before the council speaks (the engine keeps
    an organisation that a statement mentions as an entity of the article)."""
    text = '"The Harbour Council has no plan," said Jane Roe on Monday.'
    return article(
        "council-1",
        text,
        [("direct", "said", "Jane Roe", "The Harbour Council has no plan", "E1")],
        [
            ("E1", "Jane Roe", "PERSON", [], [], ["Jane Roe"]),
            ("E2", "Harbour Council", "ORG", [], [], ["Harbour Council"]),
        ],
        meta={"title": "Harbour row", "published": "2024-02-01"},
    )


def council_2() -> dict[str, Any]:
    """The Harbour Council speaks (about Jane Roe) in a later article."""
    text = '"Jane Roe is wrong about the harbour," the Harbour Council said on Friday.'
    return article(
        "council-2",
        text,
        [("direct", "said", "the Harbour Council", "Jane Roe is wrong about the harbour", "E1")],
        [
            ("E1", "Harbour Council", "ORG", [], [], ["Harbour Council"]),
            ("E2", "Jane Roe", "PERSON", [], [], ["Jane Roe"]),
        ],
        meta={"title": "Council answers", "published": "2024-02-03"},
    )
