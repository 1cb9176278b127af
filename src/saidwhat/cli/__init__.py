"""The ``saidwhat`` command line: a thin click layer over the library.

Each module in this package defines ``COMMANDS``, a list of click commands;
they are discovered here, so adding a command means adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil

import click

from ..about import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="saidwhat")
def main() -> None:
    """saidwhat: who said what, about whom, where."""


def _register() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            main.add_command(command)


_register()

__all__ = ["main"]
