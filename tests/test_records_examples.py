"""Every record command on every shipped example: the CoP still checks clean, comments in the
edited files survive, and each commit touches only the intended file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.yaml.read import read_file

from .conftest import EXAMPLE_NAMES, git
from .records_cop import small_cop, split_small_cop


def comments(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip().startswith("#")]


def errors(cli: Callable[..., Result], root: Path) -> list[str]:
    result = cli("check", "--cop", str(root))
    return [ln for ln in result.stdout.splitlines() if "error[" in ln]


@pytest.mark.parametrize("name", ["tests-small-cop", *EXAMPLE_NAMES])
def test_commands_on_example(name: str, example_cop: Callable[..., Path],
                             cli: Callable[..., Result], tmp_path: Path) -> None:
    # the small CoP in the new layout, as the shipped examples are (#20)
    root = split_small_cop(small_cop(tmp_path)) if name == "tests-small-cop" else \
        example_cop(name)
    before_errors = errors(cli, root)
    members = read_file(root / "members.yaml", "members.yaml").data["members"]
    first = members[0]["id"]
    meetings = sorted((root / "meetings").glob("*.yaml"))
    saved = {p: comments(p) for p in [root / "members.yaml", *(meetings[:1]),
                                      root / "learning-agenda.yaml", root / "activities.yaml"]
             if p.exists()}
    steps: list[tuple[list[str], list[str]]] = [
        (["member", "add", "Zoë Example-Person", "--email", "zoe@example.org"],
         ["members.yaml"]),
        (["member", "update", first, "--hours", "3"], ["members.yaml"]),
        (["topic", "add", "--title", "A topic added by the tests"], ["learning-agenda.yaml"]),
        (["activity", "add", "--title", "An activity added by the tests", "--owner", first],
         ["activities.yaml"]),
        (["practice", "add", "--title", "A practice added by the tests", "--contributor",
          first], ["practices/a-practice-added-by-the-tests.yaml"]),
        (["meeting", "new", "--date", "2030-01-15", "--title", "Tests meeting",
          "--attendee", first], ["meetings/2030-01-15-tests-meeting.yaml"]),
    ]
    if meetings:
        steps.append((["meeting", "attend", meetings[0].stem, "zoe-example-person"],
                      [f"meetings/{meetings[0].name}"]))
    for args, files in steps:
        result = cli(*args, "--cop", str(root))
        assert result.exit_code == 0, (args, result.output)
        assert git(root, "show", "--name-only", "--format=", "HEAD").split() == files, args
        assert git(root, "status", "--porcelain", "--untracked-files=no") == ""
    for path, lines in saved.items():
        now = comments(path)
        assert [c for c in lines if c not in now] == [], path
    assert errors(cli, root) == before_errors
    assert cli("find", "added by the tests", "--cop", str(root)).exit_code == 0
