"""What the report learns from the CoP's git history, read here, not in the metrics (which
never run git).

`read_history(root, cop, period, today)` (or `HistoryReader`, started before the CoP loads so
that git works meanwhile) returns a `copkit.indicators.History`: the practices' status changes
since the previous period began (E4; a practice's own dated `status_log` comes first, and
when every practice has one and an `added` day, git is not asked); the quarterly trends
(`copkit.indicators.trends` from `copkit.git.quarters.quarter_snapshots`: the levels by
quarter, and membership and practices by quarter where members have no `joined` date or
practices no `added` date); and for members with no `joined` date, the day of the first
commit whose members.yaml lists them (M1). A folder not in git is a note.
"""

from __future__ import annotations

import datetime as _dt
import re
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copkit.i18n.msg import Msg

if TYPE_CHECKING:
    from copkit.indicators import History, StatusHistory
    from copkit.model.load import Cop
    from copkit.periods import Period


def read_history(root: Path, cop: Cop, period: Period, today: _dt.date) -> History:
    """What the git history adds to the records of the CoP at `root`, for the metrics (which
    never run git): the practices' status changes since the previous period began (E4), the
    quarterly trends (`copkit.indicators.trends`: observed levels by quarter; membership where
    members have no `joined` date, practices placed where they have no `added` date) and the
    day such members were first listed (M1). A folder that is not in git, or whose history
    cannot be read, is said in a note: the report is made all the same."""
    with HistoryReader(root, period, today) as reader:
        return reader.result(cop)


class HistoryReader:
    """`read_history` in two halves, so that git works while the CoP loads: created before
    `load_cop`, it starts the one long git command (the log of practices/ since the previous
    period began) in a child process drained by a thread; `result(cop)` finishes the job.
    `trends` False (a report with no monitoring level, so no chart and no M1) skips the
    trends and the members' first listing."""

    def __init__(self, root: Path, period: Period, today: _dt.date, *,
                 trends: bool = True) -> None:
        from copkit.errors import CopkitError
        from copkit.git.runner import Git

        self.root, self.today = Path(root), today
        self.since = period.previous().start
        self.trends = trends
        from copkit.indicators import QUARTERS_SHOWN
        from copkit.periods import quarters_back

        # the chart of levels by quarter shows the last quarters up to the period's end (the
        # one holding it, or the one before when the period ends inside a quarter)
        self.levels_since = quarters_back(min(period.end, today), QUARTERS_SHOWN + 1)
        self._git: Any = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._out = b""
        try:
            git = Git(self.root)
            self._git = git if git.has_head else None
        except CopkitError:
            self._git = None
        if self._git is not None and (self.root / "practices").is_dir():
            try:
                self._proc = self._git.popen(*_status_log(self.since))
            except OSError:
                self._proc = None
            else:
                self._thread = threading.Thread(target=self._drain, daemon=True)
                self._thread.start()

    def _drain(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        self._out = self._proc.stdout.read()

    def _log(self) -> bytes:
        from copkit.errors import GitError

        if self._proc is None:
            return bytes(self._git.out(*_status_log(self.since)))
        proc, self._proc = self._proc, None
        if self._thread is not None:
            self._thread.join()
        if proc.wait() != 0:
            raise GitError("git log of practices/ failed", "check `git status` in the CoP "
                           "folder")
        return self._out

    def result(self, cop: Cop) -> History:
        from copkit import indicators
        from copkit.errors import CopkitError
        from copkit.git import quarters as h
        from copkit.git.history import member_versions
        from copkit.indicators import History

        undated = any(m.joined is None for m in cop.members) or \
            any(p.added is None for p in cop.practices)
        if self._git is None:
            trends = None
            if self.trends:  # the levels by quarter need no git: the records' dates
                try:
                    trends = indicators.trends(
                        cop, h.quarter_snapshots(self.root, cop, until=self.today),
                        levels_since=self.levels_since)
                except CopkitError:
                    trends = None
            return History(False, trends, notes=[Msg(
                "The CoP folder is not in git (or has no commit yet), so its history is not "
                "known: a practice's earlier status (E4) and, for members with no `joined` "
                "date, when they joined cannot be worked out. Commit the records to keep "
                "it.")])
        notes: list[str] = []
        trends = None
        listed = None
        try:
            if self.trends:
                ids = {m.id for m in cop.members if m.joined is None}
                # members.yaml's versions, read once for the trends and the first listings
                versions = member_versions(self._git) if ids else None
                trends = indicators.trends(
                    cop, h.quarter_snapshots(self.root, cop, until=self.today,
                                             versions=versions),
                    levels_since=self.levels_since)
                if undated:
                    notes += [f"Charts over time: {n}." for n in trends.notes]
                if versions is not None:
                    listed = _first_listed(self._git, ids, versions)
                    notes += listed.notes
            statuses = _status_history(self._git, self.since, self._log()) \
                if _need_git(cop) else _logged(self.since) if cop.practices else None
        except CopkitError as exc:
            notes.append(Msg("The git history could not be read (%(problem)s): figures "
                             "that need it say no data.", problem=exc.message))
            return History(True, trends, None, notes)
        finally:
            self.close()
        if listed is None:
            return History(True, trends, statuses, notes)
        return History(True, trends, statuses, notes, listed.days, listed.first,
                       listed.first_day)

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.wait()
            if self._thread is not None:
                self._thread.join(timeout=5)

    def __enter__(self) -> HistoryReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _need_git(cop: Cop) -> bool:
    """Whether a practice's earlier status must come from the git history: a practice's own
    dated status log (with its `added` day) says it first (E4)."""
    return any(not (p.status_log and p.added) for p in cop.practices)


def _logged(since: _dt.date) -> StatusHistory:
    """The status history when every practice logs its own moves: git adds nothing."""
    from copkit.indicators import StatusHistory

    return StatusHistory(since)


@dataclass
class _Listed:
    """When members.yaml first listed each member with no `joined` date (`_first_listed`)."""
    days: dict[str, _dt.date]            # added after members.yaml's first commit: that day
    first: frozenset[str]                # already in its first commit
    first_day: _dt.date | None           # the day of that commit
    notes: list[str]


def _first_listed(git: Any, ids: set[str], versions: list[tuple[_dt.date, str]]) -> _Listed:
    """For each member id of `ids` (members with no `joined` date), the day of the first
    commit whose members.yaml lists it: ONE walk over members.yaml's committed versions,
    oldest first, with the history's reading of them (`copkit.git`: the versions from
    one `git log`, their blobs streamed by one `git cat-file`), stopped once every id is
    found. Only the member entries a version adds are parsed (`_listed_ids`), so the walk
    costs about one parse of each member, not one per member per version. Those in the
    first version that parses are only known to be members by then. `versions`: members.yaml's
    committed versions (`copkit.git.history.member_versions`). A version that does not
    parse is skipped (a member it adds is dated by the next one that parses), with a note."""
    from copkit.git.blobs import Blobs

    out = _Listed({}, frozenset(), None, [])
    missing = set(ids)
    seen: set[bytes] = set()  # the member entries (text) of the versions read so far
    with Blobs(git) as blobs:
        blobs.prefetch(sha for _, sha in versions)
        for day, sha in versions:
            if not missing:
                break
            listed = _listed_ids(blobs.read(sha), seen)
            if listed is None:
                out.notes.append(Msg("members.yaml does not parse in its version of %(day)s: "
                                     "members with no `joined` date it first lists are dated "
                                     "by the next version that parses.", day=day))
                continue
            found = listed & missing
            missing -= found
            if out.first_day is None:
                out.first, out.first_day = frozenset(found), day
            else:
                out.days.update(dict.fromkeys(found, day))
    return out


def _listed_ids(raw: bytes | None, seen: set[bytes]) -> set[str] | None:
    """The ids of the member entries of a version of members.yaml that are not in `seen`
    (entries of earlier versions, as text; updated), or None when the version does not
    parse. The file is cut into its entries with `copkit.git.pieces.split_segments` and only
    the new ones are parsed; an entry that does not parse as exactly one list item (a cut
    gone wrong) means the whole file is parsed instead, as `copkit.git.pieces.Parser` does."""
    from copkit.git.pieces import split_segments
    from copkit.yaml.read import decode, parse
    from copkit.yaml.scalars import YamlProblem

    if raw is None:
        return None
    segments = split_segments(raw) or []
    entries = next((x for x in segments if x.key == b"members" and x.indent is not None),
                   None)
    if entries is not None and entries.indent is not None:
        ids: set[str] = set()
        for item in entries.unique - seen:
            try:
                data = parse((entries.indent + b"- " + item + b"\n").decode("utf-8"),
                             "members.yaml").data
            except (YamlProblem, UnicodeDecodeError):
                break
            if not (isinstance(data, list) and len(data) == 1):
                break
            if isinstance(data[0], dict):
                ids.add(str(data[0].get("id")))
        else:
            seen |= entries.unique
            return ids
    try:
        data = parse(decode(raw), "members.yaml").data
    except YamlProblem:
        return None
    items = data.get("members") if isinstance(data, dict) else None
    return {str(x.get("id")) for x in items or [] if isinstance(x, dict)}




_STATUS_LINE = re.compile(r"^status:[ \t]*(['\"]?)([A-Za-z-]*)\1[ \t]*(?:#.*)?$")


def _status_log(since: _dt.date) -> list[str]:
    """The git arguments of the log `_status_history` reads: practices/ from `since` (by
    committer date: git stops its walk there), oldest first, with the lines each commit
    changed and the kind of each file change."""
    return ["log", "-p", "-U0", "-M", "--raw", "--reverse", "--no-color", "--no-ext-diff",
            "--no-textconv", "--relative", "--src-prefix=a/", "--dst-prefix=b/",
            "--format=%x01%H %aI", f"--since={since.isoformat()}T00:00:00", "HEAD", "--",
            "practices"]


def _status_history(git: Any, since: _dt.date, log: bytes) -> StatusHistory:
    """Every change of a practice's status in the commits made since `since` (author date),
    from the `log` of `_status_log`, and the practices committed at HEAD. A status is a
    top-level `status:` line of a practice file (a key at column 0: nothing nested or inside
    a block of text starts there), so only the lines a commit changed are read; a version
    with no such line has the default, draft."""
    from copkit.indicators import StatusHistory

    out = StatusHistory(since)
    listed = git.out("ls-files", "-z", "--", "practices").split(b"\0")
    out.tracked = frozenset(_stem(x.decode("utf-8", "surrogateescape")) for x in listed
                            if _is_practice(x.decode("utf-8", "surrogateescape")))
    for commit in _commits(log.decode("utf-8", "surrogateescape")):
        if commit.day is not None and commit.day >= since:
            _add_events(out, commit)
    return out


@dataclass
class _Commit:
    """What `_status_history` reads of one commit of the log."""
    day: _dt.date | None                                       # its author date
    files: list[tuple[str, str, str]] = field(default_factory=list)  # kind, old, new path
    lines: dict[str, dict[str, str | None]] = field(default_factory=dict)
    # new path -> {"-": the old status line's value, "+": the new one's}


def _commits(text: str) -> Iterator[_Commit]:
    """The commits of the log of `_status_log` (first, what precedes the first commit: no
    day), each with its file changes (--raw) and the status lines it changed."""
    commit = _Commit(None)
    current: dict[str, str | None] | None = None
    for line in text.split("\n"):
        if line.startswith("\x01"):
            yield commit
            commit, current = _Commit(_author_day(line)), None
        elif line.startswith(":"):
            meta, *paths = line.split("\t")
            kind = (meta.split() or ["M"])[-1][:1]
            if paths:
                commit.files.append((kind, paths[0], paths[-1]))
        elif line.startswith("diff --git "):
            _, _, b_path = line.rpartition(" b/")
            current = commit.lines.setdefault(b_path, {})
        elif current is not None and line[:1] in "+-" and not line.startswith(("+++", "---")):
            found = _STATUS_LINE.match(line[1:])
            if found:
                current[line[0]] = found.group(2)
    yield commit


def _author_day(header: str) -> _dt.date | None:
    """The day of a commit header line of the log (`\\x01<sha> <author date>`)."""
    when = header[1:].partition(" ")[2]
    try:
        return _dt.datetime.fromisoformat(when).date()
    except ValueError:
        return None


def _add_events(out: StatusHistory, commit: _Commit) -> None:
    """The status changes of the practices `commit` changed, added to `out`."""
    from copkit.indicators import StatusEvent

    assert commit.day is not None
    for kind, old_path, new_path in commit.files:
        if not (_is_practice(old_path) and _is_practice(new_path)):
            continue
        old_id, new_id = _stem(old_path), _stem(new_path)
        if kind == "R" and old_id != new_id:  # one timeline across a rename
            out.events[new_id] = out.events.pop(old_id, []) + out.events.get(new_id, [])
        change = _change(kind, commit.lines.get(new_path, {}))
        if change is None:
            continue  # the status line did not change
        before, after = change
        if before != after:
            out.events.setdefault(new_id if after is not None else old_id, []).append(
                StatusEvent(commit.day, before, after))


def _change(kind: str, seen: dict[str, str | None]) -> tuple[str | None, str | None] | None:
    """A practice file's status before and after a commit (None: no file), from the kind of
    its change and the status lines the commit changed; None when the status did not
    change."""
    if kind in ("A", "C"):
        return None, _known(seen.get("+"))
    if kind == "D":
        return _known(seen.get("-")), None
    if "-" in seen or "+" in seen:
        return _known(seen.get("-")), _known(seen.get("+"))
    return None


def _known(value: str | None) -> str:
    """A status as written in a version of a file: draft when absent or not one of them."""
    from copkit.indicators import STATUSES

    return value if value in STATUSES else "draft"


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".yaml")


def _is_practice(path: str) -> bool:
    return path.startswith("practices/") and path.count("/") == 1 and path.endswith(".yaml")
