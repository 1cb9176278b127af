"""Speaker resolution inside one article.

Clusters named mentions (full names, surnames, acronyms), attaches pronouns
and descriptions ("the jihadi figure", "the leader of the NRF") to the
entity they refer to, and collects roles and affiliations stated by
apposition ("Ismail Khan, a jihadi commander,"), pre-modifiers ("NRF leader
Ahmad Massoud") and "the leader of X".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..names import (
    ADJECTIVE_PERSON_NOUNS,
    HONORIFICS,
    LEARNED_PERSON_NOUNS,
    NAME_PARTICLES,
    NAMED_TYPES,
    ORG_NOUNS,
    ORG_WORDS,
    PERSON_NOUNS,
    POST_NOMINALS,
    PUBLICATION_WORDS,
    RANKS,
    ROLE_WORDS,
    TITLE_GENDER,
    acronym,
    fold,
    given_name_gender,
    holds_office,
    is_demonym_person,
    is_given_name,
    is_proper_name,
    is_role_word,
    is_title_noun,
    looks_like_org,
    mention_fits,
    name_problem,
    name_words,
    nationality,
    reads_as_clause,
    split_title,
    strip_post_nominals,
)
from .lexicon import (
    CUE_NOUNS,
    DOCUMENT_NOUNS,
    FURNITURE,
    ISSUED_NOUNS,
    PERSON_PRONOUNS,
    PERSON_VERBS,
    PORTFOLIO_WORDS,
    REPORTING_VERBS,
    UNNAMED_HEADS,
)
from .vectors import is_known_word

#: Words that put a role in the past ("the former chief minister" is not the one in office).
_FORMER = frozenset({"former", "ex", "erstwhile", "then"})
#: Organisation nouns that say what kind of body it is: "the union" is no company that
#: happened to speak last, though "the company" or "the giant" may be any organisation.
_BODY_KINDS = frozenset(
    "union ministry department court university army military church embassy consulate "
    "hospital school".split()
)
#: What a public body does, which its name need not say ("the antitrust regulator" is
#: the Fair Trade Commission).
_FUNCTION_NOUNS = frozenset("regulator watchdog".split())
#: A place's governing bodies, which "the government" names whoever else has spoken.
_GOVERNING_NOUNS = frozenset(
    "government administration authorities state parliament senate assembly presidency "
    "council municipality cabinet".split()
)
#: Descriptions of a public body, never of a company.
_PUBLIC_KINDS = _FUNCTION_NOUNS | frozenset("agency authority".split())
#: Words of the name of a public body, which no "company" or "airline" stands for.
_PUBLIC_BODY_WORDS = _BODY_KINDS | frozenset(
    "agency commission police guard navy force forces council government party committee "
    "authority office service bureau administration parliament senate congress assembly "
    "ministry regulator".split()
)
#: Nouns for a place ("the city said"): the place of that kind named last.
_PLACE_NOUNS = frozenset("city town village capital municipality country nation".split())
#: Words that end a body's name ("… Sheriff's Office", "… Health Department").
_BODY_WORDS = ORG_NOUNS | ORG_WORDS
#: Nouns of a place that "of" names ("the town of Vilvoorde", "the province of Kayseri").
_PLACE_KINDS = _PLACE_NOUNS | frozenset(
    "province state district county region island port borough suburb".split()
)
_AGE = re.compile(r"\b(\d{1,3})\s*-?\s*years?\s*-?\s*old\b", re.I)
_CALENDAR = frozenset(
    "january february march april may june july august september october november "
    "december monday tuesday wednesday thursday friday saturday sunday".split()
)


def first_name_gender(name: str) -> str | None:
    """``"m"``/``"f"`` from the first name of a name of two words or more, else None."""
    words = name_words(name)
    if len(words) < 2:
        return None
    return given_name_gender(words[0])


def _clean_name(span: Span) -> str:
    """An entity's name as written, without titles, a leading "the" or a possessive."""
    m = name_mention(span)
    return m.name if m is not None else span.text


_PAIRED = {"pro", "anti", "non", "ex", "post", "pre"}


_NOUN_GENDER = {
    "man": "m",
    "actor": "m",
    "spokesman": "m",
    "chairman": "m",
    "king": "m",
    "prince": "m",
    "father": "m",
    "son": "m",
    "husband": "m",
    "brother": "m",
    "boy": "m",
    "guy": "m",
    "congressman": "m",
    "councilman": "m",
    "gentleman": "m",
    "woman": "f",
    "actress": "f",
    "spokeswoman": "f",
    "chairwoman": "f",
    "queen": "f",
    "princess": "f",
    "mother": "f",
    "daughter": "f",
    "wife": "f",
    "sister": "f",
    "girl": "f",
    "lady": "f",
    "congresswoman": "f",
    "councilwoman": "f",
    "widow": "f",
}
#: Verbs a title-case headline glues to the name before them ("Al-Shabab Claims").
_HEADLINE_VERBS = frozenset(
    "says said claims claimed denies denied blames blamed warns urges admits accuses "
    "vows insists rejects slams calls defends demands dismisses threatens tells asks".split()
)
#: Words that make another role of a role noun ("deputy mayor", "former minister").
_RANKS = frozenset("deputy vice assistant former acting interim associate junior ex".split())
#: Rank words of one who holds the office itself ("Acting Minister" is the minister).
_HOLDING = frozenset({"acting", "interim"})
#: Prepositions after which a one-word name is a place ("in Multan").
_LOCATIVE = frozenset({"in", "at", "near", "across", "throughout", "outside", "inside"})
#: Entity labels of spaCy under which a speaking proper noun is an unknown organisation
#: or person ("the Sydney Morning Herald" as a WORK_OF_ART).
_UNTYPED = frozenset({"", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT", "LAW", "LOC"})
#: Verbs of putting out a statement or document ("the statement issued by X"), whose
#: agent is its author (not "emails combed through by Vox").
_ISSUING = frozenset(
    "issue release sign write publish post send file author make deliver give "
    "circulate distribute submit pen draft prepare".split()
)
#: Words of a time that a tagged source may run into ("X today said").
_WHEN = frozenset("today yesterday tonight now earlier later also".split())
#: Prepositions by which a verb's speaker used a document ("said in a statement").
_THROUGH = frozenset({"in", "through", "via"})
#: Entity types of nouns that are nobody: "on Monday, who said …" is about a person
_NO_ONE = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "EVENT"})
#: Person nouns that stand for whoever is being talked about ("the Hull City man").
_GENERIC_PERSON = frozenset(
    """man woman boy girl guy lady gentleman actor actress star veteran international
    youngster teenager player forward striker winger midfielder defender goalkeeper
    singer writer author politician""".split()
)


#: Nouns for a business, which "the company said" may stand for whatever its name.
_COMPANY_NOUNS = frozenset(
    "company firm group giant drugmaker carmaker automaker chipmaker maker retailer lender "
    "insurer conglomerate miner airline carrier operator manufacturer producer".split()
)
#: Wire agencies, which report and are never "the company".
_AGENCIES = frozenset(
    "reuters ap afp bloomberg xinhua tass interfax bernama antara ani pti ians efe ansa dpa "
    "kyodo yonhap anadolu wam spa qna mena irna".split()
)


def _named_before(c: Cluster, at: int) -> int:
    """The start of ``c``'s last mention before character ``at``, also one used as a
    modifier ("Flair Airlines passengers"), which :meth:`ArticleEntities._order`
    leaves out; -1 when none."""
    return max((s for s, _ in c.mentions if s < at), default=-1)


def _held_now(roles: Sequence[str]) -> list[str]:
    """The roles that are no former office ("former Prime Minister" is not held now)."""
    return [r for r in roles if not {fold(w) for w in r.split()} & _FORMER]


def _public_body(c: Cluster) -> bool:
    """A public body by its name ("Coast Guard", "Health Ministry")."""
    return bool(set(_org_key(c.name)) & _PUBLIC_BODY_WORDS)


#: What a news outlet is, written after its name ("Kathimerini newspaper"); not a
#: person's ("the Obama administration" is no organisation named Obama).
_MEDIA_KINDS = frozenset(
    "newspaper paper daily agency broadcaster channel station magazine website network "
    "outlet publication tabloid weekly".split()
)


def _body(c: Cluster) -> bool:
    """An unnamed body, described by what it is ("Egypt's cabinet", "the Jazan health
    department"), not a document or a person."""
    words = name_words(c.name)
    return c.type == "UNNAMED" and bool(words) and words[-1] in ORG_NOUNS | _GOVERNING_NOUNS


def _is_outlet(c: Cluster) -> bool:
    """A news outlet or agency by its name ("Reuters", "The Times", "Mail")."""
    words = _org_key(c.name)
    return bool(words) and (words[-1] in PUBLICATION_WORDS or words[-1] in _AGENCIES)


_POSSESSIVE = re.compile(r"['’]s$")


#: Last words of the name of a law, which no description of a body stands for.
_LAW_WORDS = frozenset(
    "act regulation regulations directive law bill treaty convention code constitution "
    "amendment accord charter".split()
)


def _is_law(name: str) -> bool:
    """A law's name ("General Data Protection Regulation", "Forest Rights Act")."""
    words = name_words(name)
    return len(words) >= 2 and words[-1] in _LAW_WORDS


@lru_cache(maxsize=1 << 14)
def _org_key(name: str) -> tuple[str, ...]:
    """An organisation's or place's name as its folded words, without a leading "the"
    or a possessive."""
    words = [fold(w) for w in re.findall(r"[\w'’&.-]+", name.removesuffix("'s"))]
    # "Sheriff’s Office": the office holder's word without its possessive
    words = [_POSSESSIVE.sub("", w.strip(".")) for w in words if w.strip(".")]
    return tuple(words[1:] if words[:1] == ["the"] else words)


def _org_words(name: str) -> set[str]:
    """The words of :func:`_org_key` as a set ("National Bank of Romania": national,
    bank, of, romania; :func:`name_words` reads person names)."""
    return set(_org_key(name))


#: Words that name a kind of body in its names: a union is often an "Association", a
#: hospital a "Health Sciences Centre" or "Infirmary", a university a "College".
_KIND_NAMES = {
    "union": frozenset("union association federation guild confederation congress".split()),
    "hospital": frozenset("hospital infirmary clinic health".split()),
    "university": frozenset("university college institute polytechnic".split()),
    "army": frozenset("army forces force".split()),
    "court": frozenset("court tribunal".split()),
    "airline": frozenset("airways".split()),
}


def _named_kind(noun: str, name: str) -> bool:
    """Whether an organisation's ``name`` holds the description's head ``noun`` ("the
    bank": National Bank of Romania) or a word its kind of body is named by ("the
    union": Ontario Nurses Association)."""
    words = _org_words(name)
    kinds = {noun, f"{noun}s"} | _KIND_NAMES.get(noun, frozenset())  # "Kestrel Airlines"
    return bool(words & kinds)


def _overlap(mods: set[str], words: set[str]) -> int:
    """How many of ``mods`` a set of words holds, a demonym counted for its country
    ("Oman" in "Omani Foreign Minister", "Saudi" in "Saudi Arabia")."""
    countries = _countries(words)
    return sum(
        1
        for m in mods
        if m in words
        or (len(m) >= 4 and any(w.startswith(m) for w in words))
        or nationality(m) in countries
    )


def _countries(words: set[str]) -> set[str]:
    """The countries some of ``words`` name or describe ("omani", "us", "spaniard")."""
    return {c for w in words if (c := nationality(w)) is not None}


def _own_countries(c: Cluster) -> set[str]:
    """The countries a person's roles and affiliations name ("Sixth seed X of China")."""
    return _countries({fold(w) for r in (*c.roles, *c.affiliations) for w in r.split()})


def _of_another_country(told: set[str], c: Cluster) -> bool:
    """Whether the countries a description names (``told``, :func:`_countries` of its
    words: "Poland's top diplomat", "the Indian minister") are none of those a person's
    stated roles and affiliations name."""
    own = _own_countries(c) if told else set()
    return bool(told and own and not told & own)


def _person_noun(tok: Token) -> bool:
    """A noun for a person: a role or person word ("minister", "woman") or one person of
    a country ("the Spaniard"; not "The Australian" typed as an organisation)."""
    return (
        fold(tok.lemma_) in PERSON_NOUNS
        or fold(tok.text) in PERSON_NOUNS
        # a noun learned to be a person's, written in lower case ("the cricketer")
        or (tok.is_lower and fold(tok.lemma_) in LEARNED_PERSON_NOUNS)
        or (
            is_demonym_person(tok.text)
            # "The Australian" (a newspaper) opens a name; "the Dutchman" describes a man
            and (tok.ent_type_ != "ORG" or (tok.i > 0 and tok.doc[tok.i - 1].text == "the"))
        )
    )


@dataclass(slots=True)
class NameMention:
    """A name in the text: ``start``/``end`` tokens and characters of the name itself
    (titles cut, kept in ``titles``), its type and its text as written."""

    start: int
    end: int
    start_char: int
    end_char: int
    name: str
    type: str
    titles: str
    ent: Span


def _title_before(tok: Token) -> bool:
    """A capitalised title or honorific just before a name ("Dr.", "Captain",
    "Mrs."), not a role noun of the sentence ("the Minister X")."""
    return tok.text[:1].isupper() and fold(tok.text).rstrip(".") in HONORIFICS


def _title_head(role: str) -> str:
    """The last word of a title or role, folded ("Crown Prince" -> "prince")."""
    words = role.split()
    return fold(words[-1]).rstrip(".") if words else ""


def _of_a_name(sp: Span, head: Token) -> int | None:
    """The last token of a proper name in an "of" phrase right after a body's noun,
    inside the span ("Government" + "of Sri Lanka", "Bank" + "of England"), else None."""
    doc = sp.doc
    of = doc[head.i + 1] if head.i + 1 < sp.end else None
    if of is None or of.lower_ != "of" or of.head.i != head.i:
        return None
    words = [t for t in of.subtree if t.i > of.i]
    if (
        not words
        or words[-1].i >= sp.end
        or words[-1].i - of.i != len(words)
        or words[-1].pos_ != "PROPN"
        or not all(
            t.pos_ == "PROPN" and t.text[:1].isupper() or t.lower_ in ("the", "and", "&")
            for t in words
        )
    ):
        return None
    return words[-1].i


#: Nouns of a news outlet's kind, which its name may come before ("the X website")
_OUTLET_NOUNS = frozenset(
    "website site newspaper paper daily tabloid weekly channel broadcaster station network "
    "magazine agency radio television portal outlet".split()
)

#: verbs of speaking that go on from what the same speaker said before
_GOING_ON = frozenset({"add", "continue", "reiterate", "repeat"})
#: verbs of speaking that say nothing by themselves ("X, speaking to Reuters, …")
_SPEAKING = frozenset({"speak", "talk"})

#: prepositions of a statement's setting ("said at a ceremony", "told reporters during
#: a visit")
_SETTING_PREPS = frozenset({"at", "during", "in", "on", "after", "before"})


def _glued(doc: Doc, i: int) -> bool:
    """Token ``i`` is joined to token ``i + 1`` without a space."""
    return 0 <= i < len(doc) - 1 and not doc[i].whitespace_


#: Name words written with a full stop of their own ("Inc.", "Jr.").
_ABBREVIATED = frozenset("inc corp ltd bros jr sr snr jnr esq plc llc co st".split())


#: dashes that, with a space before them, end a name
_NAME_BREAKS = frozenset({"-", "–", "—", "―", "--"})


def name_mention(ent: Span) -> NameMention | None:
    """The name an entity span holds: hyphenated parts joined ("Al-" + "Maliki",
    "Kim Jong" + "-un"), titles and role words cut ("Col.", "spokesperson"), a
    lower-case "the" and a possessive dropped; None for a name in "pro-Beijing"."""
    doc = ent.doc
    s, e = ent.start, ent.end
    if s >= 2 and doc[s - 1].text == "-" and _glued(doc, s - 2) and _glued(doc, s - 1):
        if doc[s - 2].lower_ in _PAIRED:
            return None
        if doc[s - 2].text[:1].isupper() or fold(doc[s - 2].text) in ("al", "el", "bin"):
            s -= 2
    while (
        e + 1 < len(doc)
        and doc[e].is_lower
        and fold(doc[e].text) in NAME_PARTICLES
        and doc[e + 1].pos_ == "PROPN"
        and doc[e + 1].text[:1].isupper()
        and ent.label_ == "PERSON"
    ):
        e += 2  # "Erik" + "ten Hag": a particle and the surname the NER left out
    while (
        e + 2 < len(doc)
        and ent.label_ == "PERSON"
        and doc[e].is_lower
        and fold(doc[e].text) in NAME_PARTICLES
        and doc[e + 1].text == "-"
        and _glued(doc, e)
        and _glued(doc, e + 1)
        and doc[e + 2].text[:1].isupper()
    ):
        e += 3  # "Omar Hassan" + "el-Badri", left out whole
    if (
        e + 2 < len(doc)
        and ent.label_ == "PERSON"
        and not doc[e].ent_type_
        and doc[e].pos_ == "PROPN"
        and doc[e].is_title
        and doc[e + 1].text == "-"
        and _glued(doc, e)
        and _glued(doc, e + 1)
        and doc[e + 2].is_alpha
        and (doc[e + 2].is_title or doc[e + 2].is_lower)
    ):
        # "Tamara" + "Walsh-Pemberton", "Kim" + "Tae-hoon": a double surname or a
        # hyphenated given name the NER left out
        e += 3
    while e + 1 < len(doc) and doc[e].text == "-" and _glued(doc, e - 1) and _glued(doc, e):
        if not doc[e + 1].is_alpha:
            break
        e += 2
    # a dash with a space before it ends a name ("Owen Coyle - We gave …")
    e = next(
        (k for k in range(s + 1, e) if doc[k].text in _NAME_BREAKS and not _glued(doc, k - 1)), e
    )
    while e > s and (doc[e - 1].tag_ == "POS" or doc[e - 1].is_punct and doc[e - 1].text != "."):
        e -= 1
    while e - s > 1 and (
        doc[e - 1].lower_ in _HEADLINE_VERBS
        # a caption's label: "student Ahmed Mohamed Image: Twitter"
        or (doc[e - 1].lower_ in FURNITURE and e < len(doc) and doc[e].text == ":")
    ):
        e -= 1  # a headline's verb in title case: "Al-Shabab Claims …", "Minister Says"
    while e - s > 1 and doc[s].lower_ in _HEADLINE_VERBS and doc[s].text[:1].isupper():
        s += 1  # … or before it: "Pompeo Blames Iran for …" read as one name
    e = next(
        (k for k in range(s + 1, e) if doc[k].lower_ in _HEADLINE_VERBS and doc[k].is_title), e
    )  # … or inside it: "Kindiki Denies Bias"
    while (
        e - s > 1
        and ent.label_ == "PERSON"
        and doc[e - 1].is_lower
        and doc[e - 1].is_alpha
        and doc[e - 2].text != "-"
    ):
        e -= 1  # "Lemke of (the Süddeutsche Zeitung)": no person's name ends in a small word
    cut = e
    while cut - s > 1 and ent.label_ in ("ORG", "NORP") and doc[cut - 1].is_lower:
        cut -= 1  # "Yonhap news agency", "Xinhua news": what it is, after its name
    if (
        cut < e
        and nationality(fold(" ".join(t.text for t in doc[s:cut] if t.pos_ != "DET"))) is None
    ):
        e = cut  # (but "Palestinian health ministry" is a body named by its country)
    if e <= s:
        return None
    publication = ent.label_ == "ORG" and fold(doc[e - 1].text) in PUBLICATION_WORDS
    if publication and s > 0 and doc[s - 1].text == "The":
        s -= 1  # "The Hill", whose "The" the NER left out
    if (
        ent.label_ == "PERSON"
        and s > 0
        and doc[s - 1].tag_ == "NNP"
        and doc[s - 1].is_title
        and doc[s - 1].whitespace_ == " "
        and not doc[s - 1].ent_type_
        and not is_role_word(doc[s - 1].text)
        and e - s >= 2
        and (
            (is_given_name(doc[s - 1].text) and is_given_name(doc[s].text))
            # "Sinil" + "Kumar G": a word of no English vocabulary before a name
            or (doc[s - 1].is_alpha and not is_known_word(doc[s - 1].text))
        )
    ):
        s -= 1  # "Ole" + "Gunnar Solskjaer": a first of two given names the NER left out
    sc = doc[s].idx
    raw = doc[s:e].text.rstrip()  # not doc.text, which joins every token of the document
    if ent.label_ == "PERSON":
        titles, core, off = split_title(raw)
        inner = _TITLE_AFTER_NAME.fullmatch(titles)
        if inner and not is_role_word(inner.group(1).split()[-1]):
            # "Tuilaepa Dr. Sa'ilele …": a name around a title (the titles before it kept)
            titles, _, off = split_title(inner.group(1))
            core = raw[off:].strip()
    else:
        lead = re.match(r"(?:[a-z][\w’'.-]*\s+)*", raw)
        off = lead.end() if lead and lead.end() < len(raw) else 0
        titles, core = raw[:off].strip(), raw[off:].strip()
    # "The" inside a sentence: an organisation's kind after it ("The National Data
    # Protection Commission") is no title's ("The Hill", "The Who")
    body = ent.label_ == "ORG" and len(raw.split()) >= 3 and looks_like_org(raw[4:])
    if raw[:4] == "the " or (
        raw[:4] == "The " and (_sentence_initial(doc, s) or body) and not publication
    ):
        if not titles:
            titles, core, off = "", raw[4:].strip(), 4
        else:
            titles = titles[4:]
    owner = _COUNTRY_OWNER.match(core) if ent.label_ != "PERSON" else None
    if (
        owner
        and nationality(owner.group(1)) is not None
        # "Russia's Foreign Ministry": a body named by its kind is its country's
        and not _named_by_kind(core[owner.end() :])
    ):
        titles = f"{titles} {owner.group(0)}".strip()  # "Kenya's Safaricom": Safaricom
        off += owner.end()
        core = core[owner.end() :]
    if core.count("(") > core.count(")"):  # "World Health Organization (WHO": the name
        cut = core.rfind(" (")
        core = core[:cut].rstrip() if cut > 0 else core
    last = core.split()[-1] if core.split() else ""
    if last.endswith(".") and len(last) > 3 and fold(last[:-1]) not in _ABBREVIATED:
        core = core[:-1]  # a sentence's full stop glued to the name: "… said Sushmita Dev."
    if not core or not any(ch.isalpha() for ch in core) or not is_proper_name(core):
        return None  # titles or role words alone ("Officer", "the Foreign Minister")
    if reads_as_clause(core):
        return None  # a title-case headline: "… Chief Found Out That These Two People …"
    cw = core.split()
    if (
        ent.label_ != "PERSON"
        and len(cw) >= 2
        and (
            (
                fold(cw[-1]).rstrip(".") in PERSON_NOUNS
                and not {"of", "for", "the"} & {fold(w) for w in cw}
                # "Amnesty International": the kind of body, not a role
                and (
                    fold(cw[-1]).rstrip(".") not in ADJECTIVE_PERSON_NOUNS
                    or fold(cw[-2]) in PERSON_NOUNS
                )
            )
            or (cw[-1].isupper() and is_role_word(cw[-1]))
            # "Spokesperson of Ministry", "Commissioner for Information"
            or (fold(cw[0]) in PERSON_NOUNS and fold(cw[1]) in ("of", "for"))
        )
    ):
        return None  # "Former White House Doctor", "Chhattisgarh CM": a role, no body's name
    sc += off
    while s < e and doc[s].idx + len(doc[s].text) <= sc:
        s += 1
    type_ = ent.label_
    words = core.split()
    if (
        type_ == "PERSON"
        and len(words) == 1
        and (doc[e - 1].tag_ == "NNPS" or (s > 0 and doc[s - 1].lower_ == "the"))
    ):
        type_ = "NORP"  # "Houthis", "Taliban fighters": a group, not a person
    elif type_ == "PERSON" and (
        looks_like_org(core)
        # "the company Blackberry", not "veteran broadcaster Jane Doe"
        or (_named_by_org_noun(doc, s) and not is_given_name(core.split()[0]))
        # "An Garda Síochána", "The Hollywood Reporter": a person's name takes no article
        or (len(words) >= 2 and doc[s].tag_ == "DT" and not is_given_name(words[0]))
    ):
        type_ = "ORG"
    elif type_ in ("ORG", "GPE") and strip_post_nominals(core) != core:
        type_ = "PERSON"  # "K.A. Osei-Mensah S.C.": letters only a person writes after a name
    elif type_ in ("ORG", "GPE") and _person_like(ent, core):
        type_ = "PERSON"
        more, core, cut = split_title(core)  # "Coach Ivo Varga" read as an organisation
        if more:
            titles = f"{titles} {more}".strip()
            sc += cut
            while s < e and doc[s].idx + len(doc[s].text) <= sc:
                s += 1
    if type_ == "ORG" and all(fold(w) in _BODY_KINDS for w in words if fold(w) != "the"):
        return None  # "the Ministry", capitalised: a kind of body, resolved as a description
    # the name without a quoted nickname ("Earvin “Magic” Johnson": Earvin Johnson) or
    # the letters after it ("Anil Nandlall SC")
    shown = strip_post_nominals(_NICKNAME.sub(" ", core)) if type_ == "PERSON" else core
    if type_ == "PERSON":
        # "Tuilaepa Dr. Sa'ilele Malielegaoi": a title inside a name is no part of it
        shown = _INNER_TITLE.sub(" ", shown)
    return NameMention(s, e, sc, sc + len(core), shown, type_, titles, ent)


#: Abbreviated titles a name may hold inside it ("Tuilaepa Dr. Sa'ilele Malielegaoi").
_INNER_TITLES = frozenset({"Dr.", "Mr.", "Mrs.", "Ms.", "Prof."})
_INNER_TITLE_WORDS = "|".join(re.escape(t) for t in sorted(_INNER_TITLES))
#: Titles that end with such a title after a word that is none ("Tuilaepa Dr.").
_TITLE_AFTER_NAME = re.compile(rf"(.*[A-Za-z]) +(?:{_INNER_TITLE_WORDS})")
#: Such a title between two words of a name.
_INNER_TITLE = re.compile(rf"(?<=\S) +(?:{_INNER_TITLE_WORDS}) +(?=\S)")
#: A country's possessive before an organisation's name ("Kenya’s Safaricom").
_COUNTRY_OWNER = re.compile(r"([A-Z][\w.]*(?: [A-Z][\w.]*)?)[’']s +(?=[A-Z0-9])")


def _named_by_kind(name: str) -> bool:
    """A body named by what it is, in words of English ending in a kind of body
    ("Foreign Ministry", "Central Bank"), not a brand ("Toyota")."""
    words = [w for w in name.split() if w.lower() != "the"]
    return (
        bool(words)
        and fold(words[-1]) in ORG_WORDS
        and all(w.isalpha() and is_known_word(w.lower()) for w in words)
    )


_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _joined_names(doc: Doc) -> list[Span]:
    """The NER's entities, with a name of the form "… of A and B" that the NER cut
    at "and" joined again ("the International Federation of Red Cross" + "Red
    Crescent Societies"), when the parse links the two halves into one phrase."""
    ents = list(doc.ents)
    out: list[Span] = []
    k = 0
    while k < len(ents):
        a = ents[k]
        b = ents[k + 1] if k + 1 < len(ents) else None
        if (
            b is not None
            and a.label_ == b.label_ == "ORG"
            and b.start == a.end + 1
            and doc[a.end].lower_ in ("and", "&")
            and any(t.lower_ == "of" for t in a)
            and (
                a.root.head.i == b.root.i
                or (b.root.dep_ == "conj" and b.root.head.dep_ == "pobj" and b.root.head in a)
                or (doc[a.end].head in a and b.root.head in a)
            )
        ):
            out.append(Span(doc, a.start, b.end, label="ORG"))
            k += 2
            continue
        if (
            b is not None
            and b.label_ == "PERSON"
            and len(b) == 1
            and b.start == a.end
            and a.label_ in ("FAC", "ORG", "GPE", "LOC", "PRODUCT")
            and not looks_like_org(a.text)
            and all(t.pos_ == "PROPN" and t.is_title for t in [*a, *b])
            and is_given_name(a[0].text)
        ):
            # "Khurram Dastgir" (a building, say) + "Khan": one person the NER cut in two
            out.append(Span(doc, a.start, b.end, label="PERSON"))
            k += 2
            continue
        if (
            b is not None
            and a.label_ == "PERSON"
            and len(b) == 1
            and b.start == a.end
            and b.label_ in ("GPE", "LOC", "ORG")
            and all(t.pos_ == "PROPN" and t.is_title and t.is_alpha for t in [*a, *b])
            and a[-1].dep_ == "compound"
            and a[-1].head.i == b.start
        ):
            # "Anil Kumar" + "Shahi" (a place): a surname the NER cut off as a place,
            # which the parse makes the head of the name
            out.append(Span(doc, a.start, b.end, label="PERSON"))
            k += 2
            continue
        if (
            a.label_ == "PERSON"
            and a.start >= 2
            and doc[a.start - 1].text in _INNER_TITLES
            and doc[a.start - 2].pos_ == "PROPN"
            and doc[a.start - 2].text[:1].isupper()
            and not doc[a.start - 2].ent_type_
            and not is_role_word(doc[a.start - 2].text)
            and (not out or out[-1].end <= a.start - 2)
        ):
            # "Tuilaepa Dr." + "Sa'ilele Malielegaoi": the NER left out the name's first
            # part, before a title inside it
            out.append(Span(doc, a.start - 2, a.end, label="PERSON"))
            k += 1
            continue
        if a.label_ == "PERSON" and len(a) >= 2 and a[-1].text in _INNER_TITLES:
            # "Tuilaepa Dr." + "Sa'ilele Malielegaoi": the NER cut a name at a title
            end = a.end
            while (
                end < len(doc)
                and end - a.end < 3
                and doc[end].pos_ == "PROPN"
                and doc[end].text[:1].isupper()
                and not doc[end].ent_type_
            ):
                end += 1
            if b is not None and b.start == end == a.end and b.label_ == "PERSON":
                end, k = b.end, k + 1
            if end > a.end:
                out.append(Span(doc, a.start, end, label="PERSON"))
                k += 1
                continue
        if (
            b is not None
            and a.label_ == "PERSON"
            and b.label_ in ("PERSON", "ORG", "GPE")
            and b.start == a.end
            and fold(b[0].text) in NAME_PARTICLES
            and (b.label_ == "PERSON" or b[0].is_lower)
            and len(b) >= 2
        ):
            # "Prince Abdulaziz" + "bin Salman": the NER cut a name at its particle
            out.append(Span(doc, a.start, b.end, label="PERSON"))
            k += 2
            continue
        if (
            b is not None
            and b.start == a.end
            and len(a) == len(b) == 1
            and a.label_ in ("PERSON", "GPE", "ORG")
            and b.label_ in ("PERSON", "GPE", "ORG")
            and a[0].is_title
            and b[0].is_title
            and _described_as_person(b.root)
        ):
            # "Valeska" + "Paris, an Australian woman": one person's name, cut in two
            out.append(Span(doc, a.start, b.end, label="PERSON"))
            k += 2
            continue
        if (
            b is not None
            and a.label_ == "ORG"
            and b.label_ == "GPE"
            and b.start == a.end + 1
            and doc[a.end].lower_ == "of"
        ):
            out.append(Span(doc, a.start, b.end, label="ORG"))  # "Islamic State" of "Iraq"
            k += 2
            continue
        if (
            b is not None
            and a.label_ == "PERSON"
            and b.start == a.end
            and len(b) == 1
            and b.text.replace(".", "").lower() in POST_NOMINALS
        ):
            # "Anil Nandlall" + "SC": the letters after a name are the person's
            out.append(Span(doc, a.start, b.end, label="PERSON"))
            k += 2
            continue
        if (
            b is not None
            and a.label_ == "ORG"
            and b.label_ == "DATE"
            and b.start == a.end + 1
            and len(b) == 1
            and doc[a.end].lower_ == "on"
            and fold(b.text) in _WEEKDAYS
            and b.end < len(doc)
            and (doc[b.end].pos_ in ("NOUN", "PROPN") or doc[b.end].tag_ == "POS")
        ):
            # "the Mail" + "on" + "Sunday" + "report": a paper named for its day (no time
            # is followed by a noun)
            out.append(Span(doc, a.start, b.end, label="ORG"))
            k += 2
            continue
        if (
            b is not None
            and a.label_ == "GPE"
            and b.label_ == "ORG"
            and b.start == a.end + 1
            and doc[a.end].tag_ == "POS"
            and _named_by_kind(b.text)
        ):
            # "Russia" + "'s" + "Foreign Ministry": a body named by its kind is its
            # country's (not the "Ukrainian Foreign Ministry" of the same article)
            out.append(Span(doc, a.start, b.end, label="ORG"))
            k += 2
            continue
        if (
            a.label_ in ("ORG", "GPE")
            and a.end < len(doc)
            and (b is None or b.start > a.end)
            and doc[a.end].is_title
            and not doc[a.end].ent_type_
            and fold(doc[a.end].text) in ORG_WORDS
        ):
            # "Washington State" + "Patrol": the NER cut a body's name before its kind
            out.append(Span(doc, a.start, a.end + 1, label="ORG"))
            k += 1
            continue
        if _calendar_named(a):
            # "the publicist, Sunday Adeyemi, said": a day or month as a given name
            out.append(Span(doc, a.start, a.end, label="PERSON"))
            k += 1
            continue
        if (
            b is not None
            and b.start == a.end
            and len(a) == 1
            and len(b) <= 2
            and b.label_ in ("PERSON", "ORG", "GPE")
            and _calendar_named(Span(doc, a.start, b.end, label="DATE"))
        ):
            # … or the NER's date "Sunday" and a name "Okoro" after it
            out.append(Span(doc, a.start, b.end, label="PERSON"))
            k += 2
            continue
        if (
            b is not None
            and a.label_ == b.label_ == "PERSON"
            and b.start == a.end
            and "\n" not in doc[a.end - 1].whitespace_
            and all(t.is_title and t.pos_ == "PROPN" for t in b)
            # (a given name before the cut, no title inside: not "Mother Lode
            # Assemblyman" + "Frank Bigelow")
            and is_given_name(a[-1].text)
            and not any(is_role_word(t.text) for t in [*a[1:], *b])
        ):
            # "Dr Suhail" + "Mohamed Kazim": one person's name the NER cut in two
            out.append(Span(doc, a.start, b.end, label="PERSON"))
            k += 2
            continue
        out.append(a)
        k += 1
    return _nicknamed(
        doc,
        _spelled_out(
            doc,
            _particle_names(doc, _in_full(doc, _completed_persons(doc, _completed_orgs(doc, out)))),
        ),
    )


def _in_full(doc: Doc, ents: list[Span]) -> list[Span]:
    """A surname the NER typed as a person ("Mr Shelley said") is that person's full
    name where the article writes it after a given name the NER left untyped ("Morgan
    Shelley BL was completing his arguments"; "Cape Town - Morgan Shelley's first game",
    where the NER typed the surname there too but left the given name out)."""
    surnames = {e.text for e in ents if e.label_ == "PERSON" and len(e) == 1 and e[0].is_title}
    if not surnames:
        return ents
    typed = {i for e in ents for i in range(e.start, e.end)}
    alone = {e.start: e for e in ents if e.label_ == "PERSON" and len(e) == 1}
    full = {
        t.i
        for t in doc[1:]
        if t.text in surnames
        and (t.i not in typed or t.i in alone)
        and t.i - 1 not in typed
        and doc[t.i - 1].is_title
        and doc[t.i - 1].pos_ == "PROPN"
        and is_given_name(doc[t.i - 1].text)
        and (t.i < 2 or doc[t.i - 2].pos_ != "PROPN" or is_role_word(doc[t.i - 2].text))
    }
    if not full:
        return ents
    kept = [e for e in ents if not (e.start in full and alone.get(e.start) is e)]
    added = [Span(doc, i - 1, i + 1, label="PERSON") for i in full]
    return sorted([*kept, *added], key=lambda e: e.start)


def _completed_persons(doc: Doc, ents: list[Span]) -> list[Span]:
    """A person's name the NER cut before its last word, a rare word the parse makes
    the head of the name ("Aspirant Jane" + "Doe", "Jane" a compound of "Doe"): the
    name runs on to it."""
    starts = {e.start for e in ents}
    out = []
    for e in ents:
        j = e.end
        if (
            e.label_ == "PERSON"
            and j < len(doc)
            and j not in starts
            and not doc[j].ent_type_
            and doc[j].pos_ == "PROPN"
            and doc[j].is_title
            and doc[j].is_alpha
            and not is_role_word(doc[j].text)
            # a rare word, not a title-case headline's ("Jane Doe Hammers Bank")
            and not is_known_word(doc[j].text)
            and doc[j - 1].dep_ == "compound"
            and doc[j - 1].head.i == j
            and doc[j - 1].whitespace_ != ""
        ):
            e = Span(doc, e.start, j + 1, label="PERSON")
        out.append(e)
    return out


def _completed_orgs(doc: Doc, ents: list[Span]) -> list[Span]:
    """An organisation's name that the word before it completes to one the article
    names in full: "Western" + "Digital" where "Western Digital" is named elsewhere."""
    full = {e.text for e in ents if e.label_ == "ORG" and len(e) >= 2}
    if not full:
        return ents
    out = []
    for e in ents:
        if e.label_ == "ORG" and e.start > 0:
            before = doc[e.start - 1]
            if (
                not before.ent_type_
                and before.is_title
                and f"{before.text_with_ws}{e.text}" in full
            ):
                e = Span(doc, e.start - 1, e.end, label="ORG")
        out.append(e)
    return out


def _particle_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """A given name, a surname particle and a capitalised word are one person, however
    the NER typed or cut them ("Meta de Hoon" as an organisation, "Remco" + "van der"
    + "Burg" as a group and a person)."""
    found: list[Span] = []
    i = 0
    while i < len(doc) - 2:
        t = doc[i]
        j = i + 1
        while j < len(doc) and doc[j].is_lower and fold(doc[j].text) in NAME_PARTICLES:
            j += 1
        if (
            j > i + 1
            and j < len(doc)
            and t.is_title
            and t.is_alpha
            and doc[j].is_title
            and is_given_name(t.text)
            and not is_role_word(t.text)
        ):
            k = j + 1
            while k < len(doc) and k - j < 2 and doc[k].is_title and doc[k].pos_ == "PROPN":
                k += 1
            if not looks_like_org(doc[i:k].text):
                found.append(Span(doc, i, k, label="PERSON"))
                i = k
                continue
        i += 1
    # a person's name the NER already holds whole stays as it is
    found = [
        f
        for f in found
        if not any(e.label_ == "PERSON" and e.start <= f.start and f.end <= e.end for e in ents)
    ]
    if not found:
        return ents
    kept = [e for e in ents if not any(e.start < f.end and f.start < e.end for f in found)]
    return sorted(kept + found, key=lambda e: e.start)


_OPEN_MARKS = frozenset("‘“\"'")
_CLOSE_MARKS = frozenset("’”\"'")
#: A nickname in quotation marks inside a name: "Earvin “Magic” Johnson".
_NICKNAME = re.compile(r"\s+[‘“\"'][^‘’“”\"']{1,24}[’”\"']\s+")


def _nicknamed(doc: Doc, ents: list[Span]) -> list[Span]:
    """A name with a nickname in quotation marks, which the NER cuts at the marks
    ("Superintendent Cornwall ‘Bigga’ Ford": "Cornwall ‘" and "Ford"), is one person:
    the given name, the quoted nickname and the capitalised surname after it."""
    added: list[Span] = []
    for a in ents:
        if a.label_ != "PERSON":
            continue
        k = a.end - 1 if doc[a.end - 1].text in _OPEN_MARKS else a.end
        if k >= len(doc) or doc[k].text not in _OPEN_MARKS or k == a.start:
            continue
        j = k + 1
        while j < len(doc) and j - k <= 3 and doc[j].text not in _CLOSE_MARKS:
            j += 1
        if not (k + 1 < j < len(doc)) or doc[j].text not in _CLOSE_MARKS:
            continue
        if not doc[k + 1].text[:1].isupper():
            continue  # 'Narendra Modi "misused" Parliament': a scare quote, no nickname
        end = j + 1
        while end < len(doc) and end - j <= 2 and doc[end].is_title and doc[end].pos_ == "PROPN":
            end += 1
        if end > j + 1:
            added.append(Span(doc, a.start, end, label="PERSON"))
    for a in ents:
        # … or ends it at the closing mark, the surname left out: 'Antonio "Ka
        # Tonying"' + "Flores"
        if (
            a.label_ == "PERSON"
            and len(a) >= 4
            and a[-1].text in _CLOSE_MARKS
            and any(t.text in _OPEN_MARKS for t in a[1:-1])
        ):
            end = a.end
            while (
                end < len(doc)
                and end - a.end < 2
                and doc[end].is_title
                and doc[end].pos_ == "PROPN"
            ):
                end += 1
            if end > a.end:
                added.append(Span(doc, a.start, end, label="PERSON"))
                continue
        # … or starts it inside the marks, the given name before them read as
        # something else: "Oto" (a place) + "Joe Boy” Joseph"
        s = a.start
        if a.label_ != "PERSON" or s < 2 or doc[s - 1].text not in _OPEN_MARKS:
            continue
        close = next((t.i for t in a if t.text in _CLOSE_MARKS), None)
        if close is None or close - s > 3 or close + 1 >= a.end:
            continue
        given = doc[s - 2]
        if given.is_title and given.pos_ == "PROPN" and not is_role_word(given.text):
            added.append(Span(doc, s - 2, a.end, label="PERSON"))
    if not added:
        return ents
    kept = [e for e in ents if not any(e.start < n.end and n.start < e.end for n in added)]
    return sorted([*kept, *added], key=lambda e: e.start)


#: Words before a date that make it one ("on Sunday Adeyemi said" stays a date).
_DATE_LEADS = frozenset(
    "on last next this every each by since until till from before after".split()
)


def _calendar_named(ent: Span) -> bool:
    """A "date" that is a person's name: a day or month name used as a given name
    before a capitalised surname that is no date word ("Sunday Adeyemi", "Monday
    Okafor"), not after a word that makes it a date ("on Sunday Adeyemi said")."""
    if ent.label_ != "DATE" or not 2 <= len(ent) <= 3 or fold(ent[0].text) not in _CALENDAR:
        return False
    rest = list(ent)[1:]
    if not all(t.is_alpha and t.is_title and fold(t.text) not in _CALENDAR for t in rest):
        return False
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return before is None or (before.lower_ not in _DATE_LEADS and before.pos_ != "ADP")


#: Lower-case words inside an organisation's name that its initials skip.
_INITIALS_SKIP = frozenset({"of", "and", "for", "the", "on", "in", "de", "du", "des", "&", "'s"})


def _spelled_out(doc: Doc, ents: list[Span]) -> list[Span]:
    """An acronym in brackets right after the words it abbreviates gives those words
    as a name of the acronym's organisation, also where the NER did not type them
    ("Bank Negara Malaysia (BNM)"): the capitalised words before the bracket whose
    initials, in order, spell the acronym. Entities inside the long form give way
    to it."""
    added: list[Span] = []
    retyped: set[int] = set()
    typed = {e.start for e in ents}
    # an acronym the NER left untyped, in brackets right after capitalised words
    # ("Tobago Police Service (TTPS)")
    bare = [
        Span(doc, t.i, t.i + 1, label="ORG")
        for t in doc[2:-1]
        if doc[t.i - 1].text == "("
        and doc[t.i + 1].text == ")"
        and doc[t.i - 2].is_title
        and t.i not in typed
        and not t.ent_type_
    ]
    for ent in sorted([*ents, *bare], key=lambda e: e.start):
        letters = ent.text
        s = ent.start
        if (
            len(ent) != 1
            or not (2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper())
            or s < 2
            or doc[s - 1].text != "("
            or ent.end >= len(doc)
            or doc[ent.end].text != ")"
        ):
            continue
        initials = ""
        i = s - 2
        start = -1
        while i >= 0 and len(initials) < len(letters) and s - 2 - i < 12:
            t = doc[i]
            if t.is_title or (t.is_upper and t.is_alpha):
                initials = t.text[0] + initials
                if initials == letters:
                    start = i
                    break
            elif t.lower_ not in _INITIALS_SKIP:
                break
            i -= 1
        if start < 0 or not letters.endswith(initials):
            continue
        label = ent.label_ if ent.label_ in NAMED_TYPES else "ORG"
        if label == "PERSON":
            # a person's initials ("Mohammed bin Salman (MBS)") stay the NER's; a
            # body's acronym the NER took for a person ("… Liberation Front (KPLF)")
            # names the body
            if not looks_like_org(doc[start : s - 1].text):
                continue
            label = "ORG"
            retyped.add(ent.start)
        long = Span(doc, start, s - 1, label=label)
        if any(e.start <= long.start and e.end >= long.end for e in ents):
            continue  # the NER has the long form already
        added.append(long)
        if ent.start not in typed or ent.start in retyped:
            # … and the acronym, which the article may go on with
            added.append(Span(doc, ent.start, ent.end, label=label))
    if not added:
        return ents
    kept = [
        e
        for e in ents
        if e.start not in retyped and not any(e.start >= a.start and e.end <= a.end for a in added)
    ]
    return sorted([*kept, *added], key=lambda e: e.start)


#: The NER's types for things, which a name with a person in apposition is not.
_THING_TYPES = frozenset({"PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LAW", "LANGUAGE"})


def _described_as_person(root: Token) -> bool:
    """A name with a person noun or a role in apposition ("X, an Australian woman",
    "X, WHO's assistant director general")."""
    return any(
        t.dep_ == "appos"
        and t.i > root.i
        and fold(t.lemma_) in ROLE_WORDS | PERSON_NOUNS
        and not _named_after_role(t)
        for t in root.children
    )


def _named_after_role(role: Token) -> bool:
    """Whether a role ends in a name of its own, two or three capitalised words of no
    English vocabulary ("DD India, State Minister of Finance Abebe Tsegaye": the
    minister is Abebe Tsegaye, not DD India)."""
    doc = role.doc
    run: list[Token] = []
    for t in doc[role.i + 1 : role.right_edge.i + 1]:
        if t.pos_ == "PROPN" and t.is_title and t.is_alpha:
            run.append(t)
            continue
        if t.is_punct:
            break  # (its name ends at a bracket or comma: "… Abebe Tsegaye (PhD)")
        run = []
    unknown = 0
    for t in reversed(run):
        if is_known_word(t.text):
            break
        unknown += 1
    return unknown >= 2


def _untyped_speakers(doc: Doc, toks: Sequence[Token] | None = None) -> list[Span]:
    """Names the NER left untyped that speak or hold a role: a run of two to four
    capitalised proper nouns that is the subject of a reporting verb or has a person's
    role in apposition ("Naser Toure Mahama, Member of Parliament for …, has stated";
    "Lai Mohammed, minister of information, says"). Names of organisations, dates
    and places stay out."""
    toks = list(doc) if toks is None else toks
    out: list[Span] = []
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and _untyped_name_word(toks[j]):
            j += 1
        start = i
        if j - i == 1 and i > 0 and _country_named(toks[i - 1]) and _described_as_person(toks[i]):
            # "Sudan Kirati, Minister of Culture, said": a given name that is a
            # country's, before a surname with a person's role in apposition
            start = i - 1
        if j - start < 2 or j - start > 4:
            i = max(j, i + 1)
            continue
        run = doc[start:j]
        # any word of the run: the parser may cut a name at a sentence end it imagines
        speaks = any(
            t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() in REPORTING_VERBS
            for t in run
        )
        described = any(_described_as_person(t) for t in run)
        if (
            (speaks or described)
            and not looks_like_org(run.text)
            and not _named_by_org_noun(doc, i)  # "the mining company PT Adaro Energy"
        ):
            out.append(Span(doc, start, j, label="PERSON"))
        i = j
    return out


def _country_named(t: Token) -> bool:
    """An untyped capitalised word that is a country's name, not its people's
    ("Sudan", "Jordan"; not "Sudanese")."""
    w = fold(t.text)
    return (
        t.pos_ == "PROPN"
        and not t.ent_type_
        and t.is_title
        and (t.i == 0 or not t.nbor(-1).is_title or bool(t.is_sent_start))
        and nationality(w) == w
    )


def _untyped_companies(doc: Doc, toks: Sequence[Token]) -> list[Span]:
    """Every mention of a one-word name the tagger took for a common noun
    ("Blackberry reported …"): a capitalised word, no role, place, date or person
    noun, the subject of a reporting verb once and capitalised inside a sentence once
    (so not merely a sentence's first word)."""
    by_word: dict[str, list[Token]] = {}
    for t in toks:
        if t.is_alpha and t.is_title and len(t.text) > 2 and not t.is_stop:
            by_word.setdefault(t.text, []).append(t)
    out: list[Span] = []
    for word, every in by_word.items():
        ts = [t for t in every if t.pos_ in ("NOUN", "PROPN", "ADJ") and not t.ent_type_]
        w = fold(word)
        if (
            len(ts) < 2
            or w in _CALENDAR
            or w in PERSON_NOUNS
            or w in ORG_NOUNS
            or w in UNNAMED_HEADS
            or is_role_word(word)
            or nationality(w) is not None
            or not any(t.dep_ == "nsubj" and t.head.lemma_.lower() in REPORTING_VERBS for t in ts)
            or (
                # only ever a sentence's first word: a name only if no word of English
                not any(not t.is_sent_start and toks[t.i - 1].text not in '"“‘(' for t in every)
                and is_known_word(word)
            )
        ):
            continue
        # a person's when a clause of theirs says "his" or "her" ("Usher opened up about
        # his album"), not "its"
        gendered = {"his", "her", "he", "she", "himself", "herself"}
        person = any(
            t.dep_ == "nsubj" and any(x.lower_ in gendered for x in t.head.subtree if x.i > t.i)
            for t in ts
        ) and not any(
            t.dep_ == "nsubj" and any(x.lower_ in ("its", "itself") for x in t.head.subtree)
            for t in ts
        )
        label = "PERSON" if person else "ORG"
        out.extend(Span(doc, t.i, t.i + 1, label=label) for t in ts)
    return out


def _role_or_rank(word: str) -> bool:
    """A role word or a military or police rank ("spokesperson", "Brigadier")."""
    w = fold(word).rstrip(".")
    return w in ROLE_WORDS or w in RANKS


def _cut_before_initials(doc: Doc, found: list[NameMention]) -> None:
    """ "posted by Akorda N. Nazarbayev": a word the NER ran into a name of initial and
    surname is no given name when another mention names the person in full with a
    given name of that initial ("Nursultan Nazarbayev"); the name starts at the
    initial."""
    full = {
        (w[0][0], w[-1])
        for m in found
        if m.type == "PERSON" and len(w := m.name.split()) == 2 and len(w[0]) > 2
    }
    for m in found:
        words = m.name.split()
        if (
            m.type != "PERSON"
            or len(words) != 3
            or not re.fullmatch(r"[A-Z]\.", words[1])
            or (words[1][0], words[2]) not in full
            or is_given_name(words[0])
            or m.end - m.start < 3
        ):
            continue
        k = m.start + 1
        m.start, m.start_char, m.name = k, doc[k].idx, " ".join(words[1:])


def _cut_before_surnames(doc: Doc, found: list[NameMention]) -> None:
    """ "in Gibraltar, Fadavi said": a place and a comma the NER ran into a surname the
    article gives a person in full ("Ali Fadavi") are no part of the name."""
    surnames = {w[-1] for m in found if m.type == "PERSON" and len(w := m.name.split()) >= 2}
    for m in found:
        if ", " not in m.name:
            continue
        tail = m.name.rsplit(", ", 1)[1]
        if tail not in surnames:
            continue
        k = next((t.i for t in doc[m.start : m.end] if t.idx >= m.end_char - len(tail)), None)
        if k is None:
            continue
        m.start, m.start_char, m.name, m.type = k, doc[k].idx, tail, "PERSON"


def _office_before_person(doc: Doc, e: Span) -> bool:
    """An office the NER read as an organisation, right before the name of the one who
    holds it: "Inspector-General of Police" (role words, "of" and a body) + "Tan Sri
    Khalid Abu Bakar" (a person): a title, not a body that speaks."""
    if e.label_ != "ORG" or e.end >= len(doc) or doc[e.end].ent_type_ != "PERSON":
        return False
    of = next((t.i for t in e if t.lower_ == "of"), None)
    if of is None or of == e.start:
        return False
    words = [t for t in doc[e.start : of] if t.text != "-"]
    return all(t.is_title and _role_or_rank(t.text) for t in words)


def _people_after_places(doc: Doc, ents: list[Span]) -> list[Span]:
    """A person's name the NER ran into the place or body of their role: "Special
    Envoy for the Horn of Africa Jeff Feltman" (one LOC) is the place and the person,
    the person's name opening with a given name after a role word; in "Cheong Wa Dae
    spokesperson Ko Min-jung" (one WORK_OF_ART) the role word in lower case parts them."""
    out: list[Span] = []
    for e in ents:
        if e.label_ == "PERSON" or len(e) < 3:
            out.append(e)
            continue
        for k in range(e.start + 1, e.end - 1):
            rest = doc[k : e.end]
            if (
                (
                    # (a lower-case role word, or one in capitals: "Thyolo Central MP X")
                    (doc[k - 1].is_lower or (doc[k - 1].is_upper and len(doc[k - 1]) >= 2))
                    and _role_or_rank(doc[k - 1].text)
                    and len(rest) <= 4
                    and doc[k].is_title
                    and all(t.pos_ == "PROPN" and (t.is_alpha or t.text == "-") for t in rest)
                )
                or (
                    # "Superintendent Dom Wood" read as a title of a work: a rank or
                    # role opening it, then a name of two or three words
                    k == e.start + 1
                    and e.label_ in ("WORK_OF_ART", "FAC", "PRODUCT", "EVENT", "LOC")
                    and doc[e.start].is_title
                    and _role_or_rank(doc[e.start].text)
                    and 2 <= len(rest) <= 3
                    and all(t.pos_ == "PROPN" and t.is_title and t.is_alpha for t in rest)
                    and not looks_like_org(rest.text)
                )
                or (
                    len(rest) <= 3
                    and all(t.pos_ == "PROPN" and t.is_title and t.is_alpha for t in rest)
                    and (
                        is_given_name(doc[k].text)
                        # or two or three words of no English vocabulary ("Ministry
                        # of Finance" + "Abebe Kebede")
                        or (len(rest) >= 2 and not any(is_known_word(t.text) for t in rest))
                    )
                    and not _role_or_rank(doc[k].text)  # (not "the General Assembly")
                    # "Sushil Anand Shukla" read as an organisation is one name
                    and not is_given_name(doc[e.start].text)
                    # (a role before the body or place the name follows: "Business
                    # Editor of Acme Publishing in Dubai" + "Jo Doe")
                    and any(_role_or_rank(t.text) for t in doc[max(0, e.start - 8) : k])
                )
            ):
                out.append(Span(doc, e.start, k, label=e.label_))
                out.append(Span(doc, k, e.end, label="PERSON"))
                break
        else:
            out.append(e)
    return out


def _titles_with_the(doc: Doc, ents: list[Span]) -> list[Span]:
    """A name written with a capital "The" inside a sentence ("talking to The Hindu",
    "…, The Australian reported") is a title with its article: the whole is the name,
    and a people's name so written is a paper's or a body's, not the people."""
    out: list[Span] = []
    for e in ents:
        the = doc[e.start - 1] if e.start >= 2 else None
        if (
            the is not None
            and the.text == "The"
            and e.label_ in ("ORG", "NORP", "WORK_OF_ART", "FAC")
            and not the.is_sent_start
            and (doc[the.i - 1].is_lower or doc[the.i - 1].text == ",")
        ):
            label = "ORG" if e.label_ in ("NORP", "WORK_OF_ART", "FAC") else e.label_
            e = Span(doc, e.start - 1, e.end, label=label)
        out.append(e)
    return out


def _org_noun_names(doc: Doc, toks: Sequence[Token]) -> list[Span]:
    """A name in apposition right after the organisation noun it names, which the NER
    left untyped: "the Turkish news website TGRT", "the broadcaster KTN"."""
    out: list[Span] = []
    for i in range(1, len(doc)):
        if toks[i].ent_type_ or not _named_by_org_noun(doc, i):
            continue
        j = i
        while (
            j < len(doc)
            and j - i < 4
            and not toks[j].ent_type_
            and toks[j].pos_ == "PROPN"
            and toks[j].is_alpha
            and (toks[j].is_title or toks[j].is_upper)
            and fold(toks[j].text) not in _CALENDAR
            and not is_role_word(toks[j].text)
        ):
            j += 1
        if j == i or (j < len(doc) and toks[j].pos_ == "PROPN"):
            continue
        root = doc[i:j].root
        # "the broadcaster KTN" (apposition), "the union Unite" (the noun its compound)
        if (root.dep_ == "appos" and root.head.i == i - 1) or (
            toks[i - 1].dep_ == "compound" and toks[i - 1].head.i == root.i
        ):
            out.append(Span(doc, i, j, label="ORG"))
    return out


def _untyped_name_word(t: Token) -> bool:
    return (
        t.pos_ == "PROPN"
        and not t.ent_type_
        and t.is_alpha
        and t.is_title
        and fold(t.text) not in _CALENDAR
        and not is_role_word(t.text)
        and fold(t.text) not in PERSON_NOUNS
        and fold(t.text) not in PORTFOLIO_WORDS  # "Minister of Information Karim Haddad"
        and nationality(fold(t.text)) is None
    )


def _described_as_org(root: Token) -> bool:
    """A name with an organisation noun in apposition ("Acme, the state oil firm")."""
    return any(
        t.dep_ == "appos"
        and t.i > root.i
        and (w := fold(t.lemma_)) in ORG_NOUNS
        and w not in PERSON_NOUNS
        and w not in ROLE_WORDS
        for t in root.children
    )


def _consistent_types(doc: Doc, found: list[NameMention], text: str) -> None:
    """One name, one type in an article. Names in the headline (title case, no
    sentence around them: the NER types them poorly) take the type the body gives
    the same name; a one-word name that is the given name or surname of a person
    the article names in full is that person ("according to Tedros" read as a
    place, beside "Tedros Ghebreyesus")."""
    end = text.find("\n")
    body: dict[str, str] = {}
    person_words: set[str] = set()
    for m in found:
        words = name_words(m.name)
        if m.start_char > end >= 0:
            body.setdefault(" ".join(words), m.type)
        if m.type == "PERSON" and len(words) >= 2:
            person_words.update((words[0], words[-1]))
    surnames = {name_words(m.name)[-1] for m in found if m.type == "PERSON" and m.name}
    for m in found:
        words = name_words(m.name)
        if (
            m.type in ("ORG", "GPE")
            and 2 <= len(m.name.split()) <= 5
            and words
            and words[-1] in surnames
            and not looks_like_org(m.name)
            and all(w[:1].isupper() for w in m.name.split())
        ):
            m.type = "PERSON"  # "Nana Addo Dankwa Akufo-Addo" beside "President Akufo-Addo"
        if end >= 0 and m.end_char <= end:
            typed = body.get(" ".join(words))
            if typed is not None:
                m.type = typed
        if len(words) == 1 and m.type != "PERSON" and words[0] in person_words:
            m.type = "PERSON"


def _named_by_org_noun(doc: Doc, s: int) -> bool:
    """A name right after the organisation noun it names: "teachers' union Unitas",
    "the company Acme", "newspaper Le Monde"."""
    return s > 0 and doc[s - 1].pos_ == "NOUN" and fold(doc[s - 1].text) in ORG_NOUNS


#: Role nouns any office may be called by: "the garda chief" is its commissioner.
_ANY_OFFICE = frozenset("chief head leader boss official executive minister".split())


def _other_office(noun: str, roles: Sequence[str]) -> bool:
    """Whether every stated role ends in a role noun other than ``noun`` (and no office
    name joins them): a spokesman is not a secretary, whatever both are of."""
    if noun in _ANY_OFFICE:
        return False
    heads = [fold(w[-1]) for r in roles if (w := r.replace("-", " ").split())]
    if any(h in _ANY_OFFICE for h in heads):
        return False  # "Cabinet minister X" may be any secretary
    return bool(heads) and all(
        h in ROLE_WORDS and h not in _RANKS and h != noun and not holds_office(noun, h)
        for h in heads
    )  # ("her deputy" may be the deputy mayor)


def _person_like(ent: Span, core: str) -> bool:
    """An ORG or GPE span that names a person: two or three capitalised words, no
    organisation word, after a title of its own ("Major General Tun Tun Nyi", "Cllr
    Meryl Gravell"), or with a given name, a role before it or a role in apposition
    either way ("Keiji Fukuda, WHO's assistant director general"; "Minister of Sports,
    X, says"); or two given names joined by a hyphen ("Anne-Marie")."""
    words = core.split()
    parts = core.split("-")
    if (
        len(words) == 1
        and len(parts) == 2
        and all(p[:1].isupper() and p.isalpha() and is_given_name(p) for p in parts)
    ):
        return True  # "Anne-Marie", "Jean-Pierre": a double given name
    # a rank or role before the name ("Major General Tun Tun Nyi" read as an organisation)
    titles, rest, _ = split_title(core)
    ranked = any(is_role_word(w) for w in titles.split()) and all(
        w[:1].isupper() for w in titles.split()
    )
    if ranked:
        words = rest.split()
    if not 2 <= len(words) <= 3 or looks_like_org(core) or core.isupper():
        return False
    if not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    if ranked:
        return True
    named = name_words(core)
    if len(named) >= 2 and given_name_gender(named[0], english=False) is not None:
        return True  # a given name of either gender ("Jan Kubice" read as a place)
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.is_alpha and fold(before.text) in ROLE_WORDS:
        return True  # "Health Minister Oben Mbeki" read as a place, "spokesman Phay Siphan"
    root = ent.root
    if root.dep_ == "appos" and root.head.i < ent.start and fold(root.head.lemma_) in ROLE_WORDS:
        return True  # "Minister of Sports, Dayasiri Jayasekara, says" read as a place
    # (on any word of the name: the parse may hang the rest on its first, "U" of "U Aung
    # Min, spokesperson for …")
    return any(_described_as_person(t) for t in ent)


def _role_runs(doc: Doc, toks: Sequence[Token] | None = None) -> list[Span]:
    """Proper-noun runs the NER missed, named after a role word: "External Affairs
    spokesperson Syed Akbaruddin", "Councilor GT Bynum"; a given name the NER read as a
    place is crossed when the run ends in its PERSON ("Brigadier Jamal" (GPE) "Salem"
    "Al Jallaf" (PERSON))."""
    toks = list(doc) if toks is None else toks
    out = []
    covered = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    lone = {e.start for e in doc.ents if len(e) == 1 and e.label_ in ("GPE", "LOC", "NORP")}
    # a role word the NER ran into the place before it ("Thyolo Thava MP" + a name)
    ending = {e.end - 1 for e in doc.ents if e.label_ != "PERSON" and len(e) >= 2}

    def run_end(i: int, cross: bool) -> int:
        j = i + 1
        while (
            j < len(doc)
            and (j not in covered or (cross and j in lone))
            and (toks[j].pos_ == "PROPN" or (toks[j].is_alpha and toks[j].is_title))
            and toks[j].text[:1].isupper()
            and fold(toks[j].text).rstrip(".") not in ROLE_WORDS
        ):
            j += 1
        return j

    def ends_in_person(j: int) -> bool:
        if j >= len(doc) or toks[j].ent_iob_ != "B":
            return False
        if toks[j].ent_type_ == "PERSON":
            return True
        # "spokesperson Sushil" + "Anand Shukla" read as an organisation: a name too
        ent = next(e for e in doc.ents if e.start == j)
        return (
            ent.label_ in ("ORG", "GPE", "NORP")
            and len(ent) <= 3
            and all(t.is_title and t.is_alpha for t in ent)
            and not looks_like_org(ent.text)
        )

    i = 0
    while i < len(doc):
        t = toks[i]
        if (
            (t.i not in covered or t.i in ending)
            and _role_or_rank(t.text)
            and t.pos_ in ("NOUN", "PROPN")
        ):
            j = run_end(i, cross=True)
            if not (j > i + 1 and ends_in_person(j)) and not (
                # "inspector Manoj" (a place) "Kumar" "Shahi" (a place): a given name
                # and two more proper nouns the parse makes one name
                j - i >= 4
                and is_given_name(toks[i + 1].text)
                and all(
                    toks[k].pos_ == "PROPN" and toks[k].head.i == j - 1 for k in range(i + 1, j - 1)
                )
            ):
                j = run_end(i, cross=False)
            if j > i + 1 and ends_in_person(j):
                # "spokesperson Syed" + the NER's "Akbaruddin": one name
                j = next(e.end for e in doc.ents if e.start == j)
                if j - i >= 3:
                    out.append(Span(doc, _role_start(doc, i), j, label="PERSON"))
            elif j - i >= 3 and not looks_like_org(doc[i + 1 : j].text):
                out.append(Span(doc, _role_start(doc, i), j, label="PERSON"))
            i = j
            continue
        i += 1
    return out


def _portfolio_runs(doc: Doc, toks: Sequence[Token] | None = None) -> list[Span]:
    """A person's name after a role and its portfolio, which the NER missed or read as
    one: "Federal Minister for Information Attaullah Tarar", "Commissioner of Health
    and Social Welfare Ada Obi" (the portfolio's words, lexicon.PORTFOLIO_WORDS, are
    never the name's)."""
    persons = {i for ent in doc.ents if ent.label_ == "PERSON" for i in range(ent.start, ent.end)}
    toks = list(doc) if toks is None else toks
    out = []
    for t in toks:
        if fold(t.text).rstrip(".") not in ROLE_WORDS or t.i + 2 >= len(doc):
            continue
        if toks[t.i + 1].lower_ not in ("for", "of"):
            continue
        j = t.i + 2
        while j < len(doc) and (
            (fold(toks[j].text) in PORTFOLIO_WORDS and toks[j].text[:1].isupper())
            # "and", or "for" of "Minister of State for Environment and Forests"
            or (
                toks[j].lower_ in ("and", "&", "for", "of")
                and j > t.i + 2
                and j + 1 < len(doc)
                and fold(toks[j + 1].text) in PORTFOLIO_WORDS
            )
        ):
            j += 1
        if j == t.i + 2:
            continue
        if j + 2 < len(doc) and toks[j].lower_ in ("and", "&"):
            # a portfolio word no list holds ("Water Development and Irrigation Ritchie
            # Muheya"): capitalised words after "and" up to a given name
            m = j + 1
            while m < len(doc) and toks[m].is_title and not is_given_name(toks[m].text):
                m += 1
            if m > j + 1 and m + 1 < len(doc) and is_given_name(toks[m].text):
                j = m
        k = j
        while (
            k < len(doc)
            and toks[k].pos_ == "PROPN"
            and toks[k].text[:1].isupper()
            and fold(toks[k].text) not in PORTFOLIO_WORDS
        ):
            k += 1
        # the NER may have the surname alone ("Minister of Information Jamal" + "Jarrah")
        # or the portfolio with the name ("Information Karim Haddad"): the run is the name
        inside = [i for i in range(j, k) if i in persons]
        if k - j >= 2 and (not inside or inside == list(range(inside[0], k))):
            out.append(Span(doc, j, k, label="PERSON"))
    return out


def _role_start(doc: Doc, i: int) -> int:
    """Start of the role phrase ending with the role word at ``i`` ("External Affairs
    spokesperson"): :func:`name_mention` cuts it from the name and keeps it as a role."""
    k = i
    while k > 0 and doc[k - 1].pos_ == "PROPN" and doc[k - 1].text[:1].isupper():
        k -= 1
    return k


def is_dateline(doc: Doc, start: int, end: int) -> bool:
    """A source span that is a dateline: a place opening a paragraph and followed
    by a colon, a dash or a comma ("RIYADH:", "GENEVA, October 23.")."""
    sp = doc.char_span(start, end, alignment_mode="expand")
    if sp is None or len(sp) == 0:
        return False
    if any(ent.label_ in ("GPE", "LOC", "ORG") and _is_dateline(ent) for ent in _ents_of(sp)):
        return True
    if _at_paragraph_start(sp) and _AGENCY_DATELINE.match(sp.text):
        # "Geneva (Reuters):", "LONDON (AP) -": followed by a colon or a dash (a
        # party label is followed by its verb: "Sen. Mitch McConnell (R-Ky.) said")
        k = sp.end
        while k < len(doc) and (doc[k].is_space or doc[k].text == ")"):
            k += 1
        return k < len(doc) and doc[k].text.lstrip(")")[:1] in (":", "—", "–", "-")
    words = sp.text.replace(",", " ").split()
    if (
        bool(words)
        and all(w.isalpha() and w.isupper() and len(w) > 2 for w in words)
        and _at_paragraph_start(sp)
        and sp.end < len(doc)
        and doc[sp.end].text in (":", "—", "–", ",")
    ):
        return True
    return _opens_lede(sp)


def _opens_lede(sp: Span) -> bool:
    """A label of places that opens the paragraph after the headline, followed by a
    colon or a dash ("Wayanad: The BJP-led NDA …", "New Delhi/Kanpur: …"): where a
    dateline stands, no person's name (a headline's "Pence: …" is the first line)."""
    doc = sp.doc
    if not _at_paragraph_start(sp):
        return False
    k = sp.end
    while k < len(doc) and doc[k].text in ("/", "-") and k + 1 < len(doc) and doc[k + 1].is_title:
        k += 2  # "New Delhi/Kanpur"
    words = [t for t in doc[sp.start : k] if t.text not in ("/", "-")]
    if not (
        k < len(doc)
        and doc[k].text in (":", "—", "–")
        and 1 <= len(words) <= 4
        and all(t.is_title or t.is_upper for t in words)
        and not any(t.ent_type_ == "PERSON" or is_given_name(t.text) for t in words)
    ):
        return False
    # one line before it, the headline (the tokens, not doc.text, which joins them all)
    last = sp.start - 1
    while last >= 0 and doc[last].is_space:
        last -= 1
    return last >= 0 and not any("\n" in t.text_with_ws for t in doc[:last])


def _ents_of(sp: Span) -> list[Span]:
    """The entities inside ``sp`` from its tokens' IOB tags, in time linear in ``sp``
    (``Span.ents`` builds every entity of the document: quadratic when a long text
    has a source per sentence, issue 20.3)."""
    doc, out, i = sp.doc, [], sp.start
    while i < sp.end:
        j = i + 1
        if doc[i].ent_iob_ == "B":
            while j < len(doc) and doc[j].ent_iob_ == "I":
                j += 1
            if j <= sp.end:
                out.append(Span(doc, i, j, label=doc[i].ent_type_))
        i = j
    return out


#: A place with a news agency in brackets, opening a paragraph: "Geneva (Reuters", the
#: closing bracket sometimes outside the span.
_AGENCY_DATELINE = re.compile(r"^[A-Z][\w.'’ -]{1,40}?,?\s*\([A-Z][\w.&/' -]{0,40}\)?\s*$")


#: "X, better known as Blue", "X, also known as Blue": another name of X's.
_KNOWN_AS = re.compile(
    r",?\s+(?:better|also|popularly|widely|commonly)\s+known\s+as\s+[‘“\"']?"
    r"([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})"
)


def _in_marks(text: str, start: int, end: int) -> bool:
    """Whether a name is written between quotation marks of its own ("released
    “Carnival Yo Yo”", "the ‘Red Devils’"): the title of a work or a nickname put
    in marks, never a speaker's name."""
    return (
        start > 0
        and end < len(text)
        and text[start - 1] in _OPEN_MARKS
        and text[end] in _CLOSE_MARKS  # (not a vocative's “Jo,”)
    )


def is_furniture(doc: Doc, start: int, end: int, text: str | None = None) -> bool:
    """A source span that is page furniture: a dateline ("GENEVA (Reuters):") or a
    label such as "Photo", "Updated", "Story highlights" (never a speaker); ``text``
    is ``doc.text`` when the caller has it."""
    if is_dateline(doc, start, end):
        return True
    sp = doc.char_span(start, end, alignment_mode="expand")
    words = [t.lower_ for t in sp or () if not t.is_punct and t.tag_ != "POS"]
    return (
        bool(words)
        and len(words) <= 3
        and all(w in FURNITURE for w in words)
        and _stands_as_label(doc.text if text is None else text, end)
    )


#: What follows a page label on its line: "Photo: …", "Source | …", "Updated - …".
_AFTER_LABEL = re.compile(r"[ \t]*(?:[:|\u2013\u2014-]|\n|$)")


def _stands_as_label(text: str, end: int) -> bool:
    """The words ending at ``end`` are a label: a colon, a bar or a dash follows them,
    or they end their line ("Story highlights"). "…, sources said" is a speaker."""
    return _AFTER_LABEL.match(text, end) is not None


def _at_paragraph_start(sp: Span) -> bool:
    return sp.start == 0 or "\n" in sp.doc[sp.start - 1].text_with_ws


def _sentence_initial(doc: Doc, i: int) -> bool:
    """Token ``i`` opens a sentence, a line or a paragraph."""
    k = i - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    return (
        k < 0
        or k < i - 1
        or doc[k].text in (".", "!", "?", ":", "\u201d", '"')
        or bool(doc[i].is_sent_start)
    )


def _is_dateline(ent: Span) -> bool:
    """ "RIYADH:", "GENEVA, October 23. /TASS/.": a place opening a paragraph."""
    doc = ent.doc
    at_start = ent.start == 0 or "\n" in doc[ent.start - 1].text_with_ws
    if (
        not at_start
        and ent.start >= 2
        and doc[ent.start - 1].text == "("
        and ent.end < len(doc)
        and doc[ent.end].text.startswith(")")
    ):
        # the agency of "MOSCOW (Reuters) -": the bracket after a place opening a paragraph
        k = ent.start - 1
        while k > 0 and ent.start - k <= 8 and "\n" not in doc[k - 1].text_with_ws:
            k -= 1
        if k > 0 and "\n" not in doc[k - 1].text_with_ws:
            return False
        head = doc[k : ent.end].text
        after = doc[ent.end].text.lstrip(")") or (
            doc[ent.end + 1].text if ent.end + 1 < len(doc) else ""
        )
        return bool(_AGENCY_DATELINE.match(head)) and after[:1] in (":", "—", "–", "-")
    if not at_start or ent.end >= len(doc):
        return False
    nxt = doc[ent.end]
    if nxt.text == "(" and (ent.label_ in ("GPE", "LOC") or ent.text.isupper()):
        # "ORLANDO (WHDH) —": a place and its agency or station in brackets
        close = next((t.i for t in doc[ent.end : ent.end + 8] if t.text.startswith(")")), None)
        if close is not None:
            after = doc[close].text.lstrip(")") or (
                doc[close + 1].text if close + 1 < len(doc) else ""
            )
            return after[:1] in (":", "—", "–", "-")
    if ent.label_ in ("GPE", "LOC"):
        if nxt.text == "," and ent.end + 1 < len(doc) and doc[ent.end + 1].is_lower:
            return False  # a subject and an adverb ("Meena, however, said"), no place
        return nxt.text in (":", "—", "–", "-", "--", ",") or nxt.is_space
    # "KUALA LUMPUR --" with only "KUALA" typed: the capitals up to the dash
    k = ent.end
    while k < len(doc) and k - ent.end < 3 and doc[k].is_alpha and doc[k].is_upper:
        k += 1
    marks = ("—", "–", "--", "-") if k > ent.end else (":", "—", "–")
    return ent.text.isalpha() and ent.text.isupper() and k < len(doc) and doc[k].text in marks


@dataclass(slots=True)
class Cluster:
    id: str
    name: str
    type: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    gender: str | None = None
    acronym: str | None = None
    forms: list[str] = field(default_factory=list)
    first: int = 0  # token index of the first mention
    starts: list[int] = field(default_factory=list)  # character starts of named mentions
    named_at: list[int] = field(default_factory=list)  # first tokens of named mentions
    subject_at: list[int] = field(default_factory=list)  # of those that are subjects
    # head nouns of the descriptions in apposition to its names ("X, a UK-based monitor")
    epithets: dict[str, int] = field(default_factory=dict)  # noun -> first token index
    ages: set[str] = field(default_factory=set)  # "Smith, 52,", "52-year-old Smith"
    titles: set[str] = field(default_factory=set)  # heads of titles before names: "doctor"
    nicknames: set[str] = field(default_factory=set)  # "Oto “Joe Boy” Joseph", "known as X"
    gender_guessed: bool = False  # the gender is the given-name list's guess only


def _fuller(a: str, b: str) -> bool:
    """``a`` is a fuller display form than ``b``."""
    return len(name_words(a)) > len(name_words(b)) or (
        len(name_words(a)) == len(name_words(b))
        and a.startswith("The ")
        and not b.startswith("The ")
    )


class ArticleEntities:
    """Entities of one article, built from NER and extended by resolution."""

    def __init__(
        self, doc: Doc, text: str | None = None, tokens: Sequence[Token] | None = None
    ) -> None:
        """``text`` and ``tokens``: ``doc.text`` and ``list(doc)`` when the caller has
        them (Doc.text joins every token; spaCy makes a Token object at each access)."""
        self.doc = doc
        self.text = doc.text if text is None else text
        self.clusters: list[Cluster] = []
        self._ent_at: dict[int, Cluster] = {}  # token index -> cluster
        self._resolved_at: dict[int, Cluster] = {}  # a resolved source's head -> its speaker
        self._resolved_conf: dict[int, float] = {}  # … and the confidence it had
        self._last_said: tuple[int, Cluster] | None = None  # … of the last statement
        self._mentions_order: list[tuple[int, Cluster]] = []  # (token idx, cluster)
        self._subjects: list[tuple[int, Cluster]] = []  # named mentions that are subjects
        self._reported: set[int] = set()  # tokens inside statements' contents
        self._last_speaker: tuple[int, Cluster] | None = None
        self._last_org: tuple[int, Cluster] | None = None  # the last organisation speaking
        self._spoken: list[Cluster] = []  # who has spoken in the narration so far
        self._pronoun_genders: set[str | None] | None = None  # of the article's he/she
        # bodies named only by a description ("the Jazan health department"), in order
        self._bodies: list[tuple[int, Cluster]] = []
        # the last unnamed source that "it" or "they" can continue: (head, cluster, plural)
        self._last_unnamed: tuple[int, Cluster, bool] | None = None
        # head nouns of "a …" descriptions the article named after them ("an
        # administrator" … "County Commissioner X said"), which "the …" goes on with
        self._introduced: dict[str, Cluster] = {}
        from .antecedents import get_ranker  # the learned resolver, loaded once per process

        self._ranker = get_ranker()
        self._sent_of = [0] * len(doc)
        for k, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                self._sent_of[i] = k
        # spaCy makes a new Token object at every iteration and every doc[i]: the
        # entity layer walks the document several times, over one list
        self._toks = toks = list(doc) if tokens is None else tokens
        self._para_of = [0] * len(doc)  # paragraph (line) index of each token
        para = 0
        for tok in toks:
            self._para_of[tok.i] = para
            para += "\n" in tok.text_with_ws
        found = []
        portfolio = _portfolio_runs(doc, toks)
        runs = _role_runs(doc, toks)
        named = [
            e
            for e in _joined_names(doc)
            # a name the NER ran into the portfolio before it ("Information Karim Haddad")
            if not any(p.start > e.start and e.end == p.end for p in portfolio)
            # a given name inside a role run, read as a place ("Brigadier Jamal …")
            and not (
                e.label_ != "PERSON" and any(r.start <= e.start and e.end < r.end for r in runs)
            )
        ]
        named = [
            e
            for e in _titles_with_the(doc, _people_after_places(doc, named))
            if not _office_before_person(doc, e)
        ]
        untyped = [
            u
            for u in (
                *_untyped_speakers(doc, toks),
                *_untyped_companies(doc, toks),
                *_org_noun_names(doc, toks),
            )
            # not a word of a name already found ("Patrol" of "Washington State Patrol"),
            # nor of a portfolio before one ("… and Irrigation" + "Ritchie Muheya")
            if not any(n.start < u.end and u.start < n.end for n in (*named, *portfolio))
        ]
        for ent in [*named, *runs, *portfolio, *untyped]:
            if (
                (ent.label_ == "PERSON" and _described_as_org(ent.root))
                # "Kathimerini newspaper", "the Thanh Nien daily": a name with its kind
                or (
                    # (not a country's: "a UK tabloid")
                    (ent.label_ == "PERSON" or nationality(fold(ent.text)) is None)
                    and ent.label_ in ("PERSON", "GPE")
                    and ent.root.dep_ == "compound"
                    and ent.root.head.i == ent.end
                    and fold(ent.root.head.lemma_) in _MEDIA_KINDS
                )
            ) or (
                # "state-run miner Codelco" read as a place
                ent.label_ == "GPE"
                and _named_by_org_noun(doc, ent.start)
                and doc[ent.start - 1].dep_ == "compound"
                and doc[ent.start - 1].head.i == ent.root.i
            ):
                ent = Span(doc, ent.start, ent.end, label="ORG")  # "Acme, the oil firm"
            elif ent.label_ == "FAC" and fold(ent[-1].text) in _BODY_WORDS:
                # "the Polk County Sheriff's Office", read as a building
                ent = Span(doc, ent.start, ent.end, label="ORG")
            elif (
                ent.label_ in _THING_TYPES
                and ent.end < len(doc)
                and doc[ent.end].text == ","  # not a headline's "U17 World Cup: Japan coach"
                and _described_as_person(ent.root)
            ):
                # "Salma Iqbal, a Labour candidate", read as a product
                ent = Span(doc, ent.start, ent.end, label="PERSON")
            if ent.label_ == "PERSON" and _is_law(ent.text):
                continue  # "…'s Animal Welfare Act, the superintendent …": no person
            if _in_marks(self.text, ent.start_char, ent.end_char):
                continue  # "his new release “Carnival Yo Yo”": a title, nobody
            if (
                ent.label_ in NAMED_TYPES
                and not _is_dateline(ent)
                and not is_furniture(doc, ent.start_char, ent.end_char, self.text)
            ):
                m = name_mention(ent)
                if m is not None:
                    found.append(m)
        _consistent_types(doc, found, self.text)
        _cut_before_initials(doc, found)
        _cut_before_surnames(doc, found)
        # fullest names first, so "Sanchez" in a headline joins "Lawrie Sanchez" below it
        order = sorted(
            found,
            key=lambda m: (m.type != "PERSON", -len(name_words(m.name)), m.start),
        )
        placed = [(m, self._place(m)) for m in order]
        placed.sort(key=lambda x: x[0].start)
        for m, c in placed:
            self._register(m, c)
        self._unlabelled_surnames()
        self._places_not_people()
        self._headline_names(found)
        self.clusters.sort(key=lambda c: c.first)
        for n, c in enumerate(self.clusters, start=1):
            c.id = f"E{n}"
        self._mentions_order.sort(key=lambda x: x[0])
        self._subjects.sort(key=lambda x: x[0])

    def note_titled_subjects(self, quoted: list[tuple[int, int]]) -> None:
        """A subject "the <title>" outside the ``quoted`` character ranges is a mention
        of the one person named earlier with that title ("Dr. Howard Archie" … "The
        doctor shut the door"), so that a "he said" after it can go to that person; the
        description joins no name and is not output as a mention."""
        for tok in self._toks:
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ != "NOUN":
                continue
            if any(s <= tok.idx < e for s, e in quoted):
                continue
            dets = [ch.lower_ for ch in tok.children if ch.dep_ in ("det", "poss")]
            if dets != ["the"]:
                continue
            hl = fold(tok.lemma_)
            if not is_title_noun(hl):
                continue  # "the state" is no title of "State Senator X"
            holders = [
                c
                for c in self.clusters
                if c.type == "PERSON"
                and c.first < tok.i
                and any(t == hl or holds_office(hl, t) for t in c.titles)
            ]
            if len(holders) == 1:
                self._subjects.append((tok.i, holders[0]))
                self._mentions_order.append((tok.i, holders[0]))
        self._subjects.sort(key=lambda x: x[0])
        self._mentions_order.sort(key=lambda x: x[0])

    def _unlabelled_surnames(self) -> None:
        """The surname of a person the article names in full is a mention of that
        person wherever the NER left it without a type ("Lena Vos" … "Vos disagreed",
        "Mr Vos said"): a capitalised proper noun, exactly the surname of one person
        only, not a month or a day, and not inside another name (an honorific before it
        is none)."""
        owners: dict[str, list[Cluster]] = {}
        for c in self.clusters:
            words = c.name.split()
            if c.type == "PERSON" and len(name_words(c.name)) >= 2 and len(words) >= 2:
                owners.setdefault(words[-1], []).append(c)
        doc = self.doc
        for tok in self._toks:
            c1 = owners.get(tok.text)
            if (
                c1 is None
                or len(c1) != 1
                or tok.i in self._ent_at
                or tok.ent_type_
                or tok.pos_ != "PROPN"
                or fold(tok.text) in _CALENDAR
                or (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN")
                or (
                    tok.i > 0
                    and doc[tok.i - 1].pos_ == "PROPN"
                    and not (
                        _title_before(doc[tok.i - 1])
                        and (tok.i < 2 or doc[tok.i - 2].pos_ != "PROPN")
                    )
                )
            ):
                continue
            m = name_mention(Span(doc, tok.i, tok.i + 1, label="PERSON"))
            if m is None or m.name != tok.text:
                continue
            c = c1[0]
            c.starts.append(m.start_char)
            self._register(m, c)

    def _headline_names(self, found: list[NameMention]) -> None:
        """A title-case headline glues words to names ("Clinton Hid Health Problems"
        gives "Clinton Hid"): a form seen only in the headline, with a word the body
        never writes, is no display name when the body names the entity otherwise."""
        text = self.text
        end = text.find("\n")
        first = text[:end].rstrip()
        if end < 0 or first[-1:] in ".!?\"”'’:" or len(first.split()) > 25:
            return  # no headline: the first line is a sentence
        body = text[end:]
        headline_only = {
            m.name
            for m in found
            if m.end_char <= end
            and any(w not in body for w in m.name.split())
            and not any(k.name == m.name and k.start_char > end for k in found)
            # "Chris Minns defends …" above a body that says "Minns": a given name
            and not (
                m.type == "PERSON"
                and [w for w in m.name.split() if w not in body] == m.name.split()[:1]
                and is_given_name(m.name.split()[0])
            )
        }
        for c in self.clusters:
            if c.name not in headline_only:
                continue
            others = [f for f in c.forms if f not in headline_only]
            if others:
                best = others[0]
                for f in others[1:]:
                    if _fuller(f, best):
                        best = f
                c.name = best

    def _places_not_people(self) -> None:
        """A one-word "person" that the article also names as a place or an
        organisation ("called by Unitas" beside "teachers' union Unitas"), or that
        stands after "in", "at", "near" ("155 kilns in Multan alone"), is that one;
        unless it does what only people do ("Winterbourne glanced at the table"):
        then it is a person, also where the NER typed every mention a place."""
        for c in self.clusters:
            if (
                c.type in ("GPE", "LOC", "ORG")
                and len(name_words(c.name)) == 1
                and self._acts_as_person((c,))
            ):
                c.type = "PERSON"  # "Marchbank glanced at the table", typed as a place
        for c in self.clusters:
            if (
                c.type == "PERSON"
                and not c.roles
                and len(c.name.split()) >= 2
                and " " in (nationality(c.name) or "")
                and not self._acts_as_person((c,))
            ):
                c.type, c.gender = "GPE", None  # "Saint Lucia", "St Kitts": a country
        places: dict[tuple[str, ...], Cluster] = {}
        for c in self.clusters:
            if c.type in ("GPE", "LOC", "ORG", "NORP"):
                places.setdefault(tuple(name_words(c.name)), c)
        for c in list(self.clusters):
            words = tuple(name_words(c.name))
            if c.type != "PERSON" or len(words) != 1 or c.roles:
                continue
            place = places.get(words)
            located = any(
                (t := self.doc[i]).dep_ == "pobj"
                and (
                    t.head.lower_ in _LOCATIVE
                    # "the town of Vilvoorde", "the province of Kayseri"
                    or (t.head.lower_ == "of" and t.head.head.lemma_.lower() in _PLACE_KINDS)
                )
                for i, k in self._ent_at.items()
                if k is c
            )
            if place is None and not located:
                continue
            if place is None:
                c.type, c.gender = "GPE", None
                continue
            if place.type in ("GPE", "LOC") and self._acts_as_person((c, place)):
                # "Winterbourne glanced at the table": a person, whom the NER also read
                # as a place
                self._fold_into(c, place)
                continue
            self._fold_into(place, c)

    def _acts_as_person(self, clusters: tuple[Cluster, ...]) -> bool:
        """Whether a mention of ``clusters`` is the subject of a verb only people do."""
        return any(
            k in clusters
            and self.doc[i].dep_ == "nsubj"
            and self.doc[i].head.lemma_ in PERSON_VERBS
            for i, k in self._ent_at.items()
        )

    def _fold_into(self, keep: Cluster, gone: Cluster) -> None:
        """Make the mentions of ``gone`` mentions of ``keep`` and drop ``gone``."""
        keep.mentions.extend(m for m in gone.mentions if m not in keep.mentions)
        keep.first = min(keep.first, gone.first)
        for i, k in list(self._ent_at.items()):
            if k is gone:
                self._ent_at[i] = keep
        self._mentions_order = [(i, keep if k is gone else k) for i, k in self._mentions_order]
        self._subjects = [(i, keep if k is gone else k) for i, k in self._subjects]
        self.clusters.remove(gone)

    # --- named mentions -------------------------------------------------
    def _new(self, name: str, type_: str) -> Cluster:
        c = Cluster(id=f"E{len(self.clusters) + 1}", name=name, type=type_, forms=[name])
        c.acronym = acronym(name) or None if type_ != "PERSON" else None
        self.clusters.append(c)
        return c

    def _new_at(self, name: str, type_: str, i: int) -> Cluster:
        """A new entity first named at token ``i`` while sources are resolved (a name
        the NER left untyped), in the order of mentions the pronouns look back on."""
        c = self._new(name, type_)
        c.first = i
        self._mentions_order.append((i, c))
        self._mentions_order.sort(key=lambda x: x[0])
        return c

    def _place(self, m: NameMention) -> Cluster:
        # "Mr. Pett" is never the woman "Nesta Pett", nor "Mrs. Bennet" Mr. Bennet
        titled = TITLE_GENDER.get(fold(m.titles.split()[0]).rstrip(".")) if m.titles else None
        c = self._match(m.name, m.type, at=m.start, gender=titled)
        nick = _NICKNAME.search(self.text[m.start_char : m.end_char])
        if nick is not None and m.type == "PERSON":
            # "Oto “Joe Boy” Joseph" … "Joe Boy said": the nickname names them too
            nickname = nick.group().strip().strip("‘’“”\"'")
        else:
            nickname = None
        if c is None:
            c = self._new(m.name, m.type)
            c.first = m.start
            if m.type == "PERSON":
                c.gender = titled
        else:
            if m.name not in c.forms:
                c.forms.append(m.name)
            if _fuller(m.name, c.name) and (c.type != "PERSON" or m.type == "PERSON"):
                c.name = m.name
            c.first = min(c.first, m.start)
        c.starts.append(m.start_char)
        c.named_at.append(m.start)
        if m.ent.root.dep_ in ("nsubj", "nsubjpass"):
            c.subject_at.append(m.start)
        if m.type == "PERSON" and nickname is None:
            known = _KNOWN_AS.match(self.text, m.end_char)
            nickname = known.group(1) if known else None
        if nickname and nickname not in c.forms:
            c.forms.append(nickname)
            c.nicknames.add(nickname)
        return c

    def _match(
        self, name: str, type_: str, *, at: int | None = None, gender: str | None = None
    ) -> Cluster | None:
        """The cluster a name joins: a person by full name, surname, given name or a
        spelling variant; an organisation by name, acronym or a shorter form. A name
        whose title gives a ``gender`` never joins a person of the other one."""
        words = name_words(name)
        if not words:
            return None
        groups = ("ORG", "GPE", "NORP")
        fits: list[tuple[Cluster, str]] = []
        for c in self.clusters:
            if c.type == "PERSON" and (type_ == "PERSON" or len(words) == 1):
                if gender is not None and (c.gender or first_name_gender(c.name)) not in (
                    None,
                    gender,
                ):
                    continue
                how = mention_fits(name, c.name)
                if how is None:
                    how = next(
                        (mention_fits(name, f) for f in c.forms if mention_fits(name, f)), None
                    )
                # a given name alone the NER typed as an organisation ("Zara said"), or a
                # name the article gave the person ("X, better known as Blue")
                if how is not None and (
                    type_ == "PERSON"
                    or how in ("surname", "middle")
                    or (how == "given" and type_ == "ORG")
                    or name in c.nicknames
                ):
                    fits.append((c, how))
                continue
            if (
                c.type == "PERSON"
                or type_ == "PERSON"
                and not (c.acronym and name.replace(".", "") == c.acronym)
            ):
                continue
            if not (c.type == type_ or (type_ in groups and c.type in groups)):
                continue
            # organisations by all their words ("Islamic State of Iraq" is not "Iraq";
            # name_words reads person names and cuts "State of" as a title)
            cw, ow = _org_key(c.name), _org_key(name)
            if (
                cw == ow
                or any(_org_key(f) == ow for f in c.forms)
                # a people named in the singular and the plural: "Houthi", "Houthis"
                or (
                    "NORP" in (type_, c.type)
                    and [w.removesuffix("s") for w in cw] == [w.removesuffix("s") for w in ow]
                )
                or c.acronym
                and name.replace(".", "") == c.acronym
                or len(ow) >= 2
                and acronym(name)
                and c.name.replace(".", "") == acronym(name)
            ):
                fits.append((c, "same"))
            elif (
                type_ == "ORG"
                and c.type == "ORG"
                and cw[-len(ow) :] == ow
                and (
                    len(ow) >= 2
                    # one word, no kind of body ("the Guards" for "Revolutionary Guards",
                    # not "the Bank" for "World Bank")
                    or (len(cw) >= 2 and ow[0] not in ORG_WORDS and ow[0] not in ORG_NOUNS)
                )
            ):
                fits.append((c, "surname"))
        if any(how not in ("misspelt", "middle") for _, how in fits):
            fits = [(c, how) for c, how in fits if how not in ("misspelt", "middle")]
        if not fits:
            return None
        exact = [c for c, how in fits if how in ("same", "longer")]
        if len(exact) >= 1:
            return exact[0]
        if len(fits) == 1:
            return fits[0][0]
        if at is not None:
            before = [c for c, _ in fits if c.first < at]
            if len({id(c) for c in before}) == 1:
                return before[0]
            shared = [c for c, how in fits if how == "surname"]
            if len(shared) >= 2 and type_ == "PERSON" and len(words) == 1:
                # two people share the surname (two who share a given name stay apart:
                # "Ahmed" names neither): the one named in full as the subject of a
                # sentence in this paragraph or the one before ("Olena Koval said …
                # Koval added"), else the one the article's body names first (a relative
                # named in passing is given her full name again)
                para = self._para_of[at]
                recent = {
                    id(c): max(
                        (i for i in c.subject_at if i < at and para - self._para_of[i] <= 1),
                        default=-1,
                    )
                    for c in shared
                }
                best = max(shared, key=lambda c: recent[id(c)])
                if recent[id(best)] >= 0 and sorted(recent.values())[-2] < recent[id(best)]:
                    return best
                never = 1 << 30
                body = {
                    id(c): min((i for i in c.named_at if self._para_of[i] > 0), default=never)
                    for c in shared
                }
                return min(shared, key=lambda c: body[id(c)])
        return None

    def _register(self, m: NameMention, c: Cluster) -> None:
        doc = self.doc
        c.mentions.append((m.ent.start_char, m.ent.end_char))
        # the entity's tokens and the name's ("Babajide Sanwo" + "-Olu" joined)
        for i in range(min(m.ent.start, m.start), max(m.ent.end, m.end)):
            self._ent_at[i] = c
        ent = m.ent
        root = ent.root
        end = max(ent.end, m.end)
        if (
            root.dep_ in ("compound", "amod", "nmod")
            and root.head.i >= end
            # (not before a finite verb the parser ran into a noun phrase: "President X
            # disavowed Minister Y")
            and not (end < len(doc) and doc[end].tag_ in ("VBD", "VBZ", "VBP"))
        ):
            return  # a name used as a modifier ("the Cruise video") is not a referent
        self._mentions_order.append((root.i, c))
        if root.dep_ in ("nsubj", "nsubjpass") or (
            root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass")
        ):
            self._subjects.append((root.i, c))
        self._collect_epithets(ent, c)
        if c.type != "PERSON":
            return
        if m.titles:
            first = fold(m.titles.split()[0]).rstrip(".")
            if c.gender is None:
                c.gender = TITLE_GENDER.get(first)
            role = m.titles
            if fold(role).rstrip(".") not in TITLE_GENDER and role not in c.roles:
                c.roles.append(role)
                c.titles.add(_title_head(role))
        elif ent.start > 0:
            prev = doc[ent.start - 1]
            if c.gender is None:
                c.gender = TITLE_GENDER.get(prev.lower_.rstrip("."))
            # "Dr." + "Howard Archie", a title the NER left outside the name: a role
            # the description "the doctor" can name
            title = fold(prev.text).rstrip(".")
            if _title_before(prev) and title not in TITLE_GENDER and prev.text not in c.roles:
                c.roles.append(prev.text)
                c.titles.add(title)
        if c.gender is None:
            c.gender = first_name_gender(c.name)
            c.gender_guessed = c.gender is not None
        self._collect_roles(ent, c)

    # --- roles ----------------------------------------------------------
    def _collect_epithets(self, ent: Span, c: Cluster) -> None:
        root = ent.root
        for child in root.children:
            if child.dep_ == "appos" and child.i > ent.end - 1 and child.pos_ == "NOUN":
                # "X, a UK-based monitor,": "monitor"
                c.epithets.setdefault(child.lemma_.lower(), child.i)
        if root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ == "NOUN":
            # "an Australian woman, Valeska Paris"
            c.epithets.setdefault(root.head.lemma_.lower(), root.head.i)
        for child in root.children:
            if (
                child.dep_ == "compound"
                and child.i == ent.start - 1
                and child.pos_ == "NOUN"
                and fold(child.lemma_) in ORG_NOUNS
            ):
                c.epithets.setdefault(child.lemma_.lower(), child.i)  # "the union Unite"

    def _collect_roles(self, ent: Span, c: Cluster) -> None:
        if c.type != "PERSON":
            return
        root = ent.root
        doc = ent.doc
        for child in root.children:
            if child.dep_ == "appos" and child.like_num and child.i > root.i:
                c.ages.add(child.text)  # "Smith, 52,"
        before = _AGE.search(doc[max(0, ent.start - 6) : ent.start].text)
        if before and before.end() >= len(doc[max(0, ent.start - 6) : ent.start].text) - 1:
            c.ages.add(before.group(1))  # "52-year-old Mark Smith"
        # apposition: "Ismail Khan, a jihadi commander,"
        for child in root.children:
            if child.dep_ == "appos" and child.i > ent.end - 1:
                self._add_role(c, child)
        if root.dep_ == "appos" and root.head.i < ent.start:
            self._add_role(c, root.head)
        # "arresting officer and namesake Kelvin Mugadza": a bare role noun (no article)
        # coordinated with the name describes the same person
        if (
            root.dep_ == "conj"
            and root.head.i < ent.start
            and fold(root.head.lemma_) in ROLE_WORDS
            and not any(t.dep_ in ("det", "poss") for t in root.head.children)
            and doc[root.head.i + 1].lower_ == "and"
        ):
            toks = list(doc[root.head.left_edge.i : root.head.i + 1])
            self._add_role_text(c, " ".join(t.text for t in toks), toks)
        # "The Minister of Information, Mohammed Idris, says": a role phrase that opens
        # the sentence, then a comma and the name (parsed apart: no apposition)
        first = ent.start  # "Josep" + "Maria Álvarez": a given name the NER left out
        while first > ent.sent.start and doc[first - 1].pos_ == "PROPN" and doc[first - 1].is_title:
            if doc[first - 1].ent_type_ or not is_given_name(doc[first - 1].text):
                break
            first -= 1
        if first >= 2 and doc[first - 1].text == ",":
            lo, hi = ent.sent.start, first - 1
            while lo < hi and doc[lo].is_space:
                lo += 1
            if lo + 2 < hi and (doc[lo].lower_, doc[lo + 1].lower_) in (
                ("according", "to"),
                ("as", "per"),
            ):
                lo += 2  # "According to the leader of UGT in Catalonia, Josep Maria Álvarez, …"
            toks = [t for t in doc[lo:hi] if not t.is_space]
            tops = [t for t in toks if not lo <= t.head.i < hi or t.head.i == t.i]
            if (
                toks
                and len(toks) <= 12
                and len(tops) == 1
                and tops[0].pos_ in ("NOUN", "PROPN")
                and fold(tops[0].lemma_) in ROLE_WORDS
                and not any(t.ent_type_ == "PERSON" for t in toks)
            ):
                start = 1 if toks[0].pos_ == "DET" else 0
                self._add_role_text(c, " ".join(t.text for t in toks[start:]), toks)
        # "Ana Popescu, appointed … as Governor of the National Bank"
        for child in root.children:
            if child.dep_ in ("acl", "relcl") and child.i > root.i:
                for prep in child.children:
                    if prep.lower_ == "as" and prep.dep_ == "prep":
                        obj = next((t for t in prep.children if t.dep_ == "pobj"), None)
                        if obj is not None and fold(obj.lemma_) in ROLE_WORDS:
                            self._add_role(c, obj)
        # "Acme's Peterson": the organisation is the person's
        for child in root.children:
            if child.dep_ == "poss" and (
                child.ent_type_ in ("ORG", "GPE", "NORP")
                # (a club or a place the NER left untyped: "Chennaiyin's Owen Coyle")
                or (child.pos_ == "PROPN" and not child.ent_type_ and child.i < ent.start)
            ):
                owner = self.cluster_at(child)
                aff = owner.name if owner is not None else child.text
                if aff not in c.affiliations:
                    c.affiliations.append(aff)
        # pre-modifiers: "NRF leader Ahmad Massoud", "former foreign minister X"
        pre = list(ent.doc[max(0, ent.start - 6) : ent.start])
        k = len(pre)
        while (
            k > 0
            # no other person's name ("President X disavowed Minister Y")
            and not (
                pre[k - 1].ent_type_ == "PERSON" and any(t.ent_type_ != "PERSON" for t in pre[k:])
            )
            and (
                pre[k - 1].dep_ in ("compound", "amod", "nmod", "poss")
                or pre[k - 1].tag_ == "POS"
                or pre[k - 1].ent_type_ in ("ORG", "GPE", "NORP")
                # "director-general", "Jamiat-e-Islami": one word written with hyphens
                or (k >= 2 and pre[k - 1].text == "-" and _glued(ent.doc, pre[k - 2].i))
                or (k < len(pre) and pre[k].text == "-" and _glued(ent.doc, pre[k - 1].i))
                # "Minister of Transport Ali Hamiyeh": a portfolio after the role word
                or (pre[k - 1].lower_ in ("of", "for") and pre[k - 1].dep_ == "prep")
                or (pre[k - 1].dep_ == "pobj" and pre[k - 1].head.lower_ in ("of", "for"))
            )
        ):
            k -= 1
        mods = pre[k:]
        while mods and mods[0].lower_ in ("of", "for"):
            mods = mods[1:]
        if mods and any(t.lemma_.lower() in ROLE_WORDS for t in mods):
            self._add_role_text(c, " ".join(t.text for t in mods), mods)

    def _add_role(self, c: Cluster, head: Token) -> None:
        toks = [t for t in head.subtree if not t.is_punct or t.text in ("-", "’", "'")]
        toks = [t for t in toks if t.i >= head.left_edge.i]
        if not toks or len(toks) > 12:
            return
        if not any(t.lemma_.lower() in ROLE_WORDS or t.pos_ == "NOUN" for t in toks):
            return
        if head.ent_type_ == "PERSON":
            return
        start = 1 if toks[0].lower_ in ("a", "an", "the") else 0
        self._add_role_text(c, " ".join(t.text for t in toks[start:]), toks)

    def _add_role_text(self, c: Cluster, role: str, toks: list[Token]) -> None:
        if all(fold(w).rstrip(".") in TITLE_GENDER for w in role.split()):
            return  # "Mr", "Mrs": a form of address, no role
        role = re.sub(r"\s+([’',.])", r"\1", role).strip(" ,")
        role = re.sub(r"\s*-\s*", "-", role)  # tokens of "director - general" joined
        for form in sorted({c.name, *c.forms}, key=len, reverse=True):
            if form and role.endswith(form):  # "President of X, Ana Lima": not her name
                role = role[: -len(form)].strip(" ,")
        if role and role not in c.roles:
            c.roles.append(role)
        for t in toks:
            if t.ent_type_ in ("ORG", "GPE", "NORP") and t.ent_iob_ == "B":
                ent = next((e for e in t.doc.ents if e.start == t.i), None)
                if ent is not None:
                    aff = _clean_name(ent)
                    if aff not in c.affiliations:
                        c.affiliations.append(aff)

    # --- resolution -----------------------------------------------------
    def note_contents(self, spans: list[tuple[int, int]]) -> None:
        """The character spans of the statements' contents: a person who is the
        subject only inside somebody's reported words ("X told reporters that Y hoped
        to visit") is not the one a following "he said" continues with."""
        for s, e in spans:
            sp = self.doc.char_span(s, e, alignment_mode="expand")
            if sp is not None:
                self._reported.update(range(sp.start, sp.end))

    def person_subject(self, start: int, end: int) -> Cluster | None:
        """The person last named as a subject between characters ``start`` and
        ``end`` (a paragraph), outside reported words; None when there is none."""
        doc = self.doc
        found = None
        for i, c in self._narrated_subjects():
            if c.type == "PERSON" and start <= doc[i].idx < end:
                found = c
        return found

    def subject_mentions(self) -> list[tuple[int, int, Cluster]]:
        """The people named as the subject of a sentence's main clause outside
        reported words ("Mrs. Hall lit the fire", not "as Millie had been brisked
        up"), in text order: characters of the subject's token and entity."""
        doc = self.doc

        def main(i: int) -> bool:
            t = doc[i].head if doc[i].dep_ == "appos" else doc[i]  # "X's president, Y, told"
            v = t.head
            while v.dep_ == "conj" and v.head.i != v.i:
                v = v.head
            return v.dep_ == "ROOT"

        return [
            (doc[i].idx, doc[i].idx + len(doc[i]), c)
            for i, c in self._narrated_subjects()
            if c.type == "PERSON" and main(i)
        ]

    def _narrated_subjects(self) -> list[tuple[int, Cluster]]:
        return [(i, c) for i, c in self._subjects if i not in self._reported]

    def cluster_at(self, tok: Token) -> Cluster | None:
        return self._ent_at.get(tok.i)

    def _recent(
        self, before: int, type_: str | None = "PERSON", gender: str | None = None
    ) -> Cluster | None:
        best = None
        for i, c in self._mentions_order:
            if i >= before:
                break
            if type_ and c.type != type_:
                continue
            if gender and c.gender and c.gender != gender:
                continue
            best = c
        return best

    def resolve(
        self,
        doc: Doc,
        span: tuple[int, int],
        head_i: int | None,
        *,
        turn: bool = True,
        source: bool = False,
        statement: bool = True,
    ) -> tuple[Cluster | None, float]:
        """The entity a source span refers to, with a confidence; None when unsure.
        ``source``: the span is a statement's source, which a description left
        unresolved may name by the one who has spoken (:meth:`_only_speaker`; not a
        claim's party: "laid the blame at the door of the mayor").
        ``turn``: whether the statement is a turn of the narration's speaking, which a
        following "he said" may continue (not one a noun names on the way: "in response
        to Y's allegations that …"); ``statement``: whether it is a statement, not a
        reported action ("neither X nor his successors seem to …"), which a following
        "he added" goes on from."""
        sp = doc.char_span(span[0], span[1], alignment_mode="expand")
        if sp is None or len(sp) == 0:
            return None, 0.0
        # "Minister JP Nadda today said", "X on Monday said": the time is not the source
        end = sp.end
        while end - 1 > sp.start and (
            doc[end - 1].ent_type_ in ("DATE", "TIME") or doc[end - 1].lower_ in _WHEN
        ):
            end -= 1
        if end - 1 > sp.start and doc[end - 1].dep_ == "prep":
            end -= 1  # "on" of "on Monday"
        # only a time said of the verb, apart from the noun phrase ("The 52-year-old")
        if (
            end < sp.end
            and any(t.pos_ == "PROPN" for t in doc[sp.start : end])
            and not any(sp.start <= t.head.i < end for t in doc[end : sp.end])
            and not any(end <= t.head.i < sp.end for t in doc[sp.start : end])
        ):
            sp = doc[sp.start : end]
        head = doc[head_i] if head_i is not None and sp.start <= head_i < sp.end else sp.root
        if head.is_punct:
            # "a statement signed by X, Malam Y, the commissioner": a comma the parse hung
            # the words after it on is no head; the first word hung outside the span is
            head = next(
                (t for t in sp if not t.is_punct and not sp.start <= t.head.i < sp.end),
                head,
            )
        # a clause on the source is not the source: "The governor, who was represented by
        # his deputy, Dr. X, said" is the governor's statement
        clauses = [
            ch.left_edge.i
            for ch in head.children
            if ch.dep_ in ("relcl", "acl") and ch.pos_ in ("VERB", "AUX") and ch.i > head.i
        ]
        cut = min(clauses, default=sp.end)
        while cut - 1 > head.i and doc[cut - 1].is_punct:
            cut -= 1
        if head.i < cut < sp.end:
            sp = doc[sp.start : cut]
        if head.i in self._resolved_at:
            # one mention, one referent: the "he" of "“…,” he said, adding that …" is
            # the same person for both statements (resolved again, the first would have
            # made him the speaker the pronoun goes on from)
            return self._resolved_at[head.i], self._resolved_conf[head.i]
        c, conf = self._resolve(sp, head)
        if source and (c is None or c.type == "UNNAMED"):
            only = self._only_speaker(sp, head)
            if only is not None:
                c, conf = only, 0.5
        if c is not None:
            self._add_mention(c, sp)
            self._resolved_at[head.i] = c
            self._resolved_conf[head.i] = conf
            # a speaker reported inside another's words ("X said Y was 'not commenting'")
            # is not who the narration goes on with
            nested = head.i in self._reported or not turn
            if c.type != "UNNAMED":
                if not nested:
                    self._last_speaker = (head.i, c)
                    if statement:
                        self._last_said = (head.i, c)
                    if c not in self._spoken:
                        self._spoken.append(c)
                    if c.type == "ORG" and not _is_outlet(c):
                        self._last_org = (head.i, c)
            elif _body(c) or (not _person_noun(head) and head.pos_ == "NOUN"):
                self._last_unnamed = (head.i, c, head.tag_ == "NNS")
        return c, conf

    def _outlet_named_before_kind(self, sp: Span, head: Token) -> Cluster | None:
        """ "the Espreso TV website reported": an outlet's name the NER left untyped,
        written right before the noun of its kind (a place is no name: "the
        Monterrey-based daily")."""
        if head.pos_ != "NOUN" or fold(head.lemma_) not in _OUTLET_NOUNS:
            return None
        k = head.i
        while (
            k - 1 >= sp.start
            and sp.doc[k - 1].dep_ == "compound"
            and (sp.doc[k - 1].is_title or sp.doc[k - 1].is_upper)
            and sp.doc[k - 1].ent_type_ != "DATE"
            and nationality(sp.doc[k - 1].text) is None
        ):
            k -= 1
        run = sp.doc[k : head.i]
        if not any(t.pos_ == "PROPN" for t in run) or all(
            t.ent_type_ in ("GPE", "NORP", "LOC") for t in run
        ):
            return None  # (nothing, or a place: "the London newspaper")
        return self._match(run.text, "ORG", at=k) or self._new_at(run.text, "ORG", k)

    def _same_as_before(self, sp: Span, head: Token) -> Cluster | None:
        """ "the same source said", "the same official added": the one who spoke last,
        of the kind the noun allows (a person noun a person, a body's noun a body)."""
        if head.pos_ != "NOUN" or not any(t.lower_ == "same" and t.head.i == head.i for t in sp):
            return None
        ls = self._last_speaker
        if ls is None or ls[0] >= head.i:
            return None
        word = fold(head.lemma_)
        if (word in PERSON_NOUNS and ls[1].type != "PERSON") or (
            word in ORG_NOUNS and ls[1].type != "ORG"
        ):
            return None
        return ls[1]

    def _only_speaker(self, sp: Span, head: Token) -> Cluster | None:
        """A definite description left unresolved ("the veteran said", "the firm
        added") stands for the one person (a person noun) or the one organisation (a
        company's noun) that has spoken in the narration before it, if only one has."""
        if head.pos_ != "NOUN" or head.tag_ != "NN" or not self._definite(sp, head):
            return None
        if any(t.dep_ == "poss" and t.pos_ == "PRON" for t in head.children):
            return None  # "my father", "her lawyer": somebody related to someone
        learned = head.is_lower and fold(head.lemma_) in LEARNED_PERSON_NOUNS
        if fold(head.lemma_) in PERSON_NOUNS or fold(head.text) in PERSON_NOUNS:
            kind = "PERSON"
        elif learned:
            # a noun only learned to be a person's ("the cricketer"), when the article
            # has named one person before it ("the announcer" of an advert is nobody
            # the article named)
            named = {id(c) for c in self.clusters if c.type == "PERSON" and c.first < head.i}
            if len(named) != 1:
                return None
            kind = "PERSON"
        elif fold(head.lemma_) in ORG_NOUNS and fold(head.lemma_) not in _GOVERNING_NOUNS:
            kind = "ORG"  # (not "the government": a place's, whoever else has spoken)
        else:
            return None
        spoken = [c for c in self._spoken if c.type == kind]
        if len(spoken) != 1 or (
            kind == "PERSON" and _other_office(fold(head.lemma_), spoken[0].roles)
        ):
            return None  # ("the mayor" is not Councillor X)
        return spoken[0]

    def _resolve(self, sp: Span, head: Token) -> tuple[Cluster | None, float]:
        pair = self._former_or_latter(sp, head)
        if pair is not None:
            return pair, 0.8
        # 1. a named mention inside the span (prefer the head)
        c = self.cluster_at(head)
        # "the Acme governor", "Oman's foreign minister", "the Fiji coach": a person
        # described by a role; the organisation or place named in it is an affiliation
        role_head = head.pos_ in ("NOUN", "PROPN") and _person_noun(head)
        if (
            role_head
            and c is not None
            and c.type == "ORG"
            and head.ent_type_ == "ORG"
            and head.is_title
            and not is_role_word(head.text)
            and head.text in c.name.split()
            and len(c.name.split()) >= 2  # (not "the Dutchman" typed as a body)
        ):
            role_head = False  # a word of the body's own name: "United Steelworkers Local 1-405"
        if c is not None and c.type != "PERSON" and role_head:
            c = None
        if c is not None and c.type == "ORG" and c.name.isupper() and len(c.name) <= 4:
            # "the FM told reporters": the person whose role it abbreviates
            holder = self._role_acronym(c.name, head.i)
            if holder is not None:
                return holder, 0.75
        if (c is None or c.type == "NORP") and head.ent_type_ == "NORP" and len(sp) == 1:
            # "American said it plans cuts" after "American Airlines": one speaker in the
            # singular is no people but the one organisation whose name it opens
            w = fold(head.text)
            firms = [k for k in self.clusters if k.type == "ORG" and _org_key(k.name)[:1] == (w,)]
            if len(firms) == 1:
                return firms[0], 0.75
        if c is not None and c.type == "NORP" and len(sp) == 2 and sp[0].lower_ == "the":
            # "the Chinese claimed", "The New Zealander said": one person of that country
            # is who the article names with it ("Qinwen of China", "China's Qinwen")
            one = self._person_of_country(head)
            if one is not None:
                return one, 0.7
        if c is not None and c.type != "PERSON":
            # "Pakistan Foreign Office spokesperson Tasnim Aslam": the person
            p = self._name_at_end(sp, after_role=True)
            if p is not None:
                return p, 0.9
        if c is not None:
            return c, 0.95
        p = self._name_at_end(sp, after_role=True)
        if p is not None:
            return p, 0.9  # "Pakistan Foreign Office spokesperson Tasnim Aslam"
        p = self._named_before_role(sp, head)
        if p is not None:
            return p, 0.85  # "Col. Juan Cruz, police spokesperson said"
        for t in sp:
            c = self.cluster_at(t)
            if c is None or c.type not in ("PERSON", "ORG") or (role_head and c.type != "PERSON"):
                continue
            # "NRF leader Ahmad Massoud", "the minister, Ahmad Massoud": the name is in
            # apposition or is the head's own name; "critics of Trump" is not Trump.
            link = t
            while (
                link.i != head.i
                and link.dep_ in ("compound", "flat", "appos")
                and link.head != link
            ):
                link = link.head
            if (link.i == head.i and t.dep_ != "poss") or (
                t.dep_ == "appos" and t.head.i == head.i
            ):
                return c, 0.85
        # "Tom Arbuckle, spokesman for the Harbour Shipping Assn., representing …": a
        # source that opens with a person's name and a comma is that person
        first = self.cluster_at(sp[0])
        if first is not None and first.type == "PERSON":
            k = sp.start
            while k < sp.end and self.cluster_at(sp.doc[k]) is first:
                k += 1
            if k < sp.end and sp.doc[k].text == ",":
                return first, 0.85
        # "the company's chief executive and founder Lin Wei, according to …": a role
        # description holding one person's name (not after a preposition or as a
        # possessor: "critics of Trump", "Thomas' sister") is that person
        if role_head:
            named: dict[int, Cluster] = {}
            for t in sp:
                holder = self._named_in_role(sp, head, t)
                if holder is not None:
                    named[id(holder)] = holder
            if len(named) == 1:
                return next(iter(named.values())), 0.8
        # "a story carried by The Sun, a UK tabloid insinuating that …": a description
        # after a name and a comma, speaking through a participle, is that name's
        if (
            sp[0].lower_ in ("a", "an")
            and sp.start >= 2
            and sp.doc[sp.start - 1].text == ","
            and head.head.tag_ == "VBG"
            and head.head.i >= sp.end
        ):
            named_before = self.cluster_at(sp.doc[sp.start - 2])
            if named_before is not None and named_before.type in ("ORG", "PERSON"):
                return named_before, 0.8
        # "an independent who does not claim to belong to either camp, Edward Yiu of …":
        # a person named in apposition to the source is the source
        for child in head.children:
            if child.dep_ == "appos" and child.i >= sp.end:
                named_as = self.cluster_at(child)
                if named_as is not None and named_as.type == "PERSON":
                    return named_as, 0.85
        # "A statement from the Interior Ministry said", "the ministry's statement":
        # the document's author; "A group calling itself the Free Army": the name given
        author = self._author_named(head)
        if author is not None:
            return author, 0.8
        # 1a. a title or description ending in the person's name, the parse gone astray:
        # "Malaysia's Prime Minister, Najib Razak", "Governor of Washington Chris Gregoire"
        if head.pos_ in ("NOUN", "PROPN"):
            c = self._name_at_end(sp)
            if c is not None:
                return c, 0.8
        is_role = head.lemma_.lower() in ROLE_WORDS or head.lower_ in ROLE_WORDS
        # 1b. a proper name the NER missed: match it against known names
        if head.pos_ == "PROPN" and is_role and self._definite(sp, head):
            # "the President", "the Governor": whoever holds that title in the article
            c = self._by_description(sp, head)
            if c is not None:
                return c, 0.6
        if head.pos_ != "PROPN" and head.text[:1].isupper() and head.is_alpha:
            # a known name the tagger took for a common noun ("Rathbun said")
            c = self._match(head.text, "PERSON", at=head.i) or self._match(
                head.text, "ORG", at=head.i
            )
            if c is not None:
                return c, 0.75
        demonym = is_demonym_person(head.text) and self._definite(sp, head)
        if head.pos_ == "PROPN" and head.text[:1].isupper() and not demonym:
            # the name is the run of proper nouns ending at the head; a lower-case word or
            # a possessive ends it ("Syria's foreign Ministry" names no "Syria Ministry")
            k = head.i
            owned = fold(head.text) in _BODY_WORDS
            while k - 1 >= max(sp.start, head.left_edge.i) and (
                (
                    sp.doc[k - 1].tag_ != "POS"
                    and (sp.doc[k - 1].pos_ == "PROPN" or sp.doc[k - 1].text in ("-", "."))
                )
                # "the Polk County Sheriff's Office": a body named by its office holder
                or (
                    owned
                    and sp.doc[k - 1].tag_ == "POS"
                    and k - 2 >= sp.start
                    and sp.doc[k - 2].pos_ == "PROPN"
                    and is_role_word(sp.doc[k - 2].text)
                )
            ):
                k -= 1
            propn = [t for t in sp.doc[k : head.i + 1] if t.pos_ == "PROPN"]
            name = " ".join(t.text for t in propn) or head.text
            c = self._match(name, "PERSON", at=head.i) or self._match(name, "ORG", at=head.i)
            if c is not None:
                return c, 0.8
            letters = propn[-1].text if propn else name
            if (
                letters.isupper()
                and len(letters) <= 4
                and (letters == name or is_role_word(letters))
            ):
                # "the FM told reporters", "the Chhattisgarh CM told ANI": the person
                # whose role it abbreviates
                holder = self._role_acronym(letters, head.i)
                if holder is not None:
                    return holder, 0.75
                if letters != name:
                    # "The Highlands and Islands MSP lamented …": a role of the place it
                    # serves, no name to make of it; the person speaking a moment ago
                    ls = self._last_speaker
                    if (
                        ls is not None
                        and ls[0] < head.i
                        and ls[1].type == "PERSON"
                        and self._para_of[head.i] - self._para_of[ls[0]] <= 2
                    ):
                        return ls[1], 0.55
                    return None, 0.0
            if len(propn) == 1 and fold(name) in ORG_NOUNS:
                # "Ministry rejects …" in a headline: a kind of body, named in the text
                c = self._by_description(sp, head)
                if c is not None:
                    return c, 0.6
            # a capital "The" inside a sentence makes a title of it ("according to The
            # Economist", a paper, not an economist)
            titled = sp[0].text == "The" and not sp[0].is_sent_start
            role_named = (
                fold(head.text).rstrip(".") in PERSON_NOUNS and not titled
            )  # "White House Doctor"
            if (
                head.ent_type_ in _UNTYPED
                and not role_named
                and propn
                and name_problem(f"The {name}" if titled else name, "ORG") is None
                and (name_words(name) or titled)
            ):
                # the name as written ("Juman-Yassin" keeps its hyphen), its letters cut
                # (from its first proper noun to its last: not "- We" of "X - We gave")
                _, core, _ = split_title(sp.doc[propn[0].i : propn[-1].i + 1].text)
                last = _of_a_name(sp, head) if len(propn) == 1 else None
                if last is not None and fold(head.text) in ORG_NOUNS:
                    core = sp.doc[head.i : last + 1].text  # "The Government of Sri Lanka"
                person = len(propn) >= 2 and not looks_like_org(core) and not head.ent_type_
                kind = "PERSON" if person else "ORG"
                if titled and kind == "ORG":
                    core = f"The {core}"
                c = self._new_at(strip_post_nominals(core) if person else core, kind, head.i)
                return c, 0.5
        low = head.lower_
        if low in ("which", "who", "that") and head.head.dep_ == "relcl":
            # "The New York Times, which reported ...", "a local builder, who said ...":
            # the noun phrase the clause is about, resolved as if it were the source
            noun = head.head.head
            c = self.cluster_at(noun)
            if c is not None:
                return c, 0.8
            if low == "who" and noun.ent_type_ in _NO_ONE:
                # "comments by X at the conference on Monday, who declared …": who is
                # the person the sentence named last, not a day or a place
                sent = self._sent_of[head.i]
                persons = [
                    k
                    for j, k in self._mentions_order
                    if j < head.i and k.type == "PERSON" and self._sent_of[j] == sent
                ]
                if persons:
                    return persons[-1], 0.7
            if noun.dep_ == "attr" and noun.head.lemma_ == "be":
                # "Athor is a renegade general who …": the subject the noun is said of
                subj = next((t for t in noun.head.children if t.dep_ == "nsubj"), None)
                c = self.cluster_at(subj) if subj is not None else None
                if c is not None:
                    return c, 0.8
            doc, end = sp.doc, head.head.left_edge.i
            while end > noun.i + 1 and doc[end - 1].is_punct:
                end -= 1
            if noun.pos_ in ("NOUN", "PROPN") and noun.i < end:
                c, conf = self._resolve(doc[noun.left_edge.i : end], noun)
                if c is not None:
                    return c, min(conf, 0.8)
        # 2. pronouns
        if low in PERSON_PRONOUNS:
            g = PERSON_PRONOUNS[low]
            if g in ("m", "f"):
                c, conf = self._antecedent(head.i, g)
                if c is not None and c.gender is None:
                    c.gender = g
                return c, conf
            if g == "n" or low == "they":
                return self._org_antecedent(head.i, plural=low == "they")
            return None, 0.0
        # 3. descriptions: "the mayor", "the Hull City man", "the airline"
        outlet = self._outlet_named_before_kind(sp, head)
        if outlet is not None:
            return outlet, 0.75
        same = self._same_as_before(sp, head)
        if same is not None:
            return same, 0.7
        body = self._national_body(sp, head)
        if body is not None:
            return body, 0.7
        aged = self._by_age(sp, head)
        if aged is not None:
            return aged, 0.65
        tail = [t for t in sp if not t.is_punct]
        if (
            tail
            and tail[-1].i != head.i
            and fold(tail[-1].text) in PERSON_NOUNS | ORG_NOUNS
            and not _person_noun(head)  # "a spokesman with the army": not the army
        ):
            head = tail[-1]  # "The Super Eagles' fringe forward", parsed as an adverb
        if self._definite(sp, head) and (
            head.pos_ in ("NOUN", "PROPN") or fold(head.text) in PERSON_NOUNS
        ):
            c = self._introduced.get(fold(head.lemma_)) or self._by_description(sp, head)
            if c is not None:
                return c, 0.65
        # 3a. "The report said": whoever the text gave that report to earlier
        issued = head.lemma_.lower() in ISSUED_NOUNS  # "An earlier statement said"
        if head.lemma_.lower() in DOCUMENT_NOUNS | ISSUED_NOUNS and (
            issued or self._definite(sp, head)
        ):
            c = self._author(head)
            if c is not None:
                return c, 0.6
        # 3b. the lede's "A federal judge ruled that …", named in the paragraphs after it
        # ("U.S. District Judge Maria Alvarez wrote"): a role introduced, then named
        if (
            self._para_of[head.i] <= 2
            and fold(head.lemma_) in ROLE_WORDS
            and head.tag_ == "NN"
            and any(t.dep_ == "det" and t.lower_ in ("a", "an") for t in head.children)
        ):
            mods = {fold(t.text) for t in sp if t.i != head.i and not t.is_stop and t.is_alpha}
            # "a spokesman with the army said …" then "spokesman Col. X told": named
            # after, but only by that very role and in the next paragraph
            anonymous = head.lower_ in UNNAMED_HEADS
            c = self._named_after(
                sp,
                head,
                mods,
                _NOUN_GENDER.get(fold(head.lemma_)),
                held_within=1 if anonymous else None,
            )
            if c is not None:
                self._introduced.setdefault(fold(head.lemma_), c)
                return c, 0.6
        # 3b'. the lede's "Britain's most senior police chief says …", "…, an expert
        # says", restated by the person the next paragraph opens with ("Cressida Dick,
        # the Metropolitan Police Commissioner, said …")
        c = self._lede_restated(sp, head)
        if c is not None:
            self._introduced.setdefault(fold(head.lemma_), c)
            return c, 0.55
        # 3c. "the Jazan health department", "the office of the prime minister": a body
        # the article names only by what it is, which later mentions ("the department",
        # "it") go on with
        body = self._body_by_description(sp, head)
        if body is not None:
            return body, 0.6
        # 4. unnamed sources
        if head.lemma_.lower() in UNNAMED_HEADS or head.lower_ in UNNAMED_HEADS:
            return self._new(re.sub(r"\s+", " ", sp.text).strip(), "UNNAMED"), 0.8
        # 5. any other noun phrase ("the report", "a leaked letter") is an unnamed source
        if head.pos_ == "NOUN":
            return self._new(re.sub(r"\s+", " ", sp.text).strip(), "UNNAMED"), 0.6
        return None, 0.0

    def _body_by_description(self, sp: Span, head: Token) -> Cluster | None:
        """A body the article names only by a definite description of what it is,
        where no named organisation fits: "the Jazan health department", "the office of
        the prime minister" (an unnamed source named by those words, without the
        article), which a later bare "the department" goes on with."""
        hl = fold(head.lemma_)
        if (
            head.pos_ not in ("NOUN", "PROPN")
            or not head.is_lower  # "the Health Ministry" is a name the NER missed
            or hl not in ORG_NOUNS
            or hl in PERSON_NOUNS
            or hl in _COMPANY_NOUNS
            or not self._definite(sp, head)
            or any(t.dep_ == "poss" for t in head.children)
        ):
            return None
        told = [
            c
            for c in head.children
            if c.i < head.i and c.dep_ in ("compound", "amod", "nmod") and c.is_alpha
        ] + [c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "for")]
        para = self._para_of[head.i]
        if not told:
            # "the department said": the body last named by such a description
            near = [
                c
                for i, c in self._bodies
                if i < head.i and para - self._para_of[i] <= 3 and hl in name_words(c.name)
            ]
            return near[-1] if near else None
        start = min([head.i, *(c.left_edge.i for c in told)])
        end = max([head.i, *(c.right_edge.i for c in told)]) + 1
        words = sp.doc[start:end]
        if any(t.dep_ in ("relcl", "acl") or t.is_punct for t in words):
            return None
        name = words.text
        c = next((k for _, k in self._bodies if fold(k.name) == fold(name)), None)
        if c is None:
            c = self._new(name, "UNNAMED")
            c.first = head.i
        self._bodies.append((head.i, c))
        return c

    def _by_age(self, sp: Span, head: Token) -> Cluster | None:
        """ "The 52-year-old said": the person last given that age ("Smith, 52,"); a bare
        age with no such person is the person being reported, as "the man" would be."""
        m = _AGE.search(sp.text)
        if m is None:
            return None
        aged = [
            (self._order(c, head.i), c)
            for c in self.clusters
            if c.type == "PERSON" and m.group(1) in c.ages and self._order(c, head.i) >= 0
        ]
        if aged:
            return max(aged, key=lambda x: x[0])[1]
        if fold(head.lemma_) not in ("old", "year"):
            return None  # "the 34-year-old striker": the noun decides
        ls = self._last_speaker
        if (
            ls is not None
            and ls[1].type == "PERSON"
            and self._sent_of[head.i] - self._sent_of[ls[0]] <= 3
        ):
            return ls[1]
        subj = [c for i, c in self._subjects if i < head.i and c.type == "PERSON"]
        return subj[-1] if subj else None

    def _place_described(self, head: Token, *, country: bool) -> Cluster | None:
        """ "The city said", "the country has insisted": the place of that kind named
        last, within three paragraphs (a country for "the country", else no country)."""
        para = self._para_of[head.i]
        for i, c in reversed(self._mentions_order):
            if i >= head.i or c.type != "GPE":
                continue
            if para - self._para_of[i] > 3:
                return None
            is_country = nationality(c.name) == fold(c.name).replace("the ", "", 1)
            if is_country == country:
                return c
        return None

    def _national_body(self, sp: Span, head: Token) -> Cluster | None:
        """A country's body named by description ("Syria's foreign ministry", "the
        Russian defence ministry"): an organisation of that name, which a later "the
        ministry" finds by its words. A company is not named by its place."""
        hl = head.lemma_.lower()
        if head.pos_ not in ("NOUN", "PROPN") or hl not in ORG_NOUNS or hl in PERSON_NOUNS:
            return None
        if hl in _COMPANY_NOUNS:
            return None  # "the London oil company": where a company is, not its name
        start = sp.start + (sp[0].pos_ == "DET")
        words = sp.doc[start : head.i + 1]
        if not words or any(t.is_punct and t.tag_ != "POS" for t in words):
            return None
        countries = [k for t in words if (k := self.cluster_at(t)) is not None]
        if not countries or not {k.type for k in countries} <= {"GPE", "NORP"}:
            return None
        name = re.sub(r"\s+", " ", words.text)
        c = self._match(name, "ORG", at=head.i)
        if c is not None and any(c is k for k in countries):
            c = None  # "the Palestinian health ministry" is not "Palestinian"
        c = c or self._body_named(name, head.i)
        if c is None and hl in _FUNCTION_NOUNS:
            # "South Korea's antitrust regulator said …" above "… a report issued by the
            # Fair Trade Commission": a body described by what it does, named after
            c = self._public_body_after(head.i)
        if c is None:
            c = self._new_at(name, "ORG", head.i)
        return c

    def _person_of_country(self, head: Token) -> Cluster | None:
        """The one person named before ``head`` whose roles or affiliations name the
        country of the demonym ``head`` ("Chinese": "Sixth seed Qinwen of China")."""
        country = _countries({fold(head.text)})
        if not country:
            return None
        fits = [
            c
            for c in self.clusters
            if c.type == "PERSON" and self._order(c, head.i) >= 0 and country <= _own_countries(c)
        ]
        return fits[0] if len(fits) == 1 else None

    def _public_body_after(self, at: int) -> Cluster | None:
        """The first public body named after token ``at`` in its paragraph or the next
        two, if none was named before it."""
        para = self._para_of[at]
        if any(i < at and c.type == "ORG" and _public_body(c) for i, c in self._mentions_order):
            return None
        return next(
            (
                c
                for i, c in self._mentions_order
                if i > at and self._para_of[i] - para <= 2 and c.type == "ORG" and _public_body(c)
            ),
            None,
        )

    def _body_named(self, description: str, before: int) -> Cluster | None:
        """The organisation named before ``before`` whose name holds every word of a
        country's body described ("Nigeria's central bank": the Central Bank of
        Nigeria; "the Russian defence ministry": the Ministry of Defence of Russia)."""
        words = {w.removesuffix("'s").removesuffix("'") for w in _org_words(description)}
        countries = _countries(words)
        rest = {w for w in words if nationality(w) is None}
        named = [
            c
            for c in self.clusters
            if c.type == "ORG"
            and self._order(c, before) >= 0
            and rest <= (own := _org_words(c.name))
            and countries <= _countries(own)
        ]
        return max(named, key=lambda c: self._order(c, before)) if named else None

    def _named_in_apposition(self, role: Token) -> Cluster | None:
        """The person named right after a role ("the Commissioner for Information,
        Malam Ibrahim Sule,"), as its apposition or, where the parse hangs the name
        elsewhere, the name after the role's phrase and a comma."""
        if not is_role_word(role.text):
            return None
        doc = role.doc
        after = role.right_edge.i + 2
        names = [a for a in role.children if a.dep_ == "appos"]
        if after < len(doc) and doc[after - 1].text == ",":
            names.append(doc[after])
        for t in names:
            k = self.cluster_at(t)
            if k is not None and k.type == "PERSON":
                return k
        return None

    def _named_or_described(self, tok: Token) -> Cluster | None:
        """The entity ``tok`` names, or that the definite description it heads stands
        for ("the airline" in "the airline's statement")."""
        k = self.cluster_at(tok)
        if k is None and tok.pos_ == "NOUN":
            phrase = tok.doc[tok.left_edge.i : tok.i + 1]
            if self._definite(phrase, tok):
                k = self._by_description(phrase, tok)
        return k

    def _author_named(self, head: Token) -> Cluster | None:
        """The entity a document noun names as its author ("a statement from X", "a
        letter by X", "X's statement"), or the name a group is said to go by ("a
        group calling itself X", "a group known as X")."""
        lemma = head.lemma_.lower()
        if lemma in DOCUMENT_NOUNS or lemma in CUE_NOUNS or lemma in ISSUED_NOUNS:
            for c in head.children:
                if c.dep_ == "poss" and (k := self._named_or_described(c)) is not None:
                    return k  # "X's statement", "the airline's latest statement"
                if c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
                    for obj in c.children:
                        if obj.dep_ != "pobj":
                            continue
                        # "a statement from X", "a statement from the ministry"
                        k = self._named_or_described(obj)
                        if k is not None:
                            # (a report "of" a person is about them)
                            if k.type != "PERSON" or lemma != "report" or c.lower_ != "of":
                                return k
                            return None
                # "the statement issued by her agent X" (not "emails combed through by Vox")
                if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in _ISSUING:
                    for ag in c.children:
                        by = next((o for o in ag.children if o.dep_ == "pobj"), None)
                        if ag.dep_ == "agent" and by is not None:
                            k = self._named_in_apposition(by) or self.cluster_at(by)
                            if k is None and by.pos_ in ("NOUN", "PROPN"):
                                k, _ = self._resolve(by.doc[by.left_edge.i : by.i + 1], by)
                            if k is not None:
                                return k
            # "reports from ESPN Brasil" with "from" hung elsewhere by the parse: the
            # name right after the preposition
            doc = head.doc
            if head.i + 2 < len(doc) and doc[head.i + 1].lower_ in ("from", "by"):
                for t in doc[head.i + 2 : head.i + 6]:
                    if t.is_punct or t.pos_ in ("VERB", "AUX", "ADP"):
                        break
                    if (k := self.cluster_at(t)) is not None:
                        return k
            # "A Bloomberg poll shows", "a Times article", "a USSS statement": the
            # organisation named in it
            named = {
                id(k): k
                for c in head.children
                if (c.dep_ in ("compound", "nmod") or (c.dep_ == "amod" and c.pos_ == "PROPN"))
                and (k := self.cluster_at(c)) is not None
            }
            if len(named) == 1 and (k := next(iter(named.values()))).type == "ORG":
                return k
            # "a ministry statement": the ministry the article named before
            kinds = [
                fold(c.lemma_)
                for c in head.children
                if c.dep_ == "compound" and c.pos_ == "NOUN" and fold(c.lemma_) in ORG_NOUNS
            ]
            if len(kinds) == 1:
                # (named anywhere before, also as a modifier: "Aberdeen Fire Department
                # fire personnel responded")
                bodies = [
                    k
                    for k in self.clusters
                    if k.type == "ORG"
                    and kinds[0] in _org_words(k.name)
                    and _named_before(k, head.idx) >= 0
                ]
                if bodies:
                    return max(bodies, key=lambda k: _named_before(k, head.idx))
            if (
                head.dep_ == "pobj"
                and head.head.lower_ in _THROUGH
                and head.head.head.pos_ == "VERB"
            ):
                # "X confirmed the capture in a tweet that said …": the tweet is X's
                return self._subject_cluster(head.head.head)
            return None
        if head.pos_ != "NOUN":
            return None
        for c in head.children:
            if c.dep_ == "acl" and c.lemma_.lower() in ("call", "name", "know"):
                for x in c.subtree:
                    if x.dep_ in ("oprd", "attr", "pobj") and (k := self.cluster_at(x)) is not None:
                        return k
        return None

    def _role_acronym(self, letters: str, before: int) -> Cluster | None:
        """The one person named before token ``before`` whose stated role has these
        initials ("FM": Finance Minister), when no organisation's name has them."""
        if any(acronym(k.name) == letters for k in self.clusters if k.type != "PERSON"):
            return None
        holders = [
            c
            for c in self.clusters
            if c.type == "PERSON"
            and self._order(c, before) >= 0
            and any(
                # "Uttar Pradesh Chief Minister": "CM" are the initials of its office
                # ("Member of Parliament for Ayawaso": "MP", the office without its seat)
                "".join(w[0] for w in office.replace("-", " ").split() if w[:1].isupper()).endswith(
                    letters
                )
                or holds_office(letters, r)
                for r in c.roles
                for office in {r, re.split(r"\s+(?:for|from|in|at)\s+", r)[0]}
            )
        ]
        return holders[0] if len(holders) == 1 else None

    def _named_in_role(self, sp: Span, head: Token, t: Token) -> Cluster | None:
        """The person named at ``t`` when ``t`` hangs on the role noun ``head`` of
        ``sp`` through no preposition or possessive."""
        k = self.cluster_at(t)
        if k is None or k.type != "PERSON":
            return None
        x = t
        while x.i != head.i:
            if x.dep_ in ("pobj", "poss") or x.head.i == x.i or not sp.start <= x.head.i < sp.end:
                return None
            x = x.head
        return k

    def _definite(self, sp: Span, head: Token) -> bool:
        """ "the mayor", "this company", "Archer's spokesman" (not "a spokesman")."""
        if head.tag_ in ("NNS", "NNPS"):
            return False
        if len(sp) == 1 and head.pos_ == "PROPN":
            return True  # "Minister denies ...": a headline's bare title
        if self._para_of[sp.end - 1] == 0 and self._para_of[-1] > 0 and sp[0].pos_ != "DET":
            return True  # a headline drops its articles: "Australian woman claims …"
        for t in head.children:
            if t.dep_ == "det" and t.lower_ in ("the", "this", "that"):
                return True
            if t.dep_ == "poss":
                return True
        return sp[0].lower_ == "the"

    def _order(self, c: Cluster, before: int) -> int:
        """Token index of ``c``'s last mention before ``before`` (-1: none)."""
        return max((i for i, k in self._mentions_order if k is c and i < before), default=-1)

    def _by_description(self, sp: Span, head: Token) -> Cluster | None:
        """The named entity a definite description stands for: the holder of that
        role, the person or organisation its modifiers name, or the current speaker."""
        hl = head.lemma_.lower()
        mods = {
            fold(t.text)
            for t in sp
            if t.i != head.i
            and not t.is_stop
            and not t.is_punct
            and t.pos_ != "DET"
            and t.tag_ != "POS"
        }
        last = self._last_speaker[1] if self._last_speaker else None
        if any(
            (k := self.cluster_at(t)) is not None
            and (k.type == "PERSON" or (t.dep_ == "poss" and hl not in PERSON_NOUNS))
            for t in sp
            if t.i != head.i
        ):
            # "Thomas' sister": somebody related to a named person, not them; "Baca's
            # attorney says …" before "Michael Zweiback says Baca had …": the one who
            # holds that role for them, named in the next sentences
            if hl in ROLE_WORDS and hl not in _GENERIC_PERSON:
                return self._named_after(sp, head, mods, _NOUN_GENDER.get(hl))
            return None
        # "The Syrian Observatory for Human Rights, a UK-based monitor, said …" … "The
        # monitor said": the one entity the article gave that description in apposition
        former = any(fold(t.text) in _FORMER for t in sp)  # a stop word, not in mods

        def past(at: int) -> bool:
            """Whether the epithet at token ``at`` was a past office ("the former chief
            minister X"), which "the Chief Minister" is not."""
            doc = head.doc
            return not former and any(fold(t.text) in _FORMER for t in doc[max(0, at - 3) : at])

        described_as = {
            id(c): c
            for c in self.clusters
            if self._order(c, head.i) >= 0
            and (
                # given before: "The union leader" is not "the leader of CCOO, X" below
                (c.epithets.get(hl, head.i) < head.i and not past(c.epithets[hl]))
                # "France's data privacy regulator, the Commission" … "The regulatory body"
                or (
                    hl in ORG_NOUNS
                    and any(
                        len(e) >= 6 and m.startswith(e) and at < head.i
                        for m in mods
                        for e, at in c.epithets.items()
                    )
                )
            )
        }
        if len(described_as) == 1:
            return next(iter(described_as.values()))
        if hl in _PLACE_NOUNS:
            return self._place_described(head, country=hl in ("country", "nation"))
        if hl not in ORG_NOUNS and hl not in PERSON_NOUNS and not mods:
            # "according to the zoo" in an article about "Baton Rouge Zoo", "the Church"
            # after "the Church of Scientology": the one organisation whose name holds
            # that noun as its kind, named anywhere in it
            kind = [
                c
                for c in self.clusters
                if c.type == "ORG" and len(c.name.split()) >= 2 and _named_kind(hl, c.name)
            ]
            if len(kind) == 1:
                return kind[0]
        if hl in ORG_NOUNS and hl not in PERSON_NOUNS:
            sent = self._sent_of[head.i]
            # the organisation the narration was last about ("Acme, the state oil firm,
            # declined to comment. The energy giant said …"), within two sentences
            about = [
                (i, k)
                for i, k in self._narrated_subjects()
                if i < head.i and k.type == "ORG" and sent - self._sent_of[i] <= 2
            ]
            topic = about[-1][1] if about else None
            # … and above all the subject of this very sentence, also of the words the
            # description reports ("Acme recalled its cheeses, the company said"): the
            # sentence is about it, whoever spoke before
            own = next(
                (
                    k
                    for i, k in reversed(self._subjects)
                    if i < head.i
                    and self._sent_of[i] == sent
                    and k.type == "ORG"
                    and not (_is_outlet(k) or _public_body(k))
                ),
                None,
            )
            if hl not in _COMPANY_NOUNS:
                own = None  # "Police arrested him, the ministry said"
            cands = [
                c
                for c in self.clusters
                if c.type == "ORG"
                and self._order(c, head.i) >= 0
                and not _is_law(c.name)
                and (
                    # "the ministry", "the foreign ministry": the Foreign Ministry;
                    # "the bank": the National Bank of Romania
                    (_named_kind(hl, c.name) and (not mods or bool(mods & _org_words(c.name))))
                    or (
                        # "the airline said", "the tech giant added": the organisation
                        # speaking or told about (an epithet's words describe it, they
                        # need not name it; a kind of body, "the union", must be in its name)
                        hl not in _BODY_KINDS
                        # "the company" is no news agency that reported it, nor a
                        # public body ("the London oil company" is not the Coast Guard)
                        and not (hl in _COMPANY_NOUNS and (_is_outlet(c) or _public_body(c)))
                        # "the agency", "the regulator" is no company ("The product safety
                        # agency said" after "Samsung said" is the Commission)
                        and not (hl in _PUBLIC_KINDS and not (_public_body(c) or _is_outlet(c)))
                        and (
                            c is own
                            or (
                                c is last
                                and self._last_speaker is not None
                                and sent - self._sent_of[self._last_speaker[0]] <= 3
                            )
                            or c is topic
                            # "The Observatory said …" "…," its director said. "The group
                            # said …": the organisation that spoke, people quoted between
                            or (
                                self._last_org is not None
                                and c is self._last_org[1]
                                and self._para_of[head.i] - self._para_of[self._last_org[0]] <= 2
                            )
                        )
                    )
                )
            ]
            if not cands and last is not None and last.type == "PERSON":
                # "Apple's chief executive Tim Cook said … The company added": the
                # organisation of the person speaking
                cands = [
                    k
                    for a in last.affiliations
                    if (k := self._match(a, "ORG")) is not None and k.type == "ORG"
                ]
                if cands:
                    return cands[0]
            if not cands:
                # "The bureau said …" before "the Bureau of Meteorology": the
                # organisation the next two paragraphs name with that word
                para = self._para_of[head.i]
                later = [
                    (i, c)
                    for i, c in self._mentions_order
                    if i > head.i
                    and self._para_of[i] - para <= 2
                    and c.type == "ORG"
                    and _named_kind(hl, c.name)
                    and (not mods or bool(mods & _org_words(c.name)))
                ]
                if later:
                    return later[0][1]
                if hl in _PUBLIC_KINDS:
                    # "The agency said": the one public body named before
                    bodies = [
                        c
                        for c in self.clusters
                        if c.type == "ORG" and self._order(c, head.i) >= 0 and _public_body(c)
                    ]
                    return bodies[0] if len(bodies) == 1 else None
                if hl in _COMPANY_NOUNS:
                    # "The company declined to comment": the one company named before,
                    # news outlets and agencies left aside
                    firms = [
                        c
                        for c in self.clusters
                        if c.type == "ORG"
                        # named before, also as a modifier ("Flair Airlines passengers")
                        and _named_before(c, head.idx) >= 0
                        and not _is_outlet(c)
                        and not _public_body(c)
                    ]
                    if len(firms) == 1:
                        return firms[0]
                    # … or, among several, the one the article opened with and has named
                    # again since: what the story is about
                    seen = [(i, k) for i, k in self._mentions_order if i < head.i]
                    lead = next(((i, k) for i, k in seen if any(k is f for f in firms)), None)
                    if lead is not None and (
                        self._para_of[lead[0]] <= 1 or sum(k is lead[1] for _, k in seen) >= 2
                    ):
                        return lead[1]
                return None
            return max(cands, key=lambda c: (c is own, c is last, self._order(c, head.i)))
        if hl not in PERSON_NOUNS and not _person_noun(head):
            # "the 11th seed" after "11th seed Navarro": the one person the article
            # gave every word of it as a title before her name
            # (its head the role's: "the state" is no "Secretary of State")
            def restates(role: str) -> bool:
                words = [fold(w) for w in role.replace("-", " ").split()]
                cut = next((k for k, w in enumerate(words) if w in ("of", "for")), len(words))
                return bool(words[:cut]) and words[cut - 1] == hl and mods <= set(words)

            restated = [
                c
                for c in self.clusters
                if c.type == "PERSON"
                and self._order(c, head.i) >= 0
                and any(restates(r) for r in c.roles)
            ]
            return restated[0] if len(restated) == 1 else None
        gender = _NOUN_GENDER.get(hl)
        told = _countries({*mods, fold(head.text)})
        cands = [
            c
            for c in self.clusters
            if c.type == "PERSON"
            and self._order(c, head.i) >= 0
            and (gender is None or c.gender is None or c.gender == gender)
            # "the Indian minister" is not the one whose role says "Chinese Foreign Minister"
            and not _of_another_country(told, c)
        ]
        if not cands:  # "Australian woman claims …" in a headline, named below
            return self._named_after(sp, head, mods, gender)

        # the organisations and places the description names ("the WHO chief"), to
        # meet a candidate's affiliations under any of their forms ("WHO's Tedros")
        described = {id(k) for t in sp if (k := self.cluster_at(t)) is not None}

        def evidence(c: Cluster) -> float:
            role_words = {fold(w) for r in c.roles for w in r.replace("-", " ").split()}
            if former and hl in role_words and not role_words & _FORMER:
                return -1.0  # "the former chief minister" is not the one in office
            # "the Prime Minister" holds the office now: "former Prime Minister Vajpayee"
            # is no evidence for it (nor against, when nothing else is known)
            roles = c.roles
            if not former:
                roles = _held_now(c.roles)
                role_words = {fold(w) for r in roles for w in r.replace("-", " ").split()}
            aff_words = {fold(w) for a in c.affiliations for w in a.split()}
            # "the deputy mayor" is not the mayor: a rank word must be stated too; and
            # "the foreign minister" is not "Deputy Foreign Minister X"
            ranked = not (mods & _RANKS) or (mods & _RANKS) <= role_words

            def office(r: str) -> tuple[bool, bool]:
                """Whether role ``r`` is the described office, and whether only a
                rank word the description does not state keeps it from being it."""
                words = {fold(w) for w in r.replace("-", " ").split()}
                same = hl in words or holds_office(hl, r)
                # (an acting or interim holder holds the office: "the minister" is the
                # "Acting Minister", not the "Deputy Minister")
                lower = bool(words & _RANKS - _FORMER - _HOLDING - mods)
                return same and not lower, same and lower

            # (a title's head kept as a role of its own, "Minister" beside "Deputy
            # Foreign Minister", is the same office)
            whole = [r for r in roles if not any(fold(o).endswith(" " + fold(r)) for o in roles)]
            offices = [office(r) for r in whole]
            held = any(h for h, _ in offices)
            if not held and any(d for _, d in offices):
                return 0.0
            s = 3.0 if held and ranked else 0.0
            if not held and hl in ROLE_WORDS and _other_office(hl, c.roles):
                return 0.0  # "the Secretary of State for Health", not "the health spokesman"
            same = any(
                (k := self._match(a, "ORG")) is not None and id(k) in described
                for a in c.affiliations
            )
            same = same or self._roles_name(c, described)
            return s + _overlap(mods, role_words | aff_words) + float(same)

        best = max(cands, key=lambda c: (evidence(c), self._order(c, head.i)))
        if evidence(best) > 0:
            return best
        if any(t.dep_ == "poss" and t.pos_ == "PRON" and t.head.i == head.i for t in sp):
            # "her mother", "his lawyer": somebody related to a person, never that person
            return self._named_after(sp, head, mods, gender) if hl in ROLE_WORDS else None
        if hl in ROLE_WORDS and hl not in _GENERIC_PERSON:
            # "The secretary general of teachers' union Unitas told ...", the person
            # named in the sentences after it: cataphora, or nobody
            found = self._named_after(sp, head, mods, gender)
            before = (
                [(i, c) for i, c in self._subjects if i < head.i]
                if found is None and len(cands) == 1
                else []
            )
            if (
                before
                and before[-1][1] is cands[0]
                and self._sent_of[head.i] - self._sent_of[before[-1][0]] == 1
                and not _other_office(hl, cands[0].roles)
            ):
                # "Cabinet minister X has accused … The Treasury Chief Secretary said":
                # the one person named, the subject of the sentence before
                return cands[0]
            if (
                found is None
                and last is not None
                and last in cands
                and (
                    # no office held now that could tell otherwise ("a former Minister
                    # for Justice" may be "the Minister" of another portfolio)
                    not _held_now(last.roles) or (former and evidence(last) >= 0)
                )
            ):
                # "said the minister" just after her own "she said": the one speaking,
                # when the article gave her no role that could tell otherwise; "the
                # former coach" is an office the article need not have given her
                ls = self._last_speaker
                if ls is not None and (
                    self._sent_of[head.i] - self._sent_of[ls[0]] <= 2
                    or self._para_of[head.i] - self._para_of[ls[0]] <= 1
                    # the one person the article has named, speaking a paragraph before
                    # a quotation paragraph of theirs
                    or (len(cands) == 1 and self._para_of[head.i] - self._para_of[ls[0]] <= 3)
                ):
                    return last
            if found is None and (last is None or last not in cands):
                # nobody speaking yet and nobody named after: the one person the headline
                # names, what the story is about ("Chennaiyin's Owen Coyle - …" above
                # "The Irish manager slammed the referee …")
                top = [c for c in cands if any(self._para_of[i] == 0 for i in c.named_at)]
                if (
                    len(top) == 1
                    and not top[0].roles  # no office that could tell otherwise
                    # nor a body or place the description names ("Connecticut's tax
                    # commissioner") but the person's own
                    and not any(
                        t.ent_type_ in ("ORG", "GPE", "FAC", "LOC")
                        and not any(t.text in a for a in top[0].affiliations)
                        for t in sp
                    )
                ):
                    return top[0]
            return found
        if hl not in PERSON_NOUNS and not is_demonym_person(head.text):
            # a noun only learned to be a person's: the one whose roles or affiliations
            # the description meets (above), the one who spoke in the paragraph before
            # a quotation paragraph it closes ("“…,” the veteran cricketer added"), or
            # nobody ("the announcer" of an advert is no one the article named)
            ls = self._last_speaker
            first = head.i
            while first > 0 and self._para_of[first - 1] == self._para_of[head.i]:
                first -= 1
            while first < head.i and self._toks[first].is_space:
                first += 1
            if (
                ls is not None
                and last in cands
                and self._toks[first].is_quote
                # (not somebody's: "the ad's narrator")
                and not any(t.dep_ == "poss" for t in sp)
                and self._para_of[head.i] - self._para_of[ls[0]] == 1
            ):
                return last
            return None
        if last is not None and last in cands:
            return last
        subj = [c for i, c in self._subjects if i < head.i and c in cands]
        if subj:
            return subj[-1]
        if gender is not None:  # "the actress": the woman named last
            return max(cands, key=lambda c: self._order(c, head.i))
        return None

    def _named_after(
        self,
        sp: Span,
        head: Token,
        mods: set[str],
        gender: str | None,
        *,
        held_within: int | None = None,
    ) -> Cluster | None:
        """The person a role description introduces before naming them: the first
        person first named in the next two paragraphs, in a sentence that also names
        what the description names ("… of teachers' union Unitas" … "Maria Lopes …
        called by Unitas") or holding the described role. None when there is none."""
        para = self._para_of[head.i]
        told = _countries({*mods, fold(head.text)})
        if held_within is None:
            owner = self._words_owner_after(head, gender)
            if owner is not None and not _of_another_country(told, owner):
                if fold(head.lemma_) in ROLE_WORDS:
                    # the description is a role of theirs: "the minister" later is them
                    toks = [t for t in sp if t.dep_ != "det" and t.i <= head.i]
                    self._add_role_text(owner, " ".join(t.text for t in toks), toks)
                return owner
        described = {id(k) for t in sp if (k := self.cluster_at(t)) is not None}
        hl = fold(head.lemma_)
        first_at: dict[int, int] = {}
        for j, k in self._mentions_order:
            first_at.setdefault(id(k), j)
        never = 1 << 30
        for c in sorted(self.clusters, key=lambda k: first_at.get(id(k), never)):
            i = first_at.get(id(c), never)
            if c.type != "PERSON" or i == never or i <= head.i:
                continue
            if self._para_of[i] - para > 3:
                break
            if gender is not None and c.gender is not None and c.gender != gender:
                continue
            if _of_another_country(told, c):
                continue  # "Poland's top diplomat" is not "Ukrainian President X"
            roles = {fold(w) for r in c.roles for w in r.replace("-", " ").split()}
            together = {
                id(k)
                for t in self.doc[i : i + 1].sent
                if (k := self.cluster_at(t)) is not None and k is not c
            }
            # the role itself within three paragraphs; what the description names, within two
            held = hl in roles or any(holds_office(hl, r) for r in c.roles)
            if held_within is not None:
                # only the holder of the very role, named within that many paragraphs
                if held and self._para_of[i] - para <= held_within:
                    return c
                continue
            if held and not ({fold(w) for w in mods} & _RANKS - roles):
                return c
            # a person first named in the description's own sentence is in what is said
            near = self._para_of[i] - para <= 2 and self._sent_of[i] != self._sent_of[head.i]
            if near and ((described & together) or self._roles_name(c, described)):
                return c
        return None

    def _lede_restated(self, sp: Span, head: Token) -> Cluster | None:
        """The person named as the speaking subject of the first sentence of the next
        paragraph, when a one-person description speaks in the lede: news names the
        source of its opening line there. Later in the article only a description with
        "a" that shares a noun with the words before the name ("a local police officer
        said" … "police inspector X said") is so restated."""
        hl = fold(head.lemma_)
        later = self._para_of[head.i] > 1
        # "A 37-year-old man …": a person described by age, whom the next paragraph
        # names whatever it says of them ("X, of Y, made the outburst …")
        aged = bool(_AGE.search(self.doc[sp.start : head.i].text))
        if (
            (later and not any(t.dep_ == "det" and t.lower_ in ("a", "an") for t in head.children))
            or head.tag_ != "NN"
            or not (
                hl in ROLE_WORDS
                or hl in PERSON_NOUNS
                or (head.is_lower and hl in LEARNED_PERSON_NOUNS)
            )
            or (hl in _GENERIC_PERSON and not aged)
            or hl in ORG_NOUNS
            # the subject itself, not a word in apposition ("the state media of the UAE,
            # a key coalition member")
            or head.dep_ not in ("nsubj", "nsubjpass")
        ):
            return None
        para = self._para_of[head.i]
        nxt = next((t for t in self.doc[head.i + 1 :] if self._para_of[t.i] == para + 1), None)
        if nxt is None:
            return None

        def named_between() -> bool:
            """Whether a person is named between the description and the paragraph."""
            return any(k.type == "PERSON" and head.i < j < nxt.i for j, k in self._mentions_order)

        # the name that opens the next paragraph, whatever the parse makes of it ("Jo
        # Doe of Station Road, Kilcoole, made the outburst …"), first named there and
        # with nobody named between
        opener = self.cluster_at(nxt) if aged else None
        if (
            opener is not None
            and opener.type == "PERSON"
            and all(i >= nxt.i for i in opener.named_at)
            and not named_between()
        ):
            return opener
        for t in nxt.sent:
            # "Jo Doe speaking to Reuters during a break in the talks", a name with a
            # participle of speaking (its subject, or the root the parse makes of it)
            speaking = t.head.lemma_.lower() in _SPEAKING or (
                t.dep_ == "ROOT"
                and any(c.dep_ == "acl" and c.lemma_.lower() in _SPEAKING for c in t.children)
            )
            if (t.dep_ == "nsubj" or (t.dep_ == "ROOT" and speaking)) and (
                aged
                or t.head.lemma_.lower() in REPORTING_VERBS
                or speaking
                # "Zbigniew Rau made the remark in an interview": a statement made
                or any(o.dep_ == "dobj" and o.lemma_.lower() in CUE_NOUNS for o in t.head.children)
            ):
                c = self.cluster_at(t)
                first = min((j for j, k in self._mentions_order if k is c), default=-1)
                if c is None or c.type != "PERSON" or first < nxt.i:
                    return None
                if any(i < nxt.i for i in c.named_at):
                    return None  # named before, also as a modifier or an object

                if later:
                    nouns = {fold(w.lemma_) for w in sp if w.pos_ == "NOUN"}
                    subtree = {fold(w.lemma_) for w in t.subtree if w.pos_ == "NOUN"}
                    if not aged and not nouns & subtree:
                        return None
                    # and nobody is named between them ("…, said a spokesman for the
                    # unit. …, Maj. X said.")
                    if named_between():
                        return None
                return c
        return None

    def _words_owner_after(self, head: Token, gender: str | None) -> Cluster | None:
        """The person whose words the next two sentences name ("… a health minister has
        admitted.\n\nJane Doyle’s comments fly in the face of …"): who said them."""
        sent = self._sent_of[head.i]
        for t in self.doc[head.i + 1 :]:
            if self._sent_of[t.i] - sent > 2:
                break
            if self._sent_of[t.i] == sent or t.dep_ != "poss":
                continue
            if fold(t.head.lemma_) not in CUE_NOUNS:
                continue
            c = self.cluster_at(t)
            if (
                c is not None
                and c.type == "PERSON"
                and (gender is None or c.gender is None or c.gender == gender)
            ):
                return c
        return None

    def _roles_name(self, c: Cluster, described: set[int]) -> bool:
        """Whether one of ``c``'s stated roles names one of the ``described``
        organisations, by a form or its acronym ("WHO director-general")."""
        if not c.roles:
            return False
        words = {w.strip(".,’'") for r in c.roles for w in re.split(r"[\s-]+", r)}
        for k in self.clusters:
            if id(k) in described and k.type != "PERSON":
                forms = {*(f for f in k.forms if " " not in f), k.acronym or ""}
                if words & (forms - {""}):
                    return True
        return False

    def _author(self, head: Token) -> Cluster | None:
        """The author of "the report" named at an earlier mention of a report: "a Wall
        Street Journal report", "Google's letter", "Google has released the document"."""
        lemma = head.lemma_.lower()
        doc = head.doc
        named = [
            c
            for c in self.clusters
            if c.type == "ORG"
            and name_words(c.name)[-1:] in ([w] for w in DOCUMENT_NOUNS)
            and self._order(c, head.i) >= 0
        ]
        if named:  # "the Australian National Iodine Nutrition Study" ... "The report said"
            return max(named, key=lambda c: self._order(c, head.i))
        plural = head.tag_ == "NNS"
        same = [
            t
            for t in doc[max(0, head.i - 400) : head.i]
            # "the report" is not "reports of official abuses"
            if t.lemma_.lower() == lemma
            and (t.pos_ == "VERB" or (t.pos_ == "NOUN" and (t.tag_ == "NNS") == plural))
        ]
        if not same and lemma in DOCUMENT_NOUNS:
            # "a new US State Department study" … "The report released on Monday says":
            # the nearest document the article named with its author
            same = [
                t
                for t in doc[max(0, head.i - 400) : head.i]
                if t.pos_ == "NOUN"
                and t.lemma_.lower() in DOCUMENT_NOUNS
                and (t.tag_ == "NNS") == plural
                and any(m.dep_ in ("compound", "poss") and self.cluster_at(m) for m in t.children)
            ][-1:]
        for t in reversed(same):
            if t.pos_ == "VERB":
                # "…, AFP reported." then "the report said": who reported it
                if lemma == "report":
                    c = self._subject_cluster(t)
                    if c is not None:
                        return c
                continue
            if t.pos_ != "NOUN":
                continue
            c = self._resolved_at.get(t.i)
            if c is not None and (c.type in ("ORG", "PERSON", "GPE", "NORP") or _body(c)):
                return c  # "The report said …" before: who it was found to speak for
            # "a statement from the ministry", "the ministry's statement"
            c = self._author_named(t)
            if c is not None and c.type in ("ORG", "PERSON", "GPE", "NORP"):
                return c
            for m in t.children:  # "the Mueller report": a person's too
                if m.dep_ in ("compound", "poss"):
                    c = self.cluster_at(m)
                    if c is not None and c.type in ("ORG", "PERSON"):
                        return c
            if t.dep_ == "pobj" and t.head.lower_ in _THROUGH and t.head.head.pos_ == "VERB":
                # "X said in a statement": the statement's author is who said it
                c = self._subject_cluster(t.head.head)
                if c is not None:
                    return c
            if t.dep_ in ("dobj", "nsubjpass"):
                # the subject of the clause that released it ("Google has re-released the
                # document"): the nearest subject before it in its sentence
                subjects = [
                    s for s in doc[t.sent.start : t.i] if s.dep_ == "nsubj" and s.pos_ == "PROPN"
                ]
                for s in subjects[-1:]:
                    c = self.cluster_at(s) or self._match(s.text, "ORG", at=s.i)
                    if c is None and s.ent_type_ == "":
                        c = self._new_at(s.text, "ORG", s.i)
                    if c is not None:
                        return c
            break  # the nearest mention of it names no author
        issuers = [
            x
            for x in (
                self._last_org,
                self._last_unnamed if self._last_unnamed and _body(self._last_unnamed[1]) else None,
            )
            if x is not None and x[0] < head.i
        ]
        if lemma in ISSUED_NOUNS and issuers:
            # "according to the release" with no release named: the organisation that
            # has been speaking issued it (also one named only by what it is: "Egypt's
            # cabinet has condemned …" then "read the statement")
            return max(issuers, key=lambda x: x[0])[1]
        return None

    def _main_subject(self, at: int) -> Cluster | None:
        """The named subject of the main clause when the pronoun at ``at`` is the
        subject of an adverbial clause hung on it ("X dropped a bombshell when he …";
        the subject, or the name in apposition to it: "The former head, X, …")."""
        tok = self._toks[at]
        if tok.dep_ != "nsubj" or tok.head.dep_ != "advcl" or tok.head.head.i == tok.head.i:
            return None
        main = tok.head.head
        subj = next((c for c in main.children if c.dep_ == "nsubj" and c.i < tok.i), None)
        if subj is None:
            return None
        k = self.cluster_at(subj) or self._resolved_at.get(subj.i)
        if k is None:
            k = next((self.cluster_at(c) for c in subj.children if c.dep_ == "appos"), None)
        return k if k is not None and k.type == "PERSON" else None

    def _subject_cluster(self, verb: Token) -> Cluster | None:
        """The named entity that is the subject of ``verb`` (None when it has none)."""
        for c in verb.children:
            if c.dep_ in ("nsubj", "agent"):
                # the subject's name, or who it was resolved to ("First deputy speaker
                # … al-Kaabi called in a statement for …": the speaker's role head)
                k = self.cluster_at(c) or self._resolved_at.get(c.i)
                if k is None and c.dep_ == "nsubj":
                    # "The Thanh Nien daily reported": the name compounded to its kind
                    k = next(
                        (
                            self.cluster_at(m) or self._resolved_at.get(m.i)
                            for m in c.children
                            if m.dep_ == "compound"
                        ),
                        None,
                    )
                if k is None and c.dep_ == "agent":
                    k = next((self.cluster_at(o) for o in c.children if o.dep_ == "pobj"), None)
                if k is not None and k.type in ("ORG", "PERSON", "GPE", "NORP"):
                    return k
        return None

    def gender_of(self, c: Cluster) -> str | None:
        """A person's gender ("m"/"f"), None when unknown: the entity's own (title, first
        name, a he/she resolved to it), else guessed from a single first name ("Tom",
        "Anne"), else that of the one full name a lone surname belongs to ("Warhol" /
        "Andy Warhol")."""
        from .antecedents import name_gender

        g = c.gender or name_gender(c.name)
        words = name_words(c.name)
        if g is None and len(words) == 1:
            gs = {
                k.gender or name_gender(k.name)
                for k in self.clusters
                if k is not c and k.type == "PERSON" and name_words(k.name)[-1:] == words
            } - {None}
            g = gs.pop() if len(gs) == 1 else None
        return g

    def named_mentions(self) -> list[tuple[int, int, Cluster]]:
        """The named mentions of the article's entities in text order: characters
        (the name's whole run of tokens) and entity."""
        doc, out = self.doc, []
        for i, c in self._mentions_order:
            s = e = i
            while s > 0 and self._ent_at.get(s - 1) is c:
                s -= 1
            while e + 1 < len(doc) and self._ent_at.get(e + 1) is c:
                e += 1
            out.append((doc[s].idx, doc[e].idx + len(doc[e]), c))
        return out

    def _antecedent(self, at: int, gender: str) -> tuple[Cluster | None, float]:
        """The person a he/she at token ``at`` most likely refers to: the speaker being
        reported, unless another person was made the subject since; the learned ranker
        (extract.antecedents) decides first when there is one."""
        sent = self._sent_of[at]

        from .antecedents import candidate_views

        gender_of = self.gender_of
        bound = self._commanded(at)

        def ok(c: Cluster) -> bool:
            g = gender_of(c) if c.type == "PERSON" else None
            return c.type == "PERSON" and (g is None or g == gender) and id(c) not in bound

        persons = [c for c in self.clusters if c.type == "PERSON" and self._order(c, at) >= 0]
        if persons and not any(ok(c) for c in persons):
            # nobody named so far fits, and one person's gender is only the name list's
            # guess ("Fannie" read as a woman's name): the pronoun is theirs
            misread = [c for c in persons if self._misread(c, gender, bound)]
            if len(misread) == 1:
                misread[0].gender, misread[0].gender_guessed = gender, False
                return misread[0], 0.7
            ls = self._last_speaker
            if (
                ls is not None
                and ls[0] < at
                and ls[1].type == "PERSON"
                and self._para_of[at] - self._para_of[ls[0]] <= 1
                and not any(
                    gender_of(c) in (None, gender) for c in self.clusters if c.type == "PERSON"
                )
            ):
                # nobody of that gender in the whole article, the one speaking a moment
                # ago: a slip of the pronoun (a translation's "he" for Xóchitl Gálvez)
                return ls[1], 0.6

        bound_by = self._main_subject(at)
        if bound_by is not None and ok(bound_by):
            # "X, the former head of the unit, dropped a bombshell when he produced a
            # report": a subject inside an adverbial clause is the main clause's
            return bound_by, 0.8

        def by_rules() -> tuple[Cluster | None, float]:
            if self._last_speaker is not None:
                i, c = self._last_speaker
                if i < at and sent - self._sent_of[i] <= 8 and ok(c):
                    rivals = [
                        k
                        for j, k in self._narrated_subjects()
                        if i < j < at and sent - self._sent_of[j] <= 1 and ok(k) and k is not c
                    ]
                    if not rivals:
                        return c, 0.8
            for j, c in reversed(self._subjects):
                if j < at and sent - self._sent_of[j] <= 3 and ok(c):
                    return c, 0.7
            near = next((c for i, c in reversed(self._mentions_order) if i < at and ok(c)), None)
            return near, (0.55 if near is not None else 0.0)

        ls = self._last_speaker
        said = self._last_said
        if (
            said is not None
            and said[0] < at
            and self._toks[at].dep_ == "nsubj"
            and self._toks[at].head.lemma_.lower() in _GOING_ON
            and self._para_of[at] - self._para_of[said[0]] <= 8
            and ok(said[1])
        ):
            # "He added …": adding presupposes having spoken, and the last who made a
            # statement is the one going on (not a man the paragraph between narrates)
            return said[1], 0.8
        # one named since, in this sentence or the one before, as the subject of a verb
        # of speaking with no words of its own ("He replied “no”, and Minister X
        # agreed.\n\n“…,” he said"): the turn is theirs
        turns = [
            k
            for j, k in self._subjects
            if (ls is None or ls[0] < j)
            and j < at
            and sent - self._sent_of[j] <= 1
            and j not in self._reported
            and ok(k)
            and self._toks[j].head.lemma_.lower() in REPORTING_VERBS
        ]
        if turns and (ls is None or turns[-1] is not ls[1]):
            return turns[-1], 0.75
        r = self._ranker
        if r is None:
            return by_rules()
        if (
            ls is not None
            and ls[0] < at
            and sent - self._sent_of[ls[0]] <= 1
            and (ok(ls[1]) or self._misread(ls[1], gender, bound))
            and not any(
                ls[0] < j < at and k is not ls[1] and ok(k) and j not in self._reported
                for j, k in self._mentions_order
            )
        ):
            # the one reported speaking in this sentence or the one before, with nobody
            # else who could be "he" named since: news goes on with its speaker
            if not ok(ls[1]):  # the pronoun corrects the name list's guess
                ls[1].gender, ls[1].gender_guessed = gender, False
            return ls[1], 0.8
        views = candidate_views(
            self._mentions_order,
            self._narrated_subjects(),
            at,
            self._sent_of,
            last_speaker=ls[1] if ls and ls[0] < at and sent - self._sent_of[ls[0]] <= 8 else None,
            keep=lambda c: c.type == "PERSON",
            gender_of=gender_of,
        )
        mask = [ok(c) for c, _ in views]
        if not any(mask):
            return by_rules()  # nobody fitting among the recent: the rules look further
        p = r.scores(self.doc, self.doc[at : at + 1], [v for _, v in views]) * mask
        k = int(p.argmax())
        best = views[k][0], round(0.5 + 0.45 * float(p[k]), 3)
        if r.mode == "veto":
            # the rules decide; the ranker overrules a choice it finds very unlikely
            c, conf = by_rules()
            pc = next((float(q) for (v, _), q in zip(views, p, strict=True) if v is c), None)
            if c is None or pc is None or pc >= r.reject:
                return (c, conf) if c is not None or p[k] < r.threshold else best
            return best if p[k] >= r.threshold else (None, 0.0)
        if p[k] >= r.threshold:
            return best
        if p[k] < r.reject:
            return None, 0.0  # nobody likely: no speaker rather than a wrong one
        return by_rules()

    def _misread(self, c: Cluster, gender: str, bound: set[int]) -> bool:
        """Whether a person's gender is only the given-name list's guess and the
        article uses no pronoun of that gender at all: the list errs on names of other
        languages ("Sameh", "Nikol": female in it), so the he/she that goes on from
        their statement is theirs."""
        if c.type != "PERSON" or id(c) in bound or not (c.gender is None or c.gender_guessed):
            return False
        guess = self.gender_of(c)
        if guess is None or guess == gender:
            return False
        if self._pronoun_genders is None:
            self._pronoun_genders = {PERSON_PRONOUNS.get(t.lower_) for t in self._toks}
        return guess not in self._pronoun_genders

    def _commanded(self, at: int) -> set[int]:
        """The entities named in the clause of the subject pronoun at ``at``, outside the
        pronoun itself, which it cannot stand for: "He briefed Mr Vinh", "He said Vinh
        was pleased", "Mr Vinh seemed pleased, he said" (ids of clusters)."""
        tok = self._toks[at]
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return set()
        verb = tok.head
        mine = {t.i for t in tok.subtree}
        # what follows the pronoun in its clause ("When Smith arrived, he said": before it)
        named = [t.i for t in verb.subtree if t.i > at and t.i not in mine]
        if verb.lemma_.lower() in REPORTING_VERBS:
            # the setting of the speech is not what it is said of: "he said at a
            # ceremony for Khalid" is Khalid's own words often enough in news
            setting = {
                t.i
                for p in verb.children
                if p.dep_ == "prep" and p.i > at and p.lower_ in _SETTING_PREPS
                for t in p.subtree
            }
            named = [i for i in named if i not in setting]
            # "“… Vinh was pleased …,” he said": the statement fronted before its cue
            for comp in verb.children:
                if comp.dep_ in ("ccomp", "parataxis") and comp.i < at:
                    speakers = {
                        t.i
                        for c in comp.children
                        if c.dep_ == "nsubj" and comp.lemma_.lower() in REPORTING_VERBS
                        for t in c.subtree
                    }
                    named += [t.i for t in comp.subtree if t.i not in speakers]
        if (
            verb.dep_ in ("ccomp", "parataxis")
            and verb.head.i < verb.i
            and verb.lemma_.lower() in REPORTING_VERBS
        ):
            # the statement before its "…, he said", which the speaker's clause holds
            own = {t.i for t in verb.subtree}
            if verb.head.lemma_.lower() in REPORTING_VERBS:
                # "Zartaj said: '…,' she said": one statement told twice, its speaker
                # no part of what is said
                own |= {t.i for c in verb.head.children if c.dep_ == "nsubj" for t in c.subtree}
            named += [t.i for t in verb.head.subtree if t.i < verb.i and t.i not in own]
        return {id(k) for i in named if (k := self._ent_at.get(i)) is not None}

    def _org_antecedent(self, at: int, *, plural: bool) -> tuple[Cluster | None, float]:
        """ "It added", "they said": the organisation last speaking or last named; an
        unnamed body speaking in the sentence before ("The regional government said …
        It added")."""
        sent = self._sent_of[at]
        lu = self._last_unnamed
        if (
            lu is not None
            and lu[0] < at
            and lu[2] == plural
            and sent - self._sent_of[lu[0]] <= 1
            and (self._last_speaker is None or self._last_speaker[0] < lu[0])
        ):
            return lu[1], 0.6
        if self._last_speaker is not None:
            i, c = self._last_speaker
            if (
                i < at
                and (c.type == "ORG" or (plural and c.type == "NORP"))  # "the Houthis … they"
                and sent - self._sent_of[i] <= 4
                and not (plural and name_words(c.name)[-1:] in ([w] for w in DOCUMENT_NOUNS))
            ):
                return c, 0.7  # (a study is not "they": its researchers are)
        if plural:
            return None, 0.0
        for j, c in reversed(self._subjects):
            if j < at and c.type == "ORG" and sent - self._sent_of[j] <= 2:
                return c, 0.6
        near = self._recent(at, "ORG")
        return near, (0.5 if near is not None else 0.0)

    def _former_or_latter(self, sp: Span, head: Token) -> Cluster | None:
        """ "Google and Apple went head to head, with the former company accusing the
        latter": the first or the second of the last two entities joined by "and",
        in this sentence or the one before. "The former minister" alone is a past
        office: "former" counts so only beside a "latter", or for an organisation."""
        words = {t.lower_ for t in sp}
        latter = "latter" in words
        if not latter and "former" not in words:
            return None
        sent = head.sent
        if not latter and not (
            any(t.lower_ == "latter" for t in sent) or fold(head.lemma_) in ORG_NOUNS
        ):
            return None
        doc = sp.doc
        start = max(0, sent.start - 60)

        def named(t: Token) -> Cluster | None:
            # a mention, or a proper noun naming a known entity the NER left untyped
            c = self.cluster_at(t)
            if c is None and t.pos_ == "PROPN":
                c = self._match(t.text, "ORG", at=t.i) or self._match(t.text, "PERSON", at=t.i)
            return c

        pairs = [
            (a, b)
            for t in doc[start : sp.start]
            if t.lower_ == "and"
            and t.i > 0
            and t.i + 1 < len(doc)
            and (a := named(doc[t.i - 1])) is not None
            and (b := named(doc[t.i + 1])) is not None
            and a is not b
            and a.type == b.type
            and self._sent_of[t.i] >= self._sent_of[sp.start] - 1
        ]
        if not pairs:
            return None
        a, b = pairs[-1]
        return b if latter else a

    def _named_before_role(self, sp: Span, head: Token) -> Cluster | None:
        """The person named just before a role given as the source, with only a comma
        between ("Col. Juan Cruz, police spokesperson said"): the role is in apposition
        to the name, whichever of the two the tagger took for the source."""
        if not (head.pos_ in ("NOUN", "PROPN") and _person_noun(head)):
            return None
        if any((n := self.cluster_at(t)) is not None and n.type == "PERSON" for t in sp):
            return None
        doc, k = sp.doc, sp.start
        if k < 2 or doc[k - 1].text != ",":
            return None
        name = doc[k - 2]
        c = self.cluster_at(name)
        if c is None or c.type != "PERSON" or name.dep_ in ("pobj", "poss", "dobj"):
            return None
        # the name with its titles opens its clause ("In a statement, Police Col. X,
        # spokesperson said"), not "Speaking to party president X, the minister said"
        j = name.i
        while j - 1 >= 0 and (
            doc[j - 1].pos_ == "PROPN" or is_role_word(doc[j - 1].text) or doc[j - 1].text == "."
        ):
            j -= 1
        if j > 0 and not (doc[j - 1].is_punct or doc[j - 1].is_sent_end or doc[j].is_sent_start):
            return None
        return c

    def _name_at_end(self, sp: Span, *, after_role: bool = False) -> Cluster | None:
        """The person whose named mention ends ``sp``, after a comma or a name, not a
        preposition or possessive; a bracket after the name is no part of it ("Minister
        Yaung Chih-liang (楊志良)"); or the organisation named right after its kind
        ("the Somali militant group al-Shabab")."""
        toks, depth = [], 0
        for t in sp:
            depth += (t.text == "(") - (t.text == ")")
            if not t.is_punct and depth == 0:
                toks.append(t)
        if not toks:
            return None
        c = self.cluster_at(toks[-1])
        if c is None or c.type not in ("PERSON", "ORG", "NORP"):
            return None
        first = toks[-1].i
        while first - 1 >= sp.start and self.cluster_at(sp.doc[first - 1]) is c:
            first -= 1
        if first == sp.start:
            return None  # the span is the name itself: step 1 handles it
        before = sp.doc[first - 1]
        if (
            c.type != "PERSON"
            and not (
                before.pos_ == "NOUN"
                and fold(before.lemma_) in ORG_NOUNS
                # not the body a person belongs to: "The secretary general of union Fenprof"
                and not any(t.pos_ == "ADP" or t.tag_ == "POS" for t in sp.doc[sp.start : first])
            )
        ):
            return None  # "the Somali militant group al-Shabab": a body after its kind
        role = before
        if before.text == "," and first - 2 >= sp.start:
            role = sp.doc[first - 2]  # "Kosovo prime minister, Albin Kurti"
        if after_role and not is_role_word(role.text):
            return None  # "… senior principal magistrate Ms Jane Doe"
        if before.pos_ in ("ADP", "PART") or before.tag_ == "POS" or before.dep_ == "case":
            return None
        return c

    def _add_mention(self, c: Cluster, sp: Span) -> None:
        m = (sp.start_char, sp.end_char)
        if m not in c.mentions:
            c.mentions.append(m)
        if c.type == "PERSON" and len(sp) <= 14:
            # "the investigation officer police constable Claus Shuma said": the words
            # before the name, when the source holds it, are a role of that person
            titles, name, off = split_title(sp.text)
            words = [w for w in titles.split() if fold(w) not in ("the", "a", "an")]
            if words and name in c.forms and any(fold(w).rstrip(".") in ROLE_WORDS for w in words):
                toks = [t for t in sp if t.idx - sp.start_char < off]
                self._add_role_text(c, " ".join(words), toks)
