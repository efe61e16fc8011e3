"""`copkit plan`, `plan status|set|assign` through the real CLI: the same end state reached with
flags alone; the walk on a real pseudo-terminal (answers typed, Ctrl-C); no waiting without a
terminal; every bad input gives its message and exit code, and writes nothing."""

from __future__ import annotations

import json
import os
import platform
import pty
import select
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.steps.status import status_for_root

from .conftest import Templates, git
from .test_wizard import TODAY, all_answers

Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", TODAY.isoformat())


@pytest.fixture
def fresh(tmp_path: Path, init_copy: Callable[..., Path]) -> Path:
    return init_copy(tmp_path / "cop", name="LED units CoP")


def planned_copy(templates: Templates, cli: Cli, dest: Path) -> Path:
    """A fresh CoP with the nine steps done by flags (``set_all_with_flags``, whose own test
    is test_flags_alone_complete_the_nine_steps), made once per test process and copied."""

    def build(where: Path) -> None:
        templates.init(where, "LED units CoP")
        set_all_with_flags(cli, where)

    return templates.copy(("planned", TODAY.isoformat()), dest, build)


@pytest.fixture
def planned(tmp_path: Path, cli: Cli, cop_templates: Templates) -> Path:
    return planned_copy(cop_templates, cli, tmp_path / "cop")


def subjects(root: Path) -> list[str]:
    return git(root, "log", "--format=%s").splitlines()


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def set_all_with_flags(cli: Cli, root: Path) -> None:
    c = ["--cop", str(root)]
    ok(cli("plan", "set", "0", *c, "--domain", "Municipal LED units are hard to set up",
           "--community", "Municipal staff and councillors",
           "--practice", "Models, how-to guides and tips"))
    ok(cli("plan", "set", "1", *c, "--member", "María López <maria@example.org>",
           "--member", "Juan Pérez <juan@example.org>"))
    ok(cli("plan", "set", "2", *c, "--facilitator", "maria-lopez"))
    ok(cli("plan", "set", "3", *c, "--role", "juan-perez=expert",
           "--responsibility", "maria-lopez=Convene the monthly call",
           "--responsibility", "juan=Share what he knows about unit models"))
    ok(cli("plan", "set", "4", *c, "--channels", "email,video-call", "--frequency", "monthly"))
    ok(cli("plan", "set", "5", *c, "--ground-rule", "Notes are shared within a week",
           "--ground-rule", "Everyone speaks at least once"))
    ok(cli("plan", "set", "6", *c, "--topic", "Models for LED units@2026-12-10,2027-01-14@juan"))
    ok(cli("plan", "set", "7", *c, "--activity",
           "Site visit to Puno=1500 CAD=site-visit@2027-03-10..2027-03-12",
           "--activity", "Monthly call=none@2027-01-14"))
    ok(cli("plan", "set", "8", *c, "--knowledge-capture",
           "The host writes notes into meetings/ within a week"))
    ok(cli("review", *c, "--confirm-all", "--by", "maria-lopez", "--summary",
           "First plan agreed"))


# ---------------------------------------------------------------- flags alone
def test_flags_alone_complete_the_nine_steps(cli: Cli, fresh: Path) -> None:
    set_all_with_flags(cli, fresh)
    result = ok(cli("plan", "status", "--cop", str(fresh), "--format", "json"))
    data = json.loads(result.stdout)
    assert [s["status"] for s in data["steps"]] == ["done"] * 9
    assert all(f["done"] for f in data["framing"]) and data["next"] is None
    assert data["done"] == 9 and data["problems"] == []
    text = ok(cli("plan", "status", "--cop", str(fresh))).stdout
    assert "9 of 9 steps done." in text and "to do" not in text
    assert subjects(fresh)[:10] == [
        "copkit: plan step 9 (review)", "copkit: plan step 8 (capturing knowledge)",
        "copkit: plan step 7 (activities)", "copkit: plan step 6 (learning agenda)",
        "copkit: plan step 5 (ground rules)", "copkit: plan step 4 (communication and meetings)",
        "copkit: plan step 3 (roles and responsibilities)", "copkit: plan step 2 (facilitator)",
        "copkit: plan step 1 (members)", "copkit: plan framing (domain, community, practices)"]
    check = ok(cli("check", "--cop", str(fresh)))
    assert "plan-step" not in check.stdout


def test_flags_and_the_walk_reach_the_same_records(cli: Cli, tmp_path: Path,
                                                   cop_templates: Templates) -> None:
    from .test_wizard import Script

    by_flags = planned_copy(cop_templates, cli, tmp_path / "flags")
    by_walk = cop_templates.init(tmp_path / "walk", "LED units CoP")
    from copkit.planning.walk import Wizard

    Wizard(by_walk, Script(all_answers())).run()
    for name in ("members.yaml", "learning-agenda.yaml", "activities.yaml"):
        assert (by_flags / name).read_text(encoding="utf-8") == \
            (by_walk / name).read_text(encoding="utf-8"), name
    flags_charter = (by_flags / "charter.yaml").read_text(encoding="utf-8")
    walk_charter = (by_walk / "charter.yaml").read_text(encoding="utf-8")
    assert flags_charter == walk_charter


def test_plan_set_reports_what_it_wrote_and_the_new_status(cli: Cli, fresh: Path) -> None:
    result = ok(cli("plan", "set", "4", "--cop", str(fresh), "--channels", "email"))
    assert "step 4 (communication and meetings): wrote charter.yaml" in result.stdout
    assert "charter.yaml: ways_of_working.channels: added email" in result.stdout
    assert "step 4 is partial: still needed: charter.yaml: ways_of_working.meeting_frequency " \
           "is empty" in result.stdout
    again = ok(cli("plan", "set", "4", "--cop", str(fresh), "--channels", "email"))
    assert "nothing changed" in again.stdout
    assert subjects(fresh)[:2] == ["copkit: plan step 4 (communication and meetings)",
                                   "copkit: init 'LED units CoP'"]


def test_plan_set_generic_field_for_the_lga_template(cli: Cli, fresh: Path) -> None:
    (fresh / "plan.yaml").write_text("template: lga-stages\nsteps: []\n", encoding="utf-8")
    git(fresh, "commit", "-qam", "use the LGA stages")
    ok(cli("plan", "set", "1", "--cop", str(fresh), "--set", "charter.purpose=Learn together",
           "--set", "charter.domain.issues=Unit models", "--set",
           "charter.expected_outcomes=A how-to guide"))
    ok(cli("plan", "set", "6", "--cop", str(fresh), "--meeting", "Launch workshop@2026-12-01"))
    status, _ = status_for_root(fresh, TODAY)
    assert status.get(1).status == "done"  # type: ignore[union-attr]
    assert status.get(6).status == "done"  # type: ignore[union-attr]
    assert (fresh / "meetings" / "2026-12-01-launch-workshop.yaml").is_file()
    assert subjects(fresh)[0] == "copkit: plan step 6 (launch)"


# ---------------------------------------------------------------- bad flags
def no_change(root: Path, count: int) -> None:
    assert git(root, "status", "--porcelain") == ""
    assert len(subjects(root)) == count


def test_plan_set_takes_a_charter_field_another_step_asks(cli: Cli, fresh: Path) -> None:
    """--set charter.purpose at step 1 of the nine steps: the LGA stages ask it (#15)."""
    ok(cli("plan", "set", "1", "--cop", str(fresh), "--set", "charter.purpose=Learn together"))
    assert "purpose: Learn together\n" in (fresh / "charter.yaml").read_text(encoding="utf-8")
    assert git(fresh, "status", "--porcelain") == ""
    assert subjects(fresh)[0] == "copkit: plan step 1 (members)"


@pytest.mark.parametrize(("args", "code", "message", "hint"), [
    (["2", "--channels", "email"], 2, "error: --channels does not belong to step 2 "
     "(facilitator)", "hint: it answers step 4: copkit plan set 4 --channels ..."),
    (["1", "--member", "Ana Ruiz <ana@example>"], 2,
     "error: --member: 'ana@example' is not an email address", "expected name@domain.org"),
    (["1", "--member", "Ana Ruiz <call me>"], 2,
     "error: --member: 'call me' is neither an email address nor a phone number", None),
    (["1", "--member", "Carl <12ab>"], 2,
     "error: --member: '12ab' is neither an email address nor a phone number", None),
    (["2", "--facilitator", "nobody"], 1, "error: --facilitator: 'nobody' is not a member",
     None),
    (["4", "--frequency", "montly"], 2, "error: --frequency: 'montly' is not one of weekly, "
     "fortnightly, monthly", "did you mean 'monthly'?"),
    (["6", "--topic", "Unit models@2026-13-01"], 2,
     "error: --topic: '2026-13-01' is not a date", "YYYY-MM-DD"),
    (["7", "--activity", "Site visit=lots of money"], 2,
     "error: 'lots of money' is not a budget", "like 1500 CAD"),
    (["12", "--channels", "email"], 2, "error: there is no step 12 in the template "
     "'fcm-nine-steps'", None),
    (["four", "--channels", "email"], 2, "error: STEP: 'four' is not a step number", None),
    (["4"], 2, "error: nothing to set: give the answers as flags",
     "copkit plan set 4 --channels"),
    # --set takes a charter field any step of either template asks (#15): a field none asks
    # is refused, pointing to the command that sets it
    (["1", "--set", "charter.timezone=UTC"], 2, "error: --set charter.timezone does not "
     "belong to step 1 (members)", "hint: no planning template asks this: set it with "
     "copkit charter set timezone VALUE"),
    (["1", "--set", "charter.goals=x"], 2, "error: --set charter.goals does not belong to "
     "step 1 (members)", "hint: record them with copkit charter goal add ..."),
    (["1", "--set", "charter.nothing=x"], 2, "error: --set charter.nothing does not belong "
     "to step 1 (members)", "hint: the charter has no field 'nothing' (docs/format.md lists "
     "them; copkit charter show prints them)"),
    (["1", "--set", "charter.governance.nothing=x"], 2, "error: --set "
     "charter.governance.nothing does not belong to step 1 (members)", "hint: the charter has "
     "no field 'governance.nothing' (docs/format.md lists them; copkit charter show prints "
     "them)"),
    (["3", "--role", "maria-lopez"], 2, "error: --role: 'maria-lopez' is not MEMBER=ROLE",
     None),
    # the rule: 2 when a value is not of the allowed set or form, 1 when a well-formed value
    # does not match the records
    (["10", "--channels", "email"], 2, "error: there is no step 10 in the template "
     "'fcm-nine-steps'", "the steps are 1-9, and 0 for the framing"),
    (["3", "--role", "maria-lopez=boss"], 2, "error: --role: 'boss' is not one of "
     "facilitator, co-facilitator", None),
    (["3", "--role", "nobody=expert"], 1, "error: --role: 'nobody' is not a member", None),
    (["3", "--responsibility", "nobody=Call people"], 1,
     "error: --responsibility: 'nobody' is not a member", None),
    (["6", "--topic", "Unit models@2026-12-01@nobody"], 1,
     "error: --topic (lead): 'nobody' is not a member", None),
    (["7", "--activity", "Visit=100 CAD=trip"], 2, "error: --activity (kind): 'trip' is not "
     "one of", None),
    (["7", "--activity", "Visit=100 CAD@2027-13-01"], 2, "error: --activity: '2027-13-01' is "
     "not a date or START..END", "@2027-03-10..2027-03-12"),
    (["7", "--activity", "Visit=100 CAD@2027-03-12..2027-03-10"], 2, "error: --activity: the "
     "end 2027-03-10 is before the start 2027-03-12", None),
])
def test_plan_set_bad_input(cli: Cli, fresh: Path, args: list[str], code: int, message: str,
                            hint: str | None) -> None:
    ok(cli("plan", "set", "1", "--cop", str(fresh), "--member",
           "María López <maria@example.org>"))
    count = len(subjects(fresh))
    result = cli("plan", "set", *args, "--cop", str(fresh))
    assert result.exit_code == code, result.stderr
    assert message in result.stderr
    if hint:
        assert hint in result.stderr
    assert "Traceback" not in result.stderr
    no_change(fresh, count)


def test_plan_set_refuses_an_email_already_in_use(cli: Cli, fresh: Path) -> None:
    ok(cli("plan", "set", "1", "--cop", str(fresh), "--member", "Ana <ana@example.org>"))
    count = len(subjects(fresh))
    result = cli("plan", "set", "1", "--cop", str(fresh), "--member", "Bob <b@example.org>",
                 "--member", "Ana Ruiz <ANA@example.org>")
    assert result.exit_code == 1
    assert "error: --member: the email ANA@example.org already belongs to a member" in \
        result.stderr
    no_change(fresh, count)


def test_plan_set_on_a_broken_file_points_at_it(cli: Cli, fresh: Path) -> None:
    path = fresh / "members.yaml"
    path.write_text("members:\n  - id: ana\n    name: Ana\n    email: not-an-email\n",
                    encoding="utf-8")
    result = cli("plan", "set", "4", "--cop", str(fresh), "--channels", "email")
    assert result.exit_code == 1
    assert f"error: {fresh}/members.yaml:4:12: members[0].email: 'not-an-email' is not an " \
           "email address" in result.stderr
    assert "copkit check" in result.stderr


# ---------------------------------------------------------------- assign
def with_members(cli: Cli, root: Path) -> None:
    ok(cli("plan", "set", "1", "--cop", str(root), "--member", "María López <maria@example.org>",
           "--member", "Juan Pérez <juan@example.org>"))


def test_assign_writes_plan_yaml_in_place(cli: Cli, fresh: Path) -> None:
    with_members(cli, fresh)
    result = ok(cli("plan", "assign", "4", "--to", "maria", "--due", "2026-12-15",
                    "--cop", str(fresh)))
    assert "step 4 (communication and meetings): wrote plan.yaml" in result.stdout
    ok(cli("plan", "assign", "2", "--to", "juan@example.org", "--due", "2026-12-01",
           "--cop", str(fresh)))
    ok(cli("plan", "assign", "4", "--due", "2027-01-15", "--notes", "after the holidays",
           "--cop", str(fresh)))
    text = (fresh / "plan.yaml").read_text(encoding="utf-8")
    assert "# The action plan: who takes care of each planning step, and by when.\n" in text
    assert text.endswith("template: fcm-nine-steps\nsteps:\n"
                         "  - {step: 2, responsible: juan-perez, deadline: 2026-12-01}\n"
                         "  - {step: 4, responsible: maria-lopez, deadline: 2027-01-15, "
                         "notes: after the holidays}\n")
    assert subjects(fresh)[:3] == [
        "copkit: plan assign step 4 (communication and meetings)",
        "copkit: plan assign step 2 (facilitator)",
        "copkit: plan assign step 4 (communication and meetings)"]
    assert "plan.yaml: step 4: deadline 2026-12-15 -> 2027-01-15" in \
        git(fresh, "log", "-1", "--format=%b")
    status = json.loads(ok(cli("plan", "status", "--cop", str(fresh), "-f", "json")).stdout)
    row = status["steps"][3]
    assert (row["responsible"], row["responsible_name"], row["deadline"], row["overdue"]) == \
        ("maria-lopez", "María López", "2027-01-15", False)


def test_assign_overdue_shows_in_status(cli: Cli, fresh: Path) -> None:
    with_members(cli, fresh)
    ok(cli("plan", "assign", "5", "--to", "juan-perez", "--due", "2026-11-02",
           "--cop", str(fresh)))
    data = json.loads(ok(cli("plan", "status", "--cop", str(fresh), "-f", "json")).stdout)
    assert (data["steps"][4]["overdue"], data["steps"][4]["overdue_days"]) == (True, 20)
    text = ok(cli("plan", "status", "--cop", str(fresh))).stdout
    assert "! 20 days" in text


@pytest.mark.parametrize(("args", "code", "message"), [
    (["4", "--to", "nobody", "--due", "2026-12-01"], 1, "error: --to: 'nobody' is not a member"),
    # a fragment is never taken for a member (#15): only suggested
    (["4", "--to", "a"], 1, "error: --to: 'a' is not a member"),
    (["4", "--to", "lope"], 1, "error: --to: 'lope' is not a member\n  hint: did you mean "
     "maria-lopez (part of the name)?"),
    # a value not in the allowed form or set: a usage error, as in plan set
    (["4", "--to", "maria-lopez", "--due", "15/12/2026"], 2,
     "error: --due: '15/12/2026' is not a date"),
    (["4", "--due", "2026-02-30"], 2, "error: --due: '2026-02-30' is not a date"),
    (["12", "--to", "maria-lopez"], 2, "error: there is no step 12 in the template "
     "'fcm-nine-steps'\n  hint: the steps are 1-9"),
    (["0", "--to", "maria-lopez"], 2, "error: there is no step 0 in the template"),
    (["4"], 2, "error: nothing to assign"),
    (["four", "--to", "maria-lopez"], 2, "Invalid value for 'step'"),
])
def test_assign_bad_input(cli: Cli, fresh: Path, args: list[str], code: int,
                          message: str) -> None:
    with_members(cli, fresh)
    count = len(subjects(fresh))
    result = cli("plan", "assign", *args, "--cop", str(fresh))
    assert result.exit_code == code, result.stdout + result.stderr
    assert message in result.stderr
    no_change(fresh, count)


def test_assign_refuses_a_member_who_left(cli: Cli, fresh: Path) -> None:
    with_members(cli, fresh)
    ok(cli("member", "leave", "juan-perez", "--date", "2026-11-22", "--cop", str(fresh)))
    result = cli("plan", "assign", "3", "--to", "juan-perez", "--cop", str(fresh))
    assert result.exit_code == 1
    assert "error: --to: juan-perez left the community on 2026-11-22" in result.stderr


def test_assign_with_a_broken_plan_yaml_points_at_it(cli: Cli, fresh: Path) -> None:
    with_members(cli, fresh)
    (fresh / "plan.yaml").write_text("template: fcm-nine-steps\nsteps:\n  - step: 2\n"
                                     "    deadline: soon\n", encoding="utf-8")
    result = cli("plan", "assign", "4", "--to", "maria-lopez", "--cop", str(fresh))
    assert result.exit_code == 1
    assert f"error: {fresh}/plan.yaml:4:15: steps[0].deadline: 'soon' is not a date" in \
        result.stderr


# ---------------------------------------------------------------- status
def test_status_of_a_fresh_cop(cli: Cli, fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "140")  # wide enough for every column
    result = ok(cli("plan", "status", "--cop", str(fresh)))
    out = result.stdout
    assert "Action plan in nine steps (FCM) — LED units CoP" in out
    for word in ("step", "title", "status", "who", "due", "overdue", "next action"):
        assert word in out
    assert out.count("to do") == 9
    assert "Framing: Domain (why): empty, Community (who): empty, Practices (what): empty" in out
    assert "0 of 9 steps done." in out
    assert "Next: step 1 (members): members.yaml: at least 2 current members needed (now 0)" \
        in out
    data = json.loads(ok(cli("plan", "status", "--cop", str(fresh), "-f", "json")).stdout)
    assert data["template"] == "fcm-nine-steps"
    assert data["next"]["step"] == 1
    assert data["steps"][3]["missing"] == [
        {"file": "charter.yaml", "field": "ways_of_working.channels",
         "text": "charter.yaml: ways_of_working.channels is empty", "records": []},
        {"file": "charter.yaml", "field": "ways_of_working.meeting_frequency",
         "text": "charter.yaml: ways_of_working.meeting_frequency is empty", "records": []}]


def test_status_outside_a_cop(cli: Cli, tmp_path: Path) -> None:
    result = cli("plan", "status", "--cop", str(tmp_path))
    assert result.exit_code == 1
    assert "is not a CoP folder" in result.stderr


# ---------------------------------------------------------------- no terminal
def test_plan_without_a_terminal_does_not_wait(cli: Cli, fresh: Path) -> None:
    count = len(subjects(fresh))
    result = cli("plan", "--cop", str(fresh), input="María López\n")
    assert result.exit_code == 1
    err = result.stderr
    assert "copkit plan asks questions, but there is no terminal to answer them on " \
           "(nothing was written)." in err
    assert '  framing: copkit plan set 0 --domain "..." --community "..." --practice "..."' in err
    assert "  step 4 (communication and meetings): copkit plan set 4 --channels " \
           "email,video-call --frequency monthly" in err
    assert "  step 9 (review): copkit review --confirm-all --by MEMBER-ID" in err
    no_change(fresh, count)
    one = cli("plan", "--cop", str(fresh), "--step", "5")
    assert one.exit_code == 1 and "  step 5 (ground rules): copkit plan set 5" in one.stderr
    assert "step 4" not in one.stderr and "framing" not in one.stderr


def test_without_a_terminal_step_n_lists_every_step_the_walk_would_visit(
        cli: Cli, planned: Path) -> None:
    git(planned, "reset", "-q", "--hard", "HEAD~4")  # steps 1-5 done, 6-9 to do
    result = cli("plan", "--cop", str(planned), "--step", "6")
    assert result.exit_code == 1
    listed = [line.split(":")[0] for line in result.stderr.splitlines()
              if line.startswith("  step ")]
    assert listed == ["  step 6 (learning agenda)", "  step 7 (activities)",
                      "  step 8 (capturing knowledge)", "  step 9 (review)"]
    # a done step given with --step is walked again, then the open ones after it
    again = cli("plan", "--cop", str(planned), "--step", "4")
    assert [line.split(":")[0] for line in again.stderr.splitlines()
            if line.startswith("  step ")] == ["  step 4 (communication and meetings)",
                                               *listed]
    assert "step 5" not in again.stderr


@pytest.mark.parametrize("step", ["12", "0"])
def test_without_a_terminal_an_unknown_step_is_a_usage_error(cli: Cli, fresh: Path,
                                                             step: str) -> None:
    count = len(subjects(fresh))
    result = cli("plan", "--cop", str(fresh), "--step", step)
    assert result.exit_code == 2, result.stderr
    assert f"error: there is no step {step} in the template 'fcm-nine-steps'" in result.stderr
    assert "hint: the steps are 1-9" in result.stderr
    assert "every step is done" not in result.stderr.casefold()
    no_change(fresh, count)


def test_without_a_terminal_a_broken_file_is_reported_first(cli: Cli, fresh: Path) -> None:
    (fresh / "members.yaml").write_text(
        "members:\n  - id: ana\n    name: Ana\n    email: not-an-email\n", encoding="utf-8")
    result = cli("plan", "--cop", str(fresh))
    assert result.exit_code == 1
    err = result.stderr
    assert err.startswith(f"error: {fresh}/members.yaml:4:12: members[0].email: "
                          "'not-an-email' is not an email address"), err
    assert "fix them first (copkit check lists every problem)" in err
    assert "copkit plan set 1" not in err and "step 1 (members)" not in err


def test_without_a_terminal_every_step_done_is_not_an_error(cli: Cli, planned: Path) -> None:
    result = cli("plan", "--cop", str(planned))
    assert result.exit_code == 0, result.stderr
    assert "Every planning step is done and the framing is filled in: there is nothing to " \
           "ask." in result.stdout
    assert "`copkit review` reviews them" in result.stdout
    assert result.stderr == ""


def test_help_has_examples(cli: Cli) -> None:
    for args in (["plan", "--help"], ["plan", "status", "--help"], ["plan", "set", "--help"],
                 ["plan", "assign", "--help"], ["review", "--help"]):
        result = ok(cli(*args))
        assert "Example: copkit " in result.stdout, args


# ---------------------------------------------------------------- a real terminal
_READ_SYSCALL = {"x86_64": "0", "aarch64": "63"}.get(platform.machine())  # read(2)


RUNNING: list[Terminal] = []  # ended by the fixture below if a test fails half-way


@pytest.fixture(autouse=True)
def no_terminal_left() -> Iterator[None]:
    yield
    for term in list(RUNNING):
        term.stop()


class Terminal:
    """`copkit ARGS` on a pseudo-terminal, typing answers when a prompt waits."""

    def __init__(self, args: Sequence[str]) -> None:
        RUNNING.append(self)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # pragma: no cover - the child
            try:
                os.execve(sys.executable, [sys.executable, "-m", "copkit", *args],
                          dict(os.environ, COLUMNS="120"))
            finally:
                os._exit(127)
        self.out = b""
        self.mark = 0

    def read(self, timeout: float = 0.2) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        self.out += chunk
        return True

    def wait_for(self, text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.out[self.mark:] and time.monotonic() < deadline:
            if not self.read():
                break
        assert text.encode() in self.out[self.mark:], self.text[-2000:]

    def prompt(self, timeout: float = 60.0) -> None:
        """Wait until the program waits on a question: new output (after what was typed)
        that ends with ': ', and the program blocked reading the terminal (or, where that
        cannot be told, nothing more coming for 0.15 s)."""
        deadline = time.monotonic() + timeout
        told = self.reading_terminal() is not None
        while time.monotonic() < deadline:
            before = len(self.out)
            if not self.read(0.02 if told else 0.15):
                break
            new = self.out[self.mark:]
            if not (b"\n" in new and new.endswith((b": ", b"]: "))):
                continue
            if not told and len(self.out) == before:
                return
            if told and self.reading_terminal():  # all it wrote is in the terminal: read it
                before = len(self.out)
                self.read(0)
                if len(self.out) == before:
                    return
        raise AssertionError("no question came: " + self.text[-2000:])

    def reading_terminal(self) -> bool | None:
        """Whether the program is blocked in read() on its standard input (Linux's
        /proc/PID/syscall); None where that cannot be told."""
        if _READ_SYSCALL is None:
            return None
        try:
            fields = Path(f"/proc/{self.pid}/syscall").read_text(encoding="ascii").split()
        except OSError:
            return None
        return fields[:2] == [_READ_SYSCALL, "0x0"]

    def answer(self, text: str) -> None:
        self.prompt()
        self.type(text + "\n")

    def type(self, text: str) -> None:
        self.mark = len(self.out)
        os.write(self.fd, text.encode())

    def finish(self, timeout: float = 60.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.read():
                break
        if not self.stop(grace=max(deadline - time.monotonic(), 5.0)):
            raise AssertionError("copkit did not finish (still asking?): " + self.text[-2000:])
        return self.code

    def stop(self, grace: float = 0.0) -> bool:
        """Reap the program, killing it if it still runs after ``grace`` seconds; True when
        it ended by itself."""
        deadline = time.monotonic() + grace
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid != 0 or time.monotonic() >= deadline:
                break
            time.sleep(0.01)
        ended = pid != 0
        if not ended:
            os.kill(self.pid, signal.SIGKILL)
            _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        self.code = os.waitstatus_to_exitcode(status)
        RUNNING.remove(self)
        return ended

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", "replace").replace("\r\n", "\n")


def test_the_walk_on_a_real_terminal(fresh: Path) -> None:
    term = Terminal(["plan", "--cop", str(fresh)])
    for answer in all_answers():
        term.answer(answer)
    code = term.finish()
    assert code == 0, term.text[-3000:]
    assert "9 of 9 steps done." in term.text
    status, _ = status_for_root(fresh, TODAY)
    assert [s.status for s in status.steps] == ["done"] * 9
    assert subjects(fresh)[0] == "copkit: plan step 9 (review)"
    assert len(subjects(fresh)) == 11
    assert "# The members of the community (planning steps 1 to 3)." in \
        (fresh / "members.yaml").read_text(encoding="utf-8")


def test_ctrl_c_on_a_real_terminal_keeps_what_was_answered(fresh: Path) -> None:
    term = Terminal(["plan", "--cop", str(fresh)])
    answers = ["Municipal LED units are hard to set up", "Municipal staff", "Models",
               "María López", "maria@example.org"]
    for answer in answers:
        term.answer(answer)
    term.prompt()
    assert term.text.rstrip().endswith("Member's full name:")
    term.type("\x03")
    code = term.finish()
    assert code == 130, term.text[-2000:]
    assert "interrupted: the answers given so far are written and committed" in term.text
    assert subjects(fresh)[:2] == ["copkit: plan step 1 (members)",
                                   "copkit: plan framing (domain, community, practices)"]
    assert git(fresh, "status", "--porcelain") == ""
    assert "maria-lopez" in (fresh / "members.yaml").read_text(encoding="utf-8")


def test_end_of_input_on_a_real_terminal(fresh: Path) -> None:
    term = Terminal(["plan", "--cop", str(fresh)])
    term.answer("Municipal LED units")
    term.prompt()
    term.wait_for("Community (who)")
    term.type("\x04")
    code = term.finish()
    assert code == 1
    assert "end of input: the answers given so far are written and committed" in term.text
    assert subjects(fresh)[0] == "copkit: plan framing (domain, community, practices)"
    assert git(fresh, "status", "--porcelain") == ""


# ---------------------------------------------------------------- paths as the user opens them
BROKEN_MEMBERS = "members:\n  - id: ana\n    name: Ana\n    email: not-an-email\n"
BROKEN_AT = "cop/members.yaml:4:12: members[0].email: 'not-an-email' is not an email address"


@pytest.mark.parametrize("args", [
    ["plan", "set", "4", "--channels", "email"],
    ["plan", "assign", "4", "--notes", "soon"],
    ["review", "--confirm-all"],
    ["plan"],
])
def test_errors_name_files_from_the_current_folder(cli: Cli, fresh: Path, args: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the folder above the CoP: a message about a file names it as cop/FILE, which
    opens from there (as plan status and check do), not as FILE relative to the CoP."""
    (fresh / "members.yaml").write_text(BROKEN_MEMBERS, encoding="utf-8")
    if args[:2] == ["plan", "assign"]:
        (fresh / "plan.yaml").write_text("steps:\n  - step: 2\n    deadline: soon\n",
                                         encoding="utf-8")
    monkeypatch.chdir(fresh.parent)
    result = cli(*args, "--cop", "cop")
    assert result.exit_code == 1, result.stderr
    if args[:2] == ["plan", "assign"]:
        assert "error: cop/plan.yaml:3:15: steps[0].deadline: 'soon' is not a date" in \
            result.stderr
    else:
        assert f"error: {BROKEN_AT}" in result.stderr, result.stderr
    assert "error: members.yaml" not in result.stderr


def test_the_walk_on_a_terminal_names_files_from_the_current_folder(
        fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (fresh / "members.yaml").write_text(BROKEN_MEMBERS, encoding="utf-8")
    monkeypatch.chdir(fresh.parent)
    term = Terminal(["plan", "--cop", "cop"])
    assert term.finish() == 1
    assert f"error: {BROKEN_AT}" in term.text, term.text


def test_a_custom_template_error_names_the_file_from_the_current_folder(
        cli: Cli, fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (fresh / "plan.yaml").write_text("template: mine\nsteps: []\n", encoding="utf-8")
    (fresh / "templates" / "plans").mkdir(parents=True)
    (fresh / "templates" / "plans" / "mine.yaml").write_text(
        "id: mine\ntitle: Ours\nsteps:\n  - step: 1\n    title: Purpose\n"
        "    rule: {sett: charter.purpose}\n", encoding="utf-8")
    monkeypatch.chdir(fresh.parent)
    for args in (["plan", "status"], ["plan", "set", "1", "--member", "Ana <a@x.org>"],
                 ["plan", "assign", "1", "--notes", "x"]):
        result = cli(*args, "--cop", "cop")
        assert result.exit_code == 1, result.stderr
        assert "error: cop/templates/plans/mine.yaml:6:12: unknown rule 'sett'" in \
            result.stderr, (args, result.stderr)


def test_flags_complete_existing_topics_and_activities(cli: Cli, fresh: Path) -> None:
    (fresh / "learning-agenda.yaml").write_text(
        "# our agenda\ntopics:\n  - id: unit-models\n    title: Unit models   # the first one\n"
        "  - id: costs\n    title: Costs\n", encoding="utf-8")
    (fresh / "activities.yaml").write_text(
        "activities:\n  - id: visit\n    title: Visit to Puno\n", encoding="utf-8")
    git(fresh, "commit", "-qam", "agenda and activities written by hand")
    status, _ = status_for_root(fresh, TODAY)
    assert status.get(6).status == "partial" and status.get(7).status == "partial"  # type: ignore
    ok(cli("plan", "set", "6", "--cop", str(fresh), "--topic", "unit-models@2026-12-10",
           "--topic", "costs"))
    ok(cli("plan", "set", "7", "--cop", str(fresh), "--activity", "visit=1500 CAD@2027-03-10"))
    agenda = (fresh / "learning-agenda.yaml").read_text(encoding="utf-8")
    assert agenda == ("# our agenda\ntopics:\n  - id: unit-models\n    title: Unit models   "
                      "# the first one\n    sessions: [2026-12-10]\n  - id: costs\n"
                      "    title: Costs\n    status: planned\n")
    assert "    budget: {amount: 1500, currency: CAD}\n" in \
        (fresh / "activities.yaml").read_text(encoding="utf-8")
    status, _ = status_for_root(fresh, TODAY)
    assert status.get(6).status == "done" and status.get(7).status == "done"  # type: ignore
    bad = cli("plan", "set", "6", "--cop", str(fresh), "--topic", "costs@2026-14-01")
    assert bad.exit_code == 2 and "'2026-14-01' is not a date" in bad.stderr


# ---------------------------------------------------------------- golden output
GOLDEN = Path(__file__).parent / "golden" / "plan_status.txt"


def test_status_table_golden(cli: Cli, planned: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The table as a facilitator sees it (a 100-column terminal). Set COPKIT_UPDATE_GOLDEN=1
    to rewrite the golden file after an intended change."""
    monkeypatch.setenv("COLUMNS", "100")
    git(planned, "reset", "-q", "--hard", "HEAD~6")  # back to: framing and steps 1-3 done
    ok(cli("plan", "set", "4", "--cop", str(planned), "--channels", "email"))
    ok(cli("plan", "assign", "4", "--to", "maria-lopez", "--due", "2026-11-15",
           "--cop", str(planned)))
    ok(cli("plan", "assign", "5", "--to", "Juan Pérez", "--due", "2026-12-15",
           "--cop", str(planned)))
    text = ok(cli("plan", "status", "--cop", str(planned))).stdout
    text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    if os.environ.get("COPKIT_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


@pytest.mark.parametrize("columns", [80, 100])
def test_status_table_folds_at_word_boundaries(cli: Cli, planned: Path, columns: int,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """On a narrow terminal no word of the table is cut ('responsibilitie / s'): the overdue
    marker goes under the deadline, then the next actions leave the table for a list."""
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", str(columns))
    git(planned, "reset", "-q", "--hard", "HEAD~6")  # framing and steps 1-3 done
    ok(cli("plan", "set", "4", "--cop", str(planned), "--channels", "email"))
    ok(cli("plan", "assign", "4", "--to", "maria-lopez", "--due", "2026-11-15",
           "--cop", str(planned)))
    ok(cli("plan", "assign", "5", "--to", "Juan Pérez", "--due", "2026-12-15",
           "--cop", str(planned)))
    out = ok(cli("plan", "status", "--cop", str(planned))).stdout
    table = out.split("\nFraming:")[0]
    assert all(cell_len(line) <= columns for line in table.splitlines()), table
    words = set(table.split())
    status, _ = status_for_root(planned, TODAY)
    for row in status.steps:  # every word of every title and next action is there whole
        for word in row.step.title.split() + row.next_action.split():
            assert word in words, (word, table)
    for word in ("María", "López", "(maria-lopez)", "2026-11-15", "!", "7", "days"):
        assert word in words, (word, table)
    if columns == 80:
        assert "next action" not in table and "Next actions:" in table
        assert "  step 4: charter.yaml: ways_of_working.meeting_frequency is empty" in table


def test_cop_option_before_the_subcommand(cli: Cli, fresh: Path) -> None:
    ok(cli("plan", "--cop", str(fresh), "set", "4", "--channels", "email"))
    ok(cli("plan", "--cop", str(fresh), "--no-commit", "set", "5", "--ground-rule", "Be kind"))
    assert git(fresh, "status", "--porcelain").strip() == "M charter.yaml"
    data = json.loads(ok(cli("plan", "--cop", str(fresh), "status", "-f", "json")).stdout)
    assert data["steps"][3]["status"] == "partial" and data["steps"][4]["status"] == "done"


def test_assign_creates_plan_yaml_when_there_is_none(cli: Cli, fresh: Path) -> None:
    with_members(cli, fresh)
    git(fresh, "rm", "-q", "plan.yaml")
    git(fresh, "commit", "-qm", "no plan yet")
    ok(cli("plan", "assign", "2", "--to", "maria-lopez", "--due", "2026-12-01",
           "--cop", str(fresh)))
    assert (fresh / "plan.yaml").read_text(encoding="utf-8").endswith(
        "template: fcm-nine-steps\nsteps:\n  - {step: 2, responsible: maria-lopez, "
        "deadline: 2026-12-01}\n")
    assert git(fresh, "status", "--porcelain") == ""


def test_files_with_windows_line_ends_keep_them(cli: Cli, fresh: Path) -> None:
    for name in ("charter.yaml", "plan.yaml"):
        path = fresh / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    git(fresh, "commit", "-qam", "written on Windows")
    with_members(cli, fresh)
    ok(cli("plan", "set", "4", "--cop", str(fresh), "--channels", "email", "--frequency",
           "monthly"))
    ok(cli("plan", "assign", "4", "--to", "maria-lopez", "--cop", str(fresh)))
    charter = (fresh / "charter.yaml").read_bytes()
    assert b"  channels:\r\n    - email\r\n" in charter
    assert b"\n" not in charter.replace(b"\r\n", b"")
    stat = git(fresh, "show", "--stat", "--format=", "HEAD~1")
    assert "charter.yaml | 5 +++--" in stat  # only the lines that changed
    plan = (fresh / "plan.yaml").read_bytes()
    assert plan.endswith(b"steps:\r\n  - {step: 4, responsible: maria-lopez}\r\n")
