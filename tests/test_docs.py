"""Docs that stay true: docs/architecture.md against the package, docs/benchmarks.md against
the registered benches.

Nothing here is a hard-coded list: the modules come from src/newsblotter, the extractor
versions from the constants in the code (read with ast, nothing imported), and the benches
from bench/run_all.py, so a new module, a version bump or a new bench only asks for the doc
to be updated, not this file.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "newsblotter"
ARCHITECTURE = REPO / "docs" / "architecture.md"

# "incidents/9", "article.text/1": the versioned extractor names of Provenance.extractor
VERSION_TEXT = re.compile(r"^[a-z][a-z_.]*/\d+$")
VERSION_NAMES = ("VERSION", "EXTRACTOR")


def _code_spans(text: str) -> set[str]:
    return set(re.findall(r"`([^`\n]+)`", text))


def stage_names() -> set[str]:
    """The packages and top-level modules of newsblotter (what a reader looks a stage up by)."""
    names = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    names |= {p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("__")}
    return names


def extractor_versions() -> dict[str, Path]:
    """Every module-level ``VERSION``/``EXTRACTOR`` string constant that names a version."""
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in tree.body:
            if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Constant):
                continue
            value = node.value.value
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            named = any(n in VERSION_NAMES for n in names)
            if named and isinstance(value, str) and VERSION_TEXT.match(value):
                found[value] = path.relative_to(REPO)
    return found


@cache
def _top_level_names(path: Path) -> dict[str, set[str]]:
    """Names a module defines or imports at top level; for classes, their members."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            out[node.name] = set()
        elif isinstance(node, ast.ClassDef):
            members: set[str] = set()
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    members.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    members.add(item.target.id)
                elif isinstance(item, ast.Assign):
                    members |= {t.id for t in item.targets if isinstance(t, ast.Name)}
            out[node.name] = members
        elif isinstance(node, ast.Assign):
            out.update({t.id: set() for t in node.targets if isinstance(t, ast.Name)})
            if "__all__" in out and isinstance(node.value, ast.List | ast.Tuple):
                # the public names, some served lazily by a module __getattr__
                items = [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
                out.update({str(item): set() for item in items})
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = set()
        elif isinstance(node, ast.ImportFrom | ast.Import):
            out.update({(a.asname or a.name).split(".")[0]: set() for a in node.names})
    return out


def _module_file(parts: list[str], rooted: bool) -> tuple[Path, list[str]] | None:
    """The module the longest prefix of ``parts`` names, and the parts left over; ``rooted``:
    the parts start at ``newsblotter`` itself."""
    here = PACKAGE
    for n, part in enumerate(parts):
        if (here / part / "__init__.py").is_file():
            here = here / part
            continue
        if (here / f"{part}.py").is_file():
            return here / f"{part}.py", parts[n + 1 :]
        return (here / "__init__.py", parts[n:]) if n or rooted else None
    return here / "__init__.py", []


def unresolved(token: str) -> str | None:
    """Why ``token`` (a code span naming something of the package) does not hold; None when
    it holds or does not name part of the package."""
    if token.startswith(("docs/", "bench/", "tests/", "corpus/", "src/")):
        return None if (REPO / token.split()[0]).exists() else "no such file"
    rooted = token.startswith("newsblotter.")
    name = re.sub(r"\(.*\)$", "", token.removeprefix("newsblotter."))  # a call: its callable
    if not re.fullmatch(r"[a-z_][A-Za-z0-9_]*([./][A-Za-z_][A-Za-z0-9_.]*)*/?", name):
        return None
    if any(segment[:1].isupper() for segment in name.split("/")[1:]):
        return None  # a pattern ("incidents/N/headline"), not a path
    if not rooted and re.split(r"[./]", name)[0] not in stage_names():
        return None  # a record field, a column, a method of something named before
    if "/" in name and "." in name.rsplit("/", 1)[-1]:
        tail = name.rsplit("/", 1)[-1]
        if tail.endswith((".py", ".json", ".csv", ".toml", ".txt", ".html")):
            path = PACKAGE / name
            # a module that became a package of the same name still answers to its old path
            if path.exists() or path.with_suffix("").is_dir():
                return None
            return "no such file"
    if "/" in name and (PACKAGE / name.rstrip("/")).exists():
        return None
    parts = [p for p in re.split(r"[./]", name.rstrip("/")) if p]
    found = _module_file(parts, rooted)
    if found is None:
        return "no such module"
    path, rest = found
    if not rest:
        return None
    names = _top_level_names(path)
    if rest[0] not in names:
        return f"{path.relative_to(REPO)} defines no {rest[0]}"
    if len(rest) > 1 and names[rest[0]] and rest[1] not in names[rest[0]]:
        return f"{rest[0]} in {path.relative_to(REPO)} has no {rest[1]}"
    return None


def test_every_module_named_in_the_architecture_exists() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    spans = {s for s in _code_spans(text) if not VERSION_TEXT.match(s)}
    broken = {s: why for s in spans if (why := unresolved(s)) is not None}
    assert broken == {}, f"docs/architecture.md names what the code lacks: {broken}"


def test_every_stage_is_named_in_the_architecture() -> None:
    spans = _code_spans(ARCHITECTURE.read_text(encoding="utf-8"))
    named = {re.split(r"[./]", s.removeprefix("newsblotter."))[0] for s in spans}
    named |= {s.split("/")[2].removesuffix(".py") for s in spans if s.startswith("src/newsblott")}
    missing = stage_names() - named
    assert missing == set(), f"docs/architecture.md does not name {sorted(missing)}"


def test_architecture_names_the_current_extractor_versions() -> None:
    versions = extractor_versions()
    assert {"incidents", "statements", "nlp"} <= {v.split("/")[0] for v in versions}
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = {s for s in _code_spans(text) if VERSION_TEXT.match(s)}
    stale = {v for v in named if v not in versions}
    missing = {v: str(p) for v, p in versions.items() if v not in named}
    assert (stale, missing) == (set(), {}), (
        f"docs/architecture.md names versions the code no longer has: {sorted(stale)}; "
        f"and not the code's: {missing}"
    )


def test_resolver_rejects_what_does_not_exist() -> None:
    """The checks above would pass vacuously if the resolver accepted anything."""
    assert unresolved("nlp/truecase.py") is None
    assert unresolved("export/formats.render(fmt, db)") is None
    assert unresolved("newsblotter.pipeline.analyze_text(text)") is None
    assert unresolved("nlp/no_such_module.py") == "no such file"
    assert unresolved("engine.no_such_module") is not None
    assert unresolved("config.NoSuchThing") is not None
    assert unresolved("docs/no-such-page.md") == "no such file"
    assert unresolved("Incident.facts") is None  # a record field, not a module path


def _registered_benches() -> list[str]:
    name = "bench_run_all"
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / "run_all.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return [bench.name for bench in module.BENCHES]


def test_benchmarks_doc_holds_exactly_the_registered_benches() -> None:
    text = (REPO / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert sections == _registered_benches()
    assert not re.search(r"^#{3,} ", text, flags=re.MULTILINE), "a hand-written subsection"
