"""Issue #13: an import never merges two people. A row is a member when the email matches, or
the folded name is identical and one side has no email; a close name is only a *possible*
duplicate: asked about on a terminal, added and listed with --yes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.imports.attendance import plan as plan_attendance
from copkit.imports.roster import plan as plan_members
from copkit.imports.survey import plan as plan_survey
from copkit.yaml.read import read_file

from .conftest import git, make_repo
from .records_cop import MEMBERS, small_cop

Cli = Callable[..., Result]


@pytest.fixture
def cop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    return small_cop(tmp_path)


def with_members(tmp_path: Path, extra: str) -> Path:
    """The small CoP with more members at the end of members.yaml."""
    root = small_cop(tmp_path, commit=False)
    text = MEMBERS.replace("# end of the list\n", extra + "# end of the list\n")
    (root / "members.yaml").write_text(text, encoding="utf-8")
    return make_repo(root)


def write(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def member_ids(root: Path) -> list[str]:
    return [m["id"] for m in read_file(root / "members.yaml", "members.yaml").data["members"]]


def commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD").strip())


# ---------------------------------------------------------------- the four cases of #13
def test_maria_and_mario_are_two_people(cop: Path, tmp_path: Path, cli: Cli) -> None:
    roster = write(tmp_path, "Name,Email\nMaría Gómez,mgomez@a.org\nMario Gómez,mario.g@b.org\n")
    result = cli("import", "members", str(roster), "--cop", str(cop), "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "roster.csv: 2 row(s) read (UTF-8, separator ',', header on line 1)",
        "into: members.yaml",
        "  new        line 2     María Gómez: will be added as member maria-gomez",
        "  new        line 3     Mario Gómez: will be added as member mario-gomez; possible "
        "duplicate of maria-gomez (91%)",
        "summary: 2 new (1 possible duplicate)",
        "imported into roster.csv: wrote members.yaml",
        f"committed {git(cop, 'rev-parse', 'HEAD')[:8]}: copkit: import 2 member(s) from "
        "roster.csv",
        "note: line 3 Mario Gómez was added as mario-gomez, a possible duplicate of "
        "maria-gomez (91%); if they are one person: copkit member merge maria-gomez "
        "mario-gomez",
    ]
    assert member_ids(cop)[-2:] == ["maria-gomez", "mario-gomez"]
    text = (cop / "members.yaml").read_text(encoding="utf-8")
    assert text.endswith("  - id: mario-gomez\n    name: Mario Gómez\n"
                         "    email: mario.g@b.org\n    joined: 2026-11-22\n# end of the list\n")


def test_a_close_name_with_another_email_is_not_the_member(tmp_path: Path, cli: Cli,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    cop = with_members(tmp_path, "  - id: ana-torres\n    name: Ana Torres\n"
                                 "    email: ana.torres@example.org\n")
    roster = write(tmp_path, "Name,Email\nAna Torrez,atorrez@other.org\n")
    plan = plan_members(cop, roster)
    item = plan.items[0]
    assert (item.status, item.member_id) == ("new", "ana-torrez")
    assert [p.describe() for p in item.possible] == ["ana-torres (90%)"]
    result = cli("import", "members", str(roster), "--cop", str(cop), "--yes")
    assert result.exit_code == 0, result.output
    assert "Ana Torrez: will be added as member ana-torrez; possible duplicate of " \
           "ana-torres (90%)" in result.stdout
    assert member_ids(cop)[-2:] == ["ana-torres", "ana-torrez"]


def test_juana_is_not_juan(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    cop = with_members(tmp_path, "  - id: juan-perez-mamani\n    name: Juan Pérez Mamani\n")
    roster = write(tmp_path, "Name,Email\nJuana Pérez Mamani,juana.pm@other.org\n")
    result = cli("import", "members", str(roster), "--cop", str(cop), "--yes")
    assert result.exit_code == 0, result.output
    assert ("  new        line 2     Juana Pérez Mamani: will be added as member "
            "juana-perez-mamani; possible duplicate of juan-perez-mamani (97%)") in \
        result.stdout
    assert member_ids(cop)[-1] == "juana-perez-mamani"
    # and against the small CoP's "Juan Pérez" (no email): not even close
    plan = plan_members(small_cop(tmp_path / "other"), roster)
    assert [(i.status, i.member_id, i.possible) for i in plan.items] == [
        ("new", "juana-perez-mamani", [])]


def test_two_hundred_numbered_people_are_two_hundred_members(cop: Path, tmp_path: Path,
                                                             cli: Cli) -> None:
    rows = "".join(f"Roster Person {n},person{n}@example.org\n" for n in range(1, 201))
    roster = write(tmp_path, "Name,Email\n" + rows)
    result = cli("import", "members", str(roster), "--cop", str(cop), "--yes")
    assert result.exit_code == 0, result.output
    assert "summary: 200 new\n" in result.stdout
    assert "possible" not in result.stdout
    ids = member_ids(cop)
    assert len(ids) == 5 + 200 and ids[-1] == "roster-person-200"
    assert git(cop, "log", "-1", "--format=%s").strip() == \
        "copkit: import 200 member(s) from roster.csv"


# ---------------------------------------------------------------- the rule
@pytest.mark.parametrize("row, expected", [
    # the same email, whatever the name
    ("Someone Else,JOSE@example.org ", ("matched", "jose-garcia", "by email", [])),
    # the same name, the row without an email
    ("JOSÉ GARCÍA,", ("matched", "jose-garcia", "by name", [])),
    # the same name, the member without an email
    ('"García, José",', ("matched", "jose-garcia", "by name", [])),
    ("Juan Pérez,juan@example.org", ("matched", "juan-perez", "by name", [])),
    # the same name, two emails: two people
    ("José García,jgarcia@other.org",
     ("new", "jose-garcia-2", "", ["jose-garcia (same name, other email)"])),
    # part of a name is not the person in a roster
    ("María López Quispe,mlq@other.org",
     ("new", "maria-lopez-quispe", "", ["maria-lopez (part of the name)"])),
])
def test_the_same_person_rule(cop: Path, tmp_path: Path, row: str,
                              expected: tuple[str, str, str, list[str]]) -> None:
    plan = plan_members(cop, write(tmp_path, "Name,Email\n" + row + "\n"))
    (item,) = plan.items
    assert (item.status, item.member_id, item.how,
            [p.describe() for p in item.possible]) == expected


def test_a_repeated_row_is_one_person_and_a_namesake_in_the_file_is_flagged(
        cop: Path, tmp_path: Path) -> None:
    roster = write(tmp_path, "Name,Email\nKofi Mensah,kofi@a.org\nKofi Mensah,\n"
                             "Kofi Mensah,kofi.m@b.org\nKOFI@a.org,kofi@a.org\n")
    plan = plan_members(cop, roster)
    assert [(i.status, i.member_id, [p.describe() for p in i.possible])
            for i in plan.items] == [
        ("new", "kofi-mensah", []),
        ("matched", "kofi-mensah", []),
        ("new", "kofi-mensah-2", ["kofi-mensah (same name, other email)"]),
        ("matched", "kofi-mensah", []),
    ]


# ---------------------------------------------------------------- asking on a terminal
@pytest.mark.parametrize("answer, added", [("y", ["maria-gomez"]),
                                           ("n", ["maria-gomez", "mario-gomez"])])
def test_a_possible_duplicate_is_asked_about_on_a_terminal(
        cop: Path, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, answer: str,
        added: list[str]) -> None:
    monkeypatch.setattr("copkit.cli.imports.interactive", lambda: True)
    roster = write(tmp_path, "Name,Email\nMaría Gómez,mgomez@a.org\nMario Gómez,mario.g@b.org\n"
                             "Mario Gomez,\n")
    result = cli("import", "members", str(roster), "--cop", str(cop), input=f"{answer}\ny\n")
    assert result.exit_code == 0, result.output
    assert ("line 3 Mario Gómez: the same person as maria-gomez (María Gómez, 91%)? [y/N]: "
            in result.stdout)
    assert result.stdout.count("the same person as") == 1  # line 4 follows line 3's answer
    assert member_ids(cop)[5:] == added
    if answer == "y":
        assert "  line 3 Mario Gómez: maria-gomez, as you said" in result.stdout
        assert "note: line 3" not in result.stdout


def test_each_possible_member_is_asked_about_in_turn(tmp_path: Path, cli: Cli,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("copkit.cli.imports.interactive", lambda: True)
    cop = with_members(tmp_path, "  - id: rosa-quispe-mamani\n    name: Rosa Quispe Mamani\n"
                                 "  - id: rosa-condori-mamani\n    name: Rosa Condori Mamani\n")
    roster = write(tmp_path, "Name,Email\nRosa Mamani,rosa@example.org\n")
    result = cli("import", "members", str(roster), "--cop", str(cop), input="n\ny\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-4:] == [
        "line 2 Rosa Mamani: the same person as rosa-condori-mamani (Rosa Condori Mamani, "
        "part of the name)? [y/N]: n",
        "line 2 Rosa Mamani: the same person as rosa-quispe-mamani (Rosa Quispe Mamani, "
        "part of the name)? [y/N]: y",
        "  line 2 Rosa Mamani: rosa-quispe-mamani, as you said",
        "nothing to write: everything in the file is already recorded"]
    assert commits(cop) == 1


def test_without_a_terminal_nothing_is_asked_nor_written(cop: Path, tmp_path: Path,
                                                         cli: Cli) -> None:
    roster = write(tmp_path, "Name,Email\nMaría Gómez,mgomez@a.org\nMario Gómez,mario.g@b.org\n")
    result = cli("import", "members", str(roster), "--cop", str(cop))
    assert result.exit_code == 1
    assert "possible duplicate of maria-gomez (91%)" in result.stdout
    assert "the same person as" not in result.stdout
    assert commits(cop) == 1


# ---------------------------------------------------------------- attendance and surveys
def test_attendance_a_similar_name_is_not_someone_else(cop: Path, tmp_path: Path,
                                                       cli: Cli) -> None:
    report = write(tmp_path, "Name,Join Time\nJose Garsia,2026-05-10 14:00\n"
                             "María López,2026-05-10 14:00\n", "a.csv")
    plan = plan_attendance(cop, report, meeting_id="2026-05-10-unit-models")
    assert [(i.status, i.member_id, [p.describe() for p in i.possible])
            for i in plan.items] == [("unmatched", None, ["jose-garcia (91%)"]),
                                     ("matched", "maria-lopez", [])]
    result = cli("import", "attendance", str(report), "--meeting", "2026-05-10-unit-models",
                 "--add-unknown", "guests", "--cop", str(cop), "--yes")
    assert result.exit_code == 0, result.output
    assert ("  guest      line 2     Jose Garsia: not a member: will be added as a guest; "
            "possibly jose-garcia (91%)") in result.stdout
    text = (cop / "meetings" / "2026-05-10-unit-models.yaml").read_text(encoding="utf-8")
    assert "attendees: [maria-lopez, juan-perez]   # who came\n" in text
    assert "guests:\n  - {name: Jose Garsia}\n" in text


def test_attendance_confirmed_on_a_terminal(cop: Path, tmp_path: Path, cli: Cli,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("copkit.cli.imports.interactive", lambda: True)
    report = write(tmp_path, "Name,Join Time\nJose Garsia,2026-05-10 14:00\n", "a.csv")
    result = cli("import", "attendance", str(report), "--meeting", "2026-05-10-unit-models",
                 "--cop", str(cop), input="y\ny\n")
    assert result.exit_code == 0, result.output
    assert "line 2 Jose Garsia: the same person as jose-garcia (José García, 91%)?" in \
        result.stdout
    text = (cop / "meetings" / "2026-05-10-unit-models.yaml").read_text(encoding="utf-8")
    assert "attendees: [maria-lopez, juan-perez, jose-garcia] # who came\n" in text


def test_attendance_part_of_a_name_only_when_unambiguous(tmp_path: Path) -> None:
    cop = with_members(tmp_path, "  - id: rosa-quispe-mamani\n    name: Rosa Quispe Mamani\n"
                                 "  - id: rosa-condori-mamani\n    name: Rosa Condori Mamani\n")
    report = write(tmp_path, "Name,Join Time\nRosa Quispe,2026-05-10 14:00\n"
                             "Rosa Mamani,2026-05-10 14:00\n", "a.csv")
    plan = plan_attendance(cop, report, meeting_id="2026-05-10-unit-models")
    assert [(i.status, i.member_id, i.how, [p.describe() for p in i.possible])
            for i in plan.items] == [
        ("matched", "rosa-quispe-mamani", "by part of the name", []),
        ("unmatched", None, "", ["rosa-condori-mamani (part of the name)",
                                 "rosa-quispe-mamani (part of the name)"])]


def test_survey_a_similar_name_stays_anonymous(cop: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "Timestamp,Name,Q\n2026-11-01,Jose Garsia,Agree\n"
                           "2026-11-02,José García,Agree\n", "s.csv")
    plan = plan_survey(cop, path)
    assert [r.get("respondent") for r in plan.record["responses"]] == [None, "jose-garcia"]
    assert [p.describe() for p in plan.items[0].possible] == ["jose-garcia (91%)"]


# ---------------------------------------------------------------- names on the command line
def test_meeting_attend_a_close_name_is_not_taken_for_the_member(cop: Path, cli: Cli) -> None:
    refused = cli("meeting", "attend", "2026-05-10-unit-models", "Jose Garsia", "--cop",
                  str(cop))
    assert refused.exit_code == 1
    assert refused.stderr == (
        "error: 'Jose Garsia' is not a member\n"
        "  hint: did you mean jose-garcia (91%)? name them by member id if so; add them with "
        "copkit member add, or pass --add-unknown guests (or members)\n")
    guest = cli("meeting", "attend", "2026-05-10-unit-models", "Jose Garsia", "José García",
                "--add-unknown", "guests", "--cop", str(cop))
    assert guest.exit_code == 0, guest.output
    assert "note: 'Jose Garsia' is not a member, possibly jose-garcia (91%)" in guest.stdout
    text = (cop / "meetings" / "2026-05-10-unit-models.yaml").read_text(encoding="utf-8")
    assert "attendees: [maria-lopez, juan-perez, jose-garcia] # who came\n" in text
    assert "guests:\n  - {name: Jose Garsia}\n" in text


# ---------------------------------------------------------------- a large roster
TRICKY = ["María José O'Brien", "Ville de Québec – Bureau", "3M Company", "null", "yes",
          "2026-01-10", "+51 984 000 000", "984000000", "Dr. Ana Ruiz (PUCP)", "a: b",
          "'quoted'", "Thảo Trần", "x #y", "Åsa Øvergård", "1e5", "~", "Núñez del Prado"]


def test_a_large_roster_is_written_as_ruamel_writes_it(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """From FAST_APPEND_FROM new members on, copkit writes their YAML itself: byte for byte
    what ruamel.yaml writes, odd values included (each one read back before writing)."""
    from copkit.imports import append
    from copkit.imports.apply import apply

    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    lines = ["Name,Email,Organisation,Phone,Country,Role,Joined"]
    for n in range(150):
        odd = TRICKY[n % len(TRICKY)]
        lines.append(f"\"Person {odd} {n}\",p{n}@example.org,\"{odd}\",\"{odd}\","
                     f"{'PE' if n % 3 else ''},{'expert;participant' if n % 2 else ''},"
                     f"{'2026-03-0' + str(1 + n % 9) if n % 4 else ''}")
    roster = write(tmp_path, "\n".join(lines) + "\n")
    used: list[bool] = []
    as_text = append._append_as_text
    monkeypatch.setattr(append, "_append_as_text",
                        lambda lf, records: used.append(as_text(lf, records)) or used[-1])
    texts = []
    for fast in (True, False):
        cop = small_cop(tmp_path / str(fast))
        monkeypatch.setattr(append, "FAST_APPEND_FROM", 100 if fast else 10**9)
        apply(plan_members(cop, roster), no_commit=True)
        texts.append((cop / "members.yaml").read_text(encoding="utf-8"))
    assert used == [True] and texts[0] == texts[1]
    assert texts[0].startswith(MEMBERS.replace("# end of the list\n", ""))
    assert texts[0].endswith("    phone: Åsa Øvergård\n    joined: 2026-03-06\n# end of the list\n")
    assert "  - id: person-984000000-7\n    name: Person 984000000 7\n" \
           "    organisation: '984000000'\n" in texts[0]
    assert len(member_ids(tmp_path / "True" / "cop")) == 5 + 150
