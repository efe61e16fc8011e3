"""`copkit import members|attendance|survey FILE.csv`: bring in exports from other tools.

One subcommand per importer of :data:`copkit.imports.registry.IMPORTERS` (named by its
``KIND``), each with its own options; the importer is found through the registry when the
command runs (this module is loaded for every copkit command, and imports no importer)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from copkit.cli.common import CopOption, NoCommitOption, echo, report, resolve_cop

if TYPE_CHECKING:
    from copkit.imports.plan import Plan

import_app = typer.Typer(
    help="Import a roster, attendance or survey answers (CSV).",
    no_args_is_help=True)

FileArg = Annotated[Path, typer.Argument(help="The CSV file exported by the other tool.",
                                         dir_okay=False)]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Write without asking.")]
MapOption = Annotated[list[str] | None, typer.Option(
    "--map", help="Name a column: --map 'Column in the file=field' (repeat for several).",
    show_default=False)]


def interactive() -> bool:
    """Whether a person can answer a question (standard input is a terminal)."""
    return sys.stdin.isatty()


def _plan(kind: str, root: Path, file: Path, mapping: list[str] | None, **options: Any
          ) -> Plan:
    """The plan of importing ``file`` into the CoP at ``root``, by the importer of ``kind``."""
    from copkit.imports.registry import importer

    return importer(kind).plan(root, file, mapping or [], **options)


def _ask_possible(plan: Plan) -> None:
    """On a terminal: for each row that may be a member, ask whether it is them."""
    from copkit.imports.matching import same_as
    from copkit.imports.preview import question
    from copkit.text import printable

    for item in list(plan.possible):
        asked: set[str] = set()
        while item in plan.items and item.status != "matched":
            left = [p for p in item.possible if p.member_id not in asked]
            if not left:
                item.possible = []  # none of them, as the user said
                break
            asked.add(left[0].member_id)
            if typer.confirm(question(plan, item, left[0]), default=False):
                same_as(plan, item, left[0].member_id)
                echo(f"  line {item.line} {printable(item.name)}: {left[0].member_id}, "
                     "as you said")


def _run(plan: Plan, yes: bool, no_commit: bool) -> None:
    """Show the preview; ask about possible duplicates and write on confirmation, or write
    on --yes (possible duplicates added as new people, and listed); never wait without a
    terminal."""
    from copkit.imports.apply import apply, check_applicable
    from copkit.imports.preview import preview

    for line in preview(plan):
        echo(line)
    check_applicable(plan)
    if not yes and plan.possible and interactive():
        _ask_possible(plan)
    if not plan.has_changes():
        echo("nothing to write: everything in the file is already recorded")
        return
    if not yes:
        if not interactive():
            echo("nothing written: pass --yes to import (there is no terminal to ask on)",
                 err=True)
            raise typer.Exit(1)
        if not typer.confirm("Write these changes?", default=False):
            echo("nothing written")
            raise typer.Exit(1)
    outcome = apply(plan, no_commit=no_commit)
    if outcome.paths:
        report(outcome, "imported into")
    else:
        echo("nothing to write: everything in the file is already recorded")


@import_app.command("members")
def import_members(
    file: FileArg, mapping: MapOption = None, yes: YesOption = False, cop: CopOption = None,
    no_commit: NoCommitOption = False,
) -> None:
    """Import a roster of people into members.yaml.

    One person a row (name, email, organisation, country, role...).

    Columns are recognised by their usual names in English, Spanish or French (Name,
    Nombre, Nom, Email, Correo, Courriel, Organisation...); name others with --map. People
    already in members.yaml (same email; or same name when the row or the member has no
    email) are left as they are. A close name is never taken for a member: on a terminal
    copkit asks "the same person as X?"; with --yes the row is added as someone new and
    listed as a possible duplicate (join two later with copkit member merge).

    Example: copkit import members roster.csv --map "Institución=organisation" --yes
    """
    root, _ = resolve_cop(cop)
    _run(_plan("members", root, file, mapping), yes, no_commit)


@import_app.command("attendance")
def import_attendance(
    file: FileArg,
    meeting: Annotated[str | None, typer.Option(
        "--meeting", help="The recorded meeting to add people to (default: a new meeting "
        "from the date in the file).")] = None,
    title: Annotated[str | None, typer.Option(
        help="Title of the new meeting (default: the topic in the file).")] = None,
    add_unknown: Annotated[str | None, typer.Option(
        "--add-unknown", help="People who are not members: add them as 'members' or "
        "'guests' (default: skip them).")] = None,
    mapping: MapOption = None, yes: YesOption = False, cop: CopOption = None,
    no_commit: NoCommitOption = False,
) -> None:
    """Import a video-call participant report into a meeting.

    Zoom, Teams and Meet exports are recognised.

    One person may appear several times (reconnections): they count once, durations
    added up. A participant is a member by email, by name, or by part of one member's
    name; a close name is never taken for a member: asked about on a terminal, listed as
    "possibly X" with --yes.

    Example: copkit import attendance participants.csv --meeting 2026-05-10-unit-models --yes
    """
    root, _ = resolve_cop(cop)
    plan = _plan("attendance", root, file, mapping, meeting_id=meeting, title=title,
                 add_unknown=add_unknown)
    _run(plan, yes, no_commit)


@import_app.command("survey")
def import_survey(
    file: FileArg,
    survey: Annotated[str | None, typer.Option(
        "--survey", help="Add the responses to this survey (default: a new survey file).")]
    = None,
    title: Annotated[str | None, typer.Option(help="Title of the new survey.")] = None,
    date: Annotated[str | None, typer.Option(help="Date of the new survey.")] = None,
    invited: Annotated[int | None, typer.Option(help="How many people were invited.")]
    = None,
    mapping: MapOption = None, yes: YesOption = False, cop: CopOption = None,
    no_commit: NoCommitOption = False,
) -> None:
    """Import a form tool's responses into a survey file.

    Google Forms, Microsoft Forms, LimeSurvey and similar exports.

    Each column that is not the timestamp, name or email is a question; --map
    'Column=q1' gives it an id (or 'Column=skip' leaves it out). Likert answers may be
    numbers or labels of the usual 4-, 5- and 7-point sets in English, Spanish and French
    (Strongly agree, Somewhat agree, Algo de acuerdo, Plutôt d'accord...); --map
    'Column=q1:5' reads a column as a 5-point scale, 'Column=q1:text' as open text.
    Respondents who are not members stay anonymous.

    Example: copkit import survey responses.csv --title "Member survey 2026" --invited 40 --yes
    """
    from copkit.records.ids import parse_day

    root, _ = resolve_cop(cop)
    day = parse_day(date, "--date") if date else None
    plan = _plan("survey", root, file, mapping, survey_id=survey, title=title, date=day,
                 invited=invited)
    _run(plan, yes, no_commit)


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
