"""Canonical speakers across articles: merging rules over :mod:`saidwhat.names`.

The extraction engine resolves mentions *within* an article into entities
("Massoud" -> E1 "Ahmad Massoud"). This module decides which entities of
*different* articles are the same speaker. The rules, in order:

1. Every entity gets a **key**: its type plus its normalised name
   (``PERSON:ahmad massoud``, ``ORG:united nations``). Titles and role words
   ("NRF leader", "President", "Sen.") and degrees ("PhD") are stripped ("Jr." is kept),
   accents folded, case ignored. Types never mix: an organisation is never
   merged with a person.
2. An entity whose key is already known joins that key's speaker (keys move
   with user merges, so corrections are replayed for new articles).
3. A full person name (first + last) joins the one existing speaker with the
   same surname whose first name is compatible (equal, a known nickname, or an
   initial) and whose middle names do not conflict. With two or more
   compatible candidates it starts a new speaker rather than guess.
4. An organisation or place written in a common variant (US / U.S. / United
   States, UN / United Nations: :data:`saidwhat.names.ALIAS_GROUPS`) joins the
   speaker of any other form of it; types still never mix.
5. A surname alone ("Clinton") joins the only full-name speaker with that
   surname; with several it needs role evidence (a role or affiliation stated
   for both); without evidence it stays a speaker of its own article only
   (key suffix ``#<article>``), so two people sharing a surname are not merged.
   :func:`saidwhat.store.write.reconcile` replays these rules in one canonical
   order for the names an ingest made uncertain, so the result does not depend
   on the order of articles.
5. A spelling variant of a known given name (Ahmed / Ahmad Massoud) and a known
   given name alone ("Ahmad") join the one full-name person that evidence ties
   to the article: a role or affiliation stated for both, or co-occurrence (a
   full-name person or organisation named in this article and in one of the
   candidate's). A given name alone adds no key, so each article needs its
   own evidence; without it, it stays as before.

Keys containing ``#`` are never merged automatically.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..names import (
    NAMED_TYPES,
    NICKNAMES,
    PersonName,
    alias_forms,
    entity_key,
    fold,
    given_name_variant,
    names_compatible,
    normalize_name,
    normalize_role,
    parse_person,
)


@dataclass(slots=True)
class Candidate:
    """A known speaker as seen by the resolver."""

    id: int
    key: str
    type: str
    name: PersonName | None = None
    roles: set[str] = field(default_factory=set)
    #: speakers (full-name people and organisations) named in the same articles
    context: set[int] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Decision:
    """Where an entity goes: an existing speaker, or a new one with ``key``.

    ``add_key`` is a key to register for the chosen speaker (a new spelling).
    """

    speaker_id: int | None
    key: str
    add_key: str | None = None


class SpeakerIndex:
    """The resolver's view of existing speakers, filled by the store or in memory.

    ``lookup_key(keys)`` and ``lookup_surname(surnames)`` are called lazily for
    what is not cached yet; both return :class:`Candidate` lists. ``load_roles``
    fills ``Candidate.roles`` when role evidence is needed.
    """

    def __init__(
        self,
        *,
        lookup_keys: Callable[[Iterable[str]], Iterable[Candidate]] | None = None,
        lookup_surnames: Callable[[Iterable[str]], Iterable[Candidate]] | None = None,
        load_roles: Callable[[list[Candidate]], None] | None = None,
        lookup_given: Callable[[Iterable[str]], Iterable[Candidate]] | None = None,
        load_context: Callable[[list[Candidate]], None] | None = None,
    ) -> None:
        self._lookup_keys = lookup_keys
        self._lookup_surnames = lookup_surnames
        self._load_roles = load_roles
        self._lookup_given = lookup_given
        self._load_context = load_context
        self.by_key: dict[str, Candidate | None] = {}
        self.by_surname: dict[str, list[Candidate]] = {}
        self.by_given: dict[str, list[Candidate]] = {}
        self._roles_loaded: set[int] = set()
        self._context_loaded: set[int] = set()
        self._given_loaded: set[str] = set()
        #: roles and co-occurring speakers of articles resolved but not stored yet
        self.new_roles: dict[int, set[str]] = {}
        self.new_context: dict[int, set[int]] = {}

    def prefetch(self, keys: Iterable[str], surnames: Iterable[str]) -> None:
        """Load what the next batch of entities will ask for, in two queries."""
        missing = {k for k in keys if k not in self.by_key}
        if missing and self._lookup_keys is not None:
            for c in self._lookup_keys(missing):
                self.by_key[c.key] = c
        for k in missing:
            self.by_key.setdefault(k, None)
        todo = {s for s in surnames if s not in self.by_surname}
        for s in todo:
            self.by_surname[s] = []
        if todo and self._lookup_surnames is not None:
            seen: set[int] = set()
            for c in self._lookup_surnames(todo):
                if c.name is not None and c.id not in seen:
                    seen.add(c.id)
                    self.by_surname[c.name.last].append(c)

    def add(self, cand: Candidate, *, keys: Iterable[str] = ()) -> None:
        """Register a speaker (new or existing) under its key and extra keys."""
        self.by_key[cand.key] = cand
        for k in keys:
            self.by_key[k] = cand
        if cand.type == "PERSON" and cand.name is not None and cand.name.is_full:
            lst = self.by_surname.setdefault(cand.name.last, [])
            if all(x.id != cand.id for x in lst):
                lst.append(cand)
            given = self.by_given.setdefault(cand.name.first, [])
            if all(x.id != cand.id for x in given):
                given.append(cand)

    def _roles(self, cands: list[Candidate]) -> None:
        need = [c for c in cands if c.id not in self._roles_loaded]
        if need and self._load_roles is not None:
            self._load_roles(need)
        self._roles_loaded.update(c.id for c in need)
        for c in cands:
            c.roles |= self.new_roles.get(c.id, set())

    def _context(self, cands: list[Candidate]) -> None:
        need = [c for c in cands if c.id not in self._context_loaded]
        if need and self._load_context is not None:
            self._load_context(need)
        self._context_loaded.update(c.id for c in need)
        for c in cands:
            c.context |= self.new_context.get(c.id, set())

    def note_article(self, speakers: Iterable[int], roles: Mapping[int, Iterable[str]]) -> None:
        """Remember what an article resolved before it is stored: which context speakers
        (full-name people, organisations) it names together, and their stated roles."""
        ids = set(speakers)
        for sid in ids:
            self.new_context.setdefault(sid, set()).update(ids - {sid})
        for sid, rs in roles.items():
            self.new_roles.setdefault(sid, set()).update(normalize_role(r) for r in rs)

    def given_candidates(self, word: str) -> list[Candidate]:
        """Full-name people whose first name is ``word`` or one of its nicknames."""
        forms = given_forms(word)
        todo = sorted(forms - self._given_loaded)
        self._given_loaded.update(todo)
        if todo and self._lookup_given is not None:
            for c in self._lookup_given(todo):
                if c.name is not None:
                    lst = self.by_given.setdefault(c.name.first, [])
                    if all(x.id != c.id for x in lst):
                        lst.append(c)
        out: dict[int, Candidate] = {}
        for f in forms:
            for c in self.by_given.get(f, ()):
                out.setdefault(c.id, c)
        return list(out.values())

    def _joined(self, cand: Candidate, pn: PersonName, key: str) -> Decision:
        """A full name joins ``cand``: its first name now finds ``cand`` too."""
        lst = self.by_given.setdefault(pn.first, [])
        if all(x.id != cand.id for x in lst):
            lst.append(cand)
        return Decision(cand.id, cand.key, add_key=key)

    def backed_by(
        self, cands: list[Candidate], roles: Iterable[str], context: Iterable[int]
    ) -> list[Candidate]:
        """The candidates that a stated role or affiliation, or a co-occurring speaker
        (another full-name person or organisation of the article), ties to this entity."""
        mine = {normalize_role(r) for r in roles} - {""}
        near = set(context)
        if not cands or not (mine or near):
            return []
        if mine:
            self._roles(cands)
        if near:
            self._context(cands)
        return [c for c in cands if (c.roles & mine) or (c.context & near)]

    def resolve(
        self,
        name: str,
        type: str,
        *,
        roles: Iterable[str] = (),
        article_id: str = "",
        context: Iterable[int] = (),
        given: bool = False,
    ) -> Decision:
        """Decide which speaker an article entity belongs to (see the module rules).

        ``context``: speakers of the article's other full-name people and
        organisations (co-occurrence evidence); ``given``: a one-word name that is a
        known given name, so it may be a person's first name alone.
        """
        roles = list(roles)
        key = entity_key(name, type)
        if key not in self.by_key:
            self.prefetch([key], [])
        hit = self.by_key.get(key)
        lone = (
            given and type == "PERSON" and hit is not None and not (hit.name and hit.name.is_full)
        )
        if hit is not None and not lone:
            return Decision(hit.id, hit.key)
        if type != "PERSON":
            # a common variant of a country or organisation name (US / U.S. / United
            # States): the key of any other form of it that is already known
            forms = list(dict.fromkeys(entity_key(f, type) for f in alias_forms(name)))
            forms = [k for k in forms if k != key]
            if forms:
                self.prefetch(forms, [])
                for k in forms:
                    hit = self.by_key.get(k)
                    if hit is not None:
                        return Decision(hit.id, hit.key, add_key=key)
            return Decision(None, key)
        pn = parse_person(name)
        if pn is None:
            return Decision(None, key)
        if pn.last not in self.by_surname:
            self.prefetch([], [pn.last])
        cands = [c for c in self.by_surname.get(pn.last, []) if c.name and c.name.is_full]
        if pn.is_full:
            compatible = [c for c in cands if c.name and names_compatible(pn, c.name)]
            if len(compatible) == 1:
                return self._joined(compatible[0], pn, key)
            if len(compatible) > 1:
                exact = [c for c in compatible if c.name and c.name.first == pn.first]
                if len(exact) == 1:
                    return self._joined(exact[0], pn, key)
            if not compatible:
                # a spelling variant of the given name (Mohammad / Muhammad) joins only
                # with evidence: a role or affiliation stated for both
                # (another spelling only: the same first name with other middle names or
                # another suffix is another person, George W. / George P. Bush)
                variants = [
                    c
                    for c in cands
                    if c.name
                    and c.name.first != pn.first
                    and given_name_variant(pn.first, c.name.first)
                    and names_compatible(
                        PersonName(c.name.first, pn.middle, pn.last, pn.suffix), c.name
                    )
                ]
                backed = self.backed_by(variants, roles, context)
                if len(backed) == 1:
                    return self._joined(backed[0], pn, key)
            if not compatible and pn.middle:
                # A stray leading word the NER kept ("Billionaire Donald Trump"): the
                # rest must be an already known name, exactly.
                rest = f"{type}:{' '.join(pn.key.split()[1:])}"
                if rest not in self.by_key:
                    self.prefetch([rest], [])
                hit = self.by_key.get(rest)
                if hit is not None:
                    return Decision(hit.id, hit.key, add_key=key)
            return Decision(None, key)
        # A bare surname, or a given name alone.
        if not cands and given and " " not in pn.last:
            # "Ahmad" alone: the one full-name person of that first name (or nickname)
            # whom a shared role or a co-occurring speaker ties to this article
            # (no key is added: "Ahmad" alone elsewhere needs its own evidence)
            backed = self.backed_by(self.given_candidates(pn.last), roles, context)
            if len(backed) == 1:
                return Decision(backed[0].id, backed[0].key)
        if hit is not None:
            return Decision(hit.id, hit.key)  # the speaker of that one word, as before
        if len(cands) == 1:
            return Decision(cands[0].id, cands[0].key)
        if len(cands) > 1:
            mine = {normalize_role(r) for r in roles} - {""}
            if mine:
                self._roles(cands)
                backed = [c for c in cands if c.roles & mine]
                if len(backed) == 1:
                    return Decision(backed[0].id, backed[0].key)
            return Decision(None, f"{key}#{article_id[:12]}")
        return Decision(None, key)


def given_forms(word: str) -> set[str]:
    """``word`` (a first name) and its nickname forms: Joe, Joseph, Joey, ..."""
    forms = {word, NICKNAMES.get(word, word)}
    return forms | {k for k, v in NICKNAMES.items() if v in forms}


__all__ = [
    "NAMED_TYPES",
    "Candidate",
    "Decision",
    "PersonName",
    "SpeakerIndex",
    "entity_key",
    "fold",
    "given_forms",
    "names_compatible",
    "normalize_name",
    "normalize_role",
    "parse_person",
]
