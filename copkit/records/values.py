"""The values a user gives a record command: checked for control characters, cleaned of what
was not given, validated with the record's pydantic model (imported only by the commands that
validate)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from copkit.errors import RecordError, UsageError

# fields where a line break (and a tab) is fine: the text is kept as a ``|`` block
MULTILINE_FIELDS = frozenset({"notes", "body", "summary", "immediate", "potential", "applied",
                              "realized", "transformative", "evidence", "consent_notes",
                              "answers"})


def clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values that were actually given (no None, no empty list); a control character in one
    of them is refused (see :func:`check_text`)."""
    out = {k: v for k, v in values.items() if v is not None and v != [] and v != ()}
    for key, value in out.items():
        _check_value(value, key)
    return out


def check_text(value: str, what: str, multiline: bool = False) -> str:
    """``value`` when it holds no control character (ESC, NUL, a carriage return...; a line
    break or a tab only when ``multiline``); a usage error naming ``what`` and the character
    otherwise. Such a character would be printed raw to whoever lists the records."""
    from copkit.text import control_char, describe

    found = control_char(value, multiline)
    if found is None:
        return value
    index, ch = found
    allowed = "" if multiline else (
        "; line breaks are allowed only in multi-line fields (--notes, --body, --summary, "
        "the story cycles)" if ch in "\n\t" else "")
    raise UsageError(f"{what}: the value holds {describe(ch)} at character {index + 1}",
                     "type the value again without it" + allowed)


def _check_value(value: Any, key: str) -> None:
    if isinstance(value, str):
        check_text(value, key.replace("_", " "), key in MULTILINE_FIELDS)
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _check_value(v, key if key in MULTILINE_FIELDS else str(k))
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_value(v, key)


def validate(model: Any, data: Mapping[str, Any], what: str) -> Any:
    """``model.model_validate(data)``, or a RecordError naming each bad field."""
    from pydantic import ValidationError

    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-"))
            msg = err["msg"]
            if err["type"] == "missing":
                msg = "required, but not given"
            problems.append(f"{loc}: {msg}" if loc else msg)
        raise RecordError(f"cannot {what}: " + "; ".join(problems),
                          "fix the value(s) named above; nothing was written") from None


def record_dump(obj: Any) -> dict[str, Any]:
    """The fields that were given, in the schema's order."""
    out: dict[str, Any] = obj.model_dump(mode="python", exclude_unset=True)
    return out
