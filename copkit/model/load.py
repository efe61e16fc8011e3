"""Reading a whole CoP folder into one typed :class:`Cop`, collecting findings on the way.

Reading never stops at the first problem: a file that cannot be parsed becomes one finding, a
record that does not validate becomes findings with positions, and the records that are valid
are kept, so the cross-reference checks can still run on them.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from copkit.errors import NotACopError
from copkit.model import schemas as s
from copkit.model.cache import ParseCache, stamp
from copkit.model.findings import Finding, Severity
from copkit.model.folder import RECORD_DIRS as RECORD_DIRS
from copkit.model.folder import TOP_FILES as TOP_FILES
from copkit.model.folder import folder_files as folder_files
from copkit.model.folder import looks_like_cop as looks_like_cop
from copkit.model.folder import misnamed_files
from copkit.model.folder import path_findings as path_findings
from copkit.model.folder import record_files as record_files
from copkit.model.validation import describe_value, top_level, validate_list
from copkit.model.validation import did_you_mean as did_you_mean
from copkit.model.validation import dotted as dotted
from copkit.model.validation import findings_from_validation as findings_from_validation
from copkit.model.validation import validate as validate
from copkit.yaml.positions import SourceMap
from copkit.yaml.read import read_checked, read_text
from copkit.yaml.scalars import YamlProblem

_MEETING_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Cop:
    """Everything a CoP's records hold, validated. Invalid records are left out."""

    root: Path
    charter: s.Charter | None = None
    members: list[s.Member] = field(default_factory=list)
    agenda: s.AgendaFile = field(default_factory=s.AgendaFile)
    activities: list[s.Activity] = field(default_factory=list)
    plan: s.PlanFile | None = None
    meetings: list[s.Meeting] = field(default_factory=list)
    practices: list[s.Practice] = field(default_factory=list)
    stories: list[s.Story] = field(default_factory=list)
    surveys: list[s.Survey] = field(default_factory=list)
    organisations: list[s.Organisation] = field(default_factory=list)
    evidence: list[s.Evidence] = field(default_factory=list)
    sources: dict[str, SourceMap] = field(default_factory=dict)
    # ids seen in files, even in records that did not validate (avoids cascades of findings)
    known_ids: dict[str, set[str]] = field(default_factory=dict)
    # pools of ids (members, topics, groups, goals) whose file could not be read: references
    # into them cannot be checked, and are not reported as dangling. pool -> (file, why)
    unread: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.charter.name if self.charter else self.root.name

    def member_index(self) -> dict[str, s.Member]:
        return {m.id: m for m in self.members}

    def topic_index(self) -> dict[str, s.Topic]:
        return {t.id: t for t in self.agenda.topics}

    def practice_index(self) -> dict[str, s.Practice]:
        return {p.id: p for p in self.practices}

    def where(self, relpath: str, loc: Sequence[Any], key: bool = False) -> tuple[int, int]:
        source = self.sources.get(relpath)
        if source is None:
            return (0, 0)
        return source.locate(loc, key=key)

    def finding(self, code: str, message: str, relpath: str, loc: Sequence[Any] = (),
                hint: str | None = None, severity: Severity = "error",
                key: bool = False) -> Finding:
        line, col = self.where(relpath, loc, key=key)
        return Finding(code, message, relpath, line, col, hint, severity)


@dataclass
class LoadResult:
    cop: Cop
    findings: list[Finding]


# ---------------------------------------------------------------- discovery and loading
# a load that leaves at least this many new objects to Python's cyclic garbage collector has
# them frozen (see :func:`loading`): a members.yaml of 126,000 members leaves 1.3 million, the
# benchmark's CoP of 1,000 members and 520 meetings 50,000 to 90,000, a test's CoP thousands
FREEZE_AFTER = 200_000
_loading_depth = 0


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """Read and validate records with Python's cyclic garbage collector paused; after a large
    load, what it made is frozen (:func:`gc.freeze`: left out of the collector's passes).

    Records and their data hold no reference cycles (the reader refuses aliases) and stay
    until the command ends, so the collector can free none of them, yet each of its full
    passes walks them all, again and again while they are made: on a members.yaml of 126,000
    members at copkit's size limit, 13 passes took about 2 s of a check's 3.9 s. Frozen objects
    are still freed as soon as they are no longer used (reference counting); only cycles
    among them, which the records do not make, would stay. Nested loads pause once."""
    global _loading_depth
    pause = _loading_depth == 0 and gc.isenabled()
    if pause:
        gc.disable()
    _loading_depth += 1
    try:
        yield
    finally:
        _loading_depth -= 1
        if pause:
            if gc.get_count()[0] >= FREEZE_AFTER:
                gc.freeze()
            gc.enable()


def _parse(root: Path, misses: list[str]) -> dict[str, SourceMap | YamlProblem]:
    """Parse the files not in the cache: each result is its SourceMap (with the positions
    when the full parser read it; else with its text, where positions are found if a finding
    needs one) or a YamlProblem. One process: with the fast reader, a second process for half
    the files of a large CoP cost more to start than it saved (measured in
    benchmarks/bench_check.py)."""
    parsed: dict[str, SourceMap | YamlProblem] = {}
    for relpath in misses:
        try:
            parsed[relpath] = read_checked(root / relpath, relpath).source
        except YamlProblem as p:
            parsed[relpath] = p
    return parsed


def read_sources(root: Path, relpaths: list[str], findings: list[Finding],
                 cache: ParseCache | None = None) -> dict[str, SourceMap]:
    """Read many files (from the cache where it is current), in ``relpaths`` order. A file's
    data from the cache comes without its positions: the file is read again only if a
    finding needs one, and only as far as that finding (see :class:`SourceMap`)."""
    with loading():
        return _read_sources(root, relpaths, findings, cache)


def _read_sources(root: Path, relpaths: list[str], findings: list[Finding],
                  cache: ParseCache | None) -> dict[str, SourceMap]:
    stamps: dict[str, Any] = {}
    results: dict[str, Any] = {}
    misses: list[str] = []
    for relpath in relpaths:
        current = None
        try:
            current = stamp((root / relpath).stat())
        except OSError:
            pass
        stamps[relpath] = current
        data = cache.get(relpath, current) if cache is not None and current else None
        if data is not None:
            results[relpath] = SourceMap(relpath, data, text=partial(read_text, root / relpath))
        else:
            misses.append(relpath)
    results.update(_parse(root, misses))
    out: dict[str, SourceMap] = {}
    for relpath in relpaths:
        result = results[relpath]
        if isinstance(result, YamlProblem):
            p = result
            findings.append(Finding(p.code, p.message, relpath, p.line, p.column, p.hint))
            continue
        sm = result
        if cache is not None and stamps[relpath] and isinstance(sm.data, dict):
            if cache.get(relpath, stamps[relpath]) is None:
                cache.put(relpath, stamps[relpath], sm.data)
        if _usable(sm, relpath, findings):
            out[relpath] = sm
    return out


def read_source(root: Path, relpath: str, findings: list[Finding],
                cache: ParseCache | None = None) -> SourceMap | None:
    """Read one file; problems become findings."""
    return read_sources(root, [relpath], findings, cache).get(relpath)


def _usable(sm: SourceMap, relpath: str, findings: list[Finding]) -> bool:
    if sm.data is None:
        findings.append(Finding("empty-file", "the file is empty", relpath, 1, 1,
                                "it should hold 'field: value' lines; see `copkit init` for "
                                "a commented example"))
        return False
    if not isinstance(sm.data, dict):
        line, col = sm.locate([])
        findings.append(Finding(
            "not-a-mapping", f"the file holds {describe_value(sm.data)}, not a mapping of fields",
            relpath, line, col, "the top level must be 'field: value' lines, not a list or text"))
        return False
    return True


# what a command that shows only some records reads: given the CoP once its top files are
# validated, whether a record file (its path, its data as parsed) is validated
Selector = Callable[["Cop"], Callable[[str, Any], bool]]


def load_cop(root: Path, use_cache: bool = True, folders: Sequence[str] | None = None,
             select: Selector | None = None) -> LoadResult:
    """Read and validate every record of the CoP at ``root``.

    Parsed files are cached (see :mod:`copkit.model.cache`); ``use_cache=False`` reads everything
    from scratch. A command that shows only part of the records (the newsletter) names the
    record ``folders`` it reads (None: all) and may ``select`` the record files it validates;
    a file left out is neither read nor validated (its id is still known: no cascade of
    findings about references to it), so its findings are not among the result's."""
    root = Path(root)
    if not root.is_dir():
        raise NotACopError.not_a_folder(root, root.exists())
    has_dirs = any((root / d).is_dir() for d in RECORD_DIRS)
    if not looks_like_cop(root) and not has_dirs:
        raise NotACopError(
            f"{root} is not a CoP folder: it has no charter.yaml or members.yaml",
            "start one with `copkit init DIR`, or point at one with --cop DIR")
    cop = Cop(root=root)
    findings: list[Finding] = list(misnamed_files(root))
    refused = path_findings(root)
    findings.extend(refused)
    for required in s.REQUIRED_FILES:
        if not (root / required).is_file() and not any(f.path == required for f in refused):
            findings.append(Finding("missing-file", f"the required file {required} is missing",
                                    required, 0, 0,
                                    "create it (copkit init writes a commented one)"))
    ids: dict[str, set[str]] = {k: set() for k in
                                ("members", "topics", "groups", "goals", "activities",
                                 "organisations")}
    cache = ParseCache(root) if use_cache else None
    relpaths = [relpath for relpath, _path in record_files(root)]
    if folders is not None:  # the other folders' files: their ids only
        unread = [r for r in relpaths if "/" in r and r.split("/")[0] not in folders]
        for relpath in unread:
            ids.setdefault(relpath.split("/")[0], set()).add(Path(relpath).stem)
        skipped = set(unread)
        relpaths = [r for r in relpaths if r not in skipped]
    for finding in refused:  # a refused record still has an id: no cascade of references
        if finding.path.count("/") == 1 and finding.path.endswith(".yaml"):
            folder, name = finding.path.split("/")
            ids.setdefault(folder, set()).add(name[: -len(".yaml")])
    with loading():  # the whole load in one pause (see loading)
        sources = read_sources(root, relpaths, findings, cache)
        _validate_all(cop, relpaths, sources, findings, ids, select)
        cop.meetings.sort(key=lambda m: (m.date, m.id))
        cop.practices.sort(key=lambda p: p.id)
        cop.stories.sort(key=lambda x: (x.date, x.id))
        cop.surveys.sort(key=lambda x: (x.date, x.id))
    cop.known_ids = ids
    cop.unread = unread_pools(root, cop.sources)
    if cache is not None:
        cache.save()
    return LoadResult(cop, findings)


def file_findings(root: Path, relpath: str) -> list[Finding]:
    """What `copkit check` finds in one record file read on its own: its YAML and its schema
    (not the references to other files)."""
    findings: list[Finding] = []
    sm = read_source(Path(root), relpath, findings)
    if sm is not None:
        ids: dict[str, set[str]] = {k: set() for k in
                                    ("members", "topics", "groups", "goals", "activities",
                                 "organisations")}
        _load_one(Cop(root=Path(root)), relpath, sm, findings, ids)
    return findings


# pool of ids -> the file and the top-level list that hold them
POOL_FILES = {"members": ("members.yaml", "members"), "goals": ("charter.yaml", "goals"),
              "topics": ("learning-agenda.yaml", "topics"),
              "groups": ("learning-agenda.yaml", "thematic_groups"),
              "organisations": ("organisations.yaml", "organisations")}


def unread_pools(root: Path, sources: dict[str, SourceMap]) -> dict[str, tuple[str, str]]:
    """The pools of ids whose file exists (or is required) but could not be read, or whose
    list is not a list: their ids are unknown, so references to them cannot be checked."""
    out: dict[str, tuple[str, str]] = {}
    for pool, (relpath, key) in POOL_FILES.items():
        sm = sources.get(relpath)
        if sm is None:
            if relpath in s.REQUIRED_FILES and not os.path.lexists(root / relpath):
                out[pool] = (relpath, "is missing")
            elif os.path.lexists(root / relpath):
                out[pool] = (relpath, "could not be read")
        elif isinstance(sm.data, dict) and sm.data.get(key) is not None and not isinstance(
                sm.data[key], list):
            out[pool] = (relpath, f"has no list of {key}")
    return out


def _validate_all(cop: Cop, relpaths: list[str], sources: dict[str, SourceMap],
                  findings: list[Finding], ids: dict[str, set[str]],
                  select: Selector | None) -> None:
    """Validate the files read, in ``relpaths`` order (the top files first); a record file
    ``select`` leaves out, or that could not be read, only adds its id."""
    keep: Callable[[str, Any], bool] | None = None
    for relpath in relpaths:
        sm = sources.get(relpath)
        if "/" in relpath and sm is not None and select is not None:
            keep = keep or select(cop)  # the top files are validated by now
            if not keep(relpath, sm.data):
                sm = None
        if sm is None:
            if "/" in relpath:
                ids.setdefault(relpath.split("/")[0], set()).add(Path(relpath).stem)
            continue
        cop.sources[relpath] = sm
        _load_one(cop, relpath, sm, findings, ids)


def _load_one(cop: Cop, relpath: str, sm: SourceMap, findings: list[Finding],
              ids: dict[str, set[str]]) -> None:
    """Validate one file's records into ``cop``; its problems go to ``findings``, the ids it
    holds (valid or not) to ``ids``."""
    with loading():
        _validate_file(cop, relpath, sm, findings, ids)


def _validate_file(cop: Cop, relpath: str, sm: SourceMap, findings: list[Finding],
                   ids: dict[str, set[str]]) -> None:
    top = _TOP_FILE_VALIDATORS.get(relpath)
    if top is not None:
        top(cop, sm, findings, ids)
    else:
        _validate_record(cop, relpath, sm, findings, ids)


def _validate_charter(cop: Cop, sm: SourceMap, findings: list[Finding],
                      ids: dict[str, set[str]]) -> None:
    for goal in sm.data.get("goals") or []:
        if isinstance(goal, dict) and isinstance(goal.get("id"), str):
            ids["goals"].add(goal["id"])
    cop.charter, problems = validate(s.Charter, sm)
    findings.extend(problems)


def _validate_members(cop: Cop, sm: SourceMap, findings: list[Finding],
                      ids: dict[str, set[str]]) -> None:
    if top_level(sm, ("members",), findings):
        cop.members = validate_list(s.Member, sm, "members", findings, ids["members"])


def _validate_agenda(cop: Cop, sm: SourceMap, findings: list[Finding],
                     ids: dict[str, set[str]]) -> None:
    if top_level(sm, ("topics", "thematic_groups"), findings):
        cop.agenda = s.AgendaFile(
            topics=validate_list(s.Topic, sm, "topics", findings, ids["topics"]),
            thematic_groups=validate_list(s.ThematicGroup, sm, "thematic_groups", findings,
                                           ids["groups"]))


def _validate_activities(cop: Cop, sm: SourceMap, findings: list[Finding],
                         ids: dict[str, set[str]]) -> None:
    if top_level(sm, ("activities",), findings):
        cop.activities = validate_list(s.Activity, sm, "activities", findings,
                                        ids["activities"])


def _validate_plan(cop: Cop, sm: SourceMap, findings: list[Finding],
                   ids: dict[str, set[str]]) -> None:
    cop.plan, problems = validate(s.PlanFile, sm)
    findings.extend(problems)


def _validate_organisations(cop: Cop, sm: SourceMap, findings: list[Finding],
                            ids: dict[str, set[str]]) -> None:
    if top_level(sm, ("organisations", "evidence"), findings):
        cop.organisations = validate_list(s.Organisation, sm, "organisations", findings,
                                          ids.setdefault("organisations", set()))
        cop.evidence = validate_list(s.Evidence, sm, "evidence", findings,
                                     ids.setdefault("evidence", set()))


_TOP_FILE_VALIDATORS: dict[
    str, Callable[[Cop, SourceMap, list[Finding], dict[str, set[str]]], None]] = {
    "charter.yaml": _validate_charter,
    "members.yaml": _validate_members,
    "learning-agenda.yaml": _validate_agenda,
    "activities.yaml": _validate_activities,
    "plan.yaml": _validate_plan,
    "organisations.yaml": _validate_organisations,
}


def _validate_record(cop: Cop, relpath: str, sm: SourceMap, findings: list[Finding],
                     ids: dict[str, set[str]]) -> None:
    """One record file (a meeting, practice, story or survey): its name, then its record."""
    folder, name = relpath.split("/", 1)
    stem = name[: -len(".yaml")]
    ids.setdefault(folder, set()).add(stem)
    kind = RECORD_DIRS[folder]
    model: type[s.Record] = s.FILE_KINDS[kind][0]  # type: ignore[assignment]
    if not re.match(s.SLUG_PATTERN, stem):
        findings.append(Finding(
            "bad-id", f"the file name '{name}' is not a valid id", relpath, 0, 0,
            f"rename it to {_suggested_name(folder, stem, sm.data)} (lower-case letters, "
            "digits and hyphens only)"))
    record, problems = validate(model, sm)
    findings.extend(problems)
    if record is None:
        return
    record._id = stem
    if isinstance(record, s.Meeting):
        _check_meeting_name(record, stem, sm, findings)
        cop.meetings.append(record)
    elif isinstance(record, s.Practice):
        cop.practices.append(record)
    elif isinstance(record, s.Story):
        cop.stories.append(record)
    elif isinstance(record, s.Survey):
        cop.surveys.append(record)


def _suggested_name(folder: str, stem: str, data: Any) -> str:
    """A file name that follows the rules, for a hint: the name's slug
    (:func:`copkit.text.slugify`, the one the record commands make of a title), and for a
    meeting its date first (the date written in the file, when there is a valid one). For a
    meeting named after its title, that is the name ``copkit meeting new`` writes for the same
    title and date (:func:`copkit.records.ids.meeting_id`; tests/test_records_cli.py)."""
    from copkit.text import fold, slugify

    slug = slugify(stem)
    if folder != "meetings":
        return f"{slug or RECORD_DIRS.get(folder, 'record')}.yaml"
    day = data.get("date") if isinstance(data, dict) else None
    if isinstance(day, _dt.date) and not isinstance(day, _dt.datetime):
        title = re.sub(r"^\d{4} \d{1,2} \d{1,2}(?: |$)", "", fold(stem))  # the date it starts with
        return f"{day.isoformat()}-{slugify(title, 50) or 'meeting'}.yaml"  # 50: as meeting new
    return f"YYYY-MM-DD-{slug or 'meeting'}.yaml"


def _check_meeting_name(meeting: s.Meeting, stem: str, sm: SourceMap,
                        findings: list[Finding]) -> None:
    m = _MEETING_NAME.match(stem)
    if not m:
        findings.append(Finding(
            "file-name", f"meeting file names start with the meeting's date: '{stem}.yaml'",
            sm.path, 0, 0,
            f"rename it to {_suggested_name('meetings', stem, {'date': meeting.date})}",
            "warning"))
    elif m.group(1) != meeting.date.isoformat():
        line, col = sm.locate(["date"])
        findings.append(Finding(
            "file-name",
            f"the file name says {m.group(1)} but the meeting's date is {meeting.date.isoformat()}",
            sm.path, line, col, "fix the date, or rename the file to match it"))
