"""`copkit review`: planning step 9, the regular review of steps 1 to 8.

1. what changed in the records since the last review, read from git as a semantic diff
   (:func:`copkit.git.history.diff_revisions` from
   :func:`copkit.git.history.last_review_commit`): members who joined and left, charter fields
   changed, topics added or covered, practices added;
2. every other step re-checked on the records as they are now, and confirmed or revised by
   the facilitator (a revision is the same walk as `copkit plan --step N`);
3. the review recorded in the charter (``review.log`` gets ``{date, by, summary}`` appended in
   place, ``review.last_reviewed`` is set) and committed.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit import records, store
from copkit.errors import CopkitError, RecordError
from copkit.planning.templates import RecentRule, StepStatus, Template, plural, status_for_root
from copkit.planning.walk import (
    CHARTER,
    Prompter,
    StepWrites,
    Wizard,
    append_keeping_comments,
    choose_member,
    edit_charter,
    step_subject,
)

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

    # (field, one, several)
    GROUPS = (("joined", "member joined", "members joined"),
              ("left", "member left", "members left"),
              ("charter", "charter change", "charter changes"),
              ("topics_added", "topic added", "topics added"),
              ("topics_covered", "topic covered", "topics covered"),
              ("practices_added", "practice added", "practices added"),
              ("other", "other change", "other changes"))

    @property
    def total(self) -> int:
        return sum(len(getattr(self, name)) for name, _, _ in self.GROUPS)

    def lines(self) -> list[str]:
        if self.since_commit is not None:
            when = f" on {self.since_date.isoformat()}" if self.since_date else ""
            head = f"Since the last review{when} (commit {self.since_commit[:8]}):"
        elif self.started_commit is not None:
            when = f" on {self.started_date.isoformat()}" if self.started_date else ""
            head = (f"First review (none is recorded yet): everything since the CoP started"
                    f"{when} (commit {self.started_commit[:8]}); the charter is compared with "
                    "its first version:")
        else:
            head = ("First review (none is recorded yet): everything in the records is new to "
                    "it; the charter is shown as it is now:")
        out = [head]
        if not self.total:
            out.append("  nothing changed in the records")
        for name, one, several in self.GROUPS:
            items = getattr(self, name)
            if not items:
                continue
            label = one if len(items) == 1 else several
            shown = items[:LIMIT]
            more = f" and {len(items) - LIMIT} more" if len(items) > LIMIT else ""
            if name in ("charter", "other"):
                out.append(f"  {len(items)} {label}:")
                out.extend(f"    - {text}" for text in shown)
                if more:
                    out.append(f"    ...{more}")
            else:
                out.append(f"  {len(items)} {label}: {', '.join(shown)}{more}")
        return out

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "since_commit": self.since_commit,
            "since_date": self.since_date.isoformat() if self.since_date else None,
            "started_commit": self.started_commit,
            "started_date": self.started_date.isoformat() if self.started_date else None,
        }
        for name, _, _ in self.GROUPS:
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
            if c.action == "added":
                out.joined.append(_label(c.new, c.record))
            elif c.action == "changed" and c.field == "left" and c.new is not None:
                out.left.append(named(c.record))
            else:
                out.other.append(c.text)
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
            if c.action == "added":
                out.topics_added.append(_label(c.new, c.record))
                if isinstance(c.new, dict) and c.new.get("status") == "covered":
                    out.topics_covered.append(_label(c.new, c.record))
            elif c.action == "changed" and c.field == "status" and str(c.new) == "covered":
                out.topics_covered.append(named(c.record))
            else:
                out.other.append(c.text)
        elif c.kind == "practice" and c.action == "added":
            out.practices_added.append(_label(c.new, c.record))
        else:
            out.other.append(c.text)
    return out


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
    return summary


def _read(root: Path, relpath: str) -> dict[str, Any]:
    from copkit.yamlread import YamlProblem, read_file

    try:
        data = read_file(root / relpath, relpath).data
    except (YamlProblem, OSError):
        return {}
    return data if isinstance(data, dict) else {}


def _names(root: Path) -> dict[str, str]:
    """Member names and topic titles by id, as the records hold them now."""
    out: dict[str, str] = {}
    for relpath, key, label in ((records.AGENDA, "topics", "title"),
                                (records.MEMBERS, "members", "name")):
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


def default_reviewer(cop: Any, today: _dt.date) -> str | None:
    """The first current facilitator, who normally leads the review."""
    for m in cop.members:
        if "facilitator" in m.roles and (m.left is None or m.left > today):
            return str(m.id)
    return None


def write_review(root: Path, day: _dt.date, by: str | None,
                 summary: str | None) -> tuple[list[str], list[str]]:
    """Append ``{date, by, summary}`` to charter.yaml's review.log (in place) and set
    review.last_reviewed. Returns (paths written, change lines)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    # two distinct date objects: ruamel would write one object used twice as an anchor
    entry: dict[str, Any] = {"date": _dt.date.fromordinal(day.toordinal())}
    if by:
        entry["by"] = by
    if summary:
        entry["summary"] = summary

    def change(data: Any) -> list[str]:
        review = data.get("review")
        if not isinstance(review, dict):
            review = CommentedMap()
            data["review"] = review
        log = review.get("log")
        if not isinstance(log, list):
            log = CommentedSeq()
            review["log"] = log
        append_keeping_comments(log, records.to_yaml(entry, top=False))
        if "last_reviewed" in review:
            review["last_reviewed"] = day
        else:
            review.insert(1 if "cycle" in review else 0, "last_reviewed", day)
        who = f" by {by}" if by else ""
        return [f"{CHARTER}: review on {day.isoformat()}{who}"
                + (f": {' '.join(summary.split())}" if summary else "")]

    return [CHARTER], edit_charter(root, change)


@dataclass
class ReviewResult:
    changes: ChangeSummary
    confirmed: list[int] = field(default_factory=list)
    revised: list[int] = field(default_factory=list)
    by: str | None = None
    summary: str | None = None
    commits: list[str] = field(default_factory=list)


def review_steps(template: Template) -> tuple[list[int], Any]:
    """(the steps a review re-checks, the review step itself or None)."""
    review_step = next((s for s in template.steps
                        if isinstance(s.rule, RecentRule) or any(a.asker == "review"
                                                                 for a in s.asks)), None)
    others = [s.number for s in template.steps if s is not review_step]
    return others, review_step


def resolve_reviewer(root: Path, who: str, today: _dt.date) -> str:
    from copkit.planning.walk import resolve_member

    ctx = records.Context(root)
    member_id = resolve_member(ctx.raw(records.MEMBERS, "members"), who, "--by")
    member = next(m for m in ctx.raw(records.MEMBERS, "members") if m.get("id") == member_id)
    left = member.get("left")
    if isinstance(left, _dt.date) and left <= today:
        raise RecordError(f"--by: {member_id} left the community on {left.isoformat()}",
                          "the review is recorded by a current member")
    return member_id


def run_review(root: Path, prompter: Prompter, *, interactive: bool, confirm_all: bool = False,
               by: str | None = None, summary: str | None = None, no_commit: bool = False,
               today: _dt.date | None = None) -> ReviewResult:
    """Show the changes since the last review, confirm or revise each step, record it."""
    root = Path(root)
    day = today or records.today()
    if not interactive and not confirm_all:
        raise CopkitError("copkit review asks the facilitator to confirm each step, and there "
                         "is no terminal to ask on",
                         'use: copkit review --confirm-all --by MEMBER --summary "..."')
    reviewer = resolve_reviewer(root, by, day) if by else None
    records.precheck_git(root, no_commit)
    status, problems = status_for_root(root, day)
    if problems:
        from copkit.yamlread import refuse_first

        refuse_first(problems)  # a file check refuses: its finding
        first = problems[0]
        raise RecordError(first.message, "fix it first (copkit check lists every problem)",
                          first.location or None)
    summary_of_changes = changes_since_review(root)
    result = ReviewResult(summary_of_changes)
    for line in summary_of_changes.lines():
        prompter.say(line)
    others, review_step = review_steps(status.template)
    prompter.say("")
    prompter.say(f"Steps {_span(others)} as the records stand today:")
    wizard: Wizard | None = None
    for number in others:
        row = status.get(number)
        assert row is not None
        prompter.say(f"  step {number} ({row.step.short}): {_row_words(row)}")
        if confirm_all or not interactive:
            result.confirmed.append(number)
            continue
        if prompter.confirm(f"  Does step {number} still hold as it is?", True):
            result.confirmed.append(number)
            continue
        if wizard is None:
            wizard = Wizard(root, prompter, no_commit=no_commit, today=day)
        wizard.reload()
        wizard.walk_step(row.step, revise=True)
        result.commits.extend(wizard.result.commits)
        wizard.result.commits = []
        result.revised.append(number)
    if reviewer is None:
        default = default_reviewer(status.cop, day)
        if interactive:
            from copkit.planning.walk import Directory

            current = [m for m in status.cop.members if m.left is None or m.left > day]
            person = choose_member(prompter, Directory(current), "Who is recording this review?",
                                   default=default)
            reviewer = person.id if person else None
        else:
            reviewer = default
    if summary is None:
        auto = _auto_summary(result, others)
        if interactive:
            summary = prompter.ask("A one-line summary of the review", auto).strip() or auto
        else:
            summary = auto
    result.by, result.summary = reviewer, summary
    subject = step_subject(review_step) if review_step else "copkit: review the plan"
    writes = StepWrites(root, subject, no_commit)
    with store.cop_lock(root):  # the review and its commit: one transaction
        paths, changes = write_review(root, day, reviewer, summary)
        writes.add(paths, changes)
        writes.changes.append(f"confirmed steps: {_span(result.confirmed) or 'none'}")
        if result.revised:
            writes.changes.append(f"revised steps: {_span(result.revised)}")
        writes.changes.append(f"{_changes(summary_of_changes.total)} in the records since "
                              "the last review")
        sha = writes.finish()
    if sha:
        result.commits.append(sha)
    return result


def _row_words(row: StepStatus) -> str:
    from copkit.planning.templates import STATUS_WORDS

    text = STATUS_WORDS[row.status]
    if row.missing:
        text += f" (still needed: {row.missing[0].text})"
    return text


def _span(numbers: list[int]) -> str:
    from copkit.planning.templates import _ranges

    return _ranges(numbers)


def _auto_summary(result: ReviewResult, others: list[int]) -> str:
    if result.revised:
        text = f"Reviewed steps {_span(others)}: revised {_span(result.revised)}"
    else:
        text = f"Reviewed steps {_span(others)}: all confirmed"
    return text + f"; {_changes(result.changes.total)} in the records since the last review"


def _changes(n: int) -> str:
    return "no change" if n == 0 else plural(n, "change")
