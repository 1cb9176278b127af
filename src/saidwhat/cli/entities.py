"""``saidwhat entities``: inspect and correct canonical speakers, evaluate merging."""

from __future__ import annotations

import json

import click

from ._common import fail
from .query import _open

DB_HELP = "Store: a path, sqlite:///path or postgresql://user@host/db (default saidwhat.db)."


@click.group("entities")
def entities_cmd() -> None:
    """Canonical speakers: show, merge, split, list corrections, evaluate merging."""


@entities_cmd.command("show")
@click.argument("speaker")
@click.option("--db", default="saidwhat.db", show_default=True, envvar="SAIDWHAT_DB", help=DB_HELP)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def show_cmd(speaker: str, db: str, fmt: str) -> None:
    """A speaker page: names, roles with dates, statements (SPEAKER: id or name)."""
    from ..errors import SaidwhatError
    from ..store.query import get_speaker, resolve_speaker

    store = _open(db)
    try:
        page = get_speaker(store, resolve_speaker(store, speaker)["id"], limit=10)
    except SaidwhatError as exc:
        raise fail(exc) from exc
    finally:
        store.close()
    assert page is not None
    if fmt == "json":
        click.echo(json.dumps(page, ensure_ascii=False, indent=2))
        return
    click.echo(f"{page['name']}  [{page['type']}, id {page['id']}]")
    click.echo(f"  {page['n_quotes']} statements in {page['n_articles']} articles")
    names = ", ".join(a["name"] for a in page["aliases"])
    click.echo(f"  names: {names}")
    for r in page["roles"]:
        when = r["first_stated"] or "undated"
        if r["last_stated"] and r["last_stated"] != r["first_stated"]:
            when += f" to {r['last_stated']}"
        n = r["n_articles"]
        click.echo(f"  {r['kind']}: {r['value']} (stated {when}, {n} article{'s' * (n != 1)})")
    for t in page["targets"][:10]:
        click.echo(f"  talks about: {t['name']} ({t['n']})")
    for q in page["statements"]:
        click.echo(f"  - [{q['published'] or '?'}] {q['content'][:160]}")


@entities_cmd.command("aliases")
@click.option("--db", default="saidwhat.db", show_default=True, envvar="SAIDWHAT_DB", help=DB_HELP)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def aliases_cmd(db: str, fmt: str) -> None:
    """The alias table: shipped name groups (US / U.S. / United States ...) and the names
    users merged (entities merge); add to it with `saidwhat entities merge A B`."""
    from ..store.corrections import alias_table

    store = _open(db)
    try:
        rows = alias_table(store)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['origin']:>8}  {r['name']}: {', '.join(r['aliases'])}")


@entities_cmd.command("merge")
@click.argument("a")
@click.argument("b")
@click.option("--db", default="saidwhat.db", show_default=True, envvar="SAIDWHAT_DB", help=DB_HELP)
def merge_cmd(a: str, b: str, db: str) -> None:
    """Merge speaker B into speaker A (ids or names). Later articles naming B go to A."""
    from ..errors import SaidwhatError
    from ..store.corrections import merge_speakers

    store = _open(db)
    try:
        sp = merge_speakers(store, a, b)
    except SaidwhatError as exc:
        raise fail(exc) from exc
    finally:
        store.close()
    click.echo(f"merged into {sp['name']} (id {sp['id']}): {sp['n_quotes']} statements")


@entities_cmd.command("split")
@click.argument("speaker")
@click.option("--name", "names", multiple=True, help="Move entities with this name (repeatable).")
@click.option(
    "--article", "articles", multiple=True, help="Move entities of this article id/prefix."
)
@click.option("--db", default="saidwhat.db", show_default=True, envvar="SAIDWHAT_DB", help=DB_HELP)
def split_cmd(speaker: str, names: tuple[str, ...], articles: tuple[str, ...], db: str) -> None:
    """Move part of SPEAKER (by --name and/or --article) to a new speaker."""
    from ..errors import SaidwhatError
    from ..store.corrections import split_speaker

    if not names and not articles:
        raise click.UsageError("give --name or --article")
    store = _open(db)
    try:
        sp = split_speaker(store, speaker, names=names, articles=articles)
    except SaidwhatError as exc:
        raise fail(exc) from exc
    finally:
        store.close()
    click.echo(f"new speaker {sp['name']} (id {sp['id']}): {sp['n_quotes']} statements")


@entities_cmd.command("corrections")
@click.option("--db", default="saidwhat.db", show_default=True, envvar="SAIDWHAT_DB", help=DB_HELP)
def corrections_cmd(db: str) -> None:
    """List the merges and splits made by users, oldest first (JSON lines)."""
    from ..store.corrections import list_corrections

    store = _open(db)
    try:
        for c in list_corrections(store):
            click.echo(json.dumps(c, ensure_ascii=False))
    finally:
        store.close()


@entities_cmd.command("evaluate")
@click.option(
    "--gum", type=click.Path(exists=True, file_okay=False), help="GUM news dir (dep/*.conllu)."
)
@click.option(
    "--polnear", type=click.Path(exists=True, file_okay=False), help="PolNeAR dir (train/text)."
)
@click.option("--split", default="train", show_default=True, help="PolNeAR split.")
@click.option(
    "--cache",
    type=click.Path(file_okay=False),
    default=None,
    help="Directory caching extraction output (default: a temp dir).",
)
@click.option("--limit", type=int, default=None, help="Use only the first N PolNeAR articles.")
@click.option("-n", "--n-process", type=int, default=1, show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def evaluate_cmd(
    gum: str | None,
    polnear: str | None,
    split: str,
    cache: str | None,
    limit: int | None,
    n_process: int,
    fmt: str,
) -> None:
    """Pairwise precision/recall of cross-article speaker merging on GUM and PolNeAR."""
    from ..errors import SaidwhatError
    from ..store.speaker_eval import evaluate_gum, evaluate_polnear

    if not gum and not polnear:
        raise click.UsageError("give --gum and/or --polnear")
    reports = []
    try:
        if gum:
            reports.append(evaluate_gum(gum, cache=cache, n_process=n_process))
        if polnear:
            reports.append(
                evaluate_polnear(
                    polnear, split=split, cache=cache, limit=limit, n_process=n_process
                )
            )
    except SaidwhatError as exc:
        raise fail(exc) from exc
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in reports], indent=2))
        return
    for r in reports:
        click.echo(r.summary())


COMMANDS = [entities_cmd]
