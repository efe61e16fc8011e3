"""`copkit report --lang es|fr` of the shipped examples: none of the English words the
indicators used to pass in (frequencies, statuses, units, grammar words, "none") is left
outside the records' own text, which is shown as written (#16)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import Result

Cli = Callable[..., Result]

# words that leaked into the Spanish and French reports before the indicators passed them
# as messages
LEAKED = ("monthly", "annual", "draft", "tested", "evaluated", "practices", "members", "days",
          "none", "has", "have", "does")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-20")


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def _record_text(root: Path) -> list[str]:
    """Every text of the records (YAML values, Markdown bodies), its lines and the
    words of each line kept as the report may show parts of them, longest first."""
    texts: set[str] = set()
    yaml = YAML(typ="safe")
    for path in root.rglob("*"):
        if ".git" in path.parts or not path.is_file():
            continue
        raw = path.read_text(encoding="utf-8")
        if path.suffix in (".yaml", ".yml"):
            found = list(_strings(yaml.load(raw)))
        elif path.suffix == ".md":
            found = [raw]
        else:
            continue
        for text in found:
            for line in text.splitlines():
                line = " ".join(line.split())
                # a field's value that is one of these words ("monthly", "draft") is shown by
                # copkit as its own word: not record text
                if len(line) > 2 and line.lower() not in LEAKED:
                    texts.add(line)
    return sorted(texts, key=len, reverse=True)


def _outside_records(report: str, records: list[str]) -> str:
    """The report with every text from the records taken out."""
    flat = " ".join(report.split())
    for text in records:
        flat = flat.replace(text, " ")
    return flat


@pytest.mark.parametrize("example", ["led-units", "camafu-fire-management"])
@pytest.mark.parametrize("lang", ["es", "fr"])
def test_no_english_word_outside_the_records(cli: Cli, example_cop: Callable[..., Path],
                                             example: str, lang: str) -> None:
    root = example_cop(example)
    result = cli("report", "--cop", str(root), "--lang", lang)
    assert result.exit_code == 0, result.output
    rest = _outside_records(result.stdout, _record_text(root))
    # a file's name (members.yaml) or an id (a-draft-id) is not a word of the text
    left = {w: re.findall(rf".{{0,40}}(?<![\w-]){w}(?![\w-]|\.yaml).{{0,40}}", rest,
                          re.IGNORECASE) for w in LEAKED}
    assert {w: found for w, found in left.items() if found} == {}


def test_english_report_still_says_them(cli: Cli, example_cop: Callable[..., Path]) -> None:
    """The check above can see the words: the English report has them outside the records."""
    root = example_cop("led-units")
    result = cli("report", "--cop", str(root))
    rest = _outside_records(result.stdout, _record_text(root))
    for w in ("monthly", "draft", "tested", "evaluated", "practices", "members", "days", "none"):
        assert re.search(rf"\b{w}\b", rest), w
