"""Names: parsing, normalisation and matching, for one article and across articles.

The one home of every name rule. :mod:`saidwhat.extract.speakers` clusters the
mentions of one article with these functions and :mod:`saidwhat.store.canonical`
joins the entities of different articles with the same ones, so the two agree.

- :func:`fold` compares text without case or accents;
- :func:`split_title` separates leading titles and role words ("Col.", "Mayor",
  "spokesperson") from the name as written, which keeps its hyphens and case;
- :func:`parse_person` splits a person's name into first, middle names and
  surname (particles such as al-, bin, van, von and de belong to the surname);
- :func:`names_compatible`, :func:`given_name_variant` and :func:`mention_fits`
  decide whether two forms can name the same person;
- :func:`entity_key` is the identity key of a named entity in the store;
- :func:`alias_name` and :func:`alias_forms` read the small table of common
  country and organisation variants (US / U.S. / United States / America).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: Entity types that become canonical speakers (UNNAMED stays per quote).
NAMED_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})


@lru_cache(maxsize=8)
def _shipped_toml(name: str) -> dict[str, Any]:
    """A data file shipped with the package (``saidwhat/data/<name>``), parsed once
    (several tables of names read the same file; none of them changes it)."""
    from importlib import resources

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    return tomllib.loads(resources.files("saidwhat").joinpath(f"data/{name}").read_text("utf-8"))


def _honorifics() -> frozenset[str]:
    """The shipped honorifics and ranks of many regions (data/honorifics.toml), the
    letters written after a name left out."""
    groups = _shipped_toml("honorifics.toml")
    return frozenset(
        w for key, group in groups.items() if key != "post_nominal" for w in group["words"].split()
    )


#: Letters written after a name ("SC", "OBE"), as data.
POST_NOMINALS = frozenset(_shipped_toml("honorifics.toml")["post_nominal"]["words"].split())


def strip_post_nominals(name: str) -> str:
    """``"Anil Nandlall SC"`` -> ``"Anil Nandlall"``: post-nominal letters cut from the end
    of a name of at least two words more."""
    words = name.split()
    while len(words) > 2 and words[-1].replace(".", "").lower() in POST_NOMINALS:
        words.pop()
    return " ".join(words) if len(words) != len(name.split()) else name


def _honorific_phrases() -> frozenset[tuple[str, ...]]:
    """The honorifics of several words that are cut only as a whole ("Tan Sri")."""
    groups = _shipped_toml("honorifics.toml").values()
    return frozenset(
        tuple(p.split()) for g in groups for p in g.get("phrases", "").split("|") if p.strip()
    )


#: Honorifics, ranks and forms of address of many regions, as data.
HONORIFICS = _honorifics()
#: Military and police ranks ("Brigadier", "Supt", "Commodore").
RANKS = frozenset(_shipped_toml("honorifics.toml")["military_police"]["words"].split())
#: Offices held in turn ("President", "Minister", "Mayor", "King"): a title of the office,
#: not of the person, so "the president" may be another holder than the one named.
OFFICE_TITLES = frozenset(
    w
    for name, group in _shipped_toml("honorifics.toml").items()
    if name in ("judicial_political", "royal")
    for w in group["words"].split()
)
HONORIFIC_PHRASES = _honorific_phrases()


def honorific_phrase(words: Sequence[str], at: int = 0) -> int:
    """How many of ``words`` from ``at`` form a honorific of several words ("Tan Sri",
    "His Excellency"); 0 when none starts there."""
    for p in HONORIFIC_PHRASES:
        n = len(p)
        if tuple(fold(w).replace("'", "").rstrip(".") for w in words[at : at + n]) == p:
            return n
    return 0


def _demonyms(place: str, words: list[str]) -> list[str]:
    """The demonyms of a line of data/demonyms.toml: a word of a place's name of several
    words, followed by another, opens one demonym with it ("costa rican", "papua new
    guinean": not "costa", "new"); "saudi" alone is one."""
    inner = set(place.split()[:-1])
    out: list[str] = []
    i = 0
    while i < len(words):
        j = i
        while j + 1 < len(words) and words[j] in inner:
            j += 1
        out.append(" ".join(words[i : j + 1]))
        i = j + 1
    return out


def _countries() -> dict[str, str]:
    """Every country's and region's name, other names, adjective and person nouns ->
    that place (data/demonyms.toml), with the plurals news uses ("Afghans",
    "Frenchmen"; none for "Chinese", "Swiss", "Irish", "Dutch")."""
    data = _shipped_toml("demonyms.toml")
    out: dict[str, str] = {}

    def read(block: str) -> None:
        for line in block.strip().splitlines():
            place, _, words = (p.strip() for p in line.partition("|"))
            out.setdefault(place, place)
            for w in _demonyms(place, words.split()):
                out.setdefault(w, place)
                if not w.endswith(("ese", "ss", "sh", "ch")):
                    out.setdefault(w[:-3] + "men" if w.endswith("man") else w + "s", place)

    read(data["countries"])
    for alias, country in data["aliases"].items():
        out.setdefault(alias, country)
    read(data["regions"])
    return out


_COUNTRY_OF = _countries()
#: The places themselves, by name or other name ("antigua" for Antigua and Barbuda)
_PLACES = frozenset([*_COUNTRY_OF.values(), *_shipped_toml("demonyms.toml")["aliases"]])


def nationality(word: str) -> str | None:
    """The country a word names or whose people or things it describes: "Omani",
    "Oman", "Spaniard", "Frenchmen", "US" -> a country's name; None otherwise.

    >>> nationality("Omani"), nationality("Spaniards"), nationality("minister")
    ('oman', 'spain', None)
    """
    return _COUNTRY_OF.get(fold(word).strip(".").replace("’", "'"))


def is_demonym_person(word: str) -> bool:
    """A singular noun for one person of a country ("Spaniard", "Australian",
    "Frenchman"); "Chinese", "Swiss", "British" name a people, not one person."""
    w = fold(word)
    return (
        nationality(w) is not None
        and w not in _PLACES
        and not w.endswith(("ese", "ss", "sh", "ch", "s", "men"))
    )


TITLES = HONORIFICS | frozenset(
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
SUFFIXES = frozenset({"phd", "md", "esq", *GENERATIONS, *POST_NOMINALS})
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
    PersonName(first='ahmad', middle=(), last='massoud', suffix='')
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
    for i in range(len(toks) - 1):
        n = honorific_phrase(toks, i)
        if n and i + n < len(toks):
            cut = max(cut, i + n - 1)  # "Tan Sri Muhyiddin Yassin"
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


_SPOKES = re.compile(r"\bspokes(?:man|woman|person|people|men|women)\b")
_SPOKES_FOR = re.compile(r"^spokesperson (?:for|of) (?:the )?(.+)$")
_CREDIT = re.compile(r"^(?:image|photo|picture|credit|getty|afp photo|reuters photo)\b", re.I)
_SPACED_HYPHEN = re.compile(r"(?<=\w) +- +(?=\w)")


def clean_role(value: str) -> str | None:
    """A role or affiliation as shown: a hyphen the tokenizer spaced out joined again
    ("pro - Beijing" -> "pro-Beijing"), spaces collapsed; ``None`` for what is not a
    role (a photo credit "Image <name>", text over a line break)."""
    if "\n" in value.strip() or _CREDIT.match(value.strip()):
        return None
    v = " ".join(_SPACED_HYPHEN.sub("-", value).split())
    return v or None


@lru_cache(maxsize=1 << 16)
def normalize_role(value: str) -> str:
    """A role or affiliation in comparable form ("U.S. President" -> "us president");
    variants are one role: "WHO spokesman", "WHO spokesperson", "WHO's spokeswoman"
    and "spokesman for the WHO" -> "who spokesperson"."""
    v = re.sub(r"['’]s\b", " ", _SPACED_HYPHEN.sub("-", value))  # "WHO's spokesman"
    v = fold(v.replace(".", "")).replace("'", "").replace("’", "")
    v = _SPOKES.sub("spokesperson", " ".join(v.split()))
    v = _SPOKES_FOR.sub(r"\1 spokesperson", v)
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


#: Role and description nouns: stripped from the front of a name, kept as roles,
#: and matched against descriptions ("the spokesperson", "the Hull City man").
ROLE_WORDS = frozenset(
    """
    leader president minister secretary spokesperson spokesman spokeswoman senator governor
    chairperson
    commander chief head chairman chairwoman chair director ceo founder candidate nominee
    aspirant hopeful contender challenger frontrunner
    official ambassador general mayor judge lawyer attorney adviser advisor aide analyst
    professor member representative rep congressman congresswoman speaker manager
    strategist economist scientist researcher editor reporter correspondent activist
    campaigner warlord politician lawmaker legislator diplomat envoy officer
    commissioner king queen prince princess premier chancellor vice deputy coordinator
    organizer organiser councilor councillor councilman councilwoman filmmaker director
    coach striker winger forward midfielder defender goalkeeper captain player
    actor actress singer star writer author novelist journalist columnist producer
    executive boss president-elect sheriff detective inspector superintendent constable
    colonel col lt gen maj capt sgt dr mr mrs ms miss prof sir dame lord lady sheikh
    spokesmen chancellor treasurer cabinet pm mp mep sen gov
    magistrate prosecutor coroner registrar barrister solicitor counsel justice clerk
    """.split()  # noqa: SIM905
)

#: Nouns that describe a person ("the American actress", "the Hull City man").
#: Last words of publications' names, which keep their "The" ("The Hill", "The
#: Times", "The Washington Post"): the fullest name the article uses, also when it
#: only opens a sentence.
PUBLICATION_WORDS = frozenset(
    """
    times post guardian independent telegraph sun mirror express star observer herald
    tribune economist atlantic hill hindu nation globe standard journal chronicle
    examiner gazette sentinel inquirer register courier daily telegram record mail news
    """.split()  # noqa: SIM905
)

#: One office under the names news gives it: "the premier" is the "Prime Minister".
#: Each row is one office; a role holds it when it has all the words of one of its names.
OFFICE_NAMES: tuple[tuple[str, ...], ...] = (
    ("premier", "prime minister", "pm"),
    ("chief executive", "ceo", "chief executive officer"),
    ("chief minister", "cm"),
    ("chief financial officer", "cfo", "finance chief", "finance director"),
    ("foreign minister", "foreign secretary", "minister of foreign affairs", "fm"),
    ("interior minister", "home minister", "minister of interior", "minister of home affairs"),
    ("finance minister", "minister of finance", "treasury secretary", "chancellor"),
    ("defence minister", "defense minister", "minister of defence", "defense secretary"),
    ("head coach", "coach", "manager", "boss"),
    ("police chief", "police commissioner", "inspector general of police", "igp"),
    # an office and its abbreviated title ("Sen. Bernie Sanders" … "the Vermont senator")
    ("senator", "sen"),
    ("representative", "rep", "congressman", "congresswoman"),
    ("governor", "gov"),
    ("professor", "prof"),
    ("doctor", "dr", "physician"),
    ("general", "gen"),
    ("colonel", "col"),
    ("lieutenant", "lt"),
    ("sergeant", "sgt"),
    ("captain", "capt"),
    ("superintendent", "supt", "superintendent of police", "sp"),
    ("inspector", "insp"),
    ("councillor", "councilor", "cllr", "coun", "cr", "councilman", "councilwoman"),
    ("commander", "cdr", "cmdr"),
    ("detective", "det"),
    ("brigadier", "brig"),
    ("admiral", "adm"),
    ("corporal", "cpl"),
    ("constable", "cst"),
    ("deputy inspector general", "dig"),
)


def holds_office(description: str, role: str) -> bool:
    """Whether a role ("Prime Minister", "PM") is the office a description's words
    name ("premier"), under any of the office's names (:data:`OFFICE_NAMES`)."""
    words = set(fold(role).replace("-", " ").replace(".", "").split())
    said = fold(description)
    for names in OFFICE_NAMES:
        if said in names and any(set(n.split()) <= words for n in names):
            return True
    return False


def is_title_noun(word: str) -> bool:
    """A noun that is a title put before names ("parson", "captain") or an office
    known by one ("doctor" for "Dr."): "the doctor" can be the person titled "Dr."."""
    w = fold(word).rstrip(".")
    if w in OFFICE_TITLES:
        return False
    return w in HONORIFICS or any(w in names for names in OFFICE_NAMES)


#: Nouns that describe an organisation ("the airline said", "the ministry added").
ORG_NOUNS = frozenset(
    """
    airline company firm ministry department agency government administration group
    organization organisation organisation party union association council committee
    paper newspaper outlet network broadcaster channel station magazine website site publication
    bank carrier operator authority service office commission court board coalition
    alliance team club league federation institute university school hospital
    manufacturer maker retailer giant watchdog regulator army military force forces
    militia movement campaign charity fund body bureau embassy consulate utility lender
    insurer automaker carmaker drugmaker chipmaker conglomerate startup miner producer
    exporter provider developer publisher supplier brewer exchange presidency parliament
    senate assembly secretariat directorate inspectorate tribunal ngo command headquarters
    """.split()  # noqa: SIM905
)


def _person_nouns() -> frozenset[str]:
    """Nouns for a person that are data: those derived from GUM's person mentions
    (data/person_nouns.txt, by saidwhat.train.person_nouns) and the ranks and offices
    of data/honorifics.toml written out ("magistrate", "constable", not "Lt")."""
    from importlib import resources

    text = resources.files("saidwhat").joinpath("data/person_nouns.txt").read_text("utf-8")
    derived = {
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    }
    ranks = _shipped_toml("honorifics.toml")
    written = {
        w
        for group in ("military_police", "judicial_political", "religious")
        for w in ranks[group]["words"].split()
        if len(w) >= 5
    }
    return frozenset(derived | written)


#: Nouns that describe a person ("the American actress", "the publicist"); an
#: organisation noun ("broadcaster") stays an organisation's.
PERSON_NOUNS = (
    ROLE_WORDS
    | frozenset(
        """
    man woman boy girl guy lady gentleman veteran international youngster teenager star
    father mother son daughter husband wife brother sister widow survivor victim suspect
    resident citizen worker fan teacher doctor nurse student pilot driver owner
    pundit commentator newcomer incumbent challenger frontrunner hopeful contender skipper
    """.split()  # noqa: SIM905
    )
    | (_person_nouns() - ORG_NOUNS)
)


#: Person nouns that are adjectives first: at the end of a capitalised name they say
#: what kind of body it is ("Amnesty International", "Dollar General"), and make a
#: role only after another person noun ("Attorney General", "Major General").
ADJECTIVE_PERSON_NOUNS = frozenset({"international", "general", "professional", "native", "local"})


def _learned_person_nouns() -> frozenset[str]:
    """Nouns for a person that a model read from the sentence encoder's vocabulary
    (data/person_nouns_learned.txt, by saidwhat.train.person_nouns): "cricketer",
    "golfer", which no list of GUM's mentions holds."""
    from importlib import resources

    path = resources.files("saidwhat").joinpath("data/person_nouns_learned.txt")
    words = {
        w
        for line in path.read_text("utf-8").splitlines()
        if not line.startswith("#")
        for w in line.split()
    }
    return frozenset(words - ORG_NOUNS - PERSON_NOUNS)


#: Words that mark a name as an organisation's ("Foreign Office", "Geological Survey").
ORG_WORDS = frozenset(
    """
    inc corp corporation co ltd llc plc group company ministry department office agency
    organization organisation association council committee party union university
    college school institute bank times journal post news press survey service authority
    commission court airport airways airlines fund foundation network bureau house
    federation league club fc coalition army police force forces government administration
    mission ministries church fellowship society trust movement front alliance brigade
    brigades centre center hospital tribunal parliament senate embassy consulate
    broadcasting television radio museum library holdings industries enterprises
    laboratories technologies patrol guard command headquarters
    pt tbk bhd berhad sdn gmbh pty pvt nv bv spa srl oyj
    foods beverages brands products pharmaceuticals pharma therapeutics motors electronics
    systems solutions logistics communications telecommunications telecom insurance
    bancorp securities investments ventures partners associates studios entertainment
    publishing hotels resorts restaurants stores farms dairies airline
    """.split()  # noqa: SIM905
)

#: Nouns for a person beyond :data:`PERSON_NOUNS`, learned (written in lower case only:
#: the encoder's vocabulary is uncased, so surnames are among them).
LEARNED_PERSON_NOUNS = _learned_person_nouns()

#: Particles that may be glued to a name part by a hyphen: "Al-Maliki", "bin Salman".
NAME_PARTICLES = PARTICLES | frozenset({"bint", "abd", "abdul", "ul", "ud", "ur", "ten", "ter"})


@lru_cache(maxsize=1 << 16)
def is_role_word(word: str) -> bool:
    """A title, honorific or role noun ("Col.", "Mayor", "spokesperson"); an acronym
    is no abbreviated title ("RT", the broadcaster, is not "Rt", nor "DR" "Dr")."""
    w = fold(word).rstrip(".")
    if _SPELLED.fullmatch(word):
        word = word.replace("-", "")  # "M-L-A": an acronym spelled out as broadcasters do
        w = fold(word)
    if word.isalpha() and word.isupper() and len(word) >= 2 and w not in ROLE_WORDS:
        return w in _CAPITAL_TITLES
    if "-" in w and w not in ROLE_WORDS:
        # "Maj-Gen", "Lt-Col": ranks joined by a hyphen are a rank by their parts
        parts = [p.rstrip(".") for p in w.split("-")]
        return all(p in RANKS or p in ROLE_WORDS for p in parts) and all(parts)
    return w in ROLE_WORDS or w in TITLES


#: An acronym with its letters joined by hyphens: "M-L-A", "N-D-P".
_SPELLED = re.compile(r"[A-Z](?:-[A-Z])+")
#: Titles written in capitals: "MP", "MEP", "MLA"
_CAPITAL_TITLES = frozenset(_shipped_toml("honorifics.toml")["capitals"]["words"].split())


_WORD = re.compile(r"\S+")


def name_problem(name: str, type_: str) -> str | None:
    """What keeps ``name`` from being the canonical name of a named speaker of type
    ``type_`` (PERSON, ORG, GPE, NORP), or None: the one statement of issue 16's
    invariant that a name is a name (no description, role, label or title)."""
    words = name.split()
    if not is_proper_name(name) and not (
        # a paper's title with its article ("The Economist"), no office ("The Minister")
        type_ == "ORG"
        and len(words) >= 2
        and words[0] == "The"
        and all(w[:1].isupper() and fold(w) not in TITLES for w in words[1:])
    ):
        return "no proper name in it (a title, role, description or label)"
    if type_ == "PERSON" and len(words) > 1:
        n = honorific_phrase(words) or (fold(words[0]).rstrip(".") in HONORIFICS)
        if n and len(words) > n:
            return "an honorific or title kept before the name"
    if len(words) > 12 or "\n" in name:
        return "a phrase, not a name"
    if reads_as_clause(name):
        return "a clause in title case (a headline), not a name"
    if name.count("(") != name.count(")"):
        return "an unbalanced bracket"
    return None


#: Words of a clause that no name holds after its first word ("… Found Out That These
#: Two People Were Arrested", a title-case headline read as one name).
_CLAUSE_WORDS = frozenset(
    "that these those were was is are why when what how will would has have had "
    "did does could should".split()
)


def reads_as_clause(name: str) -> bool:
    """Whether a title-case run holds words of a clause after its first word ("Found
    Out That These Two People Were Arrested"): a headline, not a name."""
    return any(fold(w) in _CLAUSE_WORDS for w in name.split()[1:])


#: A lower-case particle glued to a capitalised name: "el-Sisi", "al-Assad", "bin-Laden".
_PARTICLE_PREFIX = re.compile(r"(?:al|el|ad|an|ar|as|ash|at|az|ud|ul|bin|ibn|abu)-(?=[A-Z])")


def is_proper_name(name: str) -> bool:
    """Whether ``name`` can be an entity's name: some word of it is capitalised (or
    an acronym) and is no title, honorific or role word. "Officer", "minister",
    "the Foreign Minister" and "(Ind)" are not names; "Al-Maliki" and "NATO" are.

    >>> is_proper_name("Officer"), is_proper_name("Turki Al-Maliki")
    (False, True)
    """
    for w in _WORD.findall(name):
        if w[:1] in "([":
            continue  # a bracketed label: "(Ind)", "(R-Ky.)"
        core = w.strip("()[],.;:'’\"“”")
        if not core or not (core[:1].isupper() or _PARTICLE_PREFIX.match(core)):
            continue
        if is_role_word(core) or fold(core) in ("the", "a", "an"):
            continue
        if core.isupper() and fold(core) in ORG_NOUNS:
            continue  # a kind of body written as an acronym: "the NGO"
        return True
    return False


#: Titles that tell a person's gender ("Mrs Beckett").
TITLE_GENDER = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "sir": "m",
    "dame": "f",
    "lord": "m",
    "lady": "f",
    "prince": "m",
    "princess": "f",
    "king": "m",
    "queen": "f",
}

_GENDER_DETECTOR: Any = None


def _detector() -> Any:
    """gender-guesser's detector, one per process (its table costs ~22 MB)."""
    global _GENDER_DETECTOR
    if _GENDER_DETECTOR is None:
        import gender_guesser.detector as gd

        _GENDER_DETECTOR = gd.Detector(case_sensitive=False)
    return _GENDER_DETECTOR


#: Function words gender-guesser's list also holds as given names ("The", "An", "He").
_NOT_GIVEN = frozenset({"the", "an", "in", "on", "to", "he"})


@lru_cache(maxsize=1 << 16)
def is_given_name(word: str) -> bool:
    """Whether gender-guesser's list holds ``word`` as a given name of any gender (not
    the function words it also holds: "The", "An", "He")."""
    first = word.split("-")[0]
    return first.lower() not in _NOT_GIVEN and _detector().get_gender(first) != "unknown"


@lru_cache(maxsize=1 << 16)
def given_name_gender(word: str, *, english: bool = True) -> str | None:
    """``"m"``/``"f"`` for a given name in gender-guesser's list ("mostly" ones, such as
    "Bernie" and "Kim", are unknown), else None; with ``english``, also None where the
    list's English usage (its US and British counts) leans the other way ("Patrice",
    "Jean": male in the list as a whole, female in the US). Without it, whether the
    word is a gendered given name at all (evidence of a person's name)."""
    first = word.split("-")[0]
    g = {"male": "m", "female": "f"}.get(_detector().get_gender(first))
    if g is not None and english:
        other = ("female", "mostly_female") if g == "m" else ("male", "mostly_male")
        if any(_detector().get_gender(first, c) in other for c in ("usa", "great_britain")):
            return None
    return g


@lru_cache(maxsize=1 << 16)
def split_title(text: str) -> tuple[str, str, int]:
    """``(titles, name, offset of name in text)``: leading titles, role words and
    lower-case words are cut from a name as written, the name itself kept as it is.

    >>> split_title("Col. Turki Al-Maliki")
    ('Col.', 'Turki Al-Maliki', 5)
    >>> split_title("spokesperson Tasnim Aslam")
    ('spokesperson', 'Tasnim Aslam', 13)
    >>> split_title("NRF leader Ahmad Massoud")
    ('NRF leader', 'Ahmad Massoud', 11)
    """
    words = [(m.start(), m.group()) for m in _WORD.finditer(text)]

    def past_titles(k: int) -> int:
        while k < len(words) - 1:
            n = honorific_phrase([w for _, w in words], k)
            if n and k + n < len(words):
                k += n  # "Tan Sri", "His Excellency"
                continue
            w = words[k][1]
            core = w.strip("(),")
            if fold(core).rstrip(".") in NAME_PARTICLES and words[k + 1][1][:1].isupper():
                break
            if core == words[k + 1][1]:
                break  # a doubled word is a name's, no title's: "Tun Tun Nyi", "Aye Aye"
            if core == "U" and k + 2 < len(words) and words[k + 1][1][:1].isupper():
                k += 1  # Myanmar's "U Aung Min" (data/honorifics.toml)
                continue
            if is_role_word(core) or not core[:1].isupper() or core.lower() in ("the", "former"):
                k += 1
                continue
            if k + 2 < len(words) and _person_title(core):
                k += 1  # "Teenager Kofi Boateng", "Veteran Jane Doe": what they are
                continue
            break
        return k

    k = past_titles(0)
    # "External Affairs spokesperson Syed Akbaruddin", "NRF leader Ahmad Massoud": all up
    # to a lower-case role word is the title (never the last word: "Julie Bishop"), and
    # the ranks after it ("Army spokesman Brigadier Ravi Perera")
    for n in range(len(words) - 2, k - 1, -1):
        w = words[n][1].strip("(),")
        if w[:1].islower() and is_role_word(w):
            k = past_titles(n + 1)
            break
        # "Lagos State Governor Babajide Sanwo-Olu": a capitalised role noun after the
        # place or body it belongs to, before a name of two words or more
        # ("Buol Regent Amran Batalipu": an office of the shipped data, not a given name)
        if n >= 1 and n <= len(words) - 3 and _office_word(w):
            k = n + 1
            break
    if k == 0:
        return "", text.strip(), len(text) - len(text.lstrip())
    start = words[k][0]
    titles = text[: words[k - 1][0] + len(words[k - 1][1])].strip()
    return titles, text[start:].strip(), start


def _office_word(word: str) -> bool:
    """A role noun, or an office or a rank of data/honorifics.toml that is no given name
    ("Regent", "Sergeant"; not "Justice", "Major")."""
    w = fold(word).rstrip(".")
    if word.isupper() and len(word) >= 2:
        return is_role_word(word)  # "Wildrose MLA X", "Wildrose M-L-A X"
    return w in ROLE_WORDS or ((w in OFFICE_TITLES or w in RANKS) and not is_given_name(word))


def _person_title(word: str) -> bool:
    """A person noun written before a name as a title ("Teenager", "Photographer"),
    which no given name is ("Major", "Prince" and "Guy" are)."""
    w = fold(word).rstrip(".")
    return w in PERSON_NOUNS and not is_given_name(word)


def strip_possessive(text: str) -> str:
    """``"Modi's"`` -> ``"Modi"``."""
    return _APOS.sub("", text.strip())


def acronym(name: str) -> str:
    """Initials of the capitalised words of a name of two or more words ("OPEC"); a
    short word in capitals gives all its letters ("US Secret Service": USSS)."""
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper() and w.lower() not in ("the",)]
    if len(words) < 2:
        return ""
    return "".join(
        letters if 2 <= len(letters := w.replace(".", "")) <= 3 and letters.isupper() else w[0]
        for w in words
    )


@lru_cache(maxsize=1 << 16)
def looks_like_org(name: str) -> bool:
    """A name with an organisation word in it ("Pakistan Foreign Office")."""
    return any(fold(w).strip(".") in ORG_WORDS for w in name.split())


def _skeleton(word: str) -> str:
    """A transliteration key: Mohammad, Muhammad, Mohammed -> the same."""
    w = fold(word)
    w = w.replace("ou", "u").replace("ph", "f").replace("kh", "k").replace("y", "i")
    w = re.sub(r"(?<=[^aeiou])h", "", w)
    w = re.sub(r"(.)\1+", r"\1", w)
    return w[:1] + re.sub(r"[aeiou]+", "a", w[1:])


def _edit1(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


@lru_cache(maxsize=1 << 16)
def given_name_variant(a: str, b: str) -> bool:
    """Spelling variants of one given name: equal, nickname, transliteration
    (Mohammad / Muhammad), one edit apart in names of five letters or more, two in
    names of eight or more (Zabihullah / Zaibullah)."""
    a, b = fold(a), fold(b)
    if _first_compatible(a, b):
        return True
    if len(a) < 4 or len(b) < 4:
        return False
    if _skeleton(a) == _skeleton(b) or (min(len(a), len(b)) >= 5 and _edit1(a, b)):
        return True
    return min(len(a), len(b)) >= 8 and _edits(a, b, 2) <= 2


def _edits(a: str, b: str, cap: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, counted up to ``cap + 1``."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, start=1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        if min(cur) > cap:
            return cap + 1
        prev = cur
    return prev[-1]


def name_words(name: str) -> list[str]:
    """The folded words of a name, hyphens kept, possessives and titles dropped."""
    return list(_name_words(name))


@lru_cache(maxsize=1 << 16)
def _name_words(name: str) -> tuple[str, ...]:
    _, core, _ = split_title(strip_possessive(name))
    return tuple(fold(w).rstrip(".") for w in re.findall(r"[\w'’.-]+", core) if fold(w).strip(".-"))


#: The Arabic article written joined to a surname, which a later mention may leave out.
_ARTICLE_PREFIXES = ("al-", "el-", "ul-")


@lru_cache(maxsize=1 << 16)
def mention_fits(short: str, full: str) -> str | None:
    """How a person mention ``short`` can name the person called ``full`` within one
    article: ``"same"``, ``"surname"``, ``"given"`` (first name alone), ``"variant"``
    (a spelling variant of the given name), ``"longer"`` (``short`` is fuller),
    ``"middle"`` (an inner word of a name of three or more, not a given name),
    ``"misspelt"`` (a surname alone, one letter off, which no other person may take), or
    None.

    >>> mention_fits("Al-Maliki", "Turki Al-Maliki")
    'surname'
    >>> mention_fits("Mr. Modi", "Narendra Modi")
    'surname'
    >>> mention_fits("Araji", "Qasim al-Araji")
    'surname'
    >>> mention_fits("Kumar", "Sinil Kumar G")
    'surname'
    """
    s, f = name_words(short), name_words(full)
    if not s or not f:
        return None
    if s == f:
        return "same"
    if len(s) == 1:
        w = s[0]
        if w == f[-1] or w == "-".join(f[-2:]) or (len(f) >= 2 and w == " ".join(f[-2:])):
            return "surname"
        core = list(f)
        while len(core) > 2 and len(core[-1]) == 1:
            core.pop()  # "Sinil Kumar G": an initial after the name (South Indian style)
        if len(core) < len(f) and w == core[-1]:
            return "surname"
        if len(f) >= 2 and any(f[-1] == p + w for p in _ARTICLE_PREFIXES):
            return "surname"  # "Araji" for "Qasim al-Araji": the article left out
        ps = parse_person(full)
        if ps is not None and w == ps.last.replace(" ", "-"):
            return "surname"
        if w == f[0] and len(f) >= 2 and f[0] not in NAME_PARTICLES:
            return "given"  # also the family name of a name written family-first (Kim)
        if len(f) >= 2 and len(w) >= 5 and _edit1(w, f[-1]) and not is_given_name(w):
            return "misspelt"  # "Water said" for "Kathryn Waters": a typo of the surname
        if len(f) >= 3 and w in f[1:-1] and w not in NAME_PARTICLES and not is_given_name(w):
            return "middle"  # "Watenga" for "Godfrey Watenga Nabutanyi": a family name inside
        return None
    a, b = parse_person(short), parse_person(full)
    if a is None or b is None:
        return None
    if a.key == b.key:
        return "same"
    if names_compatible(a, b):
        return "longer" if len(s) > len(f) else "same"
    if a.last == b.last and a.first and b.first and given_name_variant(a.first, b.first):
        return "variant"
    # "Syed Akbaruddin" / "Akbaruddin Syed" are not joined; "Kim Jong-un" / "Jong-un": no
    if len(s) < len(f) and f[-len(s) :] == s:
        return "surname"  # a double surname alone ("Ramos Horta", "bin Salman")
    # one person spelt or ordered two ways in one article: "Zara Gull", "Zara Wazir Gul",
    # "Zara Gul Wazir" (the same given name; every other word a transliteration of one)
    if len(s) <= len(f) and _skeleton(s[0]) == _skeleton(f[0]):
        rest = [_skeleton(w) for w in f[1:]]
        if all(_skeleton(w) in rest for w in s[1:]):
            return "variant"
    return None


#: Common variants of a few country and organisation names, as written (matched
#: case-sensitively in text, so "US" is not "us"); the first form is the display name.
#: A small table for the names news repeats most, not a gazetteer.
ALIAS_GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "United States",
        "US",
        "U.S.",
        "USA",
        "U.S.A.",
        "United States of America",
        "America",
        "the United States",
        "the US",
        "the U.S.",
    ),
    ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain", "the United Kingdom", "the UK"),
    ("United Nations", "UN", "U.N.", "the United Nations", "the UN", "the U.N."),
    ("European Union", "EU", "E.U.", "the European Union", "the EU"),
    ("United Arab Emirates", "UAE", "U.A.E.", "the UAE", "the United Arab Emirates"),
    ("Soviet Union", "USSR", "U.S.S.R.", "the Soviet Union"),
    ("NATO", "Nato", "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation"),
    ("North Korea", "DPRK", "Democratic People's Republic of Korea"),
    ("South Korea", "Republic of Korea", "ROK"),
    ("China", "PRC", "People's Republic of China"),
    ("Russia", "Russian Federation", "the Russian Federation"),
    ("International Monetary Fund", "IMF", "the IMF", "the International Monetary Fund"),
    ("Federal Bureau of Investigation", "FBI", "the FBI", "the Federal Bureau of Investigation"),
    ("Central Intelligence Agency", "CIA", "the CIA", "the Central Intelligence Agency"),
)


@lru_cache(maxsize=1 << 16)
def looks_like_name(name: str) -> bool:
    """A proper name has a capital letter and two letters or more ("n't", "'s" or "—"
    that a tagger typed as an entity have not)."""
    return any(c.isupper() for c in name) and sum(c.isalpha() for c in name) >= 2


@lru_cache(maxsize=1 << 16)
def alias_key(name: str) -> str:
    """A name folded for the alias table: case, dots, spaces and a leading "the" ignored
    ("U.S." and "US" -> ``us``, "the United States" -> ``unitedstates``)."""
    n = fold(strip_possessive(name))
    n = re.sub(r"^the\s+", "", n)
    return re.sub(r"[\s.'-]+", "", n)


_ALIAS: dict[str, tuple[str, ...]] = {
    alias_key(form): group for group in ALIAS_GROUPS for form in group
}


@lru_cache(maxsize=1 << 16)
def alias_name(name: str) -> str | None:
    """The display name of a country or organisation written in one of its common forms
    ("U.S." -> "United States"), or None when the name is not in the table."""
    group = _ALIAS.get(alias_key(name))
    return group[0] if group else None


def alias_forms(name: str) -> tuple[str, ...]:
    """Every form of the table's group of ``name`` as written (empty if not in the table)."""
    return _ALIAS.get(alias_key(name), ())
