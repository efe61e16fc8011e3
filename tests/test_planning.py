"""Planning templates and step status: the shipped templates load, each completion rule is
evaluated on hand-made partial CoPs (one per rule) and on the examples, bad templates and bad
plan.yaml entries give findings with path:line:col, and `copkit check` gains the warnings."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.checks.advisors import ADVISORS
from copkit.checks.run import check_cop
from copkit.cli.init import init_cop
from copkit.steps.advice import planning_findings
from copkit.steps.model import STATUS_WORDS
from copkit.steps.rules import cycle_due
from copkit.steps.status import status_for_root
from copkit.steps.templates import load_template_file, read_template, shipped_dir

from .conftest import EXAMPLE_NAMES, make_repo

Cli = Callable[..., Result]
TODAY = _dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", TODAY.isoformat())


def new_cop(tmp_path: Path, name: str = "cop", **files: str) -> Path:
    """A fresh `copkit init` CoP with some files replaced (members="...", charter edits...)."""
    root = tmp_path / name
    init_cop(root, name="Test CoP", commit=False)
    for filename, text in files.items():
        (root / f"{filename}.yaml").write_text(text, encoding="utf-8")
    return root


def charter_with(root: Path, old: str, new: str) -> None:
    path = root / "charter.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def status_of(root: Path, step: int) -> tuple[str, list[str]]:
    status, problems = status_for_root(root, TODAY)
    assert problems == [], problems
    row = status.get(step)
    assert row is not None
    return row.status, [m.text for m in row.missing]


TWO = """\
members:
  - id: maria-lopez
    name: María López
    email: maria@example.org
    roles: [facilitator]
    responsibilities: [Convene the monthly call]
  - id: juan-perez
    name: Juan Pérez
    phone: "+51 984 000 000"
"""


# ---------------------------------------------------------------- the shipped templates
@pytest.mark.parametrize("name", ["fcm-nine-steps", "lga-stages"])
def test_shipped_templates_load_without_findings(name: str) -> None:
    template, findings = load_template_file(shipped_dir() / f"{name}.yaml", name)
    assert findings == []
    assert template is not None and template.id == name
    assert all(s.title and s.guidance and s.questions and s.fills for s in template.steps)
    assert [f.field for f in template.framing] == [
        "charter.domain.statement", "charter.community.description",
        "charter.practice.description"]


def test_fcm_template_has_the_nine_steps_in_order() -> None:
    template, _ = load_template_file(shipped_dir() / "fcm-nine-steps.yaml", "fcm")
    assert template is not None
    assert template.numbers == list(range(1, 10))
    assert template.step(4).short == "communication and meetings"  # type: ignore[union-attr]


def test_lga_template_has_the_guide_stages() -> None:
    template, _ = load_template_file(shipped_dir() / "lga-stages.yaml", "lga")
    assert template is not None
    assert [s.short for s in template.steps] == [
        "scope", "governance", "members", "roles", "ways of working", "launch",
        "develop and sustain", "closure"]


# ---------------------------------------------------------------- one rule at a time
def test_fresh_init_every_step_is_to_do(tmp_path: Path) -> None:
    root = new_cop(tmp_path)
    status, problems = status_for_root(root, TODAY)
    assert problems == []
    assert [s.status for s in status.steps] == ["todo"] * 9
    assert [f.done for f in status.framing] == [False, False, False]
    assert status.first_open().number == 1  # type: ignore[union-attr]


def test_step1_needs_two_current_members_each_reachable(tmp_path: Path) -> None:
    one = new_cop(tmp_path, "one", members="members:\n  - {id: ana, name: Ana, email: a@x.org}\n")
    assert status_of(one, 1) == ("partial", [
        "members.yaml: at least 2 current members needed (now 1)"])
    unreachable = new_cop(tmp_path, "unreach", members=TWO + "  - {id: zoe, name: Zoé}\n")
    state, missing = status_of(unreachable, 1)
    assert state == "partial"
    assert missing == [
        "members.yaml: 1 of 3 current members has no email or phone: zoe"]
    left = new_cop(tmp_path, "left", members=TWO.replace(
        "    phone:", "    left: 2026-01-01\n    phone:"))
    assert status_of(left, 1)[0] == "partial"
    assert status_of(new_cop(tmp_path, "two", members=TWO), 1) == ("done", [])


def test_step2_needs_a_current_facilitator(tmp_path: Path) -> None:
    gone = new_cop(tmp_path, "gone", members=TWO.replace(
        "    roles: [facilitator]", "    roles: [facilitator]\n    left: 2026-06-01"))
    state, missing = status_of(gone, 2)
    assert state == "todo"
    assert "with the role facilitator" in missing[0]
    assert status_of(new_cop(tmp_path, "ok", members=TWO), 2) == ("done", [])


def test_step3_every_role_holder_has_responsibilities(tmp_path: Path) -> None:
    root = new_cop(tmp_path, members=TWO.replace(
        "    phone:", "    roles: [expert]\n    phone:"))
    state, missing = status_of(root, 3)
    assert state == "partial"
    assert missing == ["members.yaml: 1 of 2 current members with a role other than "
                       "participant has no responsibilities: juan-perez"]
    participants = new_cop(tmp_path, "p", members=TWO.replace(
        "    phone:", "    roles: [participant]\n    phone:"))
    assert status_of(participants, 3) == ("done", [])
    nobody = new_cop(tmp_path, "n", members="members:\n  - {id: a, name: A, email: a@x.org}\n")
    assert status_of(nobody, 3)[0] == "todo"


def test_step4_channels_and_frequency(tmp_path: Path) -> None:
    root = new_cop(tmp_path)
    charter_with(root, "channels: []", "channels: [email]")
    assert status_of(root, 4) == ("partial", [
        "charter.yaml: ways_of_working.meeting_frequency is empty"])
    charter_with(root, "  meeting_frequency:\n", "  meeting_frequency: monthly\n")
    assert status_of(root, 4) == ("done", [])


def test_step5_at_least_one_ground_rule(tmp_path: Path) -> None:
    root = new_cop(tmp_path)
    assert status_of(root, 5) == ("todo", [
        "charter.yaml: at least one ground rule needed (now 0)"])
    charter_with(root, "ground_rules: []", "ground_rules: [Notes within a week]")
    assert status_of(root, 5) == ("done", [])


def test_step6_topics_each_with_a_session_or_a_status(tmp_path: Path) -> None:
    agenda = "topics:\n  - {id: models, title: Models}\n  - {id: costs, title: Costs, " \
             "status: planned}\n"
    root = new_cop(tmp_path, **{"learning-agenda": agenda})
    state, missing = status_of(root, 6)
    assert state == "partial"
    assert missing == ["learning-agenda.yaml: 1 of 2 topics has no sessions or status: models"]
    (root / "learning-agenda.yaml").write_text(
        agenda.replace("title: Models}", "title: Models, sessions: [2026-12-01]}"),
        encoding="utf-8")
    assert status_of(root, 6) == ("done", [])


def test_step7_activities_each_with_a_budget_or_none_needed(tmp_path: Path) -> None:
    root = new_cop(tmp_path)
    acts = "activities:\n  - {id: visit, title: Visit}\n  - {id: call, title: Call, " \
           "budget_needed: false}\n"
    (root / "activities.yaml").write_text(acts, encoding="utf-8")
    state, missing = status_of(root, 7)
    assert state == "partial"
    # #15: an activity counts only with its dates, and with a budget unless it needs none
    assert missing == ["activities.yaml: 2 of 2 activities have no start: visit, call",
                       "activities.yaml: 1 of 1 activity with budget_needed other than false "
                       "has no budget: visit"]
    (root / "activities.yaml").write_text(acts.replace(
        "title: Visit}", "title: Visit, budget: {amount: 10, currency: CAD}}"),
        encoding="utf-8")
    assert status_of(root, 7) == ("partial", [
        "activities.yaml: 2 of 2 activities have no start: visit, call"])
    (root / "activities.yaml").write_text(acts.replace(
        "title: Visit}", "title: Visit, start: 2027-03-10, budget: {amount: 10, currency: "
        "CAD}}").replace("title: Call,", "title: Call, start: 2027-01-14,"), encoding="utf-8")
    assert status_of(root, 7) == ("done", [])


def test_step8_knowledge_capture_set(tmp_path: Path) -> None:
    root = new_cop(tmp_path)
    charter_with(root, "knowledge_capture:\n", 'knowledge_capture: "   "\n')
    assert status_of(root, 8) == ("todo", ["charter.yaml: knowledge_capture is empty"])
    charter_with(root, 'knowledge_capture: "   "', "knowledge_capture: Notes in meetings/")
    assert status_of(root, 8) == ("done", [])


def test_step9_a_review_within_the_cycle(tmp_path: Path) -> None:
    root = new_cop(tmp_path)
    assert status_of(root, 9)[0] == "todo"
    charter_with(root, "  last_reviewed:\n", "  last_reviewed: 2025-10-01\n")
    state, missing = status_of(root, 9)
    assert state == "partial"
    assert "due on 2026-10-01 (52 days ago)" in missing[0]
    charter_with(root, "  cycle: annual", "  cycle: monthly")
    charter_with(root, "  last_reviewed: 2025-10-01", "  last_reviewed: 2026-11-01")
    assert status_of(root, 9) == ("done", [])
    charter_with(root, "  last_reviewed: 2026-11-01\n  log: []",
                 "  last_reviewed:\n  log:\n    - {date: 2026-11-20, by: someone}")
    assert status_of(root, 9) == ("done", [])


def test_cycle_due_dates() -> None:
    day = _dt.date(2026, 1, 31)
    assert cycle_due(day, "annual") == _dt.date(2027, 1, 31)
    assert cycle_due(day, "monthly") == _dt.date(2026, 2, 28)
    assert cycle_due(day, "quarterly") == _dt.date(2026, 4, 30)
    assert cycle_due(day, "weekly") == _dt.date(2026, 2, 7)
    assert cycle_due(day, "fortnightly") == _dt.date(2026, 2, 14)


def test_lga_closure_is_not_applicable_until_the_stage_is_closed(tmp_path: Path) -> None:
    root = new_cop(tmp_path, plan="template: lga-stages\nsteps: []\n")
    status, _ = status_for_root(root, TODAY)
    assert status.template.id == "lga-stages"
    assert status.get(8).status == "n/a"  # type: ignore[union-attr]
    assert status.get(6).missing[0].text == \
        "meetings/: at least one meeting needed (now 0)"  # type: ignore[union-attr]
    charter_with(root, "stage: potential", "stage: closed")
    assert status_of(root, 8)[0] == "todo"


# ---------------------------------------------------------------- the LGA stages, one rule each
LGA = "template: lga-stages\nsteps: []\n"


def lga(tmp_path: Path, name: str, **files: str) -> Path:
    """A fresh CoP that follows the LGA stages (files replaced as in new_cop)."""
    return new_cop(tmp_path, name, plan=LGA, **files)


def write(root: Path, relpath: str, text: str) -> None:
    (root / relpath).parent.mkdir(parents=True, exist_ok=True)
    (root / relpath).write_text(text, encoding="utf-8")


def test_lga_stage1_scope_purpose_issues_and_outcomes(tmp_path: Path) -> None:
    root = lga(tmp_path, "todo")
    assert status_of(root, 1) == ("todo", [
        "charter.yaml: purpose is empty", "charter.yaml: at least one issue needed (now 0)",
        "charter.yaml: at least one expected outcome needed (now 0)"])
    charter_with(root, "purpose:\n", "purpose: Set up LED units that work\n")
    charter_with(root, "  issues: []", "  issues: [Unit models]")
    assert status_of(root, 1) == ("partial", [
        "charter.yaml: at least one expected outcome needed (now 0)"])
    charter_with(root, "expected_outcomes: []", "expected_outcomes: [A how-to guide]")
    assert status_of(root, 1) == ("done", [])


def test_lga_stage2_governance_decisions_and_accountability(tmp_path: Path) -> None:
    root = lga(tmp_path, "todo")
    assert status_of(root, 2) == ("todo", [
        "charter.yaml: governance.decision_making is empty",
        "charter.yaml: governance.accountability is empty"])
    charter_with(root, "  decision_making:\n", "  decision_making: By consensus\n")
    assert status_of(root, 2) == ("partial", ["charter.yaml: governance.accountability is empty"])
    charter_with(root, "  accountability:\n", "  accountability: Reports to FCM\n")
    assert status_of(root, 2) == ("done", [])


def test_lga_stage3_members_membership_and_reachable_members(tmp_path: Path) -> None:
    root = lga(tmp_path, "todo")  # init leaves membership unanswered (#15)
    assert status_of(root, 3) == ("todo", [
        "charter.yaml: community.membership is empty",
        "members.yaml: at least 2 current members needed (now 0)"])
    # membership answered, one member of the three is unreachable
    partial = lga(tmp_path, "partial", members=TWO + "  - {id: zoe, name: Zoé}\n")
    charter_with(partial, "  membership:\n", "  membership: invitation\n")
    assert status_of(partial, 3) == ("partial", [
        "members.yaml: 1 of 3 current members has no email or phone: zoe"])
    done = lga(tmp_path, "done", members=TWO)
    charter_with(done, "  membership:\n", "  membership: invitation\n")
    assert status_of(done, 3) == ("done", [])


def test_lga_stage4_roles_facilitator_and_responsibilities(tmp_path: Path) -> None:
    assert status_of(lga(tmp_path, "todo"), 4) == ("todo", [
        "members.yaml: at least one current member with the role facilitator or "
        "co-facilitator needed (now 0)"])
    partial = lga(tmp_path, "partial", members=TWO.replace(
        "    phone:", "    roles: [expert]\n    phone:"))
    assert status_of(partial, 4) == ("partial", [
        "members.yaml: 1 of 2 current members with a role other than participant has no "
        "responsibilities: juan-perez"])
    assert status_of(lga(tmp_path, "done", members=TWO), 4) == ("done", [])


def test_lga_stage5_ways_of_working(tmp_path: Path) -> None:
    root = lga(tmp_path, "todo")  # init leaves visibility unanswered (#15)
    assert status_of(root, 5) == ("todo", [
        "charter.yaml: at least one principle needed (now 0)",
        "charter.yaml: ways_of_working.channels is empty",
        "charter.yaml: ways_of_working.meeting_frequency is empty",
        "charter.yaml: ways_of_working.visibility is empty"])
    charter_with(root, "  principles: []", "  principles: [Everyone speaks]")
    charter_with(root, "  channels: []", "  channels: [email]")
    assert status_of(root, 5) == ("partial", [
        "charter.yaml: ways_of_working.meeting_frequency is empty",
        "charter.yaml: ways_of_working.visibility is empty"])
    charter_with(root, "  meeting_frequency:\n", "  meeting_frequency: monthly\n")
    charter_with(root, "  visibility:\n", "  visibility: public\n")
    assert status_of(root, 5) == ("done", [])


def test_lga_stage6_launch_a_first_meeting(tmp_path: Path) -> None:
    root = lga(tmp_path, "todo")
    assert status_of(root, 6) == ("todo", ["meetings/: at least one meeting needed (now 0)"])
    write(root, "meetings/2026-05-10-launch.yaml", "date: 2026-05-10\ntitle: Launch\n")
    assert status_of(root, 6) == ("done", [])


def test_lga_stage7_develop_and_sustain(tmp_path: Path) -> None:
    root = lga(tmp_path, "todo")
    assert status_of(root, 7) == ("todo", [
        "learning-agenda.yaml: at least one topic needed (now 0)",
        "charter.yaml: knowledge_capture is empty", "charter.yaml: external_knowledge is empty"])
    write(root, "learning-agenda.yaml", "topics:\n  - {id: models, title: Models}\n")
    charter_with(root, "knowledge_capture:\n", "knowledge_capture: Notes in meetings/\n")
    assert status_of(root, 7) == ("partial", ["charter.yaml: external_knowledge is empty"])
    charter_with(root, "external_knowledge:\n", "external_knowledge: A guest each quarter\n")
    assert status_of(root, 7) == ("done", [])


def test_lga_stage8_closure_once_the_stage_is_closed(tmp_path: Path) -> None:
    root = lga(tmp_path, "closing")
    assert status_of(root, 8) == ("n/a", [])
    charter_with(root, "stage: potential", "stage: closed")
    assert status_of(root, 8) == ("todo", [
        "charter.yaml: knowledge_capture is empty",
        "practices/: at least one practice needed (now 0)"])
    charter_with(root, "knowledge_capture:\n", "knowledge_capture: Notes in meetings/\n")
    assert status_of(root, 8) == ("partial", ["practices/: at least one practice needed (now 0)"])
    write(root, "practices/unit-how-to.yaml", "title: How to set up a unit\nkind: method\n")
    assert status_of(root, 8) == ("done", [])


# ---------------------------------------------------------------- the shipped examples
@pytest.mark.skipif(not EXAMPLE_NAMES, reason="no examples shipped yet")
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_status_on_each_example(example_cop: Callable[..., Path], cli: Cli, name: str) -> None:
    root = example_cop(name)
    status, problems = status_for_root(root, TODAY)
    assert problems == []
    assert len(status.steps) == len(status.template.steps)
    for row in status.steps:
        assert row.status in STATUS_WORDS
        if row.status in ("partial", "todo"):
            assert row.missing and all(m.file and m.text for m in row.missing)
        else:
            assert row.missing == []
    result = cli("plan", "status", "--cop", str(root), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["status"] for s in data["steps"]] == [s.status for s in status.steps]
    # the members step holds on every example: they all list members with contacts
    assert status.steps[0].status in ("done", "partial")


# ---------------------------------------------------------------- bad templates and plans
BAD_RULES = [
    ("{sett: charter.knowledge_capture}", "unknown rule 'sett'", "did you mean 'set'?"),
    ("{set: charter.knowledge_captur}", "'charter' has no field 'knowledge_captur'",
     "did you mean 'knowledge_capture'?"),
    ("{count: memberz, at_least: 2}", "'memberz' is not something a rule can count",
     "did you mean 'members'?"),
    ("{all: members, has: responsibilites}", "members have no field 'responsibilites'",
     "did you mean 'responsibilities'?"),
    ("{count: members, where: {has_role: facilitador}}", "'facilitador' is not a role",
     "did you mean 'facilitator'?"),
    ("{count: members, at_least: -1}", "at_least: expected a whole number", None),
    ("{count: charter.knowledge_capture}", "is not a list, so it cannot be counted", None),
    ("{all: topics, where: {current: true}, has: title}", "'current' applies to members",
     None),
    ("{recent: charter.name}", "'charter.name' is not a date field", None),
    ("{set: charter.purpose, count: members}", "a rule needs exactly one of", None),
    ("[set, charter.purpose]", "a rule must be a mapping", None),
]


def custom_template(rule: str) -> str:
    return ("id: mine\ntitle: Our own plan\nsteps:\n  - step: 1\n    title: Purpose\n"
            "    asks:\n      - field: charter.purpose\n"
            f"    rule: {rule}\n")


@pytest.mark.parametrize(("rule", "message", "hint"), BAD_RULES)
def test_malformed_rule_in_a_custom_template(tmp_path: Path, cli: Cli, rule: str, message: str,
                                             hint: str | None) -> None:
    root = new_cop(tmp_path, plan="template: mine\nsteps: []\n")
    (root / "templates" / "plans").mkdir(parents=True)
    (root / "templates" / "plans" / "mine.yaml").write_text(custom_template(rule),
                                                           encoding="utf-8")
    result = cli("check", "--cop", str(root))
    assert result.exit_code == 1, result.stdout
    line = next(ln for ln in result.stdout.splitlines() if "error[" in ln)
    assert f"{root}/templates/plans/mine.yaml:8:" in line, line
    assert message in line, line
    if hint:
        assert hint in result.stdout
    status = cli("plan", "status", "--cop", str(root))
    assert status.exit_code == 1
    assert "templates/plans/mine.yaml:8:" in status.stderr and message in status.stderr


def test_malformed_template_positions_point_at_the_bad_key(tmp_path: Path) -> None:
    text = custom_template("{all: members, where: {curent: true}, has: email}")
    template, findings = read_template(text, "templates/plans/mine.yaml")
    assert template is None
    assert [(f.line, f.column, f.code) for f in findings] == [(8, 34, "bad-rule")]
    assert "unknown condition 'curent'" in findings[0].message
    assert findings[0].hint == "did you mean 'current'?"


def test_template_with_unknown_question_set_and_bad_field_ask(tmp_path: Path) -> None:
    text = ("id: mine\ntitle: T\nsteps:\n  - step: 1\n    title: A\n    asks: [memberz]\n"
            "    rule: {set: charter.purpose}\n  - step: 2\n    title: B\n"
            "    asks:\n      - {field: charter.goals}\n    rule: {set: charter.purpose}\n")
    template, findings = read_template(text, "t.yaml")
    assert template is None
    messages = [(f.line, f.message) for f in findings]
    assert (6, "unknown question set 'memberz'") in messages
    assert any(line == 11 and "not a text, choice or list-of-text" in msg
               for line, msg in messages)


def test_template_file_schema_errors_have_positions(tmp_path: Path) -> None:
    template, findings = read_template("id: x\ntitle: T\nsteps:\n  - step: one\n    title: A\n"
                                       "    rule: {set: charter.purpose}\n    colour: red\n",
                                       "t.yaml")
    assert template is None
    where = {(f.code, f.line) for f in findings}
    assert ("wrong-type", 4) in where and ("unknown-field", 7) in where


def test_unknown_template_name_in_plan_yaml(tmp_path: Path, cli: Cli) -> None:
    root = new_cop(tmp_path, plan="# ours\ntemplate: fcm-nine-step\nsteps: []\n")
    result = cli("check", "--cop", str(root))
    assert result.exit_code == 1
    assert f"{root}/plan.yaml:2:11: error[unknown-template] there is no planning template " \
           "called 'fcm-nine-step'" in result.stdout
    assert "did you mean 'fcm-nine-steps'?" in result.stdout


def test_plan_naming_a_step_the_template_lacks(tmp_path: Path, cli: Cli) -> None:
    root = new_cop(tmp_path, members=TWO, plan="template: fcm-nine-steps\nsteps:\n"
                   "  - {step: 4, responsible: maria-lopez}\n  - {step: 12, notes: extra}\n")
    result = cli("check", "--cop", str(root))
    assert result.exit_code == 1
    assert f"{root}/plan.yaml:4:12: error[unknown-step] step 12 is not a step of the template " \
           "'fcm-nine-steps' (it has steps 1-9)" in result.stdout
    status = cli("plan", "status", "--cop", str(root))
    assert status.exit_code == 1
    assert f"error: {root}/plan.yaml:4:12: step 12 is not a step" in status.stderr


def test_plan_responsible_who_is_not_a_member(tmp_path: Path, cli: Cli) -> None:
    root = new_cop(tmp_path, members=TWO, plan="template: fcm-nine-steps\nsteps:\n"
                   "  - {step: 2, responsible: maria-lopes, deadline: 2026-12-01}\n")
    result = cli("check", "--cop", str(root))
    assert result.exit_code == 1
    assert f"{root}/plan.yaml:3:28: error[bad-reference] unknown member id 'maria-lopes'" \
        in result.stdout
    assert "did you mean 'maria-lopez'?" in result.stdout
    status = cli("plan", "status", "--cop", str(root))
    assert status.exit_code == 1
    assert f"{root}/plan.yaml:3:28: unknown member id 'maria-lopes'" in status.stderr


def test_plan_deadline_that_is_not_a_date(tmp_path: Path, cli: Cli) -> None:
    root = new_cop(tmp_path, members=TWO, plan="template: fcm-nine-steps\nsteps:\n"
                   "  - step: 2\n    deadline: next week\n")
    result = cli("check", "--cop", str(root))
    assert result.exit_code == 1
    assert f"{root}/plan.yaml:4:15: error[bad-date] steps[0].deadline: 'next week' is not a " \
           "date" in result.stdout
    status = cli("plan", "status", "--cop", str(root))
    assert status.exit_code == 1
    assert f"{root}/plan.yaml:4:15:" in status.stderr


def test_plan_step_listed_twice(tmp_path: Path, cli: Cli) -> None:
    root = new_cop(tmp_path, members=TWO, plan="template: fcm-nine-steps\nsteps:\n"
                   "  - {step: 2, notes: a}\n  - {step: 2, notes: b}\n")
    result = cli("check", "--cop", str(root))
    assert f"{root}/plan.yaml:4:12: error[duplicate-step] step 2 has two entries" in \
        result.stdout
    assert "the first one is at line 3" in result.stdout


STAGED = ("template: fcm-nine-steps\nsteps:\n  - {step: 12, notes: extra}\n"
          "  - {step: 2, responsible: nobody-here, deadline: soon}\n"
          "  - {step: 3, deadline: 2026-02-30}\n")
# every problem of STAGED, in the order of the file: (line, column, code, start of message)
STAGED_PROBLEMS = [
    (3, 12, "unknown-step", "step 12 is not a step of the template 'fcm-nine-steps'"),
    (4, 28, "bad-reference", "unknown member id 'nobody-here' as the responsible of step 2"),
    (4, 51, "bad-date", "steps[1].deadline: 'soon' is not a date"),
    (5, 25, "bad-date", "steps[2].deadline: '2026-02-30' is not a real date"),
]


def test_plan_yaml_problems_are_found_together(tmp_path: Path) -> None:
    """The unknown step and the bad reference are found from the file's data, so a deadline
    that is not a date (which keeps plan.yaml from loading) does not hide them."""
    from copkit.model.load import load_cop
    from copkit.steps.planfile import plan_file_findings

    root = new_cop(tmp_path, members=TWO, plan=STAGED)
    loaded = load_cop(root)
    assert loaded.cop.plan is None  # the schema refused it: the dates
    found = loaded.findings + plan_file_findings(loaded.cop)
    got = sorted((f.line, f.column, f.code, f.message) for f in found if f.path == "plan.yaml")
    assert [(line, col, code) for line, col, code, _ in got] == \
        [(line, col, code) for line, col, code, _ in STAGED_PROBLEMS]
    assert all(msg.startswith(want) for (*_, msg), (*_, want) in zip(got, STAGED_PROBLEMS,
                                                                      strict=True))


def test_plan_status_reports_every_plan_yaml_problem_at_once(tmp_path: Path, cli: Cli) -> None:
    root = new_cop(tmp_path, members=TWO, plan=STAGED)
    result = cli("plan", "status", "--cop", str(root))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {root}/plan.yaml:{line}:{col}: {msg}" + rest
                      for (line, col, _, msg), rest in zip(STAGED_PROBLEMS, [
                          " (it has steps 1-9)", "",
                          ": write dates as YYYY-MM-DD, like 2026-05-10",
                          " (no such day in that month)"], strict=True)]


def test_check_reports_every_plan_yaml_problem_at_once(tmp_path: Path, cli: Cli) -> None:
    root = make_repo(new_cop(tmp_path, members=TWO, plan=STAGED))
    result = cli("check", "--cop", str(root))
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "/plan.yaml:" in line]
    assert [line.split(": ", 1)[0] for line in lines] == \
        [f"{root}/plan.yaml:{line}:{col}" for line, col, _, _ in STAGED_PROBLEMS]
    for line, (_, _, code, msg) in zip(lines, STAGED_PROBLEMS, strict=True):
        assert f"error[{code}] {msg}" in line


def test_custom_template_overrides_and_is_used(tmp_path: Path, cli: Cli) -> None:
    root = new_cop(tmp_path, plan="template: mine\nsteps: []\n")
    (root / "templates" / "plans").mkdir(parents=True)
    (root / "templates" / "plans" / "mine.yaml").write_text(
        custom_template("{set: charter.purpose}"), encoding="utf-8")
    status, _ = status_for_root(root, TODAY)
    assert status.template.id == "mine" and len(status.steps) == 1
    charter_with(root, "purpose:\n", "purpose: Learn together\n")
    assert status_of(root, 1) == ("done", [])


# ---------------------------------------------------------------- warnings in `copkit check`
def test_the_advisor_is_listed_once() -> None:
    """The advisors are an explicit list: importing (or reloading) planning adds nothing."""
    import importlib

    import copkit.steps.advice
    from copkit.checks.advisors import planning_advice

    importlib.reload(copkit.steps.advice)
    assert ADVISORS.count(planning_advice) == 1
    assert planning_findings.__name__ == "planning_findings"


def test_check_warns_about_open_steps_with_positions(tmp_path: Path, cli: Cli) -> None:
    root = make_repo(new_cop(tmp_path, members=TWO))
    # the contacts out of git (#20), so that check has no contact-in-git error to report
    split = cli("contacts", "split", "--no-commit", "--cop", str(root))
    assert split.exit_code == 0, split.output
    result = cli("check", "--cop", str(root))
    assert result.exit_code == 0, result.stdout
    out = result.stdout
    # at ways_of_working.channels, wherever init's charter puts it
    at = (root / "charter.yaml").read_text(encoding="utf-8").splitlines().index(
        "  channels: []") + 1
    assert f"{root}/charter.yaml:{at}:3: warning[plan-step] planning step 4 (communication and " \
           "meetings) is to do: ways_of_working.channels is empty; " \
           "ways_of_working.meeting_frequency is empty" in out
    assert "hint: run `copkit plan --step 4`, or: copkit plan set 4 --channels" in out
    assert "step 1 (members)" not in out and "step 2 (facilitator)" not in out
    assert cli("check", "--cop", str(root), "--strict").exit_code == 1


def test_check_warns_when_a_deadline_passed(tmp_path: Path, cli: Cli) -> None:
    root = make_repo(new_cop(tmp_path, members=TWO, plan="template: fcm-nine-steps\nsteps:\n"
                             "  - {step: 4, responsible: juan-perez, deadline: 2026-11-01}\n"
                             "  - {step: 1, responsible: juan-perez, deadline: 2026-11-01}\n"))
    _, findings = check_cop(root)
    late = [f for f in findings if f.code == "plan-deadline"]
    assert len(late) == 1  # step 1 is done: its passed deadline does not matter
    assert (late[0].path, late[0].line, late[0].column) == ("plan.yaml", 3, 50)
    assert late[0].message == ("the deadline of step 4 (communication and meetings) "
                               "(juan-perez) passed on 2026-11-01, 21 days ago, and the step "
                               "is not done")


def test_check_warns_when_the_review_is_overdue(tmp_path: Path, cli: Cli) -> None:
    root = new_cop(tmp_path, members=TWO)
    charter_with(root, "  last_reviewed:\n", "  last_reviewed: 2025-09-30\n")
    make_repo(root)
    result = cli("check", "--cop", str(root), "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    overdue = [f for f in findings if f["code"] == "review-overdue"]
    assert len(overdue) == 1
    assert overdue[0]["path"].endswith("charter.yaml")
    # at the overdue date (review.last_reviewed), wherever init's charter puts it
    lines = (root / "charter.yaml").read_text(encoding="utf-8").splitlines()
    at = lines.index("  last_reviewed: 2025-09-30") + 1
    assert (overdue[0]["line"], overdue[0]["column"]) == (at, 3)
    assert "2025-09-30" in overdue[0]["message"]
    assert "with an annual cycle the next one was due on 2026-09-30" in overdue[0]["message"]
    assert overdue[0]["hint"].endswith("copkit review")
    # the review-overdue warning replaces the step 9 warning
    assert not any(f["code"] == "plan-step" and "step 9" in f["message"] for f in findings)


def test_no_planning_warning_when_everything_is_done(tmp_path: Path) -> None:
    root = new_cop(tmp_path, members=TWO)
    charter_with(root, "channels: []", "channels: [email]")
    charter_with(root, "  meeting_frequency:\n", "  meeting_frequency: monthly\n")
    charter_with(root, "ground_rules: []", "ground_rules: [Be kind]")
    charter_with(root, "knowledge_capture:\n", "knowledge_capture: Notes\n")
    charter_with(root, "  last_reviewed:\n", "  last_reviewed: 2026-06-01\n")
    (root / "learning-agenda.yaml").write_text("topics:\n  - {id: a, title: A, status: planned}\n",
                                               encoding="utf-8")
    (root / "activities.yaml").write_text("activities:\n  - {id: a, title: A, start: "
                                          "2026-12-10, budget_needed: false}\n",
                                          encoding="utf-8")
    make_repo(root)
    _, findings = check_cop(root)
    assert [f for f in findings if f.code.startswith(("plan", "review"))] == []


def test_status_on_a_generated_cop(tmp_path: Path, cli: Cli) -> None:
    """A realistic CoP from the benchmark generator: every step is evaluated, each open step
    says what is missing, and `copkit check` adds no planning error."""
    from benchmarks.generate import generate_cop

    root = tmp_path / "big"
    generate_cop(root, members=60, meetings=10, attendees=8, practices=20, stories=5,
                 surveys=1, responses=10)
    make_repo(root)
    status, problems = status_for_root(root, TODAY)
    assert problems == []
    assert len(status.steps) == 9
    for row in status.steps:
        assert (row.status == "done") == (row.missing == [])
    _, findings = check_cop(root)
    assert not [f for f in findings if f.severity == "error"]
    result = cli("plan", "status", "--cop", str(root), "-f", "json")
    assert result.exit_code == 0, result.stderr


def test_each_condition_is_checked_once_per_record(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules of several steps asking the same records (current members, say) share one pass
    over them: a condition is checked once per record (the advice of `copkit check` on a
    members.yaml of 126,000 members checked 630,000 conditions for 378,000 needed). The
    first record a rule finds missing something still gets its position in the file."""
    from copkit.steps.conditions import Cond

    members = "members:\n" + "".join(
        f"  - {{id: m{i}, name: M {i}{', roles: [expert]' if i % 7 == 0 else ''}}}\n"
        for i in range(40))
    root = new_cop(tmp_path, members=members)
    make_repo(root)
    calls: list[tuple[str, str]] = []
    real = Cond.holds

    def counting(self: Cond, obj: object, today: _dt.date) -> bool:
        calls.append((repr(self), str(getattr(obj, "id", obj))))
        return real(self, obj, today)

    monkeypatch.setattr(Cond, "holds", counting)
    _, findings = check_cop(root)
    assert calls and len(calls) == len(set(calls))
    step1 = next(f for f in findings if f.code == "plan-step" and "step 1 " in f.message)
    assert (step1.path, step1.line, step1.column) == ("members.yaml", 2, 5)
    assert "40 of 40 current members have no email or phone: m0, m1" in \
        step1.message
