"""Writing answers into charter.yaml in place, comments kept."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from copkit.edit import store
from copkit.edit.lists import append_keeping_comments
from copkit.errors import UsageError
from copkit.planning.prompter import shielded
from copkit.records import values as record_values
from copkit.records.context import dates_readable
from copkit.records.writing import to_yaml
from copkit.steps.fields import is_model, unwrap
from copkit.steps.words import short
from copkit.yaml.scalars import YamlProblem

CHARTER = "charter.yaml"


PLAN = "plan.yaml"


def path_parts(path: str) -> list[str]:
    parts = path.split(".")
    if parts[0] != "charter":
        raise UsageError(f"'{path}' is not a charter field")
    return parts[1:]


def order_of(model_path: list[str]) -> list[str]:
    """The schema's field order at a charter path (to insert a new key where it belongs)."""
    from copkit.model.schemas import Charter

    current: Any = Charter
    for part in model_path:
        if not is_model(current):
            return []
        current, _ = unwrap(current.model_fields[part].annotation)
    return list(current.model_fields) if is_model(current) else []


def insert_key(mapping: Any, key: str, value: Any, order: Sequence[str]) -> None:
    rank = {name: i for i, name in enumerate(order)}
    mine = rank.get(key, len(order))
    pos = 0
    for i, existing in enumerate(mapping):
        if rank.get(existing, len(order)) < mine:
            pos = i + 1
    mapping.insert(pos, key, value)


def edit_charter(root: Path, change: Callable[[Any], list[str]]) -> list[str]:
    """Apply ``change(data)`` to charter.yaml in place (comments kept), validate the result
    with the charter's schema, and write it atomically. Returns the change descriptions."""
    from copkit.edit.splice import to_plain
    from copkit.model.schemas import Charter

    path = Path(root) / CHARTER
    with shielded(), store.cop_lock(root):
        with dates_readable(root, CHARTER):  # 2026-02-30: check's bad-date error
            doc = store.edit(path)
        if doc.data is None:
            from ruamel.yaml.comments import CommentedMap

            doc.data = CommentedMap()
        changes = change(doc.data)
        if not changes:
            return []
        record_values.validate(Charter, to_plain(doc.data), "update charter.yaml")
        doc.save()
    return changes


def _container(data: Any, parts: list[str]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    node = data
    for i, part in enumerate(parts[:-1]):
        nxt = node.get(part)
        if not isinstance(nxt, dict):
            nxt = CommentedMap()
            insert_key(node, part, nxt, order_of(parts[:i]))
        node = nxt
    return node


def set_field(root: Path, path: str, value: Any) -> list[str]:
    """Set a one-value charter field (text or choice)."""
    parts = path_parts(path)

    def change(data: Any) -> list[str]:
        node = _container(data, parts)
        key = parts[-1]
        old = node.get(key)
        if old is not None and str(old) == str(value):
            return []
        new = to_yaml(value, top=False)
        if key in node:
            node[key] = new
        else:
            insert_key(node, key, new, order_of(parts[:-1]))
        return [f"{CHARTER}: {'.'.join(parts)} set to {short(value)}"]

    return edit_charter(root, change)


def extend_field(root: Path, path: str, values: Sequence[str]) -> list[str]:
    """Add items to a list-of-text charter field (items already there are not repeated)."""
    from ruamel.yaml.comments import CommentedSeq

    parts = path_parts(path)

    def change(data: Any) -> list[str]:
        node = _container(data, parts)
        key = parts[-1]
        seq = node.get(key)
        if not isinstance(seq, list):
            seq = CommentedSeq()
            if key in node:
                node[key] = seq
            else:
                insert_key(node, key, seq, order_of(parts[:-1]))
        have = {str(v).strip().casefold() for v in seq}
        added = []
        for value in values:
            text = value.strip()
            if text and text.casefold() not in have:
                append_keeping_comments(seq, to_yaml(text, top=False))
                have.add(text.casefold())
                added.append(text)
        return [f"{CHARTER}: {'.'.join(parts)}: added {short(a)}" for a in added]

    return edit_charter(root, change)


def charter_value(root: Path, path: str) -> Any:
    from copkit.yaml.read import read_file

    try:
        data = read_file(Path(root) / CHARTER, CHARTER).data
    except (YamlProblem, OSError):
        return None
    for part in path_parts(path):
        data = data.get(part) if isinstance(data, dict) else None
    return data
