"""Punctuation as each language writes it (docs/i18n.md).

French puts a narrow no-break space (U+202F) before ``:``, ``;``, ``?`` and ``!``: "Un objectif
appuyé par des preuves :". Canadian French (the usage of the Office québécois de la langue
française) puts it before the colon only: "bien; à surveiller". English and Spanish put none.

- The French catalog's texts are written with it (``tests/test_i18n_typography.py`` checks
  every entry); ``Regional`` is the catalog of a region whose usage differs (fr-CA: the
  space before ``;``, ``?`` and ``!`` left out).
- copkit's marks outside a message — a caption's colon in a template (the ``punct`` filter),
  the ``"; "`` between the parts of a sentence an indicator puts together
  (``copkit.i18n.msg.cat``) — go through :func:`mark` and :func:`lead`.
"""

from __future__ import annotations

import gettext
import re

NNBSP = "\u202f"  # narrow no-break space
_SPACED = {"fr": ":;?!"}  # the marks that take NNBSP before them, by language
_REGIONAL = {"fr_CA": ":"}  # ... where a region's usage differs
_LEAD = re.compile(r"^[ \u00a0\u202f]?([:;?!])(?=\s|$)")


def spaced(locale: str) -> str:
    """The marks that take a narrow no-break space before them in ``locale``: ":;?!" in
    French, ":" in Canadian French, "" in English and Spanish."""
    return _REGIONAL.get(locale, _SPACED.get(locale.split("_")[0], ""))


def mark(text: str, punct: str, locale: str) -> str:
    """``text`` followed by the mark ``punct`` as ``locale`` writes it: ("preuves", ":") is
    "preuves", a narrow no-break space and ":" in French, "evidence:" in English. ``text``
    may be "" (a separator)."""
    if punct[:1] and punct[:1] in spaced(locale):
        return text + NNBSP + punct
    return text + punct


def lead(part: str, locale: str) -> str:
    """A piece of copkit's own punctuation that starts a part of a sentence (": ", "; ")
    spaced for ``locale``; any other text as it is."""
    marks = spaced(locale)
    if not marks:
        return part
    return _LEAD.sub(lambda m: NNBSP + m.group(1) if m.group(1) in marks else m.group(1), part)


class Regional(gettext.NullTranslations):
    """A language's catalog as a region writes it: the narrow no-break space before the
    marks the region does not space (fr-CA: ``;``, ``?``, ``!``) left out of every text."""

    def __init__(self, base: gettext.NullTranslations, locale: str) -> None:
        super().__init__()
        self._base = base
        self._catalog = getattr(base, "_catalog", {})  # what templates.missing looks up
        dropped = "".join(c for c in _SPACED.get(locale.split("_")[0], "")
                          if c not in spaced(locale))
        self._drop = re.compile(NNBSP + f"([{re.escape(dropped)}])") if dropped else None

    def _regional(self, text: str) -> str:
        return self._drop.sub(r"\1", text) if self._drop is not None else text

    def gettext(self, message: str) -> str:
        return self._regional(self._base.gettext(message))

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self._regional(self._base.ngettext(msgid1, msgid2, n))

    def pgettext(self, context: str, message: str) -> str:
        return self._regional(self._base.pgettext(context, message))

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self._regional(self._base.npgettext(context, msgid1, msgid2, n))


def regional(base: gettext.NullTranslations, locale: str) -> gettext.NullTranslations:
    """``base`` as ``locale`` writes it (itself where the region's usage is the language's)."""
    return Regional(base, locale) if locale in _REGIONAL else base
