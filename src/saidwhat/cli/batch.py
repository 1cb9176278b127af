"""``saidwhat batch``: corpus-scale extraction into Parquet (or JSONL) tables."""

from __future__ import annotations

import sys

import click

from ..errors import SaidwhatError
from ._common import (
    count,
    error,
    fail,
    input_options,
    load_config_file,
    tier_option,
    warn,
    with_tier,
)


class _CannotStart(click.ClickException):
    exit_code = 2


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False),
    help="Output directory (resumed if it exists).",
)
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True)
@click.option(
    "-j",
    "--workers",
    type=count(1),
    default=None,
    help="Local engine: worker processes [default: one per core].",
)
@click.option(
    "--spark-master",
    default="local[*]",
    show_default=True,
    help="Spark master URL (ignored under spark-submit).",
)
@click.option(
    "--partitions",
    type=count(1),
    default=None,
    help="Spark: partitions of the extraction stage [default: Spark's parallelism].",
)
@click.option(
    "--format", "fmt", type=click.Choice(["parquet", "jsonl"]), default="parquet", show_default=True
)
@click.option(
    "--batch-size", type=count(1), default=16, show_default=True, help="Articles per engine call."
)
@click.option(
    "--batch-chars",
    type=count(1),
    default=20_000,
    show_default=True,
    help="Characters per engine call (bounds a worker's memory).",
)
@click.option(
    "--part-size",
    type=count(1),
    default=1000,
    show_default=True,
    help="Local engine: articles per part file (the resume unit).",
)
@click.option(
    "--text-column", default="text", show_default=True, help="Text column of Parquet inputs."
)
@input_options
@tier_option
@click.option(
    "--allow-errors",
    is_flag=True,
    help="Exit 0 even if some records failed, unless no article was written or already done.",
)
def batch_cmd(
    inputs: tuple[str, ...],
    output: str,
    engine: str,
    workers: int | None,
    spark_master: str,
    partitions: int | None,
    fmt: str,
    batch_size: int,
    batch_chars: int,
    part_size: int,
    text_column: str,
    max_bytes: int,
    config_path: str | None,
    progress: bool | None,
    allow_errors: bool,
    tier: str | None,
) -> None:
    """Extract attributed statements from INPUTS into the directory OUTPUT.

    INPUTS are files or directories: .txt/.html files, JSONL (one article per
    line: text or html, optional id/url/title/published/outlet/author),
    Parquet (a text column and optional id/url/title/published/outlet/author
    columns) and WARC / WARC.gz (HTML responses; URL and crawl date kept).

    Output: OUTPUT/articles/ (one row per article, quotes and entities nested
    as in the JSON form), OUTPUT/errors/ (records that failed or were skipped,
    with the reason) and OUTPUT/runs.jsonl (one summary per run). Re-running
    with the same OUTPUT skips articles already written; articles with the
    same text are processed once.

    \b
    Exit status:
      0  every record was written, de-duplicated, already done, or skipped by
         design (non-HTML / non-200 WARC responses)
      1  some records failed (see OUTPUT/errors); with --allow-errors only
         if, besides, no article at all was written or already done
      2  bad usage; the run could not start (no input, model missing, ...)
    """
    from ..batch import run_batch

    config = with_tier(load_config_file(config_path), tier)
    show = sys.stderr.isatty() if progress is None else progress
    try:
        summary = run_batch(
            inputs,
            output,
            engine=engine,
            workers=workers,
            spark_master=spark_master,
            partitions=partitions,
            fmt=fmt,
            config=config,
            batch_size=batch_size,
            batch_chars=batch_chars,
            part_size=part_size,
            max_bytes=max_bytes,
            text_column=text_column,
            progress=show,
        )
    except SaidwhatError as exc:
        raise _CannotStart(fail(exc).message) from exc
    for w in summary.warnings:
        warn(w)
    s = summary
    click.echo(
        f"batch ({s.engine}): {s.records} records from {s.inputs} files: {s.articles} articles "
        f"written, {s.duplicates} duplicates, {s.already_done} already done, {s.skipped} skipped, "
        f"{s.failed} failed in {s.seconds:.1f} s ({s.articles_per_second:.2f} articles/s)"
        + (f"; peak worker RSS {s.peak_worker_rss_mb:.0f} MB" if s.peak_worker_rss_mb else ""),
        err=True,
    )
    if s.failed:
        error(f"{s.failed} records failed; see the errors table in {s.output}/errors")
        nothing_written = s.articles == 0 and s.already_done == 0
        if not allow_errors or nothing_written:
            raise SystemExit(1)


COMMANDS = [batch_cmd]
