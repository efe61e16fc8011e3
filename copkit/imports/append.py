"""New members appended to members.yaml in one write. From :data:`FAST_APPEND_FROM` new
members on, their YAML is written here rather than by ruamel.yaml (which takes seconds a
thousand members), each item exactly as ruamel writes it, and read back before it is kept.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from copkit.records.writing import to_yaml

FAST_APPEND_FROM = 100
_PLAIN = re.compile(r"(?:[^\W_][\w .,'()/&+@\-–]*|\+[0-9][0-9 ()\-.]*)(?<! )")


def append_members(lf: Any, records: list[dict[str, Any]]) -> None:
    """Append new members to members.yaml (a :class:`copkit.edit.splice.ListFile`)."""
    if len(records) < FAST_APPEND_FROM or not _append_as_text(lf, records):
        lf.extend("members", [to_yaml(r) for r in records])


def _append_as_text(lf: Any, records: list[dict[str, Any]]) -> bool:
    """Append ``records`` after the last item of the block list ``members``, each written by
    :func:`_member_text` (or by ruamel.yaml when a value is not simple); the last item and
    the new ones are read back with the fast reader and must give exactly the records.
    False, with nothing changed, when the list is not a plain block list."""
    q = lf.quick("members")
    if q is None:
        return False
    starts, stop, dash = q
    start = starts[-1]
    while stop > start + 1 and (not lf.lines[stop - 1].strip() or (
            lf.lines[stop - 1].lstrip(" ").startswith("#")
            and len(lf.lines[stop - 1]) - len(lf.lines[stop - 1].lstrip(" ")) <= dash)):
        stop -= 1  # comments and blank lines after the list stay after it
    head = re.match(r" *- +", lf.lines[start])
    last = "".join(lf.lines[start:stop])
    if head is None or not last.endswith("\n"):
        return False
    crlf = last.endswith("\r\n")
    last = last.replace("\r\n", "\n")
    yaml = _ItemWriter(last)
    texts = [_member_text(r, dash, head.end()) or yaml.item(r) for r in records]
    for _ in range(2):
        wrong = _read_back(last, texts, records)
        if wrong is None:
            block = "".join(texts)
            at = sum(len(x) for x in lf.lines[:stop])
            # a ListFile edited in place, as its own splices do (setting its text renews its
            # lines and drops the parse of the text before); save() checks and writes
            lf.text = lf.text[:at] + (block.replace("\n", "\r\n") if crlf else block) + \
                lf.text[at:]
            return True
        for i in wrong:
            texts[i] = yaml.item(records[i])
    return False


def _member_text(record: dict[str, Any], dash: int, key_col: int) -> str | None:
    """A new member as ruamel.yaml writes one (``  - id: x`` then ``    name: ...``), or
    None when a value is not a plain one-line scalar or a short list of them."""
    lines = []
    for key, value in record.items():
        if isinstance(value, list):
            if not all(isinstance(v, str) and _PLAIN.fullmatch(v) for v in value) or \
                    sum(len(v) + 2 for v in value) > 70:
                return None
            text = f"[{', '.join(value)}]"
        elif isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            text = value.isoformat()
        elif isinstance(value, str) and _PLAIN.fullmatch(value):
            text = value
        else:
            return None
        lines.append(f"{key}: {text}\n")
    if not lines:
        return None
    return " " * dash + "-" + " " * (key_col - dash - 1) + lines[0] + "".join(
        " " * key_col + line for line in lines[1:])


def _read_back(last: str, texts: list[str], records: list[dict[str, Any]]) -> list[int] | None:
    """The indexes of the records whose text does not read back as the record (None when
    all do; every index when the text is not even YAML)."""
    from copkit.edit.splice import to_plain
    from copkit.yaml.read import load_data
    from copkit.yaml.scalars import YamlProblem

    try:
        got = load_data("members:\n" + last + "".join(texts), "members.yaml")
        before = load_data("members:\n" + last, "members.yaml")
    except YamlProblem:
        return list(range(len(records)))
    items = got.get("members") if isinstance(got, dict) else None
    n = len(before["members"]) if isinstance(before, dict) else -1
    if not isinstance(items, list) or len(items) != n + len(records) or \
            to_plain(items[:n]) != to_plain(before["members"]):
        return list(range(len(records)))
    # each compared as read (plain dicts, lists, scalars and dates): as strict as through
    # to_plain, which twenty thousand records made cost a third of the import's writing
    wrong = [i for i, r in enumerate(records) if items[n + i] != r]
    return wrong or None


class _ItemWriter:
    """Members written by ruamel.yaml one at a time, in the style of the list's last item
    (the file's indentation), as a splice would write them."""

    def __init__(self, sample: str) -> None:
        self.sample = "members:\n" + sample
        self.yaml: Any = None

    def item(self, record: dict[str, Any]) -> str:
        import io

        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        from copkit.edit import store

        self.yaml = self.yaml or store.yaml_rt(self.sample)
        data = CommentedMap([("members", CommentedSeq([to_yaml(record)]))])
        store._protect(data)
        out = io.StringIO()
        self.yaml.dump(data, out)
        return out.getvalue()[len("members:\n"):]
