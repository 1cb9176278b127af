"""``saidwhat evaluate-speakers``: score in-article speaker resolution on GUM news or LitBank."""

from __future__ import annotations

import json
from typing import Any

import click

from ..errors import SaidwhatError
from ._common import fail, tier_option, with_tier


@click.command("evaluate-speakers")
@click.argument("corpus", type=click.Choice(["gum", "litbank"]))
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--limit", type=int, default=None, help="Score only the first N documents.")
@click.option(
    "--show",
    type=int,
    default=0,
    show_default=True,
    help="Print up to N examples of each failure category.",
)
@click.option(
    "--method",
    type=click.Choice(["neural", "rules"]),
    default=None,
    help="Extraction method (default: the configured one).",
)
@click.option(
    "--heldout",
    is_flag=True,
    help="LitBank: only the documents the antecedent ranker was not trained on (1 in 5).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@tier_option
def evaluate_speakers_cmd(
    corpus: str,
    directory: str,
    limit: int | None,
    show: int,
    method: str | None,
    heldout: bool,
    as_json: bool,
    tier: str | None,
) -> None:
    """Score speaker resolution on CORPUS (gum or litbank) found in DIRECTORY.

    Each engine quote whose source matches a gold mention (GUM) or whose
    content overlaps a gold quotation (LitBank) is judged against the gold
    coreference cluster of its speaker. Prints precision (correct / resolved),
    coverage (resolved / scored) and recall, overall and by mention kind,
    and the most frequent failures. See docs/speakers.md.
    """
    from ..evaluate.speakers import evaluate_speakers

    config = with_tier({"extract": {"method": method}} if method else None, tier)
    try:
        result = evaluate_speakers(
            corpus,  # type: ignore[arg-type]
            directory,
            limit=limit,
            show=show,
            config=config,
            heldout=heldout,
        )
    except SaidwhatError as exc:
        raise fail(exc) from exc
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        render(result)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}"


def render(result: dict[str, Any]) -> None:
    """Print an :func:`~saidwhat.evaluate.speakers.evaluate_speakers` result as rich tables."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    held = " (held out from the antecedent ranker)" if result.get("heldout") else ""
    title = f"{result['corpus']}: {result['documents']} documents{held}"
    title += f", {result['quotes']} engine quotes"
    if "gold_quotes" in result:
        title += f"; {result['gold_quotes_found']} of {result['gold_quotes']} gold quotations found"
    console.print(title, soft_wrap=True)
    table = Table()
    for col in ("kind", "scored", "P", "cov", "R", "ok", "wrong", "unlnk", "miss", "abst"):
        table.add_column(col, justify="left" if col == "kind" else "right")
    rows = [("all", result), *result["by_kind"].items()]
    for name, s in rows:
        c = s["counts"]
        table.add_row(
            name,
            str(s["scored"]),
            _pct(s["precision"]),
            _pct(s["coverage"]),
            _pct(s["recall"]),
            str(c["correct"]),
            str(c["wrong"]),
            str(c["unlinked"]),
            str(c["missed"]),
            str(c["abstained"]),
        )
    console.print(table)
    console.print(
        "P = ok / resolved, cov = resolved / scored, R = ok / (scored - abst); "
        "resolved = ok + wrong + unlnk",
        soft_wrap=True,
    )
    if "right_source" in result:
        rs = result["right_source"]
        console.print(
            f"quotes whose engine source is a mention of the gold speaker: {rs['scored']} scored, "
            f"P {_pct(rs['precision'])}, cov {_pct(rs['coverage'])}, R {_pct(rs['recall'])}",
            soft_wrap=True,
        )
    c = result["counts"]
    console.print(
        f"not scored: {c['unmatched']} quotes matching no gold mention/quotation, "
        f"{c['no_source']} without a source",
        soft_wrap=True,
    )
    cats = result["failure_categories"]
    if cats:
        console.print("failures: " + ", ".join(f"{k} {v}" for k, v in cats.items()), soft_wrap=True)
    for cat, examples in result.get("examples", {}).items():
        console.print(f"\n[bold]{cat}[/bold]")
        for e in examples:
            console.print(
                f"  {e['doc']} {e['quote']}: source {e['source']!r} -> "
                f"{e['speaker'] or '(none)'}"
                + (f" [{e['engine_cluster']}]" if e["engine_cluster"] else "")
                + f"; gold: {e['gold']}",
                soft_wrap=True,
                markup=False,
            )


COMMANDS = [evaluate_speakers_cmd]
