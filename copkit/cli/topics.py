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


group_app = typer.Typer(help="The learning agenda's thematic groups (smaller groups that go "
                        "deeper into a topic).\n\nExample: copkit topic group add --name "
                        "Financing --member ines-mamani", no_args_is_help=True)
topic_app.add_typer(group_app, name="group")

Members = Annotated[list[str] | None, Many(
    "--member", "A member of the group: id, email or name")]


@group_app.command("add")
def group_add(
    name: Annotated[str, typer.Option(help="The group's name.")],
    member: Members = None,
    group_id: IdOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add a thematic group to the learning agenda (topics name it with --group).

    Example: copkit topic group add --name "Financing" --member ines-mamani --member "Rosa"
    """
    from copkit.records.kinds import add

    root, _ = resolve_cop(cop)
    report(add("group", root, {"name": name, "members": member}, record_id=group_id,
               no_commit=no_commit), "added thematic group")


@group_app.command("update")
def group_update(
    group_id: Annotated[str, typer.Argument(help="The group's id.")],
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    member: Annotated[list[str] | None, Many(
        "--member", "A member of the group (replaces the list)")] = None,
    add_member: Annotated[list[str] | None, Many(
        "--add-member", "A member joining the group")] = None,
    remove_member: Annotated[list[str] | None, Many(
        "--remove-member", "A member leaving the group")] = None,
    unset: UnsetOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change a thematic group: its name, or who is in it.

    Example: copkit topic group update financing --add-member "Ines" --remove-member rosa
    """
    from copkit.records.kinds import update

    root, _ = resolve_cop(cop)
    report(update("group", root, group_id, {"name": name, "members": member}, unset or [],
                  no_commit=no_commit, extra={"add": add_member, "remove": remove_member}),
           "updated thematic group")


@group_app.command("remove")
def group_remove(
    group_id: Annotated[str, typer.Argument(help="The group's id.")],
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Remove a thematic group from the learning agenda.

    Refused while a topic names the group: move the topic first (copkit topic update ID
    --group OTHER, or --unset group).

    Example: copkit topic group remove financing
    """
    from copkit.records.kindverbs import remove_group

    root, _ = resolve_cop(cop)
    report(remove_group(root, group_id, no_commit=no_commit), "removed thematic group")


@group_app.command("list")
def group_list(fmt: FormatOption = ListFormat.table, cop: CopOption = None) -> None:
    """List the thematic groups with their members.

    Example: copkit topic group list --format json
    """
    root, _ = resolve_cop(cop)
    list_records("group", root, fmt)


def register(app: typer.Typer) -> None:
    app.add_typer(topic_app, name="topic")
