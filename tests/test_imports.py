"""`copkit import members|attendance|survey`: previews, confirmation, what is written, and
each bad input refused with its position (nothing written, nothing lost)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.imports.attendance import plan as plan_attendance
from copkit.imports.roster import plan as plan_members
from copkit.imports.scales import likert
from copkit.imports.survey import plan as plan_survey
from copkit.yaml.read import read_file

from .conftest import git
from .records_cop import MEMBERS, small_cop

DATA = Path(__file__).parent / "data"
Cli = Callable[..., Result]


@pytest.fixture
def cop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    return small_cop(tmp_path)


def commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD").strip())


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8", errors="replace")
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts}


# ---------------------------------------------------------------- members
def test_members_roster_cp1252(cop: Path, cli: Cli) -> None:
    result = cli("import", "members", str(DATA / "roster-cp1252.csv"), "--cop", str(cop),
                 "--yes")
    assert result.exit_code == 0, result.output
    assert "roster-cp1252.csv: 3 row(s) read (Windows-1252, separator ';'" in result.stdout
    assert "matched    line 2     José García: jose-garcia by email" in result.stdout
    assert "new        line 3     Renée Côté: will be added as member renee-cote" in \
        result.stdout
    text = (cop / "members.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "  - id: renee-cote\n    name: Renée Côté\n    organisation: Ville de Québec – Bureau\n"
        "    country: CA\n    roles: [expert]\n    email: renee@example.org\n"
        "    joined: 2026-11-22\n"
        "  - id: jurgen-muller\n    name: Jürgen Müller\n    organisation: Stadt Köln\n"
        "    country: DE\n    email: jurgen@example.org\n    joined: 2026-11-22\n"
        "# end of the list\n")
    assert text.startswith(MEMBERS.replace("# end of the list\n", ""))
    log = git(cop, "log", "-1", "--format=%B")
    assert log.startswith("copkit: import 2 member(s) from roster-cp1252.csv\n\n"
                          "members.yaml: member renee-cote added\n")
    # importing again changes nothing
    again = cli("import", "members", str(DATA / "roster-cp1252.csv"), "--cop", str(cop),
                "--yes")
    assert again.exit_code == 0 and "nothing to write" in again.stdout
    assert commits(cop) == 2


@pytest.mark.parametrize("name, expected", [
    ("roster-bom.csv", ["amelie-dupont", "tomas-quispe"]),
    ("roster-quoted-newlines.csv", ["nadia-benali", "o-brien-sean"]),
    ("roster-duplicate-header.csv", ["kofi-mensah", "lina-haddad"]),
    ("roster-trailing-blank.csv", ["paulo-souza", "mei-chen"]),
])
def test_members_real_world_shapes(cop: Path, name: str, expected: list[str]) -> None:
    from copkit.imports.apply import apply

    plan = plan_members(cop, DATA / name)
    assert [i.member_id for i in plan.items] == expected
    apply(plan)
    data = read_file(cop / "members.yaml", "members.yaml").data["members"]
    assert [m["id"] for m in data][-2:] == expected
    if name == "roster-quoted-newlines.csv":
        # a line break in a one-line field is the spreadsheet wrapping the cell
        assert data[-2]["organisation"] == "Agence de développement local, antenne Sud"


def test_preview_without_terminal_writes_nothing(cop: Path, cli: Cli) -> None:
    before = snapshot(cop)
    result = cli("import", "members", str(DATA / "roster-bom.csv"), "--cop", str(cop))
    assert result.exit_code == 1
    assert "new        line 2     Amélie Dupont: will be added as member amelie-dupont" in \
        result.stdout
    assert "nothing written: pass --yes to import" in result.stderr
    assert snapshot(cop) == before and commits(cop) == 1


def test_members_map_option(cop: Path, tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Apellidos y nombres;Institución\nQuispe Tomás;GR Cusco\n", "utf-8")
    result = cli("import", "members", str(path), "--map", "Apellidos y nombres=name",
                 "--map", "institucion=organisation", "--cop", str(cop), "--yes")
    assert result.exit_code == 0, result.output
    assert "  - id: quispe-tomas\n    name: Quispe Tomás\n    organisation: GR Cusco\n" in \
        (cop / "members.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- bad input
BAD = {
    "no-header.csv": ("María López,maria@example.org,Cusco\n", "members",
                      "error: no-header.csv:1:13: no header line: the first row holds an "
                      "email address"),
    "missing.csv": ("Email,Organisation\nmaria@example.org,Cusco\n", "members",
                    "error: missing.csv:1:1: no column for 'name' in the header"),
    "junk-email.csv": ("Name,Email\nAna,ana@example.org\nBo,see attached\n", "members",
                       "error: junk-email.csv:3:4: 'see attached' in column 'Email' is not "
                       "an email address"),
    "bad-date.csv": ("Name,Join Time,Leave Time\nMaría López,2026-05-10 14:00,"
                     "sometime later\n", "attendance",
                     "error: bad-date.csv:2:30: 'sometime later' in column 'Leave Time' is "
                     "not a date copkit can read"),
    "ambiguous.csv": ("Name,Join Time\nJuan Pérez,2026-05-10 14:00\nAna Ruiz,"
                      "2026-05-10 14:05\n", "attendance",
                      "error: ambiguous.csv:3:1: 'Ana Ruiz' matches more than one member: "
                      "ana-ruiz, ana-ruiz-2; nothing was written"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_positioned_nothing_written(cop: Path, tmp_path: Path, cli: Cli,
                                              name: str) -> None:
    text, kind, message = BAD[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = snapshot(cop)
    result = cli("import", kind, str(path), "--cop", str(cop), "--yes")
    assert result.exit_code == 1
    assert message in result.stderr
    assert "hint:" in result.stderr
    assert snapshot(cop) == before and commits(cop) == 1


def test_bad_map_is_a_usage_error(cop: Path, cli: Cli) -> None:
    result = cli("import", "members", str(DATA / "roster-bom.csv"), "--map", "Email=mail",
                 "--cop", str(cop), "--yes")
    assert result.exit_code == 2
    assert "error: --map 'Email=mail': 'mail' is not a field copkit imports here" in \
        result.stderr


# ---------------------------------------------------------------- attendance
def test_zoom_report_new_meeting_reconnects_merged(cop: Path, cli: Cli) -> None:
    result = cli("import", "attendance", str(DATA / "zoom-participants.csv"), "--cop",
                 str(cop), "--add-unknown", "guests", "--yes")
    assert result.exit_code == 0, result.output
    assert "Juan Perez: juan-perez by name, 108 min, 3 connections" in result.stdout
    assert "2 reconnection row(s) merged" in result.stdout
    path = cop / "meetings" / "2026-05-10-led-unit-models.yaml"
    assert path.read_text(encoding="utf-8") == (
        "date: 2026-05-10\ntitle: LED unit models\nformat: virtual\nduration_minutes: 92\n"
        "attendees: [maria-lopez, juan-perez, jose-garcia]\nguests:\n"
        # 'Name (Organisation)' is a guest and their organisation (#15)
        "  - {name: Dr. Ana Ruiz, organisation: PUCP}\n  - {name: iPhone de Carla}\n")
    assert git(cop, "log", "-1", "--format=%s").strip() == \
        "copkit: import attendance into meeting 2026-05-10-led-unit-models"


def test_teams_utf16_into_existing_meeting(cop: Path) -> None:
    from copkit.imports.apply import apply

    plan = plan_attendance(cop, DATA / "teams-attendance-utf16.csv",
                           meeting_id="2026-05-10-unit-models", add_unknown="members")
    assert [(i.status, i.member_id) for i in plan.items] == [
        ("matched", "maria-lopez"), ("new", "renee-cote"), ("matched", "juan-perez")]
    out = apply(plan)
    assert set(out.paths) == {"members.yaml", "meetings/2026-05-10-unit-models.yaml"}
    text = (cop / "meetings" / "2026-05-10-unit-models.yaml").read_text(encoding="utf-8")
    assert "attendees: [maria-lopez, juan-perez, renee-cote] # who came\n" in text
    assert text.startswith("# The May call\n")


def test_teams_title_from_summary(cop: Path) -> None:
    plan = plan_attendance(cop, DATA / "teams-attendance-utf16.csv")
    assert plan.target == "meetings/2026-05-10-reunion-mensuelle-des-unites.yaml"
    assert plan.record["title"] == "Réunion mensuelle des unités"


def test_attendance_existing_meeting_file_refused(cop: Path, tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "a.csv"
    path.write_text("Name,Join Time\nJuan Pérez,2026-05-10 14:00\n", "utf-8")
    result = cli("import", "attendance", str(path), "--title", "Unit models", "--cop",
                 str(cop), "--yes")
    assert result.exit_code == 1
    assert ("error: meetings/2026-05-10-unit-models.yaml:1:1: a meeting on 2026-05-10 with "
            "this title is already recorded") in result.stderr
    assert "--meeting 2026-05-10-unit-models" in result.stderr


def test_300_rows(cop: Path, tmp_path: Path) -> None:
    lines = ["Name,Email,Join Time,Leave Time,Duration (Minutes)"]
    for i in range(150):
        for k in range(2):
            lines.append(f"Person {i},p{i}@example.org,2026-07-01 1{k}:00,2026-07-01 1{k}:30,30")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    plan = plan_attendance(cop, path, add_unknown="members")
    assert len(plan.items) == 150 and all(i.minutes == 60 for i in plan.items)


# ---------------------------------------------------------------- survey
def test_google_forms_survey(cop: Path, cli: Cli) -> None:
    result = cli("import", "survey", str(DATA / "google-forms-survey.csv"), "--title",
                 "Member survey 2026", "--invited", "12", "--map",
                 "I am satisfied with the CoP=satisfaction", "--cop", str(cop), "--yes")
    assert result.exit_code == 0, result.output
    data = read_file(cop / "surveys" / "member-survey-2026.yaml", "s").data
    assert data["date"].isoformat() == "2026-11-04" and data["invited"] == 12
    assert [q["id"] for q in data["questions"]] == ["satisfaction", "q1", "q2"]
    assert data["questions"][0]["scale"] == 5
    assert data["questions"][0]["labels"][4] == "Strongly agree"
    assert "scale" not in data["questions"][2]
    assert data["responses"][0] == {
        "respondent": "maria-lopez", "submitted": data["responses"][0]["submitted"],
        "answers": {"satisfaction": 5, "q1": 4,
                    "q2": "We now run open budget hearings.\nTwice a year, with the council."}}
    assert "respondent" not in data["responses"][2]  # not a member: anonymous
    assert "Someone" not in (cop / "surveys" / "member-survey-2026.yaml").read_text("utf-8")
    assert data["responses"][2]["answers"]["q2"] == 'Better "terms of reference"'


def test_survey_spanish_and_french_labels_and_append(cop: Path) -> None:
    from copkit.imports.apply import apply

    plan = plan_survey(cop, DATA / "survey-es-fr.csv", title="Encuesta")
    assert [r["answers"] for r in plan.record["responses"]] == [{"q1": 5, "q2": 4},
                                                                {"q1": 5, "q2": 2}]
    apply(plan)
    again = plan_survey(cop, DATA / "survey-es-fr.csv", survey_id="encuesta")
    assert again.record["questions"] == []
    apply(again)
    data = read_file(cop / "surveys" / "encuesta.yaml", "s").data
    assert len(data["responses"]) == 4 and data["responses"][1]["submitted"].day == 6


def test_survey_answer_off_scale_positioned(cop: Path, tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "s.csv"
    path.write_text("Timestamp,Q\n2026-11-01,Agree\n2026-11-02,Sometimes maybe\n", "utf-8")
    result = cli("import", "survey", str(path), "--survey", "nope", "--cop", str(cop))
    assert result.exit_code == 1 and "there is no survey with the id 'nope'" in result.stderr
    path.write_text("Timestamp,Q\n2026-11-01,4\n2026-11-02,9\n", "utf-8")
    plan_ok = plan_survey(cop, path)
    assert plan_ok.record["questions"][0]["scale"] == 10


@pytest.mark.parametrize("text, value", [
    ("Strongly agree", 5), ("strongly  AGREE", 5), ("Totalmente de acuerdo", 5),
    ("Tout à fait d'accord", 5), ("Pas d'accord", 2), ("4 - Agree", 4), ("3", 3),
    ("Ni de acuerdo ni en desacuerdo", 3), ("banana", None), ("", None),
])
def test_likert(text: str, value: int | None) -> None:
    assert likert(text) == value


def test_confirmation_on_a_terminal(cop: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
                                    ) -> None:
    monkeypatch.setattr("copkit.cli.imports.interactive", lambda: True)
    before = snapshot(cop)
    refused = cli("import", "members", str(DATA / "roster-bom.csv"), "--cop", str(cop),
                  input="n\n")
    assert refused.exit_code == 1 and "Write these changes?" in refused.stdout
    assert "nothing written" in refused.stdout and snapshot(cop) == before
    accepted = cli("import", "members", str(DATA / "roster-bom.csv"), "--cop", str(cop),
                   input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert "amelie-dupont" in (cop / "members.yaml").read_text(encoding="utf-8")
    assert commits(cop) == 2


def test_meet_style_first_and_last_names(cop: Path, tmp_path: Path) -> None:
    path = tmp_path / "meet.csv"
    path.write_text("First name,Last name,Email,Duration,Time joined,Time exited\n"
                    "José,García,,45 min,2026-07-01 10:00,2026-07-01 10:45\n"
                    "Juan,Pérez,,1 h,2026-07-01 10:00,2026-07-01 11:00\n", "utf-8")
    plan = plan_attendance(cop, path, title="Meet call")
    assert [(i.member_id, i.minutes) for i in plan.items] == [("jose-garcia", 45),
                                                              ("juan-perez", 60)]
    assert plan.record["duration_minutes"] == 60


# ---------------------------------------------------------------- audit of #4
def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HEADERLESS = {
    "email": ("members", "Ana Ruiz,ana@x.org,participant\nJuan,juan@x.org,expert\n",
              "error: r.csv:1:10: no header line: the first row holds an email address "
              "('ana@x.org'), so it is a row of data\n"
              "  hint: add a header row naming the columns above it (for example: "
              "name,email,organisation,country); copkit reads columns by their names\n"),
    "value-repeated": ("members", "Ana Ruiz,Cusco,participant\nJuan,Puno,participant\n",
                       "error: r.csv:1:16: no header line: the first row holds 'participant', "
                       "which is also a value of that column on line 2, so it is a row of "
                       "data\n"),
    "date": ("attendance", "Ana,2026-05-10 10:00,30\nBo,2026-05-10 10:05,25\n",
             "error: r.csv:1:5: no header line: the first row holds a date "
             "('2026-05-10 10:00'), so it is a row of data\n"),
    "survey-date": ("survey", "2026-11-01 10:00,María López,Agree\n",
                    "error: r.csv:1:1: no header line: the first row holds a date "
                    "('2026-11-01 10:00'), so it is a row of data\n"),
    "nothing-known": ("members", "Ana,Cusco\nBo,Puno\n",
                      "error: r.csv:1:1: no header line: none of the first 2 rows names a "
                      "column copkit knows (name, first_name, last_name, email, organisation, "
                      "country, roles, level, phone, joined)\n"
                      "  hint: add a header row naming the columns (for example: "
                      "name,email,organisation,country), or name your columns with --map "
                      "'Your column=field'\n"),
}


@pytest.mark.parametrize("case", sorted(HEADERLESS))
def test_a_file_without_a_header_row_is_refused(cop: Path, tmp_path: Path, cli: Cli,
                                                case: str) -> None:
    kind, text, message = HEADERLESS[case]
    path = write(tmp_path, "r.csv", text)
    before = snapshot(cop)
    result = cli("import", kind, str(path), "--cop", str(cop), "--yes")
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert snapshot(cop) == before and commits(cop) == 1


def test_survey_header_of_questions_only_found_through_map(cop: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "Q1,Q2\n4,Good idea\n3,Fine\n")
    plan = plan_survey(cop, path, ["Q1=usefulness"])
    assert [q["id"] for q in plan.record["questions"]] == ["usefulness", "q1"]
    assert [r["answers"] for r in plan.record["responses"]] == [
        {"usefulness": 4, "q1": "Good idea"}, {"usefulness": 3, "q1": "Fine"}]


def test_add_unknown_members_keeps_email_and_organisation(cop: Path, tmp_path: Path,
                                                          cli: Cli) -> None:
    path = write(tmp_path, "a.csv",
                 "Name,Email,Organisation,Join Time\n"
                 "Renée Côté,renee@example.org,Ville de Québec,2026-05-10 14:00\n"
                 "Renée Côté,renee@example.org,,2026-05-10 14:30\n"
                 "Kofi Mensah,,Accra,2026-05-10 14:05\n")
    result = cli("import", "attendance", str(path), "--meeting", "2026-05-10-unit-models",
                 "--add-unknown", "members", "--cop", str(cop), "--yes")
    assert result.exit_code == 0, result.output
    text = (cop / "members.yaml").read_text(encoding="utf-8")
    assert text == MEMBERS.replace("# end of the list\n", "") + (
        "  - id: renee-cote\n    name: Renée Côté\n    organisation: Ville de Québec\n"
        "    email: renee@example.org\n    joined: 2026-05-10\n"
        "  - id: kofi-mensah\n    name: Kofi Mensah\n    organisation: Accra\n"
        "    joined: 2026-05-10\n"
        "# end of the list\n")
    # the next report spells the name differently: matched by the email kept
    later = write(tmp_path, "b.csv", "Name,Email,Join Time\n"
                                     "R. Cote (iPad),RENEE@example.org,2026-06-14 14:00\n")
    plan = plan_attendance(cop, later, add_unknown="members")
    assert [(i.status, i.member_id, i.how) for i in plan.items] == [
        ("matched", "renee-cote", "by email")]


def test_add_unknown_guests_keep_their_organisation(cop: Path, tmp_path: Path) -> None:
    from copkit.imports.apply import apply

    path = write(tmp_path, "a.csv", "Name,Organisation,Join Time\n"
                                    "Kofi Mensah,Accra,2026-05-10 14:05\n")
    apply(plan_attendance(cop, path, meeting_id="2026-05-10-unit-models",
                          add_unknown="guests"))
    text = (cop / "meetings" / "2026-05-10-unit-models.yaml").read_text(encoding="utf-8")
    assert "guests:\n  - {name: Kofi Mensah, organisation: Accra}\n" in text


def survey(tmp_path: Path, answers: list[str], header: str = "Q") -> Path:
    rows = "".join(f"2026-11-0{i + 1},{a}\n" for i, a in enumerate(answers))
    return write(tmp_path, "s.csv", f"Timestamp,{header}\n{rows}")


@pytest.mark.parametrize("answers, scale, values, labels", [
    (["Somewhat agree", "Strongly agree", "Somewhat disagree", "Neither agree nor disagree"],
     5, [4, 5, 2, 3], ["Strongly disagree", "Somewhat disagree", "Neither agree nor disagree",
                       "Somewhat agree", "Strongly agree"]),
    (["Algo de acuerdo", "Algo en desacuerdo", "Totalmente de acuerdo"], 5, [4, 2, 5],
     ["Totalmente en desacuerdo", "Algo en desacuerdo", "Ni de acuerdo ni en desacuerdo",
      "Algo de acuerdo", "Totalmente de acuerdo"]),
    (["Plutôt d'accord", "Ni d'accord ni pas d'accord", "Plutôt pas d'accord"], 5, [4, 3, 2],
     ["Pas du tout d'accord", "Plutôt pas d'accord", "Ni d'accord ni pas d'accord",
      "Plutôt d'accord", "Tout à fait d'accord"]),
    (["Agree", "Somewhat agree", "Strongly agree", "Disagree"], 7, [6, 5, 7, 2],
     ["Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree",
      "Somewhat agree", "Agree", "Strongly agree"]),
    (["Somewhat satisfied", "Extremely dissatisfied"], 5, [4, 1],
     ["Very dissatisfied", "Somewhat dissatisfied", "Neither satisfied nor dissatisfied",
      "Somewhat satisfied", "Very satisfied"]),
    (["Rara vez", "Siempre", "A veces"], 5, [2, 5, 3],
     ["Nunca", "Casi nunca", "A veces", "A menudo", "Siempre"]),
    (["Poor", "Very good", "Excellent"], 5, [1, 4, 5],
     ["Poor", "Fair", "Good", "Very good", "Excellent"]),
])
def test_likert_label_sets(cop: Path, tmp_path: Path, answers: list[str], scale: int,
                           values: list[int], labels: list[str]) -> None:
    plan = plan_survey(cop, survey(tmp_path, answers))
    question = plan.record["questions"][0]
    assert question["scale"] == scale and question["labels"] == labels
    assert [r["answers"]["q1"] for r in plan.record["responses"]] == values
    assert [n for n in plan.notes if n.startswith("column")] == []


def test_likert_column_with_unknown_labels_is_named_in_the_preview(cop: Path, tmp_path: Path,
                                                                    cli: Cli) -> None:
    path = survey(tmp_path, ["Agree", "Strongly agree", "Kinda", "Agree"])
    result = cli("import", "survey", str(path), "--cop", str(cop))
    assert result.exit_code == 1  # no terminal: nothing written
    assert ("note: column 'Q': 3 of its 4 answers are on a scale ('Agree', 'Strongly agree') "
            "but not 'Kinda', so question q1 is imported as open text; if it is a scale, fix "
            "those cells or force one with --map 'Q=q1:5'") in result.stdout
    forced = cli("import", "survey", str(path), "--map", "Q=q1:5", "--cop", str(cop), "--yes")
    assert forced.exit_code == 1
    assert forced.stderr.startswith(
        "error: s.csv:4:12: 'Kinda' is not an answer on the 1-5 scale of question q1 (column "
        "'Q')\n  hint: use a number from 1 to 5 or a label (Strongly disagree, Disagree, "
        "Neither agree nor disagree, Agree, Strongly agree); or fix the cell\n")
    assert not (cop / "surveys").exists()


def test_map_forces_a_scale_or_open_text(cop: Path, tmp_path: Path) -> None:
    numbers = survey(tmp_path, ["3", "4", "5"], header="How many cities?")
    open_q = plan_survey(cop, numbers, ["How many cities?=cities:text"])
    assert open_q.record["questions"] == [{"id": "cities", "text": "How many cities?"}]
    assert [r["answers"]["cities"] for r in open_q.record["responses"]] == ["3", "4", "5"]
    french = survey(tmp_path, ["Plutôt d'accord", "Tout à fait d'accord", "Plutôt pas d'accord"])
    four = plan_survey(cop, french, ["Q=q1:4"])
    assert four.record["questions"][0]["scale"] == 4
    assert four.record["questions"][0]["labels"] == [
        "Pas du tout d'accord", "Plutôt pas d'accord", "Plutôt d'accord", "Tout à fait d'accord"]
    assert [r["answers"]["q1"] for r in four.record["responses"]] == [3, 4, 2]


@pytest.mark.parametrize("target", ["q1:abc", "q1:12", "skip:5", "Q 1:5"])
def test_map_with_a_bad_scale_is_a_usage_error(cop: Path, tmp_path: Path, cli: Cli,
                                               target: str) -> None:
    path = survey(tmp_path, ["Agree"])
    result = cli("import", "survey", str(path), "--map", f"Q={target}", "--cop", str(cop))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: --map 'q={target}': ")


def test_answers_fitting_two_scales_are_named(cop: Path, tmp_path: Path) -> None:
    plan = plan_survey(cop, survey(tmp_path, ["Good", "Excellent"]))
    assert plan.record["questions"][0]["scale"] == 5
    assert plan.notes[:1] == [
        "column 'Q': its answers fit two scales; read as Very poor, Poor, Fair, Good, Excellent "
        "(1-5), not as Poor, Fair, Good, Very good, Excellent: if the form used the second, the "
        "numbers differ; check question q1 after the import"]


@pytest.mark.parametrize("text, message", [
    ("Name,Email\nAna\x1b[31m,ana@example.org\n",
     "error: r.csv:2:1: the cell in column 'Name' holds ESC (U+001B) at character 4\n"
     "  hint: remove it from the file"),
    ("Name\x07,Email\nAna,ana@example.org\n",
     "error: r.csv:1:1: the header cell holds the control character U+0007 at character 5"),
    ('Name,Email\n"Ana\x00",ana@example.org\n', "the file holds NUL characters"),
])
def test_control_characters_in_cells_are_refused(cop: Path, tmp_path: Path, cli: Cli,
                                                 text: str, message: str) -> None:
    path = write(tmp_path, "r.csv", text)
    before = snapshot(cop)
    result = cli("import", "members", str(path), "--cop", str(cop), "--yes")
    assert result.exit_code == 1
    assert message in result.stderr and "\x1b" not in result.output
    assert snapshot(cop) == before


@pytest.mark.parametrize("name, message", [
    ("roster-duplicate-column.csv",
     "error: roster-duplicate-column.csv:1:25: the header names the column 'Email' twice "
     "(columns 2 and 4), so copkit cannot tell which one to read\n"
     "  hint: rename one of the two columns (or delete the one that should not be imported), "
     "then import again\n"),
    ("roster-extra-cells.csv",
     "error: roster-extra-cells.csv:4:36: line 4 has 4 cells, but the header (line 1) names 3 "
     "columns: ' SG' is in no column\n"
     "  hint: a value holding the separator (',') must be in double quotes, like "
     "\"Singapore, SG\"; or name the extra column in the header\n"),
])
def test_a_csv_whose_columns_are_in_doubt_is_refused(cop: Path, cli: Cli, name: str,
                                                     message: str) -> None:
    # issue #13; a repeated header ROW (roster-duplicate-header.csv) is still skipped above
    before = snapshot(cop)
    result = cli("import", "members", str(DATA / name), "--cop", str(cop), "--yes")
    assert result.exit_code == 1
    assert result.stderr == message
    assert snapshot(cop) == before


def test_a_wrapped_cell_is_one_line_in_a_name_and_kept_in_an_answer(cop: Path,
                                                                    tmp_path: Path) -> None:
    roster = write(tmp_path, "r.csv", 'Name,Email\n"Ana\tMaría\nRuiz",ana@example.org\n')
    assert plan_members(cop, roster).items[0].values["name"] == "Ana María Ruiz"
    answers = write(tmp_path, "s.csv", 'Timestamp,Why?\n2026-11-01,"One\n\tTwo"\n')
    plan = plan_survey(cop, answers)
    assert plan.record["responses"][0]["answers"] == {"q1": "One\n\tTwo"}


def test_survey_preview_masks_an_email_given_as_the_only_name(cop: Path, tmp_path: Path,
                                                              cli: Cli) -> None:
    path = write(tmp_path, "s.csv", "Timestamp,Email Address,Q\n"
                                    "2026-11-01,stranger@example.org,Agree\n"
                                    "2026-11-02,jose@example.org,Agree\n")
    result = cli("import", "survey", str(path), "--cop", str(cop))
    assert "unmatched  line 2     s***@example.org: not a member: answers kept anonymous" in \
        result.stdout
    assert "matched    line 3     j***@example.org: jose-garcia by email" in result.stdout
    assert "stranger@example.org" not in result.output and "jose@" not in result.output
    report = write(tmp_path, "a.csv", "Email,Join Time\nstranger@example.org,2026-05-10 14:00\n")
    attendance = cli("import", "attendance", str(report), "--map", "Email=name", "--cop",
                     str(cop))
    assert "stranger@example.org" not in attendance.output


def test_the_import_commands_are_the_registry_s_importers() -> None:
    """One `copkit import` subcommand per importer of the explicit registry, in its order,
    each found by its kind (issue #14)."""
    from copkit.cli.imports import import_app
    from copkit.imports.registry import IMPORTERS, KINDS, importer

    assert KINDS == ("members", "attendance", "survey")
    assert [info.name for info in import_app.registered_commands] == list(KINDS)
    for module in IMPORTERS:
        assert importer(module.KIND) is module
        assert callable(module.plan) and callable(module.write) and "name" in module.COLUMNS
    with pytest.raises(ValueError, match="no importer of 'roster'"):
        importer("roster")
