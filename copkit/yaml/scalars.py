"""What copkit's two YAML readers share: YAML 1.2's rules for plain scalars (as ruamel.yaml,
the writer, reads them), the scalar types that remember their source text, the nesting bound,
and :class:`YamlProblem` with its position.

:mod:`copkit.yaml.read` (PyYAML's C parser, every refusal and error) and
:mod:`copkit.yaml.fast` (the line reader for the simple shapes copkit writes) both import this
module and nothing of each other but read's fallback to fast: fast → scalars ← read.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

MAX_DEPTH = 40

Pos = tuple[int, int]  # 1-based line and column


class YamlProblem(Exception):
    """A file cannot be read as copkit YAML. Carries a finding code and a position."""

    def __init__(self, code: str, message: str, line: int = 0, column: int = 0,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


class SrcInt(int):
    """An int read from a plain scalar, remembering how it was written."""

    src: str

    def __new__(cls, value: int, src: str) -> SrcInt:
        obj = super().__new__(cls, value)
        obj.src = src
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (SrcInt, (int(self), self.src))


class SrcFloat(float):
    """A float read from a plain scalar, remembering how it was written."""

    src: str

    def __new__(cls, value: float, src: str) -> SrcFloat:
        obj = super().__new__(cls, value)
        obj.src = src
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (SrcFloat, (float(self), self.src))


_INT_RE = re.compile(r"[-+]?(?:0b[0-1_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9_]+)\Z")
_FLOAT_RE = re.compile(
    r"(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))\Z"
)
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_STAMP_RE = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?\Z"
)
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_NUMERIC_START = frozenset("-+0123456789.")


def _int_value(text: str) -> int:
    t = text.replace("_", "")
    sign = -1 if t.startswith("-") else 1
    t = t.lstrip("+-")
    if t.startswith("0b"):
        return sign * int(t[2:], 2)
    if t.startswith("0o"):
        return sign * int(t[2:], 8)
    if t.startswith("0x"):
        return sign * int(t[2:], 16)
    return sign * int(t)


def _float_value(text: str) -> float:
    t = text.replace("_", "")
    low = t.lower()
    if low.endswith(".inf"):
        return float("-inf") if low.startswith("-") else float("inf")
    if low == ".nan":
        return float("nan")
    return float(t)


def resolve_plain(text: str) -> Any:
    """Resolve a plain (unquoted) scalar the way YAML 1.2 (and ruamel.yaml) does."""
    if text in _NULLS:
        return None
    first = text[0]
    if first in "tTfF":
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        return text
    if first not in _NUMERIC_START:
        return text
    if _INT_RE.match(text) and any(ch.isdigit() for ch in text):
        try:
            return SrcInt(_int_value(text), text)
        except ValueError:
            return text
    if _FLOAT_RE.match(text):
        try:
            return SrcFloat(_float_value(text), text)
        except ValueError:
            return text
    m = _DATE_RE.match(text)
    if m:
        try:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return text  # an impossible date stays text; the schema reports it as bad-date
    if _STAMP_RE.match(text):
        try:
            return _dt.datetime.fromisoformat(text.replace("t", "T").replace(" ", "T", 1)
                                              .replace("Z", "+00:00"))
        except ValueError:
            return text
    return text


def as_text(value: Any) -> Any:
    """Turn a scalar read from YAML back into the text that was written, when it was not
    meant as a number or boolean (names, phone numbers, codes)."""
    src = getattr(value, "src", None)
    if src is not None:
        return src
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


def plain(value: Any) -> Any:
    """Data with copkit's scalar subclasses replaced by plain Python values (for JSON etc.)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, SrcInt):
        return int(value)
    if isinstance(value, SrcFloat):
        return float(value)
    return value
