"""The value types of copkit's schemas (copkit.model.schemas): ids, dates, text kept as
written, emails and their keyed hashes, countries, languages, time zones, clock times, counts
and numbers, each with the rule that refuses a bad value and the JSON Schema it shows editors;
the fixed vocabularies (frequencies, roles, stages, statuses...); the marker of fields that
name members; and the base model that forbids unknown fields."""


from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from copkit.yaml.scalars import as_text

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG_RE = re.compile(SLUG_PATTERN)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
EMAIL_PATTERN = r"^[^@\s<>(),;:]+@[^@\s<>(),;:]+\.[^@\s<>(),;:.]+$"
_EMAIL_RE = re.compile(EMAIL_PATTERN)
CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
_CLOCK_RE = re.compile(CLOCK_PATTERN)


def _slug(value: Any) -> Any:
    if isinstance(value, str) and not _SLUG_RE.match(value):
        raise PydanticCustomError(
            "bad_id",
            "'{value}' is not a valid id: ids are lower-case words joined by hyphens "
            "(letters a-z, digits, '-'), like 'maria-lopez'",
            {"value": value},
        )
    return value


def _date(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        # the JSON Schema says "format: date": a time of day is refused, not dropped
        raise PydanticCustomError(
            "date_type", "expected a date, found the date and time {value}",
            {"value": value.isoformat()})
    if value is None:
        raise PydanticCustomError(
            "bad_date", "a date is needed here: write it as YYYY-MM-DD, like 2026-05-10", {})
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "bad_date", "'{value}' is not a real date (no such day in that month)",
                {"value": value}) from None
    raise PydanticCustomError(
        "bad_date", "'{value}' is not a date: write dates as YYYY-MM-DD, like 2026-05-10",
        {"value": str(value)})


def _country(value: Any) -> Any:
    value = as_text(value)
    if isinstance(value, str) and not _COUNTRY_RE.match(value):
        raise PydanticCustomError(
            "bad_value",
            "'{value}' is not a country code: use the two capital letters of ISO 3166 "
            "(PE, MX, FR, NO...)",
            {"value": value},
        )
    return value


def _email(value: Any) -> Any:
    value = as_text(value)
    if isinstance(value, str) and not _EMAIL_RE.match(value.strip()):
        raise PydanticCustomError(
            "bad_email", "'{value}' is not an email address (expected name@domain.org)",
            {"value": value})
    return value


HASH_PATTERN = r"^[0-9a-f]{64}$"
_HASH_RE = re.compile(HASH_PATTERN)


def _email_hash(value: Any) -> Any:
    if not isinstance(value, str) or not _HASH_RE.match(value):
        raise PydanticCustomError(
            "bad_hash", "'{value}' is not an email hash (64 hex digits that copkit writes)",
            {"value": value})
    return value


LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"


def _language(value: Any) -> Any:
    """An IETF language tag: ``es``, ``es-PE``, ``fr-CA`` (``fr_CA`` is read too). A language
    copkit has no catalog for is not an error here: the outputs fall back to English and say
    so."""
    value = as_text(value)
    if isinstance(value, str) and not re.fullmatch(LANGUAGE_PATTERN, value.strip()):
        raise PydanticCustomError(
            "bad_language", "'{value}' is not a language tag: write en, es or fr, with a "
            "region if you like (es-PE, fr-CA)", {"value": value})
    return value.strip() if isinstance(value, str) else value


def _timezone(value: Any) -> Any:
    """An IANA time zone name the system knows (``America/Lima``, ``Europe/Paris``, ``UTC``)."""
    value = as_text(value)
    if not isinstance(value, str):
        return value
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError(
            "bad_timezone", "'{value}' is not a known time zone: write an IANA name like "
            "America/Lima, Africa/Nairobi or Europe/Madrid", {"value": value}) from None
    return value


def _clock(value: Any) -> Any:
    """A time of day written HH:MM (24 hours)."""
    value = as_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # YAML 1.1 reads 14:30 as a number of minutes: not written by copkit
    if isinstance(value, str) and not _CLOCK_RE.match(value):
        raise PydanticCustomError(
            "bad_time", "'{value}' is not a time of day: write it HH:MM on 24 hours, like "
            "14:30 (in quotes)", {"value": value})
    return value


def _whole(value: Any) -> Any:
    """A float with nothing after the point (``90.0``) is the whole number it names, as for
    JSON Schema's "integer"; anything else goes on to the strict check."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _answer(value: Any) -> Any:
    """A survey answer is a number or text, as the JSON Schema says: a date is the text it was
    written as; true/false is refused (quote it to mean the word)."""
    if isinstance(value, bool):
        raise PydanticCustomError(
            "answer_type", "expected a number or text, found the boolean {value}",
            {"value": "true" if value else "false"})
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and (value != value or abs(value) == float("inf")):
        raise PydanticCustomError("finite_number", "Input should be a finite number")
    return value


# Numbers and booleans are strict, as in the JSON Schema: "10" (quoted) is text, not a number;
# "yes" and 1 are not booleans (pydantic's lax mode would accept all three).
# (a bound on a whole number sits inside the Annotated, before the BeforeValidator, so that
# the JSON Schema keeps it as minimum/maximum)
Count = Annotated[int, Strict(), Field(ge=0), BeforeValidator(_whole)]
StepNumber = Annotated[int, Strict(), Field(ge=1), BeforeValidator(_whole)]
ScaleSize = Annotated[int, Strict(), Field(ge=2, le=11), BeforeValidator(_whole)]
# .inf and .nan are YAML numbers, but nothing can be counted or budgeted with them
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Flag = Annotated[bool, Strict()]
Slug = Annotated[str, BeforeValidator(_slug), WithJsonSchema(
    {"type": "string", "pattern": SLUG_PATTERN})]
Text = Annotated[str, BeforeValidator(as_text), WithJsonSchema(
    {"type": ["string", "number", "boolean"]})]
Day = Annotated[_dt.date, BeforeValidator(_date), WithJsonSchema(
    {"type": "string", "format": "date"})]
Country = Annotated[str, BeforeValidator(_country), WithJsonSchema(
    {"type": "string", "pattern": "^[A-Z]{2}$"})]
Email = Annotated[str, BeforeValidator(_email), WithJsonSchema(
    {"type": "string", "pattern": EMAIL_PATTERN})]
# a keyed hash of an email (copkit.contacts.keys): 64 lower-case hex digits
EmailHash = Annotated[str, BeforeValidator(_email_hash), WithJsonSchema(
    {"type": "string", "pattern": HASH_PATTERN})]
TimeZone = Annotated[str, BeforeValidator(_timezone), WithJsonSchema(
    {"type": "string", "description": "an IANA time zone name, like America/Lima"})]
LanguageTag = Annotated[str, BeforeValidator(_language), WithJsonSchema(
    {"type": "string", "pattern": LANGUAGE_PATTERN})]
Clock = Annotated[str, BeforeValidator(_clock), WithJsonSchema(
    {"type": "string", "pattern": CLOCK_PATTERN})]


class MemberRef:
    """Marks a field that holds member ids: copkit.records.memberrefs lists every field so marked
    (member merge and member forget rewrite them). Mark a new field that names members with
    ``MemberId`` (or ``Annotated[..., MemberRef()]`` for free text that holds one)."""

    def __repr__(self) -> str:
        return "MemberRef()"


MemberId = Annotated[Slug, MemberRef()]

Frequency = Literal["weekly", "fortnightly", "monthly", "bimonthly", "quarterly", "biannual",
                    "annual"]
Role = Literal["facilitator", "co-facilitator", "thematic-leader", "expert", "communications",
               "institutional-development", "technical-support", "sponsor", "participant"]
Level = Literal["core", "active", "peripheral"]
Stage = Literal["potential", "coalescing", "maturing", "stewardship", "transformation", "closed"]
MeetingFormat = Literal["face-to-face", "virtual", "hybrid", "webinar", "field-visit", "training",
                        "conference-call"]
PracticeKind = Literal["tool", "method", "tip", "case-study", "lesson-learnt", "guide",
                       "success-story", "resource"]
PracticeStatus = Literal["draft", "tested", "evaluated"]
ActivityKind = Literal["exchange", "seminar", "research", "training", "knowledge-product",
                       "joint-initiative", "site-visit", "webinar", "workshop"]
ActivityStatus = Literal["planned", "under-way", "done", "cancelled"]
TopicStatus = Literal["planned", "in-progress", "covered", "dropped"]
SurveyIndicator = Literal["satisfaction", "ownership", "relationships", "capacity",
                          "practice-change", "knowledge", "needs", "other"]
Rating = Literal["high", "medium", "low"]
Support = Literal["supportive", "neutral", "resistant"]


class Model(BaseModel):
    # defer_build: a model's validator is built when first used, not when schemas is
    # imported (it holds some fifty models; a command validates one or two of them)
    model_config = ConfigDict(extra="forbid", validate_default=False, str_strip_whitespace=False,
                              defer_build=True)
