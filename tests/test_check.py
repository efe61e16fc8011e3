"""`copkit check`: every bad input of the foundation issue gives its message, position and
exit code, never a traceback; valid CoPs pass."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.cli.init import init_cop

from .conftest import EXAMPLE_NAMES, make_repo

Cli = Callable[..., Result]

MEMBERS = """\
members:
  - id: maria-lopez
    name: María López
    roles: [facilitator]
    responsibilities: [Convene the calls]
  - id: juan-perez
    name: Juan Pérez
"""


@pytest.fixture
def cop(tmp_path: Path, init_copy: Callable[..., Path]) -> Path:
    root = init_copy(tmp_path / "cop", name="Test CoP")
    (root / "members.yaml").write_text(MEMBERS, encoding="utf-8")
    return root


def run_check(cli: Cli, root: Path, *extra: str) -> Result:
    return cli("check", "--cop", str(root), *extra)


def assert_finding(result: Result, where: str, code: str, words: str, exit_code: int = 1) -> None:
    out = result.stdout
    assert result.exit_code == exit_code, out + result.stderr
    assert "Traceback" not in out + result.stderr
    line = next((ln for ln in out.splitlines() if f"[{code}]" in ln), "")
    assert line, f"no [{code}] finding in:\n{out}"
    assert where in line, line
    assert words in out, out


def test_fresh_init_passes(cli: Cli, cop: Path) -> None:
    result = run_check(cli, cop)
    assert result.exit_code == 0, result.stdout
    assert "error[" not in result.stdout


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_passes(cli: Cli, name: str) -> None:
    root = Path(__file__).parent.parent / "examples" / name
    result = cli("check", "--cop", str(root), "--format", "json")
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 0, result.stdout
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("text", "where", "code", "words"),
    [
        ("members:\n\t- id: a\n", "members.yaml:2:1", "yaml-syntax", "not tabs"),
        ('members:\n  - id: "a\n    name: b\n', "members.yaml:2:9", "yaml-syntax",
         "a value opened here with a double quote (\") is never closed"),
        ("members:\n  - id: a\n   name: b\n", "members.yaml:3:4", "yaml-syntax", "indentation"),
        ("- a\n- b\n", "members.yaml:1:1", "not-a-mapping", "not a mapping"),
        ("members: []\nmembers: []\n", "members.yaml:2:1", "duplicate-key", "appears twice"),
        ("", "members.yaml:1:1", "empty-file", "the file is empty"),
        ("members:\n  - id: a\n    name: [x]\n", "members.yaml:3:11", "wrong-type",
         "expected text, found a list"),
        ("members:\n  - id: a\n    name: A\n    joined: 2026-02-30\n", "members.yaml:4:13",
         "bad-date", "'2026-02-30' is not a real date"),
        ("members:\n  - id: a\n    name: A\n    emial: a@example.org\n", "members.yaml:4:5",
         "unknown-field", "did you mean 'email'?"),
        ("members:\n  - id: a\n    name: A\n    level: cor\n", "members.yaml:4:12",
         "bad-value", "did you mean 'core'?"),
        ("members:\n  - id: Ana Ruiz\n    name: A\n", "members.yaml:2:9", "bad-id",
         "is not a valid id"),
        ("members:\n  - id: a\n    name: A\n    email: not-an-email\n", "members.yaml:4:12",
         "bad-email", "is not an email address"),
        ("members:\n  - id: a\n  - id: b\n    name: B\n", "members.yaml:2:5", "missing-field",
         "required field 'name' is missing"),
    ],
)
def test_bad_members_file(cli: Cli, cop: Path, text: str, where: str, code: str,
                          words: str) -> None:
    (cop / "members.yaml").write_text(text, encoding="utf-8")
    assert_finding(run_check(cli, cop), where, code, words)


@pytest.mark.parametrize(
    ("relpath", "text", "where", "message", "hint"),
    [
        ("members.yaml",
         "members:\n  - id: a\n    name: A\n    time_commitment_hours_per_month: \"10\"\n",
         "members.yaml:4:38", "members[0].time_commitment_hours_per_month: expected a number, "
         "found the text '10'", "write 10 without quotes"),
        ("members.yaml", "members:\n  - id: a\n    name: A\n    consent: {directory: \"yes\"}\n",
         "members.yaml:4:26", "members[0].consent.directory: expected true or false, found the "
         "text 'yes'", "write true (without quotes)"),
        ("members.yaml", "members:\n  - id: a\n    name: A\n    consent: {public: 1}\n",
         "members.yaml:4:23", "members[0].consent.public: expected true or false, found the "
         "number 1", "write true (without quotes)"),
        ("members.yaml", "members:\n  - id: a\n    name: A\n    joined: 2025-03-15T09:00:00\n",
         "members.yaml:4:13", "members[0].joined: expected a date, found the date and time "
         "2025-03-15T09:00:00", "write only the date, like 2025-03-15"),
        ("meetings/2026-05-10-call.yaml", "date: 2026-05-10\ntitle: Call\nduration_minutes: '90'\n",
         "meetings/2026-05-10-call.yaml:3:19", "duration_minutes: expected a whole number, found "
         "the text '90'", "write 90 without quotes"),
        ("surveys/s.yaml", "title: S\ndate: 2026-11-01\ninvited: 4.5\n", "surveys/s.yaml:3:10",
         "invited: expected a whole number, found the number 4.5", "write a whole number, like 4"),
        ("surveys/s.yaml", "title: S\ndate: 2026-11-01\nresponses:\n  - answers: {q1: true}\n",
         "surveys/s.yaml:4:19", "responses[0].answers.q1: expected a number or text, found the "
         "boolean true", "put true or false in quotes"),
        ("activities.yaml", "activities:\n  - id: a\n    title: A\n    budget_needed: 'no'\n",
         "activities.yaml:4:20", "activities[0].budget_needed: expected true or false, found the "
         "text 'no'", "write false (without quotes)"),
    ],
    ids=["hours-quoted", "consent-yes", "consent-1", "joined-datetime", "minutes-quoted",
         "invited-fraction", "answer-bool", "budget-needed-quoted"],
)
def test_wrong_types_are_not_coerced(cli: Cli, cop: Path, relpath: str, text: str, where: str,
                                     message: str, hint: str) -> None:
    (cop / relpath).write_text(text, encoding="utf-8")
    result = run_check(cli, cop)
    assert_finding(result, f"{where}: error[wrong-type] {message}", "wrong-type", hint)


def test_duplicate_ids(cli: Cli, cop: Path) -> None:
    (cop / "members.yaml").write_text(MEMBERS + "  - id: maria-lopez\n    name: Other\n",
                                      encoding="utf-8")
    assert_finding(run_check(cli, cop), "members.yaml:8:9", "duplicate-id",
                   "the first one is at line 2")


def _with_goal_g1(cop: Path) -> None:
    charter = cop / "charter.yaml"
    text = charter.read_text(encoding="utf-8")
    assert "\ngoals: []\n" in text
    charter.write_text(text.replace("\ngoals: []\n", "\ngoals:\n  - {id: g1, statement: S}\n"),
                       encoding="utf-8")


@pytest.mark.parametrize(("relpath", "text", "where", "message"), [
    ("learning-agenda.yaml", "topics:\n  - id: t1\n    title: T\n    lead: ghost\n",
     "learning-agenda.yaml:4:11", "unknown member id 'ghost'"),
    ("learning-agenda.yaml", "topics:\n  - id: t1\n    title: T\n    goals: [g1, g9]\n",
     "learning-agenda.yaml:4:17", "unknown goal id 'g9'"),
    ("learning-agenda.yaml", "topics:\n  - id: t1\n    title: T\n    group: nogroup\n",
     "learning-agenda.yaml:4:12", "unknown thematic group id 'nogroup'"),
    ("learning-agenda.yaml",
     "thematic_groups:\n  - id: g\n    name: G\n    members: [juan-perez, ghost]\n",
     "learning-agenda.yaml:4:27", "unknown member id 'ghost'"),
    ("activities.yaml", "activities:\n  - id: a1\n    title: A\n    owner: ghost\n",
     "activities.yaml:4:12", "unknown member id 'ghost'"),
    ("meetings/2026-05-10-x.yaml",
     "date: 2026-05-10\ntitle: X\nactions:\n  - {action: Do, owner: ghost}\n",
     "meetings/2026-05-10-x.yaml:4:25", "unknown member id 'ghost'"),
    ("meetings/2026-05-10-x.yaml", "date: 2026-05-10\ntitle: X\nknowledge: [no-such-practice]\n",
     "meetings/2026-05-10-x.yaml:3:13", "unknown practice id 'no-such-practice'"),
    ("practices/p.yaml", "title: P\ncontributors: [maria-lopez, ghost]\n", "practices/p.yaml:2:29",
     "unknown member id 'ghost'"),
    ("stories/s.yaml", "title: S\ndate: 2026-01-01\nmember: ghost\n", "stories/s.yaml:3:9",
     "unknown member id 'ghost'"),
    ("stories/s.yaml", "title: S\ndate: 2026-01-01\ngoals: [g9]\n", "stories/s.yaml:3:9",
     "unknown goal id 'g9'"),
    ("surveys/s.yaml", "title: S\ndate: 2026-01-01\nresponses:\n  - respondent: ghost\n",
     "surveys/s.yaml:4:17", "unknown member id 'ghost'"),
], ids=["topic-lead", "topic-goals", "topic-group", "group-members", "activity-owner",
        "action-owner", "meeting-knowledge", "practice-contributors", "story-member",
        "story-goals", "survey-respondent"])
def test_every_kind_of_dangling_reference(cli: Cli, cop: Path, relpath: str, text: str,
                                          where: str, message: str) -> None:
    _with_goal_g1(cop)
    (cop / relpath).write_text(text, encoding="utf-8")
    result = run_check(cli, cop)
    assert_finding(result, f"{cop}/{where}: error[bad-reference] {message}", "bad-reference",
                   "hint: ")
    assert sum("[bad-reference]" in line for line in result.stdout.splitlines()) == 1


@pytest.mark.parametrize(("relpath", "text", "where", "message", "hint"), [
    ("learning-agenda.yaml", "topics:\n  - {id: t1, title: A}\n  - {id: t1, title: B}\n",
     "learning-agenda.yaml:3:10", "the topic id 't1' is used twice", "the first one is at line 2"),
    ("learning-agenda.yaml",
     "thematic_groups:\n  - id: units\n    name: A\n  - id: units\n    name: B\n",
     "learning-agenda.yaml:4:9", "the thematic group id 'units' is used twice",
     "the first one is at line 2"),
    ("charter.yaml", "name: X\ngoals:\n  - {id: g1, statement: A}\n  - {id: g1, statement: B}\n",
     "charter.yaml:4:10", "the goal id 'g1' is used twice", "the first one is at line 3"),
    ("activities.yaml",
     "activities:\n  - {id: visit, title: A}\n  - {id: x, title: X}\n  - {id: visit, title: B}\n",
     "activities.yaml:4:10", "the activity id 'visit' is used twice", "the first one is at line 2"),
    ("surveys/s.yaml", "title: S\ndate: 2026-01-01\nquestions:\n  - {id: q1, text: A}\n"
     "  - {id: q1, text: B}\n", "surveys/s.yaml:5:10", "the question id 'q1' is used twice",
     "give it another id"),
], ids=["topics", "groups", "goals", "activities", "questions"])
def test_every_kind_of_duplicate_id(cli: Cli, cop: Path, relpath: str, text: str, where: str,
                                    message: str, hint: str) -> None:
    (cop / relpath).write_text(text, encoding="utf-8")
    result = run_check(cli, cop)
    assert_finding(result, f"{cop}/{where}: error[duplicate-id] {message}", "duplicate-id",
                   f"hint: {hint}")


def test_dangling_references_get_did_you_mean(cli: Cli, cop: Path) -> None:
    (cop / "meetings" / "2026-05-10-kickoff.yaml").write_text(
        "date: 2026-05-10\ntitle: Kick-off\nfacilitator: maria-lopes\n"
        "attendees: [maria-lopez, juan-perz, ghost]\ntopics: [unit-models]\n", encoding="utf-8")
    result = run_check(cli, cop)
    assert_finding(result, "meetings/2026-05-10-kickoff.yaml:3:14", "bad-reference",
                   "did you mean 'maria-lopez'?")
    assert "meetings/2026-05-10-kickoff.yaml:4:26: error[bad-reference] unknown member id " \
           "'juan-perz'" in result.stdout
    assert "did you mean 'juan-perez'?" in result.stdout
    assert "unknown member id 'ghost'" in result.stdout
    assert "unknown topic id 'unit-models'" in result.stdout


def _tab_in_members(text: str) -> str:
    return text.replace("members:\n  - id:", "members:\n\t- id:", 1)


def _duplicate_key_in_a_member(text: str) -> str:
    return text.replace("    name: María López Arce\n",
                        "    name: María López Arce\n    name: María López\n", 1)


@pytest.mark.parametrize(
    ("relpath", "change", "where", "code", "pool", "why"),
    [
        ("members.yaml", _tab_in_members, "members.yaml:3:1", "yaml-syntax", "members",
         "members.yaml could not be read"),
        ("members.yaml", _duplicate_key_in_a_member, "members.yaml:5:5", "duplicate-key",
         "members", "members.yaml could not be read"),
        ("members.yaml", lambda text: "- just a list\n", "members.yaml:1:1", "not-a-mapping",
         "members", "members.yaml could not be read"),
        ("charter.yaml", lambda text: "", "charter.yaml:1:1", "empty-file", "goals",
         "charter.yaml could not be read"),
        ("learning-agenda.yaml", lambda text: "topics: 5\n", "learning-agenda.yaml:1:9",
         "wrong-type", "topics", "learning-agenda.yaml has no list of topics"),
    ],
    ids=["tab", "duplicate-key", "not-a-mapping", "empty-charter", "topics-not-a-list"],
)
def test_an_unreadable_file_does_not_bury_its_error_under_references(
        cli: Cli, example_cop: Callable[..., Path], relpath: str, change: Callable[[str], str],
        where: str, code: str, pool: str, why: str) -> None:
    """One error in a file that others refer to is one finding, plus one line saying which
    references were not checked — not hundreds of cascaded bad-reference lines."""
    root = example_cop("led-units")
    path = root / relpath
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_check(cli, root)
    assert result.exit_code == 1
    lines = [ln for ln in result.stdout.splitlines() if not ln.startswith("  hint:")]
    assert lines[0].startswith(f"{root}/{where}: error[{code}]"), result.stdout
    assert lines[1].startswith(f"{root}/{relpath}: warning[references-not-checked] references "
                               f"to {pool} not checked: {why} ("), result.stdout
    assert lines[2].startswith(f"1 error(s), 1 warning(s) in {root} ("), result.stdout
    assert f"hint: fix {relpath} first" in result.stdout
    report = json.loads(run_check(cli, root, "--format", "json").stdout)
    assert [f["code"] for f in report["findings"]] == [code, "references-not-checked"]


def test_a_missing_members_file_is_one_error_not_one_per_attendee(
        cli: Cli, example_cop: Callable[..., Path]) -> None:
    root = example_cop("led-units")
    (root / "members.yaml").unlink()
    report = json.loads(run_check(cli, root, "--format", "json").stdout)
    assert [(f["code"], f["severity"]) for f in report["findings"]] == [
        ("missing-file", "error"), ("references-not-checked", "warning")]
    assert report["findings"][1]["message"].startswith(
        "references to members not checked: members.yaml is missing (")


@pytest.mark.parametrize(("name", "code", "severity", "message", "hint"), [
    ("meetings/Kick Off.yaml", "bad-id", "error", "the file name 'Kick Off.yaml' is not a valid id",
     "rename it to 2026-05-10-kick-off.yaml (lower-case letters, digits and hyphens only)"),
    ("meetings/Kick Off.yaml", "file-name", "warning", "meeting file names start with the "
     "meeting's date: 'Kick Off.yaml'", "rename it to 2026-05-10-kick-off.yaml"),
    ("meetings/kickoff.yaml", "file-name", "warning", "meeting file names start with the "
     "meeting's date: 'kickoff.yaml'", "rename it to 2026-05-10-kickoff.yaml"),
    ("meetings/2026-5-10-Kick.yaml", "bad-id", "error", "the file name '2026-5-10-Kick.yaml' is "
     "not a valid id", "rename it to 2026-05-10-kick.yaml"),
    ("practices/Guía Rápida.yaml", "bad-id", "error", "the file name 'Guía Rápida.yaml' is not a "
     "valid id", "rename it to guia-rapida.yaml (lower-case"),
], ids=["spaces-bad-id", "spaces-file-name", "no-date", "short-date", "accents"])
def test_file_name_hints_suggest_a_valid_name(cli: Cli, cop: Path, name: str, code: str,
                                              severity: str, message: str, hint: str) -> None:
    body = "date: 2026-05-10\ntitle: Kick-off\n" if name.startswith("meetings/") else \
        "title: Guide\n"
    (cop / name).write_text(body, encoding="utf-8")
    result = run_check(cli, cop, "--format", "json")
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == code]
    assert [(f["path"], f["line"], f["column"], f["severity"], f["message"]) for f in found] == [
        (f"{cop}/{name}", 0, 0, severity, message)]
    assert found[0]["hint"].startswith(hint)
    # a name with a space is also a bad id (an error); a slug without its date only a warning
    assert result.exit_code == (0 if name == "meetings/kickoff.yaml" else 1)


@pytest.mark.parametrize(("joined", "left", "span"), [
    ("2026-06-01", None, "(joined 2026-06-01)"),
    ("2026-01-01", "2026-02-01", "(joined 2026-01-01, left 2026-02-01)"),
    (None, "2026-02-01", "(left 2026-02-01)"),
])
def test_attendance_outside_membership_names_only_the_dates_it_has(
        cli: Cli, cop: Path, joined: str | None, left: str | None, span: str) -> None:
    dates = "".join(f"    {k}: {v}\n" for k, v in (("joined", joined), ("left", left)) if v)
    (cop / "members.yaml").write_text(f"members:\n  - id: ana\n    name: Ana\n{dates}",
                                      encoding="utf-8")
    (cop / "meetings" / "2026-05-10-call.yaml").write_text(
        "date: 2026-05-10\ntitle: Call\nattendees: [ana]\n", encoding="utf-8")
    result = run_check(cli, cop)
    assert_finding(result, f"{cop}/meetings/2026-05-10-call.yaml:3:13: warning["
                   f"attendance-outside-membership] 'ana' attended on 2026-05-10 but was not a "
                   f"member then {span}", "attendance-outside-membership",
                   "check the date of the meeting", exit_code=0)
    assert "None" not in result.stdout


def test_non_utf8_file(cli: Cli, cop: Path) -> None:
    (cop / "members.yaml").write_bytes(b"members:\n  - id: a\n    name: Jos\xe9\n")
    assert_finding(run_check(cli, cop), "members.yaml:3:14", "encoding", "not valid UTF-8")


def test_alias_bomb(cli: Cli, cop: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, prev in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    (cop / "charter.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_finding(run_check(cli, cop), "charter.yaml:1:4", "yaml-anchor", "not allowed")


def test_deeply_nested_document(cli: Cli, cop: Path) -> None:
    # the 41st level (the mapping is the first) is the 40th '[', at column 6 + 40
    (cop / "charter.yaml").write_text("name: " + "[" * 200_000, encoding="utf-8")
    assert_finding(run_check(cli, cop), "charter.yaml:1:46:", "too-deep",
                   "the document is nested more than 40 levels deep")


@pytest.mark.parametrize(("raw", "where", "what"), [
    (b"title: G\n\x00\n", "practices/p.yaml:2:1:", "a control character (0x00)"),
    (b"title: Jos\xc3\xa9 \x01\n", "practices/p.yaml:1:13:", "a control character (0x01)"),
])
def test_control_character_in_a_file(cli: Cli, cop: Path, raw: bytes, where: str,
                                     what: str) -> None:
    (cop / "practices" / "p.yaml").write_bytes(raw)
    result = run_check(cli, cop)
    assert_finding(result, where, "yaml-syntax", f"the file holds {what}, which YAML does "
                   "not allow")
    assert f"hint: the file holds {what}, invisible in most editors: remove it" in result.stdout
    assert "tabs" not in result.stdout and "<unicode string>" not in result.stdout


def test_fifty_megabyte_file(cli: Cli, cop: Path) -> None:
    with open(cop / "members.yaml", "wb") as handle:
        handle.write(b"members:\n")
        handle.truncate(50 * 1024 * 1024)
    result = run_check(cli, cop)
    assert_finding(result, "members.yaml", "file-too-large", "52.4 MB")


def test_missing_required_file(cli: Cli, cop: Path) -> None:
    (cop / "members.yaml").unlink()
    assert_finding(run_check(cli, cop), "members.yaml", "missing-file",
                   "the required file members.yaml is missing")


def test_folder_that_is_not_a_cop(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    result = run_check(cli, tmp_path)
    assert result.exit_code == 1
    assert "is not a CoP folder" in result.stderr
    assert "copkit init" in result.stderr


def test_cop_outside_git_is_a_warning(cli: Cli, cop: Path, tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    shutil.copytree(cop, loose, ignore=shutil.ignore_patterns(".git"))
    result = run_check(cli, loose)
    assert result.exit_code == 0
    assert "warning[not-in-git]" in result.stdout and "git init" in result.stdout
    assert run_check(cli, loose, "--strict").exit_code == 1


def test_practice_path_outside_the_repository(cli: Cli, cop: Path) -> None:
    (cop / "practices" / "guide.yaml").write_text(
        "title: Guide\nfiles: [../../etc/passwd]\n", encoding="utf-8")
    assert_finding(run_check(cli, cop), "practices/guide.yaml:2:9", "bad-path",
                   "points outside the CoP folder")


SECRET = "root:x:0:0:the-secret-line"


@pytest.mark.parametrize("link", ["practices/pw.yaml", "meetings/2026-05-10-x.yaml",
                                  "members.yaml", "charter.yaml"])
@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_a_link_to_a_file_outside_the_cop_is_refused_unread(
        cli: Cli, cop: Path, tmp_path: Path, link: str, output: str) -> None:
    secret = tmp_path / "passwd"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (cop / link).unlink(missing_ok=True)
    (cop / link).symlink_to(secret)
    result = run_check(cli, cop, "--format", output)
    assert result.exit_code == 1
    assert SECRET not in result.stdout + result.stderr
    assert "the-secret" not in result.stdout + result.stderr
    message = ("this file is a symbolic link to a file outside the CoP folder; copkit does not "
               "read it")
    if output == "text":
        assert_finding(result, f"{cop}/{link}: error[bad-path] {message}", "bad-path",
                       "hint: copy the file into the CoP folder instead of linking to it")
    elif output == "json":
        found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "bad-path"]
        assert [(f["path"], f["line"], f["message"]) for f in found] == [
            (f"{cop}/{link}", 0, message)]
    else:
        assert f"::error file={link},title=bad-path::{message}" in result.stdout


def test_a_record_folder_linked_outside_the_cop_is_not_read(cli: Cli, cop: Path,
                                                            tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "2026-01-01-x.yaml").write_text("date: 2026-01-01\ntitle: " + SECRET + "\n"
                                               "nope: 1\n", encoding="utf-8")
    (outside / "notes.yml").write_text("x: 1\n", encoding="utf-8")
    shutil.rmtree(cop / "meetings")
    (cop / "meetings").symlink_to(outside, target_is_directory=True)
    result = run_check(cli, cop)
    assert_finding(result, f"{cop}/meetings: error[bad-path] this folder is a symbolic link to a "
                   "folder outside the CoP folder; copkit does not read it", "bad-path",
                   "copy the folder into the CoP folder")
    assert SECRET not in result.stdout and "notes.yml" not in result.stdout
    assert "1 error(s), 0 warning(s)" in result.stdout


def test_a_link_inside_the_cop_is_followed(cli: Cli, cop: Path) -> None:
    (cop / "files").mkdir(exist_ok=True)
    (cop / "files" / "guide.yaml").write_text("title: Guide\nkind: guide\n", encoding="utf-8")
    (cop / "practices" / "guide.yaml").symlink_to(cop / "files" / "guide.yaml")
    result = run_check(cli, cop, "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["summary"]["errors"] == 0


def test_a_record_folder_that_is_a_file(cli: Cli, cop: Path) -> None:
    shutil.rmtree(cop / "meetings")
    (cop / "meetings").write_text("date: 2026-05-10\n", encoding="utf-8")
    assert_finding(run_check(cli, cop), f"{cop}/meetings: error[bad-path] this is a file, not a "
                   "folder: copkit reads each meeting from a .yaml file of its own inside a "
                   "folder meetings/", "bad-path",
                   "rename the file meetings, then create the folder meetings/")


def test_json_and_github_formats(cli: Cli, cop: Path) -> None:
    (cop / "members.yaml").write_text("members:\n  - id: a\n    nam: A\n", encoding="utf-8")
    report = json.loads(run_check(cli, cop, "--format", "json").stdout)
    codes = {f["code"] for f in report["findings"]}
    assert {"unknown-field", "missing-field"} <= codes
    first = next(f for f in report["findings"] if f["code"] == "unknown-field")
    assert (first["line"], first["column"], first["hint"]) == (3, 5, "did you mean 'name'?")
    gh = run_check(cli, cop, "--format", "github")
    assert gh.exit_code == 1
    assert "::error file=" in gh.stdout and "line=3,col=5,title=unknown-field::" in gh.stdout


def test_emoji_codes_in_user_text_are_printed_as_written(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "cop :smile: [bold]x[/bold]"
    init_cop(root, name="Emoji")
    (root / "members.yaml").write_text('members:\n  - id: a\n    name: A\n    level: ":x:"\n',
                                       encoding="utf-8")
    result = run_check(cli, root)
    assert_finding(result, f"{root}/members.yaml:4:12: error[bad-value] members[0].level: the "
                   "text ':x:' is not allowed here", "bad-value", "pick one of the values")
    assert "\u274c" not in result.stdout and "\U0001f604" not in result.stdout
    assert f"1 error(s), 0 warning(s) in {root} (" in result.stdout
    (root / "members.yaml").write_text("members: []\n", encoding="utf-8")
    clean = run_check(cli, root)
    assert clean.exit_code == 0 and f" warning(s) in {root} (" in clean.stdout


def test_github_paths_are_relative_to_the_repository_root(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GitHub attaches an annotation to a file by its path in the repository."""
    mono = tmp_path / "mono"
    init_cop(mono / "cop", name="Sub", commit=False)
    (mono / "cop" / "members.yaml").write_text("members:\n  - id: a\n    nam: A\n",
                                              encoding="utf-8")
    make_repo(mono)
    expected = "::error file=cop/members.yaml,line=3,col=5,title=unknown-field::"
    monkeypatch.chdir(mono / "cop")
    inside = cli("check", "--format", "github")
    assert inside.exit_code == 1 and expected in inside.stdout, inside.stdout
    monkeypatch.chdir(mono / "cop" / "meetings")
    below = cli("check", "--format", "github")
    assert expected in below.stdout, below.stdout
    monkeypatch.chdir(tmp_path)
    outside = cli("check", "--cop", "mono/cop", "--format", "github")
    assert expected in outside.stdout, outside.stdout
    # the other formats keep the path as the user named the CoP
    assert "mono/cop/members.yaml:3:5: error[unknown-field]" in cli(
        "check", "--cop", "mono/cop").stdout


@pytest.mark.parametrize(("make", "words"), [
    (lambda p: p.write_text("x", encoding="utf-8"), "is a file, not a folder"),
    (lambda p: None, "does not exist"),
], ids=["a-file", "nothing"])
def test_cop_that_is_not_a_folder_exits_1(cli: Cli, tmp_path: Path,
                                          make: Callable[[Path], None], words: str) -> None:
    target = tmp_path / "somefile"
    make(target)
    result = cli("check", "--cop", str(target))
    assert result.exit_code == 1, result.stderr
    assert f"error: {target} {words}" in result.stderr
    assert "hint: give the CoP folder with --cop DIR" in result.stderr


def test_help_says_which_folder_is_the_default(cli: Cli) -> None:
    text = " ".join(cli("check", "--help").stdout.split())
    assert "default: the nearest folder holding charter.yaml, here or above; else the git " \
           "repository holding the current folder" in text


def test_usage_error_exits_2(cli: Cli, cop: Path) -> None:
    result = run_check(cli, cop, "--format", "yaml")
    assert result.exit_code == 2


def test_findings_are_sorted_by_file_and_line(cli: Cli, cop: Path) -> None:
    (cop / "members.yaml").write_text(
        "members:\n  - id: b\n    name: B\n    level: x\n  - id: a\n    nam: A\n",
        encoding="utf-8")
    (cop / "charter.yaml").write_text("name: X\nstage: maybe\n", encoding="utf-8")
    report = json.loads(run_check(cli, cop, "--format", "json").stdout)
    keys = [(f["path"], f["line"], f["column"]) for f in report["findings"]]
    assert keys == sorted(keys)


def test_cache_is_used_and_follows_edits(cli: Cli, cop: Path) -> None:
    first = run_check(cli, cop)
    assert first.exit_code == 0
    cache_files = list(Path(os.environ["COPKIT_CACHE_DIR"]).glob("parsed-*.pickle"))
    assert cache_files
    (cop / "members.yaml").write_text(MEMBERS + "  - id: ana\n    nam: Ana\n", encoding="utf-8")
    second = run_check(cli, cop)
    assert_finding(second, "members.yaml:9:5", "unknown-field", "did you mean 'name'?")
    # a finding in a file read from the cache still gets its position (the file is re-read)
    third = run_check(cli, cop)
    assert_finding(third, "members.yaml:9:5", "unknown-field", "did you mean 'name'?")


def test_cache_can_be_turned_off(cli: Cli, cop: Path, monkeypatch: pytest.MonkeyPatch,
                                 tmp_path: Path) -> None:
    monkeypatch.setenv("COPKIT_NO_CACHE", "1")
    monkeypatch.setenv("COPKIT_CACHE_DIR", str(tmp_path / "nocache"))
    assert run_check(cli, cop).exit_code == 0
    assert not (tmp_path / "nocache").exists()
