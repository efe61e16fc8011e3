"""`copkit action ...`: the actions agreed at meetings, across meetings."""

from __future__ import annotations

from typing import Annotated

import typer

from copkit.cli.common import CopOption, NoCommitOption, echo, report, resolve_cop
from copkit.cli.records import FormatOption, ListFormat, day, emit

action_app = typer.Typer(help="The actions agreed at meetings: list them, mark them done.",
                         no_args_is_help=True)


@action_app.command("list")
def action_list(
    open_only: Annotated[bool, typer.Option("--open", help="Only actions not done yet.")]
    = False,
    overdue: Annotated[bool, typer.Option(
        "--overdue", help="Only actions past their due date and not done.")] = False,
    owner: Annotated[str | None, typer.Option(
        help="Only the actions of this person: member id or name.")] = None,
    fmt: FormatOption = ListFormat.table, cop: CopOption = None,
) -> None:
    """List the actions of every meeting, with their meeting, number, owner, due date and
    state (open, overdue, done).

    An action is named by its meeting and its number there: copkit action done takes both.

    Example: copkit action list --overdue --owner maria-lopez
    """
    from copkit.periods import today
    from copkit.records.actions import COLUMNS, list_actions

    root, _ = resolve_cop(cop)
    who = None
    if owner:
        from copkit.records.context import Context, resolve_people

        who = resolve_people(Context(root), [owner], "--owner")[0]
    rows, unreadable = list_actions(root, today())
    rows = [r for r in rows if (not open_only or r["state"] != "done")
            and (not overdue or r["state"] == "overdue") and (who is None or r["owner"] == who)]
    emit(rows, list(COLUMNS), fmt, "no actions match")
    for relpath in unreadable:
        echo(f"warning: {relpath} could not be read, so its actions are not listed "
             "(copkit check names the problem)", err=True)


@action_app.command("done")
def action_done(
    meeting_id: Annotated[str, typer.Argument(help="The meeting's id (its file name).")],
    number: Annotated[int, typer.Argument(
        help="The action's number in that meeting (1 for the first; copkit action list).")],
    on: Annotated[str | None, typer.Option(
        "--on", help="The day it was done (default: today).")] = None,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Mark an action of a meeting done (counted in the report's M6: done, done on time).

    Example: copkit action done 2026-05-10-unit-models 1 --on 2026-05-18
    """
    from copkit.periods import today
    from copkit.records.actions import mark_done

    root, _ = resolve_cop(cop)
    when = day(on, "--on") or today()
    report(mark_done(root, meeting_id, number, when, no_commit=no_commit),
           f"action {number} of meeting {{id}} done")


def register(app: typer.Typer) -> None:
    app.add_typer(action_app, name="action")
