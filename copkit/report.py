"""`copkit report`: the M&E summary of a period, as Markdown, HTML or PDF, with charts.

`build_report(cop, period, level, audience, include_contacts, today)` turns the metrics
(`copkit.indicators.compute`) and the health scorecard (`copkit.indicators.health.scorecard`)
into the plain data the templates render: every indicator with its one-line definition, its
figures against the previous period of the same length (arrows), its tables, notes and quotes;
the scorecard; the charts' data; notes on the quality of the data. Privacy is applied HERE,
once, so that no template can leak what it was never given:

- contact fields (email, phone, preferred_channel) are never in the context, unless
  `include_contacts`; then a contact list holds the members who agreed to be in the directory
  (`consent.directory`), and for a public or sponsor audience only those who also agreed to be
  named in public (`consent.public`);
- with `audience` "members" (the default) members are named; with "public" or "sponsor" a
  member whose `consent.public` is not true is shown as "(name withheld)", wherever a name or
  member id would appear (tables, health evidence), and the per-member table is left out.

Record text is escaped HERE too, once (`copkit.text.printable_tree`): a control character or a
bidirectional override in a name reaches neither a template nor a chart as itself.

What only git knows is read HERE, not in the metrics (which never run git):
`read_history(root, cop, period, today)` (or `HistoryReader`, started before the CoP loads so
that git works meanwhile) returns a `copkit.indicators.History`: the practices' status changes
since the previous period began (E4); the quarterly trends (`copkit.indicators.trends` from
`copkit.history.quarter_snapshots`: the levels by quarter, and
membership and practices by quarter where members have no `joined` date or practices no
`added` date); and for members with no `joined` date, the day of the first commit whose
members.yaml lists them (M1). A folder not in git is a note.

`write_report(...)` renders and writes: Markdown with one `.svg` file per chart beside it
(`<out-stem>-<chart>.svg`), HTML with the charts inline, PDF with the charts embedded.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import re
import subprocess
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copkit.errors import RecordError, UsageError

if TYPE_CHECKING:
    from copkit.charts import Worker
    from copkit.indicators import Figure, History, Indicator, Metrics, StatusHistory
    from copkit.periods import Period
    from copkit.repo import Cop

LEVELS = ("monitoring", "evaluation", "impact", "health", "all")
AUDIENCES = ("members", "public", "sponsor")
FORMATS = ("md", "html", "pdf")
WITHHELD = "(name withheld)"
EXISTS_HINT = "add --force to replace it, or choose another --out FILE"
MEMBERS_TABLE_LIMIT = 100
TABLE_LIMIT = 25  # rows of an indicator's table; the rest is counted ("… and 12 more rows")
LEVEL_TITLES = {
    "monitoring": ("Level 1 — Monitoring", "Are the planned activities happening?"),
    "evaluation": ("Level 2 — Evaluation", "What do members get from the community?"),
    "impact": ("Level 3 — Impact", "What changed beyond the members?"),
}
CHARTS = (  # name, metrics series key, title, description
    ("levels", "levels", "Observed levels of participation",
     "members by the level observed in the period"),
    ("levels-by-quarter", "levels_by_quarter", "Observed levels of participation by quarter",
     "members at each quarter's end by the level observed over that quarter"),
    ("attendance", "attendance", "Attendance per meeting", "attendees at each meeting"),
    ("membership", "membership", "Members over time", "members at each month end"),
    ("practices", "practices", "Practices added per quarter",
     "practices added in each of the last quarters"),
)
INDICATOR_CHARTS = {"M1": ["membership"], "M2": ["levels", "levels-by-quarter"],
                    "M3": ["attendance"], "M5": ["practices"]}
# charts left out when their series is empty (the indicator then has a note saying why)
# rather than drawn as "no data"
OPTIONAL_CHARTS = frozenset({"levels-by-quarter"})
_PERSON_COLUMNS = frozenset({"member", "owner", "facilitator", "lead", "contributor",
                             "responsible"})


@dataclass
class Output:
    """What `write_report` wrote (or would print)."""
    text: str | None = None          # Markdown when printed to stdout
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- names and privacy
# a whole word of an id's characters (and other letters), not part of a longer one
_WORD = re.compile(r"(?<![\w-])[\w-]+(?![\w-])")


class Namer:
    """Shows a member by name, or withholds the name, per audience and consent."""

    def __init__(self, cop: Cop, audience: str) -> None:
        self.audience = audience
        self.members = cop.member_index()

    def named(self, member_id: str) -> bool:
        m = self.members.get(member_id)
        return m is not None and (self.audience == "members" or m.consent.public)

    def name(self, member_id: str) -> str:
        m = self.members.get(member_id)
        if m is None:
            return member_id
        return m.name if self.named(member_id) else WITHHELD

    def text(self, value: str) -> str:
        """Member ids in a sentence (health evidence) replaced by what may be shown: each
        whole word of letters, digits and hyphens that is a member's id. (A pattern naming
        every id took 1.2 s and 120 MB to compile for 126,000 members.)"""
        if not self.members:
            return value
        members = self.members
        return _WORD.sub(lambda m: self.name(m[0]) if m[0] in members else m[0], value)


def sort_key(name: str) -> str:
    """Names sorted as a reader expects: accents and case ignored (Édgar before Gonzalo)."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


# ---------------------------------------------------------------- context
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
        from copkit import history as h
        from copkit.errors import CopkitError

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
            git = h.Git(self.root)
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
        from copkit import history as h
        from copkit import indicators
        from copkit.errors import CopkitError
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
            return History(False, trends, notes=[
                "The CoP folder is not in git (or has no commit yet), so its history is not "
                "known: a practice's earlier status (E4) and, for members with no `joined` "
                "date, when they joined cannot be worked out. Commit the records to keep "
                "it."])
        notes: list[str] = []
        trends = None
        listed = None
        try:
            if self.trends:
                ids = {m.id for m in cop.members if m.joined is None}
                # members.yaml's versions, read once for the trends and the first listings
                versions = h.member_versions(self._git) if ids else None
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
                if cop.practices else None
        except CopkitError as exc:
            notes.append(f"The git history could not be read ({exc.message}): figures "
                         "that need it say no data.")
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
    oldest first, with the history's reading of them (`copkit.history`: the versions from
    one `git log`, their blobs streamed by one `git cat-file`), stopped once every id is
    found. Only the member entries a version adds are parsed (`_listed_ids`), so the walk
    costs about one parse of each member, not one per member per version. Those in the
    first version that parses are only known to be members by then. `versions`: members.yaml's
    committed versions (`copkit.history.member_versions`). A version that does not
    parse is skipped (a member it adds is dated by the next one that parses), with a note."""
    from copkit import history as h

    out = _Listed({}, frozenset(), None, [])
    missing = set(ids)
    seen: set[bytes] = set()  # the member entries (text) of the versions read so far
    with h.Blobs(git) as blobs:
        blobs.prefetch(sha for _, sha in versions)
        for day, sha in versions:
            if not missing:
                break
            listed = _listed_ids(blobs.read(sha), seen)
            if listed is None:
                out.notes.append(f"members.yaml does not parse in its version of {day}: "
                                 "members with no `joined` date it first lists are dated by "
                                 "the next version that parses.")
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
    parse. The file is cut into its entries with `copkit.history.split_segments` and only
    the new ones are parsed; an entry that does not parse as exactly one list item (a cut
    gone wrong) means the whole file is parsed instead, as `copkit.history.Parser` does."""
    from copkit import history as h
    from copkit.yamlread import YamlProblem, decode, parse

    if raw is None:
        return None
    segments = h.split_segments(raw) or []
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
    from copkit.indicators import StatusEvent, StatusHistory

    out = StatusHistory(since)
    listed = git.out("ls-files", "-z", "--", "practices").split(b"\0")
    out.tracked = frozenset(_stem(x.decode("utf-8", "surrogateescape")) for x in listed
                            if _is_practice(x.decode("utf-8", "surrogateescape")))
    text = log.decode("utf-8", "surrogateescape")
    day: _dt.date | None = None
    files: list[tuple[str, str, str]] = []         # kind, old path, new path (--raw)
    lines: dict[str, dict[str, str | None]] = {}    # new path -> {"-": old, "+": new status}
    current: dict[str, str | None] | None = None

    def flush() -> None:
        if day is None or day < since:
            return
        for kind, old_path, new_path in files:
            if not (_is_practice(old_path) and _is_practice(new_path)):
                continue
            old_id, new_id = _stem(old_path), _stem(new_path)
            if kind == "R" and old_id != new_id:  # one timeline across a rename
                out.events[new_id] = out.events.pop(old_id, []) + out.events.get(new_id, [])
            seen = lines.get(new_path, {})
            if kind in ("A", "C"):
                before, after = None, _known(seen.get("+"))
            elif kind == "D":
                before, after = _known(seen.get("-")), None
            elif "-" in seen or "+" in seen:
                before, after = _known(seen.get("-")), _known(seen.get("+"))
            else:
                continue  # the status line did not change
            if before != after:
                out.events.setdefault(new_id if after is not None else old_id, []).append(
                    StatusEvent(day, before, after))

    for line in text.split("\n"):
        if line.startswith("\x01"):
            flush()
            files, lines, current = [], {}, None
            when = line[1:].partition(" ")[2]
            try:
                day = _dt.datetime.fromisoformat(when).date()
            except ValueError:
                day = None
        elif line.startswith(":"):
            meta, *paths = line.split("\t")
            kind = (meta.split() or ["M"])[-1][:1]
            if paths:
                files.append((kind, paths[0], paths[-1]))
        elif line.startswith("diff --git "):
            _, _, b_path = line.rpartition(" b/")
            current = lines.setdefault(b_path, {})
        elif current is not None and line[:1] in "+-" and not line.startswith(("+++", "---")):
            found = _STATUS_LINE.match(line[1:])
            if found:
                current[line[0]] = found.group(2)
    flush()
    return out


def _known(value: str | None) -> str:
    """A status as written in a version of a file: draft when absent or not one of them."""
    from copkit.indicators import STATUSES

    return value if value in STATUSES else "draft"


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".yaml")


def _is_practice(path: str) -> bool:
    return path.startswith("practices/") and path.count("/") == 1 and path.endswith(".yaml")


def build_report(cop: Cop, period: Period, level: str = "all", audience: str = "members",
                 include_contacts: bool = False, today: _dt.date | None = None,
                 metrics: Metrics | None = None, load_problems: int = 0,
                 history: History | None = None) -> dict[str, Any]:
    """The template context of the report (plain dicts, lists and strings). `history` is
    what `read_history` found in git (None: not read; figures that need it say so)."""
    from copkit import indicators as _metrics
    from copkit.text import printable_tree

    if level not in LEVELS:
        raise UsageError(f"--level '{level}' is not one of {', '.join(LEVELS)}")
    if audience not in AUDIENCES:
        raise UsageError(f"--audience '{audience}' is not one of {', '.join(AUDIENCES)}")
    today = today or _dt.date.today()
    m = metrics or _metrics.compute(cop, period, today, history)
    namer = Namer(cop, audience)
    wanted: tuple[str, ...] = {"all": ("monitoring", "evaluation", "impact"),
                               "health": ()}.get(level, (level,))
    levels = []
    for name in wanted:
        title, question = LEVEL_TITLES[name]
        levels.append({"id": name, "title": title, "question": question,
                       "indicators": [_indicator(i, namer, audience) for i in m.level(name)]})
    health = _health(cop, m, namer) if level in ("health", "all") else None
    charts = [{"name": name, "title": title,
               "description": m.series_described.get(key, desc),
               "data": [list(x) for x in m.series.get(key, [])]}
              for name, key, title, desc in CHARTS
              if name not in OPTIONAL_CHARTS or m.series.get(key)] \
        if level in ("monitoring", "all") else []
    notes = []
    if load_problems:
        notes.append(f"{load_problems} problem(s) in the records left some of them out of "
                     "these figures: run `copkit check` to see and fix them.")
    if period.start > today:
        notes.append(f"The period starts after today ({today}): nothing in it has happened "
                     "yet; members are counted as of today.")
    elif period.end > today:
        notes.append(f"The period ends after today ({today}): figures cover it up to today.")
    if m.no_comparison:
        notes.append(m.no_comparison)
    other = _other(namer, audience)
    notes += [other(n) for n in m.notes]
    privacy = _privacy_note(cop, audience, include_contacts)
    # record text enters the templates (and the charts) here: escaped once, for every format
    return printable_tree({
        "cop": {"name": cop.name},
        "period": _period(period),
        "previous": _period(m.previous),
        "compared": m.compared,
        "today": today.isoformat(),
        "level": level,
        "audience": audience,
        "levels": levels,
        "health": health,
        "charts": charts,
        "members_table": _members_table(m, namer) if audience == "members" and
        level in ("monitoring", "all") and m.series.get("levels") else None,
        "contacts": _contacts(cop, period, audience) if include_contacts else None,
        "notes": notes,
        "privacy": privacy,
    })


def _period(p: Period) -> dict[str, Any]:
    dates = f"{p.start.isoformat()} to {p.end.isoformat()}"
    return {"label": p.label, "start": p.start.isoformat(), "end": p.end.isoformat(),
            "days": p.days, "slug": p.slug,
            "described": p.label if p.label == dates else f"{p.label} ({dates})"}


def _other(namer: Namer, audience: str) -> Callable[[str], str]:
    """Outside the members, a member id anywhere in a table or note is a name to withhold."""
    return (lambda x: x) if audience == "members" else namer.text


def _indicator(i: Indicator, namer: Namer, audience: str) -> dict[str, Any]:
    other = _other(namer, audience)
    tables = []
    notes = [other(n) for n in i.notes]
    for t in i.tables:
        if audience == "public" and t.title.startswith("Budget"):
            # a sponsor sees the money; the public sees the activities, and is told so
            notes.append("The budget table (budget against spent) is withheld for a public "
                         "audience: it is in the members' and the sponsor's report.")
            continue
        person = [n for n, h in enumerate(t.header) if h in _PERSON_COLUMNS]
        rows = [[namer.name(c) if n in person else other(c) for n, c in enumerate(r)]
                for r in t.rows[:TABLE_LIMIT]]
        tables.append({"title": t.title, "header": list(t.header), "rows": rows,
                       "more": max(0, len(t.rows) - TABLE_LIMIT)})
    return {"id": i.id, "title": i.title, "definition": i.definition, "level": i.level,
            "figures": [_figure(f) for f in i.figures], "tables": tables,
            "notes": notes, "quotes": [other(q) for q in i.quotes],
            "charts": INDICATOR_CHARTS.get(i.id, [])}


def _figure(f: Figure) -> dict[str, Any]:
    arrow = f.arrow
    judgement = ""
    if arrow in ("↑", "↓") and f.better in ("up", "down"):
        judgement = "better" if (arrow == "↑") == (f.better == "up") else "worse"
    return {"label": f.label, "value": f.shown, "has_data": f.has_data,
            "reason": f.reason or "", "previous": f.previous_shown, "compared": f.compared,
            "previous_has_data": f.compared and f.previous is not None, "arrow": arrow,
            "judgement": judgement,
            "change": (arrow + (f" {judgement}" if judgement else "")) if arrow else ""}


def _health(cop: Cop, m: Metrics, namer: Namer) -> list[dict[str, Any]] | None:
    try:
        from copkit.indicators import health
    except ImportError:  # pragma: no cover - the module ships with copkit
        return None
    return [{"number": h.number, "factor": h.factor, "status": h.status,
             "evidence": namer.text(h.evidence), "suggestion": namer.text(h.suggestion)}
            for h in health.scorecard(cop, m)]


def _members_table(m: Metrics, namer: Namer) -> dict[str, Any]:
    """Members whose observed level is not the declared one, the largest gaps first (a core
    member seen at no meeting comes before an active one who came to most), at most
    MEMBERS_TABLE_LIMIT rows: a 1,000-member CoP would otherwise print a 30-page list."""
    order = {name: n for n, name in enumerate(("core", "active", "peripheral", "inactive"))}
    differ = []
    for lv in m.levels:
        declared = lv.member.level
        if declared == lv.observed:
            continue
        gap = abs(order[declared] - order[lv.observed]) if declared in order else 0
        differ.append((-gap, sort_key(lv.member.name), lv.member.id, lv))
    differ.sort(key=lambda x: x[:3])
    rows = [[namer.name(lv.member.id), lv.member.organisation or "", lv.member.level or "—",
             lv.observed, str(lv.attended), str(lv.facilitated), str(lv.practices)]
            for *_, lv in differ[:MEMBERS_TABLE_LIMIT]]
    return {"title": "Members whose observed level differs from the declared one",
            "header": ["member", "organisation", "declared", "observed", "meetings attended",
                       "facilitated", "practices"], "rows": rows,
            "more": max(0, len(differ) - MEMBERS_TABLE_LIMIT)}


def _contacts(cop: Cop, period: Period, audience: str) -> dict[str, Any]:
    rows = []
    left_out = 0
    for mb in sorted(cop.members, key=lambda x: (sort_key(x.name), x.id)):
        if not mb.is_member_on(period.end):
            continue
        if not mb.consent.directory or (audience != "members" and not mb.consent.public):
            left_out += 1
            continue
        rows.append([mb.name, mb.email or "", mb.phone or "", mb.preferred_channel or ""])
    return {"header": ["member", "email", "phone", "preferred channel"], "rows": rows,
            "left_out": left_out}


def _privacy_note(cop: Cop, audience: str, include_contacts: bool) -> str:
    parts = []
    if audience == "members":
        parts.append("For members of the community: members are named.")
    else:
        hidden = sum(1 for mb in cop.members if not mb.consent.public)
        parts.append(f"For a {audience} audience: {hidden} member(s) who did not agree to be "
                     f"named in public are shown as “{WITHHELD}”.")
    parts.append("Contact details are listed only for members who agreed to be in the directory."
                 if include_contacts else "No contact details.")
    return " ".join(parts)


# ---------------------------------------------------------------- output
def default_out(fmt: str, period: Period, cwd: Path | None = None) -> Path:
    """Where HTML and PDF go without --out: report-<period>.<ext> in the current folder."""
    return (cwd or Path.cwd()) / f"report-{period.slug}.{fmt}"


def chart_files(out: Path) -> dict[str, Path]:
    """The chart files written beside a Markdown report: <out-stem>-<chart>.svg."""
    return {name: out.with_name(f"{out.stem}-{name}.svg") for name, *_ in CHARTS}


def needs_charts(fmt: str, out: Path | None, level: str) -> bool:
    """Whether `write_report` will draw charts (to start a chart worker early)."""
    return (fmt != "md" or out is not None) and level in ("monitoring", "all")


def write_report(cop_root: Path, context: dict[str, Any], fmt: str, out: Path | None, *,
                 force: bool = False, font: str | None = None,
                 period: Period | None = None, worker: Worker | None = None) -> Output:
    """Render `context` as `fmt` and write it (Markdown without `out`: returned as text)."""
    from copkit import render

    if fmt not in FORMATS:
        raise UsageError(f"--format '{fmt}' is not one of {', '.join(FORMATS)}")
    result = Output()
    if fmt == "md" and out is None:
        ctx = dict(context, charts=[dict(c, file=None) for c in context["charts"]])
        result.text = render.render(cop_root, "report", "md", ctx)
        if context["charts"]:
            result.warnings.append("charts are written only with --out FILE (as .svg files "
                                   "beside it)")
        return result
    if out is None:
        if period is None:
            raise ValueError("write_report needs the period to name the output file")
        out = default_out(fmt, period)
    targets = [out]
    if fmt == "md":
        files = chart_files(out)
        targets += [files[c["name"]] for c in context["charts"]]
    if not force:
        existing = [p for p in targets if p.exists()]
        if existing:
            raise RecordError(f"{existing[0]} already exists", hint=EXISTS_HINT)
    svgs = _svgs(context["charts"], worker)
    if fmt == "md":
        files = chart_files(out)
        ctx = dict(context, charts=[dict(c, file=files[c["name"]].name)
                                    for c in context["charts"]])
        text = render.render(cop_root, "report", "md", ctx)
        items: list[tuple[Path, str | bytes]] = [(files[c["name"]], svgs[c["name"]])
                                                 for c in context["charts"]]
        _write_many([*items, (out, text)], force)
    elif fmt == "html":
        from markupsafe import Markup

        from copkit.charts import inline

        ctx = dict(context, charts=[dict(c, svg=Markup(inline(svgs[c["name"]])))
                                    for c in context["charts"]])
        _write_many([(out, render.render(cop_root, "report", "html", ctx))],
                    force)
    else:
        from copkit.pdf import compile_pdf

        ctx = dict(context, charts=[dict(c, file=f"chart-{c['name']}.svg")
                                    for c in context["charts"]])
        source = render.render(cop_root, "report", "typ", ctx)
        pdf, warnings = compile_pdf(
            source, images={f"chart-{n}.svg": s.encode("utf-8") for n, s in svgs.items()},
            font=font)
        result.warnings += warnings
        _write_many([(out, pdf)], force)
    result.files = targets
    return result


def _svgs(charts: list[dict[str, Any]], worker: Worker | None) -> dict[str, str]:
    from copkit.charts import svg

    if not charts:
        return {}
    requests = [(c["name"], c["data"], c["title"]) for c in charts]
    drawn = worker.draw(requests) if worker else [svg(*r) for r in requests]
    return {c["name"]: s for c, s in zip(charts, drawn, strict=True)}


def _write_many(items: list[tuple[Path, str | bytes]], force: bool) -> None:
    write_outputs(items, force=force, exists_hint=EXISTS_HINT)


def write_outputs(items: list[tuple[Path, str | bytes]], *, force: bool,
                  exists_hint: str) -> None:
    """Write the files of one document (the report and its charts): each atomically
    (`copkit.store.write_bytes`), never over a file unforced. When one cannot be written (the
    disk is full, the folder is read-only...), the files this call created before it are
    removed again, and the error names the file and the cause (a FileError)."""
    from copkit.errors import FileError
    from copkit.store import write_bytes

    created: list[Path] = []
    replaced = False
    try:
        for path, data in items:
            existed = path.exists()
            write_bytes(path, data.encode("utf-8") if isinstance(data, str) else data,
                        exclusive=not force, exists_hint=exists_hint)
            if existed:
                replaced = True
            else:
                created.append(path)
    except BaseException as exc:
        for done in created:
            with contextlib.suppress(OSError):
                done.unlink()
        if not isinstance(exc, OSError):
            raise
        named = exc.filename is not None or exc.filename2 is not None
        error = FileError.from_os_error(exc, None if named else path,
                                        alternative="choose another --out FILE")
        if error is None:
            raise
        if not replaced:
            error.message += " (nothing was written)"
        raise error from None
