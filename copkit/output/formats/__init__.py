"""The output formats of the report and the newsletter, one module each, listed in FORMATS
(the --format choices, in order): `markdown` (printed, or a file with its charts beside it),
`html` (charts inline), `pdf` (Typst, charts embedded), `json` (the context itself, the data
the others render: docs/report.schema.json). What each is given and gives is in
`base` (`Document`, `Format`). `email` (the newsletter as a `.eml` file: plain text and
HTML, addressed to nobody)."""

from __future__ import annotations

from copkit.errors import UsageError
from copkit.output.formats import email, html, jsondata, markdown, pdf
from copkit.output.formats.base import Document, Format

FORMATS: tuple[Format, ...] = (markdown.FORMAT, html.FORMAT, pdf.FORMAT, jsondata.FORMAT,
                               email.FORMAT)
NAMES = tuple(f.name for f in FORMATS)

__all__ = ["FORMATS", "NAMES", "Document", "Format", "get"]


def get(name: str) -> Format:
    """The format called `name` (--format), or a usage error."""
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise UsageError(f"--format '{name}' is not one of {', '.join(NAMES)}")
