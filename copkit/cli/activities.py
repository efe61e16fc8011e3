"""`copkit activity ...`: the activities that support sharing, with their budgets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from copkit.cli.common import CopOption, NoCommitOption, finite_number, report, resolve_cop
from copkit.cli.records import (
    FormatOption,
    IdOption,
    ListFormat,
    Topics,
    UnsetOption,
    day,
    list_records,
)

activity_app = typer.Typer(help="Activities that support sharing, with budgets.",
                           no_args_is_help=True)


def _money(amount: float | None, currency: str | None, flag: str) -> dict[str, Any] | None:
    if amount is None:
        return None
    if not currency:
        from copkit.errors import UsageError

        raise UsageError(f"{flag} needs a --currency (CAD, EUR, USD...)")
    return {"amount": amount, "currency": currency}


AKind = Annotated[str | None, typer.Option(
    "--kind", help="exchange, seminar, research, training, knowledge-product, "
    "joint-initiative, site-visit, webinar or workshop.")]
AOwner = Annotated[str | None, typer.Option("--owner", help="Member id or name.")]
AStart = Annotated[str | None, typer.Option("--start", help="Start date.")]
AEnd = Annotated[str | None, typer.Option("--end", help="End date.")]
ABudget = Annotated[float | None, typer.Option(
    "--budget", help="Budget amount.", parser=finite_number("--budget", "1500"),
    metavar="FLOAT")]
ASpent = Annotated[float | None, typer.Option(
    "--spent", help="Amount spent so far.", parser=finite_number("--spent", "1500"),
    metavar="FLOAT")]
ACurrency = Annotated[str | None, typer.Option("--currency", help="Currency of the amounts.")]
ANeeded = Annotated[bool | None, typer.Option(
    "--budget-needed/--no-budget-needed", help="Does the activity need money?",
    show_default=False)]
AStatus = Annotated[str | None, typer.Option(
    "--status", help="planned, under-way, done or cancelled.")]


def _activity_values(root: Path, title: str | None, kind: str | None, owner: str | None,
                     start: str | None, end: str | None, budget: float | None,
                     spent: float | None, currency: str | None, needed: bool | None,
                     status: str | None, topic: list[str] | None) -> dict[str, Any]:
    if owner:
        from copkit.records.context import Context, resolve_people

        owner = resolve_people(Context(root), [owner], "--owner")[0]
    return {"title": title, "kind": kind, "owner": owner, "start": day(start, "--start"),
            "end": day(end, "--end"), "budget": _money(budget, currency, "--budget"),
            "budget_needed": needed, "spent": _money(spent, currency, "--spent"),
            "status": status, "topics": topic}


@activity_app.command("add")
def activity_add(
    title: Annotated[str, typer.Option(help="What the activity is.")],
    kind: AKind = None, owner: AOwner = None, start: AStart = None, end: AEnd = None,
    budget: ABudget = None, spent: ASpent = None, currency: ACurrency = None,
    budget_needed: ANeeded = None, status: AStatus = None, topic: Topics = None,
    activity_id: IdOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add an activity to activities.yaml.

    Example: copkit activity add --title "Site visit to Puno" --budget 1500 --currency CAD
    """
    from copkit.records.kinds import add

    root, _ = resolve_cop(cop)
    values = _activity_values(root, title, kind, owner, start, end, budget, spent, currency,
                              budget_needed, status, topic)
    report(add("activity", root, values, record_id=activity_id, no_commit=no_commit),
           "added activity")


@activity_app.command("list")
def activity_list(fmt: FormatOption = ListFormat.table, cop: CopOption = None) -> None:
    """List activities with their budgets and status.

    Example: copkit activity list --format csv
    """
    root, _ = resolve_cop(cop)
    list_records("activity", root, fmt)


@activity_app.command("update")
def activity_update(
    activity_id: Annotated[str, typer.Argument(help="The activity's id.")],
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    kind: AKind = None, owner: AOwner = None, start: AStart = None, end: AEnd = None,
    budget: ABudget = None, spent: ASpent = None, currency: ACurrency = None,
    budget_needed: ANeeded = None, status: AStatus = None, topic: Topics = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Allow the status to move back (done -> under-way...).")] = False,
    unset: UnsetOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change an activity (status, amount spent, dates...).

    A status moving back (done -> planned) needs --force.

    Example: copkit activity update site-visit-puno --status done --spent 1320 --currency CAD
    """
    from copkit.records.kinds import update

    root, _ = resolve_cop(cop)
    values = _activity_values(root, title, kind, owner, start, end, budget, spent, currency,
                              budget_needed, status, topic)
    report(update("activity", root, activity_id, values, unset or [], no_commit=no_commit,
                  extra={"force": force}), "updated activity")


def register(app: typer.Typer) -> None:
    app.add_typer(activity_app, name="activity")
