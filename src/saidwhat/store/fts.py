"""The search syntax of statement contents, read once and written for each back-end.

A search text is a list of terms that must all occur::

    killings "peace talks" taliban OR militants -ceasefire negotiat*

* a word matches its forms (SQLite FTS5 ``porter`` tokenizer, PostgreSQL's
  ``english`` configuration: ``killings`` finds "killing"), case and accents ignored;
* ``"peace talks"`` is a phrase (the words in that order, each stemmed);
* ``a OR b`` (upper case) matches either; it binds tighter than the implicit AND;
* ``-word``, ``-"a phrase"`` or ``NOT word`` excludes statements with it;
* ``word*`` matches every word that starts with ``word``.

Anything else (brackets, punctuation, a lone operator) is read as a separator,
so no input is a syntax error. Pure functions; ``saidwhat.store.query`` uses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"(?P<pstar>\*?)|(?P<bare>[^\s"]+)')

#: The one-line summary shown under the search box.
SYNTAX = (
    'words must all occur (forms too: killings finds killing) · "exact phrase" · '
    "a OR b · -word or NOT word to exclude · prefix*"
)


@dataclass(frozen=True)
class Term:
    """One word, or a phrase of words in order; ``prefix``: its last word is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Search:
    """``groups``: every group must match, a group when one of its terms does;
    ``excluded``: terms none of which may occur."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.groups and not self.excluded

    def words(self) -> list[str]:
        """The words a match contains (not the excluded ones), for marking hits."""
        return [w for g in self.groups for t in g for w in t.words]

    def prefixes(self) -> list[str]:
        """The last words of prefix terms (``negotiat`` of ``negotiat*``)."""
        return [t.words[-1] for g in self.groups for t in g if t.prefix]


def _term(text: str, *, prefix: bool) -> Term | None:
    words = tuple(_WORD.findall(text))
    return Term(words, prefix) if words else None


def parse(text: str | None) -> Search:
    """The :class:`Search` a search text means (see the module's docstring)."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = negate_next = False
    for m in _TOKEN.finditer(text or ""):
        if m.group("bare") in ("OR", "|"):
            join_next = bool(groups)
            continue
        if m.group("bare") == "NOT":
            negate_next = True
            continue
        if m.group("phrase") is not None:
            negate = bool(m.group("neg"))
            term = _term(m.group("phrase"), prefix=bool(m.group("pstar")))
        else:
            bare = m.group("bare")
            negate = bare.startswith("-") and len(bare) > 1
            bare = bare[1:] if negate else bare
            term = _term(bare, prefix=bare.endswith("*"))
        negate = negate or negate_next
        negate_next = False
        if term is None:
            continue
        if negate:
            excluded.append(term)
            join_next = False
        elif join_next:
            groups[-1].append(term)
            join_next = False
        else:
            groups.append([term])
    return Search(tuple(tuple(dict.fromkeys(g)) for g in groups), tuple(dict.fromkeys(excluded)))


# ------------------------------------------------------------------ SQLite FTS5


def _fts5_term(t: Term) -> str:
    # words are letters and digits only: quoting them can never break the syntax
    return '"' + " ".join(t.words) + '"' + (" *" if t.prefix else "")


def _fts5_any(terms: tuple[Term, ...]) -> str:
    inner = " OR ".join(_fts5_term(t) for t in terms)
    return f"({inner})" if len(terms) > 1 else inner


def fts5_match(s: Search) -> str | None:
    """The FTS5 ``MATCH`` expression of ``s``'s wanted terms less its excluded ones;
    ``None`` when it wants nothing (only exclusions: see :func:`fts5_excluded`)."""
    if not s.groups:
        return None
    wanted = " AND ".join(_fts5_any(g) for g in s.groups)
    if not s.excluded:
        return wanted
    return f"({wanted}) NOT {_fts5_any(s.excluded)}"


def fts5_excluded(s: Search) -> str | None:
    """The FTS5 expression matching any excluded term (``None`` without any)."""
    return _fts5_any(s.excluded) if s.excluded else None


# ------------------------------------------------------------------ PostgreSQL


def _ts_term(t: Term) -> str:
    parts = [f"'{w}'" for w in t.words]
    if t.prefix:
        parts[-1] += ":*"
    return "(" + " <-> ".join(parts) + ")"


def _ts_any(terms: tuple[Term, ...]) -> str:
    return "(" + " | ".join(_ts_term(t) for t in terms) + ")"


def tsquery(s: Search) -> str | None:
    """The ``to_tsquery('english', …)`` text of ``s`` (``None`` when empty)."""
    parts = [_ts_any(g) for g in s.groups] + [f"!{_ts_any(s.excluded)}"] * bool(s.excluded)
    return " & ".join(parts) or None
