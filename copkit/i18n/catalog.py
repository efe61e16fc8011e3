"""The gettext catalogs: ``copkit/locale/<lang>/LC_MESSAGES/copkit.po``, read as compiled
``copkit.mo`` files by the standard library's gettext (Babel is not imported to translate).

The ``.mo`` beside each ``.po`` is written when the wheel is built (hatch_build.py). In a
source checkout it is compiled on first use (Babel's reader and writer, ~40 ms) and written
beside the ``.po`` for the next process; a ``.mo`` older than its ``.po`` is compiled again;
a folder that cannot be written to only means the catalog is compiled in memory each time."""

from __future__ import annotations

import functools
import gettext
import io
import os
from pathlib import Path

DOMAIN = "copkit"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def po_file(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def load(code: str) -> gettext.NullTranslations:
    """The translations of the catalog ``code`` ("es"); English and a missing catalog translate
    nothing."""
    po = po_file(code)
    if code == "en" or not po.is_file():
        return gettext.NullTranslations()
    mo = po.with_suffix(".mo")
    try:
        if mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
            return gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
    except (OSError, ValueError):  # missing, unreadable or damaged: compiled again
        pass
    data = compile_po(po)
    _keep(mo, data)
    return gettext.GNUTranslations(io.BytesIO(data))


def _keep(mo: Path, data: bytes) -> None:
    """Write the compiled catalog beside its .po, atomically; nothing if it cannot be."""
    tmp = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, mo)
    except OSError:
        tmp.unlink(missing_ok=True)


def compile_po(po: Path) -> bytes:
    """The ``.mo`` bytes of the catalog ``po`` (fuzzy entries left out, as gettext does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fp:
        catalog = read_po(fp, locale=po.parent.parent.name, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()
