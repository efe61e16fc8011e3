"""The writes of #15 byte for byte: attendance with a guest 'Name (Organisation)', planning
step 7's dated activity, init --started, and a person named by a part of their name. Each
test writes a file with comments above, between and after its fields, runs one command and
compares the whole file with the expected bytes; the commit holds only the command's files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from .conftest import git
from .records_cop import small_cop

Cli = Callable[..., Result]
MEETING_ID = "2026-05-10-unit-models"
MEETING_PATH = f"meetings/{MEETING_ID}.yaml"

# A meeting with comments above, between and after its fields and inside its lists.
MEETING = """\
# The May call
date: 2026-05-10   # the day it happened

# who ran it
title: Unit models
format: virtual
facilitator: maria-lopez
topics: [unit-models]
attendees:
  - maria-lopez   # chaired
  # Juan came late
  - juan-perez
guests:
  # people from outside the CoP
  - name: Rosa Quispe
    organisation: Puno   # the regional office
# what was said
notes: |
  Three cities explained how they set up their LED unit.
decisions: [Write a how-to guide for new units]   # agreed by all
# end of the record
"""

GUEST_ADDED = MEETING.replace(
    "    organisation: Puno   # the regional office\n",
    "    organisation: Puno   # the regional office\n"
    "  - name: Carlos Ramos\n"
    "    organisation: PROMPERU\n")

# Members with one Inés: 'Ines' (no accent) is unique by first name.
MEMBERS = """\
# The members of the community.
members:
  - id: maria-lopez        # the facilitator
    name: María López
    organisation: Municipality of Cusco
    roles: [facilitator]
    joined: 2026-01-10

  # Inés joined from Puno
  - id: ines-mamani-quispe
    name: Inés Mamani Quispe
    organisation: Municipality of Puno   # until 2027
    joined: 2026-01-10
  - id: juan-perez
    name: Juan Pérez
    joined: 2026-01-10
# end of the list
"""

INES_ATTENDED = MEETING.replace(
    "  - juan-perez\n", "  - juan-perez\n  - ines-mamani-quispe\n")


@pytest.fixture
def cop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small CoP with the commented meeting and members above, committed."""
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    root = small_cop(tmp_path)
    (root / MEETING_PATH).write_text(MEETING, encoding="utf-8")
    (root / "members.yaml").write_text(MEMBERS, encoding="utf-8")
    git(root, "commit", "-q", "-am", "commented records")
    return root


def committed(root: Path) -> list[str]:
    """The files of HEAD's commit, and that HEAD is one commit after the setup."""
    assert git(root, "log", "-1", "--format=%P", "HEAD~1") != ""  # the setup is HEAD~1
    assert git(root, "log", "-1", "--format=%s", "HEAD~1").strip() == "commented records"
    return git(root, "show", "--name-only", "--format=", "HEAD").split()


def others(root: Path, but: str) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.parts and ".copkit" not in p.parts
            and str(p.relative_to(root)) != but}


@pytest.mark.parametrize(("args", "path", "expected"), [
    # 1. a guest 'Name (Organisation)', by attend and by meeting new
    (("meeting", "attend", MEETING_ID, "--guest", "Carlos Ramos (PROMPERU)"),
     MEETING_PATH, GUEST_ADDED),
    # 5. a member named by a unique first name, accents folded
    (("meeting", "attend", MEETING_ID, "Ines"), MEETING_PATH, INES_ATTENDED),
    # 4. member update resolved by name: only that member's line changes (its comment keeps
    # its column while the value fits before it)
    (("member", "update", "Ines", "--organisation", "Municipality of Ilave"),
     "members.yaml", MEMBERS.replace("Municipality of Puno   # until 2027",
                                     "Municipality of Ilave  # until 2027")),
])
def test_write_keeps_every_other_byte(cop: Path, cli: Cli, args: tuple[str, ...], path: str,
                                      expected: str) -> None:
    before = others(cop, path)
    result = cli(*args, "--cop", str(cop))
    assert result.exit_code == 0, result.output
    assert (cop / path).read_text(encoding="utf-8") == expected
    assert others(cop, path) == before
    assert committed(cop) == [path]
    assert git(cop, "status", "--porcelain") == ""


def test_meeting_new_guest_with_organisation(cop: Path, cli: Cli) -> None:
    """meeting new --guest 'Carlos Ramos (PROMPERU)': the guest split in the new file (a new
    record's small mappings on one line, as copkit writes them); nothing else written."""
    before = others(cop, "")
    result = cli("meeting", "new", "--date", "2026-06-14", "--title", "Budget hearings",
                 "--guest", "Carlos Ramos (PROMPERU)", "--cop", str(cop))
    assert result.exit_code == 0, result.output
    new = sorted(set(others(cop, "")) - set(before))
    assert new == ["meetings/2026-06-14-budget-hearings.yaml"]
    text = (cop / new[0]).read_text(encoding="utf-8")
    assert text == ("date: 2026-06-14\ntitle: Budget hearings\nguests:\n"
                    "  - {name: Carlos Ramos, organisation: PROMPERU}\n")
    assert {k: v for k, v in others(cop, "").items() if k != new[0]} == before
    assert committed(cop) == new


ACTIVITIES = """\
# Activities and budgets
activities:
  # the first one
  - id: site-visit-puno
    title: Site visit to Puno   # by bus
    kind: site-visit
    budget: {amount: 1500, currency: CAD}
    status: planned
# more to come after the review
"""

VISIT = """\
  - id: visita
    title: Visita
    kind: site-visit
    start: 2027-03-10
    end: 2027-03-12
    budget: {amount: 3500, currency: PEN}
"""


def test_plan_step_7_activity_with_dates(cop: Path, cli: Cli) -> None:
    """plan set 7 --activity with dates: the activity appended above the comment after the
    list; step 7 writes activities.yaml and nothing else (no charter, no plan file)."""
    (cop / "activities.yaml").write_text(ACTIVITIES, encoding="utf-8")
    git(cop, "commit", "--amend", "-q", "-a", "--no-edit")
    before = others(cop, "activities.yaml")
    result = cli("plan", "set", "7", "--activity",
                 "Visita=3500 PEN=site-visit@2027-03-10..2027-03-12", "--cop", str(cop))
    assert result.exit_code == 0, result.output
    expected = ACTIVITIES.replace("# more to come", VISIT + "# more to come")
    assert (cop / "activities.yaml").read_text(encoding="utf-8") == expected
    assert others(cop, "activities.yaml") == before
    assert committed(cop) == ["activities.yaml"]
    assert git(cop, "status", "--porcelain") == ""


def test_init_started_changes_only_that_line(tmp_path: Path, cli: Cli,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """init --started 2026-08-01 and init (today 2026-11-22): the same files, byte for byte,
    but the charter's started: line."""
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    trees = []
    for name, extra in (("plain", ()), ("dated", ("--started", "2026-08-01"))):
        root = tmp_path / name
        result = cli("init", str(root), "--name", "LED units", "--no-commit", *extra)
        assert result.exit_code == 0, result.output
        trees.append({str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
                      if p.is_file() and ".git" not in p.parts
                      and p.parts[-2:] != (".copkit", "hash-key")})
    plain, dated = trees
    assert sorted(plain) == sorted(dated)
    differ = [k for k in plain if plain[k] != dated[k]]
    assert differ == ["charter.yaml"]
    old = plain["charter.yaml"].decode().splitlines(keepends=True)
    new = dated["charter.yaml"].decode().splitlines(keepends=True)
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [("started: 2026-11-22\n", "started: 2026-08-01\n")]
