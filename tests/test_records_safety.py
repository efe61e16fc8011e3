"""Audit of issue #4: ids typed by users never leave the CoP folder, list and show never hide
a broken record, control characters are refused on the way in and escaped on the way out,
amounts are real numbers, `member forget` points at first-name mentions. Each bad input is
a real CLI run: its message, its exit code, and nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.errors import RecordError
from copkit.records.forget import forget_member, word_mentions
from copkit.records.writing import write_new

from .conftest import git
from .records_cop import MEETING, MEMBERS, PRACTICE, small_cop

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


def test_practice_show_outside_file_is_not_printed(cop: Path, cli: Cli) -> None:
    (cop.parent / "outside.yaml").write_text("title: SECRET\n", encoding="utf-8")
    result = run(cli, cop, "practice", "show", "../../outside")
    assert result.exit_code == 2 and result.stdout == ""
    assert "error: the practice id '../../outside' is not a valid id" in result.stderr


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


@pytest.mark.parametrize("command", [
    ["member", "show", "../members"], ["member", "update", "../x", "--level", "core"],
    ["member", "leave", "Juan-Perez"], ["member", "forget", "../x", "--yes"],
    ["activity", "update", "../x", "--status", "done"],
])
def test_ids_naming_records_are_checked_too(cop: Path, cli: Cli, command: list[str]) -> None:
    before = snapshot(cop)
    result = run(cli, cop, *command)
    assert result.exit_code == 2
    assert f"id '{command[2]}' is not a valid id" in result.stderr
    assert snapshot(cop) == before


def test_a_link_leading_outside_the_cop_is_neither_read_nor_written(cop: Path,
                                                                    cli: Cli) -> None:
    outside = cop.parent / "outside.yaml"
    outside.write_text(OUTSIDE_MEETING, encoding="utf-8")
    (cop / "meetings" / "2026-05-10-link.yaml").symlink_to(outside)
    away = cop.parent / "away"
    away.mkdir()
    (cop / "practices" / "gone").symlink_to(away, target_is_directory=True)
    before = snapshot(cop.parent)
    shown = run(cli, cop, "meeting", "show", "2026-05-10-link")
    assert shown.exit_code == 1 and "SECRET" not in shown.output
    assert shown.stderr.startswith(
        "error: meetings/2026-05-10-link.yaml:1:1: meetings/2026-05-10-link.yaml leads "
        "outside the CoP folder, so copkit does not read or write it\n  hint: ")
    attend = run(cli, cop, "meeting", "attend", "2026-05-10-link", "maria-lopez")
    assert attend.exit_code == 1 and "leads outside the CoP folder" in attend.stderr
    listed = run(cli, cop, "meeting", "list")
    assert listed.exit_code == 0 and "SECRET" not in listed.output
    assert "meetings/2026-05-10-link.yaml:1:1: meetings/2026-05-10-link.yaml leads outside" \
        in listed.stderr
    assert snapshot(cop.parent) == before and commits(cop) == 1
    with pytest.raises(RecordError, match="leads outside the CoP folder"):
        write_new(cop, "practices/gone/x.yaml", {"title": "T"})
    assert list(away.iterdir()) == []


def test_story_add_existing_id_is_refused(cop: Path, cli: Cli) -> None:
    before = snapshot(cop)
    result = run(cli, cop, "story", "add", "--title", "Again", "--id", "puno-adopted")
    assert result.exit_code == 1
    assert result.stderr == ("error: stories/puno-adopted.yaml:1:1: the story id "
                             "'puno-adopted' already exists\n  hint: choose another --id\n")
    assert snapshot(cop) == before and commits(cop) == 1


# ---------------------------------------------------------------- 2. list and show
def test_member_list_shows_the_valid_members_and_warns_of_the_invalid(cop: Path,
                                                                      cli: Cli) -> None:
    members = cop / "members.yaml"
    members.write_text(MEMBERS.replace("    level: core\n", "    level: coree\n"), "utf-8")
    result = run(cli, cop, "member", "list", "--all")
    assert result.exit_code == 0
    assert "(4 shown)" in result.stdout and "maria-lopez" not in result.stdout
    assert result.stderr == (
        "warning: 1 member record is not listed because it is invalid:\n"
        "  members.yaml:9:12: members[0].level: the text 'coree' is not allowed here; "
        "expected 'core', 'active' or 'peripheral'\n"
        "  hint: run copkit check to see every problem and how to fix it\n")
    as_json = run(cli, cop, "member", "list", "--format", "json")
    assert len(json.loads(as_json.stdout)) == 4 and "members.yaml:9:12" in as_json.stderr


def test_member_list_of_an_unreadable_file_is_an_error(cop: Path, cli: Cli) -> None:
    (cop / "members.yaml").write_text(MEMBERS.replace("    country: PE\n",
                                                      "    country: [PE\n"), "utf-8")
    result = run(cli, cop, "member", "list")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: members.yaml:")
    assert "YAML syntax" in result.stderr
    assert "hint: fix the file first (copkit check shows every problem" in result.stderr
    show = run(cli, cop, "member", "show", "juan-perez")
    assert show.exit_code == 1 and show.stderr == result.stderr


def test_member_show_of_an_invalid_member_names_its_problems(cop: Path, cli: Cli) -> None:
    (cop / "members.yaml").write_text(MEMBERS.replace("    level: core\n",
                                                      "    level: coree\n"), "utf-8")
    result = run(cli, cop, "member", "show", "maria-lopez")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        "error: members.yaml:4:5: member 'maria-lopez' is not a valid record, so it is not "
        "shown:\n"
        "  members.yaml:9:12: members[0].level: the text 'coree' is not allowed here; "
        "expected 'core', 'active' or 'peripheral' (did you mean 'core'?)\n"
        "  hint: fix what is named above, then run copkit check to confirm\n")
    unknown = run(cli, cop, "member", "show", "nobody")
    assert unknown.exit_code == 1
    assert "error: 'nobody' is not a member" in unknown.stderr  # the one resolver (#15)


def test_meeting_and_practice_show_of_an_invalid_record_are_positioned(cop: Path,
                                                                      cli: Cli) -> None:
    meeting = cop / "meetings" / "2026-05-10-unit-models.yaml"
    meeting.write_text(MEETING.replace("format: virtual", "format: virtaul"), "utf-8")
    result = run(cli, cop, "meeting", "show", "2026-05-10-unit-models")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(
        "error: meetings/2026-05-10-unit-models.yaml:1:1: meeting '2026-05-10-unit-models' is "
        "not a valid record, so it is not shown:\n"
        "  meetings/2026-05-10-unit-models.yaml:4:9: format: the text 'virtaul' is not "
        "allowed here")
    practice = cop / "practices" / "led-unit-how-to.yaml"
    practice.write_text(PRACTICE.replace("body: |", "body: [unclosed"), "utf-8")
    shown = run(cli, cop, "practice", "show", "led-unit-how-to")
    assert shown.exit_code == 1
    assert shown.stderr.startswith(
        "error: practices/led-unit-how-to.yaml:1:1: practice 'led-unit-how-to' is not a valid "
        "record, so it is not shown:\n  practices/led-unit-how-to.yaml:")
    assert "YAML syntax" in shown.stderr
    # the lists show the others and name the broken ones
    (cop / "practices" / "other.yaml").write_text("title: Another practice\n", "utf-8")
    listed = run(cli, cop, "practice", "list")
    assert listed.exit_code == 0 and "other" in listed.stdout
    assert listed.stderr.startswith("warning: 1 practice record is not listed because it is "
                                    "invalid:\n  practices/led-unit-how-to.yaml:")
    meetings = run(cli, cop, "meeting", "list")
    assert meetings.exit_code == 0 and "no meetings recorded" in meetings.stdout
    assert "  meetings/2026-05-10-unit-models.yaml:4:9: format: " in meetings.stderr


# ---------------------------------------------------------------- 8. control characters
@pytest.mark.parametrize("name, message", [
    ("Tab\there\x1b[31m", "error: name: the value holds a tab (U+0009) at character 4"),
    ("Evil\nid: hacked", "error: name: the value holds a line break (U+000A) at character 5"),
    ("Red\x1b[31m", "error: name: the value holds ESC (U+001B) at character 4"),
    ("Ana\u202eRuiz", "error: name: the value holds a bidirectional text override (U+202E)"),
])
def test_control_characters_typed_are_refused(cop: Path, cli: Cli, name: str,
                                              message: str) -> None:
    before = snapshot(cop)
    result = run(cli, cop, "member", "add", name)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert "hint: type the value again without it" in result.stderr
    assert "\x1b" not in result.output
    assert snapshot(cop) == before


def test_line_breaks_are_fine_in_notes_but_not_escape(cop: Path, cli: Cli) -> None:
    ok = run(cli, cop, "meeting", "new", "--title", "Notes", "--date", "2026-06-01",
             "--notes", "Line 1\nLine 2", "--no-commit")
    assert ok.exit_code == 0, ok.output
    before = snapshot(cop)
    bad = run(cli, cop, "meeting", "new", "--title", "Bad", "--date", "2026-06-02",
              "--notes", "Line 1\n\x1b[2J")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: notes: the value holds ESC (U+001B) at character 8")
    moved = run(cli, cop, "meeting", "attend", "2026-05-10-unit-models", "Ana\x07")
    assert moved.exit_code == 2
    assert "the value holds the control character U+0007" in moved.stderr
    assert snapshot(cop) == before


def test_control_characters_already_in_files_are_escaped_when_printed(cop: Path,
                                                                      cli: Cli) -> None:
    (cop / "members.yaml").write_text(MEMBERS.replace(
        "    name: José García\n", '    name: "José \\e[31mGarcía\\u202e"\n'), "utf-8")
    (cop / "practices" / "evil.yaml").write_text(
        'title: "Budget \\e]0;pwned\\a hearing"\nsummary: "x\\e[2Jy"\n', "utf-8")
    table = run(cli, cop, "member", "list")
    assert table.exit_code == 0
    assert "\x1b" not in table.stdout and "\u202e" not in table.stdout
    assert "José \\x1b[31mGarcía\\u202e" in table.stdout
    shown = run(cli, cop, "member", "show", "jose-garcia")
    assert "name: José \\x1b[31mGarcía\\u202e" in shown.stdout
    as_json = run(cli, cop, "member", "list", "--format", "json")
    assert "\u202e" not in as_json.stdout and json.loads(as_json.stdout)[2]["name"] == \
        "José \x1b[31mGarcía\u202e"
    found = run(cli, cop, "find", "budget")
    assert found.exit_code == 0
    assert "\x1b" not in found.stdout and "\x07" not in found.stdout
    assert "Budget \\x1b]0;pwned\\x07 hearing" in found.stdout


# ---------------------------------------------------------------- 9. amounts
@pytest.mark.parametrize("amount, shown", [("-5", "-5")])
def test_budget_must_be_a_real_amount(cop: Path, cli: Cli, amount: str, shown: str) -> None:
    before = snapshot(cop)
    result = run(cli, cop, "activity", "add", "--title", "Trip", "--budget", amount,
                 "--currency", "CAD")
    assert result.exit_code == 2
    assert result.stderr == (f"error: --budget {shown}: an amount must be a number of at "
                             "least 0\n  hint: give the amount in figures, like --budget "
                             "1500\n")
    spent = run(cli, cop, "activity", "update", "site-visit-puno", "--spent", amount,
                "--currency", "CAD")
    assert spent.exit_code == 2 and f"error: --spent {shown}: an amount" in spent.stderr
    assert snapshot(cop) == before


# issue #13: Python reads inf, nan and 1e999 (infinity) as numbers; no option takes them
@pytest.mark.parametrize("command, flag, example", [
    (("member", "add", "Ana Ruiz"), "--hours", "10"),
    (("member", "update", "jose-garcia"), "--hours", "10"),
    (("activity", "add", "--title", "Trip", "--currency", "CAD"), "--budget", "1500"),
    (("activity", "update", "site-visit-puno", "--currency", "CAD"), "--spent", "1500"),
])
@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "NaN", "Infinity", "1e999"])
def test_numbers_that_are_not_finite_are_usage_errors(cop: Path, cli: Cli,
                                                      command: tuple[str, ...], flag: str,
                                                      example: str, value: str) -> None:
    before = snapshot(cop)
    result = run(cli, cop, *command, flag, value)
    assert result.exit_code == 2
    assert result.stderr == (f"error: {flag} {value}: not a finite number\n"
                             f"  hint: give it in figures, like {flag} {example}\n")
    assert snapshot(cop) == before


def test_a_number_option_that_is_not_a_number(cop: Path, cli: Cli) -> None:
    result = run(cli, cop, "member", "add", "Ana Ruiz", "--hours", "ten\x1b[2J")
    assert result.exit_code == 2
    assert result.stderr == ("error: --hours ten\\x1b[2J: not a number\n"
                             "  hint: give it in figures, like --hours 10\n")
    fine = run(cli, cop, "member", "add", "Ana Ruiz", "--hours", "2.5", "--no-commit")
    assert fine.exit_code == 0, fine.output
    assert "    time_commitment_hours_per_month: 2.5\n" in \
        (cop / "members.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- 7. forget: given names
def test_forget_lists_given_name_mentions_for_review(example_cop: Callable[..., Path],
                                                     cli: Cli) -> None:
    root = example_cop("led-units")
    result = cli("member", "forget", "juan-perez", "--yes", "--cop", str(root))
    assert result.exit_code == 0, result.output
    assert ("free text naming 'Juan' (their given name): these may be them or someone else "
            "with that name; check each and edit it by hand if it is them:\n"
            "  meetings/2026-01-14-three-unit-models.yaml:23:3\n"
            "  meetings/2026-04-15-how-to-method.yaml:21:3\n") in result.stdout
    line = (root / "meetings" / "2026-04-15-how-to-method.yaml").read_text(
        "utf-8").splitlines()[20]
    assert line.startswith("  Juan presented")  # kept: it may be someone else


def test_forget_given_name_whole_words_only(cop: Path) -> None:
    meeting = cop / "meetings" / "2026-05-10-unit-models.yaml"
    meeting.write_text(MEETING.replace(
        "Cusco started", "Juanita and juan-carlos said Cusco started; JUAN agreed. Juan Pérez "
        "too"), "utf-8")
    git(cop, "commit", "-qam", "notes")
    out = forget_member(cop, "juan-perez")
    assert out.given_name == "Juan"
    assert out.mentions == ["meetings/2026-05-10-unit-models.yaml:10"]  # the full name
    # the comment above their old record in members.yaml; not the line already listed, not
    # Juanita, not juan-carlos
    assert out.maybe == ["members.yaml:14:5"]
    meeting.write_text(MEETING.replace("Cusco started", "Juanita and JUAN agreed"), "utf-8")
    assert word_mentions(cop, ["meetings/2026-05-10-unit-models.yaml"], "Juan") == [
        "members.yaml:14:5", "meetings/2026-05-10-unit-models.yaml:10:15"]
