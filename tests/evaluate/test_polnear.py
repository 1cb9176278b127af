"""The PolNeAR reader, on a tiny hand-made brat corpus (no PolNeAR text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.errors import EvaluationError
from saidwhat.evaluate.polnear import (
    GoldArticle,
    GoldAttribution,
    load_polnear,
    parse_brat,
)

TEXT = (
    'Officials said the bridge would reopen.\r\n"It is safe," the mayor told reporters, '
    '"and it\nwill stay open."\n'
    "Critics have questioned the repairs.\n"
)


def _find(sub: str, start: int = 0) -> tuple[int, int]:
    i = TEXT.index(sub, start)
    return i, i + len(sub)


def _t(tid: str, label: str, *ranges: tuple[int, int]) -> str:
    offsets = ";".join(f"{a} {b}" for a, b in ranges)
    text = " ".join(TEXT[a:b] for a, b in ranges)
    return f"{tid}\t{label} {offsets}\t{text}"


def _write_corpus(root: Path, *, annotators: str = "aa01|bb02", files: tuple[str, ...]) -> None:
    (root / "dev" / "text").mkdir(parents=True)
    (root / "dev" / "attributions").mkdir(parents=True)
    (root / "metadata.tsv").write_text(
        "compartment\tfilename\tlevel\tannotators\tpublisher\n"
        f"dev\tart-one\t3\t{annotators}\tpaper\n"
        "dev\tart-zero\t1\tcc03\tpaper\n",
        encoding="utf-8",
    )
    # write bytes so that the \r\n survives: offsets count it as two characters
    (root / "dev" / "text" / "art-one.txt").write_bytes(TEXT.encode("utf-8"))
    (root / "dev" / "text" / "art-zero.txt").write_bytes(b"Nothing to see.\n")
    s1, c1, q1 = _find("Officials"), _find("said"), _find("the bridge would reopen")
    q2a, q2b = _find("It is safe,"), _find("and it\nwill stay open.")
    s2, c2 = _find("the mayor"), _find("told")
    c3, q3 = _find("have questioned"), _find("the repairs")
    ann = "\n".join(
        [
            _t("T1", "Source", s1),
            _t("T2", "Cue", c1),
            _t("T3", "Content", q1),
            _t("T4", "Attribution", c1),
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
            _t("T5", "Content", q2a, q2b),  # discontinuous, with a newline inside
            _t("T6", "Source", s2),
            _t("T7", "Cue", c2),
            _t("T8", "Attribution", c2),
            "E2\tAttribution:T8 Cue:T7 Source:T6 Content:T5",
            _t("T9", "Attribution-no-source", c3),  # no Cue argument: trigger is the cue
            _t("T10", "Content", q3),
            "E3\tAttribution-no-source:T9 Content:T10",
            _t("T11", "Attribution-no-source", s1),  # unfinished: no content
            "E4\tAttribution-no-source:T11 ",
            _t("T12", "Discuss", s2),
            "#1\tAnnotatorNotes T12\tcheck this one",
        ]
    )
    for name in files:
        (root / "dev" / "attributions" / name).write_text(ann + "\n", encoding="utf-8")


def test_parse_brat_keeps_newlines_inside_spans() -> None:
    ann = (
        "T1\tContent 0 9\tab\ncd efg\nT2\tCue 10 14\tsaid\n"
        "E1\tAttribution:T2 Content:T1 Content2:T1"
    )
    spans, events = parse_brat(ann)
    assert spans["T1"].text == "ab\ncd efg"
    assert spans["T2"].ranges == ((10, 14),)
    assert events[0].args == (("Content", "T1"), ("Content2", "T1"))


def test_load_polnear_reads_offsets_exactly(tmp_path: Path) -> None:
    _write_corpus(tmp_path, files=("art-one_aa01.ann", "art-one_bb02.ann"))
    articles = load_polnear(tmp_path, "dev")
    assert [a.id for a in articles] == ["art-one", "art-zero"]
    art = articles[0]
    assert isinstance(art, GoldArticle)
    assert art.text == TEXT  # \r\n kept
    assert art.meta["annotator"] == "aa01"
    assert art.meta["publisher"] == "paper"
    assert art.meta["span_mismatches"] == 0
    assert art.meta["skipped_attributions"] == 1
    assert len(art.attributions) == 3
    first, second, third = art.attributions
    assert first == GoldAttribution(
        cue=(_find("said"),),
        sources=(_find("Officials"),),
        contents=(_find("the bridge would reopen"),),
    )
    assert [TEXT[a:b] for a, b in second.contents] == ["It is safe,", "and it\nwill stay open."]
    assert [TEXT[a:b] for a, b in second.sources] == ["the mayor"]
    assert [TEXT[a:b] for a, b in third.cue] == ["have questioned"]
    assert third.sources == ()
    assert articles[1].attributions == ()


def test_falls_back_to_another_annotator(tmp_path: Path) -> None:
    _write_corpus(tmp_path, annotators="zz99|aa01", files=("art-one_bb02.ann",))
    art = load_polnear(tmp_path, "dev")[0]
    assert art.meta["annotator"] == "bb02"
    assert len(art.attributions) == 3


def test_missing_split_raises(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="E020"):
        load_polnear(tmp_path, "dev")
    _write_corpus(tmp_path, files=("art-one_aa01.ann",))
    with pytest.raises(EvaluationError, match="E020"):
        load_polnear(tmp_path, "test")


def test_real_polnear_offsets_match(polnear_dir: Path) -> None:
    articles = load_polnear(polnear_dir, "dev")
    assert len(articles) == 84
    spans = sum(a.meta["spans"] for a in articles)
    bad = sum(a.meta["span_mismatches"] for a in articles)
    assert spans > 1000
    assert bad / spans < 0.01
    assert sum(len(a.attributions) for a in articles) > 1000
