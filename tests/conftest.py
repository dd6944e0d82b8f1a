from __future__ import annotations

import functools
import importlib
import io
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from convtrace import language

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

# --- tools some tests drive for real -----------------------------------------------------------

#: The LaTeX packages a TeX test needs beyond an engine: what the LaTeX export loads (amsmath,
#: geometry) and lmodern, which pandoc's LaTeX template loads. pdflatex alone is no proof:
#: Debian's texlive-binaries brings it without any of them.
TEX_PACKAGES = ("lmodern.sty", "amsmath.sty", "geometry.sty")
#: What pandoc's LaTeX template loads for a Markdown document with math and tables.
PANDOC_PDF_PACKAGES = (
    *TEX_PACKAGES,
    "amssymb.sty",
    "iftex.sty",
    "xcolor.sty",
    "hyperref.sty",
    "longtable.sty",
    "booktabs.sty",
    "array.sty",
    "calc.sty",
)
ENGINE_NAMES = ("pdflatex", "lualatex", "xelatex")


@functools.cache
def tex_has(*packages: str) -> bool:
    """Whether TeX finds every one of ``packages`` (``kpsewhich`` prints a path per file)."""
    if shutil.which("kpsewhich") is None:
        return False
    try:
        done = subprocess.run(
            ["kpsewhich", *packages], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return len([line for line in done.stdout.splitlines() if line.strip()]) == len(packages)


def tex_engines(*packages: str) -> list[str]:
    """The TeX engines installed here that can compile a document loading ``packages``
    (:data:`TEX_PACKAGES` unless named)."""
    found = [engine for engine in ENGINE_NAMES if shutil.which(engine)]
    return found if found and tex_has(*(packages or TEX_PACKAGES)) else []


def tex_missing(*packages: str) -> str:
    """Why no TeX test can run here: a skip reason naming what is missing."""
    packages = packages or TEX_PACKAGES
    if not any(shutil.which(engine) for engine in ENGINE_NAMES):
        return "no TeX engine installed (pdflatex, lualatex or xelatex)"
    return f"TeX is installed, but kpsewhich does not find all of {', '.join(packages)}"


def _importable(name: str) -> bool:
    try:
        importlib.import_module(name)
    except Exception:  # an installed but broken module is missing too
        return False
    return True


#: The tools ``CONVTRACE_REQUIRE`` can name, each with the test that it is here.
TOOLS: dict[str, Callable[[], bool]] = {
    "torch": lambda: _importable("torch"),
    "pandoc": lambda: shutil.which("pandoc") is not None,
    "tmux": lambda: shutil.which("tmux") is not None,
    "chromium": lambda: any(shutil.which(n) for n in ("chromium", "chromium-browser")),
    "playwright": lambda: _importable("playwright.sync_api"),
    "tex": lambda: bool(tex_engines()),
}


def required_tools() -> list[str]:
    """What ``CONVTRACE_REQUIRE`` (comma-separated, e.g. ``torch,pandoc,tmux``) names."""
    text = os.environ.get("CONVTRACE_REQUIRE", "")
    return [name.strip().lower() for name in text.split(",") if name.strip()]


@functools.cache
def tool_present(name: str) -> bool:
    return TOOLS[name]()


def pytest_configure(config):
    unknown = [name for name in required_tools() if name not in TOOLS]
    if unknown:
        raise pytest.UsageError(
            f"CONVTRACE_REQUIRE names {', '.join(unknown)}; it knows {', '.join(TOOLS)}"
        )


def pytest_report_header(config):
    names = required_tools()
    if names:
        found = ", ".join(f"{n} ({'here' if tool_present(n) else 'MISSING'})" for n in names)
        return f"CONVTRACE_REQUIRE: {found}; a test that skips for want of one fails"
    return None


def _fail_if_a_required_tool_is_missing(report) -> None:
    """A skip whose reason names a required tool that is missing becomes a failure: CI means
    to test with it, and a green run must not hide that it could not."""
    if not report.skipped or hasattr(report, "wasxfail") or not required_tools():
        return
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    for name in required_tools():
        if name in reason.lower() and not tool_present(name):
            report.outcome = "failed"
            report.longrepr = f"CONVTRACE_REQUIRE names {name}, which is missing here: {reason}"
            return


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _fail_if_a_required_tool_is_missing(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield  # a module that skips as a whole (``pytest.importorskip("torch")``)
    _fail_if_a_required_tool_is_missing(outcome.get_result())


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch):
    """A developer's terminal settings and language must not change what the tests see: each
    test starts in English, as the environment leaves it, whatever the one before chose."""
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    for name in language.ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    with language.speaking("en"):
        yield


@pytest.fixture
def console():
    """A fixed 100-column console without colour that records what it prints."""
    return Console(width=100, file=io.StringIO(), color_system=None, record=True)


@pytest.fixture
def seed_path() -> Path:
    return SAMPLES / "seed.json"
