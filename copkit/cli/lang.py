"""The --lang option of the commands that write for people (report, newsletter, plan, init),
and the language chosen from it or from the charter's `language` field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from copkit.cli.common import echo

if TYPE_CHECKING:
    from copkit.i18n import Language
    from copkit.model.load import Cop

LangOption = Annotated[str | None, typer.Option(
    "--lang", help="The language to write in: en, es or fr, with a region if you like "
    "(es-PE, fr-CA: dates and numbers as there). Default: the charter's `language`, else "
    "English.", show_default=False)]


def checked(lang: str | None) -> Language | None:
    """--lang as a Language (a language copkit does not speak: a usage error listing en, es,
    fr), or None when it was not given. Called before the CoP is read."""
    from copkit.i18n import resolve

    return resolve(lang) if lang is not None else None


def chosen(option: Language | None, cop: Cop | None) -> Language:
    """The language to write in: --lang, else the charter's (English, with a warning on the
    screen, when copkit has no translation for it), else English."""
    from copkit.i18n import resolve

    if option is not None:
        return option
    tag = cop.charter.language if cop is not None and cop.charter is not None else None
    language = resolve(tag, strict=False)
    if language.warning:
        echo(f"warning: charter.yaml: language: {language.warning}", err=True)
    return language


def warn_untranslated(warnings: list[str]) -> None:
    for w in warnings:
        echo(f"warning: {w}", err=True)
