"""`copkit member|meeting|practice|activity|story|topic ...`: create, change and list records."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from copkit.cli.common import CopOption, NoCommitOption, echo, finite_number, resolve_cop


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[ListFormat, typer.Option(
    "--format", "-f", help="table for people, json or csv for programs and spreadsheets.")]
IdOption = Annotated[str | None, typer.Option(
    "--id", help="The id to give the record (default: made from the name or title).")]
UnsetOption = Annotated[list[str] | None, typer.Option(
    "--unset", help="Remove an optional field (repeat for several).", show_default=False)]


def Many(flag: str, help: str) -> Any:
    return typer.Option(flag, help=help + " (repeat for several)", show_default=False)


# ---------------------------------------------------------------- output helpers
def report(outcome: Any, verb: str) -> None:
    """Tell the user what was written and committed."""
    what = verb.format(id=outcome.record_id) if "{id}" in verb else \
        f"{verb} {outcome.record_id}"
    if outcome.paths:
        paths = outcome.paths
        shown = ", ".join(paths) if len(paths) <= 6 else \
            ", ".join(paths[:3]) + f" and {len(paths) - 3} other files"
        echo(f"{what}: wrote {shown}")
        if outcome.commit:
            echo(f"committed {outcome.commit[:8]}: {outcome.subject}")
        else:
            echo("not committed (--no-commit): commit the file(s) yourself when ready")
    for note in outcome.notes:
        echo(f"note: {note}")


def warn_hidden(loaded: Any, what: str) -> None:
    """On stderr: the records a list leaves out because they are invalid, each problem with
    its path:line:col, and where to see more (the list itself shows the valid ones)."""
    if not loaded.findings:
        return
    from copkit.text import printable

    n = loaded.hidden
    if n:
        echo(f"warning: {n} {what} record{'s are' if n > 1 else ' is'} not listed because "
             f"{'they are' if n > 1 else 'it is'} invalid:", err=True)
    else:
        echo("warning: problems found while reading the records:", err=True)
    for f in loaded.findings:
        echo(f"  {f.location}: {printable(f.message)}", err=True)
    echo("  hint: run copkit check to see every problem and how to fix it", err=True)


def emit(rows: list[dict[str, Any]], columns: list[str], fmt: ListFormat,
         empty: str = "nothing to list") -> None:
    if fmt is ListFormat.json:
        from copkit.text import printable_json

        echo(printable_json(json.dumps(rows, ensure_ascii=False, indent=2, default=str)))
        return
    if fmt is ListFormat.csv:
        from copkit.output.csvout import to_csv

        sys.stdout.write(to_csv(rows, columns))
        return
    if not rows:
        echo(empty)
        return
    table = [[c.replace("_", " ") for c in columns]]
    table += [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(columns))]
    for r in table:
        echo("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    echo(f"({len(rows)} shown)")


def _cell(value: Any, limit: int = 48) -> str:
    from copkit.text import printable

    if value is None:
        return ""
    text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    text = printable(" ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_fields(data: dict[str, Any], hidden: tuple[str, ...] = ()) -> None:
    from copkit.text import printable

    for key, value in data.items():
        if value in (None, [], {}) or key in hidden:
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            echo(f"{key}:")
            for item in value:
                echo("  - " + printable(", ".join(f"{k}: {v}" for k, v in item.items()
                                        if v not in (None, [], {}))))
        elif isinstance(value, list):
            echo(f"{key}: {printable(', '.join(str(v) for v in value))}")
        elif isinstance(value, dict):
            echo(f"{key}: " + printable(", ".join(f"{k}: {v}" for k, v in value.items()
                                                  if v not in (None, [], {}))))
        elif isinstance(value, str) and "\n" in value:
            echo(f"{key}: |")
            for line in value.rstrip("\n").split("\n"):
                echo(f"  {printable(line)}")
        else:
            echo(f"{key}: {printable(str(value))}")
    if hidden:
        echo(f"({', '.join(hidden)} hidden: add --include-contacts to show them)")


def _day(value: str | None, flag: str) -> Any:
    if value is None:
        return None
    from copkit.records import parse_day

    return parse_day(value, flag)


# ---------------------------------------------------------------- members
member_app = typer.Typer(help="Add, list, show and update members; record who left.",
                         no_args_is_help=True)


def _member_values(name: str | None, organisation: str | None, country: str | None,
                   role: list[str] | None, level: str | None, email: str | None,
                   phone: str | None, channel: str | None, joined: str | None,
                   interest: list[str] | None, expertise: list[str] | None,
                   responsibility: list[str] | None, hours: float | None,
                   consent_directory: bool | None, consent_public: bool | None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": name, "organisation": organisation,
        "country": country.upper() if country else None, "roles": role, "level": level,
        "email": email, "phone": phone, "preferred_channel": channel,
        "joined": _day(joined, "--joined"), "interests": interest, "expertise": expertise,
        "responsibilities": responsibility, "time_commitment_hours_per_month": hours,
    }
    consent = {k: v for k, v in (("directory", consent_directory),
                                 ("public", consent_public)) if v is not None}
    if consent:
        values["consent"] = consent
    return values


Organisation = Annotated[str | None, typer.Option("--organisation", "--organization",
                                                  help="Organisation the member works for.")]
Country = Annotated[str | None, typer.Option(help="Two-letter country code (PE, MX, FR...).")]
Roles = Annotated[list[str] | None, Many(
    "--role", "facilitator, co-facilitator, thematic-leader, expert, communications, "
    "institutional-development, technical-support, sponsor or participant")]
Level = Annotated[str | None, typer.Option(help="Declared level: core, active or peripheral.")]
Email = Annotated[str | None, typer.Option(help="Email address.")]
Phone = Annotated[str | None, typer.Option(help="Phone number, as written.")]
Channel = Annotated[str | None, typer.Option("--channel", help="Preferred channel (email...).")]
Joined = Annotated[str | None, typer.Option(help="Date joined, YYYY-MM-DD (default: today).")]
Interests = Annotated[list[str] | None, Many("--interest", "A topic id or free word")]
Expertise = Annotated[list[str] | None, Many("--expertise", "An area of expertise")]
Responsibility = Annotated[list[str] | None, Many(
    "--responsibility", "An expected contribution (planning step 3)")]
Hours = Annotated[float | None, typer.Option(
    "--hours", help="Hours a month they can give.", parser=finite_number("--hours", "10"),
    metavar="FLOAT")]
ConsentDir = Annotated[bool | None, typer.Option(
    "--consent-directory/--no-consent-directory",
    help="May other members see their contact details?", show_default=False)]
ConsentPub = Annotated[bool | None, typer.Option(
    "--consent-public/--no-consent-public", help="May their name appear in public reports?",
    show_default=False)]


@member_app.command("add")
def member_add(
    name: Annotated[str, typer.Argument(help="Full name, as the person writes it.")],
    organisation: Organisation = None, country: Country = None, role: Roles = None,
    level: Level = None, email: Email = None, phone: Phone = None, channel: Channel = None,
    joined: Joined = None, interest: Interests = None, expertise: Expertise = None,
    responsibility: Responsibility = None, hours: Hours = None,
    consent_directory: ConsentDir = None, consent_public: ConsentPub = None,
    member_id: IdOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add a member to members.yaml.

    The id is made from the name (María López -> maria-lopez), made unique, unless --id is
    given. The member joins today unless --joined says otherwise.

    Example: copkit member add "María López" --email maria@example.org --role facilitator
    """
    from copkit.records import add_member

    root, _ = resolve_cop(cop)
    values = _member_values(name, organisation, country, role, level, email, phone, channel,
                            joined, interest, expertise, responsibility, hours,
                            consent_directory, consent_public)
    report(add_member(root, values, member_id=member_id, no_commit=no_commit), "added member")


@member_app.command("list")
def member_list(
    all_: Annotated[bool, typer.Option("--all", help="Include members who left.")] = False,
    level: Level = None,
    role: Annotated[str | None, typer.Option(help="Only members with this role.")] = None,
    include_contacts: Annotated[bool, typer.Option(
        "--include-contacts", help="Also show email, phone and preferred channel.")] = False,
    fmt: FormatOption = ListFormat.table, cop: CopOption = None,
) -> None:
    """List members; contact details only with --include-contacts.

    Members who left are listed with --all.

    Example: copkit member list --role facilitator --format csv > facilitators.csv
    """
    from copkit.records import MEMBERS, load_parts

    root, _ = resolve_cop(cop)
    loaded = load_parts(root, [MEMBERS])
    members = loaded.cop.members
    columns = ["id", "name", "organisation", "country", "roles", "level", "joined", "left"]
    if include_contacts:
        columns += ["email", "phone", "preferred_channel"]
    rows = []
    for m in members:
        if (not all_ and m.left is not None) or (level and m.level != level) or \
                (role and role not in m.roles):
            continue
        data = m.model_dump(mode="json")
        rows.append({c: data.get(c) for c in columns})
    emit(rows, columns, fmt, "no members match")
    warn_hidden(loaded, "member")


@member_app.command("show")
def member_show(
    member_id: Annotated[str, typer.Argument(help="The member's id.")],
    include_contacts: Annotated[bool, typer.Option(
        "--include-contacts", help="Also show email, phone and preferred channel.")] = False,
    cop: CopOption = None,
) -> None:
    """Show one member's record and how many meetings they attended.

    Example: copkit member show maria-lopez --include-contacts
    """
    from copkit.records import read_member

    root, _ = resolve_cop(cop)
    member = read_member(root, member_id)
    data = member.model_dump(mode="json", exclude_defaults=True)
    hidden = () if include_contacts else tuple(
        k for k in ("email", "phone", "preferred_channel") if data.get(k))
    show_fields(data, hidden)
    from copkit.records import meetings_attended

    attended, loaded = meetings_attended(root, member_id)
    last = f" (last: {attended[-1].id})" if attended else ""
    echo(f"meetings attended: {len(attended)}{last}")
    warn_hidden(loaded, "meeting")


@member_app.command("update")
def member_update(
    member_id: Annotated[str, typer.Argument(help="The member's id.")],
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    organisation: Organisation = None, country: Country = None, role: Roles = None,
    level: Level = None, email: Email = None, phone: Phone = None, channel: Channel = None,
    joined: Joined = None, interest: Interests = None, expertise: Expertise = None,
    responsibility: Responsibility = None, hours: Hours = None,
    consent_directory: ConsentDir = None, consent_public: ConsentPub = None,
    unset: UnsetOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change a member's fields.

    A list flag such as --role replaces the whole list; --unset FIELD removes a field.

    Example: copkit member update maria-lopez --level active --role facilitator --role expert
    """
    from copkit.records import update_member

    root, _ = resolve_cop(cop)
    values = _member_values(name, organisation, country, role, level, email, phone, channel,
                            joined, interest, expertise, responsibility, hours,
                            consent_directory, consent_public)
    report(update_member(root, member_id, values, unset or [], no_commit=no_commit),
           "updated member")


@member_app.command("leave")
def member_leave(
    member_id: Annotated[str, typer.Argument(help="The member's id.")],
    date: Annotated[str | None, typer.Option(help="Date they left (default: today).")] = None,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Record that a member left (members are never deleted).

    Sets the member's 'left' date; they stay in members.yaml and in past attendance.

    Example: copkit member leave juan-perez --date 2026-10-31
    """
    from copkit.records import leave_member

    root, _ = resolve_cop(cop)
    report(leave_member(root, member_id, _day(date, "--date"), no_commit=no_commit),
           "recorded that {id} left")


@member_app.command("forget")
def member_forget(
    member_id: Annotated[str, typer.Argument(help="The member's id.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
    = False,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Erase a member's personal data (the right to be forgotten).

    Name, email, phone, organisation and the rest are removed from members.yaml; the record
    stays under a neutral id (forgotten-member-1) that replaces the old id in every field that
    names a member (attendance, owners, the charter's review log...), so counts stay right.
    Guests with their name are anonymised too, and copkit's caches that may hold their data
    are deleted. Then copkit prints how to purge the data from git history with git
    filter-repo, and copkit's caches from every clone.

    Example: copkit member forget juan-perez --yes
    """
    from copkit.records import forget_member, purge_instructions

    root, _ = resolve_cop(cop)
    if not yes:
        from copkit.cli.imports import interactive

        if not interactive():
            echo(f"error: forgetting '{member_id}' erases their personal data; confirm with "
                 "--yes (no terminal to ask on)", err=True)
            raise typer.Exit(1)
        if not typer.confirm(f"Erase the personal data of '{member_id}'?", default=False):
            echo("nothing changed")
            raise typer.Exit(1)
    outcome = forget_member(root, member_id, no_commit=no_commit)
    report(outcome, f"erased the personal data of {member_id}, now {{id}}")
    if outcome.mentions:
        echo("free text still mentioning them (edit these lines by hand):")
        for where in outcome.mentions:
            echo(f"  {where}")
    if outcome.maybe:
        from copkit.text import printable

        echo(f"free text naming '{printable(outcome.given_name)}' (their given name): these "
             "may be them or someone else with that name; check each and edit it by hand if "
             "it is them:")
        for where in outcome.maybe:
            echo(f"  {where}")
    echo("")
    echo(purge_instructions(outcome))


@member_app.command("merge")
def member_merge(
    keep: Annotated[str, typer.Argument(help="The member id to keep.")],
    drop: Annotated[str, typer.Argument(help="The member id to fold into it (removed).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
    = False,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Join two records of one person: DROP is folded into KEEP.

    Every reference to DROP (attendance, practice contributors, action and activity
    owners, stories, topic leads, group members, survey respondents, plan assignments, the
    charter's review log) names KEEP instead, once in each list; KEEP gets the fields it
    lacks from DROP (email, phone, organisation...), both records' roles and interests, the
    earlier joined date; DROP's record is removed and its comments kept with KEEP's. One
    commit. What will change is shown first.

    Example: copkit member merge maria-gomez mario-gomez --yes
    """
    from copkit.records import merge_members, merge_preview

    root, _ = resolve_cop(cop)
    for line in merge_preview(root, keep, drop):
        echo(line)
    if not yes:
        from copkit.cli.imports import interactive

        if not interactive():
            echo("nothing written: pass --yes to merge (there is no terminal to ask on)",
                 err=True)
            raise typer.Exit(1)
        if not typer.confirm(f"Merge {drop} into {keep}?", default=False):
            echo("nothing changed")
            raise typer.Exit(1)
    report(merge_members(root, keep, drop, no_commit=no_commit), f"merged {drop} into {{id}}")


# ---------------------------------------------------------------- meetings
meeting_app = typer.Typer(help="Record meetings and who attended them.", no_args_is_help=True)
Topics = Annotated[list[str] | None, Many("--topic", "An agenda topic id")]


@meeting_app.command("new")
def meeting_new(
    title: Annotated[str, typer.Option(help="What the meeting was about.")],
    date: Annotated[str, typer.Option(help="Date of the meeting, YYYY-MM-DD.")],
    slug: Annotated[str | None, typer.Option(
        help="Short name for the file (default: from the title).")] = None,
    meeting_format: Annotated[str | None, typer.Option(
        "--format", help="face-to-face, virtual, hybrid, webinar, field-visit, training or "
        "conference-call.")] = None,
    location: Annotated[str | None, typer.Option(help="Where (a place or Zoom...).")] = None,
    duration: Annotated[int | None, typer.Option("--duration", help="Minutes.")] = None,
    facilitator: Annotated[str | None, typer.Option(help="Member id or name.")] = None,
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
    from copkit.records import new_meeting, parse_guest

    root, _ = resolve_cop(cop)
    actions = []
    for text in action or []:
        parts = [p.strip() for p in text.split("|")]
        item: dict[str, Any] = {"action": parts[0]}
        if len(parts) > 1 and parts[1]:
            item["owner"] = parts[1]
        if len(parts) > 2 and parts[2]:
            item["due"] = _day(parts[2], "--action")
        actions.append(item)
    values = {
        "date": _day(date, "--date"), "title": title, "format": meeting_format,
        "location": location, "duration_minutes": duration, "facilitator": facilitator,
        "topics": topic, "attendees": attendee,
        "guests": [parse_guest(g) for g in guest or []], "notes": notes,
        "decisions": decision, "actions": actions, "knowledge": knowledge,
    }
    report(new_meeting(root, values, slug=slug, no_commit=no_commit), "added meeting")


@meeting_app.command("list")
def meeting_list(
    since: Annotated[str | None, typer.Option(help="Only from this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Only up to this date.")] = None,
    fmt: FormatOption = ListFormat.table, cop: CopOption = None,
) -> None:
    """List meetings, oldest first, with how many attended.

    Example: copkit meeting list --since 2026-01-01
    """
    from copkit.records import folder_files, load_parts

    root, _ = resolve_cop(cop)
    start, end = _day(since, "--since"), _day(until, "--until")
    loaded = load_parts(root, folder_files(root, "meetings"))
    columns = ["id", "date", "title", "format", "attendees", "guests", "topics"]
    rows = []
    for m in loaded.cop.meetings:
        if (start and m.date < start) or (end and m.date > end):
            continue
        rows.append({"id": m.id, "date": m.date.isoformat(), "title": m.title,
                     "format": m.format, "attendees": len(m.attendees),
                     "guests": len(m.guests), "topics": m.topics})
    emit(rows, columns, fmt, "no meetings recorded")
    warn_hidden(loaded, "meeting")


@meeting_app.command("show")
def meeting_show(
    meeting_id: Annotated[str, typer.Argument(help="The meeting's id (its file name).")],
    cop: CopOption = None,
) -> None:
    """Show a meeting's record.

    Example: copkit meeting show 2026-05-10-unit-models
    """
    from copkit.records import read_record

    root, _ = resolve_cop(cop)
    relpath, meeting = read_record(root, "meeting", meeting_id)
    echo(f"# {relpath}")
    show_fields(meeting.model_dump(mode="json", exclude_defaults=True))


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
    from copkit.records import attend_meeting

    root, _ = resolve_cop(cop)
    if not people and not guest:
        from copkit.errors import UsageError

        raise UsageError("name at least one person or --guest",
                         "copkit meeting attend MEETING-ID maria-lopez 'Juan Pérez'")
    report(attend_meeting(root, meeting_id, people or [], guest or [],
                          add_unknown=add_unknown, no_commit=no_commit),
           "recorded attendance at")


# ---------------------------------------------------------------- practices
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
    from copkit.records import add_practice

    root, _ = resolve_cop(cop)
    if body_file is not None:
        try:
            body = body_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            from copkit.errors import UsageError

            raise UsageError(f"--body-file {body_file}: cannot read it ({exc})") from None
    values = {"title": title, "kind": kind, "status": status, "contributors": contributor,
              "topics": topic, "added": _day(added, "--added"), "source": source,
              "summary": summary, "body": body, "links": link, "files": file,
              "visibility": visibility}
    report(add_practice(root, values, practice_id=practice_id, no_commit=no_commit),
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
    from copkit.records import folder_files, load_parts

    root, _ = resolve_cop(cop)
    loaded = load_parts(root, folder_files(root, "practices"))
    practices = loaded.cop.practices
    columns = ["id", "title", "kind", "status", "added", "contributors", "topics"]
    rows = [{"id": p.id, "title": p.title, "kind": p.kind, "status": p.status,
             "added": p.added.isoformat() if p.added else None,
             "contributors": p.contributors, "topics": p.topics}
            for p in practices
            if (not topic or topic in p.topics) and (not kind or p.kind == kind)]
    emit(rows, columns, fmt, "no practices match")
    warn_hidden(loaded, "practice")


@practice_app.command("show")
def practice_show(
    practice_id: Annotated[str, typer.Argument(help="The practice's id (its file name).")],
    cop: CopOption = None,
) -> None:
    """Show a practice.

    Example: copkit practice show led-unit-how-to
    """
    from copkit.records import read_record

    root, _ = resolve_cop(cop)
    relpath, practice = read_record(root, "practice", practice_id)
    echo(f"# {relpath}")
    show_fields(practice.model_dump(mode="json", exclude_defaults=True))


# ---------------------------------------------------------------- activities
activity_app = typer.Typer(help="Activities that support sharing, with budgets.",
                           no_args_is_help=True)


def _money(amount: float | None, currency: str | None, flag: str) -> dict[str, Any] | None:
    if amount is None:
        return None
    if not currency:
        from copkit.errors import UsageError

        raise UsageError(f"{flag} needs a --currency (CAD, EUR, USD...)")
    return {"amount": amount, "currency": currency}


AKind = Annotated[str | None, typer.Option(
    "--kind", help="exchange, seminar, research, training, knowledge-product, "
    "joint-initiative, site-visit, webinar or workshop.")]
AOwner = Annotated[str | None, typer.Option("--owner", help="Member id or name.")]
AStart = Annotated[str | None, typer.Option("--start", help="Start date.")]
AEnd = Annotated[str | None, typer.Option("--end", help="End date.")]
ABudget = Annotated[float | None, typer.Option(
    "--budget", help="Budget amount.", parser=finite_number("--budget", "1500"),
    metavar="FLOAT")]
ASpent = Annotated[float | None, typer.Option(
    "--spent", help="Amount spent so far.", parser=finite_number("--spent", "1500"),
    metavar="FLOAT")]
ACurrency = Annotated[str | None, typer.Option("--currency", help="Currency of the amounts.")]
ANeeded = Annotated[bool | None, typer.Option(
    "--budget-needed/--no-budget-needed", help="Does the activity need money?",
    show_default=False)]
AStatus = Annotated[str | None, typer.Option(
    "--status", help="planned, under-way, done or cancelled.")]


def _activity_values(root: Path, title: str | None, kind: str | None, owner: str | None,
                     start: str | None, end: str | None, budget: float | None,
                     spent: float | None, currency: str | None, needed: bool | None,
                     status: str | None, topic: list[str] | None) -> dict[str, Any]:
    if owner:
        from copkit.records import Context, resolve_people

        owner = resolve_people(Context(root), [owner], "--owner")[0]
    return {"title": title, "kind": kind, "owner": owner, "start": _day(start, "--start"),
            "end": _day(end, "--end"), "budget": _money(budget, currency, "--budget"),
            "budget_needed": needed, "spent": _money(spent, currency, "--spent"),
            "status": status, "topics": topic}


@activity_app.command("add")
def activity_add(
    title: Annotated[str, typer.Option(help="What the activity is.")],
    kind: AKind = None, owner: AOwner = None, start: AStart = None, end: AEnd = None,
    budget: ABudget = None, spent: ASpent = None, currency: ACurrency = None,
    budget_needed: ANeeded = None, status: AStatus = None, topic: Topics = None,
    activity_id: IdOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add an activity to activities.yaml.

    Example: copkit activity add --title "Site visit to Puno" --budget 1500 --currency CAD
    """
    from copkit.records import add_activity

    root, _ = resolve_cop(cop)
    values = _activity_values(root, title, kind, owner, start, end, budget, spent, currency,
                              budget_needed, status, topic)
    report(add_activity(root, values, activity_id=activity_id, no_commit=no_commit),
           "added activity")


@activity_app.command("list")
def activity_list(fmt: FormatOption = ListFormat.table, cop: CopOption = None) -> None:
    """List activities with their budgets and status.

    Example: copkit activity list --format csv
    """
    from copkit.records import ACTIVITIES, load_parts

    root, _ = resolve_cop(cop)
    loaded = load_parts(root, [ACTIVITIES])
    activities = loaded.cop.activities
    columns = ["id", "title", "kind", "owner", "start", "end", "budget", "spent", "status"]

    def money(m: Any) -> str | None:
        return f"{m.amount:g} {m.currency}" if m else None

    rows = [{"id": a.id, "title": a.title, "kind": a.kind, "owner": a.owner,
             "start": a.start.isoformat() if a.start else None,
             "end": a.end.isoformat() if a.end else None, "budget": money(a.budget),
             "spent": money(a.spent), "status": a.status} for a in activities]
    emit(rows, columns, fmt, "no activities recorded")
    warn_hidden(loaded, "activity")


@activity_app.command("update")
def activity_update(
    activity_id: Annotated[str, typer.Argument(help="The activity's id.")],
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    kind: AKind = None, owner: AOwner = None, start: AStart = None, end: AEnd = None,
    budget: ABudget = None, spent: ASpent = None, currency: ACurrency = None,
    budget_needed: ANeeded = None, status: AStatus = None, topic: Topics = None,
    unset: UnsetOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change an activity (status, amount spent, dates...).

    Example: copkit activity update site-visit-puno --status done --spent 1320 --currency CAD
    """
    from copkit.records import update_activity

    root, _ = resolve_cop(cop)
    values = _activity_values(root, title, kind, owner, start, end, budget, spent, currency,
                              budget_needed, status, topic)
    report(update_activity(root, activity_id, values, unset or [], no_commit=no_commit),
           "updated activity")


# ---------------------------------------------------------------- stories
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
    from copkit.records import add_story

    root, _ = resolve_cop(cop)
    values = {"title": title, "date": _day(date, "--date"), "member": member, "goals": goal,
              "cycles": {"immediate": immediate, "potential": potential, "applied": applied,
                         "realized": realized, "transformative": transformative},
              "evidence": evidence}
    report(add_story(root, values, story_id=story_id, no_commit=no_commit), "added story")


# ---------------------------------------------------------------- topics
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
    from copkit.records import add_topic

    root, _ = resolve_cop(cop)
    values = {"title": title, "questions": question, "goals": goal, "lead": lead,
              "group": group, "sessions": [_day(s, "--session") for s in session or []],
              "status": status}
    report(add_topic(root, values, topic_id=topic_id, no_commit=no_commit), "added topic")


@topic_app.command("list")
def topic_list(fmt: FormatOption = ListFormat.table, cop: CopOption = None) -> None:
    """List the learning agenda's topics.

    Example: copkit topic list --format json
    """
    from copkit.records import AGENDA, load_parts

    root, _ = resolve_cop(cop)
    loaded = load_parts(root, [AGENDA])
    topics = loaded.cop.agenda.topics
    columns = ["id", "title", "lead", "status", "sessions", "goals"]
    rows = [{"id": t.id, "title": t.title, "lead": t.lead, "status": t.status,
             "sessions": [d.isoformat() for d in t.sessions], "goals": t.goals}
            for t in topics]
    emit(rows, columns, fmt, "no topics on the agenda")
    warn_hidden(loaded, "agenda")


def register(app: typer.Typer) -> None:
    app.add_typer(member_app, name="member")
    app.add_typer(meeting_app, name="meeting")
    app.add_typer(practice_app, name="practice")
    app.add_typer(activity_app, name="activity")
    app.add_typer(story_app, name="story")
    app.add_typer(topic_app, name="topic")
