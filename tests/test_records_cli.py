"""The record commands through the real CLI: output, exit codes, files and commits."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from .conftest import git
from .forks import Forks
from .records_cop import MEETING, MEMBERS, small_cop, split_small_cop

Cli = Callable[..., Result]


@pytest.fixture
def cop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    return small_cop(tmp_path)


@pytest.fixture
def split_cop(cop: Path) -> Path:
    """The small CoP in the new layout (#20), so that check has no contact field in git to
    report."""
    split_small_cop(cop)
    assert git(cop, "status", "--porcelain") == ""
    return cop


def commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD").strip())


def test_member_add_list_show(cop: Path, cli: Cli) -> None:
    result = cli("member", "add", "Renée Côté", "--email", "renee@example.org", "--role",
                 "expert", "--country", "ca", "--organisation", "=HYPERLINK(\"x\")",
                 "--cop", str(cop))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "added member renee-cote: wrote members.yaml",
        f"committed {git(cop, 'rev-parse', 'HEAD')[:8]}: copkit: add member renee-cote"]
    table = cli("member", "list", "--cop", str(cop)).stdout
    assert table.splitlines()[0].split() == ["id", "name", "organisation", "country", "roles",
                                             "level", "joined", "left"]
    assert "maria@example.org" not in table and "renee-cote" in table
    csv_out = cli("member", "list", "--format", "csv", "--include-contacts", "--cop",
                  str(cop)).stdout
    assert "renee-cote,Renée Côté,\"'=HYPERLINK(\"\"x\"\")\",CA,expert,,2026-11-22,," \
           "renee@example.org,," in csv_out
    data = json.loads(cli("member", "list", "--format", "json", "--cop", str(cop)).stdout)
    assert [m["id"] for m in data][:2] == ["maria-lopez", "juan-perez"]
    assert "email" not in data[0]
    show = cli("member", "show", "maria-lopez", "--cop", str(cop)).stdout
    assert "name: María López" in show and "maria@example.org" not in show
    assert "(email, phone hidden: add --include-contacts to show them)" in show
    assert "meetings attended: 1 (last: 2026-05-10-unit-models)" in show
    assert "phone: +51 984 000 000" in cli("member", "show", "maria-lopez",
                                          "--include-contacts", "--cop", str(cop)).stdout


def test_member_existing_id_exit_1(cop: Path, cli: Cli) -> None:
    result = cli("member", "add", "Juan", "--id", "juan-perez", "--cop", str(cop))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: members.yaml:15:9: the member id 'juan-perez' already exists\n  hint: ")
    assert (cop / "members.yaml").read_text(encoding="utf-8") == MEMBERS


def test_member_bad_date_is_usage_error(cop: Path, cli: Cli) -> None:
    result = cli("member", "add", "X", "--joined", "31/12/2026", "--cop", str(cop))
    assert result.exit_code == 2
    assert "error: --joined: '31/12/2026' is not a date" in result.stderr


def test_member_update_leave_forget(split_cop: Path, cli: Cli) -> None:
    cop = split_cop
    assert cli("member", "update", "juan-perez", "--level", "active", "--unset", "roles",
               "--cop", str(cop)).exit_code == 0
    assert "level: active" in cli("member", "show", "juan-perez", "--cop", str(cop)).stdout
    result = cli("member", "leave", "juan-perez", "--date", "2026-10-31", "--cop", str(cop))
    assert result.exit_code == 0
    assert "juan-perez" not in cli("member", "list", "--cop", str(cop)).stdout
    assert "2026-10-31" in cli("member", "list", "--all", "--cop", str(cop)).stdout
    # forget needs confirmation; no terminal: refuse and write nothing
    before = (cop / "members.yaml").read_text(encoding="utf-8")
    refused = cli("member", "forget", "maria-lopez", "--cop", str(cop))
    assert refused.exit_code == 1 and "confirm with --yes" in refused.stderr
    assert (cop / "members.yaml").read_text(encoding="utf-8") == before
    done = cli("member", "forget", "maria-lopez", "--yes", "--cop", str(cop))
    assert done.exit_code == 0, done.output
    assert "git filter-repo --force --replace-text ~/forget.txt" in done.stdout
    assert "López(?![\\w-])==>Forgotten member 1" in done.stdout
    assert "María" not in (cop / "members.yaml").read_text(encoding="utf-8")
    assert "maria" not in (cop / "contacts.yaml").read_text(encoding="utf-8").split(
        "contacts:", 1)[1]  # her entry gone (the commented header has an example)
    assert cli("check", "--cop", str(cop)).exit_code == 0


def test_meeting_commands(cop: Path, cli: Cli) -> None:
    result = cli("meeting", "new", "--date", "2026-06-14", "--title", "Budget hearings",
                 "--format", "virtual", "--attendee", "juan-perez", "--guest",
                 "Ana Ruiz|PUCP|expert", "--decision", "Pilot in Puno", "--action",
                 "Draft the invitation|juan-perez|2026-06-30", "--cop", str(cop))
    assert result.exit_code == 0, result.output
    text = (cop / "meetings" / "2026-06-14-budget-hearings.yaml").read_text(encoding="utf-8")
    assert text == ("date: 2026-06-14\ntitle: Budget hearings\nformat: virtual\n"
                    "attendees: [juan-perez]\nguests:\n"
                    "  - {name: Ana Ruiz, organisation: PUCP, role: expert}\n"
                    "decisions: [Pilot in Puno]\nactions:\n"
                    "  - {action: Draft the invitation, owner: juan-perez, due: 2026-06-30}\n")
    again = cli("meeting", "new", "--date", "2026-06-14", "--title", "Budget hearings",
                "--cop", str(cop))
    assert again.exit_code == 1
    assert again.stderr.startswith("error: meetings/2026-06-14-budget-hearings.yaml:1:1: a "
                                   "meeting on 2026-06-14 with this title is already recorded")
    att = cli("meeting", "attend", "2026-06-14-budget-hearings", "María López",
              "jose@example.org", "--cop", str(cop))
    assert att.exit_code == 0, att.output
    assert "attendees: [juan-perez, maria-lopez, jose-garcia]\n" in \
        (cop / "meetings" / "2026-06-14-budget-hearings.yaml").read_text(encoding="utf-8")
    amb = cli("meeting", "attend", "2026-06-14-budget-hearings", "Ana Ruiz", "--cop",
              str(cop))
    assert amb.exit_code == 1
    assert "error: 'Ana Ruiz' matches more than one member: ana-ruiz, ana-ruiz-2" in amb.stderr
    listing = cli("meeting", "list", "--since", "2026-06-01", "--format", "json", "--cop",
                  str(cop))
    assert [m["id"] for m in json.loads(listing.stdout)] == ["2026-06-14-budget-hearings"]
    assert json.loads(listing.stdout)[0]["attendees"] == 3
    show = cli("meeting", "show", "2026-05-10-unit-models", "--cop", str(cop)).stdout
    assert "notes: |\n  Three cities explained" in show
    assert (cop / "meetings" / "2026-05-10-unit-models.yaml").read_text("utf-8") == MEETING


def test_practice_commands(cop: Path, cli: Cli, tmp_path: Path) -> None:
    body = tmp_path / "body.md"
    body.write_text("# Checklist\n\n- Invite citizens\n", encoding="utf-8")
    result = cli("practice", "add", "--title", "Hearing checklist", "--kind", "tool",
                 "--contributor", "juan-perez", "--topic", "budget-hearings", "--body-file",
                 str(body), "--cop", str(cop))
    assert result.exit_code == 0, result.output
    assert "body: |\n  # Checklist\n\n  - Invite citizens\n" in \
        (cop / "practices" / "hearing-checklist.yaml").read_text(encoding="utf-8")
    bad = cli("practice", "add", "--title", "Leak", "--file", "../../etc/passwd", "--cop",
              str(cop))
    assert bad.exit_code == 1
    assert "error: --file (files[0]): '../../etc/passwd' points outside the CoP folder" in \
        bad.stderr
    assert not (cop / "practices" / "leak.yaml").exists()
    dup = cli("practice", "add", "--title", "x", "--id", "hearing-checklist", "--cop", str(cop))
    assert dup.exit_code == 1 and "already exists" in dup.stderr
    listing = cli("practice", "list", "--topic", "budget-hearings", "--cop", str(cop)).stdout
    assert "hearing-checklist" in listing and "led-unit-how-to" not in listing
    assert "kind: method" in cli("practice", "show", "led-unit-how-to", "--cop", str(cop)).stdout
    missing = cli("practice", "show", "led-unit", "--cop", str(cop))
    assert missing.exit_code == 1 and "did you mean 'led-unit-how-to'?" in missing.stderr


def test_activity_story_topic_commands(split_cop: Path, cli: Cli) -> None:
    cop = split_cop
    assert cli("activity", "add", "--title", "Webinar on hearings", "--kind", "webinar",
               "--owner", "Juan Pérez", "--budget", "200", "--currency", "USD", "--cop",
               str(cop)).exit_code == 0
    upd = cli("activity", "update", "webinar-on-hearings", "--status", "done", "--spent",
              "180", "--currency", "USD", "--cop", str(cop))
    assert upd.exit_code == 0, upd.output
    rows = json.loads(cli("activity", "list", "--format", "json", "--cop", str(cop)).stdout)
    assert rows[1] == {"id": "webinar-on-hearings", "title": "Webinar on hearings",
                       "kind": "webinar", "owner": "juan-perez", "start": None, "end": None,
                       "budget": "200 USD", "spent": "180 USD", "status": "done"}
    nocur = cli("activity", "add", "--title", "x", "--budget", "5", "--cop", str(cop))
    assert nocur.exit_code == 2 and "--budget needs a --currency" in nocur.stderr
    story = cli("story", "add", "--title", "Puno adopted it", "--member", "juan-perez",
                "--goal", "g1", "--applied", "Used the guide", "--cop", str(cop))
    assert story.exit_code == 0, story.output
    assert (cop / "stories" / "puno-adopted-it.yaml").is_file()
    topic = cli("topic", "add", "--title", "Financing", "--question", "Who pays?", "--lead",
                "jose-garcia", "--session", "2026-12-01", "--cop", str(cop))
    assert topic.exit_code == 0, topic.output
    assert "financing" in cli("topic", "list", "--cop", str(cop)).stdout
    assert commits(cop) == 7  # start, .gitignore, the split, and one per command
    assert cli("check", "--cop", str(cop)).exit_code == 0


def test_no_commit_flag(cop: Path, cli: Cli) -> None:
    result = cli("topic", "add", "--title", "Drafts", "--no-commit", "--cop", str(cop))
    assert result.exit_code == 0
    assert "not committed (--no-commit)" in result.stdout
    assert commits(cop) == 1
    assert git(cop, "status", "--porcelain").strip() == "M learning-agenda.yaml"


@pytest.mark.parametrize("group", ["member", "meeting", "practice", "activity", "story",
                                   "topic", "import"])
def test_help_has_examples(cli: Cli, group: str) -> None:
    import typer.main

    from copkit.cli.main import app

    command = typer.main.get_command(app)
    sub = command.commands[group]  # type: ignore[attr-defined]
    for name, cmd in sub.commands.items():
        assert "Example: copkit" in (cmd.help or ""), f"{group} {name}"
    assert cli(group, "--help").exit_code == 0


def test_forget_confirmed_on_a_terminal(cop: Path, cli: Cli,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """On an old-layout CoP (its history holds the emails): the purge lines name the email."""
    (cop / "surveys").mkdir()
    (cop / "surveys" / "s.yaml").write_text(
        "title: S\ndate: 2026-11-01\nquestions:\n  - {id: q1, text: Q, scale: 5}\n"
        "responses:\n  - {respondent: jose-garcia, answers: {q1: 4}}\n", encoding="utf-8")
    git(cop, "add", "-A")
    git(cop, "commit", "-qm", "survey")
    monkeypatch.setattr("copkit.cli.imports.interactive", lambda: True)
    no = cli("member", "forget", "jose-garcia", "--cop", str(cop), input="n\n")
    assert no.exit_code == 1 and "nothing changed" in no.stdout
    yes = cli("member", "forget", "jose-garcia", "--cop", str(cop), input="y\n")
    assert yes.exit_code == 0, yes.output
    assert "respondent: forgotten-member-1" in (cop / "surveys" / "s.yaml").read_text("utf-8")
    assert "jose@example.org==>Forgotten member 1" in yes.stdout
    # check finds nothing wrong but the other members' contact fields (the old layout, #20)
    checked = cli("check", "--format", "json", "--cop", str(cop))
    errors = [f for f in json.loads(checked.stdout)["findings"] if f["severity"] == "error"]
    assert errors and {f["code"] for f in errors} == {"contact-in-git"}
    assert "jose" not in checked.stdout


def test_concurrent_cli_processes_lose_nothing(cop: Path, forks: Forks) -> None:
    """Four copkit processes (forked from one that imported copkit: tests/forks.py) adding
    members at once."""
    import os

    children = [forks.start(["member", "add", f"Parallel Person {i}", "--cop", str(cop)],
                            dict(os.environ)) for i in range(4)]
    for child in children:
        done = forks.wait(child)
        assert done.returncode == 0, done.stderr
    text = (cop / "members.yaml").read_text(encoding="utf-8")
    assert all(f"  - id: parallel-person-{i}\n" in text for i in range(4))
    assert text.startswith(MEMBERS.replace("# end of the list\n", ""))
    assert commits(cop) == 5
    assert git(cop, "status", "--porcelain") == ""


@pytest.mark.parametrize("title", [
    "Straße Øster", "Reunión: ¿cómo vamos?", "Kick-off", "Zoë's  café & co.",
    "A long title with many words that goes well beyond fifty characters in all",
    "Łódź — the 2nd visit", "!!!",
])
def test_check_suggests_the_name_meeting_new_writes(cop: Path, cli: Cli, title: str) -> None:
    """A meeting file named after its title: check's hint is the name meeting new writes for
    that title and date (the one slug, copkit.text.slugify)."""
    new = cli("meeting", "new", "--title", title, "--date", "2026-06-14", "--no-commit",
              "--cop", str(cop))
    assert new.exit_code == 0, new.output
    written = new.stdout.split(": wrote ", 1)[1].split()[0]
    (cop / written).unlink()
    (cop / "meetings" / f"{title}.yaml").write_text(
        f"date: 2026-06-14\ntitle: {json.dumps(title, ensure_ascii=False)}\n", encoding="utf-8")
    found = json.loads(cli("check", "--format", "json", "--cop", str(cop)).stdout)["findings"]
    hints = {f["hint"] for f in found if f["code"] in ("bad-id", "file-name")
             and f["path"].endswith(f"{title}.yaml")}
    assert hints, found
    assert all(h.startswith(f"rename it to {written.split('/')[1]}") for h in hints), hints


def test_member_list_reads_members_yaml_without_the_models(cop: Path) -> None:
    """member list needs no pydantic model (copkit.model.schemas is not even imported) when every
    member is plain; an invalid one is listed as before (the models say what is wrong)."""
    import subprocess
    import sys

    code = ("import sys; from copkit.cli.main import run; sys.argv[1:] = ['member', 'list', "
            "'--format', 'json', '--cop', sys.argv[1]]\ntry:\n    run()\nexcept SystemExit: "
            "pass\nsys.stderr.write(str('copkit.model.schemas' in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(cop)], capture_output=True,
                         text=True, timeout=60)
    assert out.stderr.endswith("False"), out.stderr
    assert [m["id"] for m in json.loads(out.stdout)][:2] == ["maria-lopez", "juan-perez"]
    path = cop / "members.yaml"
    path.write_text(path.read_text("utf-8").replace("level: core", "level: boss"), "utf-8")
    out = subprocess.run([sys.executable, "-c", code, str(cop)], capture_output=True,
                         text=True, timeout=60)
    assert "1 member record is not listed because it is invalid" in out.stderr
    assert out.stderr.endswith("True")
    assert "maria-lopez" not in out.stdout and "juan-perez" in out.stdout
