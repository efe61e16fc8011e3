"""`copkit practice ...`: share practices (tools, methods, tips, lessons learnt)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from copkit.cli.common import CopOption, NoCommitOption, report, resolve_cop
from copkit.cli.records import (
    FormatOption,
    IdOption,
    ListFormat,
    Many,
    Topics,
    UnsetOption,
    day,
    list_records,
    show_record,
)

practice_app = typer.Typer(help="Share practices: tools, methods, tips, lessons learnt.",
                           no_args_is_help=True)


@practice_app.command("add")
def practice_add(
    title: Annotated[str, typer.Option(help="What the practice is.")],
    kind: Annotated[str | None, typer.Option(
        help="tool, method, tip, case-study, lesson-learnt, guide, success-story or "
        "resource.")] = None,
    status: Annotated[str | None, typer.Option(help="draft, tested or evaluated.")] = None,
    contributor: Annotated[list[str] | None, Many("--contributor", "Member id or name")]
    = None,
    topic: Topics = None,
    added: Annotated[str | None, typer.Option(help="Date added (default: today).")] = None,
    source: Annotated[str | None, typer.Option(help="internal or external.")] = None,
    summary: Annotated[str | None, typer.Option(help="One paragraph.")] = None,
    body: Annotated[str | None, typer.Option(help="The full text (Markdown).")] = None,
    body_file: Annotated[Path | None, typer.Option(
        "--body-file", help="Read the full text from this file.", dir_okay=False)] = None,
    link: Annotated[list[str] | None, Many("--link", "A web link")] = None,
    file: Annotated[list[str] | None, Many(
        "--file", "An attachment path inside the CoP, like files/guide.pdf")] = None,
    visibility: Annotated[str | None, typer.Option(help="members or public.")] = None,
    practice_id: IdOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add a practice as practices/ID.yaml.

    The id is made from the title unless --id is given. Attachments (--file) must be
    paths inside the CoP folder.

    Example: copkit practice add --title "LED unit how-to" --kind method --contributor juan-perez
    """
    from copkit.records.kinds import add

    root, _ = resolve_cop(cop)
    if body_file is not None:
        try:
            body = body_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            from copkit.errors import UsageError

            raise UsageError(f"--body-file {body_file}: cannot read it ({exc})") from None
    values = {"title": title, "kind": kind, "status": status, "contributors": contributor,
              "topics": topic, "added": day(added, "--added"), "source": source,
              "summary": summary, "body": body, "links": link, "files": file,
              "visibility": visibility}
    report(add("practice", root, values, record_id=practice_id, no_commit=no_commit),
           "added practice")


@practice_app.command("list")
def practice_list(
    topic: Annotated[str | None, typer.Option(help="Only practices on this topic.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only practices of this kind.")] = None,
    fmt: FormatOption = ListFormat.table, cop: CopOption = None,
) -> None:
    """List practices.

    Example: copkit practice list --topic unit-models
    """
    root, _ = resolve_cop(cop)

    def keep(p: Mapping[str, Any]) -> bool:
        return (not topic or topic in p["topics"]) and (not kind or p["kind"] == kind)

    list_records("practice", root, fmt, keep)


@practice_app.command("show")
def practice_show(
    practice_id: Annotated[str, typer.Argument(help="The practice's id (its file name).")],
    cop: CopOption = None,
) -> None:
    """Show a practice.

    Example: copkit practice show led-unit-how-to
    """
    root, _ = resolve_cop(cop)
    show_record("practice", practice_id, root)


ForceOption = Annotated[bool, typer.Option(
    "--force", help="Allow a status to move back (evaluated -> tested...).")]


@practice_app.command("update")
def practice_update(
    practice_id: Annotated[str, typer.Argument(help="The practice's id (its file name).")],
    status: Annotated[str | None, typer.Option(
        help="tested or evaluated: the practice moved forward (logged with its day).")]
    = None,
    on: Annotated[str | None, typer.Option(
        "--on", help="The day the status changed (default: today).")] = None,
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    kind: Annotated[str | None, typer.Option(help="tool, method, tip, case-study...")] = None,
    contributor: Annotated[list[str] | None, Many(
        "--contributor", "Member id or name (replaces the list)")] = None,
    topic: Topics = None,
    added: Annotated[str | None, typer.Option(help="Date added.")] = None,
    source: Annotated[str | None, typer.Option(help="internal or external.")] = None,
    summary: Annotated[str | None, typer.Option(help="One paragraph.")] = None,
    body: Annotated[str | None, typer.Option(help="The full text (Markdown).")] = None,
    link: Annotated[list[str] | None, Many("--link", "A web link (replaces the list)")]
    = None,
    file: Annotated[list[str] | None, Many(
        "--file", "An attachment path inside the CoP (replaces the list)")] = None,
    visibility: Annotated[str | None, typer.Option(help="members or public.")] = None,
    force: ForceOption = False, unset: UnsetOption = None,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change a practice: its status as it moves draft -> tested -> evaluated, or any field.

    A new status is logged with its day (--on, default today) in the practice's status_log,
    so the report counts the move in the period it happened (E4). A step back is refused
    unless --force; a day before the practice was added or before the CoP started is
    refused.

    Example: copkit practice update led-unit-how-to --status tested --on 2026-06-12
    """
    from copkit.records.kinds import update

    root, _ = resolve_cop(cop)
    values = {"status": status, "title": title, "kind": kind, "contributors": contributor,
              "topics": topic, "added": day(added, "--added"), "source": source,
              "summary": summary, "body": body, "links": link, "files": file,
              "visibility": visibility}
    report(update("practice", root, practice_id, values, unset or [], no_commit=no_commit,
                  extra={"on": day(on, "--on"), "force": force}), "updated practice")


@practice_app.command("adopt")
def practice_adopt(
    practice_id: Annotated[str, typer.Argument(help="The practice's id (its file name).")],
    organisation: Annotated[str, typer.Option(help="The organisation that adopted it.")],
    on: Annotated[str | None, typer.Option(
        "--on", help="The day it was adopted (default: today).")] = None,
    evidence: Annotated[str | None, typer.Option(
        help="What shows it: a resolution, a plan, a report.")] = None,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Record that an organisation adopted a practice (counted in the report's I3).

    Example: copkit practice adopt led-unit-how-to --organisation "Muni Puno" --on 2026-09-01
    """
    from copkit.records.kinds import update

    root, _ = resolve_cop(cop)
    adoption = {"organisation": organisation, "evidence": evidence}
    report(update("practice", root, practice_id, {}, no_commit=no_commit,
                  extra={"on": day(on, "--on"), "adoption": adoption}),
           "recorded an adoption of practice")


def register(app: typer.Typer) -> None:
    app.add_typer(practice_app, name="practice")
