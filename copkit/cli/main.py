"""The `copkit` command: the app, its commands (COMMANDS, each built only when it runs), and
the one error handler. Only typer's public API: each command module registers its commands in
a typer app of its own, turned into click commands by `typer.main.get_command`.

Every error meant for a user is a :class:`copkit.errors.CopkitError`; the handler prints its
message and hint and exits with its code (1 for findings and user errors, 2 for usage errors).
A file or folder that cannot be read or written (the disk is full, the folder is read-only,
permission denied: an ``OSError``) is a user error too, named by its path and cause
(:class:`copkit.errors.FileError`). Anything else is a bug: it is reported in one line, with
the traceback only when ``COPKIT_DEBUG=1``.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from copkit import __version__
from copkit.errors import CopkitError


@dataclass(frozen=True)
class Entry:
    """A command of `copkit`: its name, the module whose `register(app)` adds it, and its
    summary in `copkit --help` (the first sentence of its own help: tests/test_cli.py checks
    they agree)."""
    name: str
    module: str
    help: str


# Every command, in help order. A command's module is imported, and its commands built, only
# when one of them runs (or shows its own help).
COMMANDS = (
    Entry("init", "copkit.cli.init", "Start a new CoP folder with commented files."),
    Entry("check", "copkit.cli.check", "Validate every file and every reference between records."),
    Entry("schema", "copkit.cli.schema", "Print or write the JSON Schema of every file kind."),
    Entry("review", "copkit.cli.plan", "Review the plan (step 9) and record the review."),
    Entry("find", "copkit.cli.find",
          "Search practices, meetings (notes, decisions, actions), stories, the agenda, members."),
    Entry("report", "copkit.cli.report",
          "Write the monitoring and evaluation report of a period."),
    Entry("newsletter", "copkit.cli.newsletter",
          "Tell members what happened: meetings, new practices, new members, what comes next."),
    Entry("site", "copkit.cli.site",
          "Build the CoP's website: a folder of pages to open or publish."),
    Entry("calendar", "copkit.cli.calendar",
          "Write a calendar (.ics) of the meetings, agenda sessions and activities "
          "to subscribe to."),
    Entry("export", "copkit.cli.export",
          "Export the CoP's records as tables for analysis (DuckDB, Spark, a spreadsheet)."),
    Entry("portfolio", "copkit.cli.portfolio",
          "Put many CoPs side by side: their headline figures, health, outliers and totals."),
    Entry("history", "copkit.cli.history",
          "Who changed which records, and when, in words (from git)."),
    Entry("diff", "copkit.cli.history",
          "What changed in the records between two points in history."),
    Entry("repair", "copkit.cli.repair",
          "Finish or roll back a copkit command that was interrupted while writing."),
    Entry("plan", "copkit.cli.plan", "Walk the planning steps, asking for what is missing."),
    Entry("charter", "copkit.cli.charter",
          "Show and change the charter: its fields, goals, stakeholders, risks, policies."),
    Entry("member", "copkit.cli.members", "Add, list, show and update members; record who left."),
    Entry("meeting", "copkit.cli.meetings", "Record meetings and who attended them."),
    Entry("action", "copkit.cli.actions",
          "The actions agreed at meetings: list them, mark them done."),
    Entry("practice", "copkit.cli.practices",
          "Share practices: tools, methods, tips, lessons learnt."),
    Entry("activity", "copkit.cli.activities", "Activities that support sharing, with budgets."),
    Entry("story", "copkit.cli.stories", "Value-creation stories (impact evidence)."),
    Entry("topic", "copkit.cli.topics", "The learning agenda's topics."),
    Entry("organisation", "copkit.cli.organisations",
          "The organisations that send members, and their institutional objectives."),
    Entry("evidence", "copkit.cli.organisations",
          "Evidence that a member organisation changed (impact)."),
    Entry("outcome", "copkit.cli.outcomes",
          "Outcome measures of the problem, with baseline and values."),
    Entry("import", "copkit.cli.imports", "Import a roster, attendance or survey answers (CSV)."),
    Entry("contacts", "copkit.cli.contacts",
          "Contact details kept out of git: split, export, import, merge."),
)


def report_error(exc: CopkitError) -> None:
    from copkit.cli.common import echo

    where = f"{exc.location}: " if exc.location else ""
    code = getattr(exc, "code", None)  # a file copkit refuses: the finding check prints
    echo(f"{where}error[{code}] {exc.message}" if code else f"error: {where}{exc.message}",
         err=True)
    if exc.hint:
        echo(f"  hint: {exc.hint}", err=True)


class CopkitGroup(TyperGroup):
    """Runs every command under the single error handler."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return self._invoke(ctx)
        finally:
            _print_notices()

    def _invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CopkitError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            sys.stderr.write("\ninterrupted: files already written are complete and valid\n")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except Exception as exc:
            error = _user_error(exc)
            if error is not None:
                report_error(error)
                raise typer.Exit(error.exit_code) from None
            if os.environ.get("COPKIT_DEBUG"):
                raise
            sys.stderr.write(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "  hint: this is a bug in copkit; run again with COPKIT_DEBUG=1 for details "
                "and report it\n")
            raise typer.Exit(1) from None


def _print_notices() -> None:
    """What copkit did on its own during the command (an interrupted command finished or
    rolled back), said on standard error after the command's own output."""
    store = sys.modules.get("copkit.edit.store")
    notices = getattr(store, "NOTICES", None)
    while notices:
        sys.stderr.write(f"note: {notices.pop(0)}\n")


def _user_error(exc: Exception) -> CopkitError | None:
    """An error that is not a bug although no copkit code raised it as one: a file or folder
    that cannot be read or written (the disk is full, the folder is read-only, permission
    denied...), with the path and the cause in plain words."""
    if not isinstance(exc, OSError):
        return None
    from copkit.errors import FileError

    return FileError.from_os_error(exc, None)


_SETTINGS: dict[str, Any] = {
    "name": "copkit",
    "help": (
        "Run a community of practice (CoP) as a git folder of YAML files: plan it, check it, "
        "report on it and tell members what happened.\n\n"
        "Example: copkit init my-cop --name 'LED units CoP' && copkit check --cop my-cop"
    ),
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}


class LazyCommands(MutableMapping[str, Any]):
    """The subcommands of `copkit` by name (COMMANDS), each built when it is first looked up:
    its module imported and registered in a typer app of its own, which typer turns into click
    commands (`typer.main.get_command`). Building all forty-odd commands (typer reads every
    signature) cost more than importing typer, on every run, `copkit --help` included."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self.entries = {e.name: e for e in entries}
        self.added: dict[str, Any] = {}
        self.modules: dict[str, dict[str, Any]] = {}  # each built module's commands

    def __getitem__(self, name: str) -> Any:
        if name in self.added:
            return self.added[name]
        module = self.entries[name].module  # KeyError: no such command
        if module not in self.modules:
            self.modules[module] = module_commands(module)
        return self.modules[module][name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.added[name] = command

    def __delitem__(self, name: str) -> None:
        del self.added[name]

    def __iter__(self) -> Iterator[str]:
        yield from self.entries
        yield from (name for name in self.added if name not in self.entries)

    def __len__(self) -> int:
        return len(self.entries.keys() | self.added.keys())

    def built(self) -> list[str]:
        """The names of the commands built so far (a module builds all its commands)."""
        return [name for name in self if name in self.added or
                self.entries[name].module in self.modules]


@functools.cache  # built once per process: the tests run many commands in one process
def module_commands(module: str) -> dict[str, Any]:
    """The click commands that the command module `module` registers, by name (click
    commands keep no state between runs: each run has its own context)."""
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False,
                      rich_markup_mode=_SETTINGS["rich_markup_mode"])
    importlib.import_module(module).register(app)
    command = typer.main.get_command(app)
    if isinstance(command, TyperGroup):  # several commands, or a group of them
        return dict(command.commands)
    assert command.name is not None  # register(app) names its command
    return {command.name: command}


class LazyCopkitGroup(CopkitGroup):
    """The top-level group: its subcommands are `LazyCommands`, listed in `copkit --help`
    from COMMANDS without building them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lazy = LazyCommands(COMMANDS)
        lazy.update(self.commands)
        self.commands = lazy

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        limit = formatter.width - 6 - max(len(e.name) for e in COMMANDS)
        rows = [(e.name, TyperCommand(e.name, help=e.help).get_short_help_str(limit))
                for e in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(cls=LazyCopkitGroup, **_SETTINGS)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"copkit {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
    include_changes: bool = typer.Option(
        False, "--include-changes", envvar="COPKIT_INCLUDE_CHANGES",
        help="Let a command's commit take in changes you made by hand, and did not commit, "
        "in the files it rewrites (without it copkit refuses and says which files)."),
) -> None:
    """copkit: a community of practice kept as a git folder of YAML files."""
    from copkit.git.commit import INCLUDE_CHANGES

    INCLUDE_CHANGES["on"] = include_changes


def command() -> LazyCopkitGroup:
    """The `copkit` click command, each subcommand built only when used (LazyCommands)."""
    group = typer.main.get_command(app)
    assert isinstance(group, LazyCopkitGroup)
    return group


def run() -> None:
    """Console-script entry point."""
    command()(prog_name="copkit")
