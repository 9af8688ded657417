"""Contracts that keep the layers apart (the rules are in ARCHITECTURE: who may import whom,
who opens transactions), checked over the source so a new file cannot slip past them."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# folder -> modules it must never import (at any depth, type-only imports included)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "ui": ("counter_app.data", "sqlalchemy", "counter_app.printing"),
    "counter_app/printing": ("counter_app.services", "counter_app.data", "counter_app.cli", "ui"),
    "counter_app/documents": ("counter_app.services", "counter_app.data", "counter_app.printing", "ui"),
    "counter_app/domain": ("counter_app.data", "counter_app.services", "counter_app.printing", "counter_app.cli",
                           "counter_app.bootstrap", "ui", "sqlalchemy", "PySide6"),
    "counter_app/services": ("counter_app.cli", "counter_app.bootstrap", "ui", "PySide6"),
    "counter_app/data": ("counter_app.services", "counter_app.cli", "counter_app.bootstrap", "ui", "PySide6"),
}


def _sources(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts)


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module a file imports, wherever the import stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return found


def _hits(names: set[str], banned: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(n == b or n.startswith(b + ".") for b in banned))


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_layers_import_only_downwards(folder: str) -> None:
    wrong = [f"{p.relative_to(ROOT)}: {', '.join(_hits(imported(p), FORBIDDEN[folder]))}"
             for p in _sources(folder) if _hits(imported(p), FORBIDDEN[folder])]
    assert wrong == []


def test_only_the_services_commit() -> None:
    """A front-end never decides what one transaction is: no commit outside the services."""
    pattern = re.compile(r"\.commit\(\)")
    allowed = {ROOT / "counter_app" / "data" / "uow.py"}  # its docstring shows how services commit
    wrong = []
    for folder in ("ui", "counter_app"):
        for p in _sources(folder):
            if p in allowed or (ROOT / "counter_app" / "services") in p.parents:
                continue
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    wrong.append(f"{p.relative_to(ROOT)}:{n}")
    assert wrong == []


def test_windows_reach_the_database_only_through_the_session_call() -> None:
    wrong = []
    for p in _sources("ui"):
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\buow\b", line) and p.name != "session.py":
                wrong.append(f"{p.relative_to(ROOT)}:{n}: {line.strip()}")
    assert wrong == []


def _graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in _sources("counter_app")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {m for m in imported(path) if m in modules and m != name and not name.startswith(m + ".")}
    return graph


def import_cycles() -> list[list[str]]:
    """Strongly connected groups of core modules (Tarjan), largest first."""
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in graph:
        if v not in index:
            visit(v)
    return sorted(groups, key=len, reverse=True)


def test_no_import_circle_in_the_core() -> None:
    assert import_cycles() == []


if __name__ == "__main__":  # `python -m tests.test_boundaries`: the circles and the contract breaks
    for group in import_cycles():
        print("circle:", " -> ".join(group))
    for folder, banned in FORBIDDEN.items():
        for p in _sources(folder):
            if _hits(imported(p), banned):
                print(f"{p.relative_to(ROOT)} imports {', '.join(_hits(imported(p), banned))}")
