"""What the git history says about each quarter of the CoP's life, for the report's quarterly
trends (`quarter_snapshots`: the data; `copkit.indicators.quarterly` computes the trends). The
history itself is read by :mod:`copkit.git` (the timeline of changes in words and the
semantic diff: :mod:`copkit.git.history`)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from copkit import periods
from copkit.errors import GitError
from copkit.git.blobs import Blobs
from copkit.git.history import member_versions
from copkit.git.log import read_log
from copkit.git.pieces import Parser
from copkit.git.runner import Git
from copkit.periods import Period
from copkit.yaml.scalars import YamlProblem

if TYPE_CHECKING:
    from copkit.model.load import Cop

__all__ = ["QuarterSnapshots", "quarter_snapshots"]


# ---------------------------------------------------------------- quarters, for the trends
@dataclass(frozen=True)
class QuarterSnapshots:
    """What the git history says about each quarter of the CoP's life, gathered for the
    quarterly trends (computed from it by `copkit.indicators.trends`, the caller wiring the
    two): the quarters, oldest first, from the earliest date the records or the history know
    of (none when there is no date); for members with no `joined` date, the ids on the
    members list at each quarter's last commit (`listed`; None when every member has a
    `joined` date); the day each practice file was first committed (read when a practice has
    no `added` date); and notes on where these came from."""

    quarters: list[Period]
    listed: list[set[str]] | None
    practice_days: dict[str, _dt.date]
    notes: list[str]


def _practice_add_days(git: Git) -> dict[str, _dt.date]:
    """The day each practice file was first committed (for practices with no ``added``)."""
    days: dict[str, _dt.date] = {}
    for commit in reversed(read_log(git, "--diff-filter=AR", "HEAD", "--", "practices")):
        for fc in commit.files:
            if fc.new_path and fc.new_path.startswith("practices/"):
                stem = fc.new_path[len("practices/"):].removesuffix(".yaml")
                days.setdefault(stem, commit.date.date())
    return days


def quarter_snapshots(root: Path, cop: Cop, until: _dt.date | None = None,
                      versions: list[tuple[_dt.date, str]] | None = None) -> QuarterSnapshots:
    """The quarters of the CoP's life up to ``until`` (default today) and what the history
    says about each (`QuarterSnapshots`); outside git, the records alone (members with no
    joined date are then on the current list throughout). ``versions``: members.yaml's
    committed versions (:func:`member_versions`), when the caller has read them already."""
    today = until or _dt.date.today()
    git: Git | None
    try:
        git = Git(root)
        if not git.has_head:
            git = None
    except GitError:
        git = None
    undated = [m for m in cop.members if m.joined is None]
    if git is None or not undated:
        versions = []
    elif versions is None:
        versions = member_versions(git)
    practice_days: dict[str, _dt.date] = {}
    if git is not None and any(p.added is None for p in cop.practices):
        practice_days = _practice_add_days(git)
    first = _first_day(cop, versions, practice_days, today)
    if first is None:
        return QuarterSnapshots([], None, {}, ["no dates in the records yet: nothing to show "
                                               "over time"])
    notes: list[str] = []
    quarters = periods.quarters(first, today)
    if len(quarters) > 80:
        quarters = quarters[-80:]
        notes.append("only the last 20 years are shown")
    listed = None
    if undated:
        listed = _listed_by_quarter(git, cop, quarters, versions, today, notes)
        where = "the members list at each quarter's last commit" if git is not None else \
            "the current members list (the folder has no git history)"
        notes.append(f"{len(undated)} member(s) have no joined date: they are counted from "
                     f"{where}")
    notes += _practice_notes(cop, practice_days)
    return QuarterSnapshots(quarters, listed, practice_days, notes)


def _first_day(cop: Cop, versions: list[tuple[_dt.date, str]],
               practice_days: dict[str, _dt.date], today: _dt.date) -> _dt.date | None:
    """The earliest date the records or the history know of, up to today."""
    candidates: list[_dt.date] = []
    if cop.charter and cop.charter.started:
        candidates.append(cop.charter.started)
    candidates += [m.joined for m in cop.members if m.joined]
    candidates += [m.date for m in cop.meetings[:1]]
    candidates += [p.added for p in cop.practices if p.added]
    candidates += [d for d, _ in versions[:1]]
    candidates += list(practice_days.values())
    return min((d for d in candidates if d <= today), default=None)


def _listed_by_quarter(git: Git | None, cop: Cop, quarters: list[Period],
                       versions: list[tuple[_dt.date, str]], today: _dt.date,
                       notes: list[str]) -> list[set[str]]:
    """The ids on the members list at each quarter's last commit (the current list for the
    quarter holding today, and throughout outside git); a version that does not parse lists
    nobody, with a note."""
    listed: list[set[str]] = []
    parser = Parser()
    blobs = Blobs(git) if git is not None else None
    try:
        vi = -1
        cache: dict[str, set[str]] = {}
        for q in quarters:
            if q.end >= today or blobs is None:
                listed.append({m.id for m in cop.members})
                continue
            while vi + 1 < len(versions) and versions[vi + 1][0] <= q.end:
                vi += 1
            if vi < 0:
                listed.append(set())
                continue
            sha = versions[vi][1]
            if sha not in cache:
                cache[sha] = _listed_ids(parser, blobs, sha, q.end, notes)
            listed.append(cache[sha])
    finally:
        if blobs is not None:
            blobs.close()
    return listed


def _listed_ids(parser: Parser, blobs: Blobs, sha: str, end: _dt.date,
                notes: list[str]) -> set[str]:
    """The member ids of one version of members.yaml (none when it does not parse)."""
    try:
        data = parser.parse_blob(sha, blobs.read(sha), "members.yaml")
    except YamlProblem:
        notes.append(f"members.yaml does not parse in the version of {end}; members with no "
                     "joined date are not counted there")
        return set()
    items = data.get("members") if isinstance(data, dict) else None
    return {str(i.get("id")) for i in items or [] if isinstance(i, dict)}


def _practice_notes(cop: Cop, practice_days: dict[str, _dt.date]) -> list[str]:
    """Notes on how the practices are placed in the quarters."""
    notes = []
    missing = sum(1 for p in cop.practices if (p.added or practice_days.get(p.id)) is None)
    if practice_days and any(p.added is None for p in cop.practices):
        notes.append("practices with no 'added' date are dated by the commit that added them")
    if missing:
        notes.append(f"{missing} practice(s) have no date and are left out of the practices "
                     "series")
    return notes
