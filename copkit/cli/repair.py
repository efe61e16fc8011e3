"""`copkit repair`: finish or roll back what an interrupted copkit command left."""

from __future__ import annotations

import typer

from copkit.cli.common import CopOption, echo, resolve_cop


def repair(cop: CopOption = None) -> None:
    """Finish or roll back a copkit command that was interrupted while writing.

    A command killed while saving leaves a journal (in .git/copkit/) and temporary files: if
    it had finished writing its files, they are put in place and the commit it meant to make
    is made, under its own message; if not, its temporary files are removed and the records
    stay as they were. Every command that writes does this first; `copkit check` reports what
    is left.

    Example: copkit repair --cop led-cop
    """
    from copkit.edit import store

    root, _ = resolve_cop(cop)
    done = store.repair(root)
    for line in done:
        echo(line)
    if not done:
        echo("nothing to repair: no interrupted copkit command left anything behind")


def register(app: typer.Typer) -> None:
    app.command("repair")(repair)
