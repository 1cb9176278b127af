"""``saidwhat extract``: analyse articles and write JSONL, a table or HTML."""

from __future__ import annotations

import json
import sys
from typing import TextIO

import click

from ..readers import DEFAULT_MAX_BYTES, ArticleInput, ReadFailure, read_inputs
from ._common import error, warn

FORMATS = ("jsonl", "table", "html")


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(allow_dash=True), default="-", help="Output file (default stdout).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("-n", "--n-process", type=int, default=1, show_default=True, help="Worker processes (-1: one per core).")
@click.option("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, show_default=True, help="Largest article accepted.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
def extract_cmd(
    inputs: tuple[str, ...], output: str, fmt: str, n_process: int, max_bytes: int, progress: bool | None
) -> None:
    """Extract attributed statements from INPUTS (files, directories, JSONL, or - for stdin).

    Exit code 0 when every input was analysed, 1 when any input failed.
    """
    from ..api import extract_many
    from ..render import render_html, render_table

    failures = 0

    def good_inputs() -> "iter[ArticleInput]":  # type: ignore[valid-type]
        nonlocal failures
        for item in read_inputs(inputs, max_bytes=max_bytes):
            if isinstance(item, ReadFailure):
                failures += 1
                error(item.message)
                continue
            for w in item.warnings:
                warn(w)
            yield item

    show = sys.stderr.isatty() if progress is None else progress
    out: TextIO = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        results = extract_many(good_inputs(), n_process=n_process)
        if show:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            prog = Progress(SpinnerColumn(), TextColumn("{task.completed} articles"), TimeElapsedColumn(),
                            console=__import__("rich.console").console.Console(stderr=True))
            task = prog.add_task("extract")
            prog.start()

            def tick(it):  # type: ignore[no-untyped-def]
                for r in it:
                    prog.advance(task)
                    yield r

            results = tick(results)
        if fmt == "jsonl":
            for res in results:
                out.write(json.dumps(res.to_dict(), ensure_ascii=False) + "\n")
        elif fmt == "table":
            render_table(list(results), out)
        else:
            out.write(render_html(list(results)))
        if show:
            prog.stop()
    finally:
        if out is not sys.stdout:
            out.close()
    if failures:
        raise SystemExit(1)


COMMANDS = [extract_cmd]
