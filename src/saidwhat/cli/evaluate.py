"""``saidwhat evaluate``: score the engine against an annotated corpus."""

from __future__ import annotations

import json
from typing import Any

import click

from ..errors import SaidwhatError
from ._common import fail, load_config_file, warn


@click.command("evaluate")
@click.argument("corpus", metavar="CORPUS")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--split", default="dev", show_default=True, help="Corpus split to score.")
@click.option("--limit", type=int, default=None, help="Score only the first N articles.")
@click.option(
    "--method",
    type=click.Choice(["neural", "crf", "rules"]),
    default=None,
    help="Extraction method (default: the configured one).",
)
@click.option("-n", "--n-process", type=int, default=1, show_default=True)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="TOML file overriding the shipped settings (e.g. another extract.tagger_path).",
)
@click.option("--per-article", is_flag=True, help="With --json: add the figures of each article.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def evaluate_cmd(
    corpus: str,
    directory: str,
    split: str,
    limit: int | None,
    method: str | None,
    n_process: int,
    config_path: str | None,
    per_article: bool,
    as_json: bool,
) -> None:
    """Score extraction on CORPUS (polnear) found in DIRECTORY.

    Prints pooled precision / recall / F1 of cues, sources and contents
    (exact and overlapping spans), of quotes (content Jaccard >= 0.5) and of
    whole triples. See docs/evaluation.md.
    """
    from ..evaluate.harness import evaluate_corpus

    config = load_config_file(config_path) or {}
    if method:
        config.setdefault("extract", {})["method"] = method
    try:
        result = evaluate_corpus(
            corpus,
            directory,
            split=split,
            limit=limit,
            config=config or None,
            n_process=n_process,
            per_article=per_article and as_json,
        )
    except SaidwhatError as exc:
        raise fail(exc) from exc
    for failure in result["failures"]:
        warn(f"engine failed on {failure['id']}: {failure['error']}")
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        render_scores(result)


def render_scores(result: dict[str, Any]) -> None:
    """Print a :func:`~saidwhat.evaluate.scorer.score` result as a rich table."""
    from rich.console import Console
    from rich.table import Table

    title = (
        f"{result.get('corpus', '')} {result.get('split', '')}, method {result.get('method')}: "
        f"{result['articles']} articles, {result['gold_attributions']} gold attributions, "
        f"{result['predicted_quotes']} predicted quotes"
    )
    console = Console()
    console.print(title, soft_wrap=True)
    table = Table()
    table.add_column("measure")
    for col in ("P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(col, justify="right")
    for measure, s in result["scores"].items():
        table.add_row(
            measure,
            f"{100 * s['p']:.1f}",
            f"{100 * s['r']:.1f}",
            f"{100 * s['f']:.1f}",
            str(s["tp"]),
            str(s["fp"]),
            str(s["fn"]),
        )
    console.print(table)


COMMANDS = [evaluate_cmd]
