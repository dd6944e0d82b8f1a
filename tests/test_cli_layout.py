"""The CLI's place in the house: it imports the library, never the other way round; click stays
inside it; its modules share no private names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "convtrace"
CLI = PACKAGE / "cli"


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module as written, with leading dots; the names taken from it) for each import."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found.append((module, [alias.name for alias in node.names]))
    return found


def absolute(path: Path, module: str) -> str:
    """``..errors`` in convtrace/cli/guard.py → ``convtrace.errors``."""
    if not module.startswith("."):
        return module
    level = len(module) - len(module.lstrip("."))
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    base = parts[: len(parts) - level]
    rest = module.lstrip(".")
    return ".".join(base + ([rest] if rest else []))


CORE = sorted(p for p in PACKAGE.rglob("*.py") if CLI not in p.parents)


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_imports_neither_click_nor_the_cli(path):
    if path.name == "__main__.py":  # `python -m convtrace` starts the CLI: its one job
        return
    for module, _ in imports(path):
        name = absolute(path, module)
        assert name.split(".")[0] != "click", f"{path.name} imports click"
        assert not name.startswith("convtrace.cli"), f"{path.name} imports the CLI"


def test_guard_needs_nothing_from_the_rest_of_the_cli():
    guard = CLI / "guard.py"
    for module, _ in imports(guard):
        assert not absolute(guard, module).startswith("convtrace.cli"), module


@pytest.mark.parametrize(
    "path",
    [*sorted(CLI.glob("*.py")), PACKAGE / "api.py", ROOT / "samples" / "__init__.py"],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_private_name_is_imported_across_modules(path):
    for module, names in imports(path):
        private = [n for n in names if n.startswith("_") and n != "__version__"]
        assert private == [], f"{path.name} imports {private} from {module}"
