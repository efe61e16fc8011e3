"""#15: one people resolver for every command and prompt (copkit.records.people.resolve).

One table of commands that name a person, one table of what a person may be typed as; every
pair is run through the real CLI on a small CoP, and the same answer is expected everywhere:
the member found, or the same error (ambiguous: the candidates; unknown: the closest members
before ``copkit member add``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.cli.init import init_cop
from copkit.records.people import ADD_HINT, AMBIGUOUS_HINT, PeopleIndex, resolve, split_person
from tests.conftest import git

Cli = Callable[..., Result]

MEMBERS = """\
# our members
members:
  - id: ines-mamani-quispe
    name: Inés Mamani Quispe
    joined: 2026-01-10
  - id: rosa-mamani
    name: Rosa Mamani    # the other Mamani
    joined: 2026-01-10
  - id: nusta-huaman
    name: Ñusta Huamán
    joined: 2026-01-10
"""

MEETING = "2026-03-05-kickoff"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from copkit.cli.main import app

    root = tmp_path_factory.mktemp("resolver") / "cop"
    init_cop(root, name="Ayllu CoP", started=__import__("datetime").date(2026, 1, 10))
    (root / "members.yaml").write_text(MEMBERS, encoding="utf-8")
    git(root, "commit", "-qam", "members")
    made = CliRunner().invoke(app, ["meeting", "new", "--date", "2026-03-05", "--title",
                                    "Kickoff", "--cop", str(root)], catch_exceptions=False)
    assert made.exit_code == 0, made.output
    return root


@pytest.fixture
def cop(base: Path, tmp_path: Path) -> Path:
    import shutil

    dest = tmp_path / "cop"
    shutil.copytree(base, dest, symlinks=True)
    return dest


# each command: (the flag its errors name, its arguments with the person in, the file where
# the member id is written, or None for a command that only shows)
COMMANDS: dict[str, tuple[str, Callable[[str], list[str]], str | None]] = {
    "meeting attend": ("", lambda p: ["meeting", "attend", MEETING, p],
                       f"meetings/{MEETING}.yaml"),
    "meeting new --attendee": ("--attendee: ", lambda p: [
        "meeting", "new", "--date", "2026-03-12", "--title", "Second", "--attendee", p],
        "meetings/2026-03-12-second.yaml"),
    "meeting new --facilitator": ("--facilitator: ", lambda p: [
        "meeting", "new", "--date", "2026-03-12", "--title", "Second", "--facilitator", p],
        "meetings/2026-03-12-second.yaml"),
    "plan assign": ("--to: ", lambda p: ["plan", "assign", "2", "--to", p], "plan.yaml"),
    "member show": ("", lambda p: ["member", "show", p], None),
    "member update": ("", lambda p: ["member", "update", p, "--level", "active"],
                      "members.yaml"),
    "practice --contributor": ("--contributor: ", lambda p: [
        "practice", "add", "--title", "Seed fair", "--contributor", p],
        "practices/seed-fair.yaml"),
    "topic --lead": ("--lead: ", lambda p: ["topic", "add", "--title", "Seeds", "--lead", p],
                     "learning-agenda.yaml"),
    "story --member": ("--member: ", lambda p: ["story", "add", "--title", "Fair held",
                                                "--member", p], "stories/fair-held.yaml"),
    "activity --owner": ("--owner: ", lambda p: ["activity", "add", "--title", "Visit",
                                                 "--owner", p], "activities.yaml"),
    "action list --owner": ("--owner: ", lambda p: ["action", "list", "--owner", p], None),
}

# what a person may be typed as -> the member it names
FOUND = {
    "ines-mamani-quispe": "ines-mamani-quispe",   # the id
    "Ines": "ines-mamani-quispe",                 # a word only her name has, accents folded
    "INÉS MAMANI": "ines-mamani-quispe",          # part of the name, case folded
    "Ñusta": "nusta-huaman",                      # not an id: still a name (exit 0, not 2)
    "nusta huaman": "nusta-huaman",               # the full name, folded
    "Rosa Mamani <rosa@ayllu.pe>": "rosa-mamani",  # 'Name <email>' split: the name decides
}


def _hint_tail(command: str) -> str:
    if command == "meeting attend":
        return "add them with copkit member add, or pass --add-unknown guests (or members)"
    return ADD_HINT


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("typed", list(FOUND))
def test_every_command_finds_the_same_member(cop: Path, cli: Cli, command: str,
                                             typed: str) -> None:
    _, args, written = COMMANDS[command]
    result = cli(*args(typed), "--cop", str(cop))
    assert result.exit_code == 0, result.output
    wanted = FOUND[typed]
    if written is None:
        assert wanted in result.stdout or command == "action list --owner"
        return
    text = (cop / written).read_text(encoding="utf-8")
    assert wanted in text
    if command == "member update":
        assert f"id: {wanted}\n    name: " in text
        block = text.split(f"id: {wanted}\n", 1)[1].split("  - id:", 1)[0]
        assert "level: active" in block


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_ambiguous_name_lists_the_candidates_everywhere(cop: Path, cli: Cli,
                                                           command: str) -> None:
    flag, args, _ = COMMANDS[command]
    before = git(cop, "status", "--porcelain")
    result = cli(*args("Mamani"), "--cop", str(cop))
    assert result.exit_code == 1
    assert result.stderr == (f"error: {flag}'Mamani' matches more than one member: "
                             f"ines-mamani-quispe, rosa-mamani\n  hint: {AMBIGUOUS_HINT}\n")
    assert git(cop, "status", "--porcelain") == before


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_unknown_name_suggests_the_closest_members_first(cop: Path, cli: Cli,
                                                            command: str) -> None:
    flag, args, _ = COMMANDS[command]
    close = cli(*args("Inez Mamani Quispe"), "--cop", str(cop))
    assert close.exit_code == 1
    assert close.stderr == (
        f"error: {flag}'Inez Mamani Quispe' is not a member\n  hint: did you mean "
        f"ines-mamani-quispe (94%)? name them by member id if so; {_hint_tail(command)}\n")
    nobody = cli(*args("Pedro Ramos"), "--cop", str(cop))
    assert nobody.exit_code == 1
    assert nobody.stderr == (f"error: {flag}'Pedro Ramos' is not a member\n"
                             f"  hint: {_hint_tail(command)}\n")


# ---------------------------------------------------------------- the resolver itself
def test_name_and_email_are_split() -> None:
    assert split_person("Rosa Quispe Mamani <rosa@ayllu.pe>") == ("Rosa Quispe Mamani",
                                                                  "rosa@ayllu.pe")
    assert split_person(" rosa@ayllu.pe ") == ("", "rosa@ayllu.pe")
    assert split_person("Rosa <no email>") == ("Rosa <no email>", None)
    assert split_person("Rosa Quispe") == ("Rosa Quispe", None)


def test_a_fragment_or_another_email_is_never_taken_for_the_member() -> None:
    index = PeopleIndex([{"id": "ines-mamani-quispe", "name": "Inés Mamani Quispe",
                          "email": "ines@ayllu.pe"}, {"id": "rosa", "name": "Rosa"}])
    with pytest.raises(Exception) as frag:
        resolve(index, "Mam", "--owner")
    assert frag.value.hint == ("did you mean ines-mamani-quispe (part of the name)? name them "
                               f"by member id if so; {ADD_HINT}")
    with pytest.raises(Exception) as other:
        resolve(index, "Inés Mamani Quispe <other@ayllu.pe>", "--owner")
    assert other.value.message == ("--owner: 'Inés Mamani Quispe <other@ayllu.pe>' is not a "
                                   "member")
    assert resolve(index, "Inés Mamani Quispe <ines@ayllu.pe>") == "ines-mamani-quispe"
    assert resolve(index, "INES@ayllu.pe") == "ines-mamani-quispe"


def test_member_show_of_a_path_is_still_a_usage_error(cop: Path, cli: Cli) -> None:
    result = cli("member", "show", "../members", "--cop", str(cop))
    assert result.exit_code == 2
    assert "is not a valid id" in result.stderr


def test_member_add_splits_name_and_email(cop: Path, cli: Cli) -> None:
    result = cli("member", "add", "Rosa Quispe Mamani <rosa.q@ayllu.pe>", "--cop", str(cop))
    assert result.exit_code == 0, result.output
    text = (cop / "members.yaml").read_text(encoding="utf-8")
    assert "id: rosa-quispe-mamani\n    name: Rosa Quispe Mamani\n" in text
    assert "rosa-ayllu" not in text and "<" not in text
    assert cli("member", "show", "rosa.q@ayllu.pe", "--cop", str(cop)).exit_code == 0


def test_the_walk_splits_name_and_email(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk took 'Rosa Quispe Mamani <rosa@ayllu.pe>' for a name and made the id
    rosa-quispe-mamani-rosa-ayllu-pe; the email is no longer asked when it was typed."""
    from copkit.planning.walk import Wizard
    from tests.test_wizard import FRAMING, Script

    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    root = tmp_path / "cop"
    init_cop(root, name="Ayllu")
    script = Script([*FRAMING, "Rosa Quispe Mamani <rosa@ayllu.pe>", "", "n"])
    Wizard(root, script).run()
    members = (root / "members.yaml").read_text(encoding="utf-8")
    assert "  - id: rosa-quispe-mamani\n    name: Rosa Quispe Mamani\n" in members
    assert "ayllu-pe" not in members and "<" not in members.split("members:", 1)[1]
    assert not any(q.startswith("Email address of") for q in script.asked)
