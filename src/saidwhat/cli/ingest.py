"""``saidwhat ingest``: extract (or load extracted JSONL) and write to the store."""

from __future__ import annotations

import sys
from typing import Any

import click

from ._common import (
    IsoDate,
    count,
    error,
    fail,
    load_config_file,
    report_lock_waits,
    tier_option,
    time_limit_option,
    warn,
    with_stance,
    with_tier,
)

DB_HELP = "Store: a path, sqlite:///path or postgresql://user@host/db (default saidwhat.db)."


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--db", "db", default="saidwhat.db", show_default=True, envvar="SAIDWHAT_DB", help=DB_HELP
)
@click.option(
    "-n",
    "--n-process",
    type=count(-1, 1024),
    default=1,
    show_default=True,
    help="Extraction worker processes (-1: one per core).",
)
@click.option(
    "--batch-size",
    type=count(1, 100_000),
    default=200,
    show_default=True,
    help="Articles per transaction.",
)
@click.option(
    "--replace", is_flag=True, help="Rewrite articles already stored (e.g. after a new extraction)."
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr: articles done of the total, rate, time left (default: when "
    "stderr is a terminal). Either way one summary line ends the run.",
)
@click.option(
    "--published",
    type=IsoDate(),
    default=None,
    help="Publication date (YYYY-MM-DD) of the articles that carry none: plain text without "
    "a date line or sidecar, JSONL records without 'published'; raw inputs only.",
)
@click.option(
    "--embed/--no-embed",
    default=None,
    help="Sentence vectors of direct quotes, to link paraphrased copies across articles "
    "(default: [copies] embed, on; about 10-50 ms a direct quote on CPU). Without them "
    "copies are still linked when their words are the same or nearly so.",
)
@click.option(
    "--stance/--no-stance",
    default=None,
    help="Raw inputs only: classify each statement's stance toward the entities it mentions "
    "while extracting (default: the config's [stance] enabled, off). Extraction JSONL and "
    "batch output keep the stance they were extracted with.",
)
@tier_option
@time_limit_option
def ingest_cmd(
    inputs: tuple[str, ...],
    db: str,
    n_process: int,
    batch_size: int,
    replace: bool,
    progress: bool | None,
    published: str | None,
    embed: bool | None,
    stance: bool | None,
    tier: str | None,
) -> None:
    """Write INPUTS to the store: raw articles (txt, html, JSONL, dirs) are extracted first;
    extraction JSONL and `saidwhat batch` output dirs are loaded as they are.

    Articles are keyed by a hash of their text: ingesting the same input twice adds nothing.
    A malformed extraction record is reported (error: [E059] ...) and left out; the records
    around it are written (exit status 1).
    """
    import dataclasses
    import time

    from ..config import load_config
    from ..errors import SaidwhatError
    from ..semantic.copies import CopyOptions
    from ..store.db import open_store
    from ..store.load import iter_results
    from ..store.write import is_stored, write_articles
    from ._progress import rate_text

    skipped_inputs = 0
    bad_records = 0

    prog: Any = None  # IngestProgress on a terminal

    def on_skip(msg: str) -> None:
        nonlocal skipped_inputs
        skipped_inputs += 1
        if prog is not None:
            prog.advance()
        warn(msg)

    def on_error(msg: str) -> None:
        nonlocal bad_records
        bad_records += 1
        if prog is not None:
            prog.advance()
        error(msg)

    try:
        store = report_lock_waits(open_store(db))
    except SaidwhatError as exc:
        raise fail(exc) from exc
    show = sys.stderr.isatty() if progress is None else progress
    if show:
        from ._progress import IngestProgress, count_articles

        prog = IngestProgress(count_articles(inputs))
        prog.start()

    t0 = time.perf_counter()
    try:
        already = 0

        def stored(article_id: str) -> bool:  # raw articles in the store are not re-extracted
            nonlocal already
            if replace or not is_stored(store, article_id):
                return False
            already += 1
            if prog is not None:
                prog.advance()
            return True

        results = iter_results(
            inputs,
            n_process=n_process,
            on_skip=on_skip,
            on_error=on_error,
            stored=stored,
            config=with_tier(with_stance(load_config_file(None), stance), tier),
            defaults={"published": published} if published else None,
        )
        if prog is not None:
            results = prog.track(results)
        copies = CopyOptions.from_config(load_config(load_config_file(None)))
        if embed is not None:
            copies = dataclasses.replace(copies, embed=embed)
        stats = write_articles(
            store, results, batch_size=batch_size, replace=replace, copies=copies
        )
    except SaidwhatError as exc:
        raise fail(exc) from exc
    finally:
        if prog is not None:
            prog.stop()
            prog = None
        store.close()
    for w in stats.warnings:
        warn(w)
    for e in stats.errors:
        on_error(e)
    dt = time.perf_counter() - t0
    click.echo(
        f"{stats.written} articles written ({stats.quotes} statements), "
        f"{stats.skipped + already} already stored, {stats.replaced} replaced"
        + (f", {stats.copies} copies linked" if stats.copies else "")
        + (f", {bad_records} malformed records left out" if bad_records else "")
        + (f", {skipped_inputs} inputs not read or not extracted" if skipped_inputs else "")
        + f", in {dt:.1f}s ({rate_text(stats.written + stats.skipped + already, dt)})",
        err=True,
    )
    if skipped_inputs or bad_records:
        raise SystemExit(1)


COMMANDS = [ingest_cmd]
