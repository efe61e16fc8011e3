"""`copkit member ...`: add, list, show and update members; record who left; merge two
records of one person; forget one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import typer

from copkit.cli.common import CopOption, NoCommitOption, echo, finite_number, report, resolve_cop
from copkit.cli.records import (
    FormatOption,
    IdOption,
    ListFormat,
    Many,
    UnsetOption,
    day,
    list_records,
    show_fields,
    warn_hidden,
)

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
        "joined": day(joined, "--joined"), "interests": interest, "expertise": expertise,
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
ConsentNews = Annotated[bool | None, typer.Option(
    "--consent-newsletter/--no-consent-newsletter",
    help="Do they want the newsletter? (copkit newsletter --recipients lists them.)",
    show_default=False)]
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
    consent_newsletter: ConsentNews = None,
    member_id: IdOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add a member to members.yaml.

    The id is made from the name (María López -> maria-lopez), made unique, unless --id is
    given. The member joins today unless --joined says otherwise.

    Example: copkit member add "María López" --email maria@example.org --role facilitator
    """
    from copkit.records.kinds import add

    root, _ = resolve_cop(cop)
    values = _member_values(name, organisation, country, role, level, email, phone, channel,
                            joined, interest, expertise, responsibility, hours,
                            consent_directory, consent_public)
    _newsletter(values, consent_newsletter)
    report(add("member", root, values, record_id=member_id, no_commit=no_commit),
           "added member")
    _where_contacts(root, values)


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
    root, _ = resolve_cop(cop)

    def keep(m: Mapping[str, Any]) -> bool:
        return (all_ or m["left"] is None) and (not level or m["level"] == level) and \
            (not role or role in m["roles"])

    contacts = ("email", "phone", "preferred_channel") if include_contacts else ()
    if include_contacts:
        from copkit.records.members import contact_cells

        cells, note = contact_cells(root)
        if note:
            echo(note, err=True)
        chosen = keep

        def keep(m: Mapping[str, Any]) -> bool:
            cells(m)
            return bool(chosen(m))

    list_records("member", root, fmt, keep, contacts)


@member_app.command("show")
def member_show(
    member_id: Annotated[str, typer.Argument(
        help="The member: an id, an email, a name or a word only their name has.")],
    include_contacts: Annotated[bool, typer.Option(
        "--include-contacts", help="Also show email, phone and preferred channel.")] = False,
    cop: CopOption = None,
) -> None:
    """Show one member's record and how many meetings they attended.

    Example: copkit member show maria-lopez --include-contacts (or: copkit member show "María")
    """
    from copkit.records.members import named_member
    from copkit.records.reading import meetings_attended, read_member

    root, _ = resolve_cop(cop)
    member_id = named_member(root, member_id)
    member = read_member(root, member_id)
    data = member.model_dump(mode="json", exclude_defaults=True)
    data.pop("email_hash", None)
    if include_contacts:
        from copkit.records.members import contact_cells

        cells, note = contact_cells(root)
        cells(data)
        if note:
            echo(note, err=True)
    hidden = () if include_contacts else tuple(
        k for k in ("email", "phone", "preferred_channel") if data.get(k))
    show_fields(data, hidden)
    attended, loaded = meetings_attended(root, member_id)
    last = f" (last: {attended[-1].id})" if attended else ""
    echo(f"meetings attended: {len(attended)}{last}")
    warn_hidden(loaded, "meeting")


@member_app.command("update")
def member_update(
    member_id: Annotated[str, typer.Argument(
        help="The member: an id, an email, a name or a word only their name has.")],
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    organisation: Organisation = None, country: Country = None, role: Roles = None,
    level: Level = None, email: Email = None, phone: Phone = None, channel: Channel = None,
    joined: Joined = None, interest: Interests = None, expertise: Expertise = None,
    responsibility: Responsibility = None, hours: Hours = None,
    consent_directory: ConsentDir = None, consent_public: ConsentPub = None,
    consent_newsletter: ConsentNews = None,
    unset: UnsetOption = None, cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change a member's fields.

    A list flag such as --role replaces the whole list; --unset FIELD removes a field.

    Example: copkit member update maria-lopez --level active --role facilitator --role expert
    """
    from copkit.records.kinds import update
    from copkit.records.members import named_member

    root, _ = resolve_cop(cop)
    values = _member_values(name, organisation, country, role, level, email, phone, channel,
                            joined, interest, expertise, responsibility, hours,
                            consent_directory, consent_public)
    _newsletter(values, consent_newsletter)
    member_id = named_member(root, member_id)
    from copkit.records.members import CONTACT_UNSET

    gone = [f for f in unset or [] if f in CONTACT_UNSET]
    unset = [f for f in unset or [] if f not in CONTACT_UNSET]
    if values_given(values) or unset or not gone:
        report(update("member", root, member_id, values, unset, no_commit=no_commit),
               "updated member")
    if gone:
        from copkit.records.members import unset_contacts

        report(unset_contacts(root, member_id, gone, no_commit=no_commit), "updated member")
    _where_contacts(root, values)


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
    from copkit.records.members import leave_member

    root, _ = resolve_cop(cop)
    report(leave_member(root, member_id, day(date, "--date"), no_commit=no_commit),
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
    from copkit.records.forget import forget_member, purge_instructions

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
    from copkit.records.merge import merge_members, merge_preview

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


def _newsletter(values: dict[str, Any], agreed: bool | None) -> None:
    if agreed is not None:
        values.setdefault("consent", {})["newsletter"] = agreed


def values_given(values: Mapping[str, Any]) -> bool:
    return any(v is not None for v in values.values())


def _where_contacts(root: Any, values: Mapping[str, Any]) -> None:
    """Say where contact details went (a CoP in the new layout keeps them out of git)."""
    from copkit.records.members import contacts_note

    note = contacts_note(root, values)
    if note:
        echo(note)


def register(app: typer.Typer) -> None:
    app.add_typer(member_app, name="member")
