"""What the record commands (:mod:`copkit.cli.members`, :mod:`copkit.cli.meetings`,
:mod:`copkit.cli.practices`, :mod:`copkit.cli.activities`, :mod:`copkit.cli.stories`,
:mod:`copkit.cli.topics`) share: their options, what a command says it wrote, and the one
``list`` and ``show`` of a record kind (:func:`list_records`, :func:`show_record`). Light to
import: every command imports the core it runs."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from copkit.cli.common import echo


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[ListFormat, typer.Option(
    "--format", "-f", help="table for people, json or csv for programs and spreadsheets.")]
IdOption = Annotated[str | None, typer.Option(
    "--id", help="The id to give the record (default: made from the name or title).")]
UnsetOption = Annotated[list[str] | None, typer.Option(
    "--unset", help="Remove an optional field (repeat for several).", show_default=False)]


def Many(flag: str, help: str) -> Any:
    return typer.Option(flag, help=help + " (repeat for several)", show_default=False)


Topics = Annotated[list[str] | None, Many("--topic", "An agenda topic id")]


# ---------------------------------------------------------------- output helpers
def warn_hidden(loaded: Any, what: str) -> None:
    """On stderr: the records a list leaves out because they are invalid, each problem with
    its path:line:col, and where to see more (the list itself shows the valid ones)."""
    if not loaded.findings:
        return
    from copkit.text import printable

    n = loaded.hidden
    if n:
        echo(f"warning: {n} {what} record{'s are' if n > 1 else ' is'} not listed because "
             f"{'they are' if n > 1 else 'it is'} invalid:", err=True)
    else:
        echo("warning: problems found while reading the records:", err=True)
    for f in loaded.findings:
        echo(f"  {f.location}: {printable(f.message)}", err=True)
    echo("  hint: run copkit check to see every problem and how to fix it", err=True)


def emit(rows: list[dict[str, Any]], columns: list[str], fmt: ListFormat,
         empty: str = "nothing to list") -> None:
    if fmt is ListFormat.json:
        from copkit.text import printable_json

        echo(printable_json(json.dumps(rows, ensure_ascii=False, indent=2, default=str)))
        return
    if fmt is ListFormat.csv:
        from copkit.output.csvout import to_csv

        sys.stdout.write(to_csv(rows, columns))
        return
    if not rows:
        echo(empty)
        return
    table = [[c.replace("_", " ") for c in columns]]
    table += [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(columns))]
    for r in table:
        echo("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    echo(f"({len(rows)} shown)")


def _cell(value: Any, limit: int = 48) -> str:
    from copkit.text import printable

    if value is None:
        return ""
    text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    text = printable(" ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_fields(data: dict[str, Any], hidden: tuple[str, ...] = ()) -> None:
    from copkit.text import printable

    for key, value in data.items():
        if value in (None, [], {}) or key in hidden:
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            echo(f"{key}:")
            for item in value:
                echo("  - " + printable(", ".join(f"{k}: {v}" for k, v in item.items()
                                        if v not in (None, [], {}))))
        elif isinstance(value, list):
            echo(f"{key}: {printable(', '.join(str(v) for v in value))}")
        elif isinstance(value, dict):
            echo(f"{key}: " + printable(", ".join(f"{k}: {v}" for k, v in value.items()
                                                  if v not in (None, [], {}))))
        elif isinstance(value, str) and "\n" in value:
            echo(f"{key}: |")
            for line in value.rstrip("\n").split("\n"):
                echo(f"  {printable(line)}")
        else:
            echo(f"{key}: {printable(str(value))}")
    if hidden:
        echo(f"({', '.join(hidden)} hidden: add --include-contacts to show them)")


def day(value: str | None, flag: str) -> Any:
    if value is None:
        return None
    from copkit.records.ids import parse_day

    return parse_day(value, flag)


# ---------------------------------------------------------------- one list, one show
def list_records(kind: str, root: Path, fmt: ListFormat,
                 keep: Callable[[Mapping[str, Any]], Any] = lambda row: True,
                 more: tuple[str, ...] = ()) -> None:
    """List the valid records of ``kind`` that ``keep`` keeps (each a row of the record's
    JSON), in the kind's columns and ``more``; on stderr, the records left out because they
    are invalid."""
    from copkit.records.kinds import KINDS, list_rows

    table = KINDS[kind]
    rows, loaded = list_rows(root, table)
    columns = table.columns + more
    emit([{c: row.get(c) for c in columns} for row in rows if keep(row)], list(columns), fmt,
         table.empty)
    if loaded is not None:
        warn_hidden(loaded, table.listed)


def show_record(kind: str, record_id: str, root: Path) -> None:
    """Show a record kept in a file of its own: its path, then its fields."""
    from copkit.records.kinds import KINDS
    from copkit.records.reading import read_record

    relpath, record = read_record(root, KINDS[kind], record_id)
    echo(f"# {relpath}")
    show_fields(record.model_dump(mode="json", exclude_defaults=True))
