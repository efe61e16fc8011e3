"""Small wording helpers shared by planning's messages."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 member', '2 members' ('1 activity', '3 activities' with ``words``)."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def article(word: str) -> str:
    """'a monthly', 'an annual'."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def ranges(numbers: Sequence[int]) -> str:
    nums = sorted(numbers)
    if nums and nums == list(range(nums[0], nums[-1] + 1)) and len(nums) > 2:
        return f"{nums[0]}-{nums[-1]}"
    return ", ".join(str(n) for n in nums)


def short(value: Any, limit: int = 60) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(show_value(v) for v in value) or "(none)"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return short(value)
