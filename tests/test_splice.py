"""ListFile: several item edits of one file, each seeing the text the one before left."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from copkit.edit.splice import WINDOW_ABOVE, ListFile


def _members(count: int) -> str:
    return "members:\n" + "".join(
        f"  - id: m-{i}\n    name: Member {i}\n    joined: 2026-01-10\n" for i in range(count))


def _layout(tmp_path: Path, text: str) -> tuple[list[int], int, int] | None:
    """The quick layout of ``text``, as a ListFile opened on it afresh finds it."""
    fresh = tmp_path / "fresh.yaml"
    fresh.write_text(text, encoding="utf-8")
    return ListFile(fresh, "fresh.yaml", lazy=True).quick("members")


def _add_interests(item: Any) -> None:
    item["interests"] = ["maps", "fire", "water"]  # three lines more, in the block style


@pytest.mark.parametrize("count", [5, 1200])  # verified whole, and on a window
def test_a_second_item_edit_sees_the_lines_the_first_one_moved(tmp_path: Path,
                                                              count: int) -> None:
    path = tmp_path / "members.yaml"
    original = _members(count)
    path.write_text(original, encoding="utf-8")
    assert (len(original) > WINDOW_ABOVE) == (count > 5)
    lf = ListFile(path, "members.yaml")
    assert lf.quick("members") == _layout(tmp_path, original)  # the layout, known before the edits
    lf.edit_item("members", 0, _add_interests)
    assert lf.quick("members") == _layout(tmp_path, lf.text)
    assert lf.find("members", "m-3") == 3
    lf.edit_item("members", 3, lambda item: item.__setitem__("level", "core"))
    assert lf.quick("members") == _layout(tmp_path, lf.text)
    assert lf.quick_scan("members", "level") == [(3, "core")]
    lf.extend("members", [{"id": "zoe", "name": "Zoe"}])
    assert lf.save()
    expected = original.replace(
        "  - id: m-0\n    name: Member 0\n    joined: 2026-01-10\n",
        "  - id: m-0\n    name: Member 0\n    joined: 2026-01-10\n    interests:\n"
        "      - maps\n      - fire\n      - water\n").replace(
        "  - id: m-3\n    name: Member 3\n    joined: 2026-01-10\n",
        "  - id: m-3\n    name: Member 3\n    joined: 2026-01-10\n    level: core\n") + \
        "  - id: zoe\n    name: Zoe\n"
    assert path.read_text(encoding="utf-8") == expected
