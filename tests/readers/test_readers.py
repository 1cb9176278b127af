"""Readers: every kind of bad input gives one failure naming it, the rest is read."""

from __future__ import annotations

import codecs
import io
import json
import tracemalloc
from pathlib import Path

import pytest

from saidwhat.readers import (
    DEFAULT_MAX_BYTES,
    ArticleInput,
    ReadFailure,
    html_to_text,
    line_limit,
    read_bytes,
    read_inputs,
    read_jsonl,
    read_path,
    read_stream,
)

ARTICLE = "“We will not give up,” the minister said on Tuesday.\n"
FIFTY_MB = 50 * 1024 * 1024

NAV_HTML = """<!doctype html><html><head><title>Talks resume</title>
<script>var SECRETSCRIPT = "leak";</script><style>.x{color:red}</style></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/w">World NAVLINK</a></li></ul></nav>
<script>document.write("SCRIPTTEXT injected");</script>
<article><h1>Talks resume</h1>
<p>“We will not give up,” the minister said on Tuesday, speaking to reporters in the capital
after a long meeting with the delegation.</p>
<p>The opposition leader, Jane Roe, said the government had failed to deliver on its promises
and called for new elections this year.</p>
<script>trackingPixel("SCRIPTTEXT2")</script>
<p>Officials said talks would continue next week in Geneva, where delegations from both sides
are expected to meet again.</p></article>
<footer>FOOTERTEXT 2024. All rights reserved.</footer></body></html>"""


def only(results: list) -> ArticleInput | ReadFailure:
    assert len(results) == 1, results
    return results[0]


def failure(results: list, code: str, name: str) -> ReadFailure:
    res = only(results)
    assert isinstance(res, ReadFailure), res
    assert res.message.startswith(f"[{code}]"), res.message
    assert name in res.message
    assert "\n" not in res.message
    return res


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# -- plain text exactness ----------------------------------------------------------------------


def test_text_file_is_read_unchanged_with_crlf_line_endings(tmp_path: Path) -> None:
    data = "Line one.\r\n“Quoted,” he said.\r\n\r\nLast line\rwith CR.\n".encode()
    res = only(list(read_path(write(tmp_path / "crlf.txt", data))))
    assert isinstance(res, ArticleInput)
    assert res.text == data.decode("utf-8")
    assert res.id == "crlf" and res.warnings == ()


def test_utf8_bom_is_dropped_and_the_rest_kept(tmp_path: Path) -> None:
    res = only(list(read_path(write(tmp_path / "bom.txt", codecs.BOM_UTF8 + ARTICLE.encode()))))
    assert isinstance(res, ArticleInput)
    assert res.text == ARTICLE


def test_utf16_with_bom_is_decoded_with_a_warning(tmp_path: Path) -> None:
    res = only(list(read_path(write(tmp_path / "u16.txt", ARTICLE.encode("utf-16")))))
    assert isinstance(res, ArticleInput)
    assert res.text == ARTICLE
    assert res.warnings and res.warnings[0].startswith("[W007]") and "u16.txt" in res.warnings[0]


def test_invalid_utf8_is_replaced_with_a_warning_naming_the_file(tmp_path: Path) -> None:
    res = only(list(read_path(write(tmp_path / "latin.txt", b'Caf\xe9 "ok," she said.\n'))))
    assert isinstance(res, ArticleInput)
    assert res.text == 'Caf\ufffd "ok," she said.\n'
    assert len(res.warnings) == 1
    assert res.warnings[0].startswith("[W002]") and "latin.txt" in res.warnings[0]


# -- bad files -----------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    failure(list(read_path(write(tmp_path / "empty.txt", b""))), "E001", "empty.txt")


def test_whitespace_only_file(tmp_path: Path) -> None:
    failure(list(read_path(write(tmp_path / "ws.txt", b" \n\t\r\n  "))), "E014", "ws.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"some text\x00with a NUL byte",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        bytes(range(1, 9)) * 100,
    ],
    ids=["png", "nul", "pdf", "control-bytes"],
)
def test_binary_file(tmp_path: Path, data: bytes) -> None:
    failure(list(read_path(write(tmp_path / "blob.txt", data))), "E002", "blob.txt")


def test_missing_path(tmp_path: Path) -> None:
    failure(list(read_path(tmp_path / "nope.txt")), "E003", "nope.txt")


def test_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / ".hidden").write_text(ARTICLE)
    failure(list(read_path(tmp_path / "d")), "E019", "d")


def test_fifo_in_a_directory_is_skipped_not_waited_for(tmp_path: Path) -> None:
    import os

    write(tmp_path / "a.txt", ARTICLE.encode())
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would block until a writer comes
    results = list(read_path(tmp_path))
    assert [Path(r.source).name for r in results] == ["a.txt"]


# -- size limits: refused without reading the whole input ----------------------------------------


def _peak_bytes(fn) -> tuple[list, int]:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        out = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return out, peak


def _fifty_mb_text(path: Path) -> Path:
    line = b"The minister said the talks would go on. " * 24 + b"\n"
    with path.open("wb") as fh:
        for _ in range(FIFTY_MB // len(line) + 1):
            fh.write(line)
    return path


def test_fifty_mb_text_file_is_refused_by_size_without_reading_it(tmp_path: Path) -> None:
    big = _fifty_mb_text(tmp_path / "big.txt")
    assert big.stat().st_size > FIFTY_MB
    results, peak = _peak_bytes(lambda: list(read_path(big)))
    res = failure(results, "E006", "big.txt")
    assert "--max-bytes" in res.message and str(DEFAULT_MAX_BYTES) in res.message
    assert peak < 1_000_000  # nothing of the 50 MB was read


def test_fifty_mb_sparse_file_is_refused_too(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse.txt"
    with sparse.open("wb") as fh:
        fh.truncate(FIFTY_MB)
    failure(list(read_path(sparse)), "E006", "sparse.txt")


def test_max_bytes_override_accepts_a_bigger_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", ARTICLE.encode() * 10)
    failure(list(read_path(path, max_bytes=100)), "E006", "a.txt")
    res = only(list(read_path(path, max_bytes=10_000)))
    assert isinstance(res, ArticleInput) and res.text == ARTICLE * 10


def test_fifty_mb_stdin_is_refused_after_a_bounded_read(tmp_path: Path) -> None:
    big = _fifty_mb_text(tmp_path / "big.txt")
    with big.open("rb") as fh:
        results, peak = _peak_bytes(lambda: list(read_stream(fh)))
        consumed = fh.tell()
    res = failure(results, "E015", "<stdin>")
    assert "--max-bytes" in res.message
    assert consumed <= DEFAULT_MAX_BYTES + 2 * 65536 + 4096
    assert peak < 3 * DEFAULT_MAX_BYTES


def test_fifty_mb_jsonl_line_is_skipped_in_pieces_and_the_next_line_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    with path.open("wb") as fh:
        fh.write(json.dumps({"id": "a", "text": ARTICLE}).encode() + b"\n")
        fh.write(b'{"id": "huge", "text": "')
        chunk = b"word " * 200_000
        for _ in range(FIFTY_MB // len(chunk) + 1):
            fh.write(chunk)
        fh.write(b'"}\n')
        fh.write(json.dumps({"id": "c", "text": ARTICLE}).encode() + b"\n")
    results, peak = _peak_bytes(lambda: list(read_path(path)))
    assert [r.id for r in results if isinstance(r, ArticleInput)] == ["a", "c"]
    bad = [r for r in results if isinstance(r, ReadFailure)]
    assert len(bad) == 1 and bad[0].message.startswith("[E015]")
    assert "feed.jsonl: line 2" in bad[0].message
    # bounded by the line limit (readline may hold a line twice while building it)
    assert peak < 2 * line_limit(DEFAULT_MAX_BYTES) + 4_000_000


def test_jsonl_text_over_max_bytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text(json.dumps({"text": "x" * 500}) + "\n" + json.dumps({"text": "ok"}) + "\n")
    results = list(read_path(path, max_bytes=100))
    assert isinstance(results[0], ReadFailure) and results[0].message.startswith("[E006]")
    assert "f.jsonl:1" in results[0].message
    assert isinstance(results[1], ArticleInput) and results[1].text == "ok"


# -- HTML -------------------------------------------------------------------------------------


def test_html_keeps_the_article_and_drops_scripts_and_navigation(tmp_path: Path) -> None:
    res = only(list(read_path(write(tmp_path / "page.html", NAV_HTML.encode()))))
    assert isinstance(res, ArticleInput)
    assert "“We will not give up,” the minister said" in res.text
    assert "Jane Roe" in res.text and "Geneva" in res.text
    for leak in ("SECRETSCRIPT", "SCRIPTTEXT", "NAVLINK", "document.write", "color:red"):
        assert leak not in res.text
    assert res.meta.get("title") == "Talks resume"
    assert any(w.startswith("[W003]") for w in res.warnings)


def test_html_is_sniffed_without_a_suffix(tmp_path: Path) -> None:
    res = only(list(read_path(write(tmp_path / "page", NAV_HTML.encode()))))
    assert isinstance(res, ArticleInput) and "SCRIPTTEXT" not in res.text


def test_html_with_only_scripts_has_no_text(tmp_path: Path) -> None:
    page = b"<html><head><script>alert(1)</script></head><body><script>x()</script></body></html>"
    failure(list(read_path(write(tmp_path / "s.html", page))), "E007", "s.html")


def test_deeply_nested_html_does_not_crash() -> None:
    text, meta = html_to_text("<div>" * 50_000 + "deep text" + "</div>" * 50_000)
    assert isinstance(text, str) and isinstance(meta, dict)


def test_a_txt_file_with_markup_is_kept_as_text(tmp_path: Path) -> None:
    res = only(list(read_path(write(tmp_path / "notes.txt", NAV_HTML.encode()))))
    assert isinstance(res, ArticleInput) and res.text == NAV_HTML


# -- JSONL ------------------------------------------------------------------------------------


def test_jsonl_bad_lines_are_reported_with_their_number_and_the_rest_read(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": ARTICLE, "title": "T", "url": "http://x"}),
        "{not json",
        "",
        json.dumps([1, 2]),
        json.dumps({"text": 5}),
        json.dumps({"html": NAV_HTML}),
        "[" * 100_000,
        "1" * 5000,
        json.dumps({"id": 0, "text": "zero id"}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(read_path(path))
    good = [r for r in results if isinstance(r, ArticleInput)]
    bad = [r for r in results if isinstance(r, ReadFailure)]
    assert [r.id for r in good] == ["a", "feed:6", "0"]
    assert good[0].text == ARTICLE and good[0].meta == {"title": "T", "url": "http://x"}
    assert "SCRIPTTEXT" not in good[1].text and "Jane Roe" in good[1].text
    codes = [(b.message[1:5], b.source) for b in bad]
    assert codes == [
        ("E004", f"{path}:2"),
        ("E005", f"{path}:4"),
        ("E013", f"{path}:5"),
        ("E004", f"{path}:7"),
        ("E004", f"{path}:8"),
    ]
    for b, n in zip(bad, (2, 4, 5, 7, 8)):
        assert f"feed.jsonl: line {n}:" in b.message and "\n" not in b.message


def test_jsonl_text_is_kept_exactly_and_lone_surrogates_are_replaced(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"text": "a\\r\\nb\\u0000c"}\n{"text": "x \\ud800 y"}\n')
    a, b = list(read_path(path))
    assert isinstance(a, ArticleInput) and a.text == "a\r\nb\x00c"
    assert isinstance(b, ArticleInput) and b.text == "x \ufffd y"
    assert b.warnings[0].startswith("[W006]") and "line 2" in b.warnings[0]
    b.text.encode("utf-8")  # writable as UTF-8


def test_jsonl_invalid_utf8_line(tmp_path: Path) -> None:
    path = write(tmp_path / "f.jsonl", b'{"text": "caf\xe9"}\n{"text": "fine"}\n')
    a, b = list(read_path(path))
    assert isinstance(a, ReadFailure) and a.message.startswith("[E004]")
    assert isinstance(b, ArticleInput) and b.text == "fine"


def test_read_jsonl_from_any_iterable_of_lines() -> None:
    res = list(read_jsonl([b'{"text": "one"}', b"", b'{"id": "x", "text": "two"}'], source="m"))
    assert [(r.id, r.text) for r in res if isinstance(r, ArticleInput)] == [
        ("m:1", "one"),
        ("x", "two"),
    ]


# -- stdin ------------------------------------------------------------------------------------


def test_stream_of_jsonl_is_read_line_by_line() -> None:
    data = b'\n{"text": "one"}\n{"id": "b", "text": "two"}\nnot json\n'
    res = list(read_stream(io.BytesIO(data)))
    assert [(r.id, r.text) for r in res if isinstance(r, ArticleInput)] == [
        ("stdin:2", "one"),
        ("b", "two"),
    ]
    assert isinstance(res[-1], ReadFailure) and "line 4" in res[-1].message


def test_stream_of_text_is_kept_exactly_even_if_it_starts_with_a_brace() -> None:
    data = "\n{Editor's note} “Yes,” he said.\r\n".encode()
    res = only(list(read_stream(io.BytesIO(data))))
    assert isinstance(res, ArticleInput) and res.text == data.decode() and res.id == "stdin"


def test_stream_of_html_goes_through_trafilatura() -> None:
    res = only(list(read_stream(io.BytesIO(NAV_HTML.encode()))))
    assert isinstance(res, ArticleInput) and "Jane Roe" in res.text and "NAVLINK" not in res.text


@pytest.mark.parametrize(("data", "code"), [(b"", "E001"), (b"\n \n", "E014")])
def test_empty_stream(data: bytes, code: str) -> None:
    failure(list(read_stream(io.BytesIO(data))), code, "<stdin>")


# -- a directory mixing everything ---------------------------------------------------------------


def test_directory_mixing_good_and_bad_inputs(tmp_path: Path) -> None:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / ".git").mkdir()
    write(d / ".git" / "HEAD.txt", ARTICLE.encode())  # hidden directories are skipped
    write(d / "a.txt", ARTICLE.encode())
    write(d / "b_empty.txt", b"")
    write(d / "c.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(d / "d_latin.txt", b"Caf\xe9 said: fine.")
    write(d / "e.html", NAV_HTML.encode())
    write(d / "f.jsonl", b'{"text": "one"}\nbad\n')
    write(d / "sub" / "g.txt", ARTICLE.encode())
    write(d / ".hidden.txt", ARTICLE.encode())
    results = list(read_inputs([str(d), str(tmp_path / "missing.txt")]))
    summary = [
        (Path(r.source).name, "ok" if isinstance(r, ArticleInput) else r.message[1:5])
        for r in results
    ]
    assert summary == [
        ("a.txt", "ok"),
        ("b_empty.txt", "E001"),
        ("c.png", "E002"),
        ("d_latin.txt", "ok"),
        ("e.html", "ok"),
        ("f.jsonl:1", "ok"),
        ("f.jsonl:2", "E004"),
        ("g.txt", "ok"),
        ("missing.txt", "E003"),
    ]


def test_read_bytes_checks_size_before_decoding() -> None:
    res = read_bytes(b"x" * 11, source="s", id="s", max_bytes=10)
    assert isinstance(res, ReadFailure) and res.message.startswith("[E006]")


def test_directory_walks_leave_out_documentation_data_and_code(tmp_path: Path) -> None:
    """Issue 10, bug 8: `saidwhat ingest dir/` stored a README.md as a news article."""
    from saidwhat.batch.sources import list_inputs
    from saidwhat.readers import is_article_file

    for name in (
        "README.md",
        "LICENSE",
        "CHANGELOG.txt",
        "story.gold.json",
        "check.py",
        "a.txt",
        "b.html",
        "c.md",
        "d",
    ):
        write(tmp_path / name, ARTICLE.encode())
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "readme.txt", ARTICLE.encode())
    write(tmp_path / "sub" / "e.jsonl", b'{"text": "x said y."}\n')
    read = sorted(Path(r.source.split(":")[0]).name for r in read_path(tmp_path))
    assert read == ["a.txt", "b.html", "c.md", "d", "e.jsonl"]
    batch = sorted(Path(p).name for p in list_inputs([tmp_path]))
    assert batch == ["a.txt", "b.html", "c.md", "d", "e.jsonl"]
    # a file named on the command line is read whatever its name
    assert only(list(read_path(tmp_path / "README.md"))).text == ARTICLE
    assert not is_article_file("notes/.draft.txt") and is_article_file("news/readme-day.txt")


def test_jsonl_metadata_in_a_nested_meta_object(tmp_path: Path) -> None:
    """Issue 10, bug 7: JSONL records shaped like a POST body ({"text", "meta": {...}})
    lost their titles and dates silently."""
    from saidwhat.batch.sources import read_file

    lines = [
        {"id": "a", "text": ARTICLE, "meta": {"title": "Nested", "published": "2024-05-12"}},
        {"text": ARTICLE, "title": "Top", "meta": {"title": "Nested", "outlet": "Wire"}},
        {"text": ARTICLE, "meta": "not an object"},
        {"text": ARTICLE, "meta": {"title": "", "url": None, "author": "Ann"}},
    ]
    path = write(tmp_path / "feed.jsonl", "".join(json.dumps(x) + "\n" for x in lines).encode())
    want = [
        {"title": "Nested", "published": "2024-05-12"},
        {"title": "Top", "outlet": "Wire"},
        {},
        {"author": "Ann"},
    ]
    assert [r.meta for r in read_path(path)] == want
    assert [r.meta for r in read_file(str(path))] == want


# -- plain text: title and date from the layout, sidecars, --published (issue 10) ---------------


@pytest.mark.parametrize(
    ("text", "meta"),
    [
        (
            "Talks stall in Doha\n\nFriday, July 21, 2017\n\nThe talks stalled.",
            {"title": "Talks stall in Doha", "published": "2017-07-21"},
        ),
        (
            "Talks stall in Doha\r\n\r\n21 July 2017\r\n\r\nBody.",
            {"title": "Talks stall in Doha", "published": "2017-07-21"},
        ),
        (
            "U.S. Officials: “Uptick” for Sochi—but Don’t Panic\n\nBody text.",
            {"title": "U.S. Officials: “Uptick” for Sochi—but Don’t Panic"},
        ),
        (
            "Headline\n\nBy Jane Doe\n\n2024-05-12\n\nBody.",
            {"title": "Headline", "published": "2024-05-12"},
        ),
        ("2024-05-12\n\nBody of the story.", {"published": "2024-05-12"}),
        ("Headline\n\nFebruary 30, 2017\n\nBody.", {"title": "Headline"}),  # no such day
        ('"We will win," she said.\n\nMore text.', {}),  # a sentence, not a headline
        ("A first line\nthat continues\n\nBody.", {}),  # a paragraph of two lines
        ("Only one paragraph, no title.", {}),
        ("By Jane Doe\n\nBody.", {}),
        (" ".join(["word"] * 40) + "\n\nBody.", {}),  # too many words for a headline
    ],
)
def test_text_meta_takes_a_headline_and_a_date_line(text: str, meta: dict) -> None:
    from saidwhat.readers import text_meta

    assert text_meta(text) == meta


def test_plain_text_files_get_title_date_sidecar_and_defaults(tmp_path: Path) -> None:
    from saidwhat.readers import read_inputs

    body = "Bridge to reopen\n\nMonday, 6 May 2024\n\n" + ARTICLE
    write(tmp_path / "a.txt", body.encode())
    write(tmp_path / "b.txt", ARTICLE.encode())
    write(tmp_path / "b.meta.json", b'{"outlet": "Gazette", "meta": {"title": "From the sidecar"}}')
    write(tmp_path / "c.txt", body.encode())
    write(tmp_path / "c.json", b'{"published": "2020-01-02", "url": "https://example.org/c"}')
    write(tmp_path / "d.txt", ARTICLE.encode())
    write(tmp_path / "d.json", b"[1, 2]")
    got = {
        Path(r.source).name: r
        for r in read_inputs([tmp_path], defaults={"published": "1999-12-31"})
    }
    assert sorted(got) == ["a.txt", "b.txt", "c.txt", "d.txt"]  # the sidecars are no articles
    assert got["a.txt"].meta == {"title": "Bridge to reopen", "published": "2024-05-06"}
    assert got["a.txt"].text == body  # the text is not changed
    assert got["b.txt"].meta == {
        "outlet": "Gazette",
        "title": "From the sidecar",
        "published": "1999-12-31",
    }
    assert got["c.txt"].meta == {
        "title": "Bridge to reopen",
        "published": "2020-01-02",
        "url": "https://example.org/c",
    }
    assert got["d.txt"].meta == {"published": "1999-12-31"}
    assert any("[W020]" in w and "d.json" in w for w in got["d.txt"].warnings)


def test_lone_surrogates_in_any_field_are_cleaned_where_records_come_in(tmp_path: Path) -> None:
    """Issue 20.1: a truncated emoji in a scraped id or title (``\\ud800``) was kept,
    and ``extract`` stopped at the record with a UnicodeEncodeError."""
    path = tmp_path / "f.jsonl"
    path.write_bytes(
        b'{"id": "s\\ud800id", "title": "T\\udfff", "meta": {"author": "A\\ud83d"},'
        b' "text": "Rain is coming, she said."}\n'
        b'{"id": "ok", "title": "Fine", "text": "Sun is coming, he said."}\n'
    )
    a, b = list(read_path(path))
    assert isinstance(a, ArticleInput) and isinstance(b, ArticleInput)
    assert (a.id, a.meta["title"], a.meta["author"]) == ("s\ufffdid", "T\ufffd", "A\ufffd")
    assert a.warnings[0].startswith("[W006]")
    json.dumps([a.id, a.meta], ensure_ascii=False).encode("utf-8")  # writable as UTF-8
    assert b.id == "ok" and b.meta["title"] == "Fine" and not b.warnings


def test_clean_record_keeps_untouched_records_and_lengths() -> None:
    from saidwhat.readers import clean_record

    rec = {"id": 1, "tags": ["x", "y\udc00"], "k\ud800": None}
    out, changed = clean_record(rec)
    assert changed and out == {"id": 1, "tags": ["x", "y\ufffd"], "k\ufffd": None}
    same = {"id": "a", "text": "b"}
    assert clean_record(same) == (same, False)


def test_non_string_metadata_is_left_out_with_a_warning(tmp_path: Path) -> None:
    """Issue 20.10: ``"title": 42`` and ``"outlet": ["x"]`` were stored as "42" and
    "['x']" without a word."""
    path = tmp_path / "f.jsonl"
    path.write_text(
        json.dumps({"id": "a", "title": 42, "outlet": ["x"], "url": "u", "text": "Hi, he said."})
        + "\n",
        encoding="utf-8",
    )
    (a,) = read_path(path)
    assert isinstance(a, ArticleInput) and a.meta == {"url": "u"}
    w = [x for x in a.warnings if x.startswith("[W021]")]
    assert len(w) == 2 and "'title' is a number" in w[0] and "'outlet' is a list" in w[1]


def test_jsonl_without_its_suffix_is_read_as_jsonl(tmp_path: Path) -> None:
    """Issue 20.10: read as one text article, it gave 1,600-character speaker names."""
    path = tmp_path / "feed.data"
    lines = [{"id": f"a{i}", "text": f'"Rain {i} is coming," Ann Lee said.'} for i in range(3)]
    path.write_text("\n" + "".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    got = list(read_path(path))
    assert [a.id for a in got if isinstance(a, ArticleInput)] == ["a0", "a1", "a2"]
    prose = tmp_path / "note.data"
    prose.write_text("{braces} open this text, she said.\n", encoding="utf-8")
    (one,) = read_path(prose)
    assert isinstance(one, ArticleInput) and one.id == "note"


def test_a_fifo_and_a_symlink_loop_are_named_for_what_they_are(tmp_path: Path) -> None:
    """Issue 20.10: a FIFO named on the command line blocked forever; a symlink loop
    was reported as "no such file"."""
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (bad,) = read_path(fifo)  # returns at once: the FIFO is never opened
    assert isinstance(bad, ReadFailure) and "not a regular file" in bad.message
    loop = tmp_path / "loop.txt"
    os.symlink(loop, loop)
    (bad,) = read_path(loop)
    assert isinstance(bad, ReadFailure) and "[E008]" in bad.message
    assert "symbolic links" in bad.message and "no such file" not in bad.message
