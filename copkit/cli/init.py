"""`copkit init`: start a new CoP folder (the files are :mod:`copkit.model.scaffold`'s; here
they are written, never over an existing file, and committed)."""

from __future__ import annotations

import contextlib
import datetime as _dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from copkit.cli.common import echo
from copkit.contacts.layout import committed, new_layout
from copkit.edit.store import write_text
from copkit.errors import RecordError
from copkit.git import commit as gitio
from copkit.model.scaffold import planned_files


@dataclass
class InitResult:
    root: Path
    written: list[Path]
    commit: str | None



def init_cop(root: Path, name: str | None = None, example: str | None = None,
             commit: bool = True, started: _dt.date | None = None,
             lang: str | None = None) -> InitResult:
    """Create a CoP at ``root`` (started on ``started``, default today), its files' comments
    in ``lang`` (default English). Refuses to overwrite any existing file; writes nothing
    then."""
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise RecordError(f"{root} is a file, not a folder",
                          "give the folder to create the CoP in (a new or an empty one)")
    name = name or root.resolve().name.replace("-", " ").replace("_", " ").strip().title()
    files = planned_files(root, name, example, started, lang)
    new_layout(root, files)  # the CoP's own key; contacts.yaml, never committed
    clashes = sorted(p for p in files if p.exists())
    if clashes:
        shown = ", ".join(str(p) for p in clashes[:5]) + (" ..." if len(clashes) > 5 else "")
        raise RecordError(
            f"{len(clashes)} file(s) already exist and would be overwritten: {shown}",
            "copkit init never overwrites a file: choose an empty folder, or move them away")
    if commit:  # fail before writing anything when git is missing or has no identity
        existing = root
        while not existing.exists():
            existing = existing.parent
        gitio.global_identity(existing)
    made = [p for p in (root, *root.parents) if not p.exists()]
    written: list[Path] = []
    try:
        root.mkdir(parents=True, exist_ok=True)
        for path, content in files.items():
            made += [p for p in (path.parent, *path.parent.parents) if not p.exists()]
            if isinstance(content, Path):
                path.parent.mkdir(parents=True, exist_ok=True)
                if path.exists():
                    raise RecordError(f"{path} already exists")
                written.append(path)  # new: removed again if the copy stops half-way
                shutil.copyfile(content, path)
            else:
                write_text(path, content, exclusive=True)
                written.append(path)
    except BaseException:  # a full disk, a read-only folder...: no half-made CoP is left
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        for folder in sorted(set(made), key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty
        raise
    sha = None
    if commit:
        repo_root = gitio.find_repo_root(root)
        repo = (gitio.init_repo(root) if repo_root is None or repo_root != root.resolve()
                else gitio.open_repo(root))
        label = f"example {example}" if example else f"'{name}'"
        kept = committed(written)
        sha = gitio.commit_paths(repo, [p.resolve() for p in kept], f"copkit: init {label}",
                                 [f"- {p.relative_to(root).as_posix()}" for p in kept])
    return InitResult(root, written, sha)


def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the CoP in.")],
    name: Annotated[str | None, typer.Option("--name", help="The CoP's name.")] = None,
    example: Annotated[str | None, typer.Option(
        "--example", help="Start from a shipped example (led-units, citizen-participation, "
        "community-tourism, camafu-fire-management).")] = None,
    no_commit: Annotated[bool, typer.Option("--no-commit",
                                            help="Do not run git init / commit.")] = False,
    started: Annotated[str | None, typer.Option(
        "--started", help="The day the CoP started, or will start (YYYY-MM-DD; default: "
        "today).")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", help="The language of the files' comments and of the reports (en, es or "
        "fr; a region may follow: es-PE): written as the charter's `language`.")] = None,
) -> None:
    """Start a new CoP folder with commented files.

    Each field is commented with the question it answers; the questions the planning
    steps ask are left unanswered (commented examples), so `copkit plan` starts at the
    beginning. JSON Schemas for editors are written too, then `git init` and a first commit.
    Never overwrites a file.

    Example: copkit init led-cop --name "Municipal LED units" --started 2026-08-01

    Example: copkit init red-ddel --name "Red de unidades DEL" --lang es
    """
    from copkit.cli.init import init_cop
    from copkit.records.ids import parse_day

    day = parse_day(started, "--started") if started is not None else None
    from copkit.cli.lang import checked

    language = checked(lang)  # an unknown language: a usage error listing en, es, fr
    tag = language.tag if language is not None else None
    result = init_cop(directory, name=name, example=example, commit=not no_commit,
                      started=day, lang=tag)
    echo(f"created {len(result.written)} files in {directory}")
    if result.commit:
        echo(f"committed {result.commit[:10]}")
    echo(f"next: fill in {directory}/charter.yaml, or run `copkit plan --cop {directory}`")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
