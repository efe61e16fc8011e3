"""Shared fixtures: a git identity of the tests' own, example CoPs copied into real git
repositories, and a CLI runner that goes through copkit's real entry point."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "charter.yaml").is_file()) \
    if EXAMPLES.is_dir() else []


@pytest.fixture(autouse=True)
def git_identity(tmp_path_factory: pytest.TempPathFactory,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test sees the same git identity and no user or system git config."""
    config = tmp_path_factory.getbasetemp() / "gitconfig"
    if not config.exists():
        config.write_text("[user]\n\tname = Test Facilitator\n\temail = facilitator@example.org\n"
                          "[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("COPKIT_DIR", raising=False)
    monkeypatch.setenv("COPKIT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    yield


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its output (for assertions on commits)."""
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


def make_repo(path: Path) -> Path:
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "start")
    return path


@pytest.fixture
def example_cop(tmp_path: Path) -> Callable[..., Path]:
    """Copy a shipped example into a fresh git repository: ``example_cop("led-units")``."""

    def make(name: str = "led-units", commit: bool = True) -> Path:
        dest = tmp_path / name
        shutil.copytree(EXAMPLES / name, dest)
        return make_repo(dest) if commit else dest

    return make


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Invoke copkit as a user would: ``cli("check", "--cop", str(path))``."""
    from copkit.cli.main import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        # typer builds the command the console script runs: its subcommands built lazily
        return runner.invoke(app, list(args), input=input, catch_exceptions=False,
                             prog_name="copkit")

    return invoke
