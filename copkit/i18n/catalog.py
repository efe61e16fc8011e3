"""The gettext catalogs: ``copkit/locale/<lang>/LC_MESSAGES/copkit.po``, compiled in memory
when first asked for (Babel's reader and writer), kept for the process.

A ``copkit.mo`` beside the ``.po`` and at least as new (written by `pybabel compile`, see
docs/i18n.md) is read instead, which is quicker; a stale one is ignored."""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.support import NullTranslations

DOMAIN = "copkit"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def po_file(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def load(code: str) -> NullTranslations:
    """The translations of the catalog ``code`` ("es"); English and a missing catalog translate
    nothing."""
    from babel.support import NullTranslations, Translations

    po = po_file(code)
    if code == "en" or not po.is_file():
        return NullTranslations()
    mo = po.with_suffix(".mo")
    if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as fp:
            return Translations(fp, domain=DOMAIN)
    return Translations(io.BytesIO(compile_po(po)), domain=DOMAIN)


def compile_po(po: Path) -> bytes:
    """The ``.mo`` bytes of the catalog ``po`` (fuzzy entries left out, as gettext does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fp:
        catalog = read_po(fp, locale=po.parent.parent.name, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()
