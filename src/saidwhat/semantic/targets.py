"""Whom a statement is about: the named entities mentioned inside its contents.

One home for the per-article part of a statement's targets, shared by the
extraction (which classifies the stance toward each, :mod:`saidwhat.semantic.stance`)
and the store (which merges them by canonical speaker, ``store.write``). Works
on the JSON form of an article (``ArticleResult.to_dict()``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from ..names import (
    NAMED_TYPES,
    alias_forms,
    alias_key,
    alias_name,
    fold,
    looks_like_name,
    parse_person,
    strip_possessive,
)

POSSESSIVE = re.compile(r"['’]s$")


_OPEN_TAIL = re.compile(r"\s*\([^()]*$")


def balanced(name: str) -> str:
    """``name`` without a bracket it opens and never closes ("World Health Organization
    (WHO" -> "World Health Organization": a name cut before its closing bracket)."""
    while name.count("(") > name.count(")") and _OPEN_TAIL.search(name):
        name = _OPEN_TAIL.sub("", name)
    return name.strip() or name


@lru_cache(maxsize=1 << 16)
def display_name(name: str, type_: str) -> str:
    """A name as shown: a person's name without titles and trailing degrees, an
    organisation's under its alias group's name; a bracket left open is cut off."""
    name = balanced(name)
    if type_ != "PERSON":
        return alias_name(name) or " ".join(name.split())
    p = parse_person(name)
    if p is None:
        return name.strip()
    n = len(p.key.split())
    toks = re.findall(r"\S+", name.strip())
    while len(toks) > n and fold(toks[-1]).replace(".", "") in ("phd", "md", "esq"):
        toks.pop()
    kept = toks[-n:] if n <= len(toks) else toks
    return POSSESSIVE.sub("", " ".join(kept)).strip(" ,;:") or name.strip()


def article_index(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Per-article lookups for targets: the mentions of named entities sorted by start,
    and the forms of their names (longest first) to find in contents where the extraction
    marked no mention (the names as written, a person's surname when no other person of
    the article has it, the other forms of :data:`saidwhat.names.ALIAS_GROUPS`)."""
    named = [e for e in doc["entities"] if e["type"] in NAMED_TYPES and looks_like_name(e["name"])]
    mentions = sorted((m["start"], m["end"], e["id"]) for e in named for m in e.get("mentions", ()))
    surnames: Counter[str] = Counter()
    for e in named:
        p = parse_person(e["name"]) if e["type"] == "PERSON" else None
        if p is not None and p.is_full:
            surnames[p.last] += 1
    forms: dict[str, str] = {}
    clash: set[str] = set()

    def add(form: str, eid: str) -> None:
        form = strip_possessive(form).strip(" ,;:")
        if len(form) < 2 or not form[:1].isupper():
            return
        if forms.setdefault(form, eid) != eid:
            clash.add(form)

    for e in named:
        shown = display_name(e["name"], e["type"])
        add(shown, e["id"])
        words = set(fold(shown).split()) | {alias_key(f) for f in alias_forms(e["name"])}
        for m in e.get("mentions", ()):
            # a mention that shares a word with the name ("Mr. Massoud"), never "He"
            if set(fold(m["text"]).split()) & words or alias_key(m["text"]) in words:
                add(m["text"], e["id"])
        if e["type"] == "PERSON":
            p = parse_person(e["name"])
            if p is not None and p.is_full and surnames[p.last] == 1:
                add(" ".join(shown.split()[-len(p.last.split()) :]), e["id"])
        else:
            for f in alias_forms(e["name"]):
                add(f, e["id"])
    for f in clash:
        del forms[f]
    return {
        "mentions": mentions,
        "starts": [m[0] for m in mentions],
        "entities": {e["id"]: e for e in named},
        "forms": forms,
        "ordered": sorted(forms, key=len, reverse=True),
    }


WORDISH = frozenset("'’-")


def find_forms(text: str, ordered: Sequence[str]) -> list[tuple[int, str]]:
    """Whole-word occurrences of names (``ordered`` longest first) in ``text``, not
    overlapping: ``(offset, form)``. Plain ``str.find``: compiling a pattern per
    article cost more than the rest of its targets."""
    taken: list[tuple[int, int]] = []
    out: list[tuple[int, str]] = []
    for form in ordered:
        i = text.find(form)
        while i >= 0:
            j = i + len(form)
            before = text[i - 1] if i > 0 else " "
            after = text[j] if j < len(text) else " "
            if (
                not (before.isalnum() or before in WORDISH or before == ".")
                and not (after.isalnum() or after in WORDISH)
                and all(j <= a or i >= b for a, b in taken)
            ):
                taken.append((i, j))
                out.append((i, form))
            i = text.find(form, i + 1)
    return out


def hits(index: Mapping[str, Any], q: Mapping[str, Any]) -> list[tuple[int, int, str]]:
    """``(start, end, entity id)`` of every named-entity mention or name form inside
    a statement's contents, in text order (an entity may occur more than once). A hit
    inside a longer hit of another entity is not one: "Saudi" in "Saudi Aramco", a
    city in the newspaper named after it (names are linked whole, never by a part)."""
    starts = index["starts"]
    out: list[tuple[int, int, str]] = []
    for c in q.get("contents") or ():
        i = bisect_left(starts, c["start"])
        while i < len(starts) and starts[i] < c["end"]:
            m_start, m_end, eid = index["mentions"][i]
            i += 1
            if m_end <= c["end"]:
                out.append((m_start, m_end, eid))
        for at, form in find_forms(c["text"], index["ordered"]):
            out.append((c["start"] + at, c["start"] + at + len(form), index["forms"][form]))
    return sorted(h for h in set(out) if not _inside_another(h, out))


def _inside_another(h: tuple[int, int, str], all_hits: Sequence[tuple[int, int, str]]) -> bool:
    s, e, eid = h
    return any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) and o != eid for s2, e2, o in all_hits)


def first_hits(index: Mapping[str, Any], q: Mapping[str, Any]) -> list[tuple[int, int, str]]:
    """The first mention of each entity in a statement's contents but its speaker's,
    in text order: the (statement, target) pairs whose stance is classified."""
    own = (q.get("speaker") or {}).get("entity")
    seen: set[str] = set()
    out = []
    for s, e, eid in hits(index, q):
        if eid != own and eid not in seen:
            seen.add(eid)
            out.append((s, e, eid))
    return out
