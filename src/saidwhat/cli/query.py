"""``saidwhat quotes``, ``saidwhat speakers``, ``saidwhat stats``: read the store."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click

from ..store.filters import KINDS, STANCES
from ._common import READ_FORMATS, IsoDate, count, fail, say_empty

DB_HELP = "Store: a path, sqlite:///path or postgresql://user@host/db (default saidwhat.db)."
FORMATS = READ_FORMATS


def _open(db: str, *, must_exist: bool = True) -> Any:
    """The store at ``db``; a read command fails (E057) on a SQLite file that does not exist."""
    from ..errors import SaidwhatError
    from ..store.db import open_store

    try:
        return open_store(db, must_exist=must_exist)
    except SaidwhatError as exc:
        raise fail(exc) from exc


def _emit(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, title: str) -> None:
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    elif fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
    elif not rows and fmt == "table":
        say_empty(title)
    elif fmt == "csv":  # the web export's writer: formula cells and controls made safe
        from ..web.export import csv_lines

        for text in csv_lines(columns, ([_cell(r.get(c)) for c in columns] for r in rows)):
            click.echo(text, nl=False)
    else:
        from rich.console import Console
        from rich.table import Table

        t = Table(title=title, show_lines=False)
        for c in columns:
            t.add_column(c, overflow="fold", ratio=4 if c in ("content", "sentence") else 1)
        from rich.text import Text

        from ..render import terminal_text

        for r in rows:
            t.add_row(*[Text(terminal_text(_cell(r.get(c)))) for c in columns])
        Console().print(t)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dict):
        if v.get("stance") in ("against", "for"):  # a target: "against Taliban"
            return f"{v['stance']} {v.get('name', '')}"
        return str(v.get("name", ""))
    if isinstance(v, list):
        return "; ".join(_cell(x) for x in v)
    return str(v)


@click.command("quotes")
@click.option("--db", default="saidwhat.db", show_default=True, envvar="SAIDWHAT_DB", help=DB_HELP)
@click.option("--speaker", help="Speaker id or name (any spelling seen).")
@click.option("--about", help="Whom the statement is about (a name or speaker id).")
@click.option(
    "--stance",
    type=click.Choice(STANCES),
    help="Stance toward the --about target (or toward any target without --about); "
    "stored when the statements were extracted with --stance.",
)
@click.option("--since", type=IsoDate(), help="Published on or after this date (YYYY-MM-DD).")
@click.option(
    "--until", type=IsoDate(), help="Published on or before this date (YYYY-MM-DD, YYYY-MM)."
)
@click.option("--outlet", help="Outlet name.")
@click.option("--search", "q", help="Full-text search in the statement contents.")
@click.option("--kind", type=click.Choice(KINDS))
@click.option("--limit", type=count(), default=50, show_default=True)
@click.option("--offset", type=count(), default=0, show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--base-url",
    default="http://127.0.0.1:8000",
    show_default=True,
    envvar="SAIDWHAT_BASE_URL",
    help="Address of the web server, for the absolute permalinks of --format csv.",
)
def quotes_cmd(
    db: str,
    speaker: str | None,
    about: str | None,
    stance: str | None,
    since: str | None,
    until: str | None,
    outlet: str | None,
    q: str | None,
    kind: str | None,
    limit: int,
    offset: int,
    fmt: str,
    base_url: str,
) -> None:
    """Statements in the store matching every filter, newest first.

    ``--format csv`` has the columns of the web's CSV export (GET /api/search/export),
    written by the same code."""
    from ..errors import FilterError
    from ..store.filters import QuoteFilters
    from ..store.query import search_quotes

    try:
        filters = QuoteFilters(
            q=q,
            speaker=speaker,
            about=about,
            stance=stance,
            since=since,
            until=until,
            outlet=outlet,
            kind=kind,
        )
    except FilterError as exc:
        raise fail(exc) from None
    store = _open(db)
    try:
        rows = search_quotes(store, filters, limit=limit, offset=offset)
    finally:
        store.close()
    for r in rows:
        r["speaker_id"] = r["speaker"]["id"] if r["speaker"] else None
    if fmt == "csv":
        from ..web.export import encode

        for chunk in encode(rows, "csv", base=base_url)[1]:
            click.echo(chunk.decode("utf-8"), nl=False)
        return
    cols = ["id", "published", "outlet", "speaker_name", "cue", "kind", "content", "targets"]
    _emit(rows, cols, fmt, "statements")


@click.command("speakers")
@click.option("--db", default="saidwhat.db", show_default=True, envvar="SAIDWHAT_DB", help=DB_HELP)
@click.option("--search", "q", help="Keep speakers whose name contains this.")
@click.option("--type", "type_", type=click.Choice(["PERSON", "ORG", "GPE", "NORP"]))
@click.option("--limit", type=count(), default=50, show_default=True)
@click.option("--offset", type=count(), default=0, show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def speakers_cmd(
    db: str, q: str | None, type_: str | None, limit: int, offset: int, fmt: str
) -> None:
    """Canonical speakers ranked by number of statements."""
    from ..store.query import list_speakers

    store = _open(db)
    try:
        rows = list_speakers(store, q=q, type=type_, limit=limit, offset=offset)
    finally:
        store.close()
    _emit(rows, ["id", "name", "type", "n_quotes", "n_articles"], fmt, "speakers")


@click.command("stats")
@click.option("--db", default="saidwhat.db", show_default=True, envvar="SAIDWHAT_DB", help=DB_HELP)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def stats_cmd(db: str, fmt: str) -> None:
    """Counts of articles, statements, speakers and outlets in the store."""
    from ..store.query import stats

    store = _open(db)
    try:
        s = stats(store)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps(s, ensure_ascii=False, indent=2))
        return
    for k, v in s.items():
        if isinstance(v, dict):
            v = ", ".join(f"{a}: {b}" for a, b in v.items())
        elif isinstance(v, list):
            v = ", ".join(f"{x['outlet']} ({x['n']})" for x in v)
        click.echo(f"{k:>20}  {v if v is not None else '-'}")


@click.command("copies")
@click.argument("quote_id")
@click.option("--db", default="saidwhat.db", show_default=True, envvar="SAIDWHAT_DB", help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def copies_cmd(quote_id: str, db: str, fmt: str) -> None:
    """The copies of statement QUOTE_ID in other articles: the same quote (same words once
    normalised), near-identical (a misquote or a part of it) or a paraphrase, with outlet,
    date and a word diff ([-only in QUOTE_ID-] {+only in the copy+}). See docs/copies.md."""
    from ..errors import Errors, StoreError
    from ..semantic.copies import DiffPart, diff_text
    from ..store.copies import get_copies
    from ..store.query import get_quote

    store = _open(db)
    try:
        if get_quote(store, quote_id) is None:
            raise fail(StoreError(Errors.E100.format(id=quote_id)))
        rows = get_copies(store, quote_id)
    finally:
        store.close()
    if fmt in ("jsonl", "json"):
        _emit(rows, [], fmt, "")
        return
    for r in rows:
        r["diff"] = diff_text([DiffPart(**p) for p in r["diff"]])
    columns = ["id", "published", "outlet", "kind", "score", "diff"]
    _emit(rows, columns, fmt, f"copies of {quote_id}")


COMMANDS = [quotes_cmd, speakers_cmd, stats_cmd, copies_cmd]
