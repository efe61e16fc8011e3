"""One CoP's export: load it, read what git adds, build the report's data (for the
`indicators` table, the same as `copkit report --format json`), make every table's rows and
write them in the format asked for."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copkit.export import pseudo
from copkit.export import rows as r
from copkit.export.schema import SCHEMA_VERSION, TABLES, Table

if TYPE_CHECKING:
    from copkit.indicators import StatusHistory
    from copkit.model.load import Cop
    from copkit.periods import Period


@dataclass
class Exported:
    """What one export made: the CoP's id, its tables (rows by table name), the problems."""
    cop: str
    tables: list[tuple[Table, list[dict[str, Any]]]]
    errors: int
    commit: str | None
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    period: Period
    today: _dt.date
    pseudonymise: bool = False
    include_contacts: bool = False
    cop_id: str | None = None      # the CoP's id (a portfolio makes duplicates unique)
    commit: str | None = None      # HEAD's id when the caller knows it (else worked out)


def export_tables(root: Path, options: Options) -> Exported:
    """Every table of the CoP at `root` (rows, not yet written)."""
    from copkit import indicators
    from copkit.export import events
    from copkit.model.load import load_cop
    from copkit.output import report
    from copkit.output.report_history import HistoryReader
    from copkit.text import slugify

    key = pseudo.export_key(required=options.pseudonymise)
    # both git logs (the report's, the whole history's for practice_events) run while the
    # records load
    with HistoryReader(root, options.period, options.today) as reader, \
            events.GitStatuses(root, options.today) as everything:
        loaded = load_cop(root)
        errors = sum(1 for f in loaded.findings if f.severity == "error")
        history = reader.result(loaded.cop)
        statuses = everything.result(loaded.cop)
    cop = loaded.cop
    # every indicator, without the charts' series (the tables hold no chart): the report's
    # levels and scorecard, as `copkit report --format json` has them
    metrics = indicators.compute(cop, options.period, options.today, history,
                                 indicators=indicators.IDS)
    data = report.build_report(cop, options.period, "all", "members", False, options.today,
                               metrics=metrics, load_problems=errors, history=history)
    cop_id = options.cop_id or slugify(cop.name) or "cop"
    tables = _tables(root, cop, options, key, data, statuses)
    commit = options.commit or commit_of(root)
    tables.insert(0, (_table("cop"), [_cop_row(cop, options, errors, commit)]))
    warnings = [f"{errors} error(s) in the records: records with errors are left out (run "
                "`copkit check`)"] if errors else []
    return Exported(cop_id, tables, errors, commit, warnings=warnings)


def _table(name: str) -> Table:
    return next(t for t in TABLES if t.name == name)


def _tables(root: Path, cop: Cop, options: Options, key: bytes | None,
            data: dict[str, Any], statuses: StatusHistory | None
            ) -> list[tuple[Table, list[dict[str, Any]]]]:
    from copkit.export import events

    ids = r.Ids(key if options.pseudonymise else None)
    contacts = _contacts(root, cop, options.include_contacts)
    event_rows, added = events.practice_events(cop, statuses)
    made: dict[str, list[dict[str, Any]]] = {
        "members": r.members(cop, ids, key, contacts, options.include_contacts),
        "practices": r.practices(cop, ids, added),
        "practice_events": event_rows,
        "plan_steps": r.plan_steps(cop, ids, options.today),
        "indicators": r.indicators(data),
        "health": r.health(data, ids),
        **{name: make(cop, ids) for name, make in r.SIMPLE.items()},
    }
    return [(t, made[t.name]) for t in TABLES if t.name in made]


def _contacts(root: Path, cop: Cop, asked: bool) -> dict[str, Any]:
    """The members' contact details through copkit.contacts (contacts.yaml, else an old
    members.yaml's fields). A contacts.yaml with errors stops the export only when its
    details were asked for (--include-contacts)."""
    import importlib

    from copkit.errors import CopkitError

    try:
        book = importlib.import_module("copkit.contacts.book")
    except ImportError:  # a copkit without contacts.yaml: members.yaml's own fields
        return {m.id: m for m in cop.members}
    try:
        found: dict[str, Any] = book.contacts_of(root, [m.model_dump() for m in cop.members])
    except CopkitError:
        if asked:
            raise
        return {m.id: m for m in cop.members}
    return found


def _cop_row(cop: Cop, options: Options, errors: int, commit: str | None) -> dict[str, Any]:
    ch = cop.charter
    review = ch.review if ch else None
    reviews = [d for d in [review.last_reviewed if review else None,
                           *(e.date for e in (review.log if review else []))] if d]
    return {"name": cop.name, "stage": ch.stage if ch else None,
            "started": ch.started if ch else None,
            "language": getattr(ch, "language", None) if ch else None,
            "domain": str(ch.domain.statement) if ch and ch.domain.statement else None,
            "purpose": str(ch.purpose) if ch and ch.purpose else None,
            "meeting_frequency": ch.ways_of_working.meeting_frequency if ch else None,
            "last_reviewed": max(reviews, default=None),
            "countries": sorted({m.country for m in cop.members if m.country}),
            "members": len(cop.members), "errors": errors, "commit": commit,
            "period_start": options.period.start, "period_end": options.period.end,
            "exported": options.today, "pseudonymised": options.pseudonymise,
            "schema_version": SCHEMA_VERSION}


def commit_of(root: Path) -> str | None:
    """HEAD's id when the CoP folder has no change left uncommitted (the records are that
    commit's), else None. A record file git does not track yet (a new meeting not committed,
    not ignored) is such a change too."""
    from copkit.errors import CopkitError
    from copkit.git.runner import Git

    try:
        git = Git(root)
        if git.head is None:
            return None
        changed = git.out("status", "--porcelain", "--untracked-files=no", "--", ".")
        new = git.out("ls-files", "-z", "--others", "--exclude-standard", "--", ".")
    except CopkitError:
        return None
    records = [n for n in new.split(b"\0") if n.endswith((b".yaml", b".yml"))]
    return None if changed.strip() or records else git.head


def tree_of(root: Path) -> str | None:
    """The id of the CoP folder's tree at HEAD: the same for two folders holding the same
    records (a copy), different for two CoPs kept in one repository."""
    from copkit.errors import CopkitError
    from copkit.git.runner import Git

    try:
        out = Git(root).out("rev-parse", "--verify", "--quiet", "HEAD:./")
    except CopkitError:
        return None
    return out.decode("ascii", "replace").strip() or None


def write_export(exported: Exported, fmt: str, out: Path, *, force: bool,
                 contacts: bool, staging: bool = False) -> list[Path]:
    """Write the tables in `fmt` (`copkit.export.write.FORMATS`) into the folder `out`, all
    files or none; an existing file is replaced only with `force` (schema.json is).
    `staging`: `out` is a new folder of the caller's that it renames into place when done
    (a cache entry): the files are written plainly, without one sync each."""
    from copkit.export import write
    from copkit.output.files import write_outputs

    files = write.files(fmt, out, exported.cop, exported.tables, contacts)
    if staging:
        for path, data in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return [p for p, _ in files]
    schema, rest = files[0], files[1:]
    write_outputs(rest, force=force,
                  exists_hint="add --force to replace it, or choose another --out DIR")
    write_outputs([schema], force=True)
    return [p for p, _ in files]
