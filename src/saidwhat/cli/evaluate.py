"""``saidwhat evaluate``: score the engine against an annotated corpus."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from ..errors import Errors, EvaluationError, SaidwhatError
from ._common import fail, load_config_file, say, warn, with_tier

if TYPE_CHECKING:
    from ..evaluate.realnews import RealnewsReport


@click.command("evaluate")
@click.argument("corpus", metavar="CORPUS")
@click.argument("directory", metavar="PATH", type=click.Path())
@click.option("--split", default="dev", show_default=True, help="Corpus split to score.")
@click.option("--limit", type=int, default=None, help="Score only the first N articles.")
@click.option(
    "--method",
    type=click.Choice(["neural", "rules"]),
    default=None,
    help="Extraction method (default: the configured one).",
)
@click.option(
    "--model",
    "tier",
    type=click.Choice(["fast", "accurate"]),
    default=None,
    help="The model tier scored (stance: fast unless given; the others: the config's "
    "[model] tier unless given).",
)
@click.option("-n", "--n-process", type=int, default=1, show_default=True)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="TOML file overriding the shipped settings (e.g. another extract.tagger_path).",
)
@click.option(
    "--per-article", is_flag=True, help="With --json: add the figures of each article (polnear)."
)
@click.option(
    "--statements-only",
    is_flag=True,
    help="polnear: leave reported actions (decided to, declined to, ...) out of gold "
    "and prediction alike (docs/evaluation.md).",
)
@click.option(
    "--show",
    is_flag=True,
    help="realnews: also print every statement missed or given the wrong speaker; claims: "
    "every claim not right, every spurious claim and conflict.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def evaluate_cmd(
    corpus: str,
    directory: str,
    split: str,
    limit: int | None,
    method: str | None,
    tier: str | None,
    n_process: int,
    config_path: str | None,
    per_article: bool,
    statements_only: bool,
    show: bool,
    as_json: bool,
) -> None:
    """Score extraction on CORPUS (polnear, realnews, claims or stance) found in PATH; or, with
    CORPUS copies, the copy classifier on near-duplicates of PolNeAR's direct quotes.

    polnear: prints pooled precision / recall / F1 of cues, sources and
    contents (exact and overlapping spans), of quotes (content Jaccard >= 0.5)
    and of whole triples.

    realnews: DIRECTORY holds <slug>.txt and <slug>.gold.json pairs; prints,
    per article and pooled, right/required (found with the right speaker),
    found/required and spurious/predicted, as the reference scorer
    score_statements.py counts them. --split does not apply. See
    docs/evaluation.md.

    copies: DIRECTORY is PolNeAR; prints, per perturbation (punctuation, word
    swaps, substitutions, deletions, truncation) and per negative type, the
    pairs linked, then recall and precision (docs/copies.md).

    claims: DIRECTORY holds <slug>.txt and <slug>.claims.json pairs (the
    claims-dev format); prints, per article and pooled, claims right / found /
    spurious and conflicts found / spurious rows, and pooled the event
    coreference of the found claims as pairs (docs/claims.md); --show lists what
    is not right.

    stance: PATH is a .jsonl file in the NewsMTSC format (sentence_normalized,
    targets with from / to / polarity); prints macro-F1 (percent), accuracy and
    per-class precision / recall / F1 of the stance model (docs/stance.md).
    """
    from ..evaluate.harness import CORPORA, evaluate_corpus

    if corpus == "stance":
        _stance(directory, tier=tier or "fast", as_json=as_json)
        return
    config = with_tier(load_config_file(config_path), tier) or {}
    if method:
        config.setdefault("extract", {})["method"] = method
    if corpus == "copies":
        _copies(directory, split, limit, as_json=as_json)
        return
    if corpus == "claims":
        _claims(directory, limit, config, show=show, as_json=as_json)
        return
    if corpus == "realnews":
        if split != "dev" or per_article:
            warn("--split and --per-article apply to polnear only; ignored for realnews")
        _realnews(directory, limit, config, n_process, show=show, as_json=as_json)
        return
    if corpus not in CORPORA:
        options = ", ".join(sorted([*CORPORA, "realnews", "claims", "stance", "copies"]))
        raise fail(EvaluationError(Errors.E021.format(name=corpus, options=options)))
    try:
        result = evaluate_corpus(
            corpus,
            directory,
            split=split,
            limit=limit,
            config=config or None,
            n_process=n_process,
            per_article=per_article and as_json,
            statements_only=statements_only,
        )
    except SaidwhatError as exc:
        raise fail(exc) from exc
    for failure in result["failures"]:
        warn(f"engine failed on {failure['id']}: {failure['error']}")
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        render_scores(result)


def _copies(directory: str, split: str, limit: int | None, *, as_json: bool) -> None:
    from ..evaluate.copies import NEGATIVES, PERTURBATIONS, run

    try:
        report = run(directory, split=split, limit=limit)
    except SaidwhatError as exc:
        raise fail(exc) from exc
    d = report.to_dict()
    if as_json:
        click.echo(json.dumps(d, ensure_ascii=False))
        return
    click.echo(
        f"{d['quotes']} direct quotes, {d['positives']} near-duplicates, "
        f"{d['negatives']} negatives; vectors {d['embed_ms_per_quote']} ms a text"
    )
    for t in (*PERTURBATIONS, *NEGATIVES):
        f = d["types"][t]
        kinds = ", ".join(f"{k} {n}" for k, n in f["kinds"].items())
        click.echo(f"{t:>14}  linked {f['linked']:>5}/{f['n']:<5}  ({kinds})")
    click.echo(
        f"recall {100 * d['recall']:.2f}%  precision {100 * d['precision']:.2f}%  "
        f"(tp {d['tp']}, fp {d['fp']})"
    )


def _realnews(
    directory: str,
    limit: int | None,
    config: dict[str, Any],
    n_process: int,
    *,
    show: bool,
    as_json: bool,
) -> None:
    from ..evaluate.realnews import run

    try:
        report = run(directory, limit=limit, config=config or None, n_process=n_process)
    except SaidwhatError as exc:
        raise fail(exc) from exc
    for failure in report.failures:
        warn(f"engine failed on {failure['id']}: {failure['error']}")
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        return
    render_realnews(report)
    if show:
        render_realnews_errors(report)


def _claims(
    directory: str, limit: int | None, config: dict[str, Any], *, show: bool, as_json: bool
) -> None:
    from ..evaluate.claims_dev import misses, run

    try:
        report = run(directory, config=config or None, limit=limit)
    except SaidwhatError as exc:
        raise fail(exc) from exc
    if as_json:
        click.echo(json.dumps(report.to_dict(show=show), ensure_ascii=False))
        return
    click.echo(f"claims {report.directory}: {len(report.articles)} articles")
    for a in report.articles:
        click.echo(
            f"  {a.id:52} right {a.right}/{a.required}  found {a.found}/{a.required}  "
            f"spurious {a.spurious}/{a.predicted}  conflicts {a.conflicts_found}/"
            f"{a.conflicts_required} (spurious {a.conflicts_spurious})"
        )
        if show:
            for m in misses(a):
                m.pop("article")
                click.echo("      " + json.dumps(m, ensure_ascii=False))
    p = report.pooled
    f = p.figures()
    click.echo(
        f"pooled: claims right {p.right}/{p.required} ({f['right_pct']:.1f}%), "
        f"found {p.found}/{p.required} ({f['found_pct']:.1f}%), "
        f"spurious {p.spurious}/{p.predicted} ({f['spurious_pct']:.1f}%); "
        f"conflicts found {p.conflicts_found}/{p.conflicts_required}, "
        f"spurious rows {p.conflicts_spurious}/{p.conflict_rows}; "
        f"event pairs P {f['event_pairs_precision']:.1f}% "
        f"({p.event_pairs_right}/{p.event_pairs_predicted}) "
        f"R {f['event_pairs_recall']:.1f}% ({p.event_pairs_right}/{p.event_pairs_gold})"
    )


def _stance(path: str, *, tier: str, as_json: bool) -> None:
    from ..evaluate.stance import evaluate_stance

    try:
        report = evaluate_stance(path, tier=tier)
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror or exc}") from exc
    except SaidwhatError as exc:
        raise fail(exc) from exc
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
        return
    click.echo(
        f"stance ({tier} tier) on {path}: {report['n']} targets,"
        f" {report['ms_per_pair']} ms per pair"
    )
    click.echo(f"macro-F1 {report['macro_f1']:.2f}   accuracy {report['accuracy']:.2f}")
    click.echo(f"{'':10}{'P':>8}{'R':>8}{'F1':>8}{'n':>7}")
    for label, c in report["per_class"].items():
        click.echo(
            f"{label:10}{c['precision']:8.2f}{c['recall']:8.2f}{c['f1']:8.2f}{c['support']:7d}"
        )


def _ratio(n: int, d: int, pct: float) -> str:
    return f"{n}/{d} ({pct:.1f}%)"


def render_realnews(report: RealnewsReport) -> None:
    """Print a :func:`~saidwhat.evaluate.realnews.run` report as a rich table."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    console.print(
        Text(
            f"realnews {report.directory}, method {report.method}: {len(report.articles)} articles"
        ),
        soft_wrap=True,
    )
    table = Table()
    table.add_column("article", overflow="fold")
    for col in ("right/required", "found/required", "spurious/predicted"):
        table.add_column(col, justify="right")
    rows = [(a.id, a.counts) for a in report.articles] + [("pooled", report.pooled)]
    for n, (name, c) in enumerate(rows):
        table.add_row(
            Text(name, style="bold" if n == len(rows) - 1 else ""),
            _ratio(c.right, c.required, c.right_pct),
            _ratio(c.found, c.required, c.found_pct),
            _ratio(c.spurious, c.predicted, c.spurious_pct),
            end_section=n == len(rows) - 2,
        )
    console.print(table)


def render_realnews_errors(report: RealnewsReport) -> None:
    """One line per gold statement missed (MISS) or found with another speaker (SPK).

    Like the reference scorer's rows: label, gold speaker, the start of the
    content and, for SPK, the predicted speaker; optional statements are
    marked ``opt``.
    """
    from ..evaluate.realnews import LABELS

    for article in report.articles:
        wrong = [o for o in article.outcomes if o.status != "right"]
        if not wrong:
            continue
        say(f"{article.id}: {article.counts.line()}")
        for o in wrong:
            s = o.statement
            line = f"  {LABELS[o.status]:4} {'' if s.required else 'opt':3} {s.speaker:20s} "
            line += " ".join(s.content[:60].split())
            if o.status == "wrong_speaker":
                line += f"  -> {o.predicted_speaker or '(no speaker)'}"
            say(line)


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
