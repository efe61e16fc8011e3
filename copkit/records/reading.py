"""Reading records for ``list`` and ``show``: the valid records of the files asked for (read
as ``copkit check`` reads them, into a :class:`copkit.model.load.Cop`), the findings about the
invalid ones, and one record by its id with every problem it has."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from copkit.errors import RecordError
from copkit.model.load import folder_files
from copkit.records.context import MEMBERS, Context, inside, unknown_record
from copkit.records.ids import check_id


@dataclass
class Loaded:
    """What ``list`` and ``show`` read: the valid records (``cop``, a
    :class:`copkit.model.load.Cop`), the problems that kept others out (findings with their
    position), and how many records were left out because of them."""

    cop: Any
    findings: list[Any] = field(default_factory=list)
    hidden: int = 0


def _count(cop: Any) -> int:
    return (len(cop.members) + len(cop.agenda.topics) + len(cop.agenda.thematic_groups)
            + len(cop.activities) + len(cop.meetings) + len(cop.practices) + len(cop.stories)
            + len(cop.surveys) + len(cop.organisations) + len(cop.evidence))


def _raw_count(data: Any) -> int:
    if not isinstance(data, dict):
        return 0
    return sum(len(v) for k, v in data.items()
               if k in ("members", "topics", "thematic_groups", "activities",
                        "organisations", "evidence")
               and isinstance(v, list))


def load_parts(root: Path, relpaths: Iterable[str]) -> Loaded:
    """The valid records of ``relpaths``, and the findings about the invalid ones. A file
    holding a list of records (members.yaml...) that cannot be read at all (a YAML syntax
    error) is an error with its position: no record of it could be listed. A record file
    that cannot be read is one record left out, named in the findings."""
    from copkit.model.load import Cop, looks_like_cop

    root = Path(root)
    if not looks_like_cop(root):
        from copkit.errors import NotACopError

        raise NotACopError(f"{root} is not a CoP folder: it has no charter.yaml or members.yaml",
                           "start one with copkit init DIR, or point at one with --cop DIR")
    loaded = Loaded(Cop(root=root))
    ids: dict[str, set[str]] = {k: set() for k in
                                ("members", "topics", "groups", "goals", "activities")}
    for relpath in relpaths:
        if (root / relpath).is_file():
            _load_file(loaded, root, relpath, ids)
    loaded.cop.meetings.sort(key=lambda m: (m.date, m.id))
    loaded.cop.practices.sort(key=lambda p: p.id)
    loaded.cop.known_ids = ids
    return loaded


def _load_file(loaded: Loaded, root: Path, relpath: str, ids: dict[str, set[str]]) -> None:
    """Read one file into ``loaded``: its valid records, findings about the others."""
    from copkit.model.findings import Finding
    from copkit.model.load import _load_one, read_source

    one_record = "/" in relpath
    try:
        inside(root, relpath)
    except RecordError as exc:
        if not one_record:
            raise
        loaded.findings.append(Finding("bad-path", exc.message, relpath, 1, 1, exc.hint))
        loaded.hidden += 1
        return
    sm = read_source(root, relpath, loaded.findings)
    if sm is None:
        if not one_record:
            problem = loaded.findings[-1]
            raise RecordError(problem.message,
                              "fix the file first (copkit check shows every problem and "
                              "how to fix it)", problem.location or f"{relpath}:1:1")
        loaded.hidden += 1
        return
    cop = loaded.cop
    cop.sources[relpath] = sm
    before = _count(cop)
    _load_one(cop, relpath, sm, loaded.findings, ids)
    valid = _count(cop) - before
    loaded.hidden += (1 - valid) if one_record else max(0, _raw_count(sm.data) - valid)


def invalid_record(what: str, record_id: str, location: str,
                   problems: Sequence[Any]) -> RecordError:
    """The error for a record that exists but does not validate: each problem with its
    ``path:line:col`` (and its hint), so the user sees what to fix without another command."""
    from copkit.text import printable

    lines = [f"{what} '{record_id}' is not a valid record, so it is not shown:"]
    for f in problems:
        hint = f" ({f.hint})" if f.hint else ""
        lines.append(f"  {f.location or location}: {printable(f.message)}{printable(hint)}")
    return RecordError("\n".join(lines),
                       "fix what is named above, then run copkit check to confirm", location)


class RecordKind(Protocol):
    """What :func:`read_record` needs of a kind of record (:class:`copkit.records.kinds.Kind`
    is one; named by what it does, so that this module and the kinds table, which reads
    records through this module, do not import each other)."""

    @property
    def name(self) -> str: ...
    @property
    def folder(self) -> str | None: ...
    @property
    def records(self) -> Callable[[Any], list[Any]]: ...
    def relpath(self, record_id: str) -> str: ...


def read_record(root: Path, kind: RecordKind, record_id: str) -> tuple[str, Any]:
    """A record kept in a file of its own (a meeting, a practice...) by its id (its file name),
    for ``show``: (path, record). An unknown id, an id that is not one, and a record that does
    not validate are errors (the last with each problem positioned)."""
    root = Path(root)
    check_id(record_id, f"the {kind.name} id")
    relpath = kind.relpath(record_id)
    if not inside(root, relpath).is_file():
        raise unknown_record(kind.name, record_id, Context(root).record_ids(str(kind.folder)),
                             f"copkit {kind.name} list")
    loaded = load_parts(root, [relpath])
    found = kind.records(loaded.cop)
    if not found:
        raise invalid_record(kind.name, record_id, f"{relpath}:1:1", loaded.findings)
    return relpath, found[0]


def read_member(root: Path, member_id: str) -> Any:
    """A member by id, for ``member show``; an invalid record is an error naming each of its
    problems with its position (not 'there is no such member')."""
    root = Path(root)
    check_id(member_id, "the member id")
    loaded = load_parts(root, [MEMBERS])
    member = loaded.cop.member_index().get(member_id)
    if member is not None:
        return member
    sm = loaded.cop.sources.get(MEMBERS)
    items = sm.data.get("members") if sm is not None and isinstance(sm.data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and item.get("id") == member_id:
            from copkit.model.load import validate as check_item
            from copkit.model.schemas import Member

            _, problems = check_item(Member, sm, ("members", i), data=item)
            line, col = sm.locate(["members", i])
            raise invalid_record("member", member_id, f"{MEMBERS}:{line}:{col}", problems)
    raise unknown_record("member", member_id, loaded.cop.known_ids.get("members", set()),
                         "copkit member list")


def meetings_attended(root: Path, member_id: str) -> tuple[list[Any], Loaded]:
    """The meetings (oldest first) that list ``member_id`` among their attendees, and what
    was read to find them; only the files that mention the id are parsed."""
    root = Path(root)
    candidates = []
    for relpath in folder_files(root, "meetings"):
        try:
            text = (root / relpath).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if member_id in text:
            candidates.append(relpath)
    loaded = load_parts(root, candidates)
    return [m for m in loaded.cop.meetings if member_id in m.attendees], loaded
