"""What the indicators produce and what they are given: plain data, no computation.

`Figure`, `Indicator`, `Table`, `MemberLevel` and `Metrics` are the results (`compute`);
`History` (with `StatusHistory`, `StatusEvent` and the quarterly `Trends`) is what the git
history adds, read by the caller (`copkit.report`) and passed in: the indicators never run git.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from copkit.i18n.msg import Msg
from copkit.model import schemas as s
from copkit.periods import Period

FREQUENCY_DAYS = {"weekly": 7, "fortnightly": 14, "monthly": 30.4375, "bimonthly": 60.875,
                  "quarterly": 91.3125, "biannual": 182.625, "annual": 365.25}
LEVELS = ("core", "active", "peripheral", "inactive")
CYCLES = ("immediate", "potential", "applied", "realized", "transformative")
STATUSES = ("draft", "tested", "evaluated")
QUARTERS_SHOWN = 8  # quarters in the practices-per-quarter chart
UNKNOWN = "?"       # a practice's status on a day the records and the history do not know

# the records' values copkit shows as words (a frequency, a practice's kind or status, a
# story's cycle, a survey question's indicator, a stage): Msg, so the report translates them
# while the value stays the file's (a Msg is the English string: the JSON and English output
# are unchanged)
_WORDS: dict[str, str] = {w: w for w in (
    Msg('weekly'), Msg('fortnightly'), Msg('monthly'), Msg('bimonthly'), Msg('quarterly'),
    Msg('biannual'), Msg('annual'),
    Msg('draft'), Msg('tested'), Msg('evaluated'),
    Msg('tool'), Msg('method'), Msg('tip'), Msg('case-study'), Msg('lesson-learnt'),
    Msg('guide'), Msg('success-story'), Msg('resource'),
    Msg('immediate'), Msg('potential'), Msg('applied'), Msg('realized'), Msg('transformative'),
    Msg('satisfaction'), Msg('ownership'), Msg('relationships'), Msg('capacity'),
    Msg('practice-change'), Msg('knowledge'), Msg('needs'), Msg('other'),
    Msg('coalescing'), Msg('maturing'), Msg('stewardship'), Msg('transformation'),
)}


def word(value: str) -> str:
    """A record's value as copkit shows it: one of copkit's words (translated in the report),
    or the value as written when copkit does not know it."""
    return _WORDS.get(value, value)


@dataclass
class Figure:
    label: str
    value: float | int | None
    reason: str | None = None      # why there is no value
    previous: float | int | None = None
    unit: str = ""                 # "%" shows value*100
    better: str = "up"             # "up", "down" or "" (no judgement)
    compared: bool = False         # a previous value was worked out (None there: no data)

    def __post_init__(self) -> None:
        if self.previous is not None:
            self.compared = True

    @property
    def has_data(self) -> bool:
        return self.value is not None

    def show(self, value: float | int | None = None) -> str:
        v = self.value if value is None else value
        if v is None:
            return f"no data ({self.reason})" if self.reason else "no data"
        if self.unit == "%":
            return f"{v * 100:.0f}%"
        unit = f" {self.unit}" if self.unit else ""
        if isinstance(v, float) and not v.is_integer():
            return f"{v:.1f}{unit}"
        return f"{int(v)}{unit}"

    @property
    def shown(self) -> str:
        return self.show()

    @property
    def previous_shown(self) -> str:
        """The previous value; "no data" when compared but nothing to count from; "" when
        the figure is not compared."""
        if not self.compared:
            return ""
        return "no data" if self.previous is None else self.show(self.previous)

    @property
    def arrow(self) -> str:
        if not self.compared or self.value is None or self.previous is None:
            return ""
        if self.value > self.previous:
            return "↑"
        if self.value < self.previous:
            return "↓"
        return "="

    def uncompare(self) -> None:
        self.previous, self.compared = None, False


@dataclass
class Indicator:
    id: str
    title: str
    definition: str
    level: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class MemberLevel:
    member: s.Member
    observed: str
    attended: int
    facilitated: int
    practices: int
    leads: bool


@dataclass
class Metrics:
    cop_name: str
    period: Period
    previous: Period
    today: _dt.date
    indicators: list[Indicator]
    levels: list[MemberLevel]
    series: dict[str, Any]
    # why the period is not compared with the previous one (None: it is)
    no_comparison: str | None = None
    # notes on the quality of the data, for the whole report (the history's, say)
    notes: list[str] = field(default_factory=list)
    # what each chart's series holds, where it is not the usual ("members at each quarter
    # end, from the git history")
    series_described: dict[str, str] = field(default_factory=dict)

    @property
    def compared(self) -> bool:
        return self.no_comparison is None

    def by_id(self, ident: str) -> Indicator:
        return next(i for i in self.indicators if i.id == ident)

    def level(self, name: str) -> list[Indicator]:
        return [i for i in self.indicators if i.level == name]


# ---------------------------------------------------------------- what git adds
@dataclass(frozen=True)
class StatusEvent:
    """A practice's status changed in a commit of `day`: `before` None when the commit added
    the file, `after` None when it removed it."""
    day: _dt.date
    before: str | None
    after: str | None


@dataclass
class StatusHistory:
    """Practices' status changes from git, complete from `since` on (commits made on or after
    that day), oldest first per practice id; `tracked`: the practice ids committed at HEAD."""
    since: _dt.date
    events: dict[str, list[StatusEvent]] = field(default_factory=dict)
    tracked: frozenset[str] = frozenset()


@dataclass
class History:
    """What the git history adds to the records, read by the caller and passed in.

    `in_git` False: the CoP folder is not in a git repository (or has no commit yet);
    `trends`: `copkit.indicators.trends()` (the quarterly series; it works from the
    records alone outside git, where only the membership of undated members needs the
    history);
    `statuses`: the practices' status changes since the previous period started;
    `listed`: for members with no `joined` date added to members.yaml after its first
    commit, the day of the first commit whose members.yaml lists them (None: not worked out);
    `listed_first`: those already in its first commit, of day `first_listed` (git cannot tell
    when they joined: they were members by then);
    `notes`: what the reader should know about where these came from."""
    in_git: bool
    trends: Trends | None = None
    statuses: StatusHistory | None = None
    notes: list[str] = field(default_factory=list)
    listed: dict[str, _dt.date] | None = None
    listed_first: frozenset[str] = frozenset()
    first_listed: _dt.date | None = None


def nodata(label: str, reason: str, **kw: Any) -> Figure:
    return Figure(label, None, reason, **kw)



@dataclass(frozen=True)
class Quarter:
    """One quarter of the CoP's life, as plain figures for a chart."""

    label: str                 # 2026-Q3
    start: _dt.date
    end: _dt.date
    members: int               # members at the quarter's end
    joined: int
    left: int
    meetings: int              # meetings held in the quarter
    levels: dict[str, int]     # observed levels of the members at the quarter's end
    practices_added: int
    practices_total: int       # practices added up to the quarter's end

    def to_dict(self) -> dict[str, Any]:
        return {"quarter": self.label, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "members": self.members, "joined": self.joined,
                "left": self.left, "meetings": self.meetings, "levels": dict(self.levels),
                "practices_added": self.practices_added,
                "practices_total": self.practices_total}


@dataclass(frozen=True)
class Trends:
    """Quarterly series for the report's charts, and notes on where the figures came from
    (`copkit.indicators.trends`)."""

    quarters: list[Quarter]
    notes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"quarters": [q.to_dict() for q in self.quarters], "notes": list(self.notes)}

    def series(self, name: str) -> list[Any]:
        """One column as a list (``members``, ``practices_added``, ``core``...)."""
        if name in LEVELS:
            return [q.levels[name] for q in self.quarters]
        return [getattr(q, name) for q in self.quarters]

    @property
    def labels(self) -> list[str]:
        return [q.label for q in self.quarters]


def pct(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def desc(kv: tuple[str, int]) -> tuple[int, str]:
    """Sort key: most first, then by name."""
    return (-kv[1], kv[0])


def counted(items: dict[str, int]) -> list[list[str]]:
    """Table rows [name, count], most first, then by name."""
    return [[k, str(v)] for k, v in sorted(items.items(), key=desc)]
