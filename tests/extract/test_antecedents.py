"""The learned antecedent ranker (saidwhat.extract.antecedents), on made-up text."""

from __future__ import annotations

import numpy as np
import pytest

from saidwhat.extract.antecedents import (
    FEATURE_NAMES,
    AntecedentRanker,
    CandidateView,
    anaphor_kind,
    candidate_types,
    candidate_views,
    features,
    litbank_heldout,
    name_gender,
)

TEXT = (
    "Maria Lopez met Tom Baker in the capital on Monday.\n\n"
    "Baker spoke first. Later she said the talks had gone well."
)


@pytest.fixture(scope="module")
def doc(engine):
    return engine.nlp(TEXT)


def _tok(doc, text: str, nth: int = 0):
    return [t for t in doc if t.text == text][nth]


def _view(doc, mentions, *, gender, subjects=(), last=False, rank=0):
    return CandidateView(
        mentions=tuple(mentions),
        subjects=tuple(subjects),
        type="PERSON",
        gender=gender,
        is_last_speaker=last,
        name="x",
        rank=rank,
    )


def test_features_describe_the_pair(doc):
    she = _tok(doc, "she")
    maria = _tok(doc, "Lopez").i
    baker = _tok(doc, "Baker", 1).i
    v_m = _view(doc, [maria], gender="f", rank=1)
    v_b = _view(doc, [_tok(doc, "Baker").i, baker], gender="m", subjects=[baker])
    f_m = dict(zip(FEATURE_NAMES, features(doc, doc[she.i : she.i + 1], v_m), strict=True))
    f_b = dict(zip(FEATURE_NAMES, features(doc, doc[she.i : she.i + 1], v_b), strict=True))
    assert len(features(doc, doc[she.i : she.i + 1], v_m)) == len(FEATURE_NAMES)
    assert f_m["is_pronoun"] == 1.0 and f_m["ana_subj"] == 1.0
    assert f_m["gender_agree"] == 1.0 and f_m["gender_clash"] == 0.0
    assert f_b["gender_clash"] == 1.0 and f_b["gender_agree"] == 0.0
    assert f_m["para_dist_1"] == 1.0  # "Maria Lopez" is a paragraph back
    assert f_b["para_dist_0"] == 1.0 and f_b["sent_dist_1"] == 1.0
    assert f_b["has_subject"] == 1.0 and f_m["has_subject"] == 0.0
    assert f_m["rank_1"] == 1.0 and f_b["rank_0"] == 1.0
    assert f_b["log_tok_dist"] < f_m["log_tok_dist"]


def test_anaphor_kinds(engine):
    d = engine.nlp(
        "The minister said so. He agreed. A spokesman denied it. The airline did not. "
        "The government said no."
    )
    assert anaphor_kind(d[0:2], d[1]) == "description"
    he = _tok(d, "He")
    assert anaphor_kind(d[he.i : he.i + 1], he) == "pronoun"
    spokesman = _tok(d, "spokesman")
    assert anaphor_kind(d[spokesman.i - 1 : spokesman.i + 1], spokesman) is None  # indefinite
    assert candidate_types("description", d[1]) == {"PERSON"}
    airline = _tok(d, "airline")
    assert candidate_types("description", airline) == {"ORG", "NORP"}
    assert "GPE" in candidate_types("description", _tok(d, "government"))


class _Ent:
    def __init__(self, name: str, type_: str = "PERSON", gender: str | None = None) -> None:
        self.name, self.type, self.gender = name, type_, gender
        self.roles: list[str] = []
        self.affiliations: list[str] = []


def test_candidate_views_most_recent_first():
    a, b, org = _Ent("Maria Lopez", gender="f"), _Ent("Tom Baker"), _Ent("Acme", "ORG")
    order = [(0, a), (3, b), (5, org), (8, b)]
    sent_of = [0] * 5 + [1] * 10
    views = candidate_views(
        order, [(8, b)], 12, sent_of, last_speaker=b, keep=lambda c: c.type == "PERSON"
    )
    assert [c for c, _ in views] == [b, a]
    vb, va = views[0][1], views[1][1]
    assert vb.mentions == (3, 8) and vb.subjects == (8,) and vb.is_last_speaker
    assert vb.gender == "m"  # guessed from the first name
    assert va.rank == 1 and va.between == 2 and va.gender == "f"


def test_name_gender():
    assert name_gender("Anne") == "f"
    assert name_gender("Mr. Smith") == "m"
    assert name_gender("Xqzt Blorf") is None


def test_litbank_heldout_is_stable():
    names = [f"{n}_doc_brat" for n in range(200)]
    held = [n for n in names if litbank_heldout(n)]
    assert 20 <= len(held) <= 60
    assert held == [n for n in names if litbank_heldout(n)]


def test_ranker_load_and_scores(doc, tmp_path):
    assert AntecedentRanker.load(tmp_path / "absent") is None
    ranker = AntecedentRanker.load()
    if ranker is None:
        pytest.skip("no shipped antecedent model")
    she = _tok(doc, "she")
    views = [
        _view(doc, [_tok(doc, "Baker").i, _tok(doc, "Baker", 1).i], gender="m"),
        _view(doc, [_tok(doc, "Lopez").i], gender="f", rank=1),
    ]
    p = ranker.scores(doc, doc[she.i : she.i + 1], views)
    assert p.shape == (2,)
    assert np.all((p >= 0) & (p <= 1))
    assert p[1] > p[0]  # "she" is Maria Lopez, not the nearer Tom Baker
    assert ranker.scores(doc, doc[she.i : she.i + 1], []).shape == (0,)


def test_ranker_save_load_roundtrip(tmp_path):
    d = len(FEATURE_NAMES)
    rng = np.random.default_rng(0)
    r = AntecedentRanker(
        rng.normal(size=(d, 4)).astype(np.float32),
        np.zeros(4, np.float32),
        rng.normal(size=4).astype(np.float32),
        0.1,
        np.zeros(d, np.float32),
        np.ones(d, np.float32),
        {"threshold": 0.6},
    )
    r.save(tmp_path / "m")
    back = AntecedentRanker.load(tmp_path / "m")
    assert back is not None and back.threshold == 0.6
    x = rng.normal(size=(3, d)).astype(np.float32)
    assert np.allclose(back.predict(x), r.predict(x), atol=2e-2)


def test_engine_gives_she_to_the_woman():
    from saidwhat import extract

    text = (
        "Maria Lopez, the mayor of a small town, met the banker Tom Baker on Monday. "
        "Baker left early.\n\n"
        '"We will build the bridge next year," she said.'
    )
    quotes = [q for q in extract(text).quotes if q.sources and q.sources[0].text == "she"]
    assert quotes and quotes[0].speaker is not None
    assert quotes[0].speaker.name == "Maria Lopez"
