from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from saidwhat.cli import main

from .conftest import person_article


def _write(tmp_path, recs):
    p = tmp_path / "extracted.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return p


def test_ingest_query_and_correct_from_the_command_line(tmp_path, store_url):
    recs = [
        person_article(
            "Ahmad Massoud",
            "Negotiations have failed",
            published="2024-05-12",
            outlet="Wire",
            roles=["former foreign minister"],
            id="1",
        ),
        person_article("Massoud", "We keep fighting", published="2024-06-01", id="2"),
        person_article("Zahir Shah", "Unity matters", id="3"),
    ]
    src = _write(tmp_path, recs)
    run = CliRunner().invoke
    r = run(main, ["ingest", str(src), "--db", store_url, "--no-progress"])
    assert r.exit_code == 0, r.output
    assert "3 articles written" in r.output
    r = run(main, ["ingest", str(src), "--db", store_url, "--no-progress"])
    assert "0 articles written" in r.output and "3 already stored" in r.output

    r = run(main, ["quotes", "--db", store_url, "--speaker", "Ahmad Massoud", "--format", "jsonl"])
    rows = [json.loads(x) for x in r.output.splitlines()]
    assert [x["content"] for x in rows] == ["We keep fighting", "Negotiations have failed"]
    r = run(
        main,
        [
            "quotes",
            "--db",
            store_url,
            "--search",
            "negotiations",
            "--since",
            "2024-01-01",
            "--outlet",
            "Wire",
            "--format",
            "csv",
        ],
    )
    table = list(csv.DictReader(io.StringIO(r.output)))
    assert [t["content"] for t in table] == ["Negotiations have failed"]
    r = run(main, ["quotes", "--db", store_url, "--format", "table"])
    assert r.exit_code == 0 and "Unity" in r.output

    r = run(main, ["speakers", "--db", store_url, "--format", "jsonl"])
    ranked = [json.loads(x) for x in r.output.splitlines()]
    assert ranked[0]["name"] == "Ahmad Massoud" and ranked[0]["n_quotes"] == 2
    r = run(main, ["stats", "--db", store_url, "--format", "json"])
    assert json.loads(r.output)["quotes"] == 3

    r = run(main, ["entities", "show", "Massoud", "--db", store_url])
    assert "former foreign minister (stated 2024-05-12, 1 article)" in r.output
    r = run(main, ["entities", "merge", "Ahmad Massoud", "Zahir Shah", "--db", store_url])
    assert r.exit_code == 0 and "3 statements" in r.output
    r = run(main, ["entities", "split", "Ahmad Massoud", "--name", "Zahir Shah", "--db", store_url])
    assert r.exit_code == 0 and "1 statements" in r.output
    r = run(main, ["entities", "corrections", "--db", store_url])
    assert [json.loads(x)["op"] for x in r.output.splitlines()] == ["merge", "split"]
    r = run(main, ["entities", "merge", "Nobody Atall", "Massoud", "--db", store_url])
    assert r.exit_code == 1 and "[E033]" in r.output


def test_bad_lines_are_reported_and_skipped(tmp_path):
    good = json.dumps(person_article("Jane Doe", "Fine"))
    p = tmp_path / "x.jsonl"
    p.write_text(good + "\n{not json\n", encoding="utf-8")
    r = CliRunner().invoke(
        main, ["ingest", str(p), "--db", str(tmp_path / "s.db"), "--no-progress"]
    )
    assert r.exit_code == 1 and "[W030]" in r.output and "1 articles written" in r.output


def test_ingest_of_raw_text_and_html_runs_the_engine(tmp_path, engine):
    art = tmp_path / "a.txt"
    art.write_text('"We will rebuild the bridge by June," Mayor Jane Doe said.\n', encoding="utf-8")
    page = tmp_path / "b.html"
    page.write_text(
        "<html><head><title>Port plan</title>"
        '<meta property="og:title" content="Port plan">'
        '<meta property="article:published_time" content="2024-05-12T09:00:00Z">'
        '<meta property="og:site_name" content="Example Gazette">'
        "</head><body><article><h1>Port plan</h1>"
        "<p>The council approved the new port after a long review of its costs on Monday.</p>"
        '<p>"The harbour will open in spring," Governor Sam Lee said at the town hall.</p>'
        "<p>Residents welcomed a decision that ends years of debate about the old docks.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    db = tmp_path / "s.db"
    r = CliRunner().invoke(main, ["ingest", str(art), str(page), "--db", str(db), "--no-progress"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(
        main, ["quotes", "--db", str(db), "--search", "bridge", "--format", "jsonl"]
    )
    (row,) = [json.loads(x) for x in r.output.splitlines()]
    assert "We will rebuild the bridge by June" in row["content"]
    r = CliRunner().invoke(
        main, ["quotes", "--db", str(db), "--search", "harbour", "--format", "jsonl"]
    )
    (row,) = [json.loads(x) for x in r.output.splitlines()]
    assert (row["title"], row["outlet"], row["published"]) == (
        "Port plan",
        "Example Gazette",
        "2024-05-12",
    )


def test_ingest_reads_a_batch_output_directory(tmp_path):
    out = tmp_path / "out" / "articles"
    out.mkdir(parents=True)
    recs = [person_article("Jane Doe", f"Point {i}", id=f"r{i}") for i in range(3)]
    (out / "part-run-00000.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8"
    )
    db = tmp_path / "s.db"
    r = CliRunner().invoke(
        main, ["ingest", str(tmp_path / "out"), "--db", str(db), "--no-progress"]
    )
    assert r.exit_code == 0, r.output
    assert "3 articles written" in r.output


def test_ingest_jsonl_with_nested_meta_keeps_title_and_date(tmp_path, engine):
    """Issue 10, bug 7: a nested "meta" object (the POST /api/articles shape) was dropped."""
    rec = {
        "text": '"We will rebuild the bridge by June," Mayor Jane Doe said.',
        "meta": {"title": "Bridge plan", "published": "2024-05-12", "outlet": "Gazette"},
    }
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    r = CliRunner().invoke(main, ["ingest", str(feed), "--db", str(db), "--no-progress"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(
        main, ["quotes", "--db", str(db), "--search", "bridge", "--format", "jsonl"]
    )
    (row,) = [json.loads(x) for x in r.output.splitlines()]
    assert (row["title"], row["published"], row["outlet"]) == (
        "Bridge plan",
        "2024-05-12",
        "Gazette",
    )


def test_ingest_a_directory_titles_dates_and_no_readme(tmp_path, engine):
    """Issue 10: `ingest dir/` stored a README.md as an article (bug 8), and .txt articles
    had no title and no date: the headline line, a date line and --published fill them."""
    import shutil
    from pathlib import Path

    from saidwhat.store import open_store, query

    sample = Path(__file__).resolve().parents[2] / "src" / "saidwhat" / "sample"
    src = tmp_path / "in"
    shutil.copytree(sample, src)
    assert (src / "README.md").is_file()
    (src / "undated.txt").write_text(
        'Bridge to reopen in June\n\n"We will reopen the bridge in June," Mayor Jane Doe said.\n',
        encoding="utf-8",
    )
    db = tmp_path / "s.db"
    r = CliRunner().invoke(
        main, ["ingest", str(src), "--db", str(db), "--no-progress", "--published", "2024-01-15"]
    )
    assert r.exit_code == 0, r.output
    store = open_store(str(db))
    try:
        arts = {a["title"]: a["published"] for a in query.list_articles(store)}
    finally:
        store.close()
    assert len(arts) == 5  # the four samples and undated.txt, not the README
    assert arts["North Korea puts military in 'quasi-state of war'"] == "2015-08-21"
    assert arts["Bridge to reopen in June"] == "2024-01-15"
    assert all(t and not t.startswith("#") for t in arts)


def test_cli_csv_is_the_web_export_and_terminal_lines_are_escaped(tmp_path):
    """Issue 20.8: ``quotes``/``speakers --format csv`` wrote formula cells and raw ESC
    bytes as they were, and ``entities show`` printed raw OSC sequences; now one CSV
    writer (the web export's, with its columns and absolute permalinks) and one
    escaping for every terminal line."""
    from saidwhat.web.export import COLUMNS

    osc = "\x1b]8;;http://evil.test\x07Evil Corp\x1b]8;;\x07"
    recs = [
        person_article("=HYPERLINK(1)", "+title of a claim", outlet="-outlet", id="1"),
        person_article("Ann Lee", "@Evil Corp wins", id="2"),
        person_article(f"Bob {osc}", "\tTabbed statement", mention=f"Bob {osc}", id="3"),
    ]
    db = str(tmp_path / "s.db")
    run = CliRunner().invoke
    r = run(main, ["ingest", str(_write(tmp_path, recs)), "--db", db])
    assert r.exit_code == 0, r.output
    r = run(main, ["quotes", "--db", db, "--format", "csv", "--base-url", "https://n.example"])
    assert r.exit_code == 0 and "\x1b" not in r.output
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 3
    assert all(x["permalink"] == f"https://n.example/quotes/{x['id']}" for x in rows)
    cells = [v for x in rows for v in x.values() if v]
    assert not any(v.startswith(("=", "+", "-", "@", "\t")) for v in cells)
    assert {"'+title of a claim", "'@Evil Corp wins", "'\tTabbed statement"} <= set(cells)
    r = run(main, ["speakers", "--db", db, "--format", "csv"])
    names = [x["name"] for x in csv.DictReader(io.StringIO(r.output))]
    assert "'=HYPERLINK(1)" in names and "\x1b" not in r.output
    r = run(main, ["entities", "show", "Evil Corp", "--db", db])
    assert r.exit_code == 0 and "\x1b" not in r.output and "\x07" not in r.output
    assert "names: Bob \\x1b]8;;http://evil.test\\x07Evil Corp" in r.output


def test_ingest_summary_counts_the_raw_lines_that_failed(tmp_path, engine):
    """Issue 20.10: raw JSONL lines that could not be read were in no summary."""
    p = tmp_path / "raw.jsonl"
    p.write_text(
        json.dumps({"id": "a", "text": '"Rain is coming," Ann Lee said.'})
        + '\n{not json\n{"id": "b", "text": ""}\n',
        encoding="utf-8",
    )
    r = CliRunner().invoke(main, ["ingest", str(p), "--db", str(tmp_path / "s.db")])
    summary = r.output.strip().splitlines()[-1]
    assert r.exit_code == 1 and "1 articles written" in summary
    assert "2 inputs not read or not extracted" in summary
