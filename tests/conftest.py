"""Shared fixtures: a git identity of the tests' own, example CoPs copied into real git
repositories, and a CLI runner that goes through copkit's real entry point."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner, Result

if TYPE_CHECKING:
    from tests.forks import Forks

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "charter.yaml").is_file()) \
    if EXAMPLES.is_dir() else []
TMPFS = Path("/dev/shm")


def pytest_configure(config: pytest.Config) -> None:
    """The tests' temporary folders in memory (tmpfs) when the machine has one: every copkit
    write syncs its file and folder to disk (fsync), and on a shared disk those waits were
    most of the suite's wall time. The files are as real (same system calls, same git); a
    --basetemp, TMPDIR, PYTEST_DEBUG_TEMPROOT or COPKIT_TEST_TMPFS=0 keeps them where pytest
    puts them."""
    if (config.option.basetemp is None and os.environ.get("COPKIT_TEST_TMPFS", "1") != "0"
            and not os.environ.get("TMPDIR") and not os.environ.get("PYTEST_DEBUG_TEMPROOT")
            and _is_tmpfs(TMPFS)):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(TMPFS)  # pytest's own temp root setting


def _is_tmpfs(path: Path) -> bool:
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    return any(line.split()[1:3] == [str(path), "tmpfs"] for line in mounts
               if len(line.split()) > 2) and os.access(path, os.W_OK)


def _gitconfig(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = tmp_path_factory.getbasetemp() / "gitconfig"
    if not config.exists():
        config.write_text("[user]\n\tname = Test Facilitator\n\temail = facilitator@example.org\n"
                          "[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    return config


@pytest.fixture(autouse=True)
def git_identity(tmp_path_factory: pytest.TempPathFactory,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test sees the same git identity and no user or system git config."""
    config = _gitconfig(tmp_path_factory)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("COPKIT_DIR", raising=False)
    monkeypatch.setenv("COPKIT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    yield


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its output (for assertions on commits)."""
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


def report_context(cop: Any, audience: str = "members", lang: str | None = None
                   ) -> dict[str, Any]:
    """The report of 2026 as its templates get it, made on 2026-11-30, without charts (the
    text only: charts are files the formats add)."""
    import datetime as _dt

    from copkit.output.report import build_report
    from copkit.periods import parse_period

    today = _dt.date(2026, 11, 30)
    context = build_report(cop, parse_period("2026", today=today), audience=audience,
                           today=today, lang=lang)
    context["charts"] = []
    return context


def report_json(cli: Callable[..., Result], cop: Path, *args: str) -> dict[str, Any]:
    """`copkit report --period 2026 --format json` of ``cop`` (more options in ``args``), read."""
    import json

    result = cli("report", "--cop", str(cop), "--period", "2026", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def assert_plain_agrees(plain: Any, model: Any, item: Any, what: str) -> None:
    """A plain reading's result for ``item`` (``plain``: None when it did not take it, which is
    left to pydantic) against ``model``: what it took is valid and dumps as the model does."""
    from pydantic import ValidationError

    if plain is None:
        return
    try:
        validated = model.model_validate(item)
    except ValidationError as exc:
        raise AssertionError(f"plain reading took an invalid {what}: {exc}") from None
    assert plain == validated.model_dump(mode="json")


def make_repo(path: Path) -> Path:
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "start")
    return path


class Templates:
    """CoPs made once per test process and copied for each test (``shutil.copytree``, .git
    included: one copy instead of ``git init``, ``add`` and ``commit``, or ``copkit init``,
    each time). Built on first use, inside a test, so with the tests' git identity."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[tuple[str, ...], Path] = {}

    def copy(self, key: tuple[str, ...], dest: Path, build: Callable[[Path], object]) -> Path:
        """``dest`` as a copy of the template ``key``, which ``build(folder)`` makes the first
        time (a build may start from another template)."""
        if key not in self.made:
            where = Path(tempfile.mkdtemp(dir=self.folder)) / dest.name
            build(where)
            if (where / ".git").is_dir():  # fewer files to copy: objects packed, no samples
                git(where, "gc", "--quiet", "--prune=now")
                for sample in (where / ".git" / "hooks").glob("*.sample"):
                    sample.unlink()
            self.made[key] = where
        shutil.copytree(self.made[key], dest, symlinks=True)
        return dest

    def example(self, name: str, dest: Path, commit: bool = True) -> Path:
        """A shipped example, in a git repository with one commit ("start") or none."""

        def build(where: Path) -> None:
            shutil.copytree(EXAMPLES / name, where)
            shipped = where / "contacts.yaml.example"  # as init --example names it
            if shipped.exists():
                shipped.rename(where / "contacts.yaml")
            if commit:
                make_repo(where)

        return self.copy(("example", name, str(commit)), dest, build)

    def init(self, dest: Path, name: str | None = None) -> Path:
        """What ``copkit init DEST --name NAME`` makes (committed), for today."""
        import datetime as dt

        from copkit.cli.init import init_cop

        key = ("init", dest.name if name is None else "", name or "", dt.date.today().isoformat())
        return self.copy(key, dest, lambda where: init_cop(where, name=name))


@pytest.fixture(scope="session")
def cop_templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    """The per-process store behind ``example_cop`` and ``init_copy``."""
    return Templates(tmp_path_factory.mktemp("templates"))


@pytest.fixture
def example_cop(tmp_path: Path, cop_templates: Templates) -> Callable[..., Path]:
    """Copy a shipped example into a fresh git repository: ``example_cop("led-units")``.
    The repository is copied from one made once per test process (same files, one commit
    "start" by the tests' identity), so tests may call it freely."""

    def make(name: str = "led-units", commit: bool = True) -> Path:
        return cop_templates.example(name, tmp_path / name, commit)

    return make


@pytest.fixture
def init_copy(cop_templates: Templates) -> Callable[..., Path]:
    """``init_copy(root, name="LED units CoP")``: what ``copkit init`` writes and commits at
    ``root``, copied from one made once per test process. For tests that start from a fresh
    CoP; tests of init itself call ``copkit.cli.init.init_cop``."""

    def make(root: Path, name: str | None = None) -> Path:
        return cop_templates.init(root, name)

    return make


@pytest.fixture(scope="session")
def forks() -> Iterator[Forks]:
    """Run copkit in processes of its own, each forked from one process that imported copkit
    once (tests/forks.py): ``forks.run(["member", "add", ...], env)``. For tests where the
    process boundary is the point and copkit runs many times."""
    from tests.forks import Forks

    with Forks() as made:
        yield made


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
