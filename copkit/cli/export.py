"""`copkit export`: the CoP's records as tidy tables (Parquet, CSV, JSON Lines)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from copkit.cli.common import CopOption, echo, resolve_cop
from copkit.cli.documents import ForceOption
from copkit.cli.report import FromOption, PeriodOption, ToOption


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


FormatOption = Annotated[ExportFormat, typer.Option(
    "--format", "-f", help="parquet (hive-style folders, typed), csv or jsonl.")]
OutOption = Annotated[Path, typer.Option(
    "--out", "-o", help="The folder to write into (made if missing).", file_okay=False)]
PseudonymiseOption = Annotated[bool, typer.Option(
    "--pseudonymise", help="Replace member ids with keyed hashes and leave names and "
    "free text out; the key is read from the environment variable COPKIT_EXPORT_KEY and "
    "never stored.")]
ContactsOption = Annotated[bool, typer.Option(
    "--include-contacts", help="Add email, phone and preferred channel to the members "
    "table, for members who agreed to be in the directory.")]


def export_command(fmt: FormatOption = ExportFormat.parquet,
                   out: OutOption = Path("export"), period: PeriodOption = None,
                   start: FromOption = None, end: ToOption = None,
                   pseudonymise: PseudonymiseOption = False,
                   include_contacts: ContactsOption = False, force: ForceOption = False,
                   cop: CopOption = None) -> None:
    """Export the CoP's records as tables for analysis (DuckDB, Spark, a spreadsheet).

    Tables: cop, members, meetings, attendance, guests, practices, practice_events, topics,
    actions, activities, stories, survey_responses, plan_steps, goals, organisations,
    objectives, evidence, outcome_values, indicators and health (the report's figures and
    scorecard for --period, default the last 12 months). Parquet is written hive-style,
    OUT/table=<name>/cop=<id>/part-0.parquet, so the folders of many CoPs' exports read as
    one dataset; CSV and JSON Lines as OUT/<name>.csv or .jsonl. OUT/schema.json describes
    every column (docs/export.md). No contact detail unless --include-contacts. With
    --pseudonymise member ids become keyed hashes (the same in every CoP exported with the
    same COPKIT_EXPORT_KEY) and names are left out. A file that exists is replaced only
    with --force.

    Example: copkit export --format parquet --out ~/exports --period 2026
    """
    from copkit.export.run import Options, export_tables, write_export
    from copkit.periods import parse_period
    from copkit.periods import today as get_today

    root, _display = resolve_cop(cop)
    today = get_today()
    chosen = parse_period(period, start, end, today=today)
    options = Options(chosen, today, pseudonymise, include_contacts)
    exported = export_tables(root, options)
    files = write_export(exported, fmt.value, out, force=force, contacts=include_contacts)
    for w in exported.warnings:
        echo(f"warning: {w}", err=True)
    rows = sum(len(rows) for _t, rows in exported.tables)
    echo(f"wrote {len(exported.tables)} tables ({rows} rows) of '{exported.cop}' in {out} "
         f"({len(files)} files, {fmt.value})", err=True)


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
