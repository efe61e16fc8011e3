"""`copkit check`: validate every file and every reference; planning and health warnings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from copkit.cli.common import CopOption, OutputFormat, echo, resolve_cop

if TYPE_CHECKING:
    from copkit.model.findings import Finding

def check(
    cop: CopOption = None,
    output: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="text for people, json for programs, github for workflow "
        "annotations (paths relative to the repository's root).")] = OutputFormat.text,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Treat warnings as errors (exit 1 when there are any).")] = False,
    public: Annotated[bool, typer.Option(
        "--public", help="Before making the repository public: also fail on the names of "
        "members who did not agree to be named in public, in any committed file.")] = False,
) -> None:
    """Validate every file and every reference between records.

    Then the planning gaps and health advice are listed as warnings.

    Exit code: 0 when clean, 1 with errors (or warnings with --strict), 2 for a usage error.
    Contact details in a committed file are always errors; --public also fails on names of
    members without public consent (warnings with their place), and contacts.yaml in git.

    Example: copkit check --cop examples/led-units --format json
    """
    from copkit.checks.run import check_cop
    from copkit.model.findings import counts, to_github, to_json

    root, display = resolve_cop(cop)
    cop_obj, findings = check_cop(root, public=public)
    errors, warnings = counts(findings)
    if output is OutputFormat.json:
        echo(to_json(findings, display))
    elif output is OutputFormat.github:
        if findings:
            echo(to_github(findings, _repo_prefix(root, display)))
    else:
        _print_text(findings, display, len(cop_obj.sources), errors, warnings)
    if errors or (strict and warnings):
        raise typer.Exit(1)
    if public:
        from copkit.checks.contacts import public_codes

        if any(f.code in public_codes() for f in findings):
            raise typer.Exit(1)


def _repo_prefix(root: Path, display: str) -> str:
    """The CoP folder relative to its git repository's root: GitHub attaches an annotation to
    a file by its path in the repository, wherever the check was run from."""
    from copkit.git.commit import find_repo_root

    repo = find_repo_root(root)
    if repo is None:
        return display
    try:
        return root.resolve().relative_to(repo).as_posix()
    except ValueError:
        return display


def _print_text(findings: list[Finding], display: str, files: int, errors: int,
                warnings: int) -> None:
    from rich.markup import escape

    from copkit.cli.common import console

    out = console()
    lines = []
    for f in findings:
        colour = "red" if f.severity == "error" else "yellow"
        head, _, rest = f.render(display).partition(f"{f.severity}[{f.code}]")
        lines.append(f"{escape(head)}[{colour}]{f.severity}\\[{f.code}][/{colour}]{escape(rest)}")
    # emoji=False: a value holding ':x:' is shown as written, not as an emoji (escape() only
    # protects the markup)
    if lines:
        out.print("\n".join(lines), emoji=False)
    where = escape(display if display not in ("", ".") else "this CoP")
    if errors or warnings:
        out.print(f"{errors} error(s), {warnings} warning(s) in {where} ({files} files read)",
                  emoji=False)
    else:
        out.print(f"[green]ok[/green]: no problems in {where} ({files} files read)",
                  emoji=False)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
