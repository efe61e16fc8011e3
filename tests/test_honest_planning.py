"""#15, honest planning: init answers none of the planning questions itself, check right
after init is close to silent, health advice waits for the CoP's first period, step 2 takes a
co-facilitator, step 7 needs dated activities, and the first review names the start date the
charter says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.cli.init import init_cop
from tests.conftest import git

Cli = Callable[..., Result]
TODAY = dt.date(2026, 12, 8)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", TODAY.isoformat())


def test_init_leaves_the_planning_questions_unanswered(tmp_path: Path) -> None:
    init_cop(tmp_path / "cop", name="Ayllu")
    charter = (tmp_path / "cop" / "charter.yaml").read_text(encoding="utf-8")
    assert "  # for example: membership: invitation\n  membership:\n" in charter
    assert "  # for example: visibility: members\n  visibility:\n" in charter
    assert f"started: {TODAY}\n" in charter


def test_init_started_takes_a_date_and_refuses_a_bad_one(tmp_path: Path, cli: Cli) -> None:
    ok = cli("init", str(tmp_path / "a"), "--started", "2026-08-01")
    assert ok.exit_code == 0, ok.output
    assert "started: 2026-08-01\n" in (tmp_path / "a" / "charter.yaml").read_text("utf-8")
    bad = cli("init", str(tmp_path / "b"), "--started", "01/08/2026")
    assert bad.exit_code == 2
    assert "error: --started: '01/08/2026' is not a date" in bad.stderr
    assert not (tmp_path / "b").exists()
    example = cli("init", str(tmp_path / "c"), "--example", "led-units", "--started",
                  "2026-08-01")
    assert example.exit_code == 2
    assert "--started is for a new CoP" in example.stderr


def test_check_right_after_init_says_one_thing(tmp_path: Path, cli: Cli) -> None:
    """What remains after init, each justified: the plan has not begun (one warning, not one
    per step); no health advice before the first period (no meeting can be missing yet)."""
    init_cop(tmp_path / "cop", name="Ayllu")
    result = cli("check", "--cop", str(tmp_path / "cop"))
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.stdout.splitlines() if "warning[" in ln]
    assert len(lines) == 1
    assert lines[0].endswith("warning[plan-not-started] planning has not started: the 9 steps "
                             "of 'Action plan in nine steps (FCM)' are to do, from step 1 "
                             "(members)")
    assert "0 error(s), 1 warning(s)" in result.stdout


def test_health_advice_waits_for_the_first_period(tmp_path: Path, cli: Cli,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "cop"
    init_cop(root, name="Ayllu", started=dt.date(2026, 11, 1))
    ok = cli("plan", "set", "4", "--cop", str(root), "--channels", "email", "--frequency",
             "monthly")
    assert ok.exit_code == 0, ok.output
    # monthly: the first period ends 2026-12-01 (started + 30 days)
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-30")
    early = cli("check", "--cop", str(root))
    assert "health-" not in early.stdout
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-02")
    later = cli("check", "--cop", str(root))
    assert "warning[health-schedule] health: a regular schedule is at risk" in later.stdout


def test_step2_takes_a_co_facilitator(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "cop"
    init_cop(root, name="Ayllu")
    assert cli("plan", "set", "1", "--cop", str(root), "--member", "Rosa Quispe <r@a.pe>",
               "--member", "Inés Mamani <i@a.pe>").exit_code == 0
    assert cli("member", "update", "Rosa", "--role", "co-facilitator", "--cop",
               str(root)).exit_code == 0
    status = cli("plan", "status", "--cop", str(root), "-f", "json")
    import json

    steps = json.loads(status.stdout)["steps"]
    assert steps[1]["status"] == "done"


def test_step7_is_done_only_with_dated_activities(tmp_path: Path, cli: Cli) -> None:
    import json

    root = tmp_path / "cop"
    init_cop(root, name="Ayllu")

    def step7() -> str:
        out = cli("plan", "status", "--cop", str(root), "-f", "json").stdout
        return str(json.loads(out)["steps"][6]["status"])

    assert cli("plan", "set", "7", "--cop", str(root), "--activity",
               "Visita a Taquile=3500 PEN=site-visit").exit_code == 0
    assert step7() == "partial"  # no dates: M8 could count nothing
    assert cli("plan", "set", "7", "--cop", str(root), "--activity",
               "visita-a-taquile=3500 PEN@2027-03-10..2027-03-12").exit_code == 0
    text = (root / "activities.yaml").read_text(encoding="utf-8")
    assert "    start: 2027-03-10\n    end: 2027-03-12\n" in text
    assert step7() == "done"


def test_the_first_review_names_the_start_the_charter_says(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "cop"
    init_cop(root, name="Ayllu")
    path = root / "charter.yaml"
    path.write_text(path.read_text("utf-8").replace(f"started: {TODAY}",
                                                    "started: 2026-08-01"), "utf-8")
    git(root, "commit", "-qam", "the CoP started in August")
    result = cli("review", "--cop", str(root), "--confirm-all")
    assert result.exit_code == 0, result.output
    first = git(root, "log", "--format=%H %cs", "--reverse").split()
    assert ("everything since the CoP started on 2026-08-01, the charter's start date (its "
            f"first commit {first[0][:8]} is of {first[1]})") in result.stdout
    assert f"started {TODAY} → 2026-08-01" in result.stdout
