"""Packaging beyond pyproject.toml: the top-level ``samples/`` folder ships as convtrace.samples.

pyproject.toml can either find the packages or list them; the samples need a folder mapping
that finding cannot see, and a fixed list would miss every new subpackage. So the packages are
found here and the samples added to them.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["convtrace", "convtrace.*"]), "convtrace.samples"],
    package_dir={"convtrace.samples": "samples"},
    package_data={"convtrace.samples": ["*.json", "*.csv", "*.png"]},
)
