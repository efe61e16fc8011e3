"""`copkit review` (planning step 9): the changes since the last review, read from git, are
summarised correctly; each step is confirmed or revised; the review is appended to the
charter's log in place and committed; the review-overdue warning goes away."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.checks.run import check_cop
from copkit.planning.changes import summarise
from copkit.planning.review import run_review
from copkit.steps.status import status_for_root

from .conftest import Templates, git
from .test_plan_cli import ok, planned_copy, subjects
from .test_wizard import TODAY, Script

Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", TODAY.isoformat())


@pytest.fixture
def planned(tmp_path: Path, cli: Cli, cop_templates: Templates) -> Path:
    """A CoP with the nine steps done by flags (the last one is a first review)."""
    return planned_copy(cop_templates, cli, tmp_path / "cop")


def edit(root: Path, name: str, old: str, new: str, message: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(root, "commit", "-qam", message)


def test_first_review_records_the_log_entry_and_commits(cli: Cli, tmp_path: Path,
                                                        init_copy: Callable[..., Path]) -> None:
    root = init_copy(tmp_path / "cop", name="LED units CoP")
    ok(cli("plan", "set", "1", "--cop", str(root), "--member", "María López <maria@example.org>",
           "--member", "Juan Pérez <juan@example.org>"))
    ok(cli("plan", "set", "2", "--cop", str(root), "--facilitator", "maria-lopez"))
    before = (root / "charter.yaml").read_text(encoding="utf-8")
    result = ok(cli("review", "--cop", str(root), "--confirm-all"))
    out = result.stdout
    start = git(root, "log", "--format=%H %cs", "--reverse").split()
    # the charter's start date (init wrote today's), and the first commit with its own date
    said = f"{TODAY} (commit {start[0][:8]})" if start[1] == TODAY.isoformat() else \
        f"{TODAY}, the charter's start date (its first commit {start[0][:8]} is of {start[1]})"
    assert f"First review (none is recorded yet): everything since the CoP started on " \
           f"{said}; the charter is compared with its first version:" in out
    assert "charter change" not in out  # nothing was filled in since `copkit init`
    assert "  2 members joined: María López (maria-lopez), Juan Pérez (juan-perez)" in out
    assert "Steps 1-8 as the records stand today:" in out
    assert "  step 1 (members): done" in out
    assert "  step 4 (communication and meetings): to do (still needed: charter.yaml: " \
           "ways_of_working.channels is empty)" in out
    assert "review recorded by maria-lopez: Reviewed steps 1-8: all confirmed; 2 changes " \
           "in the records since the last review" in out
    charter = (root / "charter.yaml").read_text(encoding="utf-8")
    comments = [ln for ln in before.splitlines() if ln.lstrip().startswith("#")]
    assert all(c in charter for c in comments)
    assert "  last_reviewed: 2026-11-22\n  log:\n    - date: 2026-11-22\n      by: maria-lopez\n" \
           "      summary: 'Reviewed steps 1-8: all confirmed; 2 changes in the records " \
           "since the last review'\n" in charter
    assert subjects(root)[0] == "copkit: plan step 9 (review)"
    body = git(root, "log", "-1", "--format=%b")
    assert "charter.yaml: review on 2026-11-22 by maria-lopez" in body
    assert "confirmed steps: 1-8" in body
    status, _ = status_for_root(root, TODAY)
    assert status.get(9).status == "done"  # type: ignore[union-attr]


def test_second_review_shows_what_changed_since_the_first(cli: Cli, planned: Path) -> None:
    c = ["--cop", str(planned)]
    first = git(planned, "rev-parse", "HEAD").strip()
    ok(cli("member", "add", "Ana Ruiz", "--email", "ana@example.org", *c))
    ok(cli("member", "leave", "juan-perez", "--date", "2026-11-22", *c))
    edit(planned, "charter.yaml", "purpose:\n", "purpose: Set up LED units that work\n",
         "purpose")
    ok(cli("plan", "set", "6", *c, "--topic", "Costs of a unit@2027-02-01"))
    edit(planned, "learning-agenda.yaml", "    status: planned\n", "    status: covered\n",
         "models covered")
    ok(cli("practice", "add", "--title", "LED unit how-to", "--kind", "method", *c))
    result = ok(cli("review", *c, "--confirm-all", "--by", "ana", "--summary",
                    "Juan left; Ana takes over the agenda"))
    out = result.stdout
    assert f"Since the last review on 2026-11-22 (commit {first[:8]}):" in out
    assert "  1 member joined: Ana Ruiz (ana-ruiz)" in out
    assert "  1 member left: Juan Pérez (juan-perez)" in out
    assert "  1 charter change:\n    - charter: purpose set to" in out
    assert "  1 topic added: Costs of a unit (costs-of-a-unit)" in out
    assert "  1 topic covered: Models for LED units (models-for-led-units)" in out
    assert "  1 practice added: LED unit how-to (led-unit-how-to)" in out
    assert "(s)" not in out and " 1 members" not in out
    assert "other changes" not in out
    assert "review recorded by ana-ruiz: Juan left; Ana takes over the agenda" in out
    charter = (planned / "charter.yaml").read_text(encoding="utf-8")
    assert "    - {date: 2026-11-22, by: maria-lopez, summary: First plan agreed}\n" \
           "    - date: 2026-11-22\n      by: ana-ruiz\n      summary: Juan left; Ana takes " \
           "over the agenda\n" in charter
    # a third review right after sees nothing new
    third = ok(cli("review", *c, "--confirm-all"))
    assert "  nothing changed in the records" in third.stdout


def test_first_review_lists_the_charter_fields_filled_since_init(
        cli: Cli, tmp_path: Path, init_copy: Callable[..., Path]) -> None:
    root = init_copy(tmp_path / "cop", name="LED units CoP")
    c = ["--cop", str(root)]
    ok(cli("plan", "set", "0", *c, "--domain", "Municipal LED units are hard to set up"))
    ok(cli("plan", "set", "1", *c, "--member", "María López <maria@example.org>"))
    ok(cli("plan", "set", "4", *c, "--channels", "email", "--frequency", "monthly"))
    out = ok(cli("review", *c, "--confirm-all", "--by", "maria")).stdout
    assert "  1 member joined: María López (maria-lopez)\n" in out
    assert "  3 charter changes:\n" \
           "    - charter: domain.statement set to Municipal LED units are hard to set up\n" \
           "    - charter: ways_of_working.channels: added email\n" \
           "    - charter: ways_of_working.meeting_frequency set to monthly\n" in out
    assert "name set to" not in out  # what `copkit init` wrote is not news
    assert "; 4 changes in the records since the last review" in out


def test_summary_of_a_charter_with_no_earlier_version_lists_what_it_holds() -> None:
    from copkit.git.semdiff import Change

    charter = {"name": "LED units CoP", "purpose": "Set up units", "ground_rules": ["Be kind"],
               "review": {"cycle": "annual"}, "audience": None}
    s = summarise([Change("charter", "", "added", None, None, charter, "charter: created")],
                  None, None)
    assert s.charter == ["charter: name set to LED units CoP", "charter: purpose set to Set up "
                         "units", "charter: ground_rules: added Be kind"]
    assert s.lines()[0] == ("First review (none is recorded yet): everything in the records "
                            "is new to it; the charter is shown as it is now:")
    assert "  3 charter changes:" in s.lines()


def test_summary_groups_changes() -> None:
    from copkit.git.semdiff import Change

    changes = [
        Change("members", "ana", "added", None, None, {"id": "ana", "name": "Ana"}, "joined"),
        Change("members", "bob", "changed", "left", None, "2026-01-01", "bob left"),
        Change("members", "eve", "changed", "email", "a", "b", "members: eve email changed"),
        Change("charter", "", "changed", "review.last_reviewed", None, "x", "review"),
        Change("charter", "", "added", None, None, {}, "charter: created"),
        Change("learning-agenda", "group:units", "added", None, None, {}, "group added"),
        Change("practice", "p", "changed", "status", "draft", "tested", "practice p tested"),
    ]
    s = summarise(changes, None, None)
    assert (s.joined, s.left, s.charter) == (["Ana (ana)"], ["bob"], [])
    named = summarise(changes, None, None, {"bob": "Bob Stone"})
    assert named.left == ["Bob Stone (bob)"]
    assert "  1 member joined: Ana (ana)" in named.lines()
    assert "  1 member left: Bob Stone (bob)" in named.lines()
    assert s.other == ["members: eve email changed", "group added", "practice p tested"]
    assert s.total == 5
    many = summarise([Change("members", f"m{i}", "added", None, None, {}, "j")
                      for i in range(25)], "abc12345", None)
    assert "  25 members joined: m0, m1, m2, m3, m4, m5, m6, m7, m8, m9 and 15 more" in \
        many.lines()


def test_interactive_review_revises_a_step(planned: Path) -> None:
    answers = ["y", "y", "y", "n", "newsletter", "", "y", "y", "y", "y", "", ""]
    script = Script(answers)
    result = run_review(planned, script, interactive=True)
    assert script.answers == []
    assert result.revised == [4] and result.confirmed == [1, 2, 3, 5, 6, 7, 8]
    assert result.by == "maria-lopez"
    assert result.summary == "Reviewed steps 1-8: revised 4; no change in the records " \
                             "since the last review"
    assert subjects(planned)[:2] == ["copkit: plan step 9 (review)",
                                     "copkit: plan step 4 (communication and meetings)"]
    assert "revised steps: 4" in git(planned, "log", "-1", "--format=%b")
    assert "    - newsletter\n" in (planned / "charter.yaml").read_text(encoding="utf-8")
    assert "=== Step 4 of 9: Communication and meetings ===" in script.text


def test_review_without_a_terminal_needs_confirm_all(cli: Cli, planned: Path) -> None:
    count = len(subjects(planned))
    result = cli("review", "--cop", str(planned), input="y\n")
    assert result.exit_code == 1
    assert "error: copkit review asks the facilitator to confirm each step, and there is no " \
           "terminal to ask on" in result.stderr
    assert 'hint: use: copkit review --confirm-all --by MEMBER --summary "..."' in result.stderr
    assert len(subjects(planned)) == count and git(planned, "status", "--porcelain") == ""


@pytest.mark.parametrize(("by", "message"), [
    ("nobody", "error: --by: 'nobody' is not a member"),
    ("e", "error: --by: 'e' is not a member"),  # a fragment is never taken (#15)
])
def test_review_by_someone_who_is_not_a_member(cli: Cli, planned: Path, by: str,
                                               message: str) -> None:
    count = len(subjects(planned))
    result = cli("review", "--cop", str(planned), "--confirm-all", "--by", by)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(subjects(planned)) == count and git(planned, "status", "--porcelain") == ""


def test_review_clears_the_overdue_warning(cli: Cli, planned: Path) -> None:
    edit(planned, "charter.yaml", "  last_reviewed: 2026-11-22", "  last_reviewed: 2025-06-01",
         "an old review")
    edit(planned, "charter.yaml", "    - {date: 2026-11-22,", "    - {date: 2025-06-01,",
         "an old review")
    result = cli("check", "--cop", str(planned), "--format", "json")
    codes = [f["code"] for f in json.loads(result.stdout)["findings"]]
    assert "review-overdue" in codes
    ok(cli("review", "--cop", str(planned), "--confirm-all", "--by", "maria-lopez"))
    _, findings = check_cop(planned)
    assert not [f for f in findings if f.code in ("review-overdue", "plan-step")]


def test_review_with_no_commit(cli: Cli, planned: Path) -> None:
    count = len(subjects(planned))
    result = ok(cli("review", "--cop", str(planned), "--confirm-all", "--no-commit"))
    assert "not committed (--no-commit)" in result.stdout
    assert len(subjects(planned)) == count
    assert git(planned, "status", "--porcelain").strip() == "M charter.yaml"
