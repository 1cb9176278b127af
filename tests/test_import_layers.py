"""The import graph of saidwhat's modules, read from the source (no import-linter):
the extraction modules import only downward (issue 9: ``extract.neural`` and
``extract.tagger`` imported each other)."""

from __future__ import annotations

import ast
from pathlib import Path

import saidwhat

SRC = Path(saidwhat.__file__).parent


def _module_name(path: Path) -> str:
    parts = ["saidwhat", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Each saidwhat module's imports of other saidwhat modules, at any depth of
    the code (imports inside functions count: they are cycles deferred)."""
    modules = {_module_name(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    mod = ".".join(base + ([node.module] if node.module else []))
                else:
                    mod = node.module or ""
                # "from . import x" / "from .pkg import mod" name submodules
                targets = [mod] + [f"{mod}.{a.name}" for a in node.names]
            else:
                continue
            deps.update(t for t in targets if t in modules and t != name)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]], within: str) -> list[list[str]]:
    """The import cycles among the modules under ``within`` (one per strongly
    connected component of more than one module), by Tarjan's algorithm."""
    nodes = sorted(n for n in graph if n == within or n.startswith(within + "."))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in nodes:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in nodes:
        if v not in index:
            visit(v)
    return out


def test_import_graph_reads_relative_imports() -> None:
    graph = import_graph()
    assert "saidwhat.extract.bio" in graph["saidwhat.extract.neural"]
    assert "saidwhat.extract.neural" in graph["saidwhat.extract.tagger"]


def test_cycles_finds_a_cycle_and_its_members() -> None:
    graph = {"p.a": {"p.b"}, "p.b": {"p.c"}, "p.c": {"p.a"}, "p.d": {"p.a"}, "q.x": {"p.d"}}
    assert cycles(graph, "p") == [["p.a", "p.b", "p.c"]]
    assert cycles({"p.a": {"p.b"}, "p.b": set()}, "p") == []


def test_extract_modules_import_only_downward() -> None:
    assert cycles(import_graph(), "saidwhat.extract") == []
