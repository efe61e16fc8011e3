"""`copkit story add|update`: value-creation stories, the evidence of impact."""

from __future__ import annotations

from typing import Annotated

import typer

from copkit.cli.common import CopOption, NoCommitOption, report, resolve_cop
from copkit.cli.records import IdOption, Many, UnsetOption, day

story_app = typer.Typer(help="Value-creation stories (impact evidence).", no_args_is_help=True)


@story_app.command("add")
def story_add(
    title: Annotated[str, typer.Option(help="What changed, in one line.")],
    date: Annotated[str | None, typer.Option(help="Date of the story (default: today).")]
    = None,
    member: Annotated[str | None, typer.Option(help="Whose story: member id or name.")] = None,
    goal: Annotated[list[str] | None, Many("--goal", "A charter goal id")] = None,
    immediate: Annotated[str | None, typer.Option(help="Cycle 1: the activity itself.")]
    = None,
    potential: Annotated[str | None, typer.Option(help="Cycle 2: what it gave them.")] = None,
    applied: Annotated[str | None, typer.Option(help="Cycle 3: what they did with it.")]
    = None,
    realized: Annotated[str | None, typer.Option(help="Cycle 4: the result.")] = None,
    transformative: Annotated[str | None, typer.Option(
        help="Cycle 5: how it changed the way things are done.")] = None,
    evidence: Annotated[list[str] | None, Many("--evidence", "Evidence for the story")] = None,
    story_id: IdOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add a value-creation story as stories/ID.yaml.

    Example: copkit story add --title "Puno adopted the method" --member juan-perez --goal g1
    """
    from copkit.records.kinds import add

    root, _ = resolve_cop(cop)
    values = {"title": title, "date": day(date, "--date"), "member": member, "goals": goal,
              "cycles": {"immediate": immediate, "potential": potential, "applied": applied,
                         "realized": realized, "transformative": transformative},
              "evidence": evidence}
    report(add("story", root, values, record_id=story_id, no_commit=no_commit), "added story")


@story_app.command("update")
def story_update(
    story_id: Annotated[str, typer.Argument(help="The story's id (its file name).")],
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    date: Annotated[str | None, typer.Option(help="Date of the story.")] = None,
    member: Annotated[str | None, typer.Option(help="Whose story: member id or name.")] = None,
    goal: Annotated[list[str] | None, Many("--goal", "A charter goal id (replaces the list)")]
    = None,
    immediate: Annotated[str | None, typer.Option(help="Cycle 1: the activity itself.")]
    = None,
    potential: Annotated[str | None, typer.Option(help="Cycle 2: what it gave them.")] = None,
    applied: Annotated[str | None, typer.Option(help="Cycle 3: what they did with it.")]
    = None,
    realized: Annotated[str | None, typer.Option(help="Cycle 4: the result.")] = None,
    transformative: Annotated[str | None, typer.Option(
        help="Cycle 5: how it changed the way things are done.")] = None,
    evidence: Annotated[list[str] | None, Many("--evidence", "Evidence to add")] = None,
    unset: UnsetOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change a story as it goes further: a cycle reached, evidence found, any field.

    The cycles given are written; the others are kept. --evidence adds to what is recorded.

    Example: copkit story update puno-adopted --realized "The unit opened" --evidence "Acta 14"
    """
    from copkit.records.kinds import update

    root, _ = resolve_cop(cop)
    values = {"title": title, "date": day(date, "--date"), "member": member, "goals": goal,
              "cycles": {"immediate": immediate, "potential": potential, "applied": applied,
                         "realized": realized, "transformative": transformative}}
    report(update("story", root, story_id, values, unset or [], no_commit=no_commit,
                  extra={"evidence": evidence or []}), "updated story")


def register(app: typer.Typer) -> None:
    app.add_typer(story_app, name="story")
