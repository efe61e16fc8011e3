"""`copkit meeting ...`: record meetings and who attended them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import typer

from copkit.cli.common import CopOption, NoCommitOption, report, resolve_cop
from copkit.cli.records import (
    FormatOption,
    ListFormat,
    Many,
    Topics,
    UnsetOption,
    day,
    list_records,
    show_record,
)

meeting_app = typer.Typer(help="Record meetings and who attended them.", no_args_is_help=True)

# the options `meeting new` and `meeting update` share
MeetingFormat = Annotated[str | None, typer.Option(
    "--format", help="face-to-face, virtual, hybrid, webinar, field-visit, training or "
    "conference-call.")]
Location = Annotated[str | None, typer.Option(help="Where (a place or Zoom...).")]
Duration = Annotated[int | None, typer.Option("--duration", help="Minutes.")]
Facilitator = Annotated[str | None, typer.Option(help="Member id or name.")]


@meeting_app.command("new")
def meeting_new(
    title: Annotated[str, typer.Option(help="What the meeting was about.")],
    date: Annotated[str, typer.Option(help="Date of the meeting, YYYY-MM-DD.")],
    slug: Annotated[str | None, typer.Option(
        help="Short name for the file (default: from the title).")] = None,
    meeting_format: MeetingFormat = None, location: Location = None,
    duration: Duration = None, facilitator: Facilitator = None,
    topic: Topics = None,
    attendee: Annotated[list[str] | None, Many("--attendee", "Member id, email or name")]
    = None,
    guest: Annotated[list[str] | None, Many("--guest", "Guest as 'Name|Organisation|Role'")]
    = None,
    notes: Annotated[str | None, typer.Option(help="Notes (Markdown).")] = None,
    decision: Annotated[list[str] | None, Many("--decision", "A decision taken")] = None,
    action: Annotated[list[str] | None, Many(
        "--action", "An action as 'what|owner id|due date'")] = None,
    knowledge: Annotated[list[str] | None, Many("--knowledge", "A practice id captured")]
    = None,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Record a meeting in meetings/DATE-SLUG.yaml.

    Refuses when a file of that name exists (same date and title).

    Example: copkit meeting new --date 2026-05-10 --title "LED unit models" --attendee maria-lopez
    """
    from copkit.records.kinds import add
    from copkit.records.meetings import parse_guest

    root, _ = resolve_cop(cop)
    actions = []
    for text in action or []:
        parts = [p.strip() for p in text.split("|")]
        item: dict[str, Any] = {"action": parts[0]}
        if len(parts) > 1 and parts[1]:
            item["owner"] = parts[1]
        if len(parts) > 2 and parts[2]:
            item["due"] = day(parts[2], "--action")
        actions.append(item)
    values = {
        "date": day(date, "--date"), "title": title, "format": meeting_format,
        "location": location, "duration_minutes": duration, "facilitator": facilitator,
        "topics": topic, "attendees": attendee,
        "guests": [parse_guest(g) for g in guest or []], "notes": notes,
        "decisions": decision, "actions": actions, "knowledge": knowledge,
    }
    report(add("meeting", root, values, record_id=slug, no_commit=no_commit),
           "added meeting")


@meeting_app.command("list")
def meeting_list(
    since: Annotated[str | None, typer.Option(help="Only from this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Only up to this date.")] = None,
    fmt: FormatOption = ListFormat.table, cop: CopOption = None,
) -> None:
    """List meetings, oldest first, with how many attended.

    Example: copkit meeting list --since 2026-01-01
    """
    root, _ = resolve_cop(cop)
    start, end = day(since, "--since"), day(until, "--until")

    def keep(m: Mapping[str, Any]) -> bool:
        return not (start and m["date"] < start.isoformat()) and \
            not (end and m["date"] > end.isoformat())

    list_records("meeting", root, fmt, keep)


@meeting_app.command("show")
def meeting_show(
    meeting_id: Annotated[str, typer.Argument(help="The meeting's id (its file name).")],
    cop: CopOption = None,
) -> None:
    """Show a meeting's record.

    Example: copkit meeting show 2026-05-10-unit-models
    """
    root, _ = resolve_cop(cop)
    show_record("meeting", meeting_id, root)


@meeting_app.command("attend")
def meeting_attend(
    meeting_id: Annotated[str, typer.Argument(help="The meeting's id (its file name).")],
    people: Annotated[list[str] | None, typer.Argument(
        help="Members who attended: ids, emails or names.", show_default=False)] = None,
    guest: Annotated[list[str] | None, Many("--guest", "Guest as 'Name|Organisation|Role'")]
    = None,
    add_unknown: Annotated[str | None, typer.Option(
        "--add-unknown", help="People who are not members: add them as 'members' or "
        "'guests' (default: stop with an error).")] = None,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add people to a meeting's attendance.

    People are named by member id, email or name (matched with accents and case
    ignored, and a close spelling); a name that fits two members is refused.

    Example: copkit meeting attend 2026-05-10-unit-models maria-lopez "Juan Pérez"
    """
    from copkit.records.attendance import attend_meeting

    root, _ = resolve_cop(cop)
    if not people and not guest:
        from copkit.errors import UsageError

        raise UsageError("name at least one person or --guest",
                         "copkit meeting attend MEETING-ID maria-lopez 'Juan Pérez'")
    report(attend_meeting(root, meeting_id, people or [], guest or [],
                          add_unknown=add_unknown, no_commit=no_commit),
           "recorded attendance at")


@meeting_app.command("update")
def meeting_update(
    meeting_id: Annotated[str, typer.Argument(help="The meeting's id (its file name).")],
    title: Annotated[str | None, typer.Option(help="New title (the file keeps its name).")]
    = None,
    date: Annotated[str | None, typer.Option(
        help="New date: the file is renamed DATE-SLUG.yaml, and the agenda sessions of the "
        "old day move with it.")] = None,
    meeting_format: MeetingFormat = None, location: Location = None,
    duration: Duration = None, facilitator: Facilitator = None,
    topic: Annotated[list[str] | None, Many("--topic", "An agenda topic id (replaces the list)")]
    = None,
    notes: Annotated[str | None, typer.Option(help="Notes (Markdown; replaces them).")] = None,
    decision: Annotated[list[str] | None, Many("--decision", "A decision to add")] = None,
    action: Annotated[list[str] | None, Many("--action", "An action to add: what is to be done")]
    = None,
    owner: Annotated[str | None, typer.Option(
        help="Who does the --action(s): member id or name.")] = None,
    due: Annotated[str | None, typer.Option(help="When the --action(s) are due.")] = None,
    knowledge: Annotated[list[str] | None, Many(
        "--knowledge", "A practice id captured (replaces the list)")] = None,
    unset: UnsetOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change a meeting: its title, date, format, facilitator, notes; add decisions and
    actions.

    A new --date renames the file (refused when a meeting of that name exists) and is not
    before the CoP started. --decision and --action add to those recorded; --owner and --due
    go with the --action(s) given. Mark an action done with copkit action done.

    Example: copkit meeting update 2026-05-10-unit-models --action "Send minutes" --owner ana
    """
    from copkit.records.kinds import update

    root, _ = resolve_cop(cop)
    if (owner or due) and not action:
        from copkit.errors import UsageError

        raise UsageError("--owner and --due go with an --action",
                         f"copkit meeting update {meeting_id} --action 'Send the minutes' "
                         "--owner maria-lopez --due 2026-06-01")
    actions = [{"action": a, "owner": owner, "due": day(due, "--due")} for a in action or []]
    values = {"title": title, "date": day(date, "--date"), "format": meeting_format,
              "location": location, "duration_minutes": duration, "facilitator": facilitator,
              "topics": topic, "notes": notes, "knowledge": knowledge}
    report(update("meeting", root, meeting_id, values, unset or [], no_commit=no_commit,
                  extra={"decisions": decision or [], "actions": actions}),
           "updated meeting")


def register(app: typer.Typer) -> None:
    app.add_typer(meeting_app, name="meeting")
