"""Markdown: printed when no --out is given (without its charts), else a `.md` file with each
chart in an SVG file beside it, `<out-stem>-<chart>.svg`, that the Markdown links to."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from copkit.output.formats.base import Document, Files, Format, with_charts


def chart_file(out: Path, chart: str) -> Path:
    """The file of a chart beside the Markdown document `out`."""
    return out.with_name(f"{out.stem}-{chart}.svg")


def beside(out: Path, charts: Sequence[str]) -> list[Path]:
    return [chart_file(out, name) for name in charts]


def files(doc: Document) -> tuple[Files, list[str]]:
    from copkit.output import render

    context = with_charts(doc.context, lambda c: {"file": chart_file(doc.out, c["name"]).name})
    text = render.render(doc.root, doc.kind, "md", context)
    charts: Files = [(chart_file(doc.out, c["name"]), doc.svgs[c["name"]])
                     for c in doc.context.get("charts", [])]
    return [*charts, (doc.out, text)], []


def printed(root: Path | None, kind: str, context: dict[str, Any]) -> tuple[str, list[str]]:
    from copkit.output import render

    text = render.render(root, kind, "md", with_charts(context, lambda c: {"file": None}))
    if context.get("charts"):
        return text, ["charts are written only with --out FILE (as .svg files beside it)"]
    return text, []


FORMAT = Format("md", files, beside, printed)
