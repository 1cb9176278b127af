"""Statements, not actions: whether an attribution reports something said, written
or believed (the realnews conventions), read from its cue and the parse.

Pure functions of a parsed document and one attribution; the ``statements`` stage
applies them to the output and the ``resolution`` stage to the contents it treats
as reported words.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc, Span, Token

from .attributions import Attribution, cue_span
from .lexicon import (
    ACCORDING_TO,
    ADDRESSEE_VERBS,
    COGNITION_VERBS,
    CUE_NOUNS,
    DENIABLE,
    DOCUMENT_NOUNS,
    ISSUED_NOUNS,
    NAMING_VERBS,
    NON_SPEECH_CUES,
    REPORTING_VERBS,
    STANCE_NOUNS,
    TOLD_BY_VERBS,
    TOPIC_VERBS,
)


def speech_cue(doc: Doc, a: Attribution, probs: Mapping[str, float], least: float) -> bool:
    """Keep a reported (unquoted) statement only when its cue is a reporting verb or
    a word that is a cue at least ``least`` of the time in the training data:
    "decided to", "first arrested", "wants to" report actions, not statements."""
    span = cue_span(doc, a) if a.kind == "indirect" else None
    if span is None:
        return True
    lemma = span.root.lemma_.lower()
    return lemma in REPORTING_VERBS or probs.get(lemma, 0.0) >= least


_CLAUSE_OPENERS = frozenset("that whether if how why what when where who".split())
_QUOTE_MARKS = frozenset('"“”«»„')
#: What a relative pronoun is inside its clause ("rumors that have circulated").
_RELATIVE_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})


def _content_span(doc: Doc, a: Attribution) -> Span | None:
    """The tokens of a statement's first content (empty where they do not align), or
    None when it has no content."""
    if not a.contents:
        return None
    s, e = a.contents[0]
    span = doc.char_span(s, e, alignment_mode="expand")
    return doc[0:0] if span is None else span


def content_is_clause(doc: Doc, a: Attribution) -> bool:
    """Whether a statement's content is a proposition: a clause with its own subject,
    a "that"/"whether"/wh- clause, or quoted words; not a noun phrase or a bare
    infinitive ("rejected a pay rise", "wants to draw attention")."""
    span = _content_span(doc, a)
    if span is None:
        return False
    if len(span) == 0:
        return True
    if any(t.text in _QUOTE_MARKS for t in span):
        return True
    if span[0].lower_ in _CLAUSE_OPENERS:
        # "rumors that have circulated": a relative clause on a noun, not a proposition
        return not (span[0].dep_ in _RELATIVE_ROLES and span[0].head.dep_ == "relcl")
    root = span.root
    return root.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in root.children
    )


#: Nouns that name what is said, written or held: a cue of their own ("his claim that
#: …", "the report said").
_SAYING_NOUNS = CUE_NOUNS | DOCUMENT_NOUNS | ISSUED_NOUNS | STANCE_NOUNS


#: What "claim" takes as a noun when it reports a claim ("claimed responsibility").
_CLAIMED = frozenset("responsibility credit victory win success role authorship".split())


def _content_root_in(doc: Doc, a: Attribution, nouns: frozenset[str]) -> bool:
    """Whether the content is a pronoun or a noun phrase headed by one of ``nouns``."""
    span = _content_span(doc, a)
    if span is None:
        return False
    if len(span) == 0:
        return True
    root = span.root
    if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in span):
        return True  # a finite verb: a clause the parser split ("denied its men were there")
    # a pronoun, or a deed ("denied ever knowing him"), or one of the nouns
    return root.pos_ in ("PRON", "VERB", "AUX") or root.lemma_.lower() in nouns


def _topic_object(doc: Doc, a: Attribution, root: Token) -> bool:
    """Whether the content is the object of a preposition on the cue ("reported on
    X", "responded to X", "spoke about X"): what the words were about, not the words."""
    span = _content_span(doc, a)
    if not span:
        return False
    r = span.root
    if r.dep_ == "prep" and r.lower_ in _TOPIC_PREPS and r.head.i == root.i and r.i == span.start:
        # the preposition opening the content: "Referring | to the relations" (not an
        # adjunct after the words: "warned of | more severe weather on Monday")
        return True
    return r.dep_ == "pobj" and r.head.lower_ in _TOPIC_PREPS and r.head.head.i == root.i


#: Prepositions whose object is what words were about: "reported on", "referring to".
_TOPIC_PREPS = frozenset({"on", "about", "to", "over", "regarding"})


def _reported_to(doc: Doc, a: Attribution, root: Token) -> bool:
    """Whether something is reported *to* somebody ("reported the damage to police"),
    the preposition on the verb or, as the parser often has it, on its object."""
    heads = [root]
    span = _content_span(doc, a)
    if span:
        heads.append(span.root)
    return any(c.dep_ == "prep" and c.lower_ == "to" for h in heads for c in h.children)


def _claims_a_thing(doc: Doc, a: Attribution) -> bool:
    """Whether "claim" takes a noun for something had or taken ("2,000 members", "the
    lives of"), not a deed claimed as one's own ("responsibility") nor a pronoun
    standing for what was said ("…, which he claimed")."""
    span = _content_span(doc, a)
    if not span:
        return False
    root = span.root
    return root.pos_ in ("NOUN", "PROPN", "NUM") and root.lemma_.lower() not in _CLAIMED


#: Verbs whose noun-phrase object is what was said: the thing denied or claimed, the
#: one accused or blamed ("denied the allegations", "accused him of lying", "blamed
#: the rebels for the attack").
_CHARGING = frozenset({"deny", "claim", "accuse", "blame", "fault"})
#: Verbs whose noun-phrase object is the danger warned of: "warned of more severe
#: weather", "cautioned against a rate rise".
_WARNING = frozenset({"warn", "caution"})
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})
_FINITE = frozenset({"VBD", "VBP", "VBZ", "MD"})


#: Verbs whose "X for Y" charges X with Y ("blamed the rebels for the attack").
_BLAMING = frozenset({"hold"}) | _CHARGING


def _judged_for(doc: Doc, a: Attribution, root: Token) -> bool:
    """Whether the cue judges somebody for something, with no clause for content:
    "rebuked a counsel for tendering …", "praised the nurses for their work" (a
    predicative act, optional at most in the realnews conventions)."""
    span = _content_span(doc, a)
    if content_is_clause(doc, a) or (span is not None and any(t.tag_ in _FINITE for t in span)):
        return False  # a clause the parser took for an object ("stressed profits … have not come")
    objects = [c for c in root.children if c.dep_ == "dobj"]
    return bool(objects) and any(
        c.dep_ == "prep" and c.lower_ == "for" for h in (root, *objects) for c in h.children
    )


def _rebuts_a_claim(doc: Doc, a: Attribution) -> bool:
    """Whether a statement's words are a claim and what it holds ("rejected the claim
    that his government paid for it", "dismissed reports that …"): rejecting a
    proposition says it is false, where rejecting a request is an act."""
    if not a.contents:
        return False
    sp = doc.char_span(*a.contents[0], alignment_mode="expand")
    if sp is None or not len(sp):
        return False
    root = sp.root
    return (
        root.pos_ == "NOUN"
        and root.lemma_.lower() in CUE_NOUNS
        and any(
            c.dep_ in ("acl", "ccomp")
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            for c in root.children
        )
    )


def content_is_noun_phrase(doc: Doc, a: Attribution, *, adverbials: bool = False) -> bool:
    """Whether every content of a statement is a bare noun phrase: no quoted words, no
    clause opener, no verb but a modifier ("announced his resignation", "praised the
    hardworking staff", "confirmed the incident"). The realnews conventions make such
    objects optional at most, so a reported one is taken for an act; a clause the
    parser left without a subject ("said had targeted militants") is not one. With
    ``adverbials``, a verb inside a prepositional phrase of the cue that the content
    runs over is no clause ("praised their efforts despite being knocked out")."""
    spans = [
        sp
        for s, e in a.contents
        if (sp := doc.char_span(s, e, alignment_mode="expand")) is not None and len(sp)
    ]
    if not spans:
        return False
    return all(
        not any(
            t.text in _QUOTE_MARKS
            or (
                t.tag_ in _VERB_TAGS
                and t.dep_ not in ("amod", "compound")
                and not _modifies(t, sp.root)
                and not (adverbials and _in_adverbial(t, sp))
            )
            for t in sp
        )
        and sp[0].lower_ not in _CLAUSE_OPENERS
        and sp.root.pos_ in ("NOUN", "PROPN", "PRON", "NUM")
        for sp in spans
    )


def _modifies(verb: Token, noun: Token) -> bool:
    """Whether ``verb`` is inside a modifier of ``noun``: a relative clause or a
    preposition's object ("disappointment for losing the match after … where it
    wrapped up the series"), not a clause of its own nor one a "that" opens."""
    t = verb
    while t.i != t.head.i:
        if any(c.dep_ == "mark" and c.lower_ in ("that", "whether", "if") for c in t.children):
            return False  # "the determination that his team will come back": what was said
        if t.dep_ in ("relcl", "acl", "pcomp", "pobj"):
            return any(a.i == noun.i for a in t.ancestors)
        t = t.head
    return False


def _in_adverbial(verb: Token, sp: Span) -> bool:
    """Whether ``verb`` is inside a prepositional phrase of the cue that the content
    runs over ("praised their efforts despite being knocked out"): how or when the
    act was done, not a clause said."""
    for t in (verb, *verb.ancestors):
        if t.dep_ == "prep" and not (sp.start <= t.head.i < sp.end):
            return sp.start <= t.i < sp.end
    return False


def _passive(root: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in root.children) or (
        # "Asked if he knew, Bela was on the defensive": a question put to somebody
        root.tag_ == "VBN"
        and root.dep_ in ("advcl", "acl")
        and not any(c.dep_ == "nsubj" for c in root.children)
    )


def _impersonal(root: Token) -> bool:
    """A passive with no agent whose subject is "it" or missing ("It is understood
    that …", "as is known"); or a bare participle after "as" ("as predicted, it passed
    us")."""
    if (
        root.tag_ == "VBN"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in root.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass", "agent", "aux") for c in root.children)
        # "as stated in Davis' commentary": a document says it
        and not any(c.dep_ == "prep" for c in root.children)
    ):
        return True
    if not any(c.dep_ == "auxpass" for c in root.children):
        return False
    if any(c.dep_ == "agent" for c in root.children):
        return False
    subj = [c for c in root.children if c.dep_ in ("nsubjpass", "expl", "nsubj")]
    return all(c.lower_ == "it" for c in subj)


#: Verbs of finding and seeing: with an object and its predicate ("found it injured")
#: they report what was found, not what was said or held.
_PERCEIVING = frozenset({"find", "discover", "see", "show"})
#: Verbs whose object is the words themselves ("said a few words").
_WORDS_VERBS = frozenset("say tell add write state tweet declare".split())
_FINITE = frozenset({"MD", "VBD", "VBZ", "VBP"})
_INTERROGATIVES = _CLAUSE_OPENERS - {"that"}  # an open question's openers


def _small_clause(doc: Doc, a: Attribution) -> bool:
    """Whether the content is an object and its predicate with no finite verb ("it
    injured and with a broken wing", "him guilty"), not a clause ("the pilot had
    ignored the warning", "that …") or quoted words."""
    span = _content_span(doc, a)
    if span is None or len(span) == 0 or span[0].lower_ in _CLAUSE_OPENERS:
        return False
    if any(t.text in _QUOTE_MARKS for t in span):
        return False
    root = span.root
    if root.tag_ in _FINITE:
        return False
    if root.tag_ == "VBN" and any(c.dep_ in ("dobj", "dative") for c in root.children):
        return False  # "found PolitiFact rated Democrats higher": a past tense read as VBN
    return not any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE for c in root.children)


def _asks_nothing(doc: Doc, a: Attribution, root: Token) -> bool:
    """A negated verb of knowing with an open question for content ("do not know if he
    is connected", "did not know whether it would reopen"): no proposition held."""
    if not any(c.dep_ == "neg" for c in root.children):
        return False
    span = _content_span(doc, a)
    return span is not None and len(span) > 0 and span[0].lower_ in _INTERROGATIVES


def _adverbial(doc: Doc, a: Attribution, root: Token) -> bool:
    """Whether the content is an adverbial clause of the cue, no words reported:
    "protested when the president began his address", "Talking about his opponents,
    he said" (a time, a cause, a topic; an embedded question or a "that" clause is
    the cue's complement, and quoted words stay words)."""
    span = _content_span(doc, a)
    if not span or any(t.text in _QUOTE_MARKS for t in span):
        return False
    r, first = span.root, span[0]
    if r.dep_ != "advcl" or r.head.i != root.i or first.i != r.left_edge.i:
        return False
    if first.head.i == r.i and first.dep_ == "mark" and first.lower_ not in _CLAUSE_OPENERS:
        return True  # "because …", "after …", "while …"
    if first.head.i == r.i and first.lower_ in ("when", "if") and first.dep_ in ("advmod", "mark"):
        # "protested when …", not what is told or asked ("have not said when …")
        return root.lemma_.lower() not in _QUESTION_TAKING
    # a participle with no subject: "Talking about his opponents, he said"
    return (
        first.i == r.i
        and r.tag_ in ("VBG", "VBN")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in r.children)
    )


#: Verbs whose complement may be a question: "have not said when they would …".
_QUESTION_TAKING = frozenset(
    "say tell ask explain know reveal disclose specify indicate wonder decide confirm "
    "announce clarify detail state inquire question".split()
)


def _put_to(root: Token) -> bool:
    """A passive cue whose subject is the one spoken to ("was asked", "were told"),
    unless it names who spoke ("were told by X that …": X's statement)."""
    verb = root.pos_ in ("VERB", "AUX")
    if not verb or root.lemma_.lower() not in ADDRESSEE_VERBS:
        return False
    if root.lemma_.lower() in TOLD_BY_VERBS and any(
        c.dep_ == "agent" and any(o.dep_ == "pobj" for o in c.children) for c in root.children
    ):
        return False
    # "(When) asked whether he had spoken to her, Kelly said …": a sentence-opening
    # participle the tagger read as a past tense; a finite clause has its own subject
    participle = (
        root.tag_ == "VBD"
        and root.dep_ == "advcl"
        and all(
            t.head == root and t.dep_ in ("advmod", "mark")
            for t in root.doc[root.sent.start : root.i]
        )
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children)
    )
    return participle or _passive(root)


def is_statement(
    doc: Doc,
    a: Attribution,
    cue_probs: Mapping[str, float] | None = None,
    *,
    least: float = 0.3,
    noun_phrases: bool = False,
) -> bool:
    """Whether a reported (unquoted) attribution reports something said, written or
    believed, not an action (the realnews conventions): its cue is no action verb
    (:data:`~saidwhat.extract.lexicon.NON_SPEECH_CUES`: "decided to", "declined to",
    "opposed"); a passive cue's subject is not the one spoken to ("was asked") nor
    the object of a non-speech verb ("are expected"); a cue outside the
    reporting-verb lexicon ("publicizing", "sounding") needs a proposition for
    content; unless ``noun_phrases``, a content that is a bare noun phrase
    (:func:`content_is_noun_phrase`: "announced his resignation") is an act, save for
    what is denied, claimed, charged or warned of. Quotations, "according to" and noun cues are
    statements."""
    span = cue_span(doc, a)
    if span is None:
        return True
    root = span.root
    if all(t.ent_type_ in ("DATE", "TIME") or t.lower_ in ("earlier", "later") for t in span):
        return False  # "X earlier this month said …" read with the time for its cue
    if _put_to(root):
        return False  # "when asked about 'mind games'": quoted or not, a question put
    if root.lemma_.lower() in NAMING_VERBS and root.tag_ == "VBN" and root.dep_ in ("acl", "advcl"):
        return False  # "The program, called EB-5": a name given, not words said
    if root.lemma_.lower() in NAMING_VERBS and any(
        c.dep_ == "dobj" and c.lower_.endswith(("self", "selves")) for c in root.children
    ):
        return False  # "a group calling itself …": the name it goes by
    if any(
        c.dep_ in ("nsubj", "nsubjpass")
        and (
            c.lower_ in ("nobody", "none")
            or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        )
        for c in root.children
    ):
        return False  # "No armed group has yet claimed responsibility": nobody said it
    if root.pos_ == "NOUN" and span[-1].lower_ in _TOPIC_PREPS:
        return False  # "his comments about the group's hold": what they were about
    if a.kind == "mixed" and root.pos_ == "VERB" and root.lemma_.lower() in NON_SPEECH_CUES:
        return False  # "identified him as the “state minister”": an act, quoted words or not
    if a.kind != "indirect":
        return True
    if root.pos_ == "ADJ" or root.dep_ == "acomp":
        return content_is_clause(doc, a)  # "livid about a penalty", not "angry that …"
    if (
        root.pos_ == "NOUN"
        and len(span) == 1
        and root.lemma_.lower() not in _SAYING_NOUNS
        and root.dep_ == "ROOT"
        and content_is_noun_phrase(doc, a)
    ):
        return False  # "Commercial drivers shun roads": a verb the tagger read as a noun
    if root.pos_ not in ("VERB", "AUX") or root.lower_ == ACCORDING_TO[0]:
        return True
    lemma = root.lemma_.lower()
    if lemma in NON_SPEECH_CUES and not _rebuts_a_claim(doc, a):
        return False
    if _adverbial(doc, a, root):
        return False  # "protested when the president began": when, not what
    if any(
        c.dep_ == "dobj" and c.lower_ in ("this", "so") and c.tag_ in ("DT", "RB")
        for c in root.children
    ):
        return False  # "Idris said this on Thursday": words reported before, pointed back to
    if lemma in ("be", "have", "do") and all(t.pos_ in ("AUX", "PART") for t in span):
        return False  # "who are trying to": an auxiliary alone reports nothing
    if _passive(root) and lemma not in REPORTING_VERBS:
        return False
    if _impersonal(root) and (
        lemma in COGNITION_VERBS or lemma == "note" or (root.tag_ == "VBN" and root.dep_ == "advcl")
    ):
        return False  # "It is understood that …", "as predicted, …": nobody's words
    if lemma in COGNITION_VERBS and _asks_nothing(doc, a, root):
        return False  # "police do not know if he is connected": nothing held true
    if lemma in _PERCEIVING and _small_clause(doc, a):
        return False  # "rangers found it injured", "found him guilty": a thing seen, a verdict
    if lemma in COGNITION_VERBS or lemma in TOPIC_VERBS:
        return content_is_clause(doc, a)
    if (
        any(c.dep_ == "neg" for c in root.children)
        and (words := _content_span(doc, a))
        and words.root.pos_ not in ("VERB", "AUX", "PART")
        and not content_is_clause(doc, a)
    ):
        # "did not respond to requests for comment": nothing said ("does not claim to
        # belong to either camp" says something)
        return False
    if _topic_object(doc, a, root) and not content_is_clause(doc, a):
        return False  # "reported on the comments", "responded sharply to the statement"
    if lemma == "deny" and not content_is_clause(doc, a):
        return _content_root_in(doc, a, DENIABLE)  # "denied the allegations", not "bail"
    if lemma == "report" and not content_is_clause(doc, a) and _reported_to(doc, a, root):
        return False  # "reported the damage to police": a complaint filed
    if lemma == "claim" and not content_is_clause(doc, a) and _claims_a_thing(doc, a):
        return False  # "which claims 2,000 members", "claimed the lives of": to have, to take
    if (
        not noun_phrases
        and lemma not in _CHARGING
        and lemma not in _WARNING
        # (a verbless headline after "says" is words: "X says Y 'right' in saying …")
        and content_is_noun_phrase(doc, a, adverbials=lemma not in _WORDS_VERBS)
    ):
        return False  # "announced his resignation", "praised the staff": an act
    if not noun_phrases and lemma not in _BLAMING and _judged_for(doc, a, root):
        return False  # "rebuked the counsel for tendering …": a judgement of somebody
    if lemma in REPORTING_VERBS or (cue_probs or {}).get(lemma, 0.0) >= least:
        return True
    return content_is_clause(doc, a)
