"""Helpers shared by the CLI commands."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import SaidwhatError
from ..readers import DEFAULT_MAX_BYTES
from ..render import terminal_text

F = TypeVar("F", bound=Callable[..., Any])


def fail(exc: SaidwhatError) -> click.ClickException:
    """Turn a library exception into a one-line CLI error."""
    return click.ClickException(terminal_text(str(exc)))


def say(line: str) -> None:
    """One line of human-readable output on stdout, with the control characters of
    names, titles and statements escaped (:func:`saidwhat.render.terminal_text`): the
    one escaping of every terminal line (``warn`` and ``error`` use it too)."""
    click.echo(terminal_text(line))


def warn(message: str) -> None:
    click.echo(f"warning: {terminal_text(message)}", err=True)


def report_lock_waits(store: Any) -> Any:
    """``store`` with a ``warning: [W032] waiting for the write lock ...`` line every 30 s
    while a write of this command waits for another writer (progress, not silence)."""
    from ..errors import Warnings

    def told(seconds: float) -> None:
        warn(Warnings.W032.format(url=store, seconds=seconds))

    store.on_wait = told
    return store


def error(message: str) -> None:
    """One ``error:`` line on stderr; control characters of file names or records are
    escaped, so a name with a newline cannot forge a line."""
    click.echo(f"error: {terminal_text(message)}", err=True)


#: Largest ``--max-bytes`` accepted (1 GiB): far beyond any article, small enough to read.
MAX_BYTES_CEILING = 2**30
#: Ceiling of counts such as ``--limit``/``--offset`` (database integers are 64-bit).
MAX_COUNT = 10**9

_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9}
_UNITS.update({"kib": 1024, "mib": 1024**2, "gib": 1024**3})


class ByteSize(click.ParamType):
    """A size in bytes: ``5000000``, ``5MB``, ``512k``, ``2MiB``."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(value))
        unit = m.group(2).lower() if m else ""
        if m is None or unit not in _UNITS:
            self.fail(f"{value!r} is not a size such as 5000000, 5MB or 512k", param, ctx)
        number = m.group(1)
        if len(number) > 30:
            self.fail(f"{number[:30]}... is too large (at most 1GiB)", param, ctx)
        n = int(float(number) * _UNITS[unit])
        if n < 1:
            self.fail("the size must be at least 1 byte", param, ctx)
        if n > MAX_BYTES_CEILING:
            self.fail(f"{value} is too large (at most 1GiB = {MAX_BYTES_CEILING})", param, ctx)
        return n


def count(min: int = 0, max: int = MAX_COUNT) -> click.IntRange:
    """An integer option type with bounds (a huge value is a usage error, not an OverflowError)."""
    return click.IntRange(min, max)


class IsoDate(click.ParamType):
    """A date ``YYYY-MM-DD`` (or a month ``YYYY-MM`` or year ``YYYY``), checked for real."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from ..store.filters import is_iso_date

        s = str(value).strip()
        if not is_iso_date(s):
            self.fail(f"{value!r} is not a date YYYY-MM-DD (or YYYY-MM, YYYY)", param, ctx)
        return s


_TIME_LIMIT = "saidwhat.time_limit"


def _keep_time_limit(ctx: click.Context, _param: click.Parameter, value: float | None) -> None:
    if value is not None:
        ctx.meta[_TIME_LIMIT] = value


#: ``--time-limit``: read by :func:`load_config_file` (the commands need no parameter for it).
time_limit_option = click.option(
    "--time-limit",
    type=click.FloatRange(0, 10**6),
    default=None,
    metavar="SECONDS",
    expose_value=False,
    callback=_keep_time_limit,
    help="Wall-clock seconds one article may take to analyse; an article over it fails "
    "with E060 and the others go on (0: no limit) [default: limits.time_limit, 1800].",
)


def load_config_file(path: str | None) -> dict[str, Any] | None:
    """The TOML file given with ``--config``, as overrides of the shipped defaults,
    with ``--time-limit`` (when given) as ``limits.time_limit``."""
    config: dict[str, Any] | None = None
    if path:
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover
            import tomli as tomllib
        try:
            with open(path, "rb") as fh:
                config = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise click.BadParameter(f"{path}: {exc}", param_hint="--config") from exc
    ctx = click.get_current_context(silent=True)
    limit = ctx.meta.get(_TIME_LIMIT) if ctx is not None else None
    if limit is not None:
        config = dict(config or {})
        config["limits"] = {**(config.get("limits") or {}), "time_limit": limit}
    return config


def input_options(f: F) -> F:
    """``--max-bytes``, ``--config``, ``--time-limit`` and ``--progress``, shared by
    extract and batch."""
    f = time_limit_option(f)
    f = click.option(
        "--progress/--no-progress",
        default=None,
        help="Progress line on stderr (default: when stderr is a terminal).",
    )(f)
    f = click.option(
        "--config",
        "config_path",
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="TOML file overriding the shipped settings (default_config.toml).",
    )(f)
    return click.option(
        "--max-bytes",
        type=ByteSize(),
        default=DEFAULT_MAX_BYTES,
        show_default=True,
        help="Largest article accepted, in bytes (suffixes k, MB, MiB... allowed).",
    )(f)


#: ``--model`` choices (``[model] tier``; :data:`saidwhat.semantic.stance.TIERS`).
TIERS = ("fast", "accurate")


def tier_option(f: F) -> F:
    """``--model fast|accurate``: the model tier (default: the config's ``[model] tier``)."""
    return click.option(
        "--model",
        "tier",
        type=click.Choice(TIERS),
        default=None,
        help="Model tier: fast (default) or accurate (all-mpnet-base-v2 states for the "
        "attribution spans and stance; slower, more memory; docs/evaluation.md, "
        "docs/stance.md). Default: the config's [model] tier.",
    )(f)


def with_tier(config: dict[str, Any] | None, tier: str | None) -> dict[str, Any] | None:
    """``config`` with ``[model] tier`` set by a ``--model`` option (None: as is)."""
    if tier is None:
        return config
    return {**(config or {}), "model": {**((config or {}).get("model") or {}), "tier": tier}}


def with_stance(config: dict[str, Any] | None, stance: bool | None) -> dict[str, Any] | None:
    """``config`` with ``[stance] enabled`` set by a ``--stance/--no-stance`` flag (None: as is)."""
    if stance is None:
        return config
    return {**(config or {}), "stance": {**((config or {}).get("stance") or {}), "enabled": stance}}


#: ``--format`` names shared by the read commands (each offers those that apply).
READ_FORMATS = ("table", "jsonl", "json", "csv")


def say_empty(what: str) -> None:
    """The one wording of an empty result on a terminal table: ``no <what> found``."""
    click.echo(f"no {what} found")
