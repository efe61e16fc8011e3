"""Trends by quarter: membership from dates and, where dates are missing, from the history;
observed participation levels; practices added. The history gathers what each quarter held
(`copkit.git.quarters.quarter_snapshots`), the indicators compute the trends from it
(`copkit.indicators.trends`), wired here as `copkit.report` wires them. (The quarter
arithmetic is tested in tests/test_periods.py.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from copkit import indicators
from copkit.git import quarters as history
from copkit.indicators import Trends
from copkit.model.load import Cop, load_cop

from .test_history import CopRepo

CHARTER = "name: Trend CoP\nstarted: 2025-01-15\n"
MARIA = "  - id: maria-lopez\n    name: María\n    joined: 2025-01-15\n"
JUAN = "  - id: juan-perez\n    name: Juan\n    joined: 2025-05-01\n"
ANA = "  - id: ana-ruiz\n    name: Ana\n"
LI = "  - id: li-wei\n    name: Li\n"


def meeting(day: str, *who: str) -> str:
    return f"date: {day}\ntitle: Call\nattendees: [{', '.join(who)}]\n"


def build(tmp_path: Path) -> CopRepo:
    repo = CopRepo(tmp_path / "cop")
    repo.write("charter.yaml", CHARTER)
    repo.write("members.yaml", "members:\n" + MARIA + JUAN)
    repo.write("meetings/2025-02-10-call.yaml", meeting("2025-02-10", "maria-lopez"))
    repo.write("practices/p1.yaml", "title: P1\nadded: 2025-03-01\ncontributors: [maria-lopez]\n")
    repo.commit("start", "2025-01-15T10:00:00+00:00")
    repo.write("meetings/2025-06-01-call.yaml",
               meeting("2025-06-01", "maria-lopez", "juan-perez"))
    repo.write("meetings/2025-06-20-call.yaml", meeting("2025-06-20", "juan-perez"))
    repo.commit("june", "2025-06-21T10:00:00+00:00")
    repo.write("members.yaml", "members:\n" + MARIA + JUAN + ANA)
    repo.commit("ana", "2025-08-10T10:00:00+00:00")
    repo.write("practices/p2.yaml", "title: P2\ncontributors: [ana-ruiz]\n")
    repo.commit("p2", "2025-08-15T10:00:00+00:00")
    repo.write("meetings/2025-09-01-call.yaml", meeting("2025-09-01", "maria-lopez", "ana-ruiz"))
    repo.commit("september", "2025-09-02T10:00:00+00:00")
    repo.write("members.yaml", "members:\n" + MARIA + JUAN + "    left: 2025-10-01\n" + ANA)
    repo.commit("juan leaves", "2025-10-02T10:00:00+00:00")
    repo.write("members.yaml", "members:\n" + MARIA + JUAN + "    left: 2025-10-01\n" + ANA + LI)
    repo.commit("li", "2026-02-01T10:00:00+00:00")
    return repo


def trends(root: Path, cop: Cop, until: dt.date,
           levels_since: dt.date | None = None) -> Trends:
    """What the history says about each quarter, then the trends computed from it."""
    return indicators.trends(cop, history.quarter_snapshots(root, cop, until=until),
                             levels_since=levels_since)


def test_trends_by_quarter(tmp_path: Path) -> None:
    repo = build(tmp_path)
    result = load_cop(repo.path)
    assert not [f for f in result.findings if f.severity == "error"], result.findings
    t = trends(repo.path, result.cop, until=dt.date(2026, 3, 31))
    assert t.labels == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    assert t.series("members") == [1, 2, 3, 2, 3]
    assert t.series("joined") == [1, 1, 1, 0, 1]
    assert t.series("left") == [0, 0, 0, 1, 0]
    assert t.series("meetings") == [1, 2, 1, 0, 0]
    assert [q.levels for q in t.quarters] == [
        {"core": 1, "active": 0, "peripheral": 0, "inactive": 0},
        {"core": 1, "active": 1, "peripheral": 0, "inactive": 0},
        {"core": 2, "active": 0, "peripheral": 0, "inactive": 1},
        {"core": 0, "active": 0, "peripheral": 0, "inactive": 2},
        {"core": 0, "active": 0, "peripheral": 0, "inactive": 3},
    ]
    assert t.series("practices_added") == [1, 0, 1, 0, 0]
    assert t.series("practices_total") == [1, 1, 2, 2, 2]
    assert t.series("core") == [1, 1, 2, 0, 0]
    assert any("2 member(s) have no joined date" in n and "last commit" in n for n in t.notes)
    assert any("dated by the commit that added them" in n for n in t.notes)
    data = t.to_dict()
    assert data["quarters"][2] == {
        "quarter": "2025-Q3", "start": "2025-07-01", "end": "2025-09-30", "members": 3,
        "joined": 1, "left": 0, "meetings": 1,
        "levels": {"core": 2, "active": 0, "peripheral": 0, "inactive": 1},
        "practices_added": 1, "practices_total": 2}


def test_trends_without_git(tmp_path: Path) -> None:
    repo = build(tmp_path)
    import shutil

    shutil.rmtree(repo.path / ".git")
    cop = load_cop(repo.path).cop
    t = trends(repo.path, cop, until=dt.date(2025, 12, 31))
    # with no history, members with no joined date count from the current list throughout
    assert t.series("members") == [3, 4, 4, 3]
    assert any("the folder has no git history" in n for n in t.notes)
    assert any("1 practice(s) have no date" in n for n in t.notes)


def test_trends_of_an_empty_cop(tmp_path: Path) -> None:
    repo = CopRepo(tmp_path / "cop")
    repo.write("charter.yaml", "name: Empty\n").write("members.yaml", "members: []\n")
    repo.commit("start")
    t = trends(repo.path, load_cop(repo.path).cop, until=dt.date(2026, 1, 1))
    assert t.quarters == []
    assert t.notes == ["no dates in the records yet: nothing to show over time"]


def test_levels_only_since_a_day(tmp_path: Path) -> None:
    """The report asks for the levels of its chart's quarters only: those are the same as in
    the whole series, the earlier ones count 0, everything else is unchanged."""
    repo = build(tmp_path)
    cop = load_cop(repo.path).cop
    whole = trends(repo.path, cop, until=dt.date(2026, 3, 31))
    part = trends(repo.path, cop, until=dt.date(2026, 3, 31), levels_since=dt.date(2025, 7, 1))
    assert [q.levels for q in part.quarters[2:]] == [q.levels for q in whole.quarters[2:]]
    assert all(set(q.levels.values()) == {0} for q in part.quarters[:2])
    assert [(q.members, q.joined, q.left, q.meetings, q.practices_added) for q in part.quarters] \
        == [(q.members, q.joined, q.left, q.meetings, q.practices_added) for q in whole.quarters]
