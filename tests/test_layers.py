"""The layer contract (DESIGN.md "Layout"): only cli/ and tui/ load a terminal library, the
layers import one way, and no two modules import each other."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import genai_design_cli

PACKAGE = Path(genai_design_cli.__file__).parent
TERMINAL = {"typer", "rich", "questionary", "prompt_toolkit", "click"}
FRONT = {"cli", "tui", "__main__"}

# Who may import whom: data flows cli -> tui/render -> design -> interview/coach/calc -> model/io.
LAYER_RANK = {
    "cli": 5,
    "__main__": 6,
    "tui": 4,
    "render": 3,
    "design": 2,
    "interview": 1,
    "coach": 1,
    "calc": 1,
    "model": 0,
    "io": 0,
    "errors": -1,
}
# Within the bottom layer, model and io may use each other's leaves (the store reads sessions,
# framework loading reads TOML), and calc reads io.paths for the user's catalog; the module
# cycle test below keeps that from turning into a loop.
SAME_RANK_OK = {("model", "io"), ("io", "model"), ("coach", "calc"), ("interview", "calc")}


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(PACKAGE)], "genai_design_cli."):
        if info.name.split(".")[1] not in FRONT:
            names.append(info.name)
    return sorted(names)


def test_core_modules_load_no_terminal_library_in_a_fresh_interpreter():
    """Each module outside cli/ and tui/, imported alone, leaves typer, rich, questionary,
    prompt_toolkit and click unloaded: one interpreter per module, as a user's would be."""
    code = (
        "import importlib, sys, json\n"
        f"terminal = set({sorted(TERMINAL)!r})\n"
        "out = {}\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "    out[name] = sorted({m.split('.')[0] for m in sys.modules} & terminal)\n"
        "print(json.dumps(out))\n"
    )
    leaks = {}
    for name in core_modules():
        result = subprocess.run([sys.executable, "-c", code, name], capture_output=True, text=True)
        assert result.returncode == 0, f"importing {name} failed:\n{result.stderr}"
        loaded = json.loads(result.stdout)[name]
        if loaded:
            leaks[name] = loaded
    assert leaks == {}, f"core modules that load a terminal library: {leaks}"


def _imports(path: Path, module: str) -> set[str]:
    """The genai_design_cli modules `path` imports, at any depth of the file (lazy imports
    count: a cycle through a function-level import is still a cycle)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("genai_design_cli"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            if not base.startswith("genai_design_cli"):
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _is_module(candidate) else base)
    return {name for name in found if name != module}


def _is_module(name: str) -> bool:
    rel = Path(*name.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        module = ".".join(["genai_design_cli", *parts])
        graph[module] = _imports(path, module)
    return graph


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_layers_import_one_way():
    wrong = []
    for module, imported in import_graph().items():
        here = _layer(module)
        if here not in LAYER_RANK:
            continue
        for other in imported:
            there = _layer(other)
            if there not in LAYER_RANK or there == here or (here, there) in SAME_RANK_OK:
                continue
            if LAYER_RANK[there] >= LAYER_RANK[here]:
                wrong.append(f"{module} imports {other}")
    assert wrong == [], "imports against the layer order:\n" + "\n".join(sorted(wrong))


def test_no_import_cycles():
    graph = import_graph()
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt) :] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize("module", ["genai_design_cli.calc.cost", "genai_design_cli.model.case"])
def test_the_graph_sees_lazy_imports(module):
    """The cycle test is only as good as its graph: it must see function-level imports."""
    graph = import_graph()
    assert graph[module], f"{module} should import something of ours"
