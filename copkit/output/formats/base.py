"""What every output format is given and gives: a `Document` to write, and a `Format`'s
functions (see `copkit.output.formats`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Files = list[tuple[Path, str | bytes]]  # each file to write and its content


@dataclass(frozen=True)
class Document:
    """One document to write as a file: its kind and template context, where it goes, and
    its charts drawn (SVG by chart name, for each chart of ``context["charts"]``)."""
    root: Path | None         # the CoP folder: its own templates/<kind>/ come first
    kind: str                 # "report" or "newsletter" (copkit.output.render.KINDS)
    context: dict[str, Any]
    out: Path
    svgs: dict[str, str] = field(default_factory=dict)
    font: str | None = None   # PDF only: --font


def nothing_beside(out: Path, charts: Sequence[str]) -> list[Path]:
    """A format that writes one file: its charts, if any, are inside it."""
    return []


@dataclass(frozen=True)
class Format:
    """An output format: its --format name and what it writes.

    `files(document)`: the files to write (the document and any file beside it) and the
    warnings for the user. `beside(out, charts)`: the files written beside `out` for those
    charts (refused before anything is drawn when they exist). `printed(root, kind,
    context)`: the document as text for the screen (and warnings), for a format that is
    printed when no --out is given; None for the others. `draws_charts`: whether the
    document needs its charts drawn (SVG); the JSON data does not."""
    name: str
    files: Callable[[Document], tuple[Files, list[str]]]
    beside: Callable[[Path, Sequence[str]], list[Path]] = nothing_beside
    printed: Callable[[Path | None, str, dict[str, Any]], tuple[str, list[str]]] | None = None
    draws_charts: bool = True


def with_charts(context: dict[str, Any],
                chart: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    """`context` with what the format adds to each of its charts (`chart(c)`: the keys to
    add); a context with no charts (the newsletter's) as it is."""
    if "charts" not in context:
        return context
    return dict(context, charts=[dict(c, **chart(c)) for c in context["charts"]])
