"""Where copkit's shipped files are: templates and example CoPs.

In a wheel they are package data (``copkit/_templates``, ``copkit/_examples``); in a source
checkout they are the top-level ``templates/`` and ``examples/`` folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(packaged: str, source: str) -> Path:
    inside = _PACKAGE / packaged
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / source


def templates_dir() -> Path:
    return _find("_templates", "templates")


def examples_dir() -> Path:
    return _find("_examples", "examples")


def example_names() -> list[str]:
    base = examples_dir()
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / "charter.yaml").is_file())
