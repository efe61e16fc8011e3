"""Audit of issue #4: ids typed by users never leave the CoP folder, list and show never hide
a broken record, control characters are refused on the way in and escaped on the way out,
amounts are real numbers, `member forget` points at first-name mentions. Each bad input is
a real CLI run: its message, its exit code, and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from .conftest import git
from .records_cop import small_cop

Cli = Callable[..., Result]

OUTSIDE_MEETING = "date: 2026-05-10\ntitle: SECRET outside the CoP\nattendees: []\n"
OUTSIDE_SURVEY = "title: SECRET survey\ndate: 2026-05-10\nquestions: []\nresponses: []\n"


@pytest.fixture
def cop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    root = small_cop(tmp_path, commit=False)
    (root / "stories").mkdir()
    (root / "surveys").mkdir()
    (root / "stories" / "puno-adopted.yaml").write_text(
        "title: Puno adopted the method\ndate: 2026-06-01\n", encoding="utf-8")
    for folder in ("stories", "surveys"):
        (root / folder / ".keep").write_text("", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under the test's folder (the CoP and what lies next to it)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(root).parts}


def commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD").strip())


def run(cli: Cli, cop: Path, *args: str) -> Result:
    return cli(*args, "--cop", str(cop))


# ---------------------------------------------------------------- 1. ids and paths
def test_story_id_escaping_the_cop_is_refused_before_writing(cop: Path, cli: Cli) -> None:
    before = snapshot(cop.parent)
    result = run(cli, cop, "story", "add", "--title", "T", "--id", "../../evil")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --id '../../evil' is not a valid id\n"
        "  hint: ids are lower-case words joined by hyphens (letters a-z, digits, '-'): "
        "write it as 'evil'\n")
    assert not (cop.parent / "evil.yaml").exists() and not (cop.parent.parent /
                                                             "evil.yaml").exists()
    assert snapshot(cop.parent) == before and commits(cop) == 1


@pytest.mark.parametrize("command", [
    ["member", "add", "Ana Bad"], ["practice", "add", "--title", "T"],
    ["activity", "add", "--title", "T"], ["story", "add", "--title", "T"],
    ["topic", "add", "--title", "T"],
])
def test_an_id_that_is_not_a_slug_is_refused_with_its_slug_form(cop: Path, cli: Cli,
                                                                 command: list[str]) -> None:
    before = snapshot(cop)
    result = run(cli, cop, *command, "--id", "Bad Id")
    assert result.exit_code == 2
    assert "error: --id 'Bad Id' is not a valid id\n" in result.stderr
    assert "write it as 'bad-id'" in result.stderr
    assert snapshot(cop) == before and commits(cop) == 1


def test_meeting_slug_that_is_not_a_slug(cop: Path, cli: Cli) -> None:
    result = run(cli, cop, "meeting", "new", "--title", "T", "--date", "2026-06-01",
                 "--slug", "../up")
    assert result.exit_code == 2
    assert "error: --slug '../up' is not a valid id" in result.stderr
    assert "write it as 'up'" in result.stderr


def test_meeting_attend_outside_file_is_not_edited(cop: Path, cli: Cli) -> None:
    outside = cop.parent / "outside.yaml"
    outside.write_text(OUTSIDE_MEETING, encoding="utf-8")
    before = snapshot(cop.parent)
    result = run(cli, cop, "meeting", "attend", "../../outside", "maria-lopez")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: the meeting id '../../outside' is not a valid id\n  hint: ")
    assert snapshot(cop.parent) == before and commits(cop) == 1


def test_meeting_show_outside_file_is_not_printed(cop: Path, cli: Cli) -> None:
    (cop.parent / "outside.yaml").write_text(OUTSIDE_MEETING, encoding="utf-8")
    result = run(cli, cop, "meeting", "show", "../../outside")
    assert result.exit_code == 2
    assert "SECRET" not in result.stdout and result.stdout == ""
    assert "error: the meeting id '../../outside' is not a valid id" in result.stderr


def test_import_survey_into_an_outside_file_is_refused(cop: Path, tmp_path: Path,
                                                       cli: Cli) -> None:
    (cop.parent / "outs.yaml").write_text(OUTSIDE_SURVEY, encoding="utf-8")
    csv = tmp_path / "q2.csv"
    csv.write_text("Timestamp,Name,Q\n2026-11-01,María López,Agree\n", encoding="utf-8")
    before = snapshot(cop.parent)
    result = run(cli, cop, "import", "survey", str(csv), "--survey", "../../outs", "--yes")
    assert result.exit_code == 2
    assert "error: --survey '../../outs' is not a valid id" in result.stderr
    assert snapshot(cop.parent) == before and commits(cop) == 1


def test_import_attendance_into_an_outside_meeting_is_refused(cop: Path, tmp_path: Path,
                                                              cli: Cli) -> None:
    (cop.parent / "x.yaml").write_text(OUTSIDE_MEETING, encoding="utf-8")
    csv = tmp_path / "a.csv"
    csv.write_text("Name,Join Time\nMaría López,2026-05-10 14:00\n", encoding="utf-8")
    before = snapshot(cop.parent)
    result = run(cli, cop, "import", "attendance", str(csv), "--meeting", "../../x", "--yes")
    assert result.exit_code == 2
    assert "error: --meeting '../../x' is not a valid id" in result.stderr
    assert snapshot(cop.parent) == before and commits(cop) == 1


# ---------------------------------------------------------------- 2. list and show
# ---------------------------------------------------------------- 8. control characters
# ---------------------------------------------------------------- 9. amounts
# ---------------------------------------------------------------- 7. forget: given names
