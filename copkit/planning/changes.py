"""What changed in the records since the last review."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit.errors import CopkitError
from copkit.i18n.msg import Msg, Plural, cat, joined
from copkit.planning.charter import CHARTER
from copkit.records.context import AGENDA, MEMBERS
from copkit.yaml.scalars import YamlProblem

LIMIT = 10  # names shown per group before "and N more"


@dataclass
class ChangeSummary:
    """What changed since the last review, grouped the way a facilitator reads it. Before
    the first review, ``started_commit`` and ``started_date`` say where the CoP started (the
    commit that added charter.yaml): the charter is compared with that first version."""

    since_commit: str | None
    since_date: _dt.date | None
    joined: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    charter: list[str] = field(default_factory=list)
    topics_added: list[str] = field(default_factory=list)
    topics_covered: list[str] = field(default_factory=list)
    practices_added: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    started_commit: str | None = None
    started_date: _dt.date | None = None
    charter_started: _dt.date | None = None   # the charter's started, as it is now

    GROUPS = ("joined", "left", "charter", "topics_added", "topics_covered", "practices_added",
              "other")

    @property
    def total(self) -> int:
        return sum(len(getattr(self, name)) for name in self.GROUPS)

    def lines(self) -> list[str]:
        """The summary as lines (messages: ``copkit.i18n.speaker`` says them in the review's
        language; as text, English)."""
        out: list[str] = [self._head()]
        if not self.total:
            out.append(cat("  ", Msg("nothing changed in the records")))
        for name in self.GROUPS:
            items = getattr(self, name)
            if not items:
                continue
            label = _counted(name, len(items))
            shown = items[:LIMIT]
            more = Msg(" and %(n)s more", n=len(items) - LIMIT) if len(items) > LIMIT else ""
            if name in ("charter", "other"):
                out.append(cat("  ", label, ":"))
                out.extend(f"    - {text}" for text in shown)
                if more:
                    out.append(cat("    ...", more))
            else:
                out.append(cat("  ", label, ": ", joined(", ", shown), more))
        return out

    def _head(self) -> str:
        if self.since_commit is not None:
            sha = self.since_commit[:8]
            if self.since_date:
                return Msg("Since the last review on %(day)s (commit %(sha)s):",
                           day=self.since_date, sha=sha)
            return Msg("Since the last review (commit %(sha)s):", sha=sha)
        if self.started_commit is not None:
            return Msg("First review (none is recorded yet): everything since the CoP started"
                       "%(start)s; the charter is compared with its first version:",
                       start=self._start_words())
        return Msg("First review (none is recorded yet): everything in the records is new to "
                   "it; the charter is shown as it is now:")

    def _start_words(self) -> str:
        """' on DAY (commit SHA)': the charter's start date when it says one (the first
        commit's date otherwise), and the first commit, with its date when it differs."""
        sha = (self.started_commit or "")[:8]
        day, first = self.charter_started or self.started_date, self.started_date
        if day is None:
            return Msg(" (commit %(sha)s)", sha=sha)
        if first is None or first == day:
            return Msg(" on %(day)s (commit %(sha)s)", day=day, sha=sha)
        return Msg(" on %(day)s, the charter's start date (its first commit %(sha)s is of "
                   "%(first)s)", day=day, sha=sha, first=first)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "since_commit": self.since_commit,
            "since_date": self.since_date.isoformat() if self.since_date else None,
            "started_commit": self.started_commit,
            "started_date": self.started_date.isoformat() if self.started_date else None,
            "charter_started": (self.charter_started.isoformat() if self.charter_started
                                else None),
        }
        for name in self.GROUPS:
            out[name] = list(getattr(self, name))
        return out


def _label(item: Any, record: str) -> str:
    name = item.get("name") or item.get("title") if isinstance(item, dict) else None
    return f"{name} ({record})" if name else record


def summarise(changes: list[Any], since_commit: str | None,
              since_date: _dt.date | None, names: Mapping[str, str] | None = None
              ) -> ChangeSummary:
    """Group :class:`copkit.git.semdiff.Change` items for the review. ``names`` gives the
    name of a member or the title of a topic by id, for the changes that carry only the id
    (a member who left, a topic covered). A charter that was added whole (no earlier version
    to compare with) is told as the fields it holds."""
    from copkit.git.semdiff import compare_file

    names = names or {}

    def named(record: str) -> str:
        return f"{names[record]} ({record})" if names.get(record) else record

    out = ChangeSummary(since_commit, since_date)
    for c in changes:
        if c.kind == "members":
            _member_change(out, c, named)
        elif c.kind == "charter" and c.action == "added":
            for f in compare_file("charter", {}, c.new):
                if not (f.field or "").startswith("review"):
                    out.charter.append(f.text)
        elif c.kind == "plan" and c.action == "added":
            continue  # the action plan appeared: the steps re-checked below are what it says
        elif c.kind == "charter":
            if (c.field or "").startswith("review"):
                continue
            out.charter.append(c.text)
        elif c.kind == "learning-agenda" and not c.record.startswith("group:"):
            _topic_change(out, c, named)
        elif c.kind == "practice" and c.action == "added":
            out.practices_added.append(_label(c.new, c.record))
        elif c.text:  # no words: another change says it (a dated status move)
            out.other.append(c.text)
    return out


def _member_change(out: ChangeSummary, c: Any, named: Callable[[str], str]) -> None:
    if c.action == "added":
        out.joined.append(_label(c.new, c.record))
    elif c.action == "changed" and c.field == "left" and c.new is not None:
        out.left.append(named(c.record))
    else:
        out.other.append(c.text)


def _topic_change(out: ChangeSummary, c: Any, named: Callable[[str], str]) -> None:
    if c.action == "added":
        out.topics_added.append(_label(c.new, c.record))
        if isinstance(c.new, dict) and c.new.get("status") == "covered":
            out.topics_covered.append(_label(c.new, c.record))
    elif c.action == "changed" and c.field == "status" and str(c.new) == "covered":
        out.topics_covered.append(named(c.record))
    else:
        out.other.append(c.text)


def changes_since_review(root: Path) -> ChangeSummary:
    """What changed in the records (working tree included) since the last recorded review.

    Before the first review every member, topic and practice is new to it; the charter is
    compared with its first committed version (the scaffold of `copkit init`, or the charter
    the CoP started with), so the fields filled in since then are listed."""
    from copkit.git import history

    root = Path(root)
    sha = history.last_review_commit(root)
    changes = history.diff_revisions(root, sha, None)
    since: _dt.date | None = None
    started: tuple[str, _dt.date | None] | None = None
    if sha is not None:
        review = _read(root, CHARTER).get("review")
        value = review.get("last_reviewed") if isinstance(review, dict) else None
        since = value if isinstance(value, _dt.date) else None
    else:
        started = _charter_start(root)
        if started is not None:
            charter = [c for c in history.diff_revisions(root, started[0], None)
                       if c.kind == "charter"]
            changes = [c for c in changes if c.kind != "charter"] + charter
    summary = summarise(changes, sha, since, _names(root))
    if started is not None:
        summary.started_commit, summary.started_date = started
        value = _read(root, CHARTER).get("started")
        summary.charter_started = value if isinstance(value, _dt.date) else None
    return summary


def _read(root: Path, relpath: str) -> dict[str, Any]:
    from copkit.yaml.read import read_file

    try:
        data = read_file(root / relpath, relpath).data
    except (YamlProblem, OSError):
        return {}
    return data if isinstance(data, dict) else {}


def _names(root: Path) -> dict[str, str]:
    """Member names and topic titles by id, as the records hold them now."""
    out: dict[str, str] = {}
    for relpath, key, label in ((AGENDA, "topics", "title"),
                                (MEMBERS, "members", "name")):
        items = _read(root, relpath).get(key)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str) and item.get(label):
                out[item["id"]] = str(item[label])
    return out


def _charter_start(root: Path) -> tuple[str, _dt.date | None] | None:
    """The commit that added charter.yaml (where the CoP started) and its date."""
    from copkit.git.runner import Git

    try:
        git = Git(root)
        if not git.has_head:
            return None
        out = git.out("log", "--diff-filter=A", "--format=%H %cs", "HEAD", "--",
                      CHARTER).decode().split()
    except CopkitError:
        return None
    if len(out) < 2:
        return None
    sha, day = out[-2], out[-1]  # the oldest
    try:
        return sha, _dt.date.fromisoformat(day)
    except ValueError:
        return sha, None


def _counted(group: str, n: int) -> str:
    """How many changes of a group: "3 members joined"."""
    return {"joined": Plural("%(n)s member joined", "%(n)s members joined", n),
            "left": Plural("%(n)s member left", "%(n)s members left", n),
            "charter": Plural("%(n)s charter change", "%(n)s charter changes", n),
            "topics_added": Plural("%(n)s topic added", "%(n)s topics added", n),
            "topics_covered": Plural("%(n)s topic covered", "%(n)s topics covered", n),
            "practices_added": Plural("%(n)s practice added", "%(n)s practices added", n),
            "other": Plural("%(n)s other change", "%(n)s other changes", n)}[group]
