"""The report's language: the indicators' messages (`copkit.i18n.msg.Msg`), copkit's own words
and the figures' numbers in it, as `copkit.output.report.build_report` puts them into the
report's data (docs/i18n.md).

`Speaker(lang)` is called on each text of copkit's that reaches the report (a definition, a
note, a "no data" reason, a figure's label, health evidence): a `Msg` is translated with its
numbers formatted for the locale, a plain word looked up in the catalog. Record text is never
given to it, except inside a message's parameters, which are kept as written. In English
everything is returned as it is: the English report is the same, byte for byte, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from copkit import i18n
from copkit.i18n.msg import Msg, localise

if TYPE_CHECKING:
    from copkit.indicators import Figure


class Speaker:
    """Texts of copkit's in the report's language."""

    def __init__(self, lang: i18n.Language | str | None) -> None:
        self.language = lang if isinstance(lang, i18n.Language) else \
            i18n.resolve(lang, strict=False)
        self.english = self.language.code == "en"
        self.catalog = i18n.translations(self.language)
        self.locale = self.language.locale

    def __call__(self, value: str) -> str:
        """A text of copkit's (a Msg or a word of the catalog) in the language."""
        if self.english or not value:
            return value
        return localise(value, self.catalog, self.locale)

    def cell(self, value: str) -> str:
        """A table cell: a Msg (a word of copkit's, "(no organisation)") translated, record
        text as it is."""
        return value if self.english or not isinstance(value, Msg) else self(value)

    def shown(self, f: Figure, value: float | int | None = None, *,
              previous: bool = False) -> str:
        """A figure's value as text: "64%", "no data (no meeting in the period)"; in
        Spanish "64 %", "sin datos (…)"."""
        if self.english:
            return f.previous_shown if previous else f.shown
        v = f.previous if previous else f.value
        if previous and not f.compared:
            return ""
        if v is None:
            word = self.catalog.gettext("no data")
            return f"{word} ({self(f.reason)})" if f.reason and not previous else word
        return self.number(v, f.unit)

    def number(self, v: float | int, unit: str = "") -> str:
        from babel import numbers

        from copkit.i18n.formats import _percent

        if unit == "%":
            return _percent(v, 0, self.locale)
        whole = not isinstance(v, float) or v.is_integer()
        text = numbers.format_decimal(int(v) if whole else round(v, 1),
                                      "#,##0" if whole else "#,##0.0", locale=self.locale)
        return f"{text} {self(unit)}" if unit else str(text)

    def change(self, arrow: str, judgement: str) -> str:
        if self.english or not judgement:
            return (arrow + (f" {judgement}" if judgement else "")) if arrow else ""
        return f"{arrow} {self(judgement)}"


def speaker(lang: i18n.Language | str | None) -> Speaker:
    return Speaker(lang)


def translated_rows(rows: list[list[Any]], say: Speaker) -> list[list[Any]]:
    return rows if say.english else [[say.cell(c) for c in r] for r in rows]
