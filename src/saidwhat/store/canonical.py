"""Canonical speakers across articles: name normalisation and merging rules.

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
4. A surname alone ("Clinton") joins the only full-name speaker with that
   surname; with several it needs role evidence (a role or affiliation stated
   for both); without evidence it stays a speaker of its own article only
   (key suffix ``#<article>``), so two people sharing a surname are not merged.
   A surname seen before any full name starts a surname speaker that
   :func:`saidwhat.store.write.reconcile` later folds into a unique full name.

Keys containing ``#`` are never merged automatically.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

#: Entity types that become canonical speakers (UNNAMED stays per quote).
NAMED_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})

TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister brother
    president vice prime minister ministers secretary sen senator rep representative congressman
    congresswoman gov governor lt gen general col colonel maj major capt captain cmdr admiral adm
    sgt sergeant cpl officer chief judge justice mayor ambassador amb king queen prince princess
    sheikh shaikh imam ayatollah pope cardinal bishop archbishop chancellor premier commissioner
    chairman chairwoman chair director spokesman spokeswoman spokesperson leader former acting
    deputy state foreign defense defence interior finance affairs of the us u.s. uk u.k. un
    republican democratic democrat candidate nominee speaker house senate attorney ceo founder
    commander head lieutenant his her their hon honourable honorable mp mep dep assistant
    """.split()  # noqa: SIM905
)
#: Generational suffixes tell people apart (Donald Trump Jr.); degrees do not.
GENERATIONS = {
    "jr": "jr",
    "jnr": "jr",
    "junior": "jr",
    "sr": "sr",
    "snr": "sr",
    "senior": "sr",
    "ii": "ii",
    "iii": "iii",
    "iv": "iv",
}
SUFFIXES = frozenset({"phd", "md", "esq", *GENERATIONS})
PARTICLES = frozenset(
    {
        "de",
        "da",
        "del",
        "della",
        "der",
        "di",
        "du",
        "la",
        "le",
        "van",
        "von",
        "bin",
        "ibn",
        "al",
        "el",
        "abu",
        "ben",
        "st",
        "mac",
        "dos",
        "das",
        "y",
    }
)
#: Particles that never start a first name: "Van Dyke" alone is a surname ("Al Gore" is not).
SURNAME_PARTICLES = frozenset(
    {"van", "von", "de", "der", "da", "di", "du", "la", "le", "del", "della", "dos", "das"}
)
NICKNAMES: Mapping[str, str] = {
    "bill": "william",
    "will": "william",
    "billy": "william",
    "willy": "william",
    "bob": "robert",
    "rob": "robert",
    "bobby": "robert",
    "robbie": "robert",
    "mike": "michael",
    "mick": "michael",
    "jim": "james",
    "jimmy": "james",
    "jamie": "james",
    "joe": "joseph",
    "joey": "joseph",
    "tom": "thomas",
    "tommy": "thomas",
    "dick": "richard",
    "rick": "richard",
    "ricky": "richard",
    "rich": "richard",
    "ted": "edward",
    "ed": "edward",
    "eddie": "edward",
    "ned": "edward",
    "chris": "christopher",
    "dan": "daniel",
    "danny": "daniel",
    "dave": "david",
    "davy": "david",
    "ben": "benjamin",
    "benny": "benjamin",
    "tony": "anthony",
    "nick": "nicholas",
    "steve": "stephen",
    "stevie": "stephen",
    "steven": "stephen",
    "andy": "andrew",
    "drew": "andrew",
    "alex": "alexander",
    "al": "albert",
    "sam": "samuel",
    "matt": "matthew",
    "pat": "patrick",
    "pete": "peter",
    "jon": "jonathan",
    "johnny": "john",
    "jack": "john",
    "jeff": "jeffrey",
    "geoff": "geoffrey",
    "greg": "gregory",
    "larry": "lawrence",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "betty": "elizabeth",
    "kate": "katherine",
    "katie": "katherine",
    "cathy": "catherine",
    "sue": "susan",
    "jenny": "jennifer",
    "jen": "jennifer",
    "meg": "margaret",
    "peggy": "margaret",
    "maggie": "margaret",
    "bernie": "bernard",
    "chuck": "charles",
    "charlie": "charles",
    "hank": "henry",
    "harry": "henry",
    "fred": "frederick",
    "freddie": "frederick",
    "ron": "ronald",
    "don": "donald",
    "donny": "donald",
    "ken": "kenneth",
    "tim": "timothy",
    "vince": "vincent",
    "walt": "walter",
    "zach": "zachary",
    "abe": "abraham",
    "nate": "nathaniel",
    "newt": "newton",
}

_APOS = re.compile(r"['\u2019]s$")
_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*\.?", re.UNICODE)


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without accents; punctuation other than ``-``/``'`` becomes space
    (cached: the same names and words come back in every article)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").lower()
    text = re.sub(r"[^\w\s'-]+", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class PersonName:
    """A parsed person name: ``first`` and ``middle`` are empty for a bare surname."""

    first: str
    middle: tuple[str, ...]
    last: str
    suffix: str = ""

    @property
    def is_full(self) -> bool:
        return bool(self.first)

    @property
    def key(self) -> str:
        return " ".join(p for p in (self.first, *self.middle, self.last, self.suffix) if p)


def _name_tokens(name: str) -> list[str]:
    raw = list(_TOKEN.findall(name.replace("\u2019", "'")))
    # Keep the last run of capitalised tokens ("NRF leader Ahmad Massoud" -> "Ahmad Massoud",
    # "Donald Trump 384" -> "Donald Trump").
    runs: list[list[str]] = []
    run: list[str] = []
    for tok in raw:
        low = tok.rstrip(".").lower()
        if tok[:1].isupper() or (run and low in PARTICLES):
            run.append(tok)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    toks = runs[-1] if runs else raw
    toks = [_APOS.sub("", t) for t in toks]
    return [fold(t).replace(".", "").replace("'", "") for t in toks if fold(t)]


@lru_cache(maxsize=1 << 16)
def parse_person(name: str) -> PersonName | None:
    """Split a person's name into first, middle names and surname; ``None`` if nothing is left.

    >>> parse_person("NRF leader Ahmad Massoud")
    PersonName(first='ahmad', middle=(), last='massoud')
    >>> parse_person("Massoud").is_full
    False
    """
    toks = _name_tokens(name)
    suffix = ""
    while len(toks) > 1 and toks[-1] in SUFFIXES:
        suffix = suffix or GENERATIONS.get(toks[-1], "")
        toks.pop()
    # Strip everything up to the last title word ("Afghan Ambassador Hamdullah Mohib"),
    # but never the last token.
    cut = max((i for i, t in enumerate(toks[:-1]) if t in TITLES), default=-1)
    toks = toks[cut + 1 :]
    if not toks:
        return None
    if len(toks) == 1:
        return PersonName("", (), toks[0], suffix)
    if len(toks) == 2 and toks[0] in SURNAME_PARTICLES:
        return PersonName("", (), " ".join(toks), suffix)  # "Van Dyke" is a surname
    # Surname particles: "Ursula von der Leyen" -> last = "von der leyen".
    i = len(toks) - 1
    while i > 1 and toks[i - 1] in PARTICLES:
        i -= 1
    last = " ".join(toks[i:])
    return PersonName(toks[0], tuple(toks[1:i]), last, suffix)


@lru_cache(maxsize=1 << 16)
def normalize_name(name: str, type: str) -> str:
    """The normalised name part of a key (without the type prefix)."""
    if type == "PERSON":
        p = parse_person(name)
        return p.key if p else fold(name)
    n = fold(_APOS.sub("", name.strip()))
    n = re.sub(r"^the ", "", n)
    return n.replace("'", "")


@lru_cache(maxsize=1 << 16)
def entity_key(name: str, type: str) -> str:
    """``TYPE:normalised name``: the identity key of a named entity."""
    return f"{type}:{normalize_name(name, type)}"


@lru_cache(maxsize=1 << 16)
def normalize_role(value: str) -> str:
    """A role or affiliation in comparable form ("U.S. President" -> "us president")."""
    v = fold(value.replace(".", "")).replace("'", "")
    v = re.sub(r"\b(the|a|an|of|s)\b", " ", v)
    return " ".join(v.replace(".", "").split())


def _first_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return NICKNAMES.get(a, a) == NICKNAMES.get(b, b)


def names_compatible(a: PersonName, b: PersonName) -> bool:
    """Could two full names denote the same person? Same surname, first names
    equal / nickname / initial, and middle names that do not contradict."""
    if a.last != b.last or a.suffix != b.suffix or not a.is_full or not b.is_full:
        return False
    if not _first_compatible(a.first, b.first):
        return False
    return all(_first_compatible(x, y) for x, y in zip(a.middle, b.middle, strict=False))


@dataclass(slots=True)
class Candidate:
    """A known speaker as seen by the resolver."""

    id: int
    key: str
    type: str
    name: PersonName | None = None
    roles: set[str] = field(default_factory=set)


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
    ) -> None:
        self._lookup_keys = lookup_keys
        self._lookup_surnames = lookup_surnames
        self._load_roles = load_roles
        self.by_key: dict[str, Candidate | None] = {}
        self.by_surname: dict[str, list[Candidate]] = {}
        self._roles_loaded: set[int] = set()

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

    def _roles(self, cands: list[Candidate]) -> None:
        need = [c for c in cands if c.id not in self._roles_loaded]
        if need and self._load_roles is not None:
            self._load_roles(need)
        self._roles_loaded.update(c.id for c in need)

    def resolve(
        self, name: str, type: str, *, roles: Iterable[str] = (), article_id: str = ""
    ) -> Decision:
        """Decide which speaker an article entity belongs to (see the module rules)."""
        key = entity_key(name, type)
        if key not in self.by_key:
            self.prefetch([key], [])
        hit = self.by_key.get(key)
        if hit is not None:
            return Decision(hit.id, hit.key)
        if type != "PERSON":
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
                return Decision(compatible[0].id, compatible[0].key, add_key=key)
            if len(compatible) > 1:
                exact = [c for c in compatible if c.name and c.name.first == pn.first]
                if len(exact) == 1:
                    return Decision(exact[0].id, exact[0].key, add_key=key)
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
        # A bare surname.
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


__all__ = [
    "NAMED_TYPES",
    "Candidate",
    "Decision",
    "PersonName",
    "SpeakerIndex",
    "entity_key",
    "fold",
    "names_compatible",
    "normalize_name",
    "normalize_role",
    "parse_person",
]
