"""The health scorecard: each of the ten lines on the hand-made CoP of tests/metrics_cop.py
(2026-Q2, judged on 2026-06-30), then the CoP changed so that each line moves to watch and at
risk, the evidence worked out by hand; and the advisor that `copkit check` runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.checks.health import health_findings as advise
from copkit.indicators import compute
from copkit.indicators.health import AT_RISK, OK, WATCH, HealthLine, scorecard
from copkit.model.load import load_cop
from copkit.periods import parse_period
from tests.metrics_cop import AGENDA, CHARTER, MEETINGS, MEMBERS, SURVEYS, write_cop

TODAY = dt.date(2026, 11, 20)
LINES = MEMBERS.splitlines()
DAN_LINE = LINES.index("  - id: dan") + 1
BEN_LINE = LINES.index("  - id: ben") + 1


def card(root: Path, period: str = "2026-Q2", today: dt.date = TODAY) -> list[HealthLine]:
    cop = load_cop(root).cop
    return scorecard(cop, compute(cop, parse_period(period), today))


def line(root: Path, number: int, period: str = "2026-Q2",
         today: dt.date = TODAY) -> tuple[str, str]:
    found = card(root, period, today)[number - 1]
    assert found.number == number
    return found.status, found.evidence


def test_the_ten_lines_of_the_tiny_cop(tmp_path: Path) -> None:
    lines = card(write_cop(tmp_path))
    assert [x.number for x in lines] == list(range(1, 12))
    assert [x.factor for x in lines] == [
        "An active facilitator", "Shared concerns", "A regular schedule",
        "Distributed leadership", "Core and peripheral participation",
        "Dialogue with outsiders", "More than one member per organisation",
        "A focused agenda", "Time commitment defined", "The plan reviewed within its cycle",
        "No key-person risk"]
    assert [x.code for x in lines][:3] == ["health-facilitator", "health-shared-concerns",
                                          "health-schedule"]
    got = [(x.status, x.evidence) for x in lines]
    assert got == [
        # ana has the facilitator role; Q2 meetings 04-10 (she facilitates), 05-08 (she
        # facilitates), 06-12 (eva does; ana attends): seen 06-12, within 90 days of 06-30
        (OK, "ana facilitated 2 of 3 meeting(s), last seen 2026-06-12 (period 2026-Q2)"),
        # open topics t1 (goal g1) and t3 (no goal); members on 06-30 with interests: ana (t1,
        # its id), ben ("Financiación municipal" shares "financiacion" with t1's title), dan
        # ("pesca artesanal": nothing)
        (OK, "1 of 2 open topics tied to a goal; 2 of 3 members who list interests have one "
             "that meets an open topic"),
        # gaps 28 and 35 days; 06-12 -> 06-30 = 18; monthly: 30.4 days, 1.5 times = 45.7
        (OK, "3 meeting days in 2026-Q2; longest gap between meetings 35 days; 18 days since "
             "the last one (2026-06-12); monthly means one every 30 days, 1.5 times is 46"),
        (OK, "2 distinct facilitators for 3 meetings (ana 2, eva 1); 1 of 2 open topics with a "
             "lead"),
        # the levels of test_metrics: core ana dan eva, active ben carla, peripheral fay,
        # inactive gus; dan alone declares no level
        (OK, "observed: 3 core, 2 active, 1 peripheral, 1 inactive; 6 of 7 members have a "
             "declared level in members.yaml"),
        (OK, "2 guests at meetings and 1 external practice in 2026-Q2 (previous period: 0 "
             "and 0)"),
        # on 06-30: A ana ben; B dan; C eva fay; D gus -> B and D hang on one: 2 of 4, half
        (AT_RISK, "2 of 4 organisations have a single member: B, D"),
        (OK, "1 topic in progress: Financiación de unidades"),  # its title, not its id
        # roles other than participant: ana (8 h), ben, gus -> 2 of 3 missing, more than half
        (AT_RISK, "1 of 3 members with a role state their time commitment; missing: ben, gus"),
        # last_reviewed 2026-03-01, annual -> due 2027-03-01, 101 days after 2026-11-20
        (OK, "last review 2026-03-01; with an annual cycle the next is due 2027-03-01"),
        # tasks in Q2: facilitation ana 2, eva 1; open topic led: t1 (ana); practices added in
        # Q2: eva 2, ben 1 -> 7 tasks; ana 3 and eva 3: the first two hold 6 of 7 (> 2/3)
        (WATCH, "ana holds 3 of 7 tasks (facilitation: 2 of 3, topic leads: 1 of 1); eva "
                "holds 3 of 7 tasks (facilitation: 1 of 3, practices: 2 of 3)"),
    ]
    assert all(x.suggestion for x in lines)
    assert lines[-1].suggestion.startswith(
        "facilitation would stop if ana and eva left (nobody else does it yet)")
    assert "practices would stop if ana and eva left (ben already does part of it)" in \
        lines[-1].suggestion


# ---------------------------------------------------------------- 1. facilitator
def test_facilitator_missing_left_quiet_or_absent(tmp_path: Path) -> None:
    no_role = MEMBERS.replace("roles: [facilitator]", "roles: [expert]")
    assert line(write_cop(tmp_path / "a", members=no_role), 1) == (
        AT_RISK, "no current member has the facilitator role")
    # gil (joins 07-15) is the facilitator: on 06-30 he is not a member yet
    gone = no_role.replace("    joined: 2026-07-15", "    roles: [facilitator]\n"
                           "    joined: 2026-07-15")
    assert line(write_cop(tmp_path / "b", members=gone), 1)[0] == AT_RISK
    # hal, who left in 2025, is the only facilitator
    left = no_role.replace("    left: 2025-12-31", "    roles: [facilitator]\n"
                           "    left: 2025-12-31")
    assert line(write_cop(tmp_path / "c", members=left), 1) == (
        AT_RISK, "no current member has the facilitator role (hal left)")
    # 2026 judged on 2026-11-20: ana last seen 07-10, more than 90 days before (08-23 on)
    root = write_cop(tmp_path / "d")
    assert line(root, 1, "2026") == (
        WATCH, "ana facilitated 3 of 5 meeting(s), last seen 2026-07-10 (period 2026); none "
               "in the last 90 days")
    # gus is the facilitator and never comes
    absent = no_role.replace("roles: [expert]\n    level: active",
                             "roles: [facilitator]\n    level: active")
    assert line(write_cop(tmp_path / "e", members=absent), 1) == (
        AT_RISK, "gus facilitated 0 of 3 meeting(s), not seen at a meeting (period 2026-Q2)")


# ---------------------------------------------------------------- 2. shared concerns
def test_shared_concerns(tmp_path: Path) -> None:
    assert line(write_cop(tmp_path / "a", agenda="topics: []\n"), 2) == (
        AT_RISK, "the learning agenda has no planned or in-progress topic")
    covered = "topics:\n  - {id: t4, title: Covered topic, status: covered}\n"
    assert line(write_cop(tmp_path / "b", agenda=covered), 2)[0] == WATCH
    # no open topic tied to a goal
    untied = AGENDA.replace("    goals: [g1]\n", "")
    assert line(write_cop(tmp_path / "c", agenda=untied), 2) == (
        AT_RISK, "0 of 2 open topics tied to a goal; 2 of 3 members who list interests have "
                 "one that meets an open topic")
    # ben's interest changed: 1 of 3 meets the agenda, less than half
    members = MEMBERS.replace("[Financiación municipal]", "[turismo]")
    status, evidence = line(write_cop(tmp_path / "d", members=members), 2)
    assert (status, evidence.split("; ")[1]) == (
        WATCH, "1 of 3 members who list interests have one that meets an open topic")


# ---------------------------------------------------------------- 3. schedule
def test_schedule(tmp_path: Path) -> None:
    root = write_cop(tmp_path / "a")
    # 2026-Q3 judged on 09-30: one meeting (07-10), 82 days since; 1.5 x 30.4 = 45.7 <
    # 82 <= 3 x 30.4 = 91.3 -> watch
    assert line(root, 3, "2026-Q3") == (
        WATCH, "1 meeting day in 2026-Q3; longest gap between meetings 0 days; 82 days since "
               "the last one (2026-07-10); monthly means one every 30 days, 1.5 times is 46")
    # 2026 on 11-20: 07-10 -> 11-20 = 133 days > 91.3 -> at risk
    assert line(root, 3, "2026")[0] == AT_RISK
    # no meeting at all in 2026-Q4
    assert line(root, 3, "2026-Q4") == (AT_RISK, "no meeting in the period 2026-Q4")
    # quarterly: 1.5 x 91.3 = 137 >= 133 -> ok
    quarterly = CHARTER.replace("meeting_frequency: monthly", "meeting_frequency: quarterly")
    assert line(write_cop(tmp_path / "b", charter=quarterly), 3, "2026")[0] == OK
    # no frequency in the charter
    none = CHARTER.replace("ways_of_working:\n  meeting_frequency: monthly\n", "")
    status, evidence = line(write_cop(tmp_path / "c", charter=none), 3)
    assert status == WATCH
    assert evidence.endswith("; the charter sets no meeting frequency")


# ---------------------------------------------------------------- 4. leadership
def test_leadership(tmp_path: Path) -> None:
    # eva no longer facilitates 06-12: one facilitator; t1 still led -> watch
    meetings = dict(MEETINGS)
    meetings["2026-06-12-third.yaml"] = meetings["2026-06-12-third.yaml"].replace(
        "facilitator: eva", "facilitator: ana")
    root = write_cop(tmp_path / "a", meetings=meetings)
    assert line(root, 4) == (WATCH, "1 distinct facilitator for 3 meetings (ana 3); 1 of 2 "
                                    "open topics with a lead")
    # and no open topic has a lead -> at risk
    agenda = AGENDA.replace("    lead: ana\n    status: in-progress", "    status: in-progress")
    root = write_cop(tmp_path / "b", meetings=meetings, agenda=agenda)
    assert line(root, 4) == (AT_RISK, "1 distinct facilitator for 3 meetings (ana 3); 0 of 2 "
                                      "open topics with a lead")


# ---------------------------------------------------------------- 5. participation
def test_participation(tmp_path: Path) -> None:
    # nobody declares a level -> watch (both core and others are observed)
    undeclared = "\n".join(x for x in MEMBERS.splitlines() if "level:" not in x) + "\n"
    status, evidence = line(write_cop(tmp_path / "a", members=undeclared), 5)
    assert status == WATCH
    assert evidence.endswith("0 of 7 members have a declared level in members.yaml")
    # 2026-Q4: no meeting, no practice, no session of a topic: nothing to observe a level
    # from (ana leads t1, but t1 is not taken up in Q4: she is not core for leading it)
    status, evidence = line(write_cop(tmp_path / "b"), 5, "2026-Q4")
    assert (status, evidence) == (AT_RISK, "nothing to observe levels from in 2026-Q4: no "
                                           "meeting, practice or topic session in the period")
    # a session of t1 on 2026-11-05: ana leads a topic taken up in Q4 -> core; nobody else
    # takes part -> no active or peripheral member -> at risk
    agenda = AGENDA.replace("    lead: ana\n    status: in-progress",
                            "    lead: ana\n    sessions: [2026-11-05]\n    status: in-progress")
    assert "2026-11-05" in agenda
    status, evidence = line(write_cop(tmp_path / "c", agenda=agenda), 5, "2026-Q4")
    assert status == AT_RISK
    assert evidence.startswith("observed: 1 core, 0 active, 0 peripheral, 6 inactive")
    assert evidence.endswith("; no active or peripheral member")


# ---------------------------------------------------------------- 6. outsiders
def test_outsiders(tmp_path: Path) -> None:
    root = write_cop(tmp_path)
    # Q3: no guest, no external practice; Q2 had 2 guests and p2 -> watch
    assert line(root, 6, "2026-Q3") == (
        WATCH, "0 guests at meetings and 0 external practices in 2026-Q3 (previous period: "
               "2 and 1)")
    # Q4: none, and none in Q3 -> at risk
    assert line(root, 6, "2026-Q4")[0] == AT_RISK
    # started 2026-06-15: 75 of Q2's 91 days come before the start, so Q3 is not compared
    # with Q2 (its 2 guests do not count): none in Q3 -> at risk, and the evidence says why
    charter = CHARTER.replace("started: 2025-01-01", "started: 2026-06-15")
    assert line(write_cop(tmp_path / "late", charter=charter), 6, "2026-Q3") == (
        AT_RISK, "0 guests at meetings and 0 external practices in 2026-Q3 (not compared "
                 "with the previous period)")


# ---------------------------------------------------------------- 7. organisations
def test_organisations(tmp_path: Path) -> None:
    # gus moves to C: B (dan) is the only lone one of 3 -> watch
    members = MEMBERS.replace("    organisation: D\n    country: PE",
                              "    organisation: C\n    country: PE")
    assert line(write_cop(tmp_path / "a", members=members), 7) == (
        WATCH, "1 of 3 organisations has a single member: B")
    # and dan to A: none lone -> ok
    members = members.replace("    organisation: B\n    country: BO\n    joined: 2026-06-01",
                              "    organisation: A\n    country: BO\n    joined: 2026-06-01")
    assert line(write_cop(tmp_path / "b", members=members), 7) == (
        OK, "0 of 2 organisations have a single member")


# ---------------------------------------------------------------- 8. focused agenda
@pytest.mark.parametrize(("in_progress", "status"), [
    (0, WATCH), (1, OK), (3, OK), (4, WATCH), (5, WATCH), (6, AT_RISK)])
def test_focused_agenda(tmp_path: Path, in_progress: int, status: str) -> None:
    topics = "".join(f"  - {{id: x{n}, title: Topic {n}, status: in-progress}}\n"
                     for n in range(in_progress))
    agenda = "topics:\n" + topics + "  - {id: t3, title: Planned, status: planned}\n"
    got, evidence = line(write_cop(tmp_path, agenda=agenda), 8)
    assert got == status
    assert evidence.startswith(f"{in_progress} topic")
    if in_progress:
        # the topics by title, not id; "; " between them, as a title may hold a comma
        shown = "; ".join(f"Topic {n}" for n in range(min(in_progress, 5)))
        assert f" in progress: {shown}" in evidence and "x0" not in evidence


def test_focused_agenda_titles_with_commas(tmp_path: Path) -> None:
    agenda = ("topics:\n  - {id: a, title: 'Budgets, laws and staff', status: in-progress}\n"
              "  - {id: b, title: Elections, status: in-progress}\n")
    assert line(write_cop(tmp_path, agenda=agenda), 8) == (
        OK, "2 topics in progress: Budgets, laws and staff; Elections")


# ---------------------------------------------------------------- 9. time commitment
def test_time_commitment(tmp_path: Path) -> None:
    # gus states his hours: 2 of 3 -> ben alone missing, at most half -> watch
    members = MEMBERS.replace("roles: [expert]", "roles: [expert]\n"
                              "    time_commitment_hours_per_month: 2")
    assert line(write_cop(tmp_path / "a", members=members), 9) == (
        WATCH, "2 of 3 members with a role state their time commitment; missing: ben")
    # nobody has a role but participant -> watch, with no numbers to give
    bare = "members:\n  - {id: ana, name: Ana, roles: [participant]}\n"
    assert line(write_cop(tmp_path / "b", members=bare, meetings=None, practices=None,
                          stories=None, surveys=None, plan=None, agenda=None), 9) == (
        WATCH, "no current member has a role other than participant")


# ---------------------------------------------------------------- 10. review
@pytest.mark.parametrize(("review", "today", "status", "evidence"), [
    # annual from 2026-03-01: due 2027-03-01; on 2027-02-10 it is 19 days away -> watch
    ("  last_reviewed: 2026-03-01\n", dt.date(2027, 2, 10), WATCH,
     "last review 2026-03-01; with an annual cycle the next is due 2027-03-01, in 19 days"),
    # on 2027-03-11 it is 10 days late -> at risk
    ("  last_reviewed: 2026-03-01\n", dt.date(2027, 3, 11), AT_RISK,
     "last review 2026-03-01; with an annual cycle the next is due 2027-03-01, 10 days ago"),
    # the log's latest date counts as well: 2026-09-01 -> due 2027-09-01
    ("  last_reviewed: 2026-03-01\n  log:\n    - {date: 2026-09-01}\n", dt.date(2027, 3, 11),
     OK, "last review 2026-09-01; with an annual cycle the next is due 2027-09-01"),
    # never reviewed; the CoP started 2025-01-01, first review due 2026-01-01 -> at risk
    ("", TODAY, AT_RISK, "no review of the plan recorded (annual cycle)"),
    # never reviewed, started 2025-01-01 and today 2025-06-01: first review due later -> watch
    ("", dt.date(2025, 6, 1), WATCH, "no review recorded yet; the CoP started on 2025-01-01, "
                                     "the first annual review is due by 2026-01-01"),
])
def test_review(tmp_path: Path, review: str, today: dt.date, status: str,
                evidence: str) -> None:
    charter = CHARTER.replace("  last_reviewed: 2026-03-01\n", review)
    got = line(write_cop(tmp_path, charter=charter), 10, "2026-Q2", today)
    assert got == (status, evidence)


# ---------------------------------------------------------------- the advisor
def clean_cop(root: Path, **override: str | dict[str, str] | None) -> Path:
    """The tiny CoP without the two things `copkit check` calls errors (a duplicate attendee,
    a text answer to a scaled question), so that the advisors run."""
    meetings = dict(MEETINGS)
    meetings["2026-06-12-third.yaml"] = meetings["2026-06-12-third.yaml"].replace(
        "[ana, dan, ana, eva]", "[ana, dan, eva]")
    surveys = dict(SURVEYS)
    surveys["s1.yaml"] = surveys["s1.yaml"].replace("q2: no sé, ", "")
    override.setdefault("meetings", meetings)
    override.setdefault("surveys", surveys)
    return write_cop(root, **override)


def test_advisor_warns_about_lines_at_risk_with_their_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from copkit.checks.run import check_cop

    # last 12 months to 2026-11-20: meetings 02-13 .. 07-10, then 133 days without one;
    # organisations B (dan) and D (gus) of 4 hang on one member; 2 of 3 roles lack hours.
    # The review (2026-03-01, annual) is fine. Weekly meetings: worst gap 133 > 21 days.
    charter = CHARTER.replace("meeting_frequency: monthly", "meeting_frequency: weekly")
    root = clean_cop(tmp_path, charter=charter)
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-20")
    _, findings = check_cop(root)
    health = {f.code: f for f in findings if f.code.startswith("health-")}
    assert sorted(health) == ["health-organisations", "health-schedule",
                              "health-time-commitment"]
    schedule = health["health-schedule"]
    # charter.yaml line 11 is "  meeting_frequency: weekly" (name, started, goals: and its 6
    # lines, ways_of_working:); the position of its key
    assert (schedule.path, schedule.line, schedule.column) == ("charter.yaml", 11, 3)
    assert schedule.severity == "warning"
    assert schedule.message.startswith("health: a regular schedule is at risk: ")
    assert "133 days since the last one (2026-07-10)" in schedule.message
    assert schedule.hint and "meeting_frequency" in schedule.hint
    orgs = health["health-organisations"]
    # the first member of a lone organisation on 2026-11-20: dan (B); the finding points at
    # his entry in members.yaml (the line of "  - id: dan", column 5 where the entry starts)
    assert (orgs.path, orgs.line, orgs.column) == ("members.yaml", DAN_LINE, 5)
    assert "2 of 4 organisations have a single member: B, D" in orgs.message
    # the first member with a role and no hours: ben
    hours = health["health-time-commitment"]
    assert (hours.path, hours.line, hours.column) == ("members.yaml", BEN_LINE, 5)


def test_advisor_leaves_the_review_to_planning(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # review due 2027-03-01; on 2027-06-01 it is overdue: planning says review-overdue once,
    # health adds nothing for line 10 though the line is at risk
    root = clean_cop(tmp_path)
    monkeypatch.setenv("COPKIT_TODAY", "2027-06-01")
    cop = load_cop(root).cop
    codes = [f.code for f in advise(cop)]
    assert "health-review" not in codes
    assert card(root, "2027-Q2", dt.date(2027, 6, 1))[9].status == AT_RISK


def test_advisor_listed_once() -> None:
    """The advisors are an explicit list: importing (or reloading) the health advice adds
    nothing to it."""
    import importlib

    import copkit.checks.health
    from copkit.checks.advisors import ADVISORS, health_advice

    importlib.reload(copkit.checks.health)
    assert ADVISORS.count(health_advice) == 1


def test_check_cli_shows_health_warnings(tmp_path: Path, cli: Callable[..., Result],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    charter = CHARTER.replace("meeting_frequency: monthly", "meeting_frequency: weekly")
    root = clean_cop(tmp_path, charter=charter)
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-20")
    # the new layout (#20): Ana's email in contacts.yaml, so that check has no error to report
    split = cli("contacts", "split", "--no-commit", "--cop", str(root))
    assert split.exit_code == 0, split.output
    result = cli("check", "--cop", str(root))
    assert result.exit_code == 0, result.output
    assert "charter.yaml:11:3: warning[health-schedule] health: a regular schedule is at " \
           "risk" in result.stdout + result.stderr
    strict = cli("check", "--strict", "--cop", str(root))
    assert strict.exit_code == 1


@pytest.mark.parametrize("name", ["led-units", "citizen-participation", "community-tourism",
                                  "camafu-fire-management"])
def test_examples_have_no_line_at_risk(name: str, example_cop: Callable[..., Path],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from copkit.checks.run import check_cop

    monkeypatch.setenv("COPKIT_TODAY", "2026-11-20")
    root = example_cop(name)
    _, findings = check_cop(root)
    assert [f for f in findings if f.code.startswith("health-")] == []
    lines = card(root, "2026")
    assert len(lines) == 11
    assert AT_RISK not in {x.status for x in lines}


def test_suggested_commands_exist(cli: Callable[..., Result]) -> None:
    # every `copkit ...` command a suggestion names answers --help
    import re

    import copkit.indicators.health

    source = Path(copkit.indicators.health.__file__).read_text(encoding="utf-8")
    commands = set(re.findall(r"\(copkit ([a-z]+(?: [a-z]+)?)", source))
    commands |= set(re.findall(r": copkit ([a-z]+)\"", source))
    assert {"member update", "topic add", "meeting new", "review"} <= commands
    for command in sorted(commands):
        result = cli(*command.split(), "--help")
        assert result.exit_code == 0, command


@pytest.mark.parametrize("period", ["2026", "2026-Q2", "2025-Q4"])
def test_the_advisor_s_two_indicators_give_the_full_scorecard(tmp_path: Path,
                                                               period: str) -> None:
    """`copkit check` computes only M2 and M7 for its health advice (and no pairs of members
    who met): the ten lines must read exactly as they do from every indicator."""
    from tests.conftest import EXAMPLE_NAMES, EXAMPLES

    for root in [write_cop(tmp_path / "tiny"), *(EXAMPLES / n for n in EXAMPLE_NAMES)]:
        cop = load_cop(root).cop
        full = compute(cop, parse_period(period), TODAY)
        light = compute(cop, parse_period(period), TODAY, indicators=("M2", "M7"))
        assert [i.id for i in light.indicators] == ["M2", "M7"]
        assert light.series == {}
        assert scorecard(cop, light) == scorecard(cop, full), root.name
