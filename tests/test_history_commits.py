"""The commit convention every mutating command uses: `copkit: <verb> <record>` plus a body
listing the changes, the user's identity, only the paths written, a dirty tree left alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.errors import GitError
from copkit.git.commit import commit_change, commit_message
from copkit.git.history import diff_revisions, history
from copkit.git.semdiff import Change

from .conftest import git
from .test_history import CHARTER, MEMBERS, CopRepo


@pytest.fixture
def repo(tmp_path: Path) -> CopRepo:
    r = CopRepo(tmp_path / "cop")
    r.start()
    return r


def test_message_convention() -> None:
    change = Change("members", "ana-ruiz", "added", None, None, {"id": "ana-ruiz"},
                    "members: ana-ruiz joined")
    assert commit_message("add member", "ana-ruiz", [change, "members.yaml: 1 line"]) == (
        "copkit: add member ana-ruiz", ["members: ana-ruiz joined", "members.yaml: 1 line"])
    # record text never breaks the subject line
    assert commit_message("add practice", "a\nb\r\nc  d")[0] == "copkit: add practice a b c d"


def test_commit_change_commits_only_its_paths(repo: CopRepo) -> None:
    # the user's own work in progress: an unstaged edit and a staged new file
    (repo.path / "charter.yaml").write_text(CHARTER + "purpose: drafting\n", encoding="utf-8")
    (repo.path / "notes.txt").write_text("my notes\n", encoding="utf-8")
    git(repo.path, "add", "notes.txt")
    # copkit writes members.yaml and commits it
    (repo.path / "members.yaml").write_text(
        MEMBERS + "  - id: ana-ruiz\n    name: Ana Ruiz\n", encoding="utf-8")
    change = diff_revisions(repo.path, "HEAD")[1]
    assert change.text == "members: ana-ruiz joined"
    sha = commit_change(repo.path, ["members.yaml"], "add member", "ana-ruiz", [change])
    assert git(repo.path, "rev-parse", "HEAD").strip() == sha
    assert git(repo.path, "show", "--name-only", "--format=", sha).split() == ["members.yaml"]
    assert git(repo.path, "log", "-1", "--format=%B").strip() == (
        "copkit: add member ana-ruiz\n\nmembers: ana-ruiz joined")
    assert git(repo.path, "log", "-1", "--format=%an <%ae>").strip() == \
        "Test Facilitator <facilitator@example.org>"
    status = git(repo.path, "status", "--porcelain").splitlines()
    assert " M charter.yaml" in status   # still modified, not committed
    assert "A  notes.txt" in status      # still staged, not committed
    # and the history words it like any other commit
    assert [c.text for c in history(repo.path)[-1].changes] == ["members: ana-ruiz joined"]


def test_no_identity_is_a_clear_error(repo: CopRepo, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    (repo.path / "members.yaml").write_text(MEMBERS + "  - id: x\n    name: X\n",
                                            encoding="utf-8")
    with pytest.raises(GitError) as caught:
        commit_change(repo.path, ["members.yaml"], "add member", "x")
    assert "git does not know who you are" in caught.value.message
    assert 'git config --global user.name "Your Name"' in (caught.value.hint or "")
    assert git(repo.path, "log", "--format=%s").split("\n")[0] == "start"


def test_paths_outside_the_repository_are_refused(repo: CopRepo, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("x: 1\n", encoding="utf-8")
    with pytest.raises(GitError) as caught:
        commit_change(repo.path, [outside], "add", "x")
    assert "is outside the repository" in caught.value.message


def test_a_change_made_with_copkits_writer(repo: CopRepo, cli: Callable[..., Result]) -> None:
    """The flow of every mutating command: edit with the writer, commit_change, then history
    and diff say it in words."""
    from ruamel.yaml.comments import CommentedMap

    from copkit.edit.store import cop_lock, edit

    with cop_lock(repo.path):
        doc = edit(repo.path / "members.yaml")
        member = CommentedMap()
        member["id"] = "ana-ruiz"
        member["name"] = "Ana Ruiz"
        doc.data["members"].append(member)
        doc.data["members"][0]["level"] = "core"
        doc.save()
    before = git(repo.path, "rev-parse", "HEAD").strip()
    commit_change(repo.path, ["members.yaml"], "add member", "ana-ruiz",
                  diff_revisions(repo.path, "HEAD"))
    body = git(repo.path, "log", "-1", "--format=%B").strip().splitlines()
    assert body == ["copkit: add member ana-ruiz", "",
                    "members: maria-lopez: level set to core", "members: ana-ruiz joined"]
    result = cli("history", "--cop", str(repo.path), "--member", "ana-ruiz")
    assert result.exit_code == 0
    assert "members: ana-ruiz joined" in result.stdout
    assert "level set to core" not in result.stdout
    result = cli("diff", "--cop", str(repo.path), before, "HEAD")
    assert "members: maria-lopez: level set to core" in result.stdout


def test_history_of_a_shipped_example(example_cop: Callable[..., Path],
                                      cli: Callable[..., Result]) -> None:
    from .conftest import EXAMPLE_NAMES

    if "led-units" not in EXAMPLE_NAMES:
        pytest.skip("the led-units example is not shipped yet")
    cop = example_cop("led-units")
    result = cli("history", "--cop", str(cop), "--format", "json")
    assert result.exit_code == 0, result.stderr
    import json

    commits = json.loads(result.stdout)["commits"]
    assert len(commits) == 1
    texts = [c["text"] for c in commits[0]["changes"]]
    assert "charter: created" in texts
    assert any(t.endswith(" joined") and t.startswith("members: ") for t in texts)
    assert not commits[0]["problems"]
    result = cli("diff", "--cop", str(cop))
    assert result.exit_code == 0
    assert "no changes to the records" in result.stdout
