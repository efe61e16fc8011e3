"""`copkit topic group add|update|remove|list`: the learning agenda's thematic groups, members
named through the one people resolver, a group a topic names never removed; in place (the
bytes around the change kept), one commit of learning-agenda.yaml, nothing written on bad
input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git, make_repo

MEMBERS = """members:
  - {id: ines-mamani, name: Inés Mamani Quispe, joined: 2025-01-01}
  - {id: rosa-quispe, name: Rosa Quispe, joined: 2025-01-01}
  - {id: rosa-condori, name: Rosa Condori, joined: 2025-01-01}
  - {id: juan-perez, name: Juan Pérez, joined: 2025-01-01}
"""
AGENDA = """# what we want to learn this year
topics:
  - id: unit-models
    title: Models for LED units
    group: financing   # the group reads the budgets
  - id: ordinances
    title: Council ordinances
thematic_groups:
  # groups meet between sessions
  - id: financing
    name: Financing group
    members: [ines-mamani]
  - id: law
    name: Law group   # not meeting yet
    members: []
"""


@pytest.fixture
def cop(tmp_path: Path) -> Path:
    root = tmp_path / "cop"
    root.mkdir()
    for rel, text in (("charter.yaml", "name: Groups CoP\nstarted: 2025-01-01\n"),
                      ("members.yaml", MEMBERS), ("learning-agenda.yaml", AGENDA)):
        (root / rel).write_text(text, encoding="utf-8")
    return make_repo(root)


def _agenda(root: Path) -> str:
    return (root / "learning-agenda.yaml").read_text(encoding="utf-8")


def _last(root: Path) -> list[str]:
    return git(root, "show", "--format=%s%n%b", "--name-only", "HEAD").strip().splitlines()


def test_add_names_members_by_name_and_email_forms(cli: Callable[..., Any], cop: Path) -> None:
    r = cli("topic", "group", "add", "--cop", str(cop), "--name", "Field visits",
            "--member", "ines", "--member", "Juan Perez <juan@example.org>")
    assert r.exit_code == 0, r.output
    assert _agenda(cop) == AGENDA + """  - id: field-visits
    name: Field visits
    members: [ines-mamani, juan-perez]
"""
    assert _last(cop) == ["copkit: add group field-visits",
                          "learning-agenda.yaml: group field-visits added", "", "",
                          "learning-agenda.yaml"]
    listed = cli("topic", "group", "list", "--cop", str(cop), "--format", "csv")
    assert listed.stdout.splitlines() == [
        "id,name,members", "financing,Financing group,ines-mamani", "law,Law group,",
        "field-visits,Field visits,\"ines-mamani, juan-perez\""]


def test_update_adds_and_removes_members_in_place(cli: Callable[..., Any], cop: Path) -> None:
    r = cli("topic", "group", "update", "financing", "--cop", str(cop), "--add-member",
            "Juan", "--add-member", "ines-mamani", "--name", "Financing and budgets")
    assert r.exit_code == 0, r.output
    assert _agenda(cop) == AGENDA.replace(
        "    name: Financing group\n    members: [ines-mamani]\n",
        "    name: Financing and budgets\n    members: [ines-mamani, juan-perez]\n")
    r = cli("topic", "group", "update", "financing", "--cop", str(cop), "--remove-member",
            "Inés Mamani Quispe")
    assert r.exit_code == 0, r.output
    assert "    members: [juan-perez]\n" in _agenda(cop)
    assert _last(cop)[:2] == ["copkit: update group financing",
                              "learning-agenda.yaml: financing: members: ines-mamani, "
                              "juan-perez -> juan-perez"]


def test_remove_a_group_no_topic_names(cli: Callable[..., Any], cop: Path) -> None:
    r = cli("topic", "group", "remove", "law", "--cop", str(cop))
    assert r.exit_code == 0, r.output
    assert _agenda(cop) == AGENDA.replace(
        "  - id: law\n    name: Law group   # not meeting yet\n    members: []\n", "")
    assert _last(cop) == ["copkit: remove group law",
                          "learning-agenda.yaml: thematic group law removed", "", "",
                          "learning-agenda.yaml"]


@pytest.mark.parametrize(("args", "message"), [
    (("remove", "financing"),
     "error: learning-agenda.yaml:10:9: the thematic group 'financing' is still named by "
     "topic unit-models\n"
     "  hint: move it first (copkit topic update unit-models --group OTHER, or --unset "
     "group)\n"),
    (("remove", "financin"),
     "error: there is no group with the id 'financin'\n"
     "  hint: did you mean 'financing'?\n"),
    # the one resolver's words (a leading ~: the start of the message)
    (("add", "--name", "Budgets", "--member", "Rosa"),
     "~error: --member: 'Rosa' matches more than one member: rosa-condori, rosa-quispe\n"),
    (("add", "--name", "Budgets", "--member", "Nobody Here"),
     "~error: --member: 'Nobody Here' is not a member\n"),
    (("add", "--name", "Budgets", "--id", "law"),
     "error: learning-agenda.yaml:13:9: the group id 'law' already exists\n"
     "  hint: choose another --id\n"),
    (("update", "law", "--remove-member", "juan-perez"),
     "error: --remove-member: juan-perez is not in the group 'law'\n"
     "  hint: copkit topic group list shows its members\n"),
    (("update", "law", "--member", "juan-perez", "--add-member", "ines"),
     "error: --member gives the whole list: use it, or --add-member and --remove-member, "
     "not both\n"),
    (("add", "--name", "   "), "error: a thematic group needs a --name\n"),
])
def test_bad_input_writes_nothing(cli: Callable[..., Any], cop: Path, args: tuple[str, ...],
                                  message: str) -> None:
    head = git(cop, "rev-parse", "HEAD")
    r = cli("topic", "group", *args, "--cop", str(cop))
    assert r.exit_code in (1, 2), r.output
    if message.startswith("~"):
        assert r.stderr.startswith(message[1:])
    else:
        assert r.stderr == message
    assert _agenda(cop) == AGENDA
    assert git(cop, "rev-parse", "HEAD") == head


def test_remove_keeps_the_comments_around_it(cli: Callable[..., Any], cop: Path) -> None:
    text = AGENDA.replace("    group: financing   # the group reads the budgets\n", "") + \
        "  # the third group\n  - id: third\n    name: Third   # trailing\n" \
        "    members: [juan-perez]\n# end of file\n"
    (cop / "learning-agenda.yaml").write_text(text, encoding="utf-8")
    git(cop, "commit", "-qam", "a third group")
    for group in ("financing", "law", "third"):
        r = cli("topic", "group", "remove", group, "--cop", str(cop))
        assert r.exit_code == 0, r.output
    assert _agenda(cop) == """# what we want to learn this year
topics:
  - id: unit-models
    title: Models for LED units
  - id: ordinances
    title: Council ordinances
thematic_groups: []
  # groups meet between sessions
  # the third group
# end of file
"""
    assert cli("topic", "group", "list", "--cop", str(cop)).stdout == \
        "no thematic groups on the agenda\n"


def test_remove_from_a_list_on_one_line_is_refused(cli: Callable[..., Any],
                                                    cop: Path) -> None:
    text = "topics: []\nthematic_groups: [{id: law, name: Law}, {id: money, name: Money}]\n"
    (cop / "learning-agenda.yaml").write_text(text, encoding="utf-8")
    git(cop, "commit", "-qam", "one line")
    r = cli("topic", "group", "remove", "money", "--cop", str(cop))
    assert r.exit_code == 1
    assert r.stderr == (
        "error: learning-agenda.yaml:2:46: copkit cannot remove this group from "
        "learning-agenda.yaml without rewriting the rest of the file\n"
        "  hint: remove the group's lines by hand (copkit check then checks the file)\n")
    assert _agenda(cop) == text
