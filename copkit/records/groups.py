"""The learning agenda's thematic groups (``learning-agenda.yaml`` ``thematic_groups``):
what adding or changing one does beyond the steps of every record kind (the ``group`` kind
of :mod:`copkit.records.kinds`: members named through the one people resolver), and
removing one, refused while a topic still names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from copkit.errors import RecordError, UsageError
from copkit.records.context import AGENDA, Context, require_refs, resolve_people

KEY = "thematic_groups"
GROUP_FIELDS = ("id", "name", "members")

Values = dict[str, Any]


def check_group(ctx: Context, obj: Any, what: str) -> None:
    require_refs(obj.members, ctx.member_ids, "member", "--member")


def revise_group(ctx: Context, record_id: str, current: Mapping[str, Any], values: Values,
                 extra: Mapping[str, Any]) -> Values:
    """``--add-member`` and ``--remove-member``: people joining or leaving the group, named
    as anywhere else (id, email, name), the others kept in their order."""
    joining = resolve_people(ctx, extra.get("add") or [], "--add-member")
    leaving = resolve_people(ctx, extra.get("remove") or [], "--remove-member")
    if not joining and not leaving:
        return values
    if "members" in values:
        raise UsageError("--member gives the whole list: use it, or --add-member and "
                         "--remove-member, not both")
    members = [str(m) for m in current.get("members") or []]
    absent = [p for p in leaving if p not in members]
    if absent:
        raise RecordError(f"--remove-member: {', '.join(absent)} "
                          f"{'is' if len(absent) == 1 else 'are'} not in the group "
                          f"'{record_id}'", "copkit topic group list shows its members")
    kept = [m for m in members if m not in leaving]
    return {**values, "members": kept + [p for p in dict.fromkeys(joining) if p not in kept]}


def remove_item(lf: Any, index: int, where: str) -> None:
    """Item ``index`` of the thematic groups removed from the text, its lines only (comments
    above and below it, and everywhere else, kept); the last one leaves
    ``thematic_groups: []``. The new text is read back and must hold exactly the other
    groups; a list laid out otherwise is refused rather than rewritten."""
    import re

    from copkit.edit.splice import to_plain
    from copkit.yaml.layout import item_span
    from copkit.yaml.read import load_data
    from copkit.yaml.scalars import YamlProblem

    data = to_plain(lf.sm.data)
    expected = {**data, KEY: [g for i, g in enumerate(data[KEY]) if i != index]}
    lf._quick.clear()
    q = lf.quick(KEY)
    new = None
    if q is not None:
        start, stop = item_span(lf.lines, q, index)
        lines = lf.lines[:start] + lf.lines[stop:]
        if not expected[KEY]:  # an empty block list is not YAML: `thematic_groups: []`
            head = re.compile(rf"^{KEY}[ \t]*:")
            lines = [re.sub(rf"^({KEY}[ \t]*:)", r"\1 []", ln, count=1) if head.match(ln)
                     else ln for ln in lines]
        new = "".join(lines)
        try:
            if to_plain(load_data(new, AGENDA)) != expected:
                new = None
        except YamlProblem:
            new = None
    if new is None:
        raise RecordError("copkit cannot remove this group from learning-agenda.yaml without "
                          "rewriting the rest of the file",
                          "remove the group's lines by hand (copkit check then checks the "
                          "file)", where)
    lf.text = new  # as a splice of ListFile's own: save() checks the file and writes
    lf.lines = new.splitlines(keepends=True)
    lf._sm = None
    lf._quick.clear()
    lf.save()
