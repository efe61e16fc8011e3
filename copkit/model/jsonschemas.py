"""JSON Schema for every file kind, for editors (yaml-language-server) and other validators."""

from __future__ import annotations

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


def schema_text(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def modeline(kind: str, relpath: str) -> str:
    """The yaml-language-server comment that points a file of ``kind`` at its schema."""
    depth = relpath.count("/")
    prefix = "../" * depth
    return f"# yaml-language-server: $schema={prefix}{SCHEMA_DIR}/{schema_filename(kind)}"


def write_schemas(out: Path) -> list[Path]:
    from copkit.yaml.store import write_text

    written = []
    for kind in all_schemas():
        path = Path(out) / schema_filename(kind)
        write_text(path, schema_text(kind))
        written.append(path)
    return written
