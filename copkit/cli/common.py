"""Options and helpers shared by the command modules (kept light: typer and stdlib only)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

CopOption = Annotated[
    Path | None,
    typer.Option(
        "--cop",
        envvar="COPKIT_DIR",
        help="The CoP folder (default: the nearest folder holding charter.yaml, here or "
        "above; else the git repository holding the current folder).",
        show_default=False,
    ),
]
NoCommitOption = Annotated[
    bool, typer.Option("--no-commit", help="Write the files but do not commit them.")
]


def finite_number(flag: str, example: str) -> Callable[[str], float]:
    """The ``parser=`` of a numeric option: its value as a finite number, else a usage error
    (exit 2) naming the flag. Python reads ``inf``, ``nan`` and ``1e999`` (infinity) as
    numbers; nothing can be counted or budgeted with them (issue #13)."""

    def parse(value: str) -> float:
        import math

        from copkit.errors import UsageError
        from copkit.text import printable

        try:
            number = float(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not math.isfinite(number):
            what = "not a number" if number is None else "not a finite number"
            raise UsageError(f"{flag} {printable(str(value))}: {what}",
                             f"give it in figures, like {flag} {example}")
        return number

    return parse


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def resolve_cop(cop: Path | None) -> tuple[Path, str]:
    """The CoP folder and how to show paths inside it to the user."""
    if cop is not None:
        if not cop.is_dir():  # a user error (exit 1, with a hint), not a usage error
            from copkit.errors import NotACopError

            raise NotACopError.not_a_folder(cop, cop.exists())
        # absolute from here on: git runs in the repository, where a path typed relative to
        # the current folder means something else
        return cop.absolute(), str(cop)
    cwd = Path.cwd()
    from copkit.git.commit import find_repo_root

    git_root = find_repo_root(cwd)
    for folder in (cwd, *cwd.parents):
        if (folder / "charter.yaml").is_file() or (folder / "members.yaml").is_file():
            root = folder
            break
        if git_root is not None and folder == git_root:
            root = folder
            break
    else:
        root = git_root or cwd
    display = os.path.relpath(root, cwd)
    return root, display


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def echo(text: str = "", err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")


def report(outcome: Any, verb: str) -> None:
    """Tell the user what was written and committed."""
    what = verb.format(id=outcome.record_id) if "{id}" in verb else \
        f"{verb} {outcome.record_id}"
    if outcome.paths:
        paths = outcome.paths
        shown = ", ".join(paths) if len(paths) <= 6 else \
            ", ".join(paths[:3]) + f" and {len(paths) - 3} other files"
        echo(f"{what}: wrote {shown}")
        if outcome.commit:
            echo(f"committed {outcome.commit[:8]}: {outcome.subject}")
        else:
            echo("not committed (--no-commit): commit the file(s) yourself when ready")
    for note in outcome.notes:
        echo(f"note: {note}")
