"""`copkit check`'s health advice: the lines of the health scorecard at risk over the last 12
months (`copkit.indicators.health`), each as a warning (code ``health-<name>``) pointing at the
file and line that would fix it.

The advice waits for the CoP's first period (:func:`first_period_end`): until one meeting
interval (the charter's meeting_frequency, a quarter when none is set) has passed since the
charter's ``started``, there is nothing yet to judge a schedule, a participation or a
leadership by, so a CoP just set up is not told its schedule is at risk.

:func:`health_findings` is listed in :data:`copkit.checks.advisors.ADVISORS`. Line 10 (the
plan's review) is left to the planning advisor, which already warns ``review-overdue``.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from copkit.indicators.health import AT_RISK, OPEN_TOPICS, scorecard

if TYPE_CHECKING:
    from copkit.model.findings import Finding
    from copkit.model.load import Cop

# the list or section a health line belongs to, when no single record is concerned:
# number -> (file, key); line 3's is the charter's ways_of_working, line 10's its review
_SECTIONS = {1: ("members.yaml", "members"), 5: ("members.yaml", "members"),
             7: ("members.yaml", "members"), 9: ("members.yaml", "members"),
             2: ("learning-agenda.yaml", "topics"), 4: ("learning-agenda.yaml", "topics"),
             8: ("learning-agenda.yaml", "topics"), 6: ("charter.yaml", "external_knowledge"),
             10: ("charter.yaml", "review")}


def health_findings(cop: Cop) -> Iterator[Finding]:
    """Warnings for the lines at risk over the last 12 months (line 10 is planning's)."""
    from copkit.indicators import compute
    from copkit.model.findings import Finding
    from copkit.periods import last_12_months, today

    day = today()
    first = first_period_end(cop)
    if first is not None and day < first:
        return
    # the scorecard reads M2 and M7 beside the records themselves
    metrics = compute(cop, last_12_months(day), day, indicators=("M2", "M7"))
    for line in scorecard(cop, metrics):
        # line 10 is planning's; line 11 (key-person risk) is the report's and review's
        if line.status != AT_RISK or line.number in (10, 11):
            continue
        relpath, loc = _where(cop, line.number)
        ln, col = cop.where(relpath, loc, key=bool(loc) and isinstance(loc[-1], str)) \
            if relpath else (0, 0)
        yield Finding(line.code, f"health: {line.factor.lower()} is at risk: {line.evidence}",
                      relpath, ln, col, line.suggestion, "warning")


def first_period_end(cop: Cop) -> _dt.date | None:
    """The day the CoP's first period ends: ``started`` plus one meeting interval (the
    charter's meeting_frequency, quarterly when unset); None without a start date."""
    from copkit.indicators.model import FREQUENCY_DAYS

    charter = cop.charter
    if charter is None or charter.started is None:
        return None
    freq = charter.ways_of_working.meeting_frequency or "quarterly"
    days = FREQUENCY_DAYS.get(freq, FREQUENCY_DAYS["quarterly"])
    return charter.started + _dt.timedelta(days=round(days))


def _where(cop: Cop, number: int) -> tuple[str, list[Any]]:
    """The file and place that would fix health line `number`: the first record concerned
    when there is one, else the list or section it belongs to."""
    member = _member_concerned(cop, number)
    if member is not None and (i := _index(cop, "members.yaml", "members", member)) is not None:
        return "members.yaml", ["members", i]
    topic = _topic_concerned(cop, number)
    if topic is not None and (i := _index(cop, "learning-agenda.yaml", "topics", topic)) \
            is not None:
        return "learning-agenda.yaml", ["topics", i]
    if number == 3:
        if cop.charter and cop.charter.ways_of_working.meeting_frequency:
            return "charter.yaml", ["ways_of_working", "meeting_frequency"]
        return "charter.yaml", ["ways_of_working"] if _has(cop, "charter.yaml",
                                                             "ways_of_working") else []
    relpath, key = _SECTIONS.get(number, _SECTIONS[10])
    if relpath == "members.yaml":
        return relpath, [key]
    return relpath, [key] if _has(cop, relpath, key) else []


def _member_concerned(cop: Cop, number: int) -> str | None:
    """The first current member concerned by line 7 (the only one of their organisation) or
    line 9 (a role and no time commitment)."""
    if number not in (7, 9):
        return None
    day = _today()
    current = [m for m in cop.members if m.is_member_on(day)]
    if number == 7:
        orgs = Counter(str(m.organisation) for m in current if m.organisation)
        return next((m.id for m in current if m.organisation
                     and orgs[str(m.organisation)] == 1), None)
    return next((m.id for m in current if any(r != "participant" for r in m.roles)
                 and m.time_commitment_hours_per_month is None), None)


def _topic_concerned(cop: Cop, number: int) -> str | None:
    """The first topic concerned by line 2 (open, tied to no goal), 4 (open, no lead) or 8
    (in progress)."""
    topics = cop.agenda.topics
    if number == 2:
        return next((t.id for t in topics if t.status in OPEN_TOPICS and not t.goals), None)
    if number == 4:
        return next((t.id for t in topics if t.status in OPEN_TOPICS and not t.lead), None)
    if number == 8:
        return next((t.id for t in topics if t.status == "in-progress"), None)
    return None


def _today() -> _dt.date:
    from copkit.periods import today

    return today()


def _index(cop: Cop, relpath: str, key: str, ident: str) -> int | None:
    """Where the record `ident` sits in the file's list (as written, invalid ones included)."""
    source = cop.sources.get(relpath)
    items = source.data.get(key) if source is not None and isinstance(source.data, dict) \
        else None
    if not isinstance(items, list):
        return None
    return next((i for i, item in enumerate(items)
                 if isinstance(item, dict) and item.get("id") == ident), None)


def _has(cop: Cop, relpath: str, key: str) -> bool:
    source = cop.sources.get(relpath)
    return source is not None and isinstance(source.data, dict) and key in source.data
