"""The import graph of saidwhat's modules, read from the source (no import-linter):
every module imports only its own layer or the layers below it (``LAYERS``), and
the extraction modules have no cycle (issue 9: ``extract.neural`` and
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
                # "from . import x" / "from .pkg import mod" name submodules; the
                # package itself counts only for a name that is no submodule
                subs = [f"{mod}.{a.name}" for a in node.names]
                targets = subs + ([mod] if any(t not in modules for t in subs) else [])
            else:
                continue
            deps.update(t for t in targets if t in modules and t != name)
        graph[name] = deps
    return graph


#: The layers of the package, bottom first: a module imports only modules of its own
#: layer or of a layer listed before it. A module belongs to the layer of the longest
#: prefix that names it (``saidwhat.extract.stages`` sits above ``saidwhat.semantic``,
#: the rest of ``saidwhat.extract`` below it).
LAYERS: list[list[str]] = [
    # foundations: messages, defaults, ids, name rules, the output records
    ["saidwhat.about", "saidwhat.errors", "saidwhat.config", "saidwhat.ids"],
    ["saidwhat.names", "saidwhat.records", "saidwhat.validate"],
    ["saidwhat.runtime", "saidwhat.readers"],
    ["saidwhat.extract"],
    ["saidwhat.semantic"],
    ["saidwhat.extract.stages"],
    ["saidwhat.engine"],
    ["saidwhat.api", "saidwhat.pipeline", "saidwhat.render"],
    ["saidwhat.batch"],
    ["saidwhat.store"],
    ["saidwhat.evaluate"],
    ["saidwhat.web"],
    # entry points
    ["saidwhat.cli", "saidwhat.train", "saidwhat.batch.__main__"],
    ["saidwhat"],  # the package: the public API
]


def layer_of(module: str) -> int:
    """The index in ``LAYERS`` of the longest prefix naming ``module``."""
    best, level = -1, -1
    for i, layer in enumerate(LAYERS):
        for prefix in layer:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, level = len(prefix), i
    if level < 0:
        raise KeyError(f"{module} is in no layer of LAYERS")
    return level


def upward_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(importer, imported) pairs where a module imports a layer above its own."""
    return sorted(
        (name, dep)
        for name, deps in graph.items()
        for dep in deps
        if layer_of(dep) > layer_of(name)
    )


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


def test_layer_of_takes_the_longest_prefix() -> None:
    assert layer_of("saidwhat.extract.stages.stance") > layer_of("saidwhat.semantic.stance")
    assert layer_of("saidwhat.semantic.stance") > layer_of("saidwhat.extract.nplstm")
    assert layer_of("saidwhat") > layer_of("saidwhat.cli._common")


def test_every_module_has_a_layer_and_imports_only_downward() -> None:
    graph = import_graph()
    for name in graph:
        layer_of(name)  # raises for a module no layer names
    assert upward_imports(graph) == []


def test_upward_imports_finds_an_import_of_a_higher_layer() -> None:
    graph = {"saidwhat.store.write": {"saidwhat.web.app"}, "saidwhat.web.app": set()}
    assert upward_imports(graph) == [("saidwhat.store.write", "saidwhat.web.app")]


def test_the_package_has_no_import_cycle() -> None:
    # the store imported itself back: db -> write -> claims/copies -> db (issue 19.12)
    assert cycles(import_graph(), "saidwhat") == []
