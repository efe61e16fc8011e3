"""JSON: the document's data itself, the template context every other format renders
(`copkit report --format json`), for a program to read: a site, a dashboard, `copkit export`.
Its structure is described by docs/report.schema.json (`schema`, `schema_version` say which).
No chart is drawn: each chart is its series (`charts[].data`). Printed when no --out is
given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from copkit.output.formats.base import Document, Files, Format


def dumps(context: dict[str, Any]) -> str:
    """The context as JSON text: UTF-8 as written (names keep their accents), keys in the
    context's order, two-space indent, the characters JSON leaves raw (DEL, C1 controls,
    bidirectional overrides) escaped."""
    import json

    from copkit.text import printable_json

    return printable_json(json.dumps(context, ensure_ascii=False, indent=2)) + "\n"


def files(doc: Document) -> tuple[Files, list[str]]:
    return [(doc.out, dumps(doc.context))], []


def printed(root: Path | None, kind: str, context: dict[str, Any]) -> tuple[str, list[str]]:
    return dumps(context), []


FORMAT = Format("json", files, printed=printed, draws_charts=False)
