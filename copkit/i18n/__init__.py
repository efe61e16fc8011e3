"""Languages: which ones copkit speaks, their catalogs, and Babel's formats in templates.

Everything copkit hands to people (reports, newsletters, planning questions, the files `init`
writes) is written in English in the code and the templates, and translated through gettext
catalogs: ``copkit/locale/<lang>/LC_MESSAGES/copkit.po``, compiled when first needed and kept
for the process (docs/i18n.md: how to add a string, extract, translate, compile).

- ``LANGUAGES``: the languages with a catalog (English is the source language).
- ``resolve(tag)``: an IETF tag ("es-PE", "fr_CA", "en") as a :class:`Language`. A language
  copkit does not speak is a usage error listing en, es, fr; with ``strict=False`` (a charter's
  ``language`` field) it is English, and the Language's ``warning`` says why.
- ``translations(lang)``: the catalog, an object with ``gettext``/``ngettext``.
- ``speaker(lang)``: a function saying copkit's texts (``Msg``, words of the catalog) in
  ``lang``, for what a command prints (``copkit review``, ``plan status``).
- ``install(env, lang)``: jinja2's i18n extension (new-style gettext: ``{{ _("...") }}``,
  ``{% trans %}``) and the filters ``date``, ``number``, ``percent``, ``currency`` formatted by
  Babel for the locale ("1 de diciembre de 2026", "12 300,00 $" in fr-CA), ``t``: a value
  that is one of copkit's own words (an indicator's title) translated, anything else as is,
  and ``punct``: a mark after a text as the language writes it (``{{ title|t|punct(":") }}``:
  "preuves :" in French; copkit.i18n.typography).

Names, titles and notes from the records are never given to these functions: only copkit's
own text is translated.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from copkit.errors import UsageError

if TYPE_CHECKING:
    from gettext import NullTranslations

    import jinja2

LANGUAGES = ("en", "es", "fr")
SOURCE = "en"
NAMES = {"en": "English", "es": "Spanish", "fr": "French"}


@dataclass(frozen=True)
class Language:
    """A language copkit speaks, in the regional variant asked for.

    ``code`` is the catalog ("es"), ``locale`` Babel's locale for dates and numbers ("es_PE"),
    ``tag`` the IETF tag ("es-PE"). ``warning`` is set when the language asked for could not
    be used and English is used instead (the caller shows it)."""

    code: str
    locale: str
    tag: str
    warning: str | None = None


ENGLISH = Language("en", "en", "en")


def N_(message: str) -> str:
    """Marks ``message`` for extraction into the catalogs without translating it here: the
    text is translated where it is shown (a template's ``_(value)``)."""
    return message


def resolve(tag: str | None, *, strict: bool = True) -> Language:
    """``tag`` ("es", "es-PE", "fr_CA", None for English) as a Language.

    A language without a catalog raises UsageError naming the languages copkit speaks; with
    ``strict=False`` it is English with a ``warning``. A region Babel does not know ("es-XX")
    keeps the language and drops the region."""
    if tag is None or not str(tag).strip():
        return ENGLISH
    text = str(tag).strip().replace("_", "-")
    parts = [p for p in text.split("-") if p]
    code = parts[0].lower() if parts else ""
    if code not in LANGUAGES:
        message = (f"copkit has no translation for the language '{text}'; it speaks "
                   f"{', '.join(LANGUAGES)}")
        if strict:
            raise UsageError(message, hint="give --lang en, es or fr (a region may follow: "
                                           "es-PE, fr-CA)")
        return Language("en", "en", "en", warning=message + ": English is used")
    return _regional(code, parts[1:])


def _regional(code: str, rest: list[str]) -> Language:
    region = next((p.upper() for p in rest if len(p) == 2 and p.isalpha()), None)
    if region is None:
        return Language(code, code, code)
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(f"{code}_{region}")
    except (UnknownLocaleError, ValueError):
        return Language(code, code, code)
    return Language(code, f"{code}_{region}", f"{code}-{region}")


def language_of(lang: Language | str | None) -> Language:
    """``lang`` as a Language (a code or tag is resolved strictly; None is English)."""
    return lang if isinstance(lang, Language) else resolve(lang)


def translations(lang: Language | str | None) -> NullTranslations:
    """The catalog of ``lang`` (an object with ``gettext``, ``ngettext``, ``pgettext``: the
    standard library's GNUTranslations, as jinja2's i18n extension takes it), read from its
    compiled ``.mo`` once per process; a region whose punctuation differs from its language's
    (fr-CA) gets it as that region writes it. English, the source language, translates
    nothing."""
    language = language_of(lang)
    return _catalog(language.code, language.locale)


@functools.cache
def _catalog(code: str, locale: str) -> NullTranslations:
    """The catalog of ``code`` as ``locale`` punctuates (copkit.i18n.typography: fr-CA)."""
    from copkit.i18n.catalog import load
    from copkit.i18n.typography import regional

    return regional(load(code), locale)


def speaker(lang: Language | str | None) -> Callable[[str], str]:
    """copkit's texts in ``lang``: a ``copkit.i18n.msg.Msg`` translated with its numbers and
    days formatted for the locale, a word of the catalog looked up; in English (or ``lang``
    None) each text as it is written (``str``)."""
    language = language_of(lang)
    if language.code == "en":
        return str
    from copkit.i18n.msg import localise

    catalog = translations(language)

    def say(text: str) -> str:
        return localise(text, catalog, language.locale) if text else text

    return say


def install(env: jinja2.Environment, lang: Language | str | None) -> None:
    """Add jinja2's i18n extension with ``lang``'s catalog (new-style gettext: placeholders
    by name, autoescaped) and Babel's filters for the locale to ``env``."""
    from copkit.i18n.formats import filters

    language = language_of(lang)
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(filters(language.locale, translations(language)))
    env.filters["t"] = _translated(translations(language))


def _translated(catalog: NullTranslations) -> Callable[[object], object]:
    """The ``t`` filter: one of copkit's own words given as a value (an indicator's title, a
    status) in the catalog's language; any other value (a name, a title from the records) as
    it is."""

    def t(value: object) -> object:
        return catalog.gettext(value) if isinstance(value, str) and value else value

    return t
