"""`copkit find TEXT`: search practices, meetings (notes, decisions, actions), stories, the
agenda, members (names and organisations) and organisations."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from copkit.cli.common import CopOption, echo, resolve_cop


class FindFormat(str, Enum):
    text = "text"
    json = "json"


def find(
    text: Annotated[list[str], typer.Argument(help="Words to look for (all must appear).")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many.")] = 20,
    fmt: Annotated[FindFormat, typer.Option("--format", "-f", help="text or json.")]
    = FindFormat.text,
    cop: CopOption = None,
) -> None:
    """Search practices, meetings (notes, decisions, actions), stories, the agenda, members.

    Members are found by name, organisation, expertise and interests (never by a contact
    detail); organisations.yaml by name.

    Accents and case do not matter ("gestion" finds "Gestión"); every word must appear in
    the record. Results are ranked (titles count most) and each shows FILE:LINE.
    Exit code 1 when nothing matches. The words are looked up in an index kept in copkit's
    cache folder and brought up to date with the files changed since (COPKIT_NO_CACHE=1
    searches every file instead).

    Example: copkit find "budget hearing"
    """
    from copkit.model.search import search
    from copkit.text import printable, printable_json

    root, display = resolve_cop(cop)
    hits = search(root, " ".join(text), limit=limit if limit > 0 else None)
    prefix = "" if display in ("", ".") else display.rstrip("/") + "/"
    if fmt is FindFormat.json:
        echo(printable_json(json.dumps([h.to_dict() for h in hits], ensure_ascii=False,
                                       indent=2)))
    else:
        for hit in hits:
            echo(f"{prefix}{hit.path}:{hit.line}: {hit.kind} {printable(hit.record_id)}: "
                 f"{printable(hit.title)}")
            for line in hit.lines:
                bare = line.text.lstrip("- ")
                shown = bare if bare.startswith(f"{line.field}:") else \
                    f"({line.field}) {line.text}"
                echo(f"    {line.line:>4}  {printable(shown[:110])}")
        if not hits:
            echo(f"nothing matches '{printable(' '.join(text))}'", err=True)
    if not hits:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("find")(find)
