"""The `copkit` command: the app, its command groups, and the one error handler.

Every error meant for a user is a :class:`copkit.errors.CopkitError`; the handler prints its
message and hint and exits with its code (1 for findings and user errors, 2 for usage errors).
A file or folder that cannot be read or written (the disk is full, the folder is read-only,
permission denied: an ``OSError``) is a user error too, named by its path and cause
(:class:`copkit.errors.FileError`). Anything else is a bug: it is reported in one line, with
the traceback only when ``COPKIT_DEBUG=1``.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from copkit import __version__
from copkit.errors import CopkitError

# Each module registers its commands with `register(app)`. Listed here once, in help order.
COMMAND_MODULES = (
    "copkit.cli.init",
    "copkit.cli.check",
    "copkit.cli.schema",
    "copkit.cli.plan",
    "copkit.cli.records",
    "copkit.cli.imports",
    "copkit.cli.find",
    "copkit.cli.report",
    "copkit.cli.newsletter",
    "copkit.cli.history",
    "copkit.cli.repair",
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
    store = sys.modules.get("copkit.store")
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

app = typer.Typer(cls=CopkitGroup, **_SETTINGS)


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
    from copkit.gitio import INCLUDE_CHANGES

    INCLUDE_CHANGES["on"] = include_changes


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(_name)
    except ModuleNotFoundError as _exc:
        if _exc.name != _name:
            raise
        continue
    _module.register(app)


class LazyCopkitGroup(CopkitGroup):
    """The top-level group, built without its subcommands: a subcommand's click command is made
    only when it runs. Building all forty-odd commands (typer reads every signature) cost more
    than importing typer, on every run, `copkit --help` included."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, Any] = {}

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.lazy)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            info = self.lazy.get(cmd_name)
            if info is None:
                return None
            self.commands[cmd_name] = _build(info)
        return self.commands[cmd_name]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        from difflib import get_close_matches

        from typer._click.exceptions import UsageError

        try:
            return self._click_resolve_command(ctx, args)
        except UsageError as exc:  # "did you mean" among all commands, built or not
            matches = get_close_matches(args[0], list(self.lazy)) if args else []
            if matches:
                exc.message = (f"{exc.message.rstrip('.')}. Did you mean "
                               f"{', '.join(repr(m) for m in matches)}?")
            raise

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        from typer._click.utils import make_default_short_help

        shown = [(name, info) for name, info in self.lazy.items() if not info.hidden]
        if not shown:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in shown)
        rows = [(name, make_default_short_help(_help_of(info), limit)) for name, info in shown]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _name_of(info: Any) -> str:
    if isinstance(info, typer.models.CommandInfo):
        if info.name:
            return str(info.name)
        return typer.main.get_command_name(str(getattr(info.callback, "__name__", "")))
    return str(typer.main.solve_typer_info_defaults(info).name)


def _help_of(info: Any) -> str:
    import inspect

    if isinstance(info, typer.models.CommandInfo):
        text = info.short_help or info.help or inspect.getdoc(info.callback) or ""
        return inspect.cleandoc(text)
    return typer.main.solve_typer_info_help(info)


def _build(info: Any) -> Any:
    if isinstance(info, typer.models.CommandInfo):
        return typer.main.get_command_from_info(
            info, pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode)
    return typer.main.get_group_from_info(
        info, pretty_exceptions_short=app.pretty_exceptions_short,
        rich_markup_mode=app.rich_markup_mode, suggest_commands=app.suggest_commands)


def command() -> LazyCopkitGroup:
    """The `copkit` click command, each subcommand built only when used (see LazyCopkitGroup)."""
    shell = typer.Typer(cls=LazyCopkitGroup, **_SETTINGS)
    shell.callback()(main)
    group = typer.main.get_group(shell)
    assert isinstance(group, LazyCopkitGroup)
    infos = [*app.registered_commands, *app.registered_groups]
    group.lazy = {_name_of(info): info for info in infos}
    return group


def run() -> None:
    """Console-script entry point."""
    command()(prog_name="copkit")
