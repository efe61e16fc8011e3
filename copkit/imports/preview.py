"""What the CLI shows of a plan, with no contact details (an email given as the only name
is masked): the preview before asking to write (:func:`preview`), the question about a
possible duplicate (:func:`question`), and the notes after writing about the people added
who may be members already (:func:`possible_notes`).
"""

from __future__ import annotations

from copkit.imports.plan import Item, Plan, label
from copkit.records.people import Possible, describe_all
from copkit.text import printable


def preview(plan: Plan) -> list[str]:
    """The lines the CLI shows before asking to write (no contact details)."""
    t = plan.table
    sep = {"\t": "tab", ",": "','", ";": "';'", "|": "'|'"}[t.separator]
    out = [f"{t.display}: {len(t.rows)} row(s) read ({t.encoding}, separator {sep}, "
           f"header on line {t.header_line})"]
    if t.duplicate_headers:
        out.append(f"  {t.duplicate_headers} repeated header row(s) skipped")
    if plan.target:
        out.append(f"into: {plan.target}" + (" (new file)" if plan.target_new else ""))
    out += [_item_line(plan, item) for item in plan.items]
    counts = [f"{plan.count(s)} {s}" for s in ("new", "matched", "guest", "ambiguous",
                                                "unmatched") if plan.count(s)]
    n = len(plan.possible)
    maybe = "" if not n else f" ({n} possible duplicate{'s' * (n > 1)})" \
        if plan.kind == "members" else f" ({n} possibly a member)"
    out.append("summary: " + (", ".join(counts) + maybe if counts else "nothing to import"))
    if plan.kind == "survey":
        q = plan.record.get("questions") or []
        out.append(f"  {len(plan.record.get('responses') or [])} response(s); questions: "
                   + ", ".join(f"{x['id']}" + (f" (1-{x['scale']})" if x.get("scale") else "")
                               for x in q))
    for note in plan.notes:
        out.append(f"note: {note}")
    return out


def _item_line(plan: Plan, item: Item) -> str:
    """The preview's line of one person (or response)."""
    extra = ""
    if item.minutes is not None:
        extra += f", {item.minutes:.0f} min"
    if item.rows > 1:
        extra += f", {item.rows} connections"
    if item.status == "matched":
        text = f"{item.member_id} {item.how}"
    elif item.status == "new":
        text = f"will be added as member {item.member_id}"
    elif item.status == "guest":
        text = "not a member: will be added as a guest"
    elif item.status == "ambiguous":
        text = "matches several members: " + ", ".join(item.candidates)
    elif plan.kind == "survey":
        text = "not a member: answers kept anonymous"
    else:
        text = "not a member: skipped (--add-unknown members|guests to add)"
    if item.possible and item.status != "matched":
        extra += ("; possible duplicate of " if item.status == "new" else "; possibly ") \
            + describe_all(item.possible)
    return f"  {item.status:<9}  line {item.line:<4}  {label(item.name)}: {text}{extra}"


def question(plan: Plan, item: Item, possible: Possible) -> str:
    """What the CLI asks about a possible duplicate (answered yes:
    :func:`copkit.imports.matching.same_as`)."""
    detail = possible.describe()[len(possible.member_id) + 2:-1]
    return (f"line {item.line} {label(item.name)}: the same person as {possible.member_id} "
            f"({printable(possible.name)}, {detail})?")


def possible_notes(plan: Plan) -> list[str]:
    """For the summary after writing: each person added who may be a member already."""
    out = []
    for item in plan.possible:
        who = f"line {item.line} {label(item.name)}"
        close = describe_all(item.possible)
        if item.status == "new":
            out.append(f"{who} was added as {item.member_id}, a possible duplicate of {close}; "
                       f"if they are one person: copkit member merge "
                       f"{item.possible[0].member_id} {item.member_id}")
        elif item.status == "guest":
            out.append(f"{who} was added as a guest, possibly {close}")
        elif plan.kind == "survey":
            out.append(f"{who}: answers kept anonymous, possibly {close}")
    return out
