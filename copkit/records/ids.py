"""Ids and dates as the record commands take them: an id typed by a user checked to be one,
a new id made unique, a date typed on the command line, a meeting's id. (Today's date is
:func:`copkit.periods.today`, the one of every command.)"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable

from copkit.errors import UsageError
from copkit.text import printable, slugify

# the schemas' rule for ids (copkit.model.schemas.SLUG_PATTERN; not imported, to keep pydantic out
# of the commands that do not need it)
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID_RE = re.compile(ID_PATTERN)

# the longest slug of a title in a meeting's id (copkit.model.load's file-name hint cuts at the
# same length: tests/test_records_cli.py checks that check suggests the name meeting new writes)
MEETING_SLUG_LENGTH = 50


def check_id(value: str, what: str) -> str:
    """``value`` when it is a valid id (a slug, like the schemas' ids); a usage error naming
    ``what`` (``--id``, ``the meeting id``...) and the slug form otherwise. Every id typed by a
    user goes through here before a path is made from it, so ``../x`` never names a file."""
    if _ID_RE.match(value):
        return value
    suggestion = slugify(value)
    hint = "ids are lower-case words joined by hyphens (letters a-z, digits, '-')"
    hint += f": write it as '{suggestion}'" if suggestion else ", like 'maria-lopez'"
    raise UsageError(f"{what} '{printable(value)}' is not a valid id", hint)


def unique_id(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not taken yet."""
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def meeting_id(day: _dt.date, title: str, slug: str | None = None) -> str:
    """The id (the file name) of a meeting: its date, then ``slug`` or the title's slug."""
    base = slug or slugify(title, MEETING_SLUG_LENGTH) or "meeting"
    return f"{day.isoformat()}-{base}"


def meeting_path(meeting_id: str) -> str:
    return f"meetings/{meeting_id}.yaml"


def parse_day(value: str | _dt.date, what: str) -> _dt.date:
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"{what}: '{value}' is not a date",
                         "write dates as YYYY-MM-DD, like 2026-05-10") from None
