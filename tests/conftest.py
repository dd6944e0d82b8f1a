from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch):
    """A developer's terminal settings must not change what the tests see."""
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def console():
    """A fixed 100-column console without colour that records what it prints."""
    return Console(width=100, file=io.StringIO(), color_system=None, record=True)


@pytest.fixture
def seed_path() -> Path:
    return SAMPLES / "seed.json"
