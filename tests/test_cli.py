"""The command line as a whole: every command documented with an example, fast help,
`python -m copkit`, and the one error handler."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import Result

from copkit.cli.main import app

Cli = Callable[..., Result]


def all_commands() -> list[list[str]]:
    """Every command path, e.g. ['check'], ['member', 'add']."""
    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(cmd: object, prefix: list[str]) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, [*prefix, name])
        elif prefix:
            paths.append(prefix)

    walk(root, [])
    return paths


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example(cli: Cli, path: list[str]) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout, result.stdout
    assert "copkit " + path[0] in result.stdout


def test_top_level_help_lists_the_commands(cli: Cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    for name in ("init", "check", "schema"):
        assert name in result.stdout


def test_python_dash_m_and_version() -> None:
    out = subprocess.run([sys.executable, "-m", "copkit", "--version"], capture_output=True,
                         text=True, timeout=60, cwd=Path(__file__).parent.parent)
    assert out.returncode == 0 and out.stdout.startswith("copkit ")


def test_help_does_not_import_heavy_modules() -> None:
    code = ("import sys; from copkit.cli.main import app; "
            "heavy = [m for m in ('pydantic', 'ruamel.yaml', 'jinja2', 'git', 'matplotlib', "
            "'typst', 'yaml', 'rapidfuzz') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, cwd=Path(__file__).parent.parent)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_unknown_command_is_usage_error(cli: Cli) -> None:
    result = cli("chekc")
    assert result.exit_code == 2
    assert "No such command 'chekc'. Did you mean 'check'" in result.stderr


def eager_app() -> typer.Typer:
    """The whole app built as typer builds it by default: every command module registered
    in one app, every command built."""
    import importlib

    from copkit.cli.main import _SETTINGS, COMMANDS, main

    eager = typer.Typer(**_SETTINGS)
    eager.callback()(main)
    for module in dict.fromkeys(e.module for e in COMMANDS):
        importlib.import_module(module).register(eager)
    return eager


def test_lazy_help_lists_what_typer_would_build(cli: Cli) -> None:
    """The console script builds subcommands only when they run, and lists them from
    COMMANDS: its help must list exactly the commands and summaries of the whole app built
    eagerly (a command added, renamed or re-worded without its COMMANDS entry fails here)."""
    from typer.testing import CliRunner

    eager = eager_app()
    for args in (["--help"], ["member", "--help"], ["plan", "--help"], ["import", "--help"],
                 ["report", "--help"], ["newsletter", "--help"]):
        lazy = cli(*args)
        built = CliRunner().invoke(eager, args, prog_name="copkit")
        assert lazy.exit_code == built.exit_code == 0
        assert lazy.stdout == built.stdout, args


def test_a_command_run_builds_only_its_module() -> None:
    from copkit.cli.main import command

    group = command()
    assert group.commands.built() == []
    assert group.get_command(None, "check") is not None
    assert group.commands.built() == ["check"]
    assert group.get_command(None, "nothing") is None
    assert group.get_command(None, "member") is not None
    assert group.commands.built() == ["check", "member"]  # each record command its own module


def test_help_imports_no_command_module() -> None:
    code = ("import sys; from copkit.cli.main import run; sys.argv = ['copkit', '--help']\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "print([m for m in sys.modules if m.startswith('copkit.cli.') and "
            "m not in ('copkit.cli.main',)], file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, cwd=Path(__file__).parent.parent)
    assert "Commands:" in out.stdout
    assert out.stderr.strip() == "[]", out.stderr


def test_a_mistyped_group_command_is_suggested_too(cli: Cli) -> None:
    result = cli("membr", "list")
    assert result.exit_code == 2
    assert "No such command 'membr'. Did you mean 'member'" in result.stderr


def test_no_private_typer_in_copkit() -> None:
    """copkit uses typer's public API only (typer.Typer, typer.core's classes,
    typer.main.get_command): its private modules change between versions."""
    root = Path(__file__).parent.parent / "copkit"
    private = re.compile(r"typer\._|typer\.main\.(?!get_command\b)|from typer\.main import")
    found = [f"{path.relative_to(root)}:{n}" for path in sorted(root.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if private.search(line)]
    assert found == []


def test_document_options_are_the_output_registry() -> None:
    from copkit.cli.documents import Audience
    from copkit.cli.newsletter import NewsletterFormat
    from copkit.cli.report import ReportFormat
    from copkit.output.audience import AUDIENCES
    from copkit.output.formats import NAMES

    # the report's formats: every one of the registry's but the newsletter's email
    assert tuple(f.value for f in ReportFormat) == tuple(n for n in NAMES if n != "email")
    # the newsletter's formats: every one of the registry's but the report's data (json)
    assert tuple(f.value for f in NewsletterFormat) == tuple(n for n in NAMES if n != "json")
    assert tuple(a.value for a in Audience) == AUDIENCES


def test_a_relative_cop_folder_is_committed_from_anywhere(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--cop my-cop` typed in the folder above the CoP: every writing command commits (git
    runs in the repository, where 'my-cop/charter.yaml' named nothing)."""
    from .conftest import git

    monkeypatch.chdir(tmp_path)
    assert cli("init", "my-cop", "--name", "Relative CoP").exit_code == 0
    steps = [
        ("member", "add", "María López", "--email", "maria@example.org", "--role",
         "facilitator", "--cop", "my-cop"),
        ("plan", "set", "5", "--ground-rule", "Start on time", "--cop", "my-cop"),
        ("plan", "assign", "5", "--to", "maria-lopez", "--due", "2030-01-15", "--cop", "my-cop"),
        ("meeting", "new", "--title", "Kick-off", "--date", "2026-05-10", "--cop", "my-cop"),
    ]
    for args in steps:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
    assert git(tmp_path / "my-cop", "status", "--porcelain") == ""
    log = git(tmp_path / "my-cop", "log", "--format=%s")
    assert log.count("copkit:") >= len(steps)
    monkeypatch.setenv("COPKIT_DIR", "my-cop")
    result = cli("member", "add", "Juan Pérez")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert git(tmp_path / "my-cop", "status", "--porcelain") == ""


@pytest.mark.parametrize("command", [["check"], ["member", "list"], ["history"], ["report"],
                                     ["plan", "status"], ["find", "budget"]])
def test_a_cop_that_is_a_file_or_missing_is_a_user_error(cli: Cli, tmp_path: Path,
                                                         command: list[str]) -> None:
    """Every command says what is wrong with --cop and exits 1 (a file given as the CoP used
    to be a usage error, exit 2, with typer's wording)."""
    afile = tmp_path / "notes.txt"
    afile.write_text("x\n", encoding="utf-8")
    for cop, words in ((afile, "is a file, not a folder"), (tmp_path / "nowhere",
                                                             "does not exist")):
        result = cli(*command, "--cop", str(cop))
        assert result.exit_code == 1, result.stdout + result.stderr
        assert f"error: {cop} {words}" in result.stderr
        assert "hint: give the CoP folder with --cop DIR" in result.stderr
