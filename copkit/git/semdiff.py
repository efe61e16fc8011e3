"""Semantic comparison of CoP records: two versions of a file's data in, changes in words out.

This module knows nothing about git. It receives the parsed data of one record file before and
after (``None`` when the file did not exist) and says what changed about the records in it:
"members: ana-ruiz joined", "charter: goal g2 added", "meeting 2026-05-10-x: 3 attendees
added", "practice led-unit-how-to: status draft → tested". Data is compared as data (a list of
members keyed by id, a list of attendees as a set), never as lines.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from copkit.yaml.scalars import plain

KIND_ORDER = ("charter", "members", "learning-agenda", "activities", "plan", "organisations",
              "meeting", "practice", "story", "survey")
TOP_FILES = {"charter.yaml": "charter", "members.yaml": "members",
             "learning-agenda.yaml": "learning-agenda", "activities.yaml": "activities",
             "plan.yaml": "plan", "organisations.yaml": "organisations"}
RECORD_FOLDERS = {"meetings": "meeting", "practices": "practice", "stories": "story",
                  "surveys": "survey"}
# fields whose values are contact details: their change is said, their value is not shown
PRIVATE_FIELDS = frozenset(("email", "phone", "preferred_channel"))
# lists of mappings without an id, and the field that names each item in them
NATURAL_KEYS = {"actions": "action", "guests": "name", "adoptions": "organisation",
                "risks": "risk", "stakeholders": "name", "log": "date", "newsletters": "date",
                "steps": "step", "questions": "id"}
SINGULAR = {"goals": "goal", "topics": "topic", "thematic_groups": "group", "members": "member",
            "activities": "activity", "steps": "step", "questions": "question",
            "actions": "action", "guests": "guest", "adoptions": "adoption", "risks": "risk",
            "stakeholders": "stakeholder", "responses": "response", "attendees": "attendee",
            "log": "review", "newsletters": "newsletter", "contributors": "contributor",
            "knowledge": "practice", "decisions": "decision", "links": "link", "files": "file",
            "evidence": "evidence", "roles": "role", "interests": "interest",
            "expertise": "expertise", "sessions": "session", "questions_text": "question",
            "status_log": "status change"}
LONG_TEXT = 60


@dataclass(frozen=True)
class Change:
    """One change to one record, in data and in words."""

    kind: str        # charter, members, learning-agenda, activities, plan, meeting, practice...
    record: str      # record id ("" for the charter and the plan)
    action: str      # added | removed | changed
    field: str | None  # dotted field for "changed" (e.g. "status", "goals.g2", "left")
    old: Any         # the value before; for a list field: the items removed
    new: Any         # the value after; for a list field: the items added
    text: str        # words for people

    def to_dict(self, json_ready: bool = True) -> dict[str, Any]:
        """The change as a dict; ``json_ready=False`` leaves dates as dates (faster: give
        ``default=json_default`` to ``json.dumps``)."""
        if not json_ready:
            return {"kind": self.kind, "record": self.record, "action": self.action,
                    "field": self.field, "old": self.old, "new": self.new, "text": self.text}
        return {"kind": self.kind, "record": self.record, "action": self.action,
                "field": self.field, "old": to_json_value(self.old),
                "new": to_json_value(self.new), "text": self.text}

    def mentions(self, ident: str) -> bool:
        """Whether the change is about ``ident`` (a member id, say): its record, or a value."""
        if self.record == ident:
            return True
        return _contains(self.old, ident) or _contains(self.new, ident)


def _contains(value: Any, ident: str) -> bool:
    if isinstance(value, str):
        return value == ident
    if isinstance(value, dict):
        return any(_contains(v, ident) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_contains(v, ident) for v in value)
    return False


def json_default(value: Any) -> Any:
    """For ``json.dumps(..., default=json_default)``: dates as ISO text."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def to_json_value(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    return value


def kind_of(relpath: str) -> tuple[str, str | None] | None:
    """The kind of record file at a CoP-relative path, and the record id when the file holds
    one record (``None`` when it holds a list of records, like members.yaml)."""
    if relpath in TOP_FILES:
        kind = TOP_FILES[relpath]
        return kind, ("" if kind in ("charter", "plan") else None)
    folder, sep, name = relpath.partition("/")
    if sep and folder in RECORD_FOLDERS and "/" not in name and name.endswith(".yaml") \
            and len(name) > 5:
        return RECORD_FOLDERS[folder], name[:-5]
    return None


def kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


# ---------------------------------------------------------------- showing values
def show(value: Any) -> str:
    """A short rendering of a value as the user wrote it."""
    if value is None:
        return "(none)"
    src = getattr(value, "src", None)
    if src is not None:
        return str(src)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}" \
            if len(value) <= 3 else f"({len(value)} fields)"
    if isinstance(value, list):
        shown = ", ".join(show(v) for v in value[:5])
        return "[" + shown + (f", … {len(value) - 5} more" if len(value) > 5 else "") + "]"
    text = str(value).replace("\n", " ").strip()
    return text if len(text) <= 40 else text[:39] + "…"


def _is_long(value: Any) -> bool:
    return isinstance(value, str) and ("\n" in value.strip() or len(value) > LONG_TEXT)


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n} {word}s" if not word.endswith("s") else f"{n} {word}"


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return ("{", tuple((str(k), _hashable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("[", tuple(_hashable(v) for v in value))
    src = getattr(value, "src", None)
    if src is not None:
        return ("#", src)
    return (type(value).__name__, value)


def _key_field(name: str, items: list[Any]) -> str | None:
    """The field that identifies the items of a list of mappings, if their values are unique."""
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    candidates = ["id"]
    if name in NATURAL_KEYS:
        candidates.append(NATURAL_KEYS[name])
    for key in candidates:
        values = [i.get(key) for i in items]
        if all(v is not None and not isinstance(v, (dict, list)) for v in values):
            hashed = [_hashable(v) for v in values]
            if len(set(hashed)) == len(hashed):
                return key
    return None


# ---------------------------------------------------------------- records of a file
def records_of(kind: str, data: Any) -> dict[str, tuple[str, Any]]:
    """The records a file's data holds: key -> (label, item). Files of one record give one."""
    if kind in ("members", "learning-agenda", "activities", "organisations"):
        collections = {"members": (("members", "member"),),
                       "learning-agenda": (("topics", "topic"), ("thematic_groups", "group")),
                       "activities": (("activities", "activity"),),
                       "organisations": (("organisations", "organisation"),
                                         ("evidence", "evidence"))}[kind]
        out: dict[str, tuple[str, Any]] = {}
        if not isinstance(data, dict):
            return out
        for key, label in collections:
            items = data.get(key)
            if not isinstance(items, list):
                continue
            for i, item in enumerate(items):
                ident = item.get("id") if isinstance(item, dict) else None
                ident = str(ident) if isinstance(ident, (str, int)) else f"#{i + 1}"
                rec = ident if label in ("member", "topic", "activity") else f"{label}:{ident}"
                out.setdefault(rec, (label, item))
        return out
    return {"": (kind, data)}


def _subject(kind: str, record: str, label: str) -> str:
    if kind == "members":
        return f"members: {record}"
    if kind == "learning-agenda":
        ident = record.split(":", 1)[1] if label == "group" else record
        return f"learning-agenda: {label} {ident}"
    if kind == "activities":
        return f"activities: {record}"
    if kind == "organisations":
        return f"organisations: {label} {record.split(':', 1)[1]}"
    if kind in ("charter", "plan"):
        return f"{kind}:"
    return f"{kind} {record}"


def compare_file(kind: str, old: Any, new: Any, old_id: str | None = None,
                 new_id: str | None = None) -> list[Change]:
    """The changes between two versions of one record file's data (``None``: no file).

    ``old_id``/``new_id`` are the record ids of a one-record file (meeting, practice...); they
    differ when the file was renamed."""
    changes: list[Change] = []
    if kind in ("meeting", "practice", "story", "survey", "charter", "plan"):
        rec_old = old_id if old_id is not None else (new_id or "")
        rec_new = new_id if new_id is not None else rec_old
        subject = _subject(kind, rec_new, kind)
        if old is None and new is None:
            return changes
        if old is None:
            text = f"{kind}: created" if kind in ("charter", "plan") else f"{kind} {rec_new} added"
            title = new.get("title") if isinstance(new, dict) else None
            if isinstance(title, str) and kind not in ("charter", "plan"):
                text += f" ({show(title)})"
            return [Change(kind, rec_new, "added", None, None, new, text)]
        if new is None:
            text = f"{kind}: file removed" if kind in ("charter", "plan") \
                else f"{kind} {rec_old} removed"
            return [Change(kind, rec_old, "removed", None, old, None, text)]
        if rec_old != rec_new:
            changes.append(Change(kind, rec_new, "changed", "id", rec_old, rec_new,
                                  f"{kind} {rec_old} renamed to {rec_new}"))
        changes.extend(_fields(kind, rec_new, subject, "", old, new))
        return _dated_move(changes, subject) if kind == "practice" else changes
    old_recs = records_of(kind, old)
    new_recs = records_of(kind, new)
    for rec, (label, item) in new_recs.items():
        before = old_recs.get(rec)
        if before is None:
            changes.append(_record_added(kind, rec, label, item))
        elif before[1] is not item and before[1] != item:
            changes.extend(_record_changed(kind, rec, label, before[1], item))
    for rec, (label, item) in old_recs.items():
        if rec not in new_recs:
            changes.append(_record_removed(kind, rec, label, item))
    return changes


def _record_added(kind: str, rec: str, label: str, item: Any) -> Change:
    subject = _subject(kind, rec, label)
    if kind == "members":
        text = f"{subject} joined"
        if isinstance(item, dict) and item.get("left") is not None:
            text += f" (listed as having left on {show(item.get('left'))})"
    else:
        text = f"{subject} added"
        title = item.get("title") if isinstance(item, dict) else None
        if isinstance(title, str):
            text += f" ({show(title)})"
    return Change(kind, rec, "added", None, None, item, text)


def _record_removed(kind: str, rec: str, label: str, item: Any) -> Change:
    subject = _subject(kind, rec, label)
    text = f"{subject} removed from the list" if kind == "members" else f"{subject} removed"
    return Change(kind, rec, "removed", None, item, None, text)


def _record_changed(kind: str, rec: str, label: str, old: Any, new: Any) -> list[Change]:
    subject = _subject(kind, rec, label)
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return [Change(kind, rec, "changed", None, old, new, f"{subject} changed")]
    return list(_fields(kind, rec, subject, "", old, new))


def _dated_move(changes: list[Change], subject: str) -> list[Change]:
    """A practice's status move and the status_log entry that dates it, read as one change:
    "status draft → tested on 2026-06-15". Both stay in the data (``history --format json``
    keeps the status change and the log's entries); the log's change has no words of its
    own (an empty ``text``: printers leave it out)."""
    status = next((c for c in changes if c.field == "status" and c.new is not None), None)
    log = next((c for c in changes if c.field == "status_log" and isinstance(c.new, list)
                and c.new and isinstance(c.new[-1], dict)), None)
    if status is None or log is None or log.new[-1].get("status") != status.new:
        return changes
    was = "draft" if status.old is None else show(status.old)  # draft: the default
    said = f"{subject}: status {was} → {show(status.new)} on {show(log.new[-1].get('date'))}"
    out = []
    for c in changes:
        if c is status:
            c = Change(c.kind, c.record, c.action, c.field, c.old, c.new, said)
        elif c is log:
            c = Change(c.kind, c.record, c.action, c.field, c.old, c.new, "")
        out.append(c)
    return out


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _fields(kind: str, rec: str, subject: str, prefix: str, old: Any, new: Any
            ) -> Iterator[Change]:
    """Field-by-field changes between two mappings (recursing into nested ones)."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        if old != new or type(old) is not type(new):
            yield _value_change(kind, rec, subject, prefix, old, new)
        return
    keys = list(old)
    keys += [k for k in new if k not in old]
    for key in keys:
        a, b = old.get(key), new.get(key)
        if a is b or (a == b and type(a) is type(b)):
            continue
        field = _join(prefix, str(key))
        if isinstance(a, dict) and isinstance(b, dict):
            yield from _fields(kind, rec, subject, field, a, b)
        elif (isinstance(a, list) and isinstance(b, list)) or \
                (isinstance(a, list) and b is None) or (a is None and isinstance(b, list)):
            yield from _list_change(kind, rec, subject, field, str(key), a or [], b or [])
        else:
            yield _value_change(kind, rec, subject, field, a, b)


def _value_change(kind: str, rec: str, subject: str, field: str, old: Any, new: Any) -> Change:
    name = field.rsplit(".", 1)[-1]
    sep = " " if subject.endswith(":") else ": "
    if kind == "members" and field == "left":
        who = rec
        if old is None and new is not None:
            text = f"members: {who} left ({show(new)})"
        elif new is None:
            text = f"members: {who} rejoined (left date {show(old)} removed)"
        else:
            text = f"members: {who}: left date {show(old)} → {show(new)}"
        return Change(kind, rec, "changed", field, old, new, text)
    if kind == "learning-agenda" and field == "status" and new in ("covered", "dropped") \
            and not rec.startswith("group:"):
        return Change(kind, rec, "changed", field, old, new, f"{subject} {new}")
    if name in PRIVATE_FIELDS:
        verb = "added" if old is None else "removed" if new is None else "changed"
        return Change(kind, rec, "changed", field, old, new, f"{subject}{sep}{field} {verb}")
    if kind == "charter" and field == "review.last_reviewed":
        return Change(kind, rec, "changed", field, old, new,
                      f"charter: last reviewed {show(old)} → {show(new)}" if old is not None
                      else f"charter: last reviewed set to {show(new)}")
    if old is None:
        words = f"{field} set" if _is_long(new) else f"{field} set to {show(new)}"
    elif new is None:
        words = f"{field} removed" if _is_long(old) else f"{field} removed (was {show(old)})"
    elif _is_long(old) or _is_long(new):
        words = f"{field} changed"
    else:
        words = f"{field} {show(old)} → {show(new)}"
    return Change(kind, rec, "changed", field, old, new, f"{subject}{sep}{words}")


def _list_change(kind: str, rec: str, subject: str, field: str, name: str, old: list[Any],
                 new: list[Any]) -> Iterator[Change]:
    sep = " " if subject.endswith(":") else ": "
    key_old = _key_field(name, old) if old else None
    key_new = _key_field(name, new) if new else None
    key = key_old or key_new
    if key is not None and (not old or not new or key_old == key_new):
        yield from _keyed_list(kind, rec, subject, field, name, key, old, new)
        return
    if all(isinstance(v, dict) for v in old + new):
        yield from _bag_of_items(kind, rec, subject, field, name, old, new)
        return
    if any(isinstance(v, (dict, list)) for v in old + new):
        yield Change(kind, rec, "changed", field, old, new, f"{subject}{sep}{field} changed")
        return
    added = _missing(new, old)
    removed = _missing(old, new)
    word = SINGULAR.get(name, name)
    if name == "attendees":
        if added:
            yield Change(kind, rec, "changed", field, [], added,
                         f"{subject}{sep}{_plural(len(added), word)} added ({_names(added)})")
        if removed:
            yield Change(kind, rec, "changed", field, removed, [],
                         f"{subject}{sep}{_plural(len(removed), word)} removed "
                         f"({_names(removed)})")
        return
    if not added and not removed:  # same items, another order
        yield Change(kind, rec, "changed", field, old, new, f"{subject}{sep}{field} reordered")
        return
    parts = []
    if added:
        parts.append("added " + _names(added))
    if removed:
        parts.append("removed " + _names(removed))
    yield Change(kind, rec, "changed", field, removed, added, f"{subject}{sep}{field}: "
                 + "; ".join(parts))


def _missing(values: list[Any], other: list[Any]) -> list[Any]:
    """The items of ``values`` not in ``other``, counting repeats."""
    if all(type(v) is str for v in values) and all(type(v) is str for v in other):
        if len(set(other)) == len(other) and len(set(values)) == len(values):
            have = set(other)
            return [v for v in values if v not in have]
        counts = Counter(other)
        plain: list[Any] = []
        for v in values:
            if counts[v] > 0:
                counts[v] -= 1
            else:
                plain.append(v)
        return plain
    left = Counter(_hashable(v) for v in other)
    out = []
    for v in values:
        h = _hashable(v)
        if left[h] > 0:
            left[h] -= 1
        else:
            out.append(v)
    return out


def _names(values: list[Any], limit: int = 8) -> str:
    shown = [show(v) for v in values[:limit]]
    more = f", … {len(values) - limit} more" if len(values) > limit else ""
    return ", ".join(shown) + more


def _keyed_list(kind: str, rec: str, subject: str, field: str, name: str, key: str,
                old: list[Any], new: list[Any]) -> Iterator[Change]:
    sep = " " if subject.endswith(":") else ": "
    word = SINGULAR.get(name, name)
    before = {_hashable(i[key]): i for i in old}
    after = {_hashable(i[key]): i for i in new}
    for h, item in after.items():
        ident = show(item[key])
        sub = f"{field}.{ident}"
        if h not in before:
            if name == "log" and field == "review.log":
                by = f" by {show(item.get('by'))}" if item.get("by") else ""
                text = f"charter: review recorded on {ident}{by}"
            elif name == "adoptions":
                text = f"{subject}{sep}adopted by {ident}"
            elif name == "actions":
                text = f"{subject}{sep}action added: {ident}"
            else:
                text = f"{subject}{sep}{word} {ident} added"
            yield Change(kind, rec, "changed", sub, None, item, text)
        else:
            prior = before[h]
            if prior == item and _hashable(prior) == _hashable(item):
                continue
            if name == "actions" and prior.get("done") is None and item.get("done") is not None:
                yield Change(kind, rec, "changed", f"{sub}.done", None, item.get("done"),
                             f"{subject}{sep}action done: {ident}")
                rest_old = {k: v for k, v in prior.items() if k != "done"}
                rest_new = {k: v for k, v in item.items() if k != "done"}
                yield from _fields(kind, rec, f"{subject}{sep}{word} {ident}:", "", rest_old,
                                   rest_new)
                continue
            inner = f"{subject}{sep}{word} {ident}:"
            for change in _fields(kind, rec, inner, "", prior, item):
                yield Change(change.kind, change.record, change.action,
                             f"{sub}.{change.field}" if change.field else sub,
                             change.old, change.new, change.text)
    for h, item in before.items():
        if h not in after:
            ident = show(item[key])
            yield Change(kind, rec, "changed", f"{field}.{ident}", item, None,
                         f"{subject}{sep}{word} {ident} removed")


def _bag_of_items(kind: str, rec: str, subject: str, field: str, name: str, old: list[Any],
                  new: list[Any]) -> Iterator[Change]:
    sep = " " if subject.endswith(":") else ": "
    word = SINGULAR.get(name, name.rstrip("s"))
    if len(new) >= len(old) and new[:len(old)] == old:  # items appended (the usual case)
        added, removed = new[len(old):], []
    else:
        added, removed = _missing(new, old), _missing(old, new)
    key = NATURAL_KEYS.get(name)
    paired = False
    if key and added and removed:
        # an item removed and one added with the same name (an action marked done in a list
        # where two actions share a text): one item changed, worded as in a keyed list
        unpaired: list[Any] = []
        for item in removed:
            ident = item.get(key)
            match = next((a for a in added if ident is not None and a.get(key) == ident and
                          not isinstance(ident, (dict, list))), None)
            if match is None:
                unpaired.append(item)
                continue
            added = [a for a in added if a is not match]
            paired = True
            yield from _keyed_list(kind, rec, subject, field, name, key, [item], [match])
        removed = unpaired
    if added:
        yield Change(kind, rec, "changed", field, [], added,
                     f"{subject}{sep}{_plural(len(added), word)} added")
    if removed:
        yield Change(kind, rec, "changed", field, removed, [],
                     f"{subject}{sep}{_plural(len(removed), word)} removed")
    if not added and not removed and not paired:
        yield Change(kind, rec, "changed", field, old, new, f"{subject}{sep}{field} reordered")
