"""JSON Schema for every file kind, for editors (yaml-language-server) and other validators."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SCHEMA_DIR = ".copkit/schemas"


def schema_for(kind: str) -> dict[str, Any]:
    from copkit.model import schemas

    model = schemas.FILE_KINDS[kind][0]
    doc = model.model_json_schema()
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = f"copkit {kind}"
    return doc


def all_schemas() -> dict[str, dict[str, Any]]:
    from copkit.model import schemas

    return {kind: schema_for(kind) for kind in schemas.FILE_KINDS}


def schema_filename(kind: str) -> str:
    return f"{kind}.schema.json"


@functools.cache  # the models do not change while copkit runs; init writes every schema
def schema_text(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def modeline(kind: str, relpath: str) -> str:
    """The yaml-language-server comment that points a file of ``kind`` at its schema."""
    depth = relpath.count("/")
    prefix = "../" * depth
    return f"# yaml-language-server: $schema={prefix}{SCHEMA_DIR}/{schema_filename(kind)}"


def schema_files(out: Path) -> dict[Path, str]:
    """The JSON Schema file of every kind, by its path in ``out`` (the caller writes them)."""
    from copkit.model import schemas

    return {Path(out) / schema_filename(kind): schema_text(kind) for kind in schemas.FILE_KINDS}
