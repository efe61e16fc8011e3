"""`copkit member merge KEEP DROP` (#13): one person's two records become one, everywhere a
member id can appear, in one commit, comments kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.records.merge import merge_members, merge_preview

from .conftest import git, make_repo
from .records_cop import small_cop

Cli = Callable[..., Result]

CHARTER = """\
# Who we are
name: Municipal LED units CoP
goals:
  - {id: g1, statement: Every member city has an LED unit}
review:
  last_reviewed: 2026-06-01
  log:
    - {date: 2026-06-01, by: juan-perez, summary: First review}   # the first one
"""
BUDGET_MEETING = """\
date: 2026-06-14
title: Budget hearings
attendees:
  - juan-perez     # came late
  - jose-garcia
  - maria-lopez
actions:
  - {action: Write the guide, owner: juan-perez, due: 2026-07-01}
notes: juan-perez presented the Cusco budget.
"""
STORY = """\
title: Cusco opened its LED unit
date: 2026-09-01
member: juan-perez   # told by
"""
SURVEY = """\
title: Member survey
date: 2026-10-01
questions:
  - {id: q1, text: Useful?, scale: 5}
responses:
  - {respondent: maria-lopez, answers: {q1: 4}}
  - {respondent: juan-perez, answers: {q1: 5}}
  - {answers: {q1: 3}}
"""
PLAN = """\
template: fcm-nine-steps
steps:
  - {step: 1, responsible: juan-perez, deadline: 2026-03-01}
"""


@pytest.fixture
def cop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small CoP, with juan-perez also in a charter review, a second meeting (with an
    action), a story, a survey and the plan."""
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    root = small_cop(tmp_path, commit=False)
    (root / "charter.yaml").write_text(CHARTER, encoding="utf-8")
    (root / "meetings" / "2026-06-14-budget-hearings.yaml").write_text(BUDGET_MEETING, "utf-8")
    (root / "stories").mkdir()
    (root / "stories" / "cusco-unit.yaml").write_text(STORY, encoding="utf-8")
    (root / "surveys").mkdir()
    (root / "surveys" / "member-survey.yaml").write_text(SURVEY, encoding="utf-8")
    (root / "plan.yaml").write_text(PLAN, encoding="utf-8")
    return make_repo(root)


def read(root: Path, relpath: str) -> str:
    return (root / relpath).read_text(encoding="utf-8")


def changed_in_last_commit(root: Path) -> list[str]:
    return git(root, "show", "--name-only", "--format=", "HEAD").split()


def test_merge_into_the_member_who_lacks_fields(cop: Path, cli: Cli) -> None:
    """maria-lopez folded into juan-perez: juan gets her organisation, country, level,
    email and phone, both roles; her comment moves with her record."""
    result = cli("member", "merge", "juan-perez", "maria-lopez", "--cop", str(cop), "--yes")
    assert result.exit_code == 0, result.output
    head = git(cop, "rev-parse", "HEAD")[:8]
    assert result.stdout.splitlines() == [
        "members.yaml: maria-lopez's record is removed; juan-perez keeps its own",
        "members.yaml: juan-perez: name: kept Juan Pérez; maria-lopez's María López is not "
        "kept (git history keeps it)",
        "members.yaml: juan-perez: organisation: (none) -> Municipality of Cusco (from "
        "maria-lopez)",
        "members.yaml: juan-perez: country: (none) -> PE (from maria-lopez)",
        "members.yaml: juan-perez: roles + facilitator (from maria-lopez)",
        "members.yaml: juan-perez: level: (none) -> core (from maria-lopez)",
        "members.yaml: juan-perez: email changed (from maria-lopez)",
        "members.yaml: juan-perez: phone changed (from maria-lopez)",
        "learning-agenda.yaml: maria-lopez -> juan-perez in thematic_groups[0].members "
        "(listed once)",
        "activities.yaml: maria-lopez -> juan-perez in activities[0].owner",
        "meetings/2026-05-10-unit-models.yaml: maria-lopez -> juan-perez in facilitator, "
        "attendees (listed once)",
        "meetings/2026-06-14-budget-hearings.yaml: maria-lopez -> juan-perez in attendees "
        "(listed once)",
        "surveys/member-survey.yaml: maria-lopez -> juan-perez in responses[0].respondent",
        "merged maria-lopez into juan-perez: wrote members.yaml, learning-agenda.yaml, "
        "activities.yaml, meetings/2026-05-10-unit-models.yaml, "
        "meetings/2026-06-14-budget-hearings.yaml, surveys/member-survey.yaml",
        f"committed {head}: copkit: merge member maria-lopez into juan-perez",
        "note: surveys/member-survey.yaml: responses 1, 2 are all juan-perez's now; all are "
        "kept (remove one by hand if they answered twice)",
    ]
    assert read(cop, "members.yaml") == """\
# The members of the community.
# Comments here must survive every edit.
members:

  # Juan leads the unit-models topic
  - id: juan-perez
    name: Juan Pérez
    organisation: Municipality of Cusco
    country: PE
    roles: [thematic-leader, facilitator]
    level: core
    email: maria@example.org
    phone: +51 984 000 000
    joined: 2026-01-10
    # merged from maria-lopez: the facilitator
  - id: jose-garcia
    name: José García
    email: jose@example.org
    joined: 2026-02-01
  - id: ana-ruiz
    name: Ana Ruiz
    organisation: Puno
    joined: 2026-02-01
  - id: ana-ruiz-2
    name: Ana Ruiz
    organisation: Arequipa
    joined: 2026-03-01
# end of the list
"""
    assert "facilitator: juan-perez\n" in read(cop, "meetings/2026-05-10-unit-models.yaml")
    assert "attendees: [juan-perez]" + " " * 16 + "# who came\n" in \
        read(cop, "meetings/2026-05-10-unit-models.yaml")
    assert read(cop, "meetings/2026-06-14-budget-hearings.yaml").startswith(
        "date: 2026-06-14\ntitle: Budget hearings\nattendees:\n  - juan-perez     # came late\n"
        "  - jose-garcia\nactions:\n")
    assert sorted(changed_in_last_commit(cop)) == sorted(
        ["members.yaml", "activities.yaml", "learning-agenda.yaml",
         "meetings/2026-05-10-unit-models.yaml", "meetings/2026-06-14-budget-hearings.yaml",
         "surveys/member-survey.yaml"])
    assert git(cop, "status", "--porcelain") == ""
    # the small CoP is in the old layout (contacts in members.yaml, which this merge moves):
    # check finds nothing wrong but those contact fields (#20)
    checked = cli("check", "--format", "json", "--cop", str(cop))
    errors = {f["code"] for f in json.loads(checked.stdout)["findings"]
              if f["severity"] == "error"}
    assert errors == {"contact-in-git"}, checked.stdout


def test_merge_rewrites_every_kind_of_reference(cop: Path) -> None:
    """juan-perez folded into maria-lopez: every field derived from the schemas."""
    before = {p: read(cop, p) for p in ("charter.yaml", "stories/cusco-unit.yaml",
                                        "plan.yaml", "practices/led-unit-how-to.yaml")}
    outcome = merge_members(cop, "maria-lopez", "juan-perez")
    assert outcome.subject == "copkit: merge member juan-perez into maria-lopez"
    for relpath, text in before.items():  # the id replaced, not one other byte changed
        assert read(cop, relpath) == text.replace("juan-perez", "maria-lopez"), relpath
    assert read(cop, "learning-agenda.yaml").endswith(
        "    lead: maria-lopez  # thematic leader\n    status: in-progress\n"
        "  - id: budget-hearings\n    title: Open budget hearings\n"
        "    questions: [How do we invite citizens to a budget hearing?]\n"
        "    status: planned\nthematic_groups:\n"
        "  - {id: units, name: LED units working group, members: [maria-lopez]}\n")
    assert read(cop, "meetings/2026-06-14-budget-hearings.yaml") == (
        "date: 2026-06-14\ntitle: Budget hearings\nattendees:\n"
        "  - maria-lopez    # came late\n  - jose-garcia\n"
        "actions:\n  - {action: Write the guide, owner: maria-lopez, due: 2026-07-01}\n"
        "notes: juan-perez presented the Cusco budget.\n")
    assert "meetings/2026-06-14-budget-hearings.yaml:8: free text still names juan-perez" in \
        outcome.notes
    members = read(cop, "members.yaml")
    assert "juan-perez" not in members.replace("# merged from juan-perez", "")
    assert "    roles: [facilitator, thematic-leader]\n" in members
    assert ("    joined: 2026-01-10\n    # merged from juan-perez: Juan leads the unit-models "
            "topic\n\n  - id: jose-garcia\n") in members
    assert sorted(outcome.paths) == sorted(changed_in_last_commit(cop))
    assert len(outcome.paths) == 9


def test_the_preview_changes_nothing_and_a_refusal_writes_nothing(cop: Path, cli: Cli) -> None:
    before = git(cop, "rev-parse", "HEAD")
    lines = merge_preview(cop, "maria-lopez", "juan-perez")
    assert lines[0] == "members.yaml: juan-perez's record is removed; maria-lopez keeps its own"
    no_terminal = cli("member", "merge", "maria-lopez", "juan-perez", "--cop", str(cop))
    assert no_terminal.exit_code == 1
    assert "nothing written: pass --yes to merge" in no_terminal.stderr
    assert no_terminal.stdout.splitlines()[0] == lines[0]
    for args, code, message in [
        (["maria-lopez", "maria-lopez"], 2, "error: 'maria-lopez' is named twice"),
        (["maria-lopez", "juan-perz"], 1, "error: there is no member with the id 'juan-perz'\n"
                                          "  hint: did you mean 'juan-perez'?"),
        (["maria-lopez", "Juan Pérez"], 2, "error: the member id 'Juan Pérez' is not a valid id"),
    ]:
        result = cli("member", "merge", *args, "--cop", str(cop), "--yes")
        assert result.exit_code == code, result.output
        assert result.stderr.startswith(message), result.stderr
    assert git(cop, "rev-parse", "HEAD") == before and git(cop, "status", "--porcelain") == ""


def test_merge_asks_on_a_terminal(cop: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("copkit.cli.imports.interactive", lambda: True)
    refused = cli("member", "merge", "maria-lopez", "juan-perez", "--cop", str(cop), input="n\n")
    assert refused.exit_code == 1
    assert "Merge juan-perez into maria-lopez? [y/N]: n\nnothing changed\n" in refused.stdout
    accepted = cli("member", "merge", "maria-lopez", "juan-perez", "--cop", str(cop),
                   input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert git(cop, "log", "-1", "--format=%s").strip() == \
        "copkit: merge member juan-perez into maria-lopez"


def test_merge_keeps_the_earlier_joined_and_the_stricter_consent(tmp_path: Path) -> None:
    root = small_cop(tmp_path, commit=False)
    text = read(root, "members.yaml").replace(
        "# end of the list\n",
        "  - id: mario-gomez\n    name: Mario Gómez\n    joined: 2026-05-01\n"
        "    left: 2026-06-01\n    consent: {directory: true, public: true}\n"
        "  - id: maria-gomez   # added by the roster import\n    name: María Gómez\n"
        "    email: mgomez@a.org\n    joined: 2025-12-01\n"
        "    consent: {directory: true, public: false}\n# end of the list\n")
    (root / "members.yaml").write_text(text, encoding="utf-8")
    make_repo(root)
    merge_members(root, "mario-gomez", "maria-gomez", no_commit=True)
    assert read(root, "members.yaml").endswith(
        "  - id: mario-gomez\n    name: Mario Gómez\n    email: mgomez@a.org\n"
        "    joined: 2025-12-01\n    consent: {directory: true, public: false}\n"
        "    # merged from maria-gomez: added by the roster import\n# end of the list\n")
    assert git(root, "status", "--porcelain") == " M members.yaml\n"
