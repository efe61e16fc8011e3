"""`copkit organisation ...` and `copkit evidence ...`: the organisations that send members
(organisations.yaml) and the evidence that they changed (impact indicators I2 and I4)."""

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

organisation_app = typer.Typer(
    help="The organisations that send members, and their institutional objectives.",
    no_args_is_help=True)
evidence_app = typer.Typer(help="Evidence that a member organisation changed (impact).",
                           no_args_is_help=True)


# the options `organisation add` and `organisation update` share
OrgKind = Annotated[str | None, typer.Option(
    help="civil-society, government, academic, private, donor, network, community or other.")]
Country = Annotated[str | None, typer.Option(help="Two-letter country code (MX).")]
Joined = Annotated[str | None, typer.Option(help="When it joined (YYYY-MM-DD).")]


@organisation_app.command("add")
def organisation_add(
    name: Annotated[str, typer.Option(help="The organisation's name.")],
    kind: OrgKind = None, country: Country = None, joined: Joined = None,
    objective: Annotated[list[str] | None, Many(
        "--objective", "An institutional objective it stated when joining")] = None,
    org_id: IdOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add an organisation to organisations.yaml (the file is created if needed).

    Objectives get the ids o1, o2... in the order given; evidence names them.

    Example: copkit organisation add --name "Pronatura Sur" --objective "Trained brigades"
    """
    from copkit.records.kinds import add

    root, _ = resolve_cop(cop)
    values = {"name": name, "kind": kind, "country": country,
              "joined": day(joined, "--joined"), "objectives": objective}
    report(add("organisation", root, values, record_id=org_id, no_commit=no_commit),
           "added organisation")


@organisation_app.command("list")
def organisation_list(fmt: FormatOption = ListFormat.table, cop: CopOption = None) -> None:
    """List the organisations with their number of objectives.

    Example: copkit organisation list --format csv
    """
    root, _ = resolve_cop(cop)
    list_records("organisation", root, fmt)


@organisation_app.command("update")
def organisation_update(
    org_id: Annotated[str, typer.Argument(help="The organisation's id.")],
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    kind: OrgKind = None, country: Country = None, joined: Joined = None,
    objective: Annotated[list[str] | None, Many(
        "--objective", "An institutional objective to add (the next id: o3...)")] = None,
    unset: UnsetOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change an organisation in organisations.yaml, in place (comments kept).

    --objective adds an objective; the objectives there keep their ids, which evidence names.
    A member whose organisation is written as the old name no longer matches a new --name:
    copkit check lists them.

    Example: copkit organisation update pronatura-sur --objective "Fire plans in 5 ejidos"
    """
    from copkit.records.kinds import update

    root, _ = resolve_cop(cop)
    values = {"name": name, "kind": kind, "country": country,
              "joined": day(joined, "--joined")}
    report(update("organisation", root, org_id, values, unset or [], no_commit=no_commit,
                  extra={"objectives": objective}), "updated organisation")


# the options `evidence add` and `evidence update` share
Objective = Annotated[str | None, typer.Option(
    help="The id of the organisation's objective it serves (o1...).")]
PracticeRef = Annotated[str | None, typer.Option(help="The practice adopted (id).")]
StoryRef = Annotated[str | None, typer.Option(help="The story telling it (id).")]
SurveyRef = Annotated[str | None, typer.Option(help="The survey showing it (id).")]
QuestionRef = Annotated[str | None, typer.Option(help="The survey's question (id).")]
Staff = Annotated[int | None, typer.Option(
    help="How many staff were trained or changed practice.", min=0)]
Source = Annotated[str | None, typer.Option(help="Where it can be checked.")]


@evidence_app.command("add")
def evidence_add(
    organisation: Annotated[str, typer.Option(help="The organisation that changed: id or "
                                              "name.")],
    kind: Annotated[str, typer.Option(
        help="practice-adopted, staff-trained, survey, story, policy, resources or other.")],
    summary: Annotated[str | None, typer.Option(help="What changed, in a sentence.")] = None,
    date: Annotated[str | None, typer.Option(help="When (default: today).")] = None,
    objective: Objective = None, practice: PracticeRef = None, story: StoryRef = None,
    survey: SurveyRef = None, question: QuestionRef = None, staff: Staff = None,
    source: Source = None,
    evidence_id: IdOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Record evidence that an organisation changed, in organisations.yaml.

    Example: copkit evidence add --organisation pronatura-sur --kind staff-trained --staff 12
    """
    from copkit.records.kinds import add

    root, _ = resolve_cop(cop)
    values = {"organisation": organisation, "kind": kind, "summary": summary,
              "date": day(date, "--date"), "objective": objective, "practice": practice,
              "story": story, "survey": survey, "question": question, "staff": staff,
              "source": source}
    report(add("evidence", root, values, record_id=evidence_id, no_commit=no_commit),
           "added evidence")


@evidence_app.command("update")
def evidence_update(
    evidence_id: Annotated[str, typer.Argument(help="The evidence record's id.")],
    organisation: Annotated[str | None, typer.Option(
        help="The organisation that changed: id or name.")] = None,
    kind: Annotated[str | None, typer.Option(
        help="practice-adopted, staff-trained, survey, story, policy, resources or other.")]
    = None,
    summary: Annotated[str | None, typer.Option(help="What changed, in a sentence.")] = None,
    date: Annotated[str | None, typer.Option(help="When (YYYY-MM-DD).")] = None,
    objective: Objective = None, practice: PracticeRef = None, story: StoryRef = None,
    survey: SurveyRef = None, question: QuestionRef = None, staff: Staff = None,
    source: Source = None,
    unset: UnsetOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change an evidence record in organisations.yaml, in place (comments kept).

    Example: copkit evidence update pronatura-sur-staff-trained-2026-05-02 --staff 14
    """
    from copkit.records.kinds import update

    root, _ = resolve_cop(cop)
    values = {"organisation": organisation, "kind": kind, "summary": summary,
              "date": day(date, "--date"), "objective": objective, "practice": practice,
              "story": story, "survey": survey, "question": question, "staff": staff,
              "source": source}
    report(update("evidence", root, evidence_id, values, unset or [], no_commit=no_commit),
           "updated evidence")


@evidence_app.command("list")
def evidence_list(fmt: FormatOption = ListFormat.table, cop: CopOption = None) -> None:
    """List the evidence records.

    Example: copkit evidence list --format json
    """
    root, _ = resolve_cop(cop)
    list_records("evidence", root, fmt)


def register(app: typer.Typer) -> None:
    app.add_typer(organisation_app, name="organisation")
    app.add_typer(evidence_app, name="evidence")
