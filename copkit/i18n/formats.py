"""Babel's formats as Jinja filters, for one locale: ``date``, ``number``, ``percent``,
``currency``; and ``punct``, a mark after a text as the locale writes it
(copkit.i18n.typography). A value that is not a number or a date ("no data", None) comes
back as text: None is the catalog's "no data"."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gettext import NullTranslations

DATE_WIDTHS = ("short", "medium", "long", "full")
# the months as every English locale of Babel (CLDR) writes them in "d MMMM y"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def filters(locale: str, catalog: NullTranslations) -> dict[str, Callable[..., str]]:
    """The four filters for ``locale``; ``catalog`` translates "no data". Babel is imported
    by the first filter that needs it (an English newsletter, whose days are
    :func:`day_text`'s, never does: its import and locale data are a tenth of a second)."""

    def text(value: object) -> str:
        return catalog.gettext("no data") if value is None else str(value)

    def date(value: object, width: str = "long") -> str:
        day = _as_date(value)
        if day is None:
            return text(value)
        if width == "long":
            return day_text(day, locale)
        from babel import dates

        return dates.format_date(day, width if width in DATE_WIDTHS else "long", locale=locale)

    def number(value: object, digits: int | None = None) -> str:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return text(value)
        from babel import numbers

        if digits is None:
            return numbers.format_decimal(value, locale=locale)
        pattern = "#,##0" + ("." + "0" * min(max(digits, 0), 6) if digits > 0 else "")
        return numbers.format_decimal(value, pattern, locale=locale)

    def percent(value: object, digits: int = 0) -> str:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return text(value)
        return _percent(value, min(max(digits, 0), 6), locale)

    def currency(value: object, code: str | None = None) -> str:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return text(value)
        from babel import numbers

        return numbers.format_currency(value, code or _currency(locale), locale=locale)

    def punct(value: str, mark: str = ":") -> str:
        from copkit.i18n.typography import mark as marked

        return marked(value, mark, locale)

    return {"date": date, "number": number, "percent": percent, "currency": currency,
            "punct": punct}


def day_text(day: _dt.date, locale: str) -> str:
    """A day in words: "9 May 2026" (English as copkit has always written it, day first),
    "9 de mayo de 2026", "9 mai 2026", "1er juillet 2026"."""
    if locale.split("_")[0] == "en":  # Babel's "d MMMM y" in every English locale
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    from babel import dates

    return _first(dates.format_date(day, "long", locale=locale), day, locale)


def _first(text: str, day: _dt.date, locale: str) -> str:
    """The first of the month as French writes it: "1er juillet 2026"."""
    if day.day == 1 and locale.split("_")[0] == "fr" and text.startswith("1 "):
        return "1er " + text[2:]
    return text


def range_text(start: _dt.date, end: _dt.date, locale: str,
               catalog: NullTranslations) -> str:
    """Days from ``start`` to ``end`` in words: "1 April to 30 June 2026", "1 de abril al 30
    de junio de 2026"; one day: that day."""
    if start == end:
        return day_text(start, locale)
    first = day_text(start, locale)
    if start.year == end.year and locale.split("_")[0] == "en":
        first = f"{start.day} {_MONTHS[start.month - 1]}"  # Babel's "d MMMM"
    elif start.year == end.year:
        from babel import dates

        pattern = "d MMMM" if locale.split("_")[0] != "es" else "d 'de' MMMM"
        first = _first(dates.format_date(start, pattern, locale=locale), start, locale)
    return catalog.gettext("%(start)s to %(end)s") % {"start": first,
                                                       "end": day_text(end, locale)}


def short_range(start: _dt.date, end: _dt.date, locale: str) -> str:
    """Days from ``start`` to ``end`` short, for a table's header: Babel's interval of the
    skeleton yMMMd ("9 dic 2025 – 8 dic 2026", "9 déc. 2025 – 8 déc. 2026"; "1 ene – 31 mar
    2026" within a year), where :func:`range_text` says them in full for a sentence."""
    from babel import dates

    if start == end:
        return str(dates.format_skeleton("yMMMd", start, locale=locale))
    text = str(dates.format_interval(start, end, "yMMMd", locale=locale))
    # a narrow column breaks the header at the dash, never inside a day ("9 dic 2025 –" over
    # "8 dic 2026")
    sides = re.split(r"\s*–\s*", text)
    if len(sides) != 2:
        return text
    return " – ".join(re.sub(r"\s", "\u00a0", side) for side in sides)


def _percent(value: float, digits: int, locale: str) -> str:
    """The locale's percent format ("42 %" in French and Spanish, "42%" in English) with
    ``digits`` decimals."""
    from babel import Locale, numbers

    pattern = numbers.parse_pattern(Locale.parse(locale).percent_formats[None].pattern)
    pattern.frac_prec = (digits, digits)
    return str(pattern.apply(value, locale))


def _as_date(value: object) -> _dt.date | None:
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _currency(locale: str) -> str:
    """The currency of the locale's region (CAD for fr_CA, PEN for es_PE); USD without one."""
    from babel import Locale, numbers

    territory = Locale.parse(locale).territory
    found = numbers.get_territory_currencies(territory) if territory else []
    return found[0] if found else "USD"
