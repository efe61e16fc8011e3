"""Validation as data: every problem found in a CoP is a :class:`Finding` with a position.

A finding carries a stable ``code`` (``unknown-field``, ``bad-reference``...), the file it is
about (relative to the CoP folder), a 1-based line and column, a message and a hint. The same
list renders as text, JSON or GitHub workflow annotations (see ``copkit.cli.check``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from copkit.text import printable
from copkit.yaml.read import REFUSALS, FileRefused

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    path: str = ""
    line: int = 0
    column: int = 0
    hint: str | None = None
    severity: Severity = "error"

    def __post_init__(self) -> None:
        # a message quotes what a file holds (an id, a key, a file name): ESC, overrides and
        # invisible characters are shown escaped, in text, JSON and GitHub output alike (a
        # path keeps no line break either)
        for name in ("path", "message", "hint"):
            value = getattr(self, name)
            if value and not value.isprintable():
                escaped = printable(value, name != "path", invisible=True)
                object.__setattr__(self, name, escaped)

    @property
    def location(self) -> str:
        if not self.path:
            return ""
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path

    def render(self, prefix: str = "") -> str:
        where = self.location
        if prefix and where:
            where = join_display(prefix, where)
        head = f"{where}: " if where else ""
        text = f"{head}{self.severity}[{self.code}] {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def join_display(prefix: str, relpath: str) -> str:
    """Join the CoP folder as the user named it with a CoP-relative path, for display."""
    if prefix in ("", "."):
        return relpath
    return prefix.rstrip("/") + "/" + relpath


# findings that sum up what could not be checked because of another finding of the same file:
# shown after that file's findings, not before them
SUMMARY_CODES = frozenset({"references-not-checked"})


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.code in SUMMARY_CODES, f.line, f.column,
                                           f.severity, f.code, f.message))


def counts(findings: Iterable[Finding]) -> tuple[int, int]:
    errors = warnings = 0
    for f in findings:
        if f.severity == "error":
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def to_json(findings: list[Finding], prefix: str = "") -> str:
    errors, warnings = counts(findings)
    items = []
    for f in findings:
        item = asdict(f)
        item["path"] = join_display(prefix, f.path) if f.path else ""
        items.append(item)
    return json.dumps(
        {"findings": items, "summary": {"errors": errors, "warnings": warnings}},
        ensure_ascii=False,
        indent=2,
    )


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def to_github(findings: list[Finding], prefix: str = "") -> str:
    """GitHub Actions workflow commands (``::error file=...,line=...::message``)."""
    lines = []
    for f in findings:
        props = []
        if f.path:
            props.append("file=" + _gh_escape(join_display(prefix, f.path), prop=True))
        if f.line:
            props.append(f"line={f.line}")
            props.append(f"col={f.column}")
        props.append("title=" + _gh_escape(f.code, prop=True))
        message = f.message + (f" (hint: {f.hint})" if f.hint else "")
        lines.append(f"::{f.severity} {','.join(props)}::{_gh_escape(message)}")
    return "\n".join(lines)


def refuse_first(findings: Sequence[Finding]) -> None:
    """Raise the first of ``findings`` that says copkit's reader refused a file, as a
    :class:`FileRefused` (for the commands that read their files as check does, through
    :mod:`copkit.model.load`, before they write)."""
    for finding in findings:
        if finding.code in REFUSALS and finding.severity == "error":
            raise FileRefused(finding)
