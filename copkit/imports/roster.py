"""``copkit import members``: a roster of people (one a row: name, email, organisation,
country, roles...) into members.yaml. A row that is already a member is left as it is; the
others are added as new members, each checked as ``copkit member add`` checks one, in one
write (:mod:`~copkit.imports.append`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from copkit.errors import RecordError
from copkit.imports.append import append_members
from copkit.imports.columns import MEMBER_COLUMNS, NAME_FIELDS
from copkit.imports.mapping import parse_map
from copkit.imports.matching import flag_possible, how, match_row, new_id, require_names, row_name
from copkit.imports.plan import Item, Plan
from copkit.imports.table import Row, read_table
from copkit.imports.values import datetime_of, day_first, email_of
from copkit.periods import today
from copkit.records.context import MEMBERS, Context
from copkit.records.ids import unique_id
from copkit.records.values import clean, record_dump, validate
from copkit.records.writing import Outcome
from copkit.text import slugify

KIND = "members"
COLUMNS = MEMBER_COLUMNS


def plan(root: Path, path: Path, mapping: Sequence[str] = ()) -> Plan:
    """The plan of importing the roster ``path`` into the CoP at ``root``."""
    from copkit.model.schemas import Member, Role

    root = Path(root)
    user_map = parse_map(mapping, list(MEMBER_COLUMNS))
    table = read_table(path, MEMBER_COLUMNS, [], user_map, one_of=NAME_FIELDS)
    require_names(table)
    ctx = Context(root)
    index = ctx.people()
    plan = Plan(KIND, root, table, target=MEMBERS)
    roles = set(Role.__args__)  # type: ignore[attr-defined]
    day_first_joined = day_first([r.get("joined") for r in table.rows])
    for row in table.rows:
        name = row_name(row)
        email = email_of(row)
        if not name:
            raise RecordError("this row has no name", "fill in the name or delete the row",
                              row.where("name" if "name" in table.columns else "first_name"))
        status, match = match_row(index, row, name, email)
        item = Item(row.line, row.where(), name, status, match.member_id, how(match),
                    match.candidates)
        if status == "unmatched":
            # the values given, checked for control characters here, once (write uses them)
            values = clean(_member_values(plan, row, name, email, roles, day_first_joined))
            mid = new_id(name, index)
            validate(Member, {"id": mid, **values}, f"import {row.where()} as member '{mid}'")
            item.status, item.member_id, item.values = "new", mid, values
            index.add({"id": mid, **values})
        plan.items.append(item)
    flag_possible(index, [i for i in plan.items if i.status == "new"])
    return plan


def _member_values(plan: Plan, row: Row, name: str, email: str | None, roles: set[str],
                   day_first_joined: bool) -> dict[str, Any]:
    """The fields of a new member from a roster row."""
    values: dict[str, Any] = {"name": name, "email": email}
    for key in ("organisation", "phone", "level"):
        if row.get(key):
            values[key] = row.get(key).lower() if key == "level" else row.get(key)
    country = row.get("country")
    if country:
        if len(country) != 2 or not country.isalpha():
            raise RecordError(f"'{country}' is not a two-letter country code",
                              "use ISO codes like PE, MX, FR", row.where("country"))
        values["country"] = country.upper()
    if row.get("roles"):
        wanted = [slugify(r) for r in row.get("roles").replace(";", ",").split(",")
                  if r.strip()]
        values["roles"] = [r for r in wanted if r in roles]
        for r in wanted:
            if r not in roles:
                plan.notes.append(f"{row.where('roles')}: role '{r}' is not one "
                                  "copkit knows; left out")
    joined = datetime_of(row, "joined", day_first_joined) if row.get("joined") else None
    values["joined"] = joined.date() if joined else today()
    return values


def write(plan: Plan, ctx: Context) -> Outcome:
    """Add the plan's new members to members.yaml."""
    from copkit.model.schemas import Member
    from copkit.records.members import ContactSink

    lf = ctx.list_file(MEMBERS)
    taken = set(ctx.member_ids)
    sink = ContactSink(ctx)  # the new layout: contact details go to contacts.yaml
    hasher = sink.hasher
    emails = {hasher.member_form(m) for m in ctx.raw(MEMBERS, "members")} - {None}
    added: list[str] = []
    new: list[Any] = []
    for item in plan.items:
        if item.status != "new":
            continue
        mid = item.member_id or ""
        if mid in taken:  # added by someone else since the preview
            mid = item.member_id = unique_id(mid, taken)
        email = item.values.get("email")
        if email and hasher.form(email) in emails:
            continue
        values = dict(item.values)  # cleaned by plan; take() moves the contact ones out
        sink.take(mid, values)
        obj = validate(Member, {"id": mid, **values}, f"add member '{mid}'")
        new.append(record_dump(obj))
        taken.add(mid)
        added.append(mid)
    append_members(lf, new)
    sink.save()
    outcome = Outcome(plan.table.display, "import")
    if added:
        lf.save()
        outcome.paths = [MEMBERS]
        outcome.subject = f"copkit: import {len(added)} member(s) from {plan.table.display}"
        outcome.body = [f"{MEMBERS}: member {m} added" for m in added]
    return outcome
