"""What a record file holds for `copkit find` (:mod:`copkit.model.search`): its lines folded
(:func:`fold_lines`), its records and the lines of their weighted fields that may match
(:func:`_prepare`), and the hits they make, scored (:func:`_hits`). A search without the index
and the index (:mod:`copkit.model.search_index`) both use them, so both give the same hits.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit.text import TRANSLIT as _TRANSLIT
from copkit.text import fold

WEIGHTS: dict[str, dict[str, float]] = {
    "practice": {"title": 5, "summary": 3, "topics": 2, "kind": 1, "body": 1, "adoptions": 1,
                 "links": 0.5},
    "meeting": {"title": 4, "decisions": 3, "topics": 2, "notes": 1, "actions": 1},
    "topic": {"title": 5, "questions": 3, "id": 2, "status": 0.5},
    "story": {"title": 5, "cycles": 2, "evidence": 2, "goals": 1, "member": 1},
    # names and organisations only: no contact detail is ever indexed or shown
    "member": {"name": 5, "organisation": 3, "id": 2, "expertise": 1, "interests": 1},
    "organisation": {"name": 5, "id": 2, "kind": 1, "country": 0.5},
}

# the kinds whose records are the items of one list file: the list's key, the title field
LISTS = {"topic": ("topics", "title"), "member": ("members", "name"),
         "organisation": ("organisations", "name")}


@dataclass
class Line:
    line: int
    field: str
    text: str
    score: float


@dataclass
class Hit:
    path: str
    kind: str
    record_id: str
    title: str
    score: float
    lines: list[Line] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.lines[0].line if self.lines else 1

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "kind": self.kind, "id": self.record_id,
                "title": self.title, "score": round(self.score, 2),
                "matches": [{"line": ln.line, "field": ln.field, "text": ln.text}
                            for ln in self.lines]}


_TRANSLIT_RE = re.compile("[" + "".join(chr(c) for c in _TRANSLIT) + "]")
# bytes: letters lower-cased, digits and newlines kept, everything else a space
_BYTES = bytes((b + 32) if 65 <= b <= 90 else b if (97 <= b <= 122 or 48 <= b <= 57 or b == 10)
               else 32 for b in range(256))


def fold_lines(text: str) -> list[str]:
    """Each line (split on newlines) folded like :func:`copkit.text.fold`: ASCII lower-case
    words, accents removed (letters of other scripts dropped); runs of spaces may remain.
    Done on the whole text at C speed: a search without the index reads every file."""
    if not text.isascii():
        if _TRANSLIT_RE.search(text):
            text = _TRANSLIT_RE.sub(lambda m: str(_TRANSLIT[ord(m.group())]), text)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.encode("ascii").translate(_BYTES).decode("ascii").split("\n")


def _contains(folded_line: str, term: str) -> bool:
    """``term`` at the start of a word of the line."""
    return f" {term}" in f" {folded_line}"


def _read(path: Path) -> tuple[str, list[str], list[str]] | None:
    """A file's text, its lines and its lines folded; None when it cannot be read."""
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return (raw, *_fold(raw))


def _fold(raw: str) -> tuple[list[str], list[str]]:
    lines = raw.split("\n")
    folded = fold_lines(raw)
    if len(folded) != len(lines):  # pragma: no cover - a character folding to a newline
        folded = [fold(line) for line in lines]
    return lines, folded


# A line of a weighted field: (record number in the file, line number, field, the line, the
# line folded, the folded value of a 'key: value' line or None for a line of a block scalar).
_Row = tuple[int, int, str, str, str, "str | None"]
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(?:\s|$)")


# a record of a file: (start line, id, title, [(key line, field)])
_Record = tuple[int, str, str, list[tuple[int, str]]]


def _prepare(relpath: str, kind: str, raw: str, lines: list[str], folded: list[str],
             terms: Sequence[str] | None) -> tuple[list[tuple[str, str]], list[_Row]]:
    """The records of a file, each an (id, title), and the lines of their weighted fields that
    may match: those holding a word of ``terms``, or, for the index (``terms`` None), every one
    holding a word."""
    if kind in LISTS:
        found = _list_records(relpath, raw, len(lines), *LISTS[kind])
        if found is None:
            return [], []
        records, end_of_topics = found
    else:
        records, end_of_topics = [_file_record(relpath, lines)], len(lines)
    rows = _rows(records, end_of_topics, WEIGHTS[kind], _block_lines(raw, lines), lines,
                 folded, terms)
    return [(rid, title) for _, rid, title, _ in records], rows


def _list_records(relpath: str, raw: str, count: int, key: str = "topics",
                  title_field: str = "title") -> tuple[list[_Record], int] | None:
    """The items of a list file (the topics of the learning agenda, the members...), and the
    last line of the list; None when the file does not parse or has no such list."""
    from copkit.yaml.read import parse
    from copkit.yaml.scalars import YamlProblem

    try:
        sm = parse(raw, relpath)
    except YamlProblem:
        return None
    data = sm.data
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    records: list[_Record] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        start = sm.locate([key, i])[0]
        keys = sorted((sm.locate([key, i, k], key=True)[0], str(k)) for k in item)
        records.append((start, str(item.get("id", "")), str(item.get(title_field, "")), keys))
    return records, _next_key_line(sm, data, key, count)


def _file_record(relpath: str, lines: list[str]) -> _Record:
    """The one record of a practice or meeting file: its fields are the keys at the start of
    a line (block scalars and nested values are indented, so they never look like one)."""
    keys: list[tuple[int, str]] = []
    title = ""
    for number, line in enumerate(lines, 1):
        m = _TOP_KEY.match(line)
        if m:
            keys.append((number, m.group(1)))
            if m.group(1) == "title" and not title:
                title = _scalar(line)
    return (1, Path(relpath).stem, title, keys)


def _rows(records: list[_Record], end_of_topics: int, weights: dict[str, float],
          blocks: set[int], lines: list[str], folded: list[str], terms: Sequence[str] | None
          ) -> list[_Row]:
    """The lines of the records' weighted fields that may match (see :func:`_prepare`)."""
    rows: list[_Row] = []
    for r, (start, _rid, _title, keys) in enumerate(records):
        first = max(start, 1)
        last = min(records[r + 1][0] - 1 if r + 1 < len(records) else end_of_topics, len(lines))
        # a line's field is the last key at or above it (the keys are in order of line)
        for k, (key_line, name) in enumerate(keys):
            if not weights.get(name, 0):
                continue
            until = keys[k + 1][0] - 1 if k + 1 < len(keys) else last
            for number in range(max(key_line, first), min(until, last) + 1):
                gate = folded[number - 1]
                if terms is None:
                    if not gate or gate.isspace():
                        continue
                elif not any(_contains(gate, t) for t in terms):
                    continue
                text = lines[number - 1].rstrip("\r")
                value: str | None = None
                if number not in blocks:  # a 'key: value' line: only the value counts
                    value = _value_text(text)
                    # for the index, ASCII folded at C speed as fold_lines does: the same
                    # words, with runs of spaces (every use of a folded line splits it or
                    # looks for " word" in it)
                    value = value.encode("ascii").translate(_BYTES).decode("ascii") \
                        if terms is None and value.isascii() else fold(value)
                rows.append((r, number, name, text, gate, value))
    return rows


def _hits(relpath: str, kind: str, records: Sequence[tuple[str, str]]
          | Mapping[int, tuple[str, str]], rows: Sequence[_Row], terms: list[str]) -> list[Hit]:
    """The records of a file holding every word of ``terms`` in their weighted fields, scored,
    from :func:`_prepare`'s rows (in order of record and line)."""
    weights = WEIGHTS[kind]
    wanted = set(terms)
    phrase = " ".join(terms)
    hits: list[Hit] = []
    for record, group in itertools.groupby(rows, key=lambda row: row[0]):
        found: set[str] = set()
        matched: list[Line] = []
        for _, number, name, text, gate, value in group:
            if not any(_contains(gate, t) for t in terms):
                continue
            weight = weights.get(name, 0)
            if not weight:
                continue
            folded_line = gate if value is None else value
            present = [t for t in terms if _contains(folded_line, t)]
            if not present:
                continue
            found.update(present)
            bonus = len(terms) > 1 and _contains(" ".join(folded_line.split()), phrase)
            score = weight * len(present) + (weight * 2 if bonus else 0)
            matched.append(Line(number, name, text.strip(), score))
        if found != wanted:
            continue
        matched.sort(key=lambda ln: (-ln.score, ln.line))
        rid, title = records[record]
        hits.append(Hit(relpath, kind, rid, title, sum(ln.score for ln in matched),
                        matched[:3]))
    return hits



_KEY = re.compile(r"^(\s*(?:-\s+)*)[A-Za-z_][\w-]*\s*:(?=\s|$)")
_FLOW_KEY = re.compile(r"([{,]\s*)[A-Za-z_][\w-]*\s*:(?=\s)")
_BLOCK_START = re.compile(r":[ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?\r?$", re.M)


def _block_lines(raw: str, lines: list[str]) -> set[int]:
    """The numbers of the lines inside block scalars (``notes: |`` and the indented lines
    after it): text, where 'Decision: ...' is words, not a key."""
    inside: set[int] = set()
    if "|" not in raw and ">" not in raw:
        return inside
    start = at = 0
    for m in _BLOCK_START.finditer(raw):
        start += raw.count("\n", at, m.start())  # 0-based index of the key line
        at = m.start()
        key_line = lines[start]
        key = _KEY.match(key_line)
        if key is None:
            continue
        # the block goes on while its lines are blank or indented past the key's column
        # (after any '- ')
        deeper = " " * (len(key.group(1)) + 1)
        end = len(lines)
        for n in range(start + 1, len(lines)):
            line = lines[n]
            if not line.startswith(deeper) and line.strip():
                end = n
                break
        inside.update(range(start + 2, end + 1))
    return inside


def _value_text(line: str) -> str:
    """The words of a YAML line without its keys and comment: '- action: Write the guide
    # soon' -> 'Write the guide'; '{action: x, owner: y}' -> 'x, y'."""
    text = _KEY.sub(r"\1", line, count=1)
    if " #" in text and '"' not in text and "'" not in text:
        text = text.split(" #", 1)[0]
    elif text.lstrip().startswith("#"):
        return ""
    if "{" in text:
        text = _FLOW_KEY.sub(r"\1", text)
    return text


def _scalar(line: str) -> str:
    """The value of a one-line ``key: value`` as YAML reads it (quotes, escapes)."""
    value = line.partition(":")[2].strip()
    if value and value[0] not in "'\"&*!|>%@`[{#" and " #" not in value:
        return value
    from copkit.yaml.read import parse
    from copkit.yaml.scalars import YamlProblem

    try:
        data = parse(line, "title")
    except YamlProblem:
        return line.partition(":")[2].strip()
    value = next(iter(data.data.values()), "") if isinstance(data.data, dict) else ""
    return "" if value is None else str(value)


def _next_key_line(sm: Any, data: dict[str, Any], key: str, default: int) -> int:
    names = list(data)
    pos = names.index(key)
    if pos + 1 < len(names):
        return int(sm.locate([names[pos + 1]], key=True)[0]) - 1
    return default
