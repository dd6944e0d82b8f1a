"""The version, in one place: pyproject.toml reads it from here (``[tool.setuptools.dynamic]``).

Kept in a module of its own so ``convtrace --version`` answers without importlib.metadata.
"""

__version__ = "0.1.0"
