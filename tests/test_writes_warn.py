"""#15: a write says what check would say. Attendance outside a member's joined/left dates is
written (records are often entered late) and named at meeting new, meeting attend and import
attendance time with check's own finding text; a guest 'Name (Organisation)' is the guest
Name already listed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.cli.init import init_cop
from tests.conftest import git

Cli = Callable[..., Result]

MEMBERS = """\
members:
  - id: rosa-quispe
    name: Rosa Quispe
    joined: 2026-12-08   # joined today
  - id: ines-mamani
    name: Inés Mamani
    joined: 2026-01-10
"""
FINDING = ("'rosa-quispe' attended on 2026-09-15 but was not a member then (joined "
           "2026-12-08)")
HINT = "check the date of the meeting or the member's joined/left dates"


@pytest.fixture
def cop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-08")
    root = tmp_path / "cop"
    init_cop(root, name="Ayllu", started=dt.date(2026, 1, 10))
    (root / "members.yaml").write_text(MEMBERS, encoding="utf-8")
    git(root, "commit", "-qam", "members")
    return root


def check_says(cli: Cli, cop: Path) -> list[tuple[str, str]]:
    out = json.loads(cli("check", "--cop", str(cop), "--format", "json").stdout)
    return [(f["message"], f["hint"]) for f in out["findings"]
            if f["code"] == "attendance-outside-membership"]


def test_meeting_new_warns_as_check_does(cop: Path, cli: Cli) -> None:
    result = cli("meeting", "new", "--date", "2026-09-15", "--title", "Seeds", "--attendee",
                 "Rosa", "--attendee", "ines-mamani", "--cop", str(cop))
    assert result.exit_code == 0, result.output
    assert f"note: {FINDING} (written anyway; hint: {HINT})\n" in result.stdout
    assert "ines-mamani' attended" not in result.stdout
    assert "attendees: [rosa-quispe, ines-mamani]" in \
        (cop / "meetings" / "2026-09-15-seeds.yaml").read_text(encoding="utf-8")
    assert check_says(cli, cop) == [(FINDING, HINT)]


def test_meeting_attend_warns_as_check_does(cop: Path, cli: Cli) -> None:
    assert cli("meeting", "new", "--date", "2026-09-15", "--title", "Seeds", "--cop",
               str(cop)).exit_code == 0
    result = cli("meeting", "attend", "2026-09-15-seeds", "Rosa Quispe", "--cop", str(cop))
    assert result.exit_code == 0, result.output
    assert (f"note: meetings/2026-09-15-seeds.yaml: {FINDING} (written anyway; hint: "
            f"{HINT})\n") in result.stdout
    assert check_says(cli, cop) == [(FINDING, HINT)]


def test_import_attendance_warns_as_check_does(cop: Path, cli: Cli, tmp_path: Path) -> None:
    assert cli("meeting", "new", "--date", "2026-09-15", "--title", "Seeds", "--cop",
               str(cop)).exit_code == 0
    csv = tmp_path / "zoom.csv"
    csv.write_text("Name,Join Time\nRosa Quispe,2026-09-15 14:00\n", encoding="utf-8")
    result = cli("import", "attendance", str(csv), "--meeting", "2026-09-15-seeds", "--yes",
                 "--cop", str(cop))
    assert result.exit_code == 0, result.output
    assert f"meetings/2026-09-15-seeds.yaml: {FINDING} (written anyway; hint: {HINT})" in \
        result.stdout
    assert check_says(cli, cop) == [(FINDING, HINT)]


def test_a_guest_with_their_organisation_is_the_guest_already_listed(
        cop: Path, cli: Cli, tmp_path: Path) -> None:
    assert cli("meeting", "new", "--date", "2026-11-15", "--title", "Tourism", "--guest",
               "Carlos Ramos", "--cop", str(cop)).exit_code == 0
    csv = tmp_path / "zoom.csv"
    csv.write_text("Name,Join Time\nCarlos Ramos (PROMPERU),2026-11-15 14:00\n"
                   "Ana Flores (MINCETUR),2026-11-15 14:02\n", encoding="utf-8")
    result = cli("import", "attendance", str(csv), "--meeting", "2026-11-15-tourism",
                 "--add-unknown", "guests", "--yes", "--cop", str(cop))
    assert result.exit_code == 0, result.output
    text = (cop / "meetings" / "2026-11-15-tourism.yaml").read_text(encoding="utf-8")
    assert "Carlos Ramos (PROMPERU)" not in text and text.count("Carlos Ramos") == 1
    assert "name: Ana Flores" in text and "organisation: MINCETUR" in text
