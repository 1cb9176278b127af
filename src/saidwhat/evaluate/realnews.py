"""Score statements and speakers on hand-annotated real news (the realnews format).

Layout of a realnews directory (e.g. ``../shared/data/realnews-dev``)::

    DIR/<slug>.txt          the article: headline, empty line, paragraphs (UTF-8)
    DIR/<slug>.gold.json    {"source": ..., "quotes": [{"kind", "content", "cue",
                             "speaker", "aliases", "required"}, ...]}

Every gold ``content`` is an exact substring of the text; its first occurrence
is the statement's place. The definitions are those of the team's reference
scorer (``shared/tools/score_statements.py``), reproduced exactly:

* a gold statement is **found** when the predicted quote whose contents cover
  most of its characters (the first such quote on a tie) covers at least half
  of them;
* it is **right** when, in addition, that quote's speaker name equals the gold
  ``speaker`` or one of its ``aliases``, ignoring case and spacing;
* a predicted quote is **spurious** when it is not the covering quote of any
  gold statement, required or optional;
* **required** statements are the recall set: ``right`` and ``found`` count
  them only, while optional ones only keep their covering quote from counting
  as spurious.

:func:`load_realnews` reads a directory into :class:`NewsArticle` records,
:func:`score_article` / :func:`score` are pure (predictions as
:class:`~saidwhat.records.ArticleResult` or its ``to_dict()`` form),
:func:`run` extracts every text with :func:`saidwhat.api.extract_many` and
scores it, and :func:`load_gate` / :func:`check_gate` read and apply the CI gate
``realnews_gate.json`` (run by ``tests/evaluate/test_realnews_gate.py``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import Errors, EvaluationError
from ..records import ArticleResult

Status = Literal["right", "wrong_speaker", "missed"]
#: the reference scorer's row labels
LABELS: Mapping[str, str] = {"right": "OK", "wrong_speaker": "SPK", "missed": "MISS"}
GATE_PATH = Path(__file__).with_name("realnews_gate.json")
#: each real-news set's gate file: realnews-dev (the resolver's development set),
#: realnews-dev-b (other outlets and name types) and realnews-val (a validation set
#: of which only pooled figures are read)
GATES: dict[str, Path] = {
    "realnews-dev": GATE_PATH,
    "realnews-dev-b": GATE_PATH.with_name("realnews_dev_b_gate.json"),
    "realnews-val": GATE_PATH.with_name("realnews_val_gate.json"),
}
GOLD_SUFFIX = ".gold.json"


def normalize_name(name: str) -> str:
    """A speaker name as compared: lower case, runs of whitespace as one space."""
    return " ".join(name.lower().split())


@dataclass(frozen=True, slots=True)
class GoldStatement:
    """One annotated statement; ``start`` is the first occurrence of ``content``."""

    content: str
    start: int
    speaker: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    kind: str = ""
    cue: str = ""

    @property
    def end(self) -> int:
        return self.start + len(self.content)

    @property
    def names(self) -> frozenset[str]:
        """The accepted speaker names, normalized."""
        return frozenset(normalize_name(n) for n in (self.speaker, *self.aliases))


@dataclass(frozen=True, slots=True)
class NewsArticle:
    id: str
    text: str
    statements: tuple[GoldStatement, ...]
    source: str = ""


def parse_gold(data: Mapping[str, Any], text: str, *, path: str = "gold") -> NewsArticle:
    """A :class:`NewsArticle` from the parsed JSON of a gold file and its text.

    The article id is ``path``'s slug. Raises EvaluationError [E029] on a
    missing field or a ``content`` that is not in ``text``.
    """
    statements = []
    try:
        for n, q in enumerate(data["quotes"], start=1):
            content = str(q["content"])
            start = text.find(content)
            if start < 0:
                raise ValueError(f"quote {n}: content not found in the text: {content[:60]!r}")
            statements.append(
                GoldStatement(
                    content=content,
                    start=start,
                    speaker=str(q["speaker"]),
                    aliases=tuple(str(a) for a in q.get("aliases") or ()),
                    required=bool(q.get("required", True)),
                    kind=str(q.get("kind", "")),
                    cue=str(q.get("cue", "")),
                )
            )
        source = str(data.get("source", ""))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise EvaluationError(Errors.E029.format(path=path, reason=exc)) from exc
    slug = Path(path).name.removesuffix(GOLD_SUFFIX)
    return NewsArticle(id=slug, text=text, statements=tuple(statements), source=source)


def load_realnews(root: str | Path) -> list[NewsArticle]:
    """Every ``<slug>.txt`` of ``root`` with its ``<slug>.gold.json``, sorted by slug.

    Texts are read as the reference scorer reads them (UTF-8, universal
    newlines). Raises EvaluationError: [E028] the directory is missing, has no
    ``.txt`` or a text has no gold file; [E029] a gold file is malformed.
    """
    directory = Path(root)
    if not directory.is_dir():
        raise EvaluationError(Errors.E028.format(path=directory, reason="not a directory"))
    texts = sorted(directory.glob("*.txt"))
    if not texts:
        raise EvaluationError(Errors.E028.format(path=directory, reason="no <slug>.txt files"))
    articles = []
    for txt in texts:
        gold_path = txt.with_name(txt.stem + GOLD_SUFFIX)
        if not gold_path.is_file():
            reason = f"{txt.name} has no {gold_path.name}"
            raise EvaluationError(Errors.E028.format(path=directory, reason=reason))
        try:
            text = txt.read_text(encoding="utf-8")
            data = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EvaluationError(Errors.E029.format(path=gold_path, reason=exc)) from exc
        articles.append(parse_gold(data, text, path=str(gold_path)))
    return articles


def _pct(n: int, d: int) -> float:
    return 100.0 * n / d if d else 0.0


@dataclass(frozen=True, slots=True)
class Counts:
    """The reference scorer's figures: right/required, found/required, spurious/predicted."""

    required: int = 0
    found: int = 0
    right: int = 0
    spurious: int = 0
    predicted: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.required + other.required,
            self.found + other.found,
            self.right + other.right,
            self.spurious + other.spurious,
            self.predicted + other.predicted,
        )

    @property
    def right_pct(self) -> float:
        return _pct(self.right, self.required)

    @property
    def found_pct(self) -> float:
        return _pct(self.found, self.required)

    @property
    def spurious_pct(self) -> float:
        return _pct(self.spurious, self.predicted)

    def figures(self) -> dict[str, float]:
        """The three percentages, by the names used in the gate file."""
        return {
            "right_pct": self.right_pct,
            "found_pct": self.found_pct,
            "spurious_pct": self.spurious_pct,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "right": self.right,
            "found": self.found,
            "required": self.required,
            "spurious": self.spurious,
            "predicted": self.predicted,
            **{k: round(v, 2) for k, v in self.figures().items()},
        }

    def line(self) -> str:
        """The reference scorer's summary line."""
        return (
            f"right={self.right}/{self.required} found={self.found}/{self.required} "
            f"spurious={self.spurious}/{self.predicted}"
        )


@dataclass(frozen=True, slots=True)
class StatementOutcome:
    """What became of one gold statement.

    ``quote`` is the index of the covering predicted quote and
    ``predicted_speaker`` its speaker name as given (``""``: no speaker);
    both are ``None`` when the statement was missed.
    """

    statement: GoldStatement
    status: Status
    quote: int | None = None
    predicted_speaker: str | None = None

    def to_dict(self) -> dict[str, Any]:
        s = self.statement
        return {
            "status": self.status,
            "required": s.required,
            "kind": s.kind,
            "speaker": s.speaker,
            "content": s.content,
            "start": s.start,
            "quote": self.quote,
            "predicted_speaker": self.predicted_speaker,
        }


@dataclass(frozen=True, slots=True)
class ArticleScore:
    id: str
    counts: Counts
    outcomes: tuple[StatementOutcome, ...]
    #: indices of the spurious predicted quotes
    spurious: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            **self.counts.to_dict(),
            "statements": [o.to_dict() for o in self.outcomes],
            "spurious_quotes": list(self.spurious),
        }


def _predicted_quotes(predicted: ArticleResult | Mapping[str, Any]) -> list[tuple[set[int], str]]:
    """Each predicted quote's content characters and speaker name (as given)."""
    d = predicted.to_dict() if isinstance(predicted, ArticleResult) else predicted
    quotes = []
    for q in d.get("quotes") or ():
        chars: set[int] = set()
        for c in q.get("contents") or ():
            chars.update(range(int(c["start"]), int(c["end"])))
        name = (q.get("speaker") or {}).get("name") or ""
        quotes.append((chars, str(name)))
    return quotes


def _text_of(predicted: ArticleResult | Mapping[str, Any]) -> str | None:
    if isinstance(predicted, ArticleResult):
        return predicted.text
    text = predicted.get("text")
    return text if isinstance(text, str) else None


def score_article(gold: NewsArticle, predicted: ArticleResult | Mapping[str, Any]) -> ArticleScore:
    """Score one article's prediction (pure).

    Raises EvaluationError [E023] when the prediction carries a text other
    than the gold text (its offsets would point elsewhere).
    """
    text = _text_of(predicted)
    if text is not None and text != gold.text:
        raise EvaluationError(Errors.E023.format(id=gold.id))
    pq = _predicted_quotes(predicted)
    names = [normalize_name(name) for _, name in pq]
    used: set[int] = set()
    outcomes = []
    required = found = right = 0
    for g in gold.statements:
        gc = set(range(g.start, g.end))
        overlap = [len(chars & gc) for chars, _ in pq]
        best = max(range(len(pq)), key=overlap.__getitem__) if pq else -1  # first on a tie
        hit = best >= 0 and overlap[best] >= 0.5 * len(gc)
        ok = hit and names[best] in g.names
        if g.required:
            required += 1
            found += hit
            right += ok
        if hit:
            used.add(best)
            status: Status = "right" if ok else "wrong_speaker"
            outcomes.append(StatementOutcome(g, status, best, pq[best][1]))
        else:
            outcomes.append(StatementOutcome(g, "missed"))
    spurious = tuple(j for j in range(len(pq)) if j not in used)
    counts = Counts(required, found, right, len(spurious), len(pq))
    return ArticleScore(gold.id, counts, tuple(outcomes), spurious)


def score(
    gold: Sequence[NewsArticle],
    predicted: Iterable[ArticleResult | Mapping[str, Any]],
) -> list[ArticleScore]:
    """Score every gold article against the prediction with its id (pure).

    Raises EvaluationError [E022] when a gold article has no prediction, [E023]
    when a prediction's text differs from the gold text.
    """
    by_id: dict[str, ArticleResult | Mapping[str, Any]] = {}
    for p in predicted:
        by_id[p.id if isinstance(p, ArticleResult) else str(p.get("id"))] = p
    scores = []
    for article in gold:
        if article.id not in by_id:
            raise EvaluationError(Errors.E022.format(id=article.id))
        scores.append(score_article(article, by_id[article.id]))
    return scores


def pooled(scores: Iterable[ArticleScore]) -> Counts:
    """The counts summed over articles."""
    total = Counts()
    for s in scores:
        total = total + s.counts
    return total


@dataclass(frozen=True, slots=True)
class RealnewsReport:
    """The result of :func:`run`: per-article scores, pooled counts and run details."""

    directory: str
    articles: tuple[ArticleScore, ...]
    method: str = ""
    seconds: float = 0.0
    #: articles on which the engine failed (scored as if nothing was found)
    failures: tuple[Mapping[str, str], ...] = ()

    @property
    def pooled(self) -> Counts:
        return pooled(self.articles)

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus": "realnews",
            "directory": self.directory,
            "method": self.method,
            "articles": len(self.articles),
            "seconds": round(self.seconds, 2),
            "failures": [dict(f) for f in self.failures],
            "pooled": self.pooled.to_dict(),
            "per_article": [a.to_dict() for a in self.articles],
        }


def run(
    root: str | Path,
    *,
    limit: int | None = None,
    config: Mapping[str, Any] | None = None,
    n_process: int = 1,
) -> RealnewsReport:
    """Extract from every text of a realnews directory and score it.

    Args:
        root: the directory of ``<slug>.txt`` / ``<slug>.gold.json`` pairs.
        limit: score only the first ``limit`` articles (sorted by slug).
        config: engine overrides, e.g. ``{"extract": {"method": "rules"}}``.
        n_process: worker processes for :func:`saidwhat.api.extract_many`.

    An article on which the engine fails is scored as empty and listed under
    ``failures``. Raises EvaluationError (E028, E029) for a bad directory and
    ModelError when the model cannot load.
    """
    from ..api import ExtractFailure, extract_many
    from ..config import load_config

    gold = load_realnews(root)
    if limit is not None:
        gold = gold[:limit]
    started = time.perf_counter()
    outcomes = extract_many(
        ((a.text, a.id) for a in gold), n_process=n_process, config=config, on_error="return"
    )
    predicted: list[ArticleResult] = []
    failures: list[dict[str, str]] = []
    for article, out in zip(gold, outcomes, strict=True):
        if isinstance(out, ExtractFailure):
            failures.append({"id": article.id, "error": out.message})
            out = ArticleResult(id=article.id, text=article.text)
        predicted.append(out)
    seconds = time.perf_counter() - started
    return RealnewsReport(
        directory=str(root),
        articles=tuple(score(gold, predicted)),
        method=str(load_config(config)["extract"]["method"]),
        seconds=seconds,
        failures=tuple(failures),
    )


# --- the CI gate -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RealnewsGate:
    """Pinned floors (``minima``) and ceilings (``maxima``) of the pooled percentages."""

    minima: Mapping[str, float]
    maxima: Mapping[str, float]
    config: Mapping[str, Any] = field(default_factory=dict)
    measured: Mapping[str, Any] = field(default_factory=dict)


def load_gate(path: str | Path = GATE_PATH) -> RealnewsGate:
    """Read ``realnews_gate.json``. Raises EvaluationError [E024] when it is unreadable."""
    try:
        d = json.loads(Path(path).read_text("utf-8"))
        return RealnewsGate(
            minima={str(k): float(v) for k, v in d["minima"].items()},
            maxima={str(k): float(v) for k, v in d["maxima"].items()},
            config=dict(d.get("config") or {}),
            measured=dict(d.get("measured") or {}),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise EvaluationError(Errors.E024.format(path=path, reason=exc)) from exc


def check_gate(gate: RealnewsGate, report: RealnewsReport) -> list[str]:
    """Messages naming every figure past its pinned limit (empty: the gate passes)."""
    problems = [f"engine failed on article {f['id']}: {f['error']}" for f in report.failures]
    if not report.articles:
        problems.append("no article was scored")
    return problems + check_limits(gate, report.pooled.figures())


def check_limits(gate: RealnewsGate, figures: Mapping[str, float]) -> list[str]:
    """Messages naming every figure of ``figures`` past its limit in ``gate``."""
    problems: list[str] = []
    for name, minimum in sorted(gate.minima.items()):
        value = figures.get(name)
        if value is None:
            problems.append(f"{name}: not measured (unknown figure)")
        elif value < minimum:
            problems.append(f"{name} = {value:.2f} is below its minimum {minimum:.2f}")
    for name, maximum in sorted(gate.maxima.items()):
        value = figures.get(name)
        if value is None:
            problems.append(f"{name}: not measured (unknown figure)")
        elif value > maximum:
            problems.append(f"{name} = {value:.2f} is above its maximum {maximum:.2f}")
    return problems


def save_gate(gate: RealnewsGate, path: str | Path = GATE_PATH) -> None:
    d = {
        "config": dict(gate.config),
        "minima": dict(sorted(gate.minima.items())),
        "maxima": dict(sorted(gate.maxima.items())),
        "measured": dict(gate.measured),
    }
    Path(path).write_text(json.dumps(d, indent=2) + "\n", encoding="utf-8")


def repinned(
    gate: RealnewsGate, counts: Counts, *, allow_regression: bool = False
) -> tuple[RealnewsGate, list[str]]:
    """The gate with its limits at the measured percentages, rounded to whole points.

    A minimum is rounded down and a maximum up (at most 1 point of slack); a
    limit only tightens unless ``allow_regression``. Returns the new gate and a
    description of each change.
    """
    figures = counts.figures()
    changes = []
    minima, maxima = dict(gate.minima), dict(gate.maxima)
    for limits, rounded, tighter in ((minima, math.floor, max), (maxima, math.ceil, min)):
        for name, old in sorted(limits.items()):
            if name not in figures:
                continue
            new = float(rounded(figures[name]))
            if not allow_regression:
                new = tighter(new, old)
            if new != old:
                changes.append(f"{name}: {old:g} -> {new:g}")
            limits[name] = new
    measured = {"counts": counts.line(), **{k: round(v, 2) for k, v in figures.items()}}
    new_gate = RealnewsGate(minima=minima, maxima=maxima, config=gate.config, measured=measured)
    return new_gate, changes


def default_root(name: str = "realnews-dev") -> Path:
    """``$SAIDWHAT_SHARED/data/<name>``, by default ``../shared/`` beside the repo."""
    repo = Path(__file__).resolve().parents[3]
    shared = Path(os.environ.get("SAIDWHAT_SHARED", repo.parent / "shared"))
    return shared / "data" / name


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m saidwhat.evaluate.realnews [DIR] [--update]``: check or re-pin the gate."""
    parser = argparse.ArgumentParser(
        prog="python -m saidwhat.evaluate.realnews",
        description="Check the realnews gate (exit 1 past a limit) or re-pin it (--update).",
    )
    parser.add_argument("directory", nargs="?", type=Path, default=None, help="realnews dir")
    parser.add_argument(
        "--set", dest="set_name", choices=sorted(GATES), default="realnews-dev", help="which set"
    )
    parser.add_argument("--gate", type=Path, default=None, help="gate file (default: the set's)")
    parser.add_argument("--update", action="store_true", help="re-pin the limits, tighter only")
    parser.add_argument(
        "--allow-regression", action="store_true", help="with --update: limits may loosen"
    )
    parser.add_argument("-n", "--n-process", type=int, default=1)
    args = parser.parse_args(argv)
    gate_path = args.gate or GATES[args.set_name]
    gate = load_gate(gate_path)
    report = run(
        args.directory or default_root(args.set_name),
        config=gate.config or None,
        n_process=args.n_process,
    )
    figures = report.pooled.figures()
    print(f"pooled: {report.pooled.line()}")
    for name, limit in sorted(gate.minima.items()):
        print(f"{name:13} {figures.get(name, float('nan')):6.2f}  (minimum {limit:g})")
    for name, limit in sorted(gate.maxima.items()):
        print(f"{name:13} {figures.get(name, float('nan')):6.2f}  (maximum {limit:g})")
    if args.update:
        if report.failures:  # never pin figures measured around an engine crash
            for f in report.failures:
                print(f"error: engine failed on article {f['id']}: {f['error']}", file=sys.stderr)
            return 1
        new, changes = repinned(gate, report.pooled, allow_regression=args.allow_regression)
        save_gate(new, gate_path)
        print("\n".join(changes) if changes else "limits unchanged")
        return 0
    problems = check_gate(gate, report)
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    return 1 if problems else 0


__all__ = [
    "GATES",
    "GATE_PATH",
    "LABELS",
    "ArticleScore",
    "Counts",
    "GoldStatement",
    "NewsArticle",
    "RealnewsGate",
    "RealnewsReport",
    "StatementOutcome",
    "check_gate",
    "default_root",
    "load_gate",
    "load_realnews",
    "normalize_name",
    "parse_gold",
    "pooled",
    "repinned",
    "run",
    "save_gate",
    "score",
    "score_article",
]


if __name__ == "__main__":
    sys.exit(main())
