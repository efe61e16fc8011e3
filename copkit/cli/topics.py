"""`copkit topic ...`: the learning agenda's topics."""

from __future__ import annotations

from typing import Annotated

import typer

from copkit.cli.common import CopOption, NoCommitOption, report, resolve_cop
from copkit.cli.records import FormatOption, IdOption, ListFormat, Many, day, list_records

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


def register(app: typer.Typer) -> None:
    app.add_typer(topic_app, name="topic")
