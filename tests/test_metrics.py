"""Every indicator of indicators.md on a small hand-made CoP (tests/metrics_cop.py), the right
answer worked out by hand in a comment beside each assertion; "no data" cases; the observed
levels with the charter's thresholds and the defaults; the previous-period comparison."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from copkit.indicators import (
    UNKNOWN,
    Context,
    Figure,
    History,
    Indicator,
    Metrics,
    Quarter,
    StatusEvent,
    StatusHistory,
    Trends,
    compute,
    status_on,
)
from copkit.model.load import Cop, load_cop
from copkit.periods import parse_period
from tests.metrics_cop import CHARTER, MEETINGS, write_cop

TODAY = dt.date(2026, 11, 20)
NO_TRENDS = "No chart of observed levels by quarter: the quarterly trends were not read."


def load(root: Path) -> Cop:
    result = load_cop(root)
    assert result.findings == [], result.findings
    return result.cop


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Cop:
    return load(write_cop(tmp_path_factory.mktemp("tiny")))


@pytest.fixture(scope="module")
def q2(tiny: Cop) -> Metrics:
    return compute(tiny, parse_period("2026-Q2"), TODAY)


def fig(m: Metrics, ident: str, label: str) -> Figure:
    found = [f for f in m.by_id(ident).figures if f.label == label]
    assert len(found) == 1, [f.label for f in m.by_id(ident).figures]
    return found[0]


def values(m: Metrics, ident: str) -> dict[str, tuple[object, object]]:
    """label -> (value, previous) of an indicator's figures."""
    return {f.label: (f.value, f.previous) for f in m.by_id(ident).figures}


def table(ind: Indicator, title: str) -> list[list[str]]:
    return next(t.rows for t in ind.tables if t.title == title)


# ---------------------------------------------------------------- shape
def test_every_indicator_in_order(q2: Metrics) -> None:
    assert [i.id for i in q2.indicators] == [
        "M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9", "E1", "E2", "E3", "E4", "E5",
        "E6", "E7", "I1", "I2", "I3", "I4", "I5", "I6", "S1"]
    assert [i.id for i in q2.level("impact")] == ["I1", "I2", "I3", "I4", "I5", "I6"]
    assert all(i.definition and "\n" not in i.definition for i in q2.indicators)
    assert (q2.previous.label, q2.period.label) == ("2026-Q1", "2026-Q2")


# ---------------------------------------------------------------- monitoring
def test_m1_participants(q2: Metrics) -> None:
    # at 2026-06-30: ana ben dan eva fay gus (carla left 05-15, gil joins 07-15, hal left
    # 2025) = 6; at 2026-03-31: ana ben carla eva fay gus = 6 (dan joins 06-01).
    # joined in Q2: dan; in Q1: eva. left in Q2: carla; in Q1: nobody.
    assert values(q2, "M1") == {"members at period end": (6, 6), "joined": (1, 1),
                                "left": (1, 0)}
    m1 = q2.by_id("M1")
    # A: ana ben; C: eva fay; B: dan; D: gus — most first, then by name
    assert table(m1, "By organisation") == [["A", "2"], ["C", "2"], ["B", "1"], ["D", "1"]]
    # PE: ana ben gus; BO: dan fay; eva has no country ("(" sorts before "B")
    assert table(m1, "By country") == [["PE", "3"], ["BO", "2"], ["(no country)", "1"]]
    assert m1.notes == ["1 member(s) have no `joined` date: counted as members from the start."]


def test_m2_levels_with_the_charters_thresholds(q2: Metrics) -> None:
    # charter: core >= 75% attendance, active >= 50%. Q2 meetings 04-10, 05-08, 06-12.
    # ana: 3/3 and facilitates -> core.  ben: 1/3 = 33% but 1 practice (p2) -> active.
    # carla: left 05-15, so 2 meetings while a member; 1/2 = 50% -> active.
    # dan: joined 06-01, 1 meeting while a member, attended it: 100% -> core.
    # eva: facilitates 06-12 (and 2 practices) -> core.  fay: 1/3 = 33% -> peripheral.
    # gus: nothing -> inactive.  gil and hal are not members during Q2.
    observed = {lv.member.id: lv.observed for lv in q2.levels}
    assert observed == {"ana": "core", "ben": "active", "carla": "active", "dan": "core",
                        "eva": "core", "fay": "peripheral", "gus": "inactive"}
    # Q1 (one meeting, 02-13, ana facilitates; ana ben carla eva attend): 1/1 -> core for
    # ana ben carla eva; fay and gus -> inactive; dan not yet a member.
    assert values(q2, "M2") == {"core": (3, 4), "active": (2, 0), "peripheral": (1, 0),
                                "inactive": (1, 2)}
    m2 = q2.by_id("M2")
    assert "≥75%" in m2.definition and "≥50%" in m2.definition
    # declared -> observed: ana core->core; ben active->active, gus active->inactive;
    # carla peripheral->active, eva peripheral->core, fay peripheral->peripheral; dan none->core
    assert table(m2, "Declared level against observed level") == [
        ["core", "1", "0", "0", "0"], ["active", "0", "1", "0", "1"],
        ["peripheral", "1", "1", "1", "0"], ["undeclared", "1", "0", "0", "0"]]
    ana = next(lv for lv in q2.levels if lv.member.id == "ana")
    assert (ana.attended, ana.facilitated, ana.practices, ana.leads) == (3, 2, 0, True)


def test_m2_levels_with_the_default_thresholds(tmp_path: Path) -> None:
    # defaults: core >= 60%, active >= 25%. ben 1/3 = 33% -> active; carla 1/2 = 50% -> active;
    # fay 1/3 = 33% -> active (was peripheral at 50%); dan 1/1 -> core; the rest as before.
    charter = CHARTER.split("monitoring:")[0]
    m = compute(load(write_cop(tmp_path, charter=charter)), parse_period("2026-Q2"), TODAY)
    assert values(m, "M2") == {"core": (3, 4), "active": (3, 0), "peripheral": (0, 0),
                               "inactive": (1, 2)}
    assert "≥60%" in m.by_id("M2").definition


def test_m2_practices_thresholds_and_a_lead(tmp_path: Path) -> None:
    # core_practices 1: ben's single practice (p2) makes him core; active_practices 5 changes
    # nothing else. gus leads t3 (not dropped) -> core though he attended nothing. carla leads
    # only a dropped topic: still active (1/2 = 50%).
    charter = CHARTER.replace("core_practices: 2", "core_practices: 1").replace(
        "active_practices: 1", "active_practices: 5")
    agenda = """\
topics:
  - {id: t2, title: Dropped topic, lead: carla, status: dropped}
  - {id: t3, title: Ordenanzas modelo, lead: gus, status: planned}
"""
    m = compute(load(write_cop(tmp_path, charter=charter, agenda=agenda)),
                parse_period("2026-Q2"), TODAY)
    observed = {lv.member.id: lv.observed for lv in m.levels}
    assert observed["ben"] == "core"
    assert observed["gus"] == "core"
    assert observed["carla"] == "active"


def test_m2_a_lead_is_core_only_when_the_topic_is_taken_up(tmp_path: Path) -> None:
    # gus leads t3, which the 06-12 meeting discusses (Q2) and nothing in Q3 names: core in
    # Q2 (above), inactive in Q3 (he attends nothing). A session date counts too: t3 with a
    # session on 2026-08-20 makes him core in Q3.
    agenda = "topics:\n  - {id: t3, title: Ordenanzas modelo, lead: gus, status: planned}\n"
    m = compute(load(write_cop(tmp_path / "a", agenda=agenda)), parse_period("2026-Q3"),
                TODAY)
    assert {lv.member.id: lv.observed for lv in m.levels}["gus"] == "inactive"
    agenda = agenda.replace("status: planned}", "status: planned, sessions: [2026-08-20]}")
    m = compute(load(write_cop(tmp_path / "b", agenda=agenda)), parse_period("2026-Q3"),
                TODAY)
    gus = next(lv for lv in m.levels if lv.member.id == "gus")
    assert (gus.observed, gus.leads) == ("core", True)


def test_m2_zero_practice_thresholds_are_honoured(tmp_path: Path) -> None:
    # core_practices 0 and active_practices 0: practices do not count towards a level (0+
    # would make everyone core). ben: 1/3 = 33% < 50%, 1 practice (p2) -> peripheral (he
    # was active through the practice with 1); eva still core (she facilitates 06-12).
    charter = CHARTER.replace("core_practices: 2", "core_practices: 0").replace(
        "active_practices: 1", "active_practices: 0")
    m = compute(load(write_cop(tmp_path, charter=charter)), parse_period("2026-Q2"), TODAY)
    observed = {lv.member.id: lv.observed for lv in m.levels}
    assert observed["ben"] == "peripheral" and observed["eva"] == "core"
    assert "contributed" not in m.by_id("M2").definition


def test_m2_judges_only_core_and_inactive(q2: Metrics) -> None:
    # active 2 vs 0 and peripheral 1 vs 0: members moving up or down, no judgement
    assert [(f.label, f.better) for f in q2.by_id("M2").figures] == [
        ("core", "up"), ("active", ""), ("peripheral", ""), ("inactive", "down")]


def test_m1_in_a_period_not_over_counts_today(tiny: Cop) -> None:
    # 2026 seen on 2026-05-08: members today are ana ben carla (leaves 05-15) eva fay gus = 6
    # (at 2026-12-31 it would be 7: dan and gil in, carla gone); 2025-12-31: ana ben carla fay
    # gus and hal (left that day, no joined date) = 6. Tables count today's members too.
    m = compute(tiny, parse_period("2026"), dt.date(2026, 5, 8))
    assert values(m, "M1")["members today (2026-05-08)"] == (6, 6)
    assert table(m.by_id("M1"), "By organisation") == [["A", "2"], ["C", "2"], ["B", "1"],
                                                       ["D", "1"]]


def test_m3_expected_meetings_from_the_start(tmp_path: Path) -> None:
    # started 2026-05-01: Q2 expects 61 days / 30.4375 = 2.0 -> 2 meetings
    charter = CHARTER.replace("started: 2025-01-01", "started: 2026-05-01")
    m = compute(load(write_cop(tmp_path, charter=charter)), parse_period("2026-Q2"), TODAY)
    assert values(m, "M3")["meetings expected (monthly) from 2026-05-01 (the start)"] == \
        (2, None)


def test_m3_regular_schedule(q2: Metrics) -> None:
    # 3 meetings in Q2 (1 in Q1); monthly = 30.4375 days, 91 / 30.4375 = 2.99 -> 3 expected;
    # Q1: 90 / 30.4375 = 2.96 -> 3. gaps: 04-10 -> 05-08 = 28 days, 05-08 -> 06-12 = 35
    # days; Q1 has one meeting: no gap (no data, compared).
    # attendees: 3, 3, 3 (ana listed twice on 06-12 counts once) -> mean 3; Q1: 4.
    # members on each day: 6 (04-10: ana ben carla eva fay gus; 05-08 the same; 06-12: carla
    # gone, dan in) -> rate 3/6 = 50% each; Q1 02-13: 6 members, 4 attend -> 67%.
    m3 = values(q2, "M3")
    assert m3["meetings held"] == (3, 1)
    assert m3["meetings expected (monthly)"] == (3, 3)
    assert m3["longest gap between meetings"] == (35, None)
    assert fig(q2, "M3", "longest gap between meetings").previous_shown == "no data"
    assert m3["mean attendees per meeting"] == (3.0, 4.0)
    assert m3["mean attendance rate"] == (0.5, pytest.approx(4 / 6))
    assert fig(q2, "M3", "mean attendance rate").shown == "50%"
    assert fig(q2, "M3", "mean attendance rate").previous_shown == "67%"
    assert fig(q2, "M3", "longest gap between meetings").shown == "35 days"


def test_m3_expected_meetings_count_only_the_days_gone_by(tiny: Cop) -> None:
    # 2026 seen on 2026-05-08: 128 days gone (31 + 28 + 31 + 30 + 8); 128 / 30.4375 = 4.2 -> 4
    # (2025, the CoP's first year from 2025-01-01: 365 / 30.4375 -> 12)
    m = compute(tiny, parse_period("2026"), dt.date(2026, 5, 8))
    assert values(m, "M3")["meetings expected (monthly) up to 2026-05-08"] == (4, 12)
    # on 2026-11-20: 324 days gone (365 - 41), 324 / 30.4375 = 10.6 -> 11
    m = compute(tiny, parse_period("2026"), TODAY)
    assert values(m, "M3")["meetings expected (monthly) up to 2026-11-20"] == (11, 12)
    # the whole of 2026 seen afterwards: 365 / 30.4375 = 11.99 -> 12
    m = compute(tiny, parse_period("2026"), dt.date(2027, 1, 5))
    assert values(m, "M3")["meetings expected (monthly)"] == (12, 12)


def test_m4_flow_of_information(q2: Metrics) -> None:
    # practices contributed in Q2: eva 2 (p1, p2), ben 1 (p2) = 3;
    # actions owned in Q2 meetings: ben, carla (04-10), ana, fay (05-08), dan (06-12) = 5;
    # meetings facilitated: ana 2, eva 1 = 3. Total 11, by ana ben carla dan eva fay = 6.
    # ties: {ana ben carla} 3 pairs, {ana eva fay} 3, {ana dan eva} 2 new (ana-eva again) = 8;
    # across organisations (A: ana ben, B: carla dan, C: eva fay): all but ana-ben and
    # eva-fay = 6. Q1 {ana ben carla eva}: 6 pairs, 5 across (not ana-ben).
    # Q1 contributions: p3 (ana), eva's action (02-13), ana facilitates = 3, by ana and eva.
    assert values(q2, "M4") == {"contributions": (11, 3), "members contributing": (6, 2),
                                "co-attendance ties": (8, 6),
                                "ties across organisations": (6, 5)}
    # ana 0+1+2 = 3, eva 2+0+1 = 3, ben 1+1+0 = 2, carla dan fay 1 each (by name)
    assert table(q2.by_id("M4"), "Top contributors") == [
        ["ana", "0", "1", "2"], ["eva", "2", "0", "1"], ["ben", "1", "1", "0"],
        ["carla", "0", "1", "0"], ["dan", "0", "1", "0"], ["fay", "0", "1", "0"]]


def test_m5_documents(q2: Metrics) -> None:
    # added in Q2: p1 (tool, tested), p2 (case-study, draft); in Q1: p3. p4 has no date.
    assert values(q2, "M5") == {"practices added": (2, 1), "case studies": (1, 0)}
    m5 = q2.by_id("M5")
    assert table(m5, "By kind") == [["case-study", "1"], ["tool", "1"]]
    assert table(m5, "By status today") == [["draft", "1"], ["tested", "1"],
                                            ["evaluated", "0"]]
    assert m5.notes == ["1 practice(s) have no `added` date and are not counted."]


def test_m6_responsibilities(q2: Metrics) -> None:
    # due 04-01..06-30 from any meeting: eva 04-15 (done 04-15, on time; from the Q1 meeting),
    # ben 04-30 (done 04-28, on time), carla 05-10 (not done), ana 06-01 (done 06-05, late).
    # dan's is due 08-01: outside. fay's has no due date.
    # -> due 4, done 3, on time 2, rate 2/4 = 50%, overdue 1 (carla). Q1: no action due
    # (eva's from 02-13 is due 04-15): 0 each, and no rate (no data).
    # plan.yaml: step 2 (deadline 2026-01-31) is done (ana is a current facilitator); step 5
    # (2026-02-28) is not (the charter has no ground_rules); step 9's deadline is to come.
    m6 = values(q2, "M6")
    assert m6 == {"actions due": (4, 0), "done": (3, 0), "done on time": (2, 0),
                  "on-time rate": (0.5, None), "overdue": (1, 0),
                  "plan steps past their deadline (today)": (1, None)}
    assert fig(q2, "M6", "on-time rate").previous_shown == "no data"
    # today's plan, not the period's: not compared
    assert fig(q2, "M6", "plan steps past their deadline (today)").previous_shown == ""
    ind = q2.by_id("M6")
    assert table(ind, "Overdue actions by owner") == [["carla", "1"]]
    assert table(ind, "Plan steps past their deadline") == [["5", "ben", "2026-02-28"]]
    assert ind.notes == ["1 action(s) of the period's meetings have no due date."]
    assert "up to 2026-06-30" in ind.definition


def test_m6_only_actions_due_by_today_in_a_running_period(tiny: Cop) -> None:
    # 2026-Q2 seen on 2026-05-01: only eva's (04-15) and ben's (04-30) are due yet, both done
    m = compute(tiny, parse_period("2026-Q2"), dt.date(2026, 5, 1))
    assert values(m, "M6")["actions due"] == (2, 0)
    assert values(m, "M6")["overdue"] == (0, 0)
    # seen on 2026-01-20: step 2's deadline (01-31) has not passed; no step is late
    m = compute(tiny, parse_period("2025-Q4"), dt.date(2026, 1, 20))
    assert values(m, "M6")["plan steps past their deadline (today)"] == (0, None)


def test_m7_distributed_leadership(q2: Metrics) -> None:
    # facilitators in Q2: ana, eva (Q1: ana). Leads of topics not dropped: ana (t1, t4); she
    # attended -> 1 active (in Q1 too). Guests: 2 on 04-10 (Q1: 0). External practices: p2
    # (Q1: 0).
    assert values(q2, "M7") == {"distinct facilitators": (2, 1), "topic leads active": (1, 1),
                                "guests": (2, 0), "external practices": (1, 0)}


def test_m8_activities_and_budget(q2: Metrics) -> None:
    # overlapping Q2: act1 (05-10, done), act2 (03-01..04-15, under-way), act5 (06-01..08-01,
    # cancelled); act3 starts 07-01; act4 has no dates.
    # budget: PEN 500 (act2), spent 0; USD 1000 + 200 = 1200, spent 800.
    assert values(q2, "M8") == {"planned": (0, None), "under-way": (1, None), "done": (1, None),
                                "cancelled": (1, None)}
    ind = q2.by_id("M8")
    assert table(ind, "Budget by currency") == [["PEN", "500.00", "0.00"],
                                                ["USD", "1,200.00", "800.00"]]
    assert ind.notes == ["1 activity(ies) have no dates and are not counted."]


# ---------------------------------------------------------------- evaluation
def test_e1_satisfaction_and_ownership(q2: Metrics) -> None:
    # s1 (06-20): satisfaction q1 = 4, 5, 3 -> mean 4.0, n 3; ownership q2 = 3, "no sé"
    # (not a number: left out), 4 -> mean 3.5, n 2. 3 responses of 5 invited = 60%.
    # s0 (03-01, Q1): satisfaction 2, 4 -> previous mean 3.0, n 2 (it says nothing of
    # invitations, nor of ownership: no data there).
    e1 = values(q2, "E1")
    assert e1 == {"satisfaction: mean": (4.0, 3.0), "satisfaction: answers (n)": (3, 2),
                  "ownership: mean": (3.5, None), "ownership: answers (n)": (2, None),
                  "response rate": (0.6, None)}
    assert fig(q2, "E1", "satisfaction: mean").arrow == "↑"
    assert fig(q2, "E1", "ownership: mean").previous_shown == "no data"
    assert fig(q2, "E1", "response rate").previous_shown == "no data"
    assert table(q2.by_id("E1"), "satisfaction: distribution") == [
        ["3/5", "1"], ["4/5", "1"], ["5/5", "1"]]


def test_e2_relationships(q2: Metrics) -> None:
    # q3 = 5, 4, 4 -> mean 13/3 = 4.33 shown 4.3; ties as in M4
    e2 = values(q2, "E2")
    assert e2["relationships: mean"] == (pytest.approx(13 / 3), None)
    assert fig(q2, "E2", "relationships: mean").shown == "4.3"
    assert e2["relationships: answers (n)"] == (3, None)
    assert e2["co-attendance ties"] == (8, 6)
    assert e2["ties across organisations"] == (6, 5)


def test_e3_capacity_and_quotes(q2: Metrics) -> None:
    # q4 = 2, 4 -> mean 3.0, n 2. Open q5: ana's answer quoted, ben's blank answer is not; no
    # respondent is named.
    assert values(q2, "E3") == {"capacity: mean": (3.0, None),
                                "capacity: answers (n)": (2, None)}
    assert q2.by_id("E3").quotes == ["Usamos la guía en Puno"]


def _statuses(p1_added: str = "2026-05-20") -> History:
    """The tiny CoP's practices as git saw them (history from 2026-01-01): p3 committed
    2026-02-01 as draft, tested 03-10, evaluated 05-15; p1 committed on `p1_added` as draft,
    tested 06-10; p2 committed 06-01 as draft; p4 committed before 2026 and never changed."""
    d = dt.date.fromisoformat
    events = {
        "p3": [StatusEvent(d("2026-02-01"), None, "draft"),
               StatusEvent(d("2026-03-10"), "draft", "tested"),
               StatusEvent(d("2026-05-15"), "tested", "evaluated")],
        "p1": [StatusEvent(d(p1_added), None, "draft"),
               StatusEvent(max(d(p1_added), d("2026-06-10")), "draft", "tested")],
        "p2": [StatusEvent(d("2026-06-01"), None, "draft")],
    }
    return History(True, statuses=StatusHistory(d("2026-01-01"), events,
                                                frozenset({"p1", "p2", "p3", "p4"})))


def test_e4_knowledge_generated_from_the_status_history(tiny: Cop) -> None:
    m = compute(tiny, parse_period("2026-Q2"), TODAY, history=_statuses())
    # at 06-30: p1 tested (06-10), p2 draft, p3 evaluated (05-15), p4 draft -> 2 / 1 / 1.
    # at 03-31: p1 and p2 not added yet, p3 tested (03-10), p4 draft -> 1 / 1 / 0.
    # Q2 moves, from 03-31 (or from when first recorded) to 06-30: p1 draft (committed on
    # its added day 05-20) -> tested; p3 tested -> evaluated; p2 and p4 stay draft.
    # Q1 moves, from 2025-12-31 to 03-31: p3 draft (02-01) -> tested; p4 stays draft.
    # Topics: 4 today, covered 1 (t4), not compared; discussed in Q2: t1 (05-08) and t3
    # (06-12); in Q1 none (the 02-13 meeting names no topic).
    assert values(m, "E4") == {
        "practices moved draft → tested": (1, 1), "practices moved to evaluated": (1, 0),
        "practices draft at period end": (2, 1), "practices tested at period end": (1, 1),
        "practices evaluated at period end": (1, 0), "agenda topics (today)": (4, None),
        "topics covered (today)": (1, None), "topics discussed in the period": (2, 0),
        # the Q2 survey's one answer to its knowledge question (none in Q1)
        "knowledge: mean": (1.0, None), "knowledge: answers (n)": (1, None)}
    assert fig(m, "E4", "practices moved to evaluated").arrow == "↑"
    assert m.by_id("E4").notes == []


def test_e4_a_practice_committed_after_it_was_added(tiny: Cop) -> None:
    # p1 (added 05-20) first committed on 07-01: its status on 06-30 and when created is not
    # in the history -> left out of Q2; the other three give: moves p3 tested -> evaluated;
    # at 06-30 p2 p4 draft, p3 evaluated. Partial counts: not compared (no arrow, "").
    m = compute(tiny, parse_period("2026-Q2"), TODAY, history=_statuses("2026-07-01"))
    e4 = {f.label: (f.value, f.previous_shown, f.arrow) for f in m.by_id("E4").figures}
    assert e4["practices moved draft → tested"] == (0, "", "")
    assert e4["practices moved to evaluated"] == (1, "", "")
    assert e4["practices draft at period end"] == (2, "", "")
    assert e4["practices tested at period end"] == (0, "", "")
    assert m.by_id("E4").notes == [
        "1 practice(s) left out of the figures for 2026-Q2: the git history does not hold "
        "their status then (committed after their `added` date, or not at all).",
        "A count that leaves practices out is not compared with the other period."]


def test_e4_without_the_history(tiny: Cop) -> None:
    # a past period, no history: no status but today's is known -> no data, and why
    m = compute(tiny, parse_period("2026-Q2"), TODAY)
    f = fig(m, "E4", "practices tested at period end")
    assert (f.value, f.reason, f.arrow) == (None, "the status history was not read", "")
    m = compute(tiny, parse_period("2026-Q2"), TODAY, history=History(False))
    f = fig(m, "E4", "practices moved draft → tested")
    assert (f.value, f.reason) == (None, "the CoP folder is not in git")
    assert m.by_id("E4").notes == [
        "A practice's earlier status comes from the git history, and the CoP folder is not "
        "in git: only today's status is known, so movements and statuses on past days are "
        "not counted."]
    # 2026 seen on 2026-11-20: today's statuses are the records' (p2 p4 draft, p1 tested,
    # p3 evaluated); on 2025-12-31 p1-p3 were not added yet but p4 (no date) is unknown:
    # previous "no data"
    m = compute(tiny, parse_period("2026"), TODAY, history=History(False))
    e4 = values(m, "E4")
    assert e4["practices draft today (2026-11-20)"] == (2, None)
    assert e4["practices evaluated today (2026-11-20)"] == (1, None)
    assert fig(m, "E4", "practices draft today (2026-11-20)").previous_shown == "no data"


def test_status_on(tiny: Cop) -> None:
    h = _statuses()
    assert h.statuses is not None
    p3 = tiny.practice_index()["p3"]
    d = dt.date.fromisoformat
    assert status_on(p3, d("2026-01-31"), h.statuses, TODAY) is None  # added 02-01
    assert status_on(p3, d("2026-02-01"), h.statuses, TODAY) == "draft"
    assert status_on(p3, d("2026-03-10"), h.statuses, TODAY) == "tested"  # changed that day
    assert status_on(p3, d("2026-05-14"), h.statuses, TODAY) == "tested"
    assert status_on(p3, d("2026-05-15"), h.statuses, TODAY) == "evaluated"
    p4 = tiny.practice_index()["p4"]
    assert status_on(p4, d("2025-12-31"), h.statuses, TODAY) == "draft"  # tracked before 2026
    assert status_on(p4, d("2025-12-30"), h.statuses, TODAY) == UNKNOWN  # before the history
    assert status_on(p4, d("2025-12-30"), None, TODAY) == UNKNOWN
    assert status_on(p4, TODAY, None, TODAY) == "draft"  # today: the record says


# ---------------------------------------------------------------- impact
def test_i1_value_created(q2: Metrics) -> None:
    # Q2: st1 (furthest: applied), st2 (no cycle written); Q1: st3 (realized)
    assert values(q2, "I1") == {"stories": (2, 1), "reaching immediate": (0, 0),
                                "reaching potential": (0, 0), "reaching applied": (1, 0),
                                "reaching realized": (0, 1), "reaching transformative": (0, 0)}
    assert q2.by_id("I1").notes == ["1 story(ies) of the period record no cycle yet."]


def test_i2_goals_with_evidence(q2: Metrics) -> None:
    # g1: st1 + st2 (evidence Acta 12; Foto; Informe); g2: st2; g3: none. Q1: st3 names no
    # goal -> 0. The number of goals is today's charter: not compared.
    assert values(q2, "I2") == {"goals with evidence": (2, 0), "goals": (3, None)}
    assert not fig(q2, "I2", "goals").compared
    assert table(q2.by_id("I2"), "Goals") == [
        ["g1", "Units exist", "2", "Acta 12; Foto; Informe"],
        ["g2", "Units are funded", "1", "Foto; Informe"],
        ["g3", "Units survive elections", "0", ""]]


def test_i3_institutionalised_practices(q2: Metrics) -> None:
    # Q2: Muni X adopts p1 (05-05); Muni Y's is 08-01; Q1: Muni X adopts p3 (03-03);
    # Muni Z's adoption of p3 has no date. Organisations adopting: Muni X in each.
    assert values(q2, "I3") == {"adoptions": (1, 1), "organisations adopting": (1, 1)}
    ind = q2.by_id("I3")
    assert table(ind, "Adoptions by organisation") == [["Muni X", "Checklist"]]
    assert ind.notes == ["1 adoption(s) have no date and are not counted."]


# ---------------------------------------------------------------- comparison
@pytest.mark.parametrize(("started", "compared"), [
    ("2026-02-14", True),    # 44 of Q1's 90 days before the start: not most of them
    ("2026-02-16", False),   # 46 of 90: most
    ("2026-04-02", False),   # after Q1 ended
])
def test_no_comparison_with_a_period_before_the_start(tmp_path: Path, started: str,
                                                      compared: bool) -> None:
    charter = CHARTER.replace("started: 2025-01-01", f"started: {started}")
    m = compute(load(write_cop(tmp_path, charter=charter)), parse_period("2026-Q2"), TODAY)
    assert m.compared is compared
    figures = [f for i in m.indicators for f in i.figures]
    if compared:
        assert m.no_comparison is None
        assert fig(m, "M3", "meetings held").arrow == "↑"  # 3 against 1
        return
    assert all(not f.compared and f.previous is None and f.arrow == "" for f in figures)
    assert fig(m, "M3", "meetings held").previous_shown == ""
    days = {"2026-02-16": "so 46 of its 90 days come before the start.",
            "2026-04-02": "after it ended."}[started]
    assert m.no_comparison == ("Not compared with the previous period (2026-Q1): the "
                               f"community started on {started}, {days}")


# ---------------------------------------------------------------- chart data
def test_series(q2: Metrics) -> None:
    # members at each month end: 04-30: 6; 05-31: carla gone, dan not yet: 5; 06-30: 6.
    # practices per quarter from the CoP's start (2025-01-01) up to 06-30: none in 2025 (0
    # each quarter, not left out), p3 in 2026-Q1, p1 p2 in Q2.
    # the network picture's data is tests/test_network.py's
    assert {k: v for k, v in q2.series.items() if k != "network"} == {
        "levels": [("core", 3), ("active", 2), ("peripheral", 1), ("inactive", 1)],
        "attendance": [("2026-04-10", 3), ("2026-05-08", 3), ("2026-06-12", 3)],
        "membership": [("2026-04-30", 6), ("2026-05-31", 5), ("2026-06-30", 6)],
        "practices": [("2025-Q1", 0), ("2025-Q2", 0), ("2025-Q3", 0), ("2025-Q4", 0),
                      ("2026-Q1", 1), ("2026-Q2", 2)],
        "levels_by_quarter": []}  # no history given: no trends, so no chart (and a note)
    assert q2.series_described == {} and q2.notes == []
    assert NO_TRENDS in q2.by_id("M2").notes


def quarter(label: str, levels: tuple[int, int, int, int], meetings: int = 1) -> Quarter:
    year, q = int(label[:4]), int(label[-1])
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - dt.timedelta(days=1)
    return Quarter(label, start, end, sum(levels), 0, 0, meetings,
                   dict(zip(("core", "active", "peripheral", "inactive"), levels, strict=True)),
                   0, 0)


def test_levels_by_quarter_from_the_trends_given(tiny: Cop) -> None:
    # ten quarters 2024-Q3 .. 2026-Q4, as copkit.indicators.trends gives them (seen 2026-11-20)
    labels = [f"{y}-Q{q}" for y in (2024, 2025, 2026) for q in (1, 2, 3, 4)][2:]
    quarters = [quarter(label, (n, 1, 0, 2)) for n, label in enumerate(labels)]
    quarters[5] = quarter("2025-Q4", (0, 0, 0, 6), meetings=0)   # nothing to observe
    quarters[6] = quarter("2026-Q1", (0, 0, 0, 6), meetings=2)   # all inactive: observed
    history = History(True, Trends(quarters, []))
    m = compute(tiny, parse_period("2026"), TODAY, history)
    # 2026 is not over: the last 8 quarters up to today's (2026-Q4, up to 11-20)
    assert m.series["levels_by_quarter"] == [
        ["2025-Q1", 2, 1, 0, 2], ["2025-Q2", 3, 1, 0, 2], ["2025-Q3", 4, 1, 0, 2],
        ["2025-Q4", None, None, None, None], ["2026-Q1", 0, 0, 0, 6],
        ["2026-Q2", 7, 1, 0, 2], ["2026-Q3", 8, 1, 0, 2], ["2026-Q4", 9, 1, 0, 2]]
    assert m.series_described["levels_by_quarter"] == (
        "members at each quarter's end by the level observed over that quarter (thresholds "
        "as in M2); 2026-Q4 up to 2026-11-20; no bar: nothing to observe in that quarter")
    assert not [n for n in m.by_id("M2").notes if n.startswith("No chart")]
    # a period over (2026-05): the quarters that end by its end (2026-Q2 ends after it)
    m = compute(tiny, parse_period("2026-05"), TODAY, history)
    assert [r[0] for r in m.series["levels_by_quarter"]] == [
        "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    assert "up to" not in m.series_described["levels_by_quarter"]


def test_no_levels_by_quarter_chart_says_why(tiny: Cop) -> None:
    period = parse_period("2026-Q2")
    cases = [
        (None, NO_TRENDS),
        (History(True, None), "No chart of observed levels by quarter: the quarterly trends "
                              "could not be worked out (see the notes on the data)."),
        (History(True, Trends([], ["no dates in the records yet"])),
         "No chart of observed levels by quarter: no quarter of the community's life up to "
         "2026-06-30."),
        (History(False, Trends([quarter("2026-Q1", (0, 0, 0, 4), meetings=0),
                                quarter("2026-Q2", (0, 0, 0, 4), meetings=0)], [])),
         "No chart of observed levels by quarter: no meeting, practice or topic session in "
         "the 2 quarter(s) from 2026-Q1 to 2026-Q2."),
    ]
    for history, note in cases:
        m = compute(tiny, period, TODAY, history)
        assert m.series["levels_by_quarter"] == []
        assert "levels_by_quarter" not in m.series_described
        assert note in m.by_id("M2").notes, history


def test_m1_members_with_no_joined_date_dated_from_git(tiny: Cop) -> None:
    # hal has no `joined` date (left 2025-12-31). Without git: a member from the start.
    # 2025-Q2 against 2025-Q1: at 06-30 ana ben carla fay gus hal = 6, at 03-31 the same 6;
    # joined: nobody in Q2, ana ben carla fay gus (01-01) in Q1 = 5.
    period = parse_period("2025-Q2")
    m = compute(tiny, period, TODAY)
    assert values(m, "M1") == {"members at period end": (6, 6), "joined": (0, 5),
                               "left": (0, 0)}
    # git first lists hal on 2025-06-01: joined in Q2 (1), not a member at 03-31 (5)
    history = History(True, listed={"hal": dt.date(2025, 6, 1)}, listed_first=frozenset(),
                      first_listed=dt.date(2025, 1, 1))
    m = compute(tiny, period, TODAY, history)
    assert values(m, "M1") == {"members at period end": (6, 5), "joined": (1, 5),
                               "left": (0, 0)}
    assert m.by_id("M1").notes == ["1 member(s) have no `joined` date: 1 dated from git, by "
                                   "the first commit whose members.yaml lists them."]
    # listed from members.yaml's first commit: git cannot tell, from the start as before
    history = History(True, listed={}, listed_first=frozenset({"hal"}),
                      first_listed=dt.date(2025, 1, 1))
    m = compute(tiny, period, TODAY, history)
    assert values(m, "M1")["joined"] == (0, 5)
    assert m.by_id("M1").notes == [
        "1 member(s) have no `joined` date: 1 already in members.yaml's first commit "
        "(2025-01-01), counted as members from the start (git cannot tell when they joined)."]


def test_practices_per_quarter_keeps_quiet_quarters(tmp_path: Path) -> None:
    # no `started`: from the first practice's quarter. p3 2026-02-01 (Q1), nothing in Q2 and
    # Q3, p1 2026-10-05 (Q4); seen on 2026-11-20 for 2026: Q1 1, Q2 0, Q3 0, Q4 1.
    charter = CHARTER.replace("started: 2025-01-01\n", "")
    practices = {"p3.yaml": "title: A\nadded: 2026-02-01\n",
                 "p1.yaml": "title: B\nadded: 2026-10-05\n"}
    m = compute(load(write_cop(tmp_path / "a", charter=charter, practices=practices)),
                parse_period("2026"), TODAY)
    assert m.series["practices"] == [("2026-Q1", 1), ("2026-Q2", 0), ("2026-Q3", 0),
                                     ("2026-Q4", 1)]
    # a CoP started in 2020: the last 8 quarters up to 2026-Q4 (2025-Q1 .. 2026-Q4)
    charter = CHARTER.replace("started: 2025-01-01", "started: 2020-01-01")
    m = compute(load(write_cop(tmp_path / "b", charter=charter, practices=practices)),
                parse_period("2026"), TODAY)
    assert [q for q, _ in m.series["practices"]] == [
        "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3",
        "2026-Q4"]
    assert sum(n for _, n in m.series["practices"]) == 2


# ---------------------------------------------------------------- no data is never 0
def test_no_data_says_why(tmp_path: Path) -> None:
    # only a charter (no goals, no frequency) and two members; no other file
    charter = "name: Empty CoP\n"
    members = ("members:\n  - {id: ana, name: Ana, joined: 2025-01-01}\n"
               "  - {id: ben, name: Ben, joined: 2025-01-01}\n")
    cop = load(write_cop(tmp_path, charter=charter, members=members, agenda=None,
                         activities=None, plan=None, meetings=None, practices=None,
                         stories=None, surveys=None))
    m = compute(cop, parse_period("2026-Q2"), TODAY)
    reasons = {(i.id, f.label): f.reason for i in m.indicators for f in i.figures
               if not f.has_data}
    nothing = "no meeting, practice or topic session in the period"
    assert reasons == {
        **{("M2", name): nothing for name in ("core", "active", "peripheral", "inactive")},
        ("M3", "meetings expected"): "the charter sets no meeting_frequency",
        ("M3", "longest gap between meetings"): "fewer than two meetings in the period",
        ("M3", "mean attendees per meeting"): "no meeting in this period",
        ("M3", "mean attendance rate"): "no meeting in this period",
        ("M6", "on-time rate"): "no action due in the period",
        ("M6", "plan steps past their deadline"): "no plan.yaml",
        ("M7", "topic leads active"): "no topic has a lead",
        ("M8", "activities"): "activities.yaml lists none",
        ("E1", "survey answers"): "no survey in this period",
        ("E1", "response rate"): "no survey in this period",
        ("E2", "survey answers"): "no survey in this period",
        ("E3", "survey answers"): "no survey in this period",
        ("E4", "agenda topics"): "the learning agenda lists no topic",
        ("I1", "stories"): "no story in this period",
        ("I2", "goals with evidence"): "the charter lists no goal and no organisation states "
                                       "an objective",
        ("I3", "adoptions"): "no practice records an adoption",
        ("M9", "members moving up"): "nothing to observe participation from in this period "
                                     "or the previous one",
        ("E6", "needs stated"): "no survey asks about needs",
        ("E7", "members in the network"): "fewer than two members attended a meeting of the "
                                          "period: there is no network to describe",
        ("I4", "organisations strengthened"): "organisations.yaml lists no organisation",
        ("I5", "capacity change"): "no survey of the period asks a rated capacity question",
        ("I6", "outcome measures"): "the charter defines no outcome measure",
        ("S1", "signs of the stage"): "the charter names no stage",
    }
    f = fig(m, "E1", "response rate")
    assert (f.value, f.shown, f.arrow) == (None, "no data (no survey in this period)", "")
    # no meeting, practice or session in Q2 nor Q1: no level can be observed, so the two
    # members are not counted as inactive ("no data", not 0 or 2), and no levels chart
    assert values(m, "M2")["inactive"] == (None, None)
    assert fig(m, "M2", "inactive").previous_shown == "no data"
    assert m.series["levels"] == []
    assert m.by_id("M2").notes == [NO_TRENDS]


def test_m2_with_contributions_but_no_meeting(tmp_path: Path) -> None:
    # 2026-Q3 with the 07-10 meeting removed: p (added 08-01) by ben -> active (1 practice);
    # the rest inactive; a note says levels rest on practices and sessions
    meetings = {k: v for k, v in MEETINGS.items() if not k.startswith("2026-07")}
    practices = {"p.yaml": "title: P\nadded: 2026-08-01\ncontributors: [ben]\n"}
    m = compute(load(write_cop(tmp_path, meetings=meetings, practices=practices)),
                parse_period("2026-Q3"), TODAY)
    observed = {lv.member.id: lv.observed for lv in m.levels}
    assert observed["ben"] == "active" and observed["ana"] == "inactive"
    assert m.by_id("M2").notes == ["No meeting in the period: levels rest on practices "
                                   "contributed and topic sessions only.", NO_TRENDS]


def test_surveys_without_the_indicator_or_invitations(tmp_path: Path) -> None:
    # a survey in Q2 that asks only about "needs" (open), with no `invited`
    surveys = {"s.yaml": """\
title: Needs
date: 2026-05-01
questions:
  - {id: q1, text: What next?, indicator: needs}
  - {id: q2, text: Satisfied?, scale: 5, indicator: satisfaction}
responses: []
"""}
    m = compute(load(write_cop(tmp_path, surveys=surveys)), parse_period("2026-Q2"), TODAY)
    # satisfaction asked but unanswered: no mean, n = 0; ownership not asked at all
    e1 = {f.label: (f.value, f.reason) for f in m.by_id("E1").figures}
    assert e1 == {"satisfaction: mean": (None, "no answer"),
                  "satisfaction: answers (n)": (0, None),
                  "response rate": (None, "no survey says how many were invited")}
    e2 = {f.label: f.reason for f in m.by_id("E2").figures if not f.has_data}
    assert e2 == {"survey answers": "no question of this period's surveys asks about "
                                    "relationships"}


def test_distribution_sorted_by_value_and_mixed_scales_flagged(tmp_path: Path) -> None:
    # 0-10 question: answers 10, 9, 2 -> rows 2/11, 9/11, 10/11 in that order (not as text);
    # with a 5-point question beside it, the mean mixes scales: said in a note.
    surveys = {"s.yaml": """\
title: Scales
date: 2026-05-01
questions:
  - {id: q1, text: Recommend?, scale: 11, indicator: satisfaction}
  - {id: q2, text: Satisfied?, scale: 5, indicator: satisfaction}
responses:
  - answers: {q1: 10, q2: 4}
  - answers: {q1: 9}
  - answers: {q1: 2}
"""}
    m = compute(load(write_cop(tmp_path, surveys=surveys)), parse_period("2026-Q2"), TODAY)
    assert table(m.by_id("E1"), "satisfaction: distribution") == [
        ["4/5", "1"], ["2/11", "1"], ["9/11", "1"], ["10/11", "1"]]
    assert any("different scales" in n for n in m.by_id("E1").notes)


# ---------------------------------------------------------------- figures
@pytest.mark.parametrize(("figure", "shown", "previous_shown", "arrow"), [
    (Figure("x", 3, previous=2), "3", "2", "↑"),
    (Figure("x", 2, previous=3), "2", "3", "↓"),
    (Figure("x", 2, previous=2), "2", "2", "="),
    (Figure("x", 2), "2", "", ""),
    (Figure("x", 0.256, previous=0.5, unit="%"), "26%", "50%", "↓"),
    (Figure("x", 37, unit="days"), "37 days", "", ""),
    (Figure("x", 37.5, unit="days"), "37.5 days", "", ""),
    (Figure("x", 4.0), "4", "", ""),
    (Figure("x", None, "no meeting in this period", previous=3),
     "no data (no meeting in this period)", "3", ""),
])
def test_figure_display(figure: Figure, shown: str, previous_shown: str, arrow: str) -> None:
    assert (figure.shown, figure.previous_shown, figure.arrow) == (shown, previous_shown, arrow)


def test_compute_on_every_example() -> None:
    from copkit.indicators import IDS
    from tests.conftest import EXAMPLE_NAMES, EXAMPLES

    for name in EXAMPLE_NAMES:
        cop = load(EXAMPLES / name)
        m = compute(cop, parse_period("2026"), TODAY)
        assert [i.id for i in m.indicators] == list(IDS)
        # every member of the period has one observed level; the M2 counts add up to them
        assert sum(f.value or 0 for f in m.by_id("M2").figures) == len(m.levels)


def test_meetings_duplicate_attendee_counts_once(tmp_path: Path) -> None:
    # one meeting, ana listed three times: 1 attendee, no tie
    meetings = {"2026-05-01-m.yaml": "date: 2026-05-01\ntitle: M\nattendees: [ana, ana, ana]\n"}
    m = compute(load(write_cop(tmp_path, meetings=meetings)), parse_period("2026-Q2"), TODAY)
    assert values(m, "M3")["mean attendees per meeting"] == (1.0, None)  # none in Q1
    assert values(m, "M4")["co-attendance ties"] == (0, 0)


# ---------------------------------------------------------------- the registry
def test_the_registry_lists_every_indicator_once_in_order(tiny: Cop, q2: Metrics) -> None:
    from copkit.indicators import IDS, INDICATORS

    assert list(IDS) == [i.id for i in q2.indicators]
    c = Context(tiny, q2.period, TODAY)
    assert [fn(c).id for _, fn in INDICATORS] == list(IDS)


def test_two_indicators_work_out_only_what_they_need(tiny: Cop) -> None:
    # `copkit check` computes M2 and M7 for its health advice: neither the pairs of members
    # who met, nor the surveys or stories, nor the previous period's ties are worked out
    from copkit.indicators import INDICATORS

    c = Context(tiny, parse_period("2026-Q2"), TODAY)
    for ident, fn in INDICATORS:
        if ident in ("M2", "M7"):
            fn(c)
    assert {"now", "before", "levels", "previous_levels"} <= set(vars(c))
    assert not {"cross_now", "cross_before", "surveys", "stories"} & set(vars(c))
    assert "ties" not in vars(c.now) and "ties" not in vars(c.before)
