"""Answers parsed and checked: people, emails, phones, dates, budgets, choices."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from copkit.errors import UsageError
from copkit.model.schemas import EMAIL_PATTERN
from copkit.steps.model import Ask

_EMAIL_RE = re.compile(EMAIL_PATTERN)


ROLE_CHOICES = ("facilitator", "co-facilitator", "thematic-leader", "expert", "communications",
                "institutional-development", "technical-support", "sponsor", "participant")


NO_BUDGET = ("none", "no", "-", "not needed", "no budget", "ninguno", "aucun", "sin",
             "sans", "0")


# ---------------------------------------------------------------- answers, parsed and checked
def parse_person(text: str) -> dict[str, str]:
    """'María López <maria@example.org>' (or a phone in the brackets) -> member values."""
    text = text.strip()
    m = re.match(r"^(?P<name>[^<>]*?)\s*(?:<(?P<contact>[^<>]*)>)?\s*$", text)
    if not m or not m.group("name").strip():
        raise UsageError(f"--member: '{text}' is not 'Name <email>'",
                         'write it as --member "María López <maria@example.org>"')
    values = {"name": m.group("name").strip()}
    contact = (m.group("contact") or "").strip()
    if contact:
        if "@" in contact:
            if not _EMAIL_RE.match(contact):
                raise UsageError(f"--member: '{contact}' is not an email address",
                                 "expected name@domain.org")
            values["email"] = contact
        elif check_phone(contact) is None:
            values["phone"] = contact
        else:
            raise UsageError(f"--member: '{contact}' is neither an email address nor a phone "
                             "number", 'write it as --member "Name <name@example.org>"')
    return values


def check_email(text: str) -> str | None:
    """None when ``text`` is an email address, else why not."""
    if _EMAIL_RE.match(text.strip()):
        return None
    return f"'{text}' is not an email address (expected name@domain.org)"


# a phone number as people write it: digits, spaces, brackets, dots and dashes, maybe a +
_PHONE_RE = re.compile(r"^\+?[0-9 ().-]{5,}$")


def check_phone(text: str) -> str | None:
    """None when ``text`` is a phone number (the rule of ``--member "Name <phone>"``), else
    why not."""
    if _PHONE_RE.match(text.strip()) and sum(c.isdigit() for c in text) >= 5:
        return None
    return (f"'{text}' is not a phone number (expected digits, spaces and + ( ) . -, at least "
            "5 digits, like +51 984 000 000)")


def email_owner(members: Sequence[Mapping[str, Any]], email: str,
                except_id: str | None = None, key: bytes | None = None
                ) -> Mapping[str, Any] | None:
    """The member (other than ``except_id``) who already has ``email`` (case ignored): their
    address in an old-layout members.yaml, or, with the CoP's ``key`` (the new layout), the
    ``email_hash`` members.yaml keeps in its place."""
    from copkit.contacts.keys import Hasher

    hasher = Hasher(key)
    wanted = hasher.form(email)
    for m in members:
        if m.get("id") != except_id and hasher.member_form(dict(m)) == wanted:
            return m
    return None


def parse_dates(text: str, what: str) -> list[_dt.date]:
    out = []
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        try:
            out.append(_dt.date.fromisoformat(part))
        except ValueError:
            raise UsageError(f"{what}: '{part}' is not a date",
                             "write dates as YYYY-MM-DD, like 2026-05-10") from None
    return out


def parse_budget(text: str) -> dict[str, Any] | None:
    """'1500 CAD', 'CAD 1 500', '1500.50 eur' -> {amount, currency}; 'none' -> None."""
    t = text.strip()
    if t.casefold() in NO_BUDGET:
        return None
    m = re.match(r"^(?P<a>[0-9][0-9 _.,']*)\s*(?P<c>[A-Za-z$€£¥]{1,5})$", t) or \
        re.match(r"^(?P<c>[A-Za-z$€£¥]{1,5})\s*(?P<a>[0-9][0-9 _.,']*)$", t)
    amount = _amount(m.group("a")) if m else None
    if m is None or amount is None:
        raise UsageError(f"'{text}' is not a budget",
                         "write an amount and a currency, like 1500 CAD, or 'none' when the "
                         "activity needs no money")
    currency = m.group("c").upper()
    currency = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}.get(currency, currency)
    return {"amount": int(amount) if amount.is_integer() else amount, "currency": currency}


def _amount(text: str) -> float | None:
    """1500, 1 500, 1,500.50 (English) or 1.500,50 (Spanish, French) as a number."""
    raw = text.strip().replace(" ", "").replace("_", "").replace("'", "").rstrip(".,")
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        raw = raw.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif "," in raw:
        head, _, tail = raw.rpartition(",")
        raw = raw.replace(",", "") if len(tail) == 3 or raw.count(",") > 1 \
            else f"{head.replace(',', '')}.{tail}"
    elif raw.count(".") > 1 or (raw.count(".") == 1 and len(raw.rpartition(".")[2]) == 3):
        raw = raw.replace(".", "")
    try:
        return float(raw)
    except ValueError:
        return None


def split_titled(text: str, sep: str, flag: str) -> tuple[str, str | None]:
    """'Title@rest' -> ('Title', 'rest'); the last separator counts."""
    if sep in text:
        title, _, rest = text.rpartition(sep)
        if not title.strip():
            raise UsageError(f"{flag}: '{text}' has no title before '{sep}'")
        return title.strip(), rest.strip()
    if not text.strip():
        raise UsageError(f"{flag}: the title is empty")
    return text.strip(), None


def choose_value(ask: Ask, text: str, flag: str) -> str:
    """A choice typed as its number or its word (accents and case folded)."""
    t = text.strip()
    if t.isdigit() and 1 <= int(t) <= len(ask.choices):
        return ask.choices[int(t) - 1]
    for c in ask.choices:
        if c.casefold() == t.casefold():
            return c
    from copkit.model.load import did_you_mean

    guess = did_you_mean(t.casefold(), ask.choices)
    raise UsageError(f"{flag}: '{text}' is not one of {', '.join(ask.choices)}",
                     f"did you mean '{guess}'?" if guess else None)


def activity_dates(text: str) -> tuple[str, dict[str, Any]]:
    """'Visit=1500 CAD@2027-03-10..2027-03-12' -> ('Visit=1500 CAD', {start, end}); a text
    whose part after the last '@' is not a date (or two joined by '..') is kept whole."""
    head, sep, tail = text.rpartition("@")
    if not sep or not tail.strip()[:1].isdigit():
        return text, {}
    first, _, last = tail.strip().partition("..")
    try:
        start = _dt.date.fromisoformat(first.strip())
        end = _dt.date.fromisoformat(last.strip()) if last.strip() else None
    except ValueError:
        raise UsageError(f"--activity: '{tail.strip()}' is not a date or START..END",
                         "write the dates like @2027-03-10 or @2027-03-10..2027-03-12") \
            from None
    if end is not None and end < start:
        raise UsageError(f"--activity: the end {end} is before the start {start}",
                         "write the dates like @2027-03-10..2027-03-12")
    return head, {"start": start, **({"end": end} if end else {})}
