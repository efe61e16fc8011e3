"""The learning agenda's thematic groups (``learning-agenda.yaml`` ``thematic_groups``):
what adding or changing one does beyond the steps of every record kind (the ``group`` kind
of :mod:`copkit.records.kinds`: members named through the one people resolver), and
removing one, refused while a topic still names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from copkit.edit import store
from copkit.errors import RecordError, UsageError
from copkit.records.context import AGENDA, Context, require_refs, resolve_people
from copkit.records.writing import Outcome, commit, precheck_git

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


def remove_group(root: Path, group_id: str, *, no_commit: bool = False) -> Outcome:
    """Remove a thematic group from the learning agenda; refused (nothing written) while a
    topic names it."""
    from copkit.records.ids import check_id
    from copkit.records.kinds import KINDS, find_item

    root = Path(root)
    check_id(group_id, "the group id")
    precheck_git(root, no_commit)
    with store.cop_lock(root):
        ctx = Context(root)
        index = find_item(KINDS["group"], ctx, group_id)
        topics = [str(t.get("id")) for t in ctx.raw(AGENDA, "topics")
                  if t.get("group") == group_id]
        if topics:
            lf = ctx.list_file(AGENDA)
            raise RecordError(
                f"the thematic group '{group_id}' is still named by "
                f"{'topic' if len(topics) == 1 else 'topics'} {', '.join(topics)}",
                f"move {'it' if len(topics) == 1 else 'them'} first (copkit topic update "
                f"{topics[0]} --group OTHER, or --unset group)",
                lf.location(KEY, index, "id"))
        lf = ctx.list_file(AGENDA)
        del lf._full_doc().data[KEY][index]
        lf.save()
        outcome = Outcome(group_id, "remove", [AGENDA], f"copkit: remove group {group_id}",
                          [f"{AGENDA}: thematic group {group_id} removed"])
        return commit(root, outcome, no_commit)
