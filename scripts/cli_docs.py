"""Regenerate the command reference in docs/cli.md from the commands' own help.

    .venv/bin/python scripts/cli_docs.py          # rewrite docs/cli.md in place
    .venv/bin/python scripts/cli_docs.py --check  # exit 1 if it is out of date

Only the part between the BEGIN/END markers is generated; the text above it
is written by hand.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import click

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
BEGIN = "<!-- BEGIN GENERATED: scripts/cli_docs.py -->"
END = "<!-- END GENERATED -->"
WIDTH = 100


def commands(
    group: click.Command, path: tuple[str, ...] = ("saidwhat",), parent: click.Context | None = None
) -> Iterator[tuple[tuple[str, ...], click.Command, click.Context]]:
    """Every command under ``group`` (depth first, by name) with its full name and context."""
    ctx = click.Context(group, info_name=path[-1], parent=parent, max_content_width=WIDTH)
    ctx.terminal_width = WIDTH
    yield path, group, ctx
    if isinstance(group, click.Group):
        for name in sorted(group.list_commands(ctx)):
            cmd = group.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                yield from commands(cmd, (*path, name), ctx)


def render() -> str:
    """The generated reference: one section per command with its ``--help`` text."""
    from saidwhat.cli import main

    parts = [BEGIN, ""]
    for path, cmd, ctx in commands(main):
        if len(path) == 1:
            continue
        parts.append(f"## {' '.join(path)}")
        parts.append("")
        parts.append("```text")
        parts.append(cmd.get_help(ctx).rstrip())
        parts.append("```")
        parts.append("")
    parts.append(END)
    return "\n".join(parts) + "\n"


def updated(doc: str) -> str:
    """``doc`` with its generated part replaced (appended if it has none)."""
    generated = render()
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        return head + generated + (("\n" + tail) if tail else "")
    return doc.rstrip("\n") + "\n\n" + generated


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, do not write")
    args = parser.parse_args(argv)
    doc = DOC.read_text("utf-8") if DOC.exists() else "# Command line\n"
    new = updated(doc)
    if args.check:
        if new != doc:
            print(f"{DOC} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(new, "utf-8")
    print(f"wrote {DOC}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
