"""Helpers shared by the CLI commands."""

from __future__ import annotations

import click

from ..errors import SaidwhatError


def fail(exc: SaidwhatError) -> click.ClickException:
    """Turn a library exception into a one-line CLI error."""
    return click.ClickException(str(exc))


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def error(message: str) -> None:
    click.echo(f"error: {message}", err=True)
