"""`copkit schema`: the JSON Schema of every file kind."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from copkit.cli.common import echo


def schema(
    out: Annotated[Path | None, typer.Option(
        "--out", help="Write one <kind>.schema.json per file kind into this folder.",
        file_okay=False)] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", help="Print only this kind (charter, members, meeting, ...).")] = None,
) -> None:
    """Print or write the JSON Schema of every file kind.

    For editors (yaml-language-server) and other validators.

    Example: copkit schema --out .copkit/schemas
    """
    import json

    from copkit.edit.store import write_text
    from copkit.errors import UsageError
    from copkit.model.jsonschemas import all_schemas, schema_files, schema_for
    from copkit.model.schemas import FILE_KINDS

    if kind is not None and kind not in FILE_KINDS:
        raise UsageError(f"unknown file kind '{kind}'", "kinds: " + ", ".join(FILE_KINDS))
    if out is not None:
        for path, text in schema_files(out).items():
            write_text(path, text)
            echo(str(path))
        return
    doc = schema_for(kind) if kind else all_schemas()
    echo(json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True))


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
