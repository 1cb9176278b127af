"""``saidwhat extract``: formats, outputs, bad inputs, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from saidwhat.cli import main

ARTICLE = "“We will not give up,” the minister said on Tuesday.\r\nShe left.\r\n"
PAYLOAD = (
    '<script>alert("pwned")</script> [/bold] [red]x[/red] :smile:\n\n“It is over,” he said.'
    "\n\n“The [red]x[/red] rule, [/bold] and :smile: stay,” she said."
)
BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def _model(engine) -> None:  # type: ignore[no-untyped-def]
    """Load the engine once; worker processes fork with it."""


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["extract", *args], input=input, catch_exceptions=False)


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def stderr_lines(res: Result) -> list[str]:
    return [ln for ln in res.stderr.splitlines() if ln.strip()]


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_bytes(ARTICLE.encode())
    (d / "b_empty.txt").write_bytes(b"")
    (d / "c.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (d / "d_latin.txt").write_bytes(b'"Caf\xe9 is closed," the owner said.')
    (d / "e.jsonl").write_text(
        json.dumps({"id": "j1", "text": ARTICLE, "title": "T1"}) + "\n{broken\n", "utf-8"
    )
    (d / "f_ws.txt").write_bytes(b"  \n\n ")
    return d


def test_mixed_directory_reports_each_bad_input_and_processes_the_rest(
    mixed: Path, tmp_path: Path
) -> None:
    res = run(str(mixed), str(tmp_path / "missing.txt"))
    assert res.exit_code == 1
    out = jsonl(res.stdout)
    assert [a["id"] for a in out] == ["a", "d_latin", "j1"]
    assert out[0]["text"] == ARTICLE  # the .txt file's contents, \r\n kept
    # provenance as the batch engines write it: the input and the text's hash
    assert set(out[0]["meta"]) == {"source", "content_hash"}
    assert out[2]["meta"]["title"] == "T1" and out[2]["meta"]["source"].endswith("e.jsonl:1")
    errors = [ln for ln in stderr_lines(res) if ln.startswith("error: [E")]
    warnings = [ln for ln in stderr_lines(res) if ln.startswith("warning: ")]
    assert [ln.split("]")[0][-4:] for ln in errors] == ["E001", "E002", "E004", "E014", "E003"]
    for line, name in zip(errors, ["b_empty.txt", "c.png", "e.jsonl: line 2", "f_ws", "missing"]):
        assert name in line
    assert len(warnings) == 1 and "[W002]" in warnings[0] and "d_latin.txt" in warnings[0]
    assert stderr_lines(res)[-1] == "error: 5 input(s) failed, 3 article(s) analysed"


def test_all_good_inputs_exit_zero_with_a_quiet_stderr(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8", newline="")
    res = run(str(tmp_path / "a.txt"))
    assert res.exit_code == 0 and res.stderr == ""
    (art,) = jsonl(res.stdout)
    assert art["text"] == ARTICLE
    assert any("We will not give up" in c["text"] for q in art["quotes"] for c in q["contents"])
    for q in art["quotes"]:
        for span in [q["cue"], *q["sources"], *q["contents"]]:
            if span:
                assert ARTICLE[span["start"] : span["end"]] == span["text"]


def test_output_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8", newline="")
    res = run(str(tmp_path / "a.txt"), "-o", str(tmp_path / "out.jsonl"))
    assert res.exit_code == 0 and res.stdout == ""
    (art,) = jsonl((tmp_path / "out.jsonl").read_text("utf-8"))
    assert art["id"] == "a" and art["text"] == ARTICLE


def test_output_file_in_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    res = run(str(tmp_path / "a.txt"), "-o", str(tmp_path / "no" / "out.jsonl"))
    assert res.exit_code == 1
    assert "cannot write" in res.stderr and "out.jsonl" in res.stderr


def test_stdin_jsonl_and_text(tmp_path: Path) -> None:
    feed = b'{"id": "x", "text": "\\"Yes,\\" he said."}\n{"text": ""}\n'
    res = run("-", input=feed)
    assert res.exit_code == 1
    assert [a["id"] for a in jsonl(res.stdout)] == ["x"]
    assert "<stdin>: line 2" in res.stderr or "<stdin>:2" in res.stderr
    res = run("-", input=ARTICLE.encode())
    assert res.exit_code == 0 and jsonl(res.stdout)[0]["text"] == ARTICLE


def test_table_format_does_not_interpret_markup(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text(PAYLOAD, "utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    res = run(str(tmp_path), "--format", "table")
    assert res.exit_code == 0, res.stderr
    assert "saidwhat: attributed statements" in res.stdout
    assert "We will not give up" in res.stdout and "It is over" in res.stdout
    assert "[red]x[/red]" in res.stdout and ":smile:" in res.stdout  # printed as written
    assert "\x1b[" not in res.stdout  # no colour codes when not writing to a terminal


def test_html_format_escapes_the_article_text(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text(PAYLOAD, "utf-8")
    res = run(str(tmp_path / "p.txt"), "--format", "html", "-o", str(tmp_path / "out.html"))
    assert res.exit_code == 0
    page = (tmp_path / "out.html").read_text("utf-8")
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in page
    assert page.count("<script") == 0
    assert "class='cnt'" in page  # the statement is highlighted


def test_progress_goes_to_stderr_and_leaves_stdout_clean(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    res = run(str(tmp_path), "--progress")
    assert res.exit_code == 1
    assert "1 articles, 1 failed" in res.stderr
    assert "[E001]" in res.stderr
    assert len(jsonl(res.stdout)) == 1


def test_two_processes_write_the_same_output(mixed: Path) -> None:
    one = run(str(mixed), "-n", "1")
    two = run(str(mixed), "-n", "2", "--batch-size", "1")
    assert (one.exit_code, two.exit_code) == (1, 1)
    assert two.stdout == one.stdout
    assert stderr_lines(two) == stderr_lines(one)


@pytest.mark.parametrize(("size", "ok"), [("100", False), ("1k", True), ("2MiB", True)])
def test_max_bytes_accepts_sizes_with_units(tmp_path: Path, size: str, ok: bool) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE * 3, "utf-8")
    res = run(str(tmp_path / "a.txt"), "--max-bytes", size)
    assert res.exit_code == (0 if ok else 1)
    if not ok:
        assert "[E006]" in res.stderr and "a.txt" in res.stderr and "--max-bytes" in res.stderr


@pytest.mark.parametrize("size", ["lots", "0", "5XB", "-3"])
def test_max_bytes_rejects_nonsense(tmp_path: Path, size: str) -> None:
    res = run("-", "--max-bytes", size, input=b"x")
    assert res.exit_code == 2 and "--max-bytes" in res.stderr


def test_fifty_mb_file_is_refused_at_once_and_the_rest_processed(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    res = run(str(big), str(tmp_path / "a.txt"))
    assert res.exit_code == 1
    assert [a["id"] for a in jsonl(res.stdout)] == ["a"]
    (line,) = [ln for ln in stderr_lines(res) if "[E006]" in ln]
    assert "big.txt" in line and "5000000" in line and "--max-bytes" in line


def test_config_file_overrides_settings(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    bad_model = tmp_path / "bad.toml"
    bad_model.write_text('[nlp]\nmodel = "no_such_spacy_model_xyz"\n', "utf-8")
    res = run(str(tmp_path / "a.txt"), "--config", str(bad_model))
    assert res.exit_code == 1
    assert "[E010]" in res.stderr and "no_such_spacy_model_xyz" in res.stderr
    assert "Traceback" not in res.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text("[nlp\n", "utf-8")
    res = run(str(tmp_path / "a.txt"), "--config", str(broken))
    assert res.exit_code == 2 and "broken.toml" in res.stderr


def test_no_inputs_is_a_usage_error() -> None:
    res = run()
    assert res.exit_code == 2 and "INPUTS" in res.stderr


def test_real_process_reads_stdin(tmp_path: Path) -> None:
    """`saidwhat extract - < file` in a real process: stdin bytes, UTF-8 stdout."""
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode())
    with path.open("rb") as fh:
        proc = subprocess.run(
            [str(BIN / "saidwhat"), "extract", "-"],
            stdin=fh,
            capture_output=True,
            timeout=300,
            env={"PATH": str(BIN), "LANG": "C", "LC_ALL": "C"},  # not a UTF-8 locale
        )
    assert proc.returncode == 0, proc.stderr.decode()
    (art,) = [json.loads(ln) for ln in proc.stdout.decode("utf-8").splitlines()]
    assert art["id"] == "stdin" and art["text"] == ARTICLE


def test_output_inside_an_input_directory_is_not_read_back(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    out = tmp_path / "z_out.jsonl"  # sorted after a.txt: would be read while being written
    res = run(str(tmp_path), "-o", str(out))
    assert res.exit_code == 0, res.stderr
    assert [a["id"] for a in jsonl(out.read_text("utf-8"))] == ["a"]
    res = run(str(tmp_path), "-o", str(out))  # again, with the output file already there
    assert res.exit_code == 0 and [a["id"] for a in jsonl(out.read_text("utf-8"))] == ["a"]


def test_an_input_given_as_the_output_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": ARTICLE}) + "\n", "utf-8")
    res = run(str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "a.jsonl"))
    assert res.exit_code == 2 and "both an input and the output" in res.stderr
    assert (tmp_path / "a.jsonl").read_text("utf-8").strip()  # not truncated
