"""``saidwhat claims``: every stored claim; ``saidwhat conflicts``: events whose
claims disagree on who did it."""

from __future__ import annotations

import json
from typing import Any

import click

from ._common import READ_FORMATS, IsoDate, count, say_empty
from .query import DB_HELP, _emit, _open


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


#: The columns of ``saidwhat claims --format csv`` (jsonl and json: the whole view).
CLAIM_COLUMNS = (
    "published",
    "outlet",
    "act",
    "claimant",
    "agent",
    "event",
    "place",
    "sentence",
    "link",
)

#: The table leaves the place and the link to the CSV.
_TABLE_COLUMNS = ("published", "outlet", "act", "claimant", "agent", "event", "sentence")


def _flat(c: dict[str, Any]) -> dict[str, str]:
    """A claim view (:func:`saidwhat.store.claims.claim_view`) as one row of text."""

    def text(key: str) -> str:
        return str((c.get(key) or {}).get("text") or "")

    return {
        "published": c.get("published") or "",
        "outlet": c.get("outlet") or "",
        "act": c["act"],
        "claimant": _name(c.get("claimant")),
        "agent": _name(c.get("agent")),
        "event": text("event") or (c.get("event_kind") or ""),
        "place": text("place"),
        "sentence": text("sentence"),
        "link": c.get("link") or "",
    }


@click.command("claims")
@click.option("--db", default="saidwhat.db", show_default=True, envvar="SAIDWHAT_DB", help=DB_HELP)
@click.option("--act", type=click.Choice(["responsibility", "blame", "denial"]))
@click.option("--party", help="Words of the claimant's or the agent's name.")
@click.option("--event", help="Words of the event, or its kind (attack, accident, ...).")
@click.option("--place", help="Words of the place named.")
@click.option("--since", type=IsoDate(), help="Claims published on or after this date.")
@click.option("--until", type=IsoDate(), help="Claims published on or before this date.")
@click.option("--limit", type=count(), default=50, show_default=True)
@click.option("--offset", type=count(), default=0, show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(READ_FORMATS), default="table", show_default=True
)
def claims_cmd(
    db: str,
    act: str | None,
    party: str | None,
    event: str | None,
    place: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    offset: int,
    fmt: str,
) -> None:
    """Every stored claim, conflicting or not, newest first.

    The claims of responsibility, blame and denial the articles make (the
    /claims page and GET /api/claims), filtered by act, party, event, place and
    date. jsonl and json: each claim whole (claimant, agent, event, place, time,
    sentence, outlet, date, link); table and csv: one line each.
    """
    from ..store.claims import list_claims

    store = _open(db)
    try:
        rows, _ = list_claims(
            store,
            act=act,
            party=party,
            event=event,
            place=place,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
    finally:
        store.close()
    flat = rows if fmt in ("jsonl", "json") else [_flat(r) for r in rows]
    columns = CLAIM_COLUMNS if fmt == "csv" else _TABLE_COLUMNS
    _emit(flat, columns, fmt, "claims")


COMMANDS = [claims_cmd, conflicts_cmd]
