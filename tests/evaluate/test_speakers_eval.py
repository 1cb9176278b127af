"""Speaker-resolution evaluation: readers, matching and judging on hand-made examples."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from saidwhat.errors import EvaluationError
from saidwhat.evaluate.speakers import (
    GoldCluster,
    GoldDoc,
    GoldMention,
    GoldToken,
    Judgement,
    detokenize,
    entity_cluster,
    judge,
    judge_article,
    judge_quotations,
    match_mention,
    overlap,
    parse_entity_field,
    read_gum,
    read_gum_conllu,
    read_litbank,
    read_litbank_doc,
    report,
    span_head,
    summarize,
)
from saidwhat.records import ArticleResult, Entity, Quote, Speaker, TextSpan

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SAIDWHAT_SHARED", REPO.parent / "shared"))
GUM = SHARED / "data" / "gum-news"
SAMPLE = REPO / "src" / "saidwhat" / "sample"

# A tiny GUM-style document, written for this test. Columns: ID FORM LEMMA UPOS XPOS
# FEATS HEAD DEPREL DEPS MISC.
CONLLU = """\
# newdoc id = tiny
# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity
# newpar
# text = Mayor Jane Doe spoke.
1\tMayor\tmayor\tPROPN\tNNP\t_\t2\tcompound\t_\tEntity=(1-person-new-sssss-cf1-2-coref-Jane_Doe
2\tJane\tJane\tPROPN\tNNP\t_\t4\tnsubj\t_\t_
3\tDoe\tDoe\tPROPN\tNNP\t_\t2\tflat\t_\tEntity=1)
4\tspoke\tspeak\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# text = "We won't stop," she said.
1\t"\t"\tPUNCT\t``\t_\t5\tpunct\t_\tSpaceAfter=No
2\tWe\twe\tPRON\tPRP\t_\t5\tnsubj\t_\tEntity=(2-person-new-nnnnn-cf1-1-sgl)
3-4\twon't\t_\t_\t_\t_\t_\t_\t_\t_
3\two\twill\tAUX\tMD\t_\t5\taux\t_\t_
4\tn't\tnot\tPART\tRB\t_\t5\tadvmod\t_\t_
5\tstop\tstop\tVERB\tVB\t_\t9\tccomp\t_\tSpaceAfter=No
6\t,\t,\tPUNCT\t,\t_\t5\tpunct\t_\tSpaceAfter=No
7\t"\t"\tPUNCT\t''\t_\t5\tpunct\t_\t_
8\tshe\tshe\tPRON\tPRP\t_\t9\tnsubj\t_\tEntity=(1-person-giv:act-sssss-cf1-1-coref-Jane_Doe)
8.1\tsaid\tsay\tVERB\tVBD\t_\t_\t_\t9:conj\tCopyOf=9
9\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
10\t.\t.\tPUNCT\t.\t_\t9\tpunct\t_\t_

# newpar
# text = The officials, led by Doe, agreed.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(3-person-new-nnnnn-cf1-2-sgl
2\tofficials\tofficial\tNOUN\tNNS\t_\t8\tnsubj\t_\tSpaceAfter=No
3\t,\t,\tPUNCT\t,\t_\t4\tpunct\t_\t_
4\tled\tlead\tVERB\tVBN\t_\t2\tacl\t_\t_
5\tby\tby\tADP\tIN\t_\t6\tcase\t_\t_
6\tDoe\tDoe\tPROPN\tNNP\t_\t4\tobl\t_\tEntity=(1-person-giv:inact-sssss-cf2-1-coref-Jane_Doe)3)|SpaceAfter=No
7\t,\t,\tPUNCT\t,\t_\t2\tpunct\t_\t_
8\tagreed\tagree\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
9\t.\t.\tPUNCT\t.\t_\t8\tpunct\t_\t_
"""
TEXT = 'Mayor Jane Doe spoke. "We won\'t stop," she said.\n\nThe officials, led by Doe, agreed.\n'


@pytest.fixture(scope="module")
def tiny() -> GoldDoc:
    return read_gum_conllu(CONLLU)


def _span(doc: GoldDoc, text: str, nth: int = 0) -> TextSpan:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    return TextSpan(start, start + len(text), text)


# --- CorefUD brackets and the conllu reader ---------------------------------


def test_parse_entity_field_nested_and_single_token():
    brs = parse_entity_field(
        "(8-time-new-nnnnn-cf2-1-coref)7)(22-person-new-ss-cf5-1-coref-Donald_Trump"
    )
    assert [(b.cluster, b.opens, b.closes) for b in brs] == [
        ("8", True, True),
        ("7", False, True),
        ("22", True, False),
    ]
    assert brs[0].etype == "time" and brs[0].link == "coref" and brs[0].identity == ""
    assert brs[2].identity == "Donald_Trump"


def test_parse_entity_field_rejects_garbage():
    with pytest.raises(EvaluationError, match="E025"):
        parse_entity_field("(-x")


def test_conllu_text_rebuilt_like_make_sample(tiny):
    assert tiny.id == "tiny"
    assert tiny.text == TEXT


def test_conllu_tokens_get_offsets_including_multiword_tokens(tiny):
    forms = [tiny.text[t.start : t.end] for t in tiny.tokens]
    assert forms[:5] == ["Mayor", "Jane", "Doe", "spoke", "."]
    # "won't" is split into its two words; the empty node 8.1 is skipped
    assert forms[5:16] == ['"', "We", "wo", "n't", "stop", ",", '"', "she", "said", ".", "The"]
    # heads are indices into the document's token list: "Jane" -> "spoke", "spoke" is root
    assert tiny.tokens[1].head == 3 and tiny.tokens[3].head == -1
    assert tiny.tokens[12].head == 13  # "she" -> "said" (second sentence, offset 5)


def test_conllu_mentions_clusters_kinds(tiny):
    got = [(tiny.text[m.start : m.end], m.cluster, m.kind, m.named) for m in tiny.mentions]
    assert got == [
        ("Mayor Jane Doe", "1", "proper", True),
        ("We", "2", "pronoun", False),
        ("she", "1", "pronoun", False),
        ("The officials, led by Doe", "3", "nominal", False),
        ("Doe", "1", "proper", True),
    ]
    head = tiny.mentions[0].head
    assert head is not None and tiny.text[head[0] : head[1]] == "Jane"
    c = tiny.clusters
    assert c["1"] == GoldCluster("1", "Jane Doe", named=True, size=3)
    assert c["3"].named is False and c["3"].size == 1
    assert c["3"].name == "The officials, led by Doe"  # no identity: the first mention


def test_real_gum_document_matches_the_bundled_sample():
    path = GUM / "dep" / "GUM_news_afghan.conllu"
    if not path.exists():
        pytest.skip(f"GUM news not found at {GUM}")
    doc = read_gum_conllu(path.read_text("utf-8"))
    assert doc.text == (SAMPLE / "afghan.txt").read_text("utf-8")
    assert all(t.start >= 0 for t in doc.tokens)
    mohib = [c for c in doc.clusters.values() if c.name == "Hamdullah Mohib"]
    assert len(mohib) == 1 and mohib[0].named and mohib[0].size > 2
    texts = {doc.text[m.start : m.end] for m in doc.mentions if m.cluster == mohib[0].id}
    assert "Ambassador Mohib" in texts


def test_read_gum_whole_directory_places_every_token():
    if not (GUM / "dep").is_dir():
        pytest.skip(f"GUM news not found at {GUM}")
    docs = read_gum(GUM)
    assert len(docs) >= 20
    for doc in docs:
        assert all(0 <= t.start < t.end <= len(doc.text) for t in doc.tokens), doc.id
        assert doc.mentions and all(m.cluster in doc.clusters for m in doc.mentions)


def test_read_gum_missing_directory(tmp_path):
    with pytest.raises(EvaluationError, match="E026"):
        read_gum(tmp_path)


# --- matching -----------------------------------------------------------------


def test_overlap():
    assert overlap((0, 10), (5, 20)) == 5
    assert overlap((0, 5), (5, 9)) == 0
    assert overlap((3, 4), (0, 9)) == 1


def test_span_head():
    # "big red dog": big -> dog, red -> dog, dog -> root
    toks = [GoldToken(0, 3, 2), GoldToken(4, 7, 2), GoldToken(8, 11, -1)]
    assert span_head(0, 11, toks) == (8, 11)
    assert span_head(0, 7, toks) == (0, 3)  # both point outside: the first one
    assert span_head(20, 30, toks) is None
    assert span_head(0, 11, [GoldToken(0, 3), GoldToken(4, 7)]) is None  # no parse


def test_match_mention_prefers_the_head_then_overlap_then_length():
    a = GoldMention(0, 30, "a", head=(0, 3))
    b = GoldMention(20, 30, "b", head=(20, 23))
    c = GoldMention(20, 28, "c", head=(24, 28))
    ms = [a, b, c]
    assert match_mention(15, 30, ms) is a  # overlap 15 > 10
    assert match_mention(15, 30, ms, head=(20, 23)) is b  # b's own head
    assert match_mention(15, 30, ms, head=(24, 28)) is c  # c's own head
    assert match_mention(20, 30, ms) is b  # same overlap as a: the closer length
    assert match_mention(31, 40, ms) is None


# --- judging ------------------------------------------------------------------


def _entity(doc: GoldDoc, id_: str, name: str, type_: str, *spans: TextSpan) -> Entity:
    return Entity(id=id_, name=name, type=type_, mentions=spans)  # type: ignore[arg-type]


def test_entity_cluster_uses_named_mentions_first(tiny):
    she = _span(tiny, "she")
    officials = _span(tiny, "The officials")
    # one named mention of cluster 1 beats two unnamed mentions of cluster 3
    e = _entity(tiny, "E", "x", "PERSON", officials, _span(tiny, "Doe", 1), officials)
    assert entity_cluster(e, tiny) == ("1", True)
    assert entity_cluster(_entity(tiny, "E", "x", "PERSON", she), tiny) == ("1", False)
    assert entity_cluster(_entity(tiny, "E", "x", "PERSON", _span(tiny, "spoke")), tiny) == (
        None,
        False,
    )


def test_judge_outcomes(tiny):
    jane = tiny.clusters["1"]
    officials = tiny.clusters["3"]
    e_jane = _entity(
        tiny, "E1", "Jane Doe", "PERSON", _span(tiny, "Mayor Jane Doe"), _span(tiny, "she")
    )
    e_she = _entity(tiny, "E2", "she", "UNNAMED", _span(tiny, "she"))
    e_off = _entity(tiny, "E3", "The officials", "UNNAMED", _span(tiny, "The officials"))
    e_off_person = _entity(tiny, "E4", "officials", "PERSON", _span(tiny, "The officials"))
    assert judge(e_jane, jane, tiny) == ("correct", "1")
    assert judge(e_she, jane, tiny) == ("unlinked", "1")
    assert judge(None, jane, tiny) == ("missed", None)
    assert judge(None, officials, tiny) == ("abstained", None)
    assert judge(e_jane, officials, tiny) == ("wrong", "1")
    assert judge(e_off, officials, tiny) == ("correct", "3")
    assert judge(e_off_person, officials, tiny) == ("correct", "3")
    # an UNNAMED speaker of an unnamed singleton is right even when it is linked elsewhere
    e_we = _entity(tiny, "E5", "we", "UNNAMED", _span(tiny, "We"))
    assert judge(e_we, officials, tiny) == ("correct", "2")
    e_we_person = _entity(tiny, "E6", "we", "PERSON", _span(tiny, "We"))
    assert judge(e_we_person, officials, tiny) == ("wrong", "2")


def _quote(id_: str, sources: list[TextSpan], speaker: Entity | None) -> Quote:
    return Quote(
        id=id_,
        kind="direct",
        cue=None,
        sources=tuple(sources),
        contents=(),
        speaker=Speaker(speaker.id, speaker.name, speaker.type) if speaker else None,
        confidence=0.5,
    )


def test_judge_article_and_figures(tiny):
    she, off = _span(tiny, "she"), _span(tiny, "The officials")
    e1 = _entity(
        tiny, "E1", "Jane Doe", "PERSON", _span(tiny, "Mayor Jane Doe"), she, _span(tiny, "Doe", 1)
    )
    e2 = _entity(tiny, "E2", "she", "UNNAMED", she)
    e3 = _entity(tiny, "E3", "The officials", "UNNAMED", off)
    quotes = [
        _quote("Q1", [she], e1),  # correct, pronoun
        _quote("Q2", [she], e2),  # unlinked, pronoun
        _quote("Q3", [she], None),  # missed, pronoun
        _quote("Q4", [off], None),  # abstained, unnamed
        _quote("Q5", [off], e1),  # wrong (Doe is inside the source phrase), unnamed
        _quote("Q6", [off], e3),  # correct, unnamed
        _quote("Q7", [], e1),  # no source
        _quote("Q8", [_span(tiny, "spoke")], e1),  # matches no gold mention
    ]
    result = ArticleResult(id="tiny", text=tiny.text, quotes=tuple(quotes), entities=(e1, e2, e3))
    js = judge_article(result, tiny)
    assert [(j.quote, j.outcome, j.kind) for j in js] == [
        ("Q1", "correct", "pronoun"),
        ("Q2", "unlinked", "pronoun"),
        ("Q3", "missed", "pronoun"),
        ("Q4", "abstained", "unnamed"),
        ("Q5", "wrong", "unnamed"),
        ("Q6", "correct", "unnamed"),
        ("Q7", "no_source", "none"),
        ("Q8", "unmatched", "none"),
    ]
    assert js[4].embedded and js[4].category == "wrong-embedded/unnamed"
    assert js[0].gold == "Jane Doe" and js[0].speaker == "Jane Doe"
    s = summarize(js)
    assert (s["quotes"], s["scored"], s["resolved"]) == (8, 6, 4)
    assert s["precision"] == 0.5  # 2 correct of 4 resolved
    assert s["coverage"] == 0.6667  # 4 resolved of 6 scored
    assert s["recall"] == 0.4  # 2 correct of 5 that need a speaker
    r = report(js, show=1)
    assert r["by_kind"]["pronoun"]["precision"] == 0.5
    assert r["by_kind"]["pronoun"]["coverage"] == 0.6667
    assert r["by_kind"]["unnamed"]["recall"] == 0.5  # 1 of 2 (Q5, Q6)
    assert r["failure_categories"] == {
        "unlinked/pronoun": 1,
        "missed/pronoun": 1,
        "wrong-embedded/unnamed": 1,
    }
    assert [e["quote"] for e in r["examples"]["missed/pronoun"]] == ["Q3"]


def test_summarize_empty():
    s = summarize([])
    assert s["precision"] is None and s["coverage"] is None and s["scored"] == 0


# --- LitBank ------------------------------------------------------------------


def test_detokenize():
    text, offs = detokenize(
        [['"', "Hello", ",", "there", ",", '"', "said", "Tom", "."], ["He", "did", "n't", "."]]
    )
    assert text == '"Hello, there," said Tom. He didn\'t.\n'
    assert [text[s:e] for s, e in offs[0]] == [
        '"',
        "Hello",
        ",",
        "there",
        ",",
        '"',
        "said",
        "Tom",
        ".",
    ]
    assert text[offs[1][2][0] : offs[1][2][1]] == "n't"


LIT_TXT = '" Hello , there , " said Tom .\nHe smiled .\n'


def _lit_anns() -> tuple[str, str]:
    tom = LIT_TXT.index("Tom")
    he = LIT_TXT.index("He smiled")
    quotes = 'QUOTE\tQ1\t0\t0\t0\t5\t" Hello , there , "\nATTRIB\tQ1\tTom-0\nATTRIB\tQ1\tTom-0\n'
    coref = (
        f"T1\tPROP_PER {tom} {tom + 3}\tTom\n"
        f"T2\tPRON_PER {he} {he + 2}\tHe\n"
        f"T3\tTom-0 {tom} {tom + 3}\tTom\n"
        f"T4\tTom-0 {he} {he + 2}\tHe\n"
        "R1\tcop Arg1:T1 Arg2:T2\n"
    )
    return quotes, coref


def test_read_litbank_doc_maps_offsets_onto_detokenized_text():
    quotes, coref = _lit_anns()
    doc = read_litbank_doc(LIT_TXT, quotes, coref, doc_id="lit")
    assert doc.text == '"Hello, there," said Tom. He smiled.\n'
    (q,) = doc.quotes
    assert doc.text[q.start : q.end] == '"Hello, there,"' and q.speaker == "Tom-0"
    assert [(doc.text[m.start : m.end], m.kind, m.named) for m in doc.mentions] == [
        ("Tom", "proper", True),
        ("He", "pronoun", False),
    ]
    assert doc.clusters["Tom-0"] == GoldCluster("Tom-0", "Tom", named=True, size=2)


def test_read_litbank_doc_bad_quotation():
    _, coref = _lit_anns()
    with pytest.raises(EvaluationError, match="E027"):
        read_litbank_doc(LIT_TXT, "QUOTE\tQ1\t5\t0\t5\t2\tx\nATTRIB\tQ1\tTom-0\n", coref)


def test_judge_quotations():
    quotes, coref = _lit_anns()
    doc = read_litbank_doc(LIT_TXT, quotes, coref, doc_id="lit")
    tom = _span(doc, "Tom")
    he = TextSpan(doc.text.index("He smiled"), doc.text.index("He smiled") + 2, "He")
    content = _span(doc, '"Hello, there,"')
    e1 = Entity(id="E1", name="Tom", type="PERSON", mentions=(tom, he))
    e2 = Entity(id="E2", name="smiled", type="PERSON", mentions=(_span(doc, "smiled"),))

    def q(id_, sources, speaker, contents=(content,)):
        return Quote(
            id_,
            "direct",
            None,
            tuple(sources),
            tuple(contents),
            Speaker(speaker.id, speaker.name, speaker.type) if speaker else None,
            0.5,
        )

    quotes_ = (
        q("Q1", [tom], e1),
        q("Q2", [], None),
        q("Q3", [he], e2),
        q("Q4", [tom], e1, contents=(_span(doc, "He smiled"),)),
    )
    result = ArticleResult(id="lit", text=doc.text, quotes=quotes_, entities=(e1, e2))
    js = judge_quotations(result, doc)
    got = [(j.outcome, j.kind) for j in js]
    assert got == [
        ("correct", "proper"),
        ("missed", "none"),
        ("wrong", "pronoun"),
        ("unmatched", "none"),
    ]
    assert [j.source_ok for j in js] == [True, None, True, True]
    assert js[2].category == "wrong/pronoun"  # "He" is Tom: resolution, not attribution, failed
    r = report(js)
    assert r["right_source"]["counts"]["correct"] == 1
    assert r["right_source"]["counts"]["wrong"] == 1
    assert r["right_source"]["scored"] == 2
    wrong_source = Judgement("lit", "Q9", "wrong", "proper", source_ok=False)
    assert wrong_source.category == "wrong-source/proper"


def test_read_litbank_missing_directory(tmp_path):
    with pytest.raises(EvaluationError, match="E026"):
        read_litbank(tmp_path)


# --- the engine, end to end ---------------------------------------------------


def test_engine_output_lines_up_with_the_gold_document(tiny):
    """The engine runs on the rebuilt text; its clear quote is scored against the gold "she"."""
    from saidwhat.api import extract

    result = extract(tiny.text, id="tiny")
    judged = {j.quote: j for j in judge_article(result, tiny)}
    she = [q for q in result.quotes if any(s.text == "she" for s in q.sources)]
    assert she, "the engine should attribute the quoted sentence to 'she'"
    j = judged[she[0].id]
    assert j.kind == "pronoun" and j.gold == "Jane Doe"
    assert j.outcome in ("correct", "wrong", "unlinked", "missed")


def test_cli_gum_one_document_json():
    if not (GUM / "dep").is_dir():
        pytest.skip(f"GUM news not found at {GUM}")
    from saidwhat.cli import main

    res = CliRunner().invoke(
        main, ["evaluate-speakers", "gum", str(GUM), "--limit", "1", "--json", "--show", "2"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["corpus"] == "gum" and out["documents"] == 1
    c = out["counts"]
    assert out["resolved"] == c["correct"] + c["wrong"] + c["unlinked"]
    assert out["scored"] == out["resolved"] + c["missed"] + c["abstained"]
    assert out["scored"] > 0  # the afghan article has attributed statements
    if out["resolved"]:
        assert out["precision"] == round(c["correct"] / out["resolved"], 4)
    for examples in out.get("examples", {}).values():
        assert len(examples) <= 2


def test_cli_bad_directory(tmp_path):
    from saidwhat.cli import main

    res = CliRunner().invoke(main, ["evaluate-speakers", "litbank", str(tmp_path)])
    assert res.exit_code != 0 and "E026" in res.output


def test_cli_model_option_sets_the_tier(monkeypatch, tmp_path):
    from saidwhat.cli import main
    from saidwhat.evaluate import speakers

    seen = []

    def record(corpus, directory, **kw):
        seen.append(kw["config"])
        return {"corpus": corpus, "documents": 0}

    monkeypatch.setattr(speakers, "evaluate_speakers", record)
    args = ["evaluate-speakers", "gum", str(tmp_path), "--json"]
    assert CliRunner().invoke(main, [*args, "--model", "accurate"]).exit_code == 0
    assert CliRunner().invoke(main, [*args, "--method", "rules"]).exit_code == 0
    assert seen == [{"model": {"tier": "accurate"}}, {"extract": {"method": "rules"}}]


def test_read_litbank_heldout_keeps_the_documents_the_ranker_never_saw(tmp_path):
    from saidwhat.extract.antecedents import litbank_heldout

    quotes, coref = _lit_anns()
    names = [f"{n}_story_brat" for n in range(30)]
    for sub, ann in (("quotations/tsv", quotes), ("coref/brat", coref)):
        d = tmp_path / sub
        d.mkdir(parents=True)
        for name in names:
            (d / f"{name}.ann").write_text(ann, "utf-8")
            (d / f"{name}.txt").write_text(LIT_TXT, "utf-8")
    held = [n for n in names if litbank_heldout(n)]
    assert held and len(held) < len(names)
    assert [d.id for d in read_litbank(tmp_path, heldout=True)] == held
    assert len(read_litbank(tmp_path)) == len(names)
