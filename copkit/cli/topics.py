"""`copkit topic ...`: the learning agenda's topics."""

from __future__ import annotations

from typing import Annotated

import typer

from copkit.cli.common import CopOption, NoCommitOption, report, resolve_cop
from copkit.cli.records import (
    FormatOption,
    IdOption,
    ListFormat,
    Many,
    UnsetOption,
    day,
    list_records,
)

topic_app = typer.Typer(help="The learning agenda's topics.", no_args_is_help=True)


@topic_app.command("add")
def topic_add(
    title: Annotated[str, typer.Option(help="What to learn about.")],
    question: Annotated[list[str] | None, Many("--question", "A question to answer")] = None,
    goal: Annotated[list[str] | None, Many("--goal", "A charter goal id")] = None,
    lead: Annotated[str | None, typer.Option(help="Thematic leader: member id or name.")]
    = None,
    group: Annotated[str | None, typer.Option(help="Thematic group id.")] = None,
    session: Annotated[list[str] | None, Many("--session", "A session date")] = None,
    status: Annotated[str | None, typer.Option(
        help="planned, in-progress, covered or dropped.")] = None,
    topic_id: IdOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add a topic to the learning agenda.

    Example: copkit topic add --title "Models for LED units" --question "Which models exist?"
    """
    from copkit.records.kinds import add

    root, _ = resolve_cop(cop)
    values = {"title": title, "questions": question, "goals": goal, "lead": lead,
              "group": group, "sessions": [day(s, "--session") for s in session or []],
              "status": status}
    report(add("topic", root, values, record_id=topic_id, no_commit=no_commit), "added topic")


@topic_app.command("list")
def topic_list(fmt: FormatOption = ListFormat.table, cop: CopOption = None) -> None:
    """List the learning agenda's topics.

    Example: copkit topic list --format json
    """
    root, _ = resolve_cop(cop)
    list_records("topic", root, fmt)


@topic_app.command("update")
def topic_update(
    topic_id: Annotated[str, typer.Argument(help="The topic's id.")],
    status: Annotated[str | None, typer.Option(
        help="planned, in-progress, covered or dropped.")] = None,
    session: Annotated[list[str] | None, Many(
        "--session", "A session date to add")] = None,
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    question: Annotated[list[str] | None, Many(
        "--question", "A question to answer (replaces the list)")] = None,
    goal: Annotated[list[str] | None, Many("--goal", "A charter goal id (replaces the list)")]
    = None,
    lead: Annotated[str | None, typer.Option(help="Thematic leader: member id or name.")]
    = None,
    group: Annotated[str | None, typer.Option(help="Thematic group id.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Allow the status to move back (covered -> planned...).")] = False,
    unset: UnsetOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change a topic of the learning agenda: mark it covered or dropped, add the day of a
    session, or change any field.

    A session's day may not be before the CoP started; a status moving back (covered ->
    in-progress) needs --force.

    Example: copkit topic update unit-models --status covered --session 2026-06-10
    """
    from copkit.records.kinds import update

    root, _ = resolve_cop(cop)
    values = {"status": status, "title": title, "questions": question, "goals": goal,
              "lead": lead, "group": group}
    sessions = [day(s, "--session") for s in session or []]
    report(update("topic", root, topic_id, values, unset or [], no_commit=no_commit,
                  extra={"sessions": sessions, "force": force}), "updated topic")


def register(app: typer.Typer) -> None:
    app.add_typer(topic_app, name="topic")
