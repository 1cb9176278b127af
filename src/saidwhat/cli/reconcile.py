"""``saidwhat reconcile``: settle the speakers an interrupted ingest left uncertain."""

from __future__ import annotations

import click

from ._common import fail, report_lock_waits
from .ingest import DB_HELP


@click.command("reconcile")
@click.option(
    "--db", "db", default="saidwhat.db", show_default=True, envvar="SAIDWHAT_DB", help=DB_HELP
)
@click.option(
    "--all",
    "everyone",
    is_flag=True,
    help="Settle every person's speakers again, not only the pending names.",
)
def reconcile_cmd(db: str, everyone: bool) -> None:
    """Settle speakers so that the store does not depend on the order of articles.

    Every ingest ends with this step for the names it made uncertain; the names are
    stored with the rows, so a run stopped before its end (kill -9, Ctrl-C) leaves
    them pending and the next ingest, or this command, finishes the work.
    """
    from ..errors import SaidwhatError
    from ..store.db import open_store
    from ..store.write import pending, settle

    try:
        with report_lock_waits(open_store(db)) as store:
            waiting = len(pending(store))
            moved = settle(store, everyone=everyone)
    except SaidwhatError as exc:
        raise fail(exc) from exc
    what = "every person" if everyone else f"{waiting} pending names"
    click.echo(f"reconciled {what}: {moved} entities moved to another speaker", err=True)


COMMANDS = [reconcile_cmd]
