"""Speaker resolution inside one article.

Clusters named mentions (full names, surnames, acronyms), attaches pronouns
and descriptions ("the jihadi figure", "the leader of the NRF") to the
entity they refer to, and collects roles and affiliations stated by
apposition ("Ismail Khan, a jihadi commander,"), pre-modifiers ("NRF leader
Ahmad Massoud") and "the leader of X".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .lexicon import PERSON_PRONOUNS, UNNAMED_HEADS

ENTITY_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
_HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "rep",
    "gov",
    "gen",
    "president",
    "senator",
    "minister",
    "prime",
    "secretary",
    "general",
    "judge",
    "mayor",
    "governor",
    "chairman",
    "ceo",
    "director",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "sen.",
    "rep.",
    "gov.",
    "gen.",
    "sir",
    "lord",
    "lady",
    "king",
    "queen",
    "pope",
    "prince",
    "former",
    "the",
}
ROLE_NOUNS = frozenset(
    [
        "leader",
        "president",
        "minister",
        "secretary",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "senator",
        "governor",
        "commander",
        "chief",
        "head",
        "chairman",
        "chairwoman",
        "director",
        "ceo",
        "founder",
        "candidate",
        "nominee",
        "official",
        "ambassador",
        "general",
        "mayor",
        "judge",
        "lawyer",
        "attorney",
        "adviser",
        "advisor",
        "aide",
        "analyst",
        "professor",
        "member",
        "representative",
        "rep",
        "congressman",
        "congresswoman",
        "speaker",
        "manager",
        "strategist",
        "economist",
        "scientist",
        "researcher",
        "editor",
        "reporter",
        "correspondent",
        "activist",
        "campaigner",
        "figure",
        "warlord",
        "politician",
        "lawmaker",
        "legislator",
        "diplomat",
        "envoy",
        "officer",
        "commissioner",
        "king",
        "queen",
        "prince",
        "premier",
        "chancellor",
        "vice",
        "deputy",
        "coordinator",
        "organizer",
        "organiser",
    ]
)


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


_GENDER_DETECTOR = None


def first_name_gender(name: str) -> str | None:
    """``"m"``/``"f"`` from a first name with gender-guesser's name list, else None."""
    global _GENDER_DETECTOR
    words = _name_tokens(name)
    if len(words) < 2:
        return None
    if _GENDER_DETECTOR is None:
        import gender_guesser.detector as gd

        _GENDER_DETECTOR = gd.Detector(case_sensitive=False)
    g = _GENDER_DETECTOR.get_gender(words[0])
    return {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}.get(g)


def _clean_name(span: Span) -> str:
    toks = [t for t in span if t.lower_ not in ("the",) and not (t.is_punct or t.is_space)]
    while toks and toks[-1].tag_ == "POS":
        toks.pop()
    return " ".join(t.text for t in toks) if toks else span.text


def _name_tokens(name: str) -> list[str]:
    return [w for w in re.findall(r"[\w'’.-]+", name) if w.lower() not in _HONORIFICS]


def _acronym(name: str) -> str:
    words = [w for w in name.split() if w[:1].isupper() and w.lower() not in ("of", "the", "and")]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


class ArticleEntities:
    """Entities of one article, built from NER and extended by resolution."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.clusters: list[Cluster] = []
        self._by_key: dict[tuple[str, str], Cluster] = {}
        self._ent_at: dict[int, Cluster] = {}  # token index -> cluster
        self._mentions_order: list[tuple[int, Cluster]] = []  # (token idx, cluster)
        self._subjects: list[tuple[int, Cluster]] = []  # named mentions that are subjects
        self._last_speaker: tuple[int, Cluster] | None = None
        self._sent_of = [0] * len(doc)
        for k, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                self._sent_of[i] = k
        for ent in doc.ents:
            if ent.label_ in ENTITY_TYPES:
                self._add_named(ent)
        self._mentions_order.sort(key=lambda x: x[0])

    # --- named mentions -------------------------------------------------
    def _new(self, name: str, type_: str) -> Cluster:
        c = Cluster(id=f"E{len(self.clusters) + 1}", name=name, type=type_)
        self.clusters.append(c)
        return c

    def _match(self, name: str, type_: str) -> Cluster | None:
        words = _name_tokens(name)
        if not words:
            return None
        low = [w.lower() for w in words]
        for c in self.clusters:
            groups = ("ORG", "GPE", "NORP")
            same_kind = c.type == type_ or (type_ in groups and c.type in groups)
            if not same_kind and not (c.acronym and name == c.acronym):
                continue
            cw = [w.lower() for w in _name_tokens(c.name)]
            if not cw:
                continue
            if cw == low:
                return c
            if c.acronym and name.replace(".", "") == c.acronym:
                return c
            if type_ == "PERSON" and c.type == "PERSON":
                if len(low) == 1 and low[0] == cw[-1]:
                    return c  # surname
                if len(cw) >= 2 and len(low) == len(cw) + 1 and low[: len(cw)] == cw:
                    return c  # the NER ran on into the next word ("Ahmed Mohamed Image")
                if len(low) > len(cw) and low[-1] == cw[-1] and len(cw) == 1:
                    c.name = " ".join(words)  # a later full name improves the cluster
                    return c
                if len(low) >= 2 and len(cw) >= 2 and low[-1] == cw[-1] and low[0][:1] == cw[0][:1]:
                    return c
        if type_ == "PERSON" and len(low) == 1:
            # a first name alone ("Ahmed" after "Ahmed Mohamed"), when one person has it
            by_first = [
                c
                for c in self.clusters
                if c.type == "PERSON"
                and len(words_c := _name_tokens(c.name)) >= 2
                and words_c[0].lower() == low[0]
            ]
            if len(by_first) == 1:
                return by_first[0]
        return None

    def _add_named(self, ent: Span) -> None:
        name = _clean_name(ent)
        c = self._match(name, ent.label_)
        if c is None:
            c = self._new(name, ent.label_)
            if ent.label_ in ("ORG", "GPE", "NORP"):
                c.acronym = _acronym(name) or None
        c.mentions.append((ent.start_char, ent.end_char))
        for t in ent:
            self._ent_at[t.i] = c
        root = ent.root
        if root.dep_ in ("compound", "poss", "amod", "nmod") and root.head.i >= ent.end:
            return  # a name used as a modifier ("the Cruise video") is not a referent
        self._mentions_order.append((root.i, c))
        if root.dep_ in ("nsubj", "nsubjpass") or (
            root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass")
        ):
            self._subjects.append((root.i, c))
        if c.gender is None and ent.start > 0:
            prev = ent.doc[ent.start - 1].lower_.rstrip(".")
            c.gender = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m"}.get(prev)
        if c.gender is None and c.type == "PERSON":
            c.gender = first_name_gender(c.name)
        self._collect_roles(ent, c)

    # --- roles ----------------------------------------------------------
    def _collect_roles(self, ent: Span, c: Cluster) -> None:
        if c.type != "PERSON":
            return
        root = ent.root
        # apposition: "Ismail Khan, a jihadi commander,"
        for child in root.children:
            if child.dep_ == "appos" and child.i > ent.end - 1:
                self._add_role(c, child)
        if root.dep_ == "appos" and root.head.i < ent.start:
            self._add_role(c, root.head)
        # pre-modifiers: "NRF leader Ahmad Massoud", "former foreign minister X"
        pre = list(ent.doc[max(0, ent.start - 6) : ent.start])
        k = len(pre)
        while k > 0 and (
            pre[k - 1].dep_ in ("compound", "amod", "nmod", "poss")
            or pre[k - 1].tag_ == "POS"
            or pre[k - 1].ent_type_ in ("ORG", "GPE", "NORP")
        ):
            k -= 1
        mods = pre[k:]
        if mods and any(t.lemma_.lower() in ROLE_NOUNS for t in mods):
            self._add_role_text(c, " ".join(t.text for t in mods), mods)

    def _add_role(self, c: Cluster, head: Token) -> None:
        toks = [t for t in head.subtree if not t.is_punct or t.text in ("-", "’", "'")]
        toks = [t for t in toks if t.i >= head.left_edge.i]
        if not toks or len(toks) > 12:
            return
        if not any(t.lemma_.lower() in ROLE_NOUNS or t.pos_ == "NOUN" for t in toks):
            return
        if head.ent_type_ == "PERSON":
            return
        start = 1 if toks[0].lower_ in ("a", "an", "the") else 0
        self._add_role_text(c, " ".join(t.text for t in toks[start:]), toks)

    def _add_role_text(self, c: Cluster, role: str, toks: list[Token]) -> None:
        role = re.sub(r"\s+([’',.])", r"\1", role).strip(" ,")
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
        self, doc: Doc, span: tuple[int, int], head_i: int | None
    ) -> tuple[Cluster | None, float]:
        """The entity a source span refers to, with a confidence; None when unsure."""
        sp = doc.char_span(span[0], span[1], alignment_mode="expand")
        if sp is None or len(sp) == 0:
            return None, 0.0
        head = doc[head_i] if head_i is not None and sp.start <= head_i < sp.end else sp.root
        # 1. a named mention inside the span (prefer the head)
        c = self.cluster_at(head)
        if c is not None:
            self._add_mention(c, sp)
            self._last_speaker = (head.i, c)
            return c, 0.95
        for t in sp:
            c = self.cluster_at(t)
            if c is None or c.type not in ("PERSON", "ORG"):
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
            if link.i == head.i and t.dep_ != "poss":
                self._add_mention(c, sp)
                self._last_speaker = (head.i, c)
                return c, 0.85
            if t.dep_ == "appos" and t.head.i == head.i:
                self._add_mention(c, sp)
                return c, 0.85
        # 1a. a title or description ending in the person's name, the parse gone astray:
        # "Malaysia's Prime Minister, Najib Razak", "Governor of Washington Chris Gregoire"
        # (not "a spokesman for Hillary Clinton": a preposition before the name)
        is_role = head.lemma_.lower() in ROLE_NOUNS or head.lower_ in ROLE_NOUNS
        if head.pos_ in ("NOUN", "PROPN"):
            c = self._name_at_end(sp)
            if c is not None:
                self._add_mention(c, sp)
                self._last_speaker = (head.i, c)
                return c, 0.8
        # 1b. a proper name the NER missed: match it against known names
        if head.pos_ == "PROPN" and is_role:
            # "the President", "the Governor": whoever holds that title in the article
            c = self._by_role(sp, head)
            if c is not None:
                self._add_mention(c, sp)
                self._last_speaker = (head.i, c)
                return c, 0.6
        if head.pos_ == "PROPN":
            propn = [
                t for t in sp if t.pos_ == "PROPN" and t.i >= head.left_edge.i and t.i <= head.i
            ]
            name = " ".join(t.text for t in propn) or head.text
            c = self._match(name, "PERSON") or self._match(name, "ORG")
            if c is None:
                c = next(
                    (
                        k
                        for k in self.clusters
                        if k.type == "GPE" and _name_tokens(k.name)[-1:] == [name]
                    ),
                    None,
                )
                if c is not None:
                    c.type = "PERSON"  # a surname the NER took for a place
            if c is None and head.ent_type_ == "" and len(propn) >= 1:
                c = self._new(name, "PERSON" if len(propn) >= 2 else "ORG")
                c.mentions.append((sp.start_char, sp.end_char))
                self._mentions_order.append((head.i, c))
                self._mentions_order.sort(key=lambda x: x[0])
                return c, 0.5
            if c is not None:
                self._add_mention(c, sp)
                self._last_speaker = (head.i, c)
                return c, 0.8
        low = head.lower_
        # 2. pronouns
        if low in PERSON_PRONOUNS:
            g = PERSON_PRONOUNS[low]
            if g in ("m", "f"):
                c, conf = self._antecedent(head.i, g)
                if c is not None:
                    if c.gender is None:
                        c.gender = g
                    self._add_mention(c, sp)
                    self._last_speaker = (head.i, c)
                    return c, conf
                return None, 0.0
            if g == "n" or low in ("they", "them", "we"):
                c = self._recent(head.i, "ORG")
                if c is not None and g == "n":
                    self._add_mention(c, sp)
                    return c, 0.5
                return None, 0.0
            return None, 0.0
        # 3. unnamed sources
        if head.lemma_.lower() in UNNAMED_HEADS or head.lower_ in UNNAMED_HEADS:
            name = re.sub(r"\s+", " ", sp.text)
            c = self._new(name, "UNNAMED")
            self._add_mention(c, sp)
            return c, 0.8
        # 4. descriptions: "the leader of the NRF", "the jihadi figure", "the President"
        if head.lemma_.lower() in ROLE_NOUNS and head.pos_ in ("NOUN", "PROPN"):
            c = self._by_role(sp, head)
            if c is not None:
                self._add_mention(c, sp)
                self._last_speaker = (head.i, c)
                return c, 0.6
        # 5. any other noun phrase ("the report", "a leaked letter") is an unnamed source
        if head.pos_ == "NOUN":
            name = re.sub(r"\s+", " ", sp.text)
            c = self._new(name, "UNNAMED")
            self._add_mention(c, sp)
            return c, 0.6
        return None, 0.0

    def _antecedent(self, at: int, gender: str) -> tuple[Cluster | None, float]:
        """The person a he/she at token ``at`` most likely refers to."""
        sent = self._sent_of[at]

        def ok(c: Cluster) -> bool:
            return c.type == "PERSON" and (c.gender is None or c.gender == gender)

        if self._last_speaker is not None:
            i, c = self._last_speaker
            if i < at and sent - self._sent_of[i] <= 3 and ok(c):
                # a subject mention of another compatible person since then wins
                later = [k for j, k in self._subjects if i < j < at and ok(k) and k is not c]
                if not later:
                    return c, 0.75
        for j, c in reversed(self._subjects):
            if j < at and sent - self._sent_of[j] <= 3 and ok(c):
                return c, 0.7
        return self._recent(at, "PERSON", gender), 0.55

    def _by_role(self, sp: Span, head: Token) -> Cluster | None:
        hl = head.lemma_.lower()
        last_seen = {id(c): i for i, c in self._mentions_order if i < head.i}
        holders = [
            c
            for c in self.clusters
            if c.type == "PERSON"
            and id(c) in last_seen
            and any(hl in (w.lower() for w in r.split()) for r in c.roles)
        ]
        if holders:
            return max(holders, key=lambda c: last_seen[id(c)])
        words = {t.lemma_.lower() for t in sp if not t.is_stop and not t.is_punct}
        best, score = None, 0
        for c in self.clusters:
            if c.type != "PERSON":
                continue
            role_words = {w.lower() for r in c.roles for w in r.split()}
            role_words |= {w.lower() for a in c.affiliations for w in a.split()}
            role_words |= {(c.acronym or "").lower()}
            s = len(words & role_words)
            if s > score:
                best, score = c, s
        if (
            best is not None
            and score >= 1
            and head.lemma_.lower() in {w.lower() for r in best.roles for w in r.split()}
        ):
            return best
        if best is None:
            return (
                self._recent(head.i, "PERSON")
                if head.lemma_.lower() in ("figure", "leader")
                else None
            )
        return best if score >= 2 else None

    def _name_at_end(self, sp: Span) -> Cluster | None:
        """The person whose named mention ends ``sp``, after a comma or a name, not a
        preposition or possessive."""
        toks = [t for t in sp if not t.is_punct]
        if not toks:
            return None
        c = self.cluster_at(toks[-1])
        if c is None or c.type != "PERSON":
            return None
        first = toks[-1].i
        while first - 1 >= sp.start and self.cluster_at(sp.doc[first - 1]) is c:
            first -= 1
        if first == sp.start:
            return None  # the span is the name itself: step 1 handles it
        before = sp.doc[first - 1]
        if before.pos_ in ("ADP", "PART") or before.tag_ == "POS" or before.dep_ == "case":
            return None
        return c

    def _add_mention(self, c: Cluster, sp: Span) -> None:
        m = (sp.start_char, sp.end_char)
        if m not in c.mentions:
            c.mentions.append(m)
