"""The update verbs on bad input (nothing written, a clear message) and on good input (the
change in place, the bytes around it kept, only its own files committed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from .conftest import git
from .records_cop import AGENDA, MEETING, PRACTICE, small_cop

Cli = Callable[..., Result]
MEETING_PATH = "meetings/2026-05-10-unit-models.yaml"


@pytest.fixture
def cop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    root = small_cop(tmp_path)
    return root


def snapshot(root: Path) -> tuple[str, dict[str, bytes]]:
    files = {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*.yaml")
             if ".git" not in p.parts}
    return git(root, "rev-parse", "HEAD"), files


@pytest.mark.parametrize(("args", "message", "hint"), [
    (("practice", "update", "led-unit-how-too", "--status", "evaluated"),
     "error: there is no practice with the id 'led-unit-how-too'",
     "did you mean 'led-unit-how-to'?"),
    (("meeting", "update", "2026-05-10-unit-model", "--title", "x"),
     "error: there is no meeting with the id '2026-05-10-unit-model'",
     "did you mean '2026-05-10-unit-models'?"),
    (("topic", "update", "unit-model", "--status", "covered"),
     "error: there is no topic with the id 'unit-model'", "did you mean 'unit-models'?"),
    (("story", "update", "nothing-here", "--title", "x"),
     "error: there is no story with the id 'nothing-here'", "list them with copkit story list"),
    (("action", "done", "2026-05-10-unit-models", "1"),
     "error: meetings/2026-05-10-unit-models.yaml:1:1: meeting '2026-05-10-unit-models' has "
     "no actions, so there is no action 1",
     "add one with copkit meeting update 2026-05-10-unit-models --action TEXT (copkit action "
     "list shows them)"),
    (("practice", "update", "led-unit-how-to", "--status", "draft"),
     "error: --status draft: the practice is tested already, and draft would be a step back",
     "add --force if the practice really went back to draft"),
    (("topic", "update", "unit-models", "--status", "planned"),
     "error: --status planned: the topic is in-progress already, and planned would be a step "
     "back", "add --force if the topic really went back to planned"),
    (("practice", "update", "led-unit-how-to", "--status", "evaluated", "--on", "2026-05-01"),
     "error: --on 2026-05-01: the practice was added on 2026-06-01, after this day",
     "give a date on or after 2026-06-01, or correct --added"),
    (("practice", "adopt", "led-unit-how-to", "--organisation", "Puno", "--on", "2025-12-01"),
     "error: --on 2025-12-01: the practice was added on 2026-06-01, after this day",
     "give a date on or after 2026-06-01, or correct --added"),
    (("topic", "update", "unit-models", "--session", "2025-12-01"),
     "error: --session 2025-12-01: the CoP started on 2026-01-01, so nothing can happen in it "
     "before that day", "give a date on or after 2026-01-01, or change the start with copkit "
     "charter set started 2025-12-01"),
    (("meeting", "update", "2026-05-10-unit-models", "--date", "2025-05-10"),
     "error: --date 2025-05-10: the CoP started on 2026-01-01, so nothing can happen in it "
     "before that day", "give a date on or after 2026-01-01, or change the start with copkit "
     "charter set started 2025-05-10"),
    (("meeting", "update", "2026-05-10-unit-models", "--owner", "maria-lopez"),
     "error: --owner and --due go with an --action",
     "copkit meeting update 2026-05-10-unit-models --action 'Send the minutes' --owner "
     "maria-lopez --due 2026-06-01"),
    (("charter", "goal", "remove", "g1"),
     "error: the goal 'g1' is still named by topic unit-models",
     "change those records first (copkit topic update ID --goal ...)"),
    (("charter", "set", "goals", "x"), "error: charter.goals is not a single value",
     "use copkit charter goal add|update|remove"),
])
def test_bad_input_writes_nothing(cop: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch,
                                  args: tuple[str, ...], message: str, hint: str) -> None:
    cli("charter", "set", "started", "2026-01-01", "--cop", str(cop))
    before = snapshot(cop)
    result = cli(*args, "--cop", str(cop))
    assert result.exit_code in (1, 2), result.output
    assert result.stderr.splitlines()[:2] == [message, f"  hint: {hint}"]
    assert snapshot(cop) == before


def test_rename_onto_an_existing_meeting_is_refused(cop: Path, cli: Cli) -> None:
    assert cli("meeting", "new", "--date", "2026-05-12", "--title", "Unit models", "--cop",
               str(cop)).exit_code == 0
    before = snapshot(cop)
    result = cli("meeting", "update", "2026-05-10-unit-models", "--date", "2026-05-12",
                 "--cop", str(cop))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "error: meetings/2026-05-12-unit-models.yaml:1:1: a meeting is already recorded in "
        "meetings/2026-05-12-unit-models.yaml, so '2026-05-10-unit-models' cannot be renamed "
        "to it")
    assert snapshot(cop) == before


def test_meeting_update_renames_and_moves_the_session(cop: Path, cli: Cli) -> None:
    cli("topic", "update", "unit-models", "--session", "2026-05-10", "--cop", str(cop))
    result = cli("meeting", "update", "2026-05-10-unit-models", "--date", "2026-05-11",
                 "--decision", "Meet monthly", "--action", "Send the minutes", "--owner",
                 "María", "--due", "2026-05-20", "--cop", str(cop))
    assert result.exit_code == 0, result.output
    assert not (cop / MEETING_PATH).exists()
    text = (cop / "meetings" / "2026-05-11-unit-models.yaml").read_text(encoding="utf-8")
    # the comments and the untouched lines are kept byte for byte
    assert text == MEETING.replace("date: 2026-05-10", "date: 2026-05-11").replace(
        "decisions: [Write a how-to guide for new units]",
        "decisions: [Write a how-to guide for new units, Meet monthly]") + \
        "actions:\n  - {action: Send the minutes, owner: maria-lopez, due: 2026-05-20}\n"
    agenda = (cop / "learning-agenda.yaml").read_text(encoding="utf-8")
    assert "sessions: [2026-05-11]" in agenda and "2026-05-10" not in agenda
    assert agenda.replace("    sessions: [2026-05-11]\n", "") == AGENDA
    assert git(cop, "log", "-1", "--format=%s").strip() == \
        "copkit: update meeting 2026-05-10-unit-models (now 2026-05-11-unit-models)"
    changed = git(cop, "show", "--name-only", "--format=", "--no-renames", "HEAD").split()
    assert changed == ["learning-agenda.yaml", MEETING_PATH,
                       "meetings/2026-05-11-unit-models.yaml"]
    done = cli("action", "done", "2026-05-11-unit-models", "1", "--on", "2026-05-19",
               "--cop", str(cop))
    assert done.exit_code == 0, done.output
    listed = cli("action", "list", "--format", "csv", "--cop", str(cop)).stdout
    assert listed.splitlines() == [
        "meeting,n,action,owner,due,done,state",
        "2026-05-11-unit-models,1,Send the minutes,maria-lopez,2026-05-20,2026-05-19,done"]


def test_practice_status_log_and_adoption_keep_the_file(cop: Path, cli: Cli) -> None:
    result = cli("practice", "update", "led-unit-how-to", "--status", "evaluated", "--on",
                 "2026-09-01", "--cop", str(cop))
    assert result.exit_code == 0, result.output
    adopt = cli("practice", "adopt", "led-unit-how-to", "--organisation", "Municipalidad de Puno",
                "--on", "2026-10-01", "--cop", str(cop))
    assert adopt.exit_code == 0, adopt.output
    text = (cop / "practices" / "led-unit-how-to.yaml").read_text(encoding="utf-8")
    assert text == PRACTICE.replace("status: tested", "status: evaluated") + (
        "adoptions:\n  - {organisation: Municipalidad de Puno, date: 2026-10-01}\n"
        "status_log:\n  - {status: tested, date: 2026-06-01}\n"
        "  - {status: evaluated, date: 2026-09-01}\n")
    assert git(cop, "show", "--name-only", "--format=", "HEAD").split() == [
        "practices/led-unit-how-to.yaml"]
    again = cli("practice", "update", "led-unit-how-to", "--status", "tested", "--force",
                "--cop", str(cop))
    assert again.exit_code == 0, again.output


def test_plan_set_takes_a_field_another_step_or_template_asks(cop: Path, cli: Cli) -> None:
    """fcm-nine-steps' step 2 does not ask for decision making (lga-stages does): --set takes
    it; stakeholders, which no template asks as text, point to their own command."""
    done = cli("plan", "set", "2", "--set", "charter.governance.decision_making=Consensus",
               "--cop", str(cop))
    assert done.exit_code == 0, done.output
    assert "  decision_making: Consensus\n" in (cop / "charter.yaml").read_text("utf-8")
    refused = cli("plan", "set", "2", "--set", "charter.governance.stakeholders=Ministry",
                  "--cop", str(cop))
    assert refused.exit_code == 2
    assert refused.stderr.splitlines()[1] == \
        "  hint: record them with copkit charter stakeholder add ..."
