"""`copkit init`: a commented, valid, committed CoP; never overwrites; clear git errors."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from .conftest import EXAMPLE_NAMES, git

Cli = Callable[..., Result]
FILES = ["charter.yaml", "members.yaml", "learning-agenda.yaml", "activities.yaml", "plan.yaml"]


def test_init_writes_commented_files_and_commits(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "led"
    result = cli("init", str(root), "--name", "LED units: Peru")
    assert result.exit_code == 0, result.stderr
    for name in FILES:
        text = (root / name).read_text(encoding="utf-8")
        kind = name.removesuffix(".yaml")
        assert text.startswith(
            f"# yaml-language-server: $schema=.copkit/schemas/{kind}.schema.json\n")
    charter = (root / "charter.yaml").read_text(encoding="utf-8")
    assert 'name: "LED units: Peru"' in charter
    assert "# Why is the community being set up?" in charter
    assert (root / ".copkit" / "schemas" / "meeting.schema.json").is_file()
    assert "/out/" in (root / ".gitignore").read_text(encoding="utf-8")
    log = git(root, "log", "--format=%s%n%an <%ae>", "--name-only")
    assert "copkit: init 'LED units: Peru'" in log
    assert "Test Facilitator <facilitator@example.org>" in log
    assert "charter.yaml" in log and "meetings/README.md" in log
    assert git(root, "status", "--porcelain") == ""
    check = cli("check", "--cop", str(root))
    assert check.exit_code == 0, check.stdout


def test_init_refuses_to_overwrite_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "cop"
    root.mkdir()
    (root / "members.yaml").write_text("# mine\n", encoding="utf-8")
    result = cli("init", str(root))
    assert result.exit_code == 1
    assert "would be overwritten" in result.stderr and "members.yaml" in result.stderr
    assert sorted(p.name for p in root.iterdir()) == ["members.yaml"]
    assert (root / "members.yaml").read_text(encoding="utf-8") == "# mine\n"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_init_from_example(cli: Cli, tmp_path: Path, name: str) -> None:
    root = tmp_path / "ex"
    assert cli("init", str(root), "--example", name).exit_code == 0
    assert (root / "charter.yaml").is_file() and (root / "meetings").is_dir()
    assert cli("check", "--cop", str(root)).exit_code == 0


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_init_from_example_writes_the_schema_line_first(cli: Cli, tmp_path: Path,
                                                        name: str) -> None:
    """Each record file of an example gets the same first line as plain init writes, and is
    otherwise the example's bytes."""
    from copkit.schemas import kind_of_path

    from .conftest import EXAMPLES

    root = tmp_path / "ex"
    assert cli("init", str(root), "--example", name).exit_code == 0
    source = EXAMPLES / name
    checked = 0
    for original in sorted(source.rglob("*")):
        if not original.is_file():
            continue
        rel = original.relative_to(source).as_posix()
        written = (root / rel).read_bytes()
        kind = kind_of_path(rel)
        if kind is None:
            assert written == original.read_bytes(), rel
            continue
        prefix = "../" * rel.count("/")
        first = f"# yaml-language-server: $schema={prefix}.copkit/schemas/{kind}.schema.json\n"
        assert written == first.encode() + original.read_bytes(), rel
        assert (root / rel).parent.joinpath(prefix, ".copkit", "schemas",
                                            f"{kind}.schema.json").resolve().is_file()
        checked += 1
    assert checked >= 10
    charter = (root / "charter.yaml").read_text(encoding="utf-8")
    assert charter.splitlines()[0] == \
        "# yaml-language-server: $schema=.copkit/schemas/charter.schema.json"


def test_init_on_a_file_is_a_user_error(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine\n", encoding="utf-8")
    result = cli("init", str(target))
    assert result.exit_code == 1
    assert f"error: {target} is a file, not a folder" in result.stderr
    assert "hint: give the folder to create the CoP in" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_init_unknown_example_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("init", str(tmp_path / "x"), "--example", "led-unit")
    assert result.exit_code == 2
    assert "there is no example called 'led-unit'" in result.stderr
    assert not (tmp_path / "x").exists()


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "copkit", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def test_init_without_git_is_a_clear_error(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PATH", "GIT_PYTHON_GIT_EXECUTABLE")}
    env["PATH"] = str(tmp_path / "empty-bin")
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    result = _run(["init", "cop"], env, tmp_path)
    assert result.returncode == 1, result.stderr
    assert "git is not installed" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "cop").exists()


def test_init_without_git_identity_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("", encoding="utf-8")
    env = dict(os.environ, GIT_CONFIG_GLOBAL=str(empty), GIT_CONFIG_NOSYSTEM="1",
               HOME=str(tmp_path), PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                "GIT_COMMITTER_EMAIL", "EMAIL"):
        env.pop(var, None)
    result = _run(["init", "cop"], env, tmp_path)
    assert result.returncode == 1
    assert "git does not know who you are" in result.stderr
    assert "git config --global user.name" in result.stderr
    assert not (tmp_path / "cop").exists()


def test_init_no_commit_makes_no_repository(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "plain"
    assert cli("init", str(root), "--no-commit").exit_code == 0
    assert not (root / ".git").exists()
