"""charts: matplotlib SVG, text kept as text, byte-identical between runs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from copkit.output import charts

DATA = {
    "levels": [("core", 3), ("active", 5), ("peripheral", 2), ("inactive", 1)],
    "levels-by-quarter": [("2025-Q4", 3, 4, 2, 1), ("2026-Q1", None, None, None, None),
                          ("2026-Q2", 4, 6, 3, 7)],
    "attendance": [("2026-01-14", 9), ("2026-02-11", 12), ("2026-03-20", 11)],
    "membership": [("2026-01-31", 16), ("2026-02-28", 17), ("2026-03-31", 18)],
    "practices": [("2025-Q4", 1), ("2026-Q1", 2), ("2026-Q2", 4)],
    "network": [[["Ana", "Org A", 0.0, 0.0, True], ["", "Org B", 1.0, 0.5, False],
                 ["Luis", "Org A", -1.0, 0.2, False]], [[0, 1, 2], [0, 2, 1]]],
}


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


@pytest.mark.parametrize("kind", charts.KINDS)
def test_each_kind_is_an_svg_with_its_text_as_text(kind: str) -> None:
    svg = charts.svg(kind, DATA[kind], f"Chart of {kind}")
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag.endswith("svg")
    words = texts(svg)
    assert f"Chart of {kind}" in words
    if kind in ("levels", "practices"):
        labels = [label for label, _ in DATA[kind]]
        assert set(labels) <= set(words)           # the categories, as text
        assert {str(v) for _, v in DATA[kind]} <= set(words)  # and the bar labels
    assert "<path" in svg                          # no glyphs drawn as paths for text...
    assert "font-family" in svg                    # ...text is text with a font family


@pytest.mark.parametrize("kind", charts.KINDS)
def test_same_data_same_bytes(kind: str) -> None:
    assert charts.svg(kind, DATA[kind], "t") == charts.svg(kind, DATA[kind], "t")


def test_no_date_or_version_in_the_svg() -> None:
    svg = charts.svg("levels", DATA["levels"], "t")
    assert "<dc:date>" not in svg
    assert "Created with matplotlib" not in svg


@pytest.mark.parametrize("kind", ["attendance", "membership", "practices",
                                  "levels-by-quarter"])
def test_no_data_says_so(kind: str) -> None:
    svg = charts.svg(kind, [], "Empty")
    assert "no data in this period" in texts(svg)


def test_quiet_quarters_are_bars_of_zero_not_no_data() -> None:
    # a quarter with no practice is a bar of 0 beside the others (labelled "0")
    svg = charts.svg("practices", [("2026-Q1", 2), ("2026-Q2", 0), ("2026-Q3", 1)], "P")
    words = texts(svg)
    assert "2026-Q2" in words and "0" in words
    # every quarter quiet: the records say no practice was added, which is not "no data"
    svg = charts.svg("practices", [("2026-Q1", 0), ("2026-Q2", 0)], "P")
    assert "no practice added in these quarters" in texts(svg)
    assert not any("no data" in x for x in texts(svg))


def test_levels_by_quarter_are_stacked_bars_with_their_counts() -> None:
    svg = charts.svg("levels-by-quarter", DATA["levels-by-quarter"], "Levels by quarter")
    words = texts(svg)
    assert {"2025-Q4", "2026-Q1", "2026-Q2"} <= set(words)     # the quarters, as text
    assert {"10", "20"} <= set(words)                           # each bar's total on top
    assert {"3", "4", "6", "7"} <= set(words)                   # parts with room for a label
    assert words.count("no data") == 1                          # the quarter with None
    assert ["inactive", "peripheral", "active", "core"] == \
        [w for w in words if w in charts.LEVELS]                # the legend, as stacked
    # a part too thin for its number is left unlabelled (1 of 19; the axis counts by 5)
    svg = charts.svg("levels-by-quarter", [("2026-Q1", 17, 0, 1, 1)], "t")
    words = texts(svg)
    assert "17" in words and "19" in words and "1" not in words
    # every quarter with nothing to observe: no data, no bars
    svg = charts.svg("levels-by-quarter", [("2026-Q1", None, None, None, None)], "t")
    assert "no data in this period" in texts(svg) and "core" not in texts(svg)


def test_dollar_sign_is_not_math() -> None:
    svg = charts.svg("practices", [("US$ 5", 1)], "Spent in $ and $")
    assert "Spent in $ and $" in texts(svg)
    assert "US$ 5" in texts(svg)


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown chart kind"):
        charts.svg("pie", [], "t")


def test_inline_drops_the_xml_prologue() -> None:
    svg = charts.inline(charts.svg("levels", DATA["levels"], "t"))
    assert svg.startswith("<svg")


def test_worker_draws_the_same_bytes_in_a_child_process() -> None:
    requests = [(kind, DATA[kind], f"Chart of {kind}") for kind in charts.KINDS]
    with charts.Worker() as worker:
        drawn = worker.draw(requests)
    assert drawn == [charts.svg(*r) for r in requests]


def test_worker_closed_unused_leaves_no_process() -> None:
    worker = charts.Worker()
    proc = worker._proc
    worker.close()
    assert proc is None or proc.poll() is not None
    # drawing after close falls back to this process
    assert worker.draw([("levels", DATA["levels"], "t")]) == [charts.svg("levels",
                                                                         DATA["levels"], "t")]


def test_cache_serves_the_same_bytes_without_a_child(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_CACHE_DIR", str(tmp_path / "cache"))
    requests = [("levels", [["core", 7], ["active", 2]], "Cached levels")]
    with charts.Worker("job-a") as first:
        assert first._proc is not None  # nothing known yet: a child imports matplotlib
        drawn = first.draw(requests)
    assert len(list((tmp_path / "cache" / "charts").glob("*.svg"))) == 1
    with charts.Worker("job-a") as second:
        assert second._proc is None  # the last run's charts are all cached
        assert second.draw(requests) == drawn == [charts.svg(*requests[0])]
    # other data under the same job: drawn here, and cached too
    other = [("levels", [["core", 8], ["active", 2]], "Cached levels")]
    with charts.Worker("job-a") as third:
        assert third.draw(other) == [charts.svg(*other[0])]
    assert len(list((tmp_path / "cache" / "charts").glob("*.svg"))) == 2


def test_no_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("COPKIT_NO_CACHE", "1")
    with charts.Worker("job-b") as worker:
        worker.draw([("levels", DATA["levels"], "t")])
    assert not (tmp_path / "cache").exists()


def test_a_broken_cache_file_is_drawn_again(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_CACHE_DIR", str(tmp_path / "cache"))
    request = ("practices", DATA["practices"], "t")
    with charts.Worker() as worker:
        worker.draw([request])
    (cached,) = (tmp_path / "cache" / "charts").glob("*.svg")
    cached.write_text("<svg>half", encoding="utf-8")
    with charts.Worker() as worker:
        assert worker.draw([request]) == [charts.svg(*request)]
