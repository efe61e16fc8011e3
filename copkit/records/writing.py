"""Writing records: the YAML of a new record file, a change to one item of a list file (in
place, comments kept), the git commit, and what an operation did (:class:`Outcome`).

Every write opens the file it edits as ``copkit check`` reads it (:func:`open_record`): a file
check refuses is refused here, with its position, before anything is written (a date with no
such day too: :func:`copkit.records.context.dates_readable`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit.edit import store
from copkit.edit.splice import to_plain
from copkit.errors import GitError, RecordError, UsageError
from copkit.records.context import Context, dates_readable, inside
from copkit.records.values import validate

# contact details: a change to one is said without its value (commit messages are public)
CONTACT_FIELDS = ("email", "phone", "preferred_channel")
BLOCK_KEYS = ("cycles", "answers", "consent_notes")


@dataclass
class Outcome:
    """What an operation did: the record's id, the files written, the commit."""

    record_id: str
    action: str
    paths: list[str] = field(default_factory=list)
    subject: str = ""
    body: list[str] = field(default_factory=list)
    commit: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.paths)


# ---------------------------------------------------------------- YAML values
def to_yaml(value: Any, top: bool = True) -> Any:
    """Plain values as ruamel containers in the style of the examples: short lists of words
    and small mappings on one line (``roles: [facilitator]``), long text as a ``|`` block."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, Mapping):
        cm = CommentedMap()
        for k, v in value.items():
            cm[k] = to_yaml(v, top=k in BLOCK_KEYS)
        scalars = all(not isinstance(v, (Mapping, list)) for v in value.values())
        width = sum(len(str(k)) + len(str(v)) + 4 for k, v in value.items())
        if not top and scalars and width <= 70 and not any(
                isinstance(v, str) and "\n" in v for v in value.values()):
            cm.fa.set_flow_style()
        return cm
    if isinstance(value, (list, tuple)):
        cs = CommentedSeq(to_yaml(v, top=False) for v in value)
        simple = all(isinstance(v, (str, int, float, _dt.date)) and not isinstance(v, bool)
                     and "\n" not in str(v) for v in value)
        if simple and sum(len(str(v)) + 2 for v in value) <= 70:
            cs.fa.set_flow_style()
        return cs
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if type(value) is _dt.date:  # a copy: ruamel writes an anchor for an object seen twice
        return _dt.date(value.year, value.month, value.day)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def dump_new(record: Mapping[str, Any]) -> str:
    """The YAML text of a new record file (two-space mappings, indented list dashes)."""
    import io

    from copkit.yaml.read import parse
    from copkit.yaml.scalars import YamlProblem

    yaml = store.yaml_rt("")
    data = to_yaml(record)
    store._protect(data)
    buf = io.StringIO()
    yaml.dump(data, buf)
    text = buf.getvalue()
    try:
        parse(text, "new record")
    except YamlProblem as p:  # pragma: no cover - ruamel output the fast reader refuses
        raise RecordError(f"copkit produced YAML it cannot read back: {p.message}") from None
    return text


def write_new(root: Path, relpath: str, record: Mapping[str, Any]) -> None:
    """A new record file; refused (never overwritten) when the file exists."""
    store.write_text(inside(root, relpath), dump_new(record), exclusive=True)


def set_field(item: Any, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``item[key]`` in place, keeping the schema's field order for a new key and the
    style (flow or block) of an existing list."""
    if key in item:
        old = item[key]
        if isinstance(old, list) and isinstance(value, list):
            del old[:]
            old.extend(to_yaml(v, top=False) for v in value)
            return
        item[key] = to_yaml(value, top=False)
        return
    pos = 0
    rank = {name: i for i, name in enumerate(order)}
    mine = rank.get(key, len(order))
    for i, existing in enumerate(item):
        if rank.get(existing, len(order)) < mine:
            pos = i + 1
    item.insert(pos, key, to_yaml(value, top=False))


# ---------------------------------------------------------------- changing one item
def describe_change(key: str, old: Any, new: Any) -> str:
    if key in CONTACT_FIELDS:
        return f"{key} changed"
    old_items, new_items = to_plain(old) or [], to_plain(new) or []
    if isinstance(old_items, list) and isinstance(new_items, list) and old_items and \
            new_items[:len(old_items)] == old_items:  # items added at the end of a list
        return f"{key} + {show_value(new_items[len(old_items):])}"
    return f"{key}: {show_value(old)} -> {show_value(new)}"


def show_value(value: Any) -> str:
    if value in (None, [], {}):
        return "(none)"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return " ".join(show_value(v) for v in value.values())
    if isinstance(value, list):
        return ", ".join(show_value(v) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def update_item(ctx: Context, relpath: str, key: str, index: int, model: Any,
                values: Mapping[str, Any], unset: Iterable[str], order: Sequence[str],
                what: str, check: Callable[[Any], None] | None = None) -> list[str]:
    """Change fields of one list item in place; returns the change descriptions."""
    lf = ctx.list_file(relpath)
    current = lf.item(key, index)
    values, unset, dumped, changes = merge_values(current, values, unset, order, model, what,
                                                  check)
    if not changes:
        return []
    lf.edit_item(key, index, lambda item: apply_values(item, values, unset, dumped, order))
    lf.save()
    return changes


def update_file(doc: store.Document, model: Any, values: Mapping[str, Any],
                unset: Iterable[str], order: Sequence[str], what: str,
                check: Callable[[Any], None] | None = None) -> list[str]:
    """Change fields of a record kept in a file of its own (opened with :func:`open_record`),
    in place, comments and order kept; the document is changed, not saved. Returns the change
    descriptions."""
    current = to_plain(doc.data)
    values, unset, dumped, changes = merge_values(current, values, unset, order, model, what,
                                                  check)
    if changes:
        apply_values(doc.data, values, unset, dumped, order)
    return changes


def merge_values(current: Mapping[str, Any], values: Mapping[str, Any], unset: Iterable[str],
                 order: Sequence[str], model: Any, what: str,
                 check: Callable[[Any], None] | None
                 ) -> tuple[dict[str, Any], list[str], dict[str, Any], list[str]]:
    """The record ``current`` with ``values`` set and ``unset`` removed, validated (and
    checked) before anything is written: (the values, the fields removed, the record as its
    model dumps it, the change descriptions)."""
    # a mapping given in part (consent: {public: true}) keeps its other keys
    values = {k: ({**current[k], **v} if isinstance(v, dict) and isinstance(current.get(k),
                                                                              dict) else v)
              for k, v in values.items()}
    unset = _unsettable(list(unset), order)
    merged = {k: v for k, v in current.items() if k not in unset}
    merged.update(values)
    obj = validate(model, merged, what)
    if check:
        check(obj)
    dumped = obj.model_dump(mode="python", exclude_unset=True)
    return values, unset, dumped, _changes(current, dumped, values, unset)


def apply_values(item: Any, values: Mapping[str, Any], unset: Iterable[str],
                 dumped: Mapping[str, Any], order: Sequence[str]) -> None:
    """Set the fields of ``values`` that change (as the model dumps them) in the ruamel
    mapping ``item``, and remove those of ``unset``."""
    for name in values:
        if to_plain(item.get(name)) != to_plain(dumped.get(name)):
            set_field(item, name, dumped[name], order)
    for name in unset:
        if name in item:
            del item[name]


def _unsettable(unset: list[str], order: Sequence[str]) -> list[str]:
    """``unset``, each a field that exists and may be removed; a usage error otherwise."""
    for name in unset:
        if name not in order:
            raise UsageError(f"--unset {name}: there is no field '{name}'",
                             "fields: " + ", ".join(order))
        if name in ("id", "name", "title"):
            raise UsageError(f"--unset {name}: this field is required")
    return unset


def _changes(current: Mapping[str, Any], dumped: Mapping[str, Any],
             values: Mapping[str, Any], unset: list[str]) -> list[str]:
    changes: list[str] = []
    for name in values:
        old = to_plain(current.get(name))
        new = to_plain(dumped.get(name))
        if old != new and not (isinstance(new, float) and old == new):
            changes.append(describe_change(name, current.get(name), dumped.get(name)))
    changes += [f"{name} removed" for name in unset if name in current]
    return changes


# ---------------------------------------------------------------- git
def precheck_git(root: Path, no_commit: bool) -> None:
    """Fail before writing anything when the change could not be committed."""
    if no_commit:
        return
    from copkit.git import commit as gitio

    if gitio.find_repo_root(root) is None:
        raise GitError(f"{root} is not inside a git repository, so copkit cannot commit "
                       "the change", "run `git init` there, or pass --no-commit")
    gitio.global_identity(root)


def commit(root: Path, outcome: Outcome, no_commit: bool) -> Outcome:
    if no_commit or not outcome.paths:
        return outcome
    from copkit.git import commit as gitio

    repo = gitio.open_repo(root)
    outcome.commit = gitio.commit_paths(repo, [Path(root) / p for p in outcome.paths],
                                        outcome.subject, outcome.body)
    return outcome


# ---------------------------------------------------------------- a file opened for an edit
def open_record(root: Path, relpath: str) -> store.Document:
    """A record file opened for a round-trip edit; a file copkit cannot read is a clear
    error with its position, before anything is written."""
    path = inside(root, relpath)
    with dates_readable(root, relpath):
        doc = store.edit(path, relpath)  # what copkit check refuses is refused here
    if not isinstance(doc.data, dict):
        raise RecordError("the file does not hold 'field: value' lines",
                          "fix the file first (copkit check)", f"{relpath}:1:1")
    return doc
