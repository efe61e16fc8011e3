"""`copkit outcome ...`: the charter's outcome measures of the problem the community
addresses, with a baseline and later values (impact indicator I6)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from copkit.cli.common import CopOption, NoCommitOption, finite_number, report, resolve_cop
from copkit.cli.records import (
    FormatOption,
    IdOption,
    ListFormat,
    UnsetOption,
    day,
    list_records,
)

outcome_app = typer.Typer(help="Outcome measures of the problem, with baseline and values.",
                          no_args_is_help=True)

Value = Annotated[float, typer.Option(
    "--value", help="The value, in the measure's unit.", parser=finite_number("--value", "120"),
    metavar="FLOAT")]
# the options `outcome add` and `outcome update` share
Unit = Annotated[str | None, typer.Option(help="The unit (hectares, fires, %).")]
Better = Annotated[str | None, typer.Option(help="up or down: which is better.")]
Baseline = Annotated[float | None, typer.Option(
    help="The value before the community's work.", parser=finite_number("--baseline", "120"),
    metavar="FLOAT")]
BaselineSource = Annotated[str | None, typer.Option(help="Where the baseline comes from.")]


def _value(value: float | None, date: str | None, source: str | None, date_flag: str
           ) -> dict[str, Any] | None:
    """A dated value (a baseline, a value recorded): dated today unless `date_flag` gave a
    day; None without a value."""
    if value is None:
        return None
    from copkit.periods import today

    out = {"date": day(date, date_flag) or today(), "value": value, "source": source}
    return {k: v for k, v in out.items() if v is not None}


@outcome_app.command("add")
def outcome_add(
    name: Annotated[str, typer.Option(help="What is measured.")],
    unit: Unit = None, better: Better = None, baseline: Baseline = None,
    baseline_date: Annotated[str | None, typer.Option(
        help="When the baseline was measured (default: today).")] = None,
    baseline_source: BaselineSource = None,
    measure_id: IdOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add an outcome measure to the charter's outcome_measures.

    Without --baseline the report says "no baseline" and shows no change.

    Example: copkit outcome add --name "Hectares burnt" --better down --baseline 5200
    """
    from copkit.records.kinds import add

    root, _ = resolve_cop(cop)
    values = {"name": name, "unit": unit, "better": better,
              "baseline": _value(baseline, baseline_date, baseline_source, "--baseline-date")}
    report(add("outcome", root, values, record_id=measure_id, no_commit=no_commit),
           "added outcome measure")


@outcome_app.command("record")
def outcome_record(
    measure_id: Annotated[str, typer.Argument(help="The measure's id.")],
    value: Value,
    date: Annotated[str | None, typer.Option(help="When it was measured (default: today).")]
    = None,
    source: Annotated[str | None, typer.Option(help="Where the value comes from.")] = None,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Record a new value of an outcome measure.

    Example: copkit outcome record hectares-burnt --value 3900 --date 2026-06-30
    """
    from copkit.records.kindverbs import record_value

    root, _ = resolve_cop(cop)
    new = _value(value, date, source, "--date")
    assert new is not None  # --value is required
    report(record_value(root, measure_id, new, no_commit=no_commit), "recorded a value of")


@outcome_app.command("update")
def outcome_update(
    measure_id: Annotated[str, typer.Argument(help="The measure's id.")],
    name: Annotated[str | None, typer.Option(help="What is measured.")] = None,
    unit: Unit = None, better: Better = None, baseline: Baseline = None,
    baseline_date: Annotated[str | None, typer.Option(
        help="When the baseline was measured.")] = None,
    baseline_source: BaselineSource = None,
    unset: UnsetOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change an outcome measure of the charter, in place (comments kept).

    A baseline given in part keeps its other fields; a first baseline is dated today unless
    --baseline-date is given. New values go through copkit outcome record.

    Example: copkit outcome update hectares-burnt --baseline 5100 --baseline-source "CONAFOR"
    """
    from copkit.records.kinds import update

    root, _ = resolve_cop(cop)
    given = {"value": baseline, "date": day(baseline_date, "--baseline-date"),
             "source": baseline_source}
    given = {k: v for k, v in given.items() if v is not None}
    values = {"name": name, "unit": unit, "better": better, "baseline": given or None}
    report(update("outcome", root, measure_id, values, unset or [], no_commit=no_commit),
           "updated outcome measure")


@outcome_app.command("list")
def outcome_list(fmt: FormatOption = ListFormat.table, cop: CopOption = None) -> None:
    """List the outcome measures with their baseline and latest value.

    Example: copkit outcome list
    """
    root, _ = resolve_cop(cop)
    list_records("outcome", root, fmt)


def register(app: typer.Typer) -> None:
    app.add_typer(outcome_app, name="outcome")
