"""Changing one member, topic or activity for the walk and `plan set`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from copkit.edit import store
from copkit.errors import RecordError
from copkit.planning.charter import insert_key
from copkit.planning.prompter import shielded
from copkit.records import kinds
from copkit.records.context import MEMBERS, dates_readable
from copkit.records.values import validate
from copkit.records.writing import to_yaml
from copkit.steps.words import show_value


def give_role(root: Path, member_id: str, role: str) -> tuple[list[str], list[str]]:
    from copkit.yaml.read import read_file

    data = read_file(Path(root) / MEMBERS, MEMBERS).data
    member = next((m for m in (data or {}).get("members") or []
                   if isinstance(m, dict) and m.get("id") == member_id), None)
    if member is None:
        raise RecordError(f"there is no member with the id '{member_id}'")
    roles = [str(r) for r in member.get("roles") or []]
    if role in roles:
        return [], []
    roles = [r for r in roles if r != "participant" or role == "participant"] + [role]
    outcome = kinds.update("member", root, member_id, {"roles": roles}, no_commit=True)
    return outcome.paths, outcome.body


def update_list_item(root: Path, relpath: str, key: str, item_id: str,
                     values: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """Set fields of one item of a list file (a topic, say) in place, validated first."""
    from copkit.edit.splice import ListFile, to_plain
    from copkit.model import schemas as s

    model: Any = {"topics": s.Topic, "activities": s.Activity}[key]
    with shielded(), store.cop_lock(root):
        lf = ListFile(Path(root) / relpath, relpath, readable=dates_readable)
        index = lf.index_of(key, item_id)
        if index is None:
            raise RecordError(f"there is no {key[:-1]} with the id '{item_id}'")
        merged = {**to_plain(lf.items(key)[index]), **values}
        validate(model, merged, f"update {key[:-1]} '{item_id}'")
        order = list(model.model_fields)

        def change(item: Any) -> None:
            for name, value in values.items():
                new = to_yaml(value, top=False)
                if name in item:
                    item[name] = new
                else:
                    insert_key(item, name, new, order)

        lf.edit_item(key, index, change)
        lf.save()
    shown = ", ".join(f"{k}: {show_value(v)}" for k, v in values.items())
    return [relpath], [f"{relpath}: {key[:-1]} {item_id}: {shown}"]


def member_field(root: Path, member_id: str, name: str) -> list[str]:
    from copkit.yaml.read import read_file

    data = read_file(Path(root) / MEMBERS, MEMBERS).data
    for m in (data or {}).get("members") or []:
        if isinstance(m, dict) and m.get("id") == member_id:
            return [str(v) for v in m.get(name) or []]
    return []
