"""`copkit diff`: the semantic diff of the records between two points in history."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.errors import GitError
from copkit.git.history import (
    commit_before,
    diff_revisions,
    last_review_commit,
    semantic_diff,
)
from copkit.git.semdiff import compare_file

from .conftest import git
from .test_history import CHARTER, MEMBERS, CopRepo

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def repo(tmp_path: Path) -> CopRepo:
    return CopRepo(tmp_path / "cop")


def words(changes: list) -> list[str]:  # type: ignore[type-arg]
    return [c.text for c in changes]


# ---------------------------------------------------------------- words, kind by kind
def test_members_join_leave_rejoin_and_fields() -> None:
    old = {"members": [
        {"id": "maria-lopez", "name": "María", "level": "active", "email": "m@x.org"},
        {"id": "ana-ruiz", "name": "Ana", "left": None},
        {"id": "li-wei", "name": "Li", "left": dt.date(2026, 1, 1)},
        {"id": "gone", "name": "Gone"},
    ]}
    new = {"members": [
        {"id": "maria-lopez", "name": "María", "level": "core", "email": "maria@x.org",
         "roles": ["facilitator"]},
        {"id": "ana-ruiz", "name": "Ana", "left": dt.date(2026, 5, 1)},
        {"id": "li-wei", "name": "Li", "left": None},
        {"id": "juan-perez", "name": "Juan"},
    ]}
    changes = compare_file("members", old, new)
    assert words(changes) == [
        "members: maria-lopez: level active → core",
        "members: maria-lopez: email changed",
        "members: maria-lopez: roles: added facilitator",
        "members: ana-ruiz left (2026-05-01)",
        "members: li-wei rejoined (left date 2026-01-01 removed)",
        "members: juan-perez joined",
        "members: gone removed from the list",
    ]
    # contact details are never in the words, even though the data keeps them
    assert "maria@x.org" not in " ".join(words(changes))
    joined = changes[5]
    assert (joined.kind, joined.record, joined.action, joined.field) == \
        ("members", "juan-perez", "added", None)
    left = changes[3]
    assert (left.field, left.old, left.new) == ("left", None, dt.date(2026, 5, 1))


def test_charter_goals_review_and_nested_fields() -> None:
    old = {"name": "CoP", "stage": "coalescing",
           "goals": [{"id": "g1", "statement": "Share"}, {"id": "g3", "statement": "Old"}],
           "ways_of_working": {"meeting_frequency": "monthly", "channels": ["email"]},
           "review": {"last_reviewed": dt.date(2025, 11, 1),
                      "log": [{"date": dt.date(2025, 11, 1), "by": "maria-lopez"}]}}
    new = {"name": "CoP", "stage": "maturing",
           "goals": [{"id": "g1", "statement": "Share what works"},
                     {"id": "g2", "statement": "Learn"}],
           "ways_of_working": {"meeting_frequency": "fortnightly",
                               "channels": ["email", "newsletter"]},
           "review": {"last_reviewed": dt.date(2026, 11, 1),
                      "log": [{"date": dt.date(2025, 11, 1), "by": "maria-lopez"},
                              {"date": dt.date(2026, 11, 1), "by": "juan-perez",
                               "summary": "Goals renewed"}]}}
    assert words(compare_file("charter", old, new)) == [
        "charter: stage coalescing → maturing",
        "charter: goal g1: statement Share → Share what works",
        "charter: goal g2 added",
        "charter: goal g3 removed",
        "charter: ways_of_working.meeting_frequency monthly → fortnightly",
        "charter: ways_of_working.channels: added newsletter",
        "charter: last reviewed 2025-11-01 → 2026-11-01",
        "charter: review recorded on 2026-11-01 by juan-perez",
    ]
    goal = compare_file("charter", old, new)[2]
    assert (goal.kind, goal.record, goal.action, goal.field) == \
        ("charter", "", "changed", "goals.g2")
    nested = compare_file("charter", old, new)[1]
    assert nested.field == "goals.g1.statement"


def test_agenda_activities_and_plan() -> None:
    old = {"topics": [{"id": "unit-models", "title": "Units", "status": "planned"},
                      {"id": "budgets", "title": "Budgets", "status": "in-progress"}],
           "thematic_groups": [{"id": "units", "name": "Units", "members": ["a"]}]}
    new = {"topics": [{"id": "unit-models", "title": "Units", "status": "in-progress"},
                      {"id": "budgets", "title": "Budgets", "status": "covered"},
                      {"id": "tourism", "title": "Tourism"}],
           "thematic_groups": [{"id": "units", "name": "Units", "members": ["a", "b"]}]}
    assert words(compare_file("learning-agenda", old, new)) == [
        "learning-agenda: topic unit-models: status planned → in-progress",
        "learning-agenda: topic budgets covered",
        "learning-agenda: topic tourism added (Tourism)",
        "learning-agenda: group units: members: added b",
    ]
    old_acts = {"activities": [{"id": "visit", "title": "Visit", "status": "planned",
                                "budget": {"amount": 1500, "currency": "CAD"}}]}
    new_acts = {"activities": [{"id": "visit", "title": "Visit", "status": "done",
                                "budget": {"amount": 1500, "currency": "CAD"},
                                "spent": {"amount": 1320, "currency": "CAD"}}]}
    assert words(compare_file("activities", old_acts, new_acts)) == [
        "activities: visit: status planned → done",
        "activities: visit: spent set to {amount: 1320, currency: CAD}",
    ]
    old_plan = {"steps": [{"step": 1, "responsible": "maria-lopez"}]}
    new_plan = {"steps": [{"step": 1, "responsible": "juan-perez",
                           "deadline": dt.date(2026, 4, 1)}, {"step": 2}]}
    assert words(compare_file("plan", old_plan, new_plan)) == [
        "plan: step 1: responsible maria-lopez → juan-perez",
        "plan: step 1: deadline set to 2026-04-01",
        "plan: step 2 added",
    ]


def test_one_file_records() -> None:
    m_old = {"date": dt.date(2026, 5, 10), "title": "Units", "attendees": ["a", "b"],
             "notes": "short",
             "actions": [{"action": "Draft the guide", "owner": "a"}]}
    m_new = {"date": dt.date(2026, 5, 10), "title": "Units",
             "attendees": ["a", "c", "d", "e"], "notes": "A long text " * 10,
             "actions": [{"action": "Draft the guide", "owner": "a",
                          "done": dt.date(2026, 5, 28)},
                         {"action": "Share it"}]}
    assert words(compare_file("meeting", m_old, m_new, "2026-05-10-x", "2026-05-10-x")) == [
        "meeting 2026-05-10-x: 3 attendees added (c, d, e)",
        "meeting 2026-05-10-x: 1 attendee removed (b)",
        "meeting 2026-05-10-x: notes changed",
        "meeting 2026-05-10-x: action done: Draft the guide",
        "meeting 2026-05-10-x: action added: Share it",
    ]
    p_old = {"title": "How-to", "status": "draft", "adoptions": []}
    p_new = {"title": "How-to", "status": "tested",
             "adoptions": [{"organisation": "Municipality of Puno"}]}
    assert words(compare_file("practice", p_old, p_new, "how-to", "how-to")) == [
        "practice how-to: status draft → tested",
        "practice how-to: adopted by Municipality of Puno",
    ]
    s_old = {"title": "Survey", "responses": [{"answers": {"q1": 4}}]}
    s_new = {"title": "Survey", "responses": [{"answers": {"q1": 4}}, {"answers": {"q1": 5}},
                                              {"answers": {"q1": 4}}]}
    assert words(compare_file("survey", s_old, s_new, "annual", "annual")) == [
        "survey annual: 2 responses added"]
    st_old = {"title": "Story", "cycles": {"immediate": "Heard of it"}}
    st_new = {"title": "Story", "cycles": {"immediate": "Heard of it", "applied": "Used it"}}
    assert words(compare_file("story", st_old, st_new, "puno", "puno")) == [
        "story puno: cycles.applied set to Used it"]
    assert words(compare_file("practice", None, p_new, None, "how-to")) == [
        "practice how-to added (How-to)"]
    assert words(compare_file("meeting", m_old, None, "2026-05-10-x", None)) == [
        "meeting 2026-05-10-x removed"]
    assert compare_file("meeting", m_old, dict(m_old), "2026-05-10-x", "2026-05-10-x") == []


# ---------------------------------------------------------------- between revisions
def _two_points(repo: CopRepo) -> tuple[str, str]:
    first = repo.start()
    repo.write("members.yaml", MEMBERS + "  - id: ana-ruiz\n    name: Ana Ruiz\n")
    repo.write("charter.yaml", CHARTER + "  - {id: g2, statement: Learn}\n")
    repo.write("meetings/2026-05-10-units.yaml",
               "date: 2026-05-10\ntitle: Units\nattendees: [maria-lopez, ana-ruiz]\n")
    repo.write("practices/how-to.yaml", "title: How-to\nstatus: draft\n")
    second = repo.commit("more", "2026-05-11T10:00:00+00:00")
    return first, second


def test_diff_between_two_commits_grouped_by_file(repo: CopRepo, cli: Callable[..., Result],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _two_points(repo)
    assert words(diff_revisions(repo.path, first, second)) == [
        "charter: goal g2 added",
        "members: ana-ruiz joined",
        "meeting 2026-05-10-units added (Units)",
        "practice how-to added (How-to)",
    ]
    monkeypatch.setenv("COLUMNS", "100")
    result = cli("diff", "--cop", str(repo.path), first, second)
    assert result.exit_code == 0, result.stderr
    expected = (GOLDEN / "diff_two_commits.txt").read_text(encoding="utf-8")
    assert result.stdout == expected
    # everything since an empty CoP
    assert words(diff_revisions(repo.path, None, first)) == [
        "charter: created", "members: maria-lopez joined"]


def test_diff_json(repo: CopRepo, cli: Callable[..., Result]) -> None:
    first, second = _two_points(repo)
    result = cli("diff", "--cop", str(repo.path), first, second, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["old"] == first and data["new"] == second
    assert data["changes"][1] == {"kind": "members", "record": "ana-ruiz", "action": "added",
                                  "field": None, "old": None,
                                  "new": {"id": "ana-ruiz", "name": "Ana Ruiz"},
                                  "text": "members: ana-ruiz joined"}
    assert data["problems"] == []


def test_diff_of_the_working_tree_includes_new_files(repo: CopRepo,
                                                     cli: Callable[..., Result]) -> None:
    repo.start()
    repo.write("practices/new-tip.yaml", "title: New tip\n")          # untracked
    repo.write("members.yaml", MEMBERS + "  - id: ana-ruiz\n    name: Ana Ruiz\n")  # modified
    assert words(diff_revisions(repo.path, "HEAD")) == [
        "members: ana-ruiz joined", "practice new-tip added (New tip)"]
    result = cli("diff", "--cop", str(repo.path))
    assert result.exit_code == 0
    assert "to the working tree" in result.stdout
    assert "+  practice new-tip added (New tip)" in result.stdout
    assert "2 added, 0 removed, 0 changed" in result.stdout
    git(repo.path, "add", "-A")
    git(repo.path, "commit", "-q", "-m", "both")
    result = cli("diff", "--cop", str(repo.path))
    assert "no changes to the records" in result.stdout


def test_renamed_meeting_file(repo: CopRepo) -> None:
    repo.start()
    repo.write("meetings/2026-05-10-x.yaml",
               "date: 2026-05-10\ntitle: X\nattendees: [maria-lopez]\n")
    old = repo.commit("meeting")
    git(repo.path, "mv", "meetings/2026-05-10-x.yaml", "meetings/2026-05-17-x.yaml")
    repo.write("meetings/2026-05-17-x.yaml",
               "date: 2026-05-17\ntitle: X\nattendees: [maria-lopez]\n")
    new = repo.commit("postponed")
    assert words(diff_revisions(repo.path, old, new)) == [
        "meeting 2026-05-10-x renamed to 2026-05-17-x",
        "meeting 2026-05-17-x: date 2026-05-10 → 2026-05-17",
    ]


def test_since_and_commit_before(repo: CopRepo, cli: Callable[..., Result]) -> None:
    first, second = _two_points(repo)
    assert commit_before(repo.path, dt.date(2026, 1, 9)) is None
    assert commit_before(repo.path, dt.date(2026, 1, 10)) == first
    assert commit_before(repo.path, dt.date(2026, 5, 10)) == first
    assert commit_before(repo.path, dt.date(2026, 5, 11)) == second
    result = cli("diff", "--cop", str(repo.path), "--since", "2026-02-01")
    assert result.exit_code == 0, result.stderr
    assert f"changes from {first[:10]} (2026-01-10, start) to the working tree" in result.stdout
    assert "members: ana-ruiz joined" in result.stdout
    assert "maria-lopez joined" not in result.stdout
    result = cli("diff", "--cop", str(repo.path), "--since", "2025-12-31")
    assert result.exit_code == 0
    assert "no commit on or before 2025-12-31: every record is shown as added" in result.stdout
    assert "members: maria-lopez joined" in result.stdout
    # --since with a revision: from the date up to that revision
    result = cli("diff", "--cop", str(repo.path), "--since", "2026-02-01", first)
    assert result.exit_code == 0
    assert "no changes to the records" in result.stdout


def test_last_review(repo: CopRepo, cli: Callable[..., Result]) -> None:
    repo.start()
    assert last_review_commit(repo.path) is None
    result = cli("diff", "--cop", str(repo.path), "--last-review")
    assert result.exit_code == 0
    assert "no review is recorded in the history" in result.stdout
    repo.write("charter.yaml", CHARTER + "review:\n  last_reviewed: 2026-03-01\n  log:\n"
               "    - {date: 2026-03-01, by: maria-lopez, summary: First review}\n")
    reviewed = repo.commit("copkit: review", "2026-03-01T10:00:00+00:00")
    repo.write("charter.yaml", CHARTER.replace("Test CoP", "Test CoP!") +
               "review:\n  last_reviewed: 2026-03-01\n  log:\n"
               "    - {date: 2026-03-01, by: maria-lopez, summary: First review}\n")
    repo.write("members.yaml", MEMBERS + "  - id: ana-ruiz\n    name: Ana Ruiz\n")
    repo.commit("after the review", "2026-04-01T10:00:00+00:00")
    assert last_review_commit(repo.path) == reviewed
    result = cli("diff", "--cop", str(repo.path), "--last-review")
    assert result.exit_code == 0, result.stderr
    assert f"changes from {reviewed[:10]}" in result.stdout
    assert "charter: name Test CoP → Test CoP!" in result.stdout
    assert "members: ana-ruiz joined" in result.stdout
    assert "review recorded" not in result.stdout


def test_a_file_that_does_not_parse_at_a_revision(repo: CopRepo,
                                                  cli: Callable[..., Result]) -> None:
    first = repo.start()
    repo.write("members.yaml", "members:\n  - id: ana\n    name: 'unclosed\n")
    repo.write("practices/tip.yaml", "title: Tip\n")
    second = repo.commit("half broken")
    result = semantic_diff(repo.path, first, second)
    assert words(result.changes) == ["practice tip added (Tip)"]
    assert len(result.problems) == 1
    assert result.problems[0].startswith("members.yaml:3:11: YAML syntax: a value opened here")
    assert f"at {second[:10]}" in result.problems[0]
    out = cli("diff", "--cop", str(repo.path), first, second)
    assert out.exit_code == 0
    assert "warning: members.yaml:3:11: YAML syntax" in out.stdout
    assert "practice tip added" in out.stdout


@pytest.mark.parametrize("rev, message", [
    ("no-such-branch", "unknown revision 'no-such-branch': no commit has that name"),
    ("deadbeef", "unknown revision 'deadbeef': no commit has that name"),
    ("--output=/tmp/copkit-pwned", "'--output=/tmp/copkit-pwned' is not a revision copkit "
     "understands"),
    ("HEAD..main", "'HEAD..main' is not a revision copkit understands"),
    ("a b", "'a b' is not a revision copkit understands"),
    ("", "'' is not a revision copkit understands"),
])
def test_unknown_or_hostile_revision(repo: CopRepo, cli: Callable[..., Result], rev: str,
                                     message: str, tmp_path: Path) -> None:
    repo.start()
    result = cli("diff", "--cop", str(repo.path), "--", rev)
    assert result.exit_code == 1
    assert f"error: {message}" in result.stderr
    assert "hint:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not Path("/tmp/copkit-pwned").exists()
    with pytest.raises(GitError):
        diff_revisions(repo.path, rev)


def test_revision_in_a_repository_without_commits(repo: CopRepo,
                                                  cli: Callable[..., Result]) -> None:
    repo.write("charter.yaml", CHARTER)
    result = cli("diff", "--cop", str(repo.path))
    assert result.exit_code == 1
    assert "the repository has no commits yet" in result.stderr
    result = cli("diff", "--cop", str(repo.path), "--since", "2026-01-01")
    assert result.exit_code == 0
    assert "charter: created" in result.stdout


def test_usage_errors(repo: CopRepo, cli: Callable[..., Result]) -> None:
    repo.start()
    result = cli("diff", "--cop", str(repo.path), "--since", "2026-01-01", "--last-review")
    assert result.exit_code == 2
    assert "use either --since or --last-review, not both" in result.stderr
    result = cli("diff", "--cop", str(repo.path), "--since", "2026-01-01", "HEAD", "HEAD")
    assert result.exit_code == 2
    assert "give at most one revision with --since or --last-review" in result.stderr
    result = cli("diff", "--cop", str(repo.path), "--since", "01/02/2026")
    assert result.exit_code == 2
    assert "--since: '01/02/2026' is not a date" in result.stderr


def test_cop_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    outer = CopRepo(tmp_path / "outer")
    outer.write("README.txt", "not a record\n")
    outer.write("cop/charter.yaml", CHARTER).write("cop/members.yaml", MEMBERS)
    outer.write("members.yaml", "members:\n  - id: outside\n    name: Outside\n")
    first = outer.commit("start")
    outer.write("cop/members.yaml", MEMBERS + "  - id: ana-ruiz\n    name: Ana\n")
    outer.write("members.yaml", "members:\n  - id: outside2\n    name: Outside\n")
    second = outer.commit("more")
    cop = outer.path / "cop"
    assert words(diff_revisions(cop, first, second)) == ["members: ana-ruiz joined"]
    from copkit.git.history import history

    assert [[c.text for c in e.changes] for e in history(cop)] == [
        ["charter: created", "members: maria-lopez joined"], ["members: ana-ruiz joined"]]


def test_subfolder_cop_new_commits_after_the_cache(tmp_path: Path) -> None:
    from copkit.git.history import history

    outer = CopRepo(tmp_path / "outer")
    outer.write("cop/charter.yaml", CHARTER).write("cop/members.yaml", MEMBERS)
    outer.write("members.yaml", "members:\n  - id: outside\n    name: Outside\n")
    outer.commit("start")
    cop = outer.path / "cop"
    assert [[c.text for c in e.changes] for e in history(cop)] == [
        ["charter: created", "members: maria-lopez joined"]]
    outer.write("cop/members.yaml", MEMBERS + "  - id: ana-ruiz\n    name: Ana\n")
    outer.write("members.yaml", "members:\n  - id: outside2\n    name: Outside\n")
    outer.commit("both")
    outer.write("members.yaml", "members:\n  - id: outside3\n    name: Outside\n")
    outer.commit("outside only")
    assert [[c.text for c in e.changes] for e in history(cop)] == [
        ["charter: created", "members: maria-lopez joined"], ["members: ana-ruiz joined"]]


def test_actions_sharing_a_text_and_identical_answers() -> None:
    old = {"title": "M", "actions": [{"action": "Call"}, {"action": "Call", "owner": "ana"}]}
    new = {"title": "M", "actions": [{"action": "Call", "done": dt.date(2026, 5, 2)},
                                     {"action": "Call", "owner": "ana"}]}
    assert words(compare_file("meeting", old, new, "m", "m")) == ["meeting m: action done: Call"]
    survey_old = {"title": "S", "responses": [{"answers": {"q1": 4}}]}
    survey_new = {"title": "S", "responses": [{"answers": {"q1": 4}}] * 3}
    assert words(compare_file("survey", survey_old, survey_new, "s", "s")) == [
        "survey s: 2 responses added"]
