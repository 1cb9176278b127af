"""``saidwhat conflicts``: events whose claims disagree on who did it."""

from __future__ import annotations

import json
from typing import Any

import click

from ._common import IsoDate, count, say_empty
from .query import DB_HELP, _open


def _name(who: dict[str, Any] | None) -> str:
    if who is None:
        return ""
    return str(who.get("name") or who.get("text") or "")


@click.command("conflicts")
@click.option("--db", default="saidwhat.db", show_default=True, envvar="SAIDWHAT_DB", help=DB_HELP)
@click.option("--since", type=IsoDate(), help="Claims published on or after this date.")
@click.option("--until", type=IsoDate(), help="Claims published on or before this date.")
@click.option(
    "--window",
    "window_days",
    type=count(),
    default=7,
    show_default=True,
    help="Days apart two articles may be and still report one event.",
)
@click.option("--limit", type=count(), default=50, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "json"]),
    default="table",
    show_default=True,
)
def conflicts_cmd(
    db: str, since: str | None, until: str | None, window_days: int, limit: int, fmt: str
) -> None:
    """Events whose claims disagree on the agent, newest first.

    A claim claims responsibility for an event, blames someone for it or denies
    it; claims about one event are joined across articles by kind, place, date
    and description. An event is listed when two claims name different agents,
    or one names an agent that another denies. jsonl: one event per line with
    its claims (claimant, agent, act, sentence, outlet, date, link) and the
    disagreeing pairs.
    """
    from ..store.claims import list_conflicts

    store = _open(db)
    try:
        rows = list_conflicts(store, since=since, until=until, limit=limit, window_days=window_days)
    finally:
        store.close()
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..render import terminal_text

    console = Console()
    if not rows:
        say_empty("conflicting claims")
        return
    for r in rows:
        ev = r["event"]
        kinds = ", ".join(sorted({p["reason"] for p in r["pairs"]}))
        t = Table(
            title=Text(terminal_text(f"{ev['name']} — {ev['n_articles']} article(s): {kinds}")),
            show_lines=False,
        )
        for c in ("published", "outlet", "claimant", "act", "agent", "sentence"):
            t.add_column(c, overflow="fold", ratio=4 if c == "sentence" else 1)
        for c in r["claims"]:
            cells = [
                c["published"] or "",
                c["outlet"] or "",
                _name(c["claimant"]),
                c["act"],
                _name(c["agent"]),
                (c["sentence"] or {}).get("text", ""),
            ]
            t.add_row(*[Text(terminal_text(str(x))) for x in cells])
        console.print(t)


COMMANDS = [conflicts_cmd]
