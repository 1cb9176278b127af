"""``saidwhat extract``: analyse articles and write JSONL, a table or HTML."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import IO, Any

import click

from ..ids import content_hash
from ..records import record_json
from ._common import (
    IsoDate,
    error,
    fail,
    input_options,
    load_config_file,
    tier_option,
    with_stance,
    with_tier,
)

FORMATS = ("jsonl", "table", "html")


class _Progress:
    """Articles done / failed on stderr; a rich live line, no background thread."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.done = self.failed = 0
        self._last = 0.0
        self._prog: Any = None
        if enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            console = Console(file=sys.stderr)
            self._prog = Progress(
                SpinnerColumn(),
                TextColumn("{task.fields[done]} articles, {task.fields[failed]} failed"),
                TimeElapsedColumn(),
                console=console,
                auto_refresh=False,  # no refresh thread: safe to fork workers
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._task = self._prog.add_task("extract", total=None, done=0, failed=0)
            self._prog.start()

    def update(self, *, done: int = 0, failed: int = 0) -> None:
        self.done += done
        self.failed += failed
        if self._prog is None:
            return
        self._prog.update(self._task, done=self.done, failed=self.failed)
        now = time.monotonic()
        if now - self._last > 0.1:
            self._last = now
            self._prog.refresh()

    def message(self, line: str) -> None:
        from ..render import terminal_text

        line = terminal_text(line)  # a file name with a newline cannot forge a line
        if self._prog is not None:
            self._prog.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(line, err=True)

    def stop(self) -> None:
        if self._prog is not None:
            self._prog.update(self._task, done=self.done, failed=self.failed)
            self._prog.refresh()
            self._prog.stop()


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="Output file (default: stdout).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="jsonl",
    show_default=True,
    help="jsonl: one JSON object per article; table: statements as a table; html: a page.",
)
@click.option(
    "-n",
    "--n-process",
    type=click.IntRange(min=-1),
    default=1,
    show_default=True,
    help="Worker processes (-1: one per core).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=16,
    show_default=True,
    help="Articles sent to a worker at a time.",
)
@click.option(
    "--published",
    type=IsoDate(),
    default=None,
    help="Publication date (YYYY-MM-DD) of the articles that carry none: plain text without "
    "a date line or sidecar, JSONL records without 'published'.",
)
@click.option(
    "--stance/--no-stance",
    default=None,
    help="Classify each statement's stance toward the entities it mentions (against / "
    "neutral / for; default: the config's [stance] enabled, off).",
)
@tier_option
@input_options
def extract_cmd(
    inputs: tuple[str, ...],
    output: str,
    fmt: str,
    n_process: int,
    batch_size: int,
    published: str | None,
    stance: bool | None,
    tier: str | None,
    max_bytes: int,
    config_path: str | None,
    progress: bool | None,
) -> None:
    """Extract attributed statements from INPUTS.

    INPUTS are text files, HTML pages (main text kept with trafilatura), JSONL
    files (one {"text": ...} or {"html": ...} object per line, optional "id",
    "title", "url", "outlet", "published", "author"), directories (read
    recursively; hidden files, README/LICENSE-like files and data or code such
    as .json, .csv, .py skipped) or - for stdin (JSONL if its first line is a
    JSON object).

    A bad input (empty, binary, too big, missing, a bad JSONL line) gets one
    "error:" line on stderr naming it, and the others are still processed.
    Exit code: 0 when every input was analysed, 1 when any failed.
    """
    from ..api import ExtractFailure, extract_many
    from ..errors import SaidwhatError
    from ..readers import ArticleInput, ReadFailure, read_inputs
    from ..records import ArticleResult
    from ..render import HTML_HEAD, HTML_TAIL, article_html, render_table

    config = load_config_file(config_path)
    config = with_tier(with_stance(config, stance), tier)
    show = sys.stderr.isatty() if progress is None else progress

    if output != "-" and os.path.exists(output):
        for path in inputs:
            if path != "-" and os.path.exists(path) and os.path.samefile(path, output):
                raise click.UsageError(f"{output} is both an input and the output file")
    try:
        raw: IO[bytes] = (
            sys.stdout.buffer if output == "-" else open(output, "wb")  # noqa: SIM115
        )
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc

    prog = _Progress(show)

    def articles() -> Iterator[ArticleInput]:
        exclude = () if output == "-" else (output,)
        defaults = {"published": published} if published else None
        for item in read_inputs(inputs, max_bytes=max_bytes, exclude=exclude, defaults=defaults):
            if isinstance(item, ReadFailure):
                prog.update(failed=1)
                prog.message(f"error: {item.message}")
                continue
            for w in item.warnings:
                prog.message(f"warning: {w}")
            # provenance in meta, as the batch engines write it (one JSON form)
            yield replace(
                item,
                meta={**item.meta, "source": item.source, "content_hash": content_hash(item.text)},
            )

    def results() -> Iterator[ArticleResult]:
        for res in extract_many(
            articles(),
            n_process=n_process,
            batch_size=batch_size,
            config=config,
            on_error="return",
        ):
            if isinstance(res, ExtractFailure):
                prog.update(failed=1)
                prog.message(f"error: {res.message}")
                continue
            prog.update(done=1)
            yield res

    try:
        if fmt == "jsonl":
            for res in results():
                line = record_json(res.to_dict()) + "\n"
                raw.write(line.encode("utf-8"))
                raw.flush()
        elif fmt == "html":
            raw.write(HTML_HEAD.encode("utf-8"))
            for res in results():
                raw.write(article_html(res).encode("utf-8"))
            raw.write(HTML_TAIL.encode("utf-8"))
        else:
            text_out = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="\n")
            try:
                render_table(results(), text_out)
                text_out.flush()
            finally:
                text_out.detach()
        raw.flush()
    except BrokenPipeError:
        # The reader went away (`saidwhat extract ... | head`): stop quietly.
        if output == "-":
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1) from None
    except SaidwhatError as exc:  # the model could not load, a worker could not start...
        raise fail(exc) from exc
    finally:
        prog.stop()
        if output != "-":
            raw.close()
    if prog.failed:
        error(f"{prog.failed} input(s) failed, {prog.done} article(s) analysed")
        raise SystemExit(1)


COMMANDS = [extract_cmd]
