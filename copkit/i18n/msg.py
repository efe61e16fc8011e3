"""Messages built where the language is not known (the indicators), translated where they are
shown (the report, with its language): docs/i18n.md.

- ``Msg(msgid, **params)``: a ``str`` whose value is the English text (``msgid % params``),
  so that every caller that reads it as English text (the export, the tests, a figure's key)
  sees exactly what it saw before; it also keeps ``msgid`` and ``params`` to be translated.
- ``Plural(one, many, n, **params)``: the same with a plural (gettext's ``ngettext``); ``n``
  is also the parameter ``n`` unless given.
- ``cat(*parts)``: a sentence put together from messages and punctuation (", ", "; ").
- ``Percent(share)``: a share (0.64) as a parameter: "64%" in English, "64 %" in French.
- ``share(x)`` and ``money(amount, currency)``: a share or an amount as a table cell, formatted
  by Babel for the report's locale.

``localise(value, catalog, locale)`` is the translation: a Msg through the catalog, its
numbers by Babel for the locale (``%(n)d`` "1 234" in French, ``%(x).1f`` "2,5"), its
parameters that are messages translated in turn. A plain ``str`` is one of copkit's own words
(``N_``) looked up in the catalog; record text is never given to it. Messages are extracted by
``docs/update_catalogs.py`` (keywords ``Msg`` and ``Plural:1,2``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gettext import NullTranslations

_FIELD = re.compile(r"%(?:\((\w+)\))?([-+ 0#]*\d*(?:\.(\d+))?)([sdfr%])")


class Percent(float):
    """A share as a parameter of a message: "64%" in English (no decimals)."""

    def __str__(self) -> str:
        return f"{self * 100:.0f}%"


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


def localise(value: str, catalog: NullTranslations, locale: str) -> str:
    """``value`` in the catalog's language (see the module's docstring)."""
    if isinstance(value, _Amount):
        from babel import numbers

        from copkit.i18n.formats import _percent

        if value.currency is None:
            return _percent(value.amount, 0, locale)
        return str(numbers.format_currency(value.amount, value.currency, locale=locale))
    if isinstance(value, _Cat):
        return "".join(localise(p, catalog, locale) if isinstance(p, Msg) else p
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
