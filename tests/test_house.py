"""The shape of the code: imports run one way, no private names cross modules, the core knows
nothing of click, and modules and functions stay a readable size."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "convtrace"

#: Functions allowed over 60 lines, each with the reason it is kept whole.
LONG_FUNCTIONS = {
    # the frame's layout: the row and column budget of one screen, computed together
    ("step/frame.py", "lines"),
    # the public quiz API: its nineteen options documented one by one (the body is 25 lines)
    ("homework/quiz.py", "make_quiz"),
}


def modules() -> dict[str, Path]:
    """Dotted module name → file, for every module of the package."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every import in a module, lazy ones inside functions included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            module = node.module or ""
            target = f"{base}.{module}".strip(".") if node.level else module
            found.append((target, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
    return found


def graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports (``from . import x`` counts as ``x``)."""
    every = modules()
    edges: dict[str, set[str]] = {}
    for name, path in every.items():
        targets = set()
        for module, names in imports(name, path):
            if module in every:
                targets.add(module)
            targets.update(f"{module}.{n}" for n in names if f"{module}.{n}" in every)
        edges[name] = targets - {name}
    return edges


def test_no_import_circles():
    edges = graph()
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> None:
        if module in path:
            circle = [*path[path.index(module) :], module]
            # a package's __init__ importing its own modules is not a circle of the house
            if not all(m.startswith(circle[0]) or circle[0].startswith(m) for m in circle):
                raise AssertionError("import circle: " + " -> ".join(circle))
            return
        if module in done:
            return
        path.append(module)
        for target in sorted(edges[module]):
            visit(target)
        path.pop()
        done.add(module)

    for module in sorted(edges):
        visit(module)


def test_no_private_names_cross_modules():
    every = modules()
    for name, path in every.items():
        for module, names in imports(name, path):
            if not module.startswith("convtrace"):
                continue
            # gettext's ``_`` is the one underscore name meant to be imported everywhere
            private = [
                n for n in names if n.startswith("_") and not n.startswith("__") and n != "_"
            ]
            assert not private, f"{name} imports {private} from {module}"


def test_no_module_that_translates_with_underscore_assigns_it():
    """``_, h, w = shape`` in a module that says ``_("…")`` turns the next message in that
    function into "'int' object is not callable" (it happened: ``run signal --rows 0..1``).
    Such modules throw values away as ``__``."""
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        translates = any(
            isinstance(node, ast.ImportFrom) and any(a.name == "_" for a in node.names)
            for node in ast.walk(tree)
        )
        if not translates:
            continue
        assigned = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store)
        ]
        assert not assigned, f"{name} assigns _ (gettext's) on lines {assigned}: use __"


def test_no_error_message_is_an_untranslated_literal():
    """``raise InputError("…")`` says it in English whatever --lang asks: each error's message
    goes through ``_`` (or comes from a variable that did)."""
    errors = ("InputError", "BadInput", "UsageError", "BadParameter", "ClickException")
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            called = getattr(node.func, "attr", getattr(node.func, "id", ""))
            first = node.args[0]
            literal = isinstance(first, ast.JoinedStr) or (
                isinstance(first, ast.Constant) and isinstance(first.value, str)
            )
            assert not (called in errors and literal), f"{name}:{node.lineno}: {ast.unparse(first)}"


def test_the_core_knows_nothing_of_click():
    for name, path in modules().items():
        if name.startswith("convtrace.cli") or name == "convtrace.__main__":
            continue
        for module, _ in imports(name, path):
            assert module.split(".")[0] != "click", f"{name} imports click"


def test_modules_and_functions_stay_a_readable_size():
    for path in modules().values():
        source = path.read_text(encoding="utf-8")
        relative = str(path.relative_to(PACKAGE))
        assert source.count("\n") <= 500, f"{relative} has {source.count(chr(10))} lines"
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = node.end_lineno - node.lineno + 1
                if size > 60:
                    assert (relative, node.name) in LONG_FUNCTIONS, (
                        f"{relative}:{node.lineno} {node.name} has {size} lines"
                    )
    assert len(LONG_FUNCTIONS) <= 3


def test_the_top_level_holds_only_the_projects_folders_and_files():
    """What the brief's layout names, and nothing a stray run left behind (it happened: a
    crawl of exports once committed x.html and x.svg)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    top = {path.split("/")[0] for path in listed}
    expected = {".ci", ".gitignore", "README.md", "benchmarks", "convtrace", "docs"}
    expected |= {"pyproject.toml", "samples", "scripts", "setup.py", "tests"}
    assert top <= expected, sorted(top - expected)
