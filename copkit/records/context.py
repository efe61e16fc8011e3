"""What a record command reads of a CoP, and how it names what it cannot find.

:class:`Context` reads lazily, with the fast reader, only the parts of the CoP an operation
needs (the ids to check references against, one list file to edit); :func:`require_refs`,
:func:`unknown_record` and :func:`resolve_people` turn what is not there into errors with a
"did you mean" hint. A file opened for an edit that holds a date with no such day is refused
with check's own finding (:func:`dates_readable`).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from copkit.edit.splice import ListFile
from copkit.errors import RecordError
from copkit.records.people import PeopleIndex
from copkit.records.values import check_text
from copkit.yaml import txn

MEMBERS = "members.yaml"
AGENDA = "learning-agenda.yaml"
ACTIVITIES = "activities.yaml"
CHARTER = "charter.yaml"
PLAN = "plan.yaml"

_ID_LINE = re.compile(r"""^[ \t]*(?:-[ \t]+)?id:[ \t]*["']?([a-z0-9]+(?:-[a-z0-9]+)*)["']?"""
                      r"[ \t]*(?:#.*)?\r?$", re.M)


def inside(root: Path, relpath: str) -> Path:
    """``root / relpath``, refused when it would lead outside the CoP folder (a ``..``, or a
    link to somewhere else): copkit reads and writes only the CoP's own files."""
    root = Path(root)
    path = root / relpath
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        raise RecordError(f"{relpath} leads outside the CoP folder, so copkit does not read "
                          "or write it",
                          "replace the link with the file itself, inside the CoP folder",
                          f"{relpath}:1:1") from None
    return path


def text_or_empty(path: Path) -> str:
    """A file's text as this command sees it (its own writes included); "" for no file."""
    try:
        return txn.read_bytes(path).decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""


class Context:
    """The parts of a CoP an operation needs, read lazily with the fast reader."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lists: dict[str, ListFile] = {}
        self._fast_ids: set[str] | None = None

    def list_file(self, relpath: str) -> ListFile:
        if relpath not in self._lists:
            path = inside(self.root, relpath)
            if not path.exists() and relpath == MEMBERS:
                raise RecordError(
                    f"{self.root} has no members.yaml, so it is not a CoP folder",
                    "start one with copkit init DIR, or point at one with --cop DIR")
            # a missing list file is created when the first item is saved into it; the file
            # is parsed only when a command needs more than one item of it
            self._lists[relpath] = ListFile(path, relpath, missing_ok=True, lazy=True,
                                            readable=dates_readable)
        return self._lists[relpath]

    def raw(self, relpath: str, key: str) -> list[dict[str, Any]]:
        path = self.root / relpath
        if not path.exists():
            return []
        return [i for i in self.list_file(relpath).items(key) if isinstance(i, dict)]

    def ids(self, relpath: str, key: str) -> set[str]:
        return {i["id"] for i in self.raw(relpath, key) if isinstance(i.get("id"), str)}

    def quick_ids(self, relpath: str, key: str) -> set[str]:
        """The ids of a list's items from their ``id:`` lines when every item has exactly
        one; otherwise from the parsed file."""
        if not (self.root / relpath).exists():
            return set()
        lf = self.list_file(relpath)
        scan = lf.quick_scan(key, "id")
        q = lf.quick(key)
        if scan is None or q is None or len(scan) != len(q[0]) or \
                len({i for i, _ in scan}) != len(q[0]):
            return self.ids(relpath, key)
        return {value for _, value in scan}

    @property
    def member_ids(self) -> set[str]:
        return self.ids(MEMBERS, "members")

    @property
    def topic_ids(self) -> set[str]:
        return self.ids(AGENDA, "topics")

    @property
    def group_ids(self) -> set[str]:
        return self.ids(AGENDA, "thematic_groups")

    @property
    def activity_ids(self) -> set[str]:
        return self.ids(ACTIVITIES, "activities")

    @property
    def goal_ids(self) -> set[str]:
        from copkit.yaml.read import read_file
        from copkit.yaml.scalars import YamlProblem

        path = self.root / CHARTER
        if not path.exists():
            return set()
        try:
            data = read_file(path, CHARTER).data
        except YamlProblem as p:
            raise RecordError(p.message, "fix charter.yaml first (copkit check)",
                              f"{CHARTER}:{p.line}:{p.column}") from None
        goals = data.get("goals") if isinstance(data, dict) else None
        return {g["id"] for g in goals or [] if isinstance(g, dict) and isinstance(g.get("id"),
                                                                                    str)}

    def record_ids(self, folder: str) -> set[str]:
        base = self.root / folder
        if not base.is_dir():
            return set()
        names = [*os.listdir(base), *txn.staged_names(base)]
        return {name[:-5] for name in names if name.endswith(".yaml")}

    def people(self) -> PeopleIndex:
        from copkit.records.emails import people_index

        return people_index(self.root, self.raw(MEMBERS, "members"))

    def fast_member_ids(self) -> set[str]:
        """Member ids found by scanning members.yaml's lines (no YAML parsing): enough to
        accept an id quickly; an id not found this way is looked up properly."""
        if self._fast_ids is None:
            self._fast_ids = set(_ID_LINE.findall(text_or_empty(self.root / MEMBERS)))
        return self._fast_ids

    def missing_members(self, ids: Iterable[str | None]) -> list[str]:
        """The ids among ``ids`` that are not members."""
        wanted = [i for i in ids if i is not None]
        fast = self.fast_member_ids()
        unsure = [i for i in wanted if i not in fast]
        if not unsure:
            return []
        known = self.member_ids
        return [i for i in unsure if i not in known]


def _did_you_mean(value: str, pool: Iterable[str]) -> str | None:
    from copkit.model.load import did_you_mean

    return did_you_mean(value, sorted(pool))


def require_refs(values: Iterable[str | None], pool: set[str], what: str, flag: str) -> None:
    """Every id in ``values`` must be in ``pool``."""
    for value in values:
        if value is None or value in pool:
            continue
        guess = _did_you_mean(value, pool)
        if guess:
            hint = f"did you mean '{guess}'?"
        elif what == "member":
            hint = "add the person first with copkit member add, or fix the id"
        else:
            hint = f"add the {what} first, or fix the id"
        raise RecordError(f"{flag}: unknown {what} id '{value}'", hint)


def unknown_record(what: str, record_id: str, pool: Iterable[str], command: str) -> RecordError:
    guess = _did_you_mean(record_id, pool)
    hint = f"did you mean '{guess}'?" if guess else f"list them with {command}"
    return RecordError(f"there is no {what} with the id '{record_id}'", hint)


def resolve_people(ctx: Context, people: Iterable[str], flag: str,
                   index: PeopleIndex | None = None) -> list[str]:
    """Member ids for people given as ids, emails, names or ``Name <email>``, through the one
    resolver (:func:`copkit.records.people.resolve`): its errors for unknown or ambiguous."""
    from copkit.records.people import resolve

    out: list[str] = []
    fast = ctx.fast_member_ids()
    for person in people:
        check_text(person, flag)
        if person in fast:  # a member id: no need to match names
            out.append(person)
            continue
        index = index or ctx.people()
        out.append(resolve(index, person, flag))
    return out


# ---------------------------------------------------------------- dates with no such day
@contextlib.contextmanager
def dates_readable(root: Path, relpath: str) -> Iterator[None]:
    """Around a round-trip load of ``relpath`` (ruamel.yaml, :mod:`copkit.edit.store`): ruamel makes
    a date of every unquoted YYYY-MM-DD it reads and fails with a ValueError on one that does
    not exist (2026-02-30). The file is then refused with the error :func:`impossible_date`
    finds, before anything is written."""
    try:
        yield
    except ValueError:
        error = impossible_date(root, relpath)
        if error is None:
            raise
        raise error from None


_DATE_LIKE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt ].*)?", re.S)


def impossible_date(root: Path, relpath: str) -> RecordError | None:
    """The date in ``relpath`` with no such day, refused with the bad-date finding ``copkit
    check`` reports (a FileRefused: path:line:col, message and hint) where the file's schema
    expects a date; a date-like text elsewhere (a title written 2026-02-30), which check takes
    for text, is named at its position too. None when the file holds no such date."""
    from copkit.model.load import dotted, file_findings
    from copkit.yaml.read import FileRefused, read_file
    from copkit.yaml.scalars import YamlProblem

    for finding in file_findings(Path(root), relpath):
        if finding.code == "bad-date" and "is not a real date" in finding.message:
            return FileRefused(finding)
    try:
        sm = read_file(inside(root, relpath), relpath)
    except (YamlProblem, OSError):
        return None
    for loc, node in _scalars(sm.data):
        if not _no_such_day(node):
            continue
        line, col = sm.locate(loc)
        return RecordError(
            f"{dotted(loc)}: '{node}' is not a real date (no such day in that month)",
            f"correct the date, or write the value in quotes ('{node}') if it is text "
            "and not a date", f"{relpath}:{line}:{col}")
    return None


def _scalars(data: Any) -> Iterator[tuple[list[Any], Any]]:
    """(path, value) of every scalar of ``data``, in the file's order."""
    stack: list[tuple[list[Any], Any]] = [([], data)]
    while stack:
        loc, node = stack.pop()
        if isinstance(node, (dict, list)):
            items = node.items() if isinstance(node, dict) else enumerate(node)
            stack.extend(([*loc, k], v) for k, v in reversed(list(items)))
        else:
            yield loc, node


def _no_such_day(node: Any) -> bool:
    """Whether ``node`` is a text written like a date that has no such day."""
    m = _DATE_LIKE.fullmatch(node) if isinstance(node, str) else None
    if m is None:
        return False
    try:
        _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return True
    return False
