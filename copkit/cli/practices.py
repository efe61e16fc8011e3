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


def register(app: typer.Typer) -> None:
    app.add_typer(practice_app, name="practice")
