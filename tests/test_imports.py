"""The package's import graph: no circle among newsblotter modules (imports inside functions
included, since they run too; imports for type checking only left out), the engines never
import the pipeline that drives them, and an import inside a function says why it is there."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "newsblotter"


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


Function = ast.FunctionDef | ast.AsyncFunctionDef


def imports(
    path: Path, *, type_checking: bool = False
) -> Iterator[tuple[ast.Import | ast.ImportFrom, Function | None]]:
    """Every import statement of a module, with the function it sits in (if any)."""

    def walk(nodes: list[Any], function: Function | None) -> Iterator[tuple[Any, Any]]:
        for node in nodes:
            if _type_checking(node) and not type_checking:
                continue
            if isinstance(node, ast.Import | ast.ImportFrom):
                yield node, function
                continue
            inner = node if isinstance(node, Function) and function is None else function
            for name in ("body", "orelse", "finalbody", "handlers"):
                children = getattr(node, name, None)
                if isinstance(children, list):
                    yield from walk(children, inner)

    yield from walk(ast.parse(path.read_text(encoding="utf-8")).body, None)


def targets(name: str, path: Path, node: ast.Import | ast.ImportFrom, known: set[str]) -> set[str]:
    """The newsblotter modules an import statement loads (a name imported from a package is
    the submodule of that name when there is one)."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in known}
    base = node.module or ""
    if node.level:
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, base] if base else package)
    found = set()
    for alias in node.names:
        full = f"{base}.{alias.name}"
        found.add(full if full in known else base)
    return found & known


def graph(*, type_checking: bool = False) -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {
        name: {
            target
            for node, _ in imports(path, type_checking=type_checking)
            for target in targets(name, path, node, known)
            if target != name
        }
        for name, path in found.items()
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return out


def test_no_import_circle_among_newsblotter_modules() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_circle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(edges) == [["a", "b", "c"]]


def test_the_engines_never_import_the_pipeline() -> None:
    edges = graph(type_checking=True)  # not even for a type annotation
    engines = {name: deps for name, deps in edges.items() if name.startswith("newsblotter.engine")}
    assert len(engines) >= 5
    assert {name for name, deps in engines.items() if "newsblotter.pipeline" in deps} == set()


def _explained(lines: list[str], node: ast.Import | ast.ImportFrom, function: Function) -> bool:
    """A comment on the import's line, on the line above its group of imports, or opening
    the function's body (one reason for all its imports)."""
    row = node.lineno - 1
    if "#" in lines[row]:
        return True
    while row > 0 and lines[row - 1].strip().startswith(("import ", "from ")):
        row -= 1
        if "#" in lines[row]:
            return True
    if row > 0 and lines[row - 1].strip().startswith("#"):
        return True
    first = function.body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and len(function.body) > 1
    ):
        first = function.body[1]  # after the docstring
    opening = lines[first.lineno - 2].strip() if first.lineno >= 2 else ""
    return opening.startswith("#")


def test_an_import_inside_a_function_says_why() -> None:
    unexplained = []
    for path in modules().values():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node, function in imports(path):
            if function is not None and not _explained(lines, node, function):
                unexplained.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert unexplained == []
