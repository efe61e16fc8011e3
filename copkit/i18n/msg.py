"""Messages built where the language is not known (the indicators), translated where they are
shown (the report, with its language): docs/i18n.md.

- ``Msg(msgid, **params)``: a ``str`` whose value is the English text (``msgid % params``),
  so that every caller that reads it as English text (the export, the tests, a figure's key)
  sees exactly what it saw before; it also keeps ``msgid`` and ``params`` to be translated.
- ``Plural(one, many, n, **params)``: the same with a plural (gettext's ``ngettext``); ``n``
  is also the parameter ``n`` unless given.
- ``cat(*parts)``: a sentence put together from messages and punctuation (", ", "; "); a part
  that starts with a mark ("; ", ": ") is spaced as the language writes it (a narrow
  no-break space before it in French: copkit.i18n.typography). ``joined(sep, parts)``: parts
  with a separator; ``capped(sep, parts)``: the first five and " and N more".
- ``Percent(share)``: a share (0.64) as a parameter: "64%" in English, "64 %" in French.
- ``share(x)`` and ``money(amount, currency)``: a share or an amount as a table cell, formatted
  by Babel for the report's locale.
- A ``datetime.date`` as a parameter is a day: ``2026-11-30`` in English (as the English
  report has always written a day inside a sentence), in words in another language ("30 de
  noviembre de 2026", "30 novembre 2026").
- ``quarter(year, q)``, ``days(start, end)`` and ``period_name(period)``: how a quarter, a range
  of days or a report period is named to people: ``2026-Q3`` and ``2026-07-01 to 2026-09-30``
  in English, "T3 2026" and "1 de julio al 30 de septiembre de 2026" in Spanish. The one
  helper for naming a quarter; ``--period 2026-Q3`` on the command line is read by
  ``copkit.periods``. ``day(d)``: a day as a table cell.

``localise(value, catalog, locale)`` is the translation: a Msg through the catalog, its
numbers by Babel for the locale (``%(n)d`` "1 234" in French, ``%(x).1f`` "2,5"), its
parameters that are messages translated in turn. A plain ``str`` is one of copkit's own words
(``N_``) looked up in the catalog; record text is never given to it. Messages are extracted by
``docs/update_catalogs.py`` (keywords ``Msg`` and ``Plural:1,2``).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from gettext import NullTranslations

_FIELD = re.compile(r"%(?:\((\w+)\))?([-+ 0#]*\d*(?:\.(\d+))?)([sdfr%])")


class Percent(float):
    """A share as a parameter of a message: "64%" in English (no decimals)."""

    def __str__(self) -> str:
        return f"{self * 100:.0f}%"


class Count(int):
    """A whole number as a parameter (``%(n)s``) written with its thousands grouped: "13,916"
    in English, as copkit wrote it; in another language Babel's ("13.916", "13 916")."""

    def __str__(self) -> str:
        return f"{int(self):,}"


class Msg(str):
    """English text that can be translated later: ``Msg("%(n)d meetings held", n=3)``."""

    msgid: str
    plural: str | None
    n: int | None
    params: dict[str, Any]

    def __new__(cls, msgid: str, /, **params: Any) -> Msg:
        self = super().__new__(cls, msgid % params if params else msgid)
        self.msgid, self.plural, self.n, self.params = msgid, None, None, params
        return self


def Plural(one: str, many: str, n: int, /, **params: Any) -> Msg:
    """``one`` or ``many`` by ``n`` (the catalog's plural rules in another language)."""
    params.setdefault("n", n)
    text = (one if n == 1 else many) % params
    self = str.__new__(Msg, text)
    self.msgid, self.plural, self.n, self.params = one, many, n, params
    return self


class _Cat(Msg):
    parts: tuple[str, ...]


def cat(*parts: str) -> Msg:
    """A message made of ``parts`` (messages and punctuation), each translated on its own."""
    self = str.__new__(_Cat, "".join(parts))
    self.msgid, self.plural, self.n, self.params = "", None, None, {}
    self.parts = parts
    return self


class _Amount(Msg):
    amount: float
    currency: str | None


def money(amount: float, currency: str) -> Msg:
    """An amount of ``currency`` as a table cell: "12,300.00" in English; in the report's
    language Babel's currency format ("12 300,00 $" in fr-CA for CAD)."""
    self = str.__new__(_Amount, f"{amount:,.2f}")
    self.msgid, self.plural, self.n, self.params = "", None, None, {}
    self.amount, self.currency = amount, currency
    return self


def share(value: float) -> Msg:
    """A share as a table cell: "20%" in English, "20 %" in French."""
    self = str.__new__(_Amount, str(Percent(value)))
    self.msgid, self.plural, self.n, self.params = "", None, None, {}
    self.amount, self.currency = value, None
    return self


class _Days(Msg):
    start: _dt.date
    end: _dt.date
    short: bool


def days(start: _dt.date, end: _dt.date, *, short: bool = False) -> Msg:
    """The days from ``start`` to ``end``: "2026-07-01 to 2026-09-30" in English, in words in
    another language ("1 de julio al 30 de septiembre de 2026"); ``short``, for a table's
    header, abbreviated in another language ("1 jul – 30 sept 2026"), English the same."""
    self = str.__new__(_Days, f"{start} to {end}")
    self.msgid, self.plural, self.n, self.params = "", None, None, {}
    self.start, self.end, self.short = start, end, short
    return self


class _Month(Msg):
    day: _dt.date


class _Day(Msg):
    day: _dt.date


def day(value: _dt.date) -> Msg:
    """A day as a table cell: "2026-06-30" in English, in words in another language ("30 de
    junio de 2026"); as a message's parameter a ``datetime.date`` is enough."""
    self = str.__new__(_Day, value.isoformat())
    self.msgid, self.plural, self.n, self.params = "", None, None, {}
    self.day = value
    return self


def quarter(year: int, q: int) -> Msg:
    """A quarter as people read it: "2026-Q3" in English (as ``--period`` takes it), "T3
    2026" in Spanish and French (the catalog's translation of its message)."""
    return Msg("%(year)s-Q%(quarter)s", year=str(year), quarter=str(q))


class Named(Protocol):
    """A report period (``copkit.periods.Period``) as ``period_name`` reads it."""

    @property
    def start(self) -> _dt.date: ...
    @property
    def end(self) -> _dt.date: ...
    @property
    def kind(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def quarter(self) -> int: ...


def period_name(p: Named) -> str:
    """A period as people read it: a year as it is ("2026"), a quarter by :func:`quarter`, a
    month ("2026-05"; "mayo de 2026"), a range of days by :func:`days`. In English each is
    the period's label."""
    if p.kind == "quarter":
        return quarter(p.start.year, p.quarter)
    if p.kind == "month":
        self = str.__new__(_Month, p.label)
        self.msgid, self.plural, self.n, self.params = "", None, None, {}
        self.day = p.start
        return self
    if p.kind == "range":
        return days(p.start, p.end)
    return p.label


def localise(value: str, catalog: NullTranslations, locale: str) -> str:
    """``value`` in the catalog's language (see the module's docstring)."""
    if isinstance(value, (_Days, _Month, _Day)):
        return _dated(value, catalog, locale)
    if isinstance(value, _Amount):
        from babel import numbers

        from copkit.i18n.formats import _percent

        if value.currency is None:
            return _percent(value.amount, 0, locale)
        return str(numbers.format_currency(value.amount, value.currency, locale=locale))
    if isinstance(value, _Cat):
        from copkit.i18n.typography import lead

        return "".join(localise(p, catalog, locale) if isinstance(p, Msg) else lead(p, locale)
                       for p in value.parts)
    if isinstance(value, Msg):
        if value.plural is not None and value.n is not None:
            text = catalog.ngettext(value.msgid, value.plural, value.n)
        else:
            text = catalog.gettext(value.msgid)
        return _format(text, value.params, catalog, locale) if value.params else text
    if isinstance(value, str) and value:
        return catalog.gettext(value)
    return value


def _dated(value: _Days | _Month | _Day, catalog: NullTranslations, locale: str) -> str:
    from babel import dates

    from copkit.i18n.formats import day_text, range_text, short_range

    if isinstance(value, _Day):
        return day_text(value.day, locale)
    if isinstance(value, _Month):
        return str(dates.format_skeleton("yMMMM", value.day, locale=locale))
    if value.short:
        return short_range(value.start, value.end, locale)
    return range_text(value.start, value.end, locale, catalog)


def _format(text: str, params: dict[str, Any], catalog: NullTranslations, locale: str) -> str:
    from babel import numbers

    from copkit.i18n.formats import _percent

    def one(m: re.Match[str]) -> str:
        name, _spec, digits, conv = m.groups()
        if conv == "%":
            return "%"
        v = params.get(name or "", "")
        if isinstance(v, Percent):
            return _percent(float(v), 0, locale)
        if isinstance(v, _dt.date):
            from copkit.i18n.formats import day_text

            return day_text(v, locale)
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return localise(v, catalog, locale) if isinstance(v, Msg) else str(v)
        if conv == "f" or (isinstance(v, float) and conv != "d"):
            places = int(digits) if digits is not None else 1
            pattern = "#,##0" + ("." + "0" * places if places else "")
            return str(numbers.format_decimal(v, pattern, locale=locale))
        return str(numbers.format_decimal(int(v), locale=locale))

    return _FIELD.sub(one, text)


def joined(sep: str, parts: Iterable[str]) -> Msg:
    """``sep.join(parts)`` as a message: each part translated on its own."""
    items = tuple(parts)
    if not items:
        return cat("")
    out: list[str] = [items[0]]
    for p in items[1:]:
        out += [sep, p]
    return cat(*out)


LIST_LIMIT = 5  # items a list in a sentence or a cell names before "and N more"


def capped(sep: str, parts: Iterable[str], limit: int = LIST_LIMIT) -> Msg:
    """A list in a sentence or a table cell (names, topics, a facilitator's line each):
    its first ``limit`` parts, then " and N more" in the report's language ("ana, luis and
    3 more", "ana, luis y 3 más", "ana, luis et 3 autres"); all of them when only one more
    would be left out ("and 1 more" says no less than the name). The one helper for such a
    list: a long one (49 facilitators) would otherwise fill a table cell over pages."""
    items = tuple(parts)
    if len(items) <= limit + 1:
        return joined(sep, items)
    return cat(joined(sep, items[:limit]), Msg(' and %(n)s more', n=len(items) - limit))
