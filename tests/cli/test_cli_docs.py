"""docs/cli.md documents every command and every option (generated from --help)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import click
import pytest

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "cli.md"
FIX = "regenerate it with: .venv/bin/python scripts/cli_docs.py"


def _cli_docs():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("cli_docs", REPO / "scripts" / "cli_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sections(doc: str) -> dict[str, str]:
    parts = re.split(r"^## (saidwhat [^\n]+)$", doc, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def _all_commands() -> list[tuple[str, click.Command]]:
    from saidwhat.cli import main

    return [(" ".join(p), cmd) for p, cmd, _ in _cli_docs().commands(main) if len(p) > 1]


@pytest.mark.parametrize(("name", "cmd"), _all_commands(), ids=lambda v: str(v))
def test_every_command_and_option_is_documented(name: str, cmd: click.Command) -> None:
    sections = _sections(DOC.read_text("utf-8"))
    assert name in sections, f"{name} is missing from docs/cli.md; {FIX}"
    text = sections[name]
    for param in cmd.params:
        if isinstance(param, click.Option) and not param.hidden:
            for flag in [*param.opts, *param.secondary_opts]:
                assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text), (
                    f"{name}: option {flag} is not documented in docs/cli.md; {FIX}"
                )
        elif isinstance(param, click.Argument):
            assert param.make_metavar(click.Context(cmd)).split(".")[0] in text


def test_generator_keeps_the_hand_written_part_and_is_idempotent() -> None:
    cli_docs = _cli_docs()
    doc = DOC.read_text("utf-8")
    once = cli_docs.updated(doc)
    assert once.split(cli_docs.BEGIN)[0] == doc.split(cli_docs.BEGIN)[0]
    assert cli_docs.updated(once) == once
    assert "## saidwhat extract" in once
