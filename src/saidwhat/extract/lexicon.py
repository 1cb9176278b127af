"""Reporting, belief and claim cues."""

from __future__ import annotations

REPORTING_VERBS = frozenset(
    """
    say tell add note state explain claim insist argue warn accuse allege announce assert
    believe think suggest write tweet report declare deny admit acknowledge confirm reveal
    respond reply answer ask urge call contend maintain predict promise vow pledge threaten
    complain criticize criticise describe emphasise emphasize stress point recall recount
    agree disagree concede caution estimate conclude testify indicate mention remark comment
    observe announce acknowledge boast brag charge counter declare demand dismiss doubt
    expect fear hope feel know worry charge blame praise hail slam condemn label brand
    question speculate recommend propose suggest signal hint acknowledge guess reckon
    understand consider find show argue tout reiterate repeat echo cite quote inform assure
    order instruct advise remind joke quip shout scream yell whisper mutter lament
    """.split()
)

#: Multi-word cues whose object is the source: "according to X".
ACCORDING_TO = ("according", "to")

#: Nouns that act as cues: "in a statement", "his claim that ...".
CUE_NOUNS = frozenset(
    "statement claim allegation accusation warning belief view opinion remark comment "
    "assertion argument suggestion announcement report testimony interview".split()
)

#: Heads of unnamed sources: "officials said", "a spokesperson".
UNNAMED_HEADS = frozenset(
    """
    official officials spokesperson spokesman spokeswoman source sources aide aides
    analyst analysts expert experts witness witnesses resident residents observer observers
    diplomat diplomats officer officers insider insiders critic critics supporter supporters
    people person someone statement report reports police authorities authority
    """.split()
)

PERSON_PRONOUNS = {
    "he": "m",
    "him": "m",
    "his": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "i": "s",
    "me": "s",
    "my": "s",
    "we": "p",
    "us": "p",
    "our": "p",
    "they": "p",
    "them": "p",
    "their": "p",
    "it": "n",
    "its": "n",
}

#: Entity types of groups, places and peoples: kept in the output when a statement's
#: content mentions them (the store's targets), and the side a spokesman speaks for.
GROUP_TYPES = frozenset({"ORG", "GPE", "NORP"})
