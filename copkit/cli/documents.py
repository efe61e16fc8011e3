"""Options shared by the commands that write a document (`copkit report`, `copkit newsletter`):
their audience, the PDF font and --force (each has its own --format: the report's json, the
newsletter's email). Kept light: typer and stdlib only."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer


class Audience(str, Enum):
    members = "members"
    public = "public"
    sponsor = "sponsor"


FontOption = Annotated[str | None, typer.Option(
    "--font", help="PDF only: a font family name or a .ttf/.otf file, for names in scripts the "
    "built-in fonts lack (e.g. 'Noto Sans CJK SC').", show_default=False)]
ForceOption = Annotated[bool, typer.Option(
    "--force", help="Replace the output file(s) if they exist.")]
