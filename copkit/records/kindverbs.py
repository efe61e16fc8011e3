"""Verbs built on the kinds table beyond add, update and list: removing a thematic group
(refused while a topic names it) and recording a dated value of an outcome measure. They sit
above copkit.records.kinds, which lists the kinds these modules describe, so that no module
of a kind imports the table back."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from copkit.edit import store
from copkit.errors import RecordError
from copkit.records import groups
from copkit.records import organisations as orgs
from copkit.records.context import AGENDA, Context
from copkit.records.ids import check_id
from copkit.records.kinds import KINDS, find_item, update
from copkit.records.writing import Outcome, commit, precheck_git


def remove_group(root: Path, group_id: str, *, no_commit: bool = False) -> Outcome:
    """Remove a thematic group from the learning agenda; refused (nothing written) while a
    topic names it."""
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
                lf.location(groups.KEY, index, "id"))
        lf = ctx.list_file(AGENDA)
        groups.remove_item(lf, index, lf.location(groups.KEY, index, "id"))
        outcome = Outcome(group_id, "remove", [AGENDA], f"copkit: remove group {group_id}",
                          [f"{AGENDA}: thematic group {group_id} removed"])
        return commit(root, outcome, no_commit)


def record_value(root: Path, measure_id: str, value: Mapping[str, Any], *,
                 no_commit: bool = False) -> Any:
    """Add a dated value to an outcome measure of the charter (the update of any kind, with
    the measure's values and the new one, under one lock)."""
    with store.cop_lock(root):
        values = orgs.measure_values(root, measure_id)
        if any(str(v.get("date")) == str(value.get("date")) for v in values):
            raise RecordError(f"outcome measure '{measure_id}' already has a value dated "
                              f"{value.get('date')}",
                              "change it in charter.yaml, or give another --date")
        new = {k: v for k, v in value.items() if v is not None}
        return update("outcome", root, measure_id, {"values": [*values, new]},
                      no_commit=no_commit)
