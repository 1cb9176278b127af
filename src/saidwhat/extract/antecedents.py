"""A learned resolver for pronoun and description sources: mention ranking.

For an anaphor ("he", "her", "the minister", "the airline") and each entity of the
article mentioned before it, :func:`features` describes the pair (distance of the
entity's last mention, how often and how it was mentioned, whether it is the speaker
being reported, gender agreement, whether a description's words match the entity's
roles, affiliations or name); :class:`AntecedentRanker` turns the features into the
probability that the anaphor refers to that entity (a one-hidden-layer network run
with NumPy). The same :func:`features` and :func:`candidate_views` are used by the
training recipe (``saidwhat.train.antecedents``, on GUM, GAP and LitBank
coreference) and at run time (``extract.speakers.ArticleEntities``), so the model
sees at training what it sees in use.

The entities are described by a small frozen record, :class:`CandidateView`, so the
features do not depend on the entity layer's internals.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span, Token

from ..names import (
    ORG_NOUNS,
    PERSON_NOUNS,
    ROLE_WORDS,
    TITLE_GENDER,
    fold,
    given_name_gender,
    name_words,
)
from .lexicon import REPORTING_VERBS

MODEL_DIR = Path(__file__).resolve().parent.parent / "models"
MODEL_NAME = "antecedent_model"

#: Pronouns the ranker resolves, with their gender.
PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}

#: Gender of person nouns in descriptions ("the actress").
NOUN_GENDER = {
    **dict.fromkeys(
        "man actor spokesman chairman king prince father son husband brother boy guy "
        "congressman councilman gentleman sir lord mr uncle nephew grandfather".split(),
        "m",
    ),
    **dict.fromkeys(
        "woman actress spokeswoman chairwoman queen princess mother daughter wife sister "
        "girl lady congresswoman councilwoman widow mrs ms miss dame aunt niece "
        "grandmother".split(),
        "f",
    ),
}


#: Entity types a candidate can have; anything else is "OTHER".
TYPES = ("PERSON", "ORG", "GPE", "NORP")
_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos", "compound", "conj")

#: Candidates considered per anaphor: the most recently mentioned ones.
MAX_CANDIDATES = 8
#: Candidates must have been mentioned within this many sentences.
MAX_SENTENCES = 12


@dataclass(frozen=True, slots=True)
class CandidateView:
    """What the ranker knows of one candidate entity at an anaphor.

    ``mentions``: token indices of its mentions before the anaphor (heads, in text
    order); ``subjects``: those that were subjects; ``rank``: 0 for the candidate
    mentioned last, 1 for the one before, ...; ``between``: mentions of other
    candidates after its last one and before the anaphor.
    """

    mentions: tuple[int, ...]
    subjects: tuple[int, ...]
    type: str
    gender: str | None
    is_last_speaker: bool
    roles: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    name: str = ""
    rank: int = 0
    between: int = 0


def name_gender(name: str) -> str | None:
    """``"m"``/``"f"`` guessed from the first word of a name (also a single word,
    "Anne"), with gender-guesser's list; None when unknown or ambiguous."""
    raw = name.split()
    if raw and fold(raw[0]).rstrip(".") in TITLE_GENDER:
        return TITLE_GENDER[fold(raw[0]).rstrip(".")]
    words = name_words(name)
    if not words:
        return None
    return given_name_gender(words[0])


def anaphor_kind(span: Span, head: Token) -> str | None:
    """``"pronoun"`` (he/she/him/her/his), ``"description"`` (a definite noun phrase
    headed by a person or organisation noun) or None."""
    if head.lower_ in PRONOUN_GENDER:
        return "pronoun"
    if head.pos_ in ("NOUN", "PROPN") and head.tag_ not in ("NNS", "NNPS"):
        low = fold(head.text)
        if low in PERSON_NOUNS or low in ORG_NOUNS or head.lemma_.lower() in ORG_NOUNS:
            first = span[0].lower_
            if first in ("the", "this", "that") or any(t.dep_ == "poss" for t in head.children):
                return "description"
    return None


def candidate_views(
    order: Sequence[tuple[int, Any]],
    subjects: Sequence[tuple[int, Any]],
    at: int,
    sent_of: Sequence[int],
    *,
    last_speaker: Any = None,
    keep: Any = None,
    limit: int = MAX_CANDIDATES,
    gender_of: Any = None,
) -> list[tuple[Any, CandidateView]]:
    """Views of the entities mentioned before token ``at``.

    ``order``: (token index, entity) of every mention in text order; ``subjects``:
    those that are subjects; an entity has ``type``, ``gender``, ``roles``,
    ``affiliations`` and ``name`` (``extract.speakers.Cluster``); ``keep(entity)``
    filters the candidates; ``gender_of(entity)`` gives a gender (default: its own, else
    one guessed from its first name). The ``limit`` most recently mentioned within
    :data:`MAX_SENTENCES` sentences are returned, the most recent first.
    """
    sent = sent_of[at]
    mentions: dict[int, list[int]] = {}
    ents: dict[int, Any] = {}
    for i, c in order:
        if i >= at:
            break
        if keep is not None and not keep(c):
            continue
        mentions.setdefault(id(c), []).append(i)
        ents[id(c)] = c
    subj: dict[int, list[int]] = {}
    for i, c in subjects:
        if i < at:
            subj.setdefault(id(c), []).append(i)
    recent = sorted(
        (k for k in mentions if sent - sent_of[mentions[k][-1]] <= MAX_SENTENCES),
        key=lambda k: -mentions[k][-1],
    )[:limit]
    lasts = sorted(mentions[k][-1] for k in recent)
    out = []
    for rank, k in enumerate(recent):
        c = ents[k]
        last = mentions[k][-1]
        between = sum(
            1 for j in (i for kk in recent if kk != k for i in mentions[kk]) if last < j < at
        )
        gender = getattr(c, "gender", None)
        if gender_of is not None:
            gender = gender_of(c)
        elif gender is None and getattr(c, "type", "") == "PERSON":
            gender = name_gender(getattr(c, "name", ""))
        out.append(
            (
                c,
                CandidateView(
                    mentions=tuple(mentions[k]),
                    subjects=tuple(subj.get(k, ())),
                    type=getattr(c, "type", "OTHER"),
                    gender=gender,
                    is_last_speaker=c is last_speaker,
                    roles=tuple(getattr(c, "roles", ())),
                    affiliations=tuple(getattr(c, "affiliations", ())),
                    name=getattr(c, "name", ""),
                    rank=rank,
                    between=min(between, len(lasts) * 4),
                ),
            )
        )
    return out


def _paragraph_breaks(doc: Doc, a: int, b: int) -> int:
    """Paragraph breaks (blank lines or line breaks) between tokens ``a`` < ``b``."""
    if b <= a:
        return 0
    text = doc[a:b].text_with_ws  # = doc.text[doc[a].idx : doc[b].idx]; Doc.text joins all

    return text.count("\n\n") or min(text.count("\n"), 1)


def _words(strings: Iterable[str]) -> set[str]:
    return {fold(w) for s in strings for w in s.replace("-", " ").split() if w}


def _bucket(x: int, edges: Sequence[int]) -> list[float]:
    """One-hot of the first edge ``x`` is at most (the last bucket: above all)."""
    out = [0.0] * (len(edges) + 1)
    for k, e in enumerate(edges):
        if x <= e:
            out[k] = 1.0
            return out
    out[-1] = 1.0
    return out


FEATURE_NAMES: tuple[str, ...] = (
    "bias",
    "is_pronoun",
    "is_description",
    "ana_subj",
    "ana_obj",
    "ana_poss",
    "ana_report_subj",
    "log_tok_dist",
    *(f"sent_dist_{k}" for k in ("0", "1", "2", "3-5", "6+")),
    *(f"para_dist_{k}" for k in ("0", "1", "2+")),
    "log_mentions",
    "has_subject",
    *(f"subj_dist_{k}" for k in ("0", "1", "2-3", "4+")),
    *(f"last_dep_{d}" for d in (*_DEPS, "other")),
    "is_last_speaker",
    "last_speaker_pron",
    "last_speaker_desc",
    "last_speaker_report_subj",
    *(f"rank_{k}" for k in ("0", "1", "2", "3+")),
    "log_between",
    "gender_agree",
    "gender_clash",
    "gender_unknown",
    "gender_agree_pron",
    "gender_clash_pron",
    *(f"type_{t}" for t in (*TYPES, "OTHER")),
    *(f"desc_type_{t}" for t in (*TYPES, "OTHER")),
    "same_clause_subject",
    "desc_person_noun",
    "desc_org_noun",
    "desc_head_in_roles",
    "desc_head_in_name",
    "desc_mods_in_roles",
    "desc_mods_in_name",
    "desc_has_roles",
    "desc_generic_noun",
    "desc_role_noun_no_role",
    "first_mention_in_sent",
)

_GENERIC = frozenset(
    "man woman boy girl guy lady gentleman veteran youngster teenager person".split()
)


def features(
    doc: Doc, anaphor: Span, cand: CandidateView, *, head: Token | None = None
) -> list[float]:
    """The feature vector of (anaphor, candidate), in the order of :data:`FEATURE_NAMES`."""
    head = head if head is not None else anaphor.root
    at = head.i
    low = head.lower_
    is_pron = low in PRONOUN_GENDER
    is_desc = not is_pron
    report_subj = is_report_subject(head)
    last = cand.mentions[-1] if cand.mentions else max(0, at - 1)
    sent_at = _sent_index(doc, at)
    sent_last = _sent_index(doc, last)
    sd = max(0, sent_at - sent_last)
    dep = doc[last].dep_
    f: list[float] = [1.0, float(is_pron), float(is_desc)]
    f += [
        float(head.dep_ in ("nsubj", "nsubjpass")),
        float(head.dep_ in ("dobj", "pobj", "dative", "obj")),
        float(head.dep_ == "poss" or low in ("his", "hers")),
        float(report_subj),
        math.log1p(max(0, at - last)) / 5.0,
    ]
    f += _bucket(sd, (0, 1, 2, 5))
    f += _bucket(_paragraph_breaks(doc, last, at), (0, 1))
    f.append(math.log1p(len(cand.mentions)) / 2.0)
    f.append(float(bool(cand.subjects)))
    if cand.subjects:
        f += _bucket(max(0, sent_at - _sent_index(doc, cand.subjects[-1])), (0, 1, 3))
    else:
        f += [0.0] * 4
    f += [float(dep == d) for d in _DEPS] + [float(dep not in _DEPS)]
    f += [
        float(cand.is_last_speaker),
        float(cand.is_last_speaker and is_pron),
        float(cand.is_last_speaker and is_desc),
        float(cand.is_last_speaker and report_subj),
    ]
    f += _bucket(cand.rank, (0, 1, 2))
    f.append(math.log1p(cand.between) / 2.0)
    # gender
    if is_pron:
        g: str | None = PRONOUN_GENDER[low]
    else:
        g = NOUN_GENDER.get(fold(head.text)) or NOUN_GENDER.get(head.lemma_.lower())
    cg = cand.gender
    agree = g is not None and cg == g
    clash = g is not None and cg is not None and cg != g
    f += [
        float(agree),
        float(clash),
        float(cg is None and cand.type == "PERSON"),
        float(agree and is_pron),
        float(clash and is_pron),
    ]
    t = cand.type if cand.type in TYPES else "OTHER"
    f += [float(t == x) for x in (*TYPES, "OTHER")]
    f += [float(t == x and is_desc) for x in (*TYPES, "OTHER")]
    # "Smith told him": the subject of the anaphor's own clause is not its referent
    f.append(
        float(
            any(
                doc[i].dep_ in ("nsubj", "nsubjpass") and doc[i].head.i == head.head.i
                for i in cand.subjects
            )
            and head.dep_ not in ("nsubj", "nsubjpass")
        )
    )
    # descriptions
    if is_desc:
        hw = fold(head.text)
        hl = head.lemma_.lower()
        role_words = _words(cand.roles)
        aff_words = _words(cand.affiliations)
        name_w = {fold(w) for w in name_words(cand.name)}
        mods = {
            fold(x.text)
            for x in anaphor
            if x.i != head.i and not x.is_stop and not x.is_punct and x.pos_ != "DET"
        }
        is_person_noun = hw in PERSON_NOUNS or hl in PERSON_NOUNS
        f += [
            float(is_person_noun),
            float(hw in ORG_NOUNS or hl in ORG_NOUNS),
            float(hw in role_words or hl in role_words),
            float(hw in name_w or hl in name_w),
            min(len(mods & (role_words | aff_words)), 3) / 3.0,
            min(len(mods & name_w), 3) / 3.0,
            float(bool(cand.roles)),
            float(hw in _GENERIC or hl in _GENERIC),
            float(
                (hw in ROLE_WORDS or hl in ROLE_WORDS)
                and hw not in _GENERIC
                and not (hw in role_words or hl in role_words)
            ),
        ]
    else:
        f += [0.0] * 9
    sent_start = _sent_start(doc, at)
    f.append(float(all(i < sent_start for i in cand.mentions[:-1]) and last >= sent_start))
    return f


def is_report_subject(head: Token) -> bool:
    """The anaphor is the subject of a reporting verb ("he said", "the minister warned")."""
    return head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() in REPORTING_VERBS


def _sentences(doc: Doc) -> tuple[list[int], list[int]]:
    """Per token, the index and the first token of its sentence (cached on the Doc's
    user data: ``Token.sent`` scans the sentences at every call)."""
    key = "saidwhat_sent_index"
    got = doc.user_data.get(key)
    if got is None or len(got[0]) != len(doc):
        idx = [0] * len(doc)
        starts = [0] * len(doc)
        for k, sent in enumerate(doc.sents):
            for j in range(sent.start, sent.end):
                idx[j] = k
                starts[j] = sent.start
        got = doc.user_data[key] = (idx, starts)
    return got  # type: ignore[no-any-return]


def _sent_index(doc: Doc, i: int) -> int:
    """Index of the sentence holding token ``i``."""
    return int(_sentences(doc)[0][i])


def _sent_start(doc: Doc, i: int) -> int:
    """First token of the sentence holding token ``i``."""
    return int(_sentences(doc)[1][i])


class AntecedentRanker:
    """The trained scorer: standardised features → tanh layer → one score per
    candidate; a softmax over the candidates and "no antecedent" (score 0)."""

    def __init__(
        self,
        w1: np.ndarray,
        b1: np.ndarray,
        w2: np.ndarray,
        b2: float,
        mean: np.ndarray,
        std: np.ndarray,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.w1, self.b1, self.w2, self.b2 = w1, b1, w2, float(b2)
        self.mean, self.std = mean, std
        self.meta = meta or {}
        self.threshold = float(self.meta.get("threshold", 0.5))
        #: below this for every candidate: no antecedent (the rules are not asked)
        self.reject = float(self.meta.get("reject", 0.1))
        #: "first": the ranker decides when sure, the rules otherwise; "veto": the rules
        #: decide and the ranker only overrules a choice it scores below ``reject``
        self.mode = str(self.meta.get("mode", "first"))

    @classmethod
    def load(cls, path: str | Path | None = None) -> AntecedentRanker | None:
        """The ranker stored at ``path`` (``.npz`` weights + ``.json`` metadata, default:
        ``saidwhat/models/antecedent_model``); None when absent or of other features."""
        base = Path(path) if path is not None else MODEL_DIR / MODEL_NAME
        base = base.with_suffix("") if base.suffix in (".npz", ".json") else base
        npz, meta_path = base.with_suffix(".npz"), base.with_suffix(".json")
        if not npz.exists() or not meta_path.exists():
            return None
        meta = json.loads(meta_path.read_text("utf-8"))
        if list(meta.get("features", [])) != list(FEATURE_NAMES):
            return None
        with np.load(npz) as z:
            arrays = {k: z[k].astype(np.float32) for k in z.files}
        return cls(
            arrays["w1"],
            arrays["b1"],
            arrays["w2"],
            float(arrays["b2"].reshape(-1)[0]),
            arrays["mean"],
            arrays["std"],
            meta,
        )

    def save(self, path: str | Path) -> None:
        base = Path(path)
        base.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            base.with_suffix(".npz"),
            w1=self.w1.astype(np.float16),
            b1=self.b1.astype(np.float16),
            w2=self.w2.astype(np.float16),
            b2=np.array([self.b2], dtype=np.float32),
            mean=self.mean.astype(np.float32),
            std=self.std.astype(np.float32),
        )
        meta = dict(
            self.meta,
            features=list(FEATURE_NAMES),
            threshold=self.threshold,
            reject=self.reject,
            mode=self.mode,
        )
        base.with_suffix(".json").write_text(json.dumps(meta, indent=1) + "\n", "utf-8")

    def logits(self, x: np.ndarray) -> np.ndarray:
        """One score per raw feature row (the "no antecedent" option scores 0)."""
        z = (np.asarray(x, dtype=np.float32) - self.mean) / self.std
        h = np.tanh(z @ self.w1 + self.b1)
        return (h @ self.w2 + self.b2).reshape(-1)

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Probabilities for the candidates of one anaphor (the rows of ``x``): a softmax
        over them and "no antecedent"; a candidate whose gender clashes gets 0."""
        x = np.asarray(x, dtype=np.float32)
        if len(x) == 0:
            return np.zeros(0, dtype=np.float32)
        s = self.logits(x).astype(np.float64)
        s[x[:, _CLASH] > 0] = -np.inf
        m = max(0.0, float(s.max()))
        e = np.exp(s - m)
        return (e / (np.exp(-m) + e.sum())).astype(np.float32)

    def scores(
        self,
        doc: Doc,
        anaphor: Span,
        candidates: Sequence[CandidateView],
        *,
        head: Token | None = None,
    ) -> np.ndarray:
        """P(anaphor refers to candidate) for each candidate, the rest of the mass going
        to "none of them" (an empty array for no candidates)."""
        if not candidates:
            return np.zeros(0, dtype=np.float32)
        x = np.array([features(doc, anaphor, c, head=head) for c in candidates], np.float32)
        return self.predict(x)


_CLASH = FEATURE_NAMES.index("gender_clash")


def litbank_heldout(doc_id: str) -> bool:
    """The LitBank documents kept out of training (one in five, by a stable hash of
    the document's name, e.g. ``105_persuasion_brat``), so
    ``saidwhat evaluate-speakers litbank --heldout`` scores documents the ranker never saw."""
    return zlib.crc32(doc_id.encode("utf-8")) % 5 == 0


def candidate_types(kind: str, head: Token) -> frozenset[str]:
    """Entity types an anaphor of this kind can stand for: persons for he/she and
    person nouns ("the minister"), organisations, places and groups for the others
    ("the airline", "the city")."""
    if kind == "pronoun":
        return frozenset({"PERSON"})
    low, lemma = fold(head.text), head.lemma_.lower()
    if (low in PERSON_NOUNS or lemma in PERSON_NOUNS) and not (
        low in ORG_NOUNS or lemma in ORG_NOUNS
    ):
        return frozenset({"PERSON"})
    if low in _PLACE_NOUNS or lemma in _PLACE_NOUNS:
        return frozenset({"ORG", "GPE", "NORP"})
    return frozenset({"ORG", "NORP"})  # "the organization", "the party": not a place


#: Description heads that can stand for a place ("the government" for "Italy").
_PLACE_NOUNS = frozenset(
    "government administration authority authorities country nation state city town "
    "region province capital municipality council kingdom republic".split()
)


_LOADED: dict[str, AntecedentRanker | None] = {}


def get_ranker() -> AntecedentRanker | None:
    """The shipped ranker, loaded once per process (None when the model is absent)."""
    if "default" not in _LOADED:
        _LOADED["default"] = AntecedentRanker.load()
    return _LOADED["default"]
