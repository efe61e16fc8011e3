"""`copkit init`: start a new CoP folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from copkit.cli.common import echo


def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the CoP in.")],
    name: Annotated[str | None, typer.Option("--name", help="The CoP's name.")] = None,
    example: Annotated[str | None, typer.Option(
        "--example", help="Start from a shipped example (led-units, citizen-participation, "
        "community-tourism, camafu-fire-management).")] = None,
    no_commit: Annotated[bool, typer.Option("--no-commit",
                                            help="Do not run git init / commit.")] = False,
) -> None:
    """Start a new CoP folder with commented files.

    Each field is commented with the question it answers; JSON Schemas for editors are written
    too, then `git init` and a first commit. Never overwrites a file.

    Example: copkit init led-cop --name "Municipal LED units"
    """
    from copkit.scaffold import init_cop

    result = init_cop(directory, name=name, example=example, commit=not no_commit)
    echo(f"created {len(result.written)} files in {directory}")
    if result.commit:
        echo(f"committed {result.commit[:10]}")
    echo(f"next: fill in {directory}/charter.yaml, or run `copkit plan --cop {directory}`")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
