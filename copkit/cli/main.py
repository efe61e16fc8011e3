"""The `copkit` command: the app, its command groups, and the one error handler.

Every error meant for a user is a :class:`copkit.errors.CopkitError`; the handler prints its
message and hint and exits with its code (1 for findings and user errors, 2 for usage errors).
Anything else is a bug: it is reported in one line, with the traceback only when
``COPKIT_DEBUG=1``.
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
    "copkit.cli.history",
)


def report_error(exc: CopkitError) -> None:
    from copkit.cli.common import echo

    where = f"{exc.location}: " if exc.location else ""
    echo(f"error: {where}{exc.message}", err=True)
    if exc.hint:
        echo(f"  hint: {exc.hint}", err=True)


class CopkitGroup(TyperGroup):
    """Runs every command under the single error handler."""

    def invoke(self, ctx: Any) -> Any:
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
            if os.environ.get("COPKIT_DEBUG"):
                raise
            sys.stderr.write(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "  hint: this is a bug in copkit; run again with COPKIT_DEBUG=1 for details "
                "and report it\n")
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=CopkitGroup,
    name="copkit",
    help=(
        "Run a community of practice (CoP) as a git folder of YAML files: plan it, check it, "
        "report on it and tell members what happened.\n\n"
        "Example: copkit init my-cop --name 'LED units CoP' && copkit check --cop my-cop"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"copkit {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """copkit: a community of practice kept as a git folder of YAML files."""


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(_name)
    except ModuleNotFoundError as _exc:
        if _exc.name != _name:
            raise
        continue
    _module.register(app)


def run() -> None:
    """Console-script entry point."""
    app()
