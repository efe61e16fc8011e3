"""`copkit find`: search the knowledge base — practices, meeting notes and decisions, and the
learning agenda — and rank what matches, with the file and line of each hit.

Matching folds accents, case and punctuation ("gestion" finds "Gestión"), and every word of
the query must appear in the record (a word matches the start of longer words too: "unit"
finds "units"). A record's score adds, for each matching line, the weight of the field the
line belongs to (a title counts more than a body) times the number of query words on it, with
a bonus when the whole phrase is on the line.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit.people import _TRANSLIT, fold

WEIGHTS: dict[str, dict[str, float]] = {
    "practice": {"title": 5, "summary": 3, "topics": 2, "kind": 1, "body": 1, "adoptions": 1,
                 "links": 0.5},
    "meeting": {"title": 4, "decisions": 3, "topics": 2, "notes": 1, "actions": 1},
    "topic": {"title": 5, "questions": 3, "id": 2, "status": 0.5},
}


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
    """Each line (split on newlines) folded like :func:`copkit.people.fold`: ASCII lower-case
    words, accents removed (letters of other scripts dropped); runs of spaces may remain.
    Done on the whole text at C speed: search reads every file on every query."""
    if not text.isascii():
        if _TRANSLIT_RE.search(text):
            text = _TRANSLIT_RE.sub(lambda m: str(_TRANSLIT[ord(m.group())]), text)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.encode("ascii").translate(_BYTES).decode("ascii").split("\n")


def _terms(query: str) -> list[str]:
    return list(dict.fromkeys(fold(query).split()))


def _contains(folded_line: str, term: str) -> bool:
    """``term`` at the start of a word of the line."""
    return f" {term}" in f" {folded_line}"


def search(root: Path, query: str, limit: int | None = 20) -> list[Hit]:
    """Records whose values (never their field names) hold every word of ``query``, best
    first. A query with no word, or a folder that is not a CoP, is an error."""
    root = Path(root)
    terms = _terms(query)
    if not terms:
        from copkit.errors import UsageError
        from copkit.text import printable

        raise UsageError(f"'{printable(query)}' holds no word to look for"
                         if query.strip() else "give the words to look for",
                         "copkit find WORDS, like: copkit find \"budget hearing\"")
    from copkit.repo import looks_like_cop

    if not looks_like_cop(root):
        from copkit.errors import NotACopError

        raise NotACopError(f"{root} is not a CoP folder: it has no charter.yaml or members.yaml",
                           "start one with copkit init DIR, or point at one with --cop DIR")
    hits: list[Hit] = []
    for relpath, kind in _files(root):
        try:
            raw = (root / relpath).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        lines = raw.split("\n")
        folded = fold_lines(raw)
        if len(folded) != len(lines):  # pragma: no cover - a character folding to a newline
            folded = [fold(line) for line in lines]
        whole = " ".join(folded)
        if not all(_contains(whole, t) for t in terms):
            continue
        hits.extend(_search_file(relpath, kind, raw, lines, folded, terms))
    hits.sort(key=lambda h: (-h.score, h.path, h.line))
    return hits[:limit] if limit else hits


def _files(root: Path) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for folder, kind in (("practices", "practice"), ("meetings", "meeting")):
        base = root / folder
        if base.is_dir():
            out += [(f"{folder}/{n}", kind) for n in sorted(os.listdir(base))
                    if n.endswith(".yaml")]
    if (root / "learning-agenda.yaml").is_file():
        out.append(("learning-agenda.yaml", "topic"))
    return out


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(?:\s|$)")


def _search_file(relpath: str, kind: str, raw: str, lines: list[str], folded: list[str],
                 terms: list[str]) -> list[Hit]:
    # records of this file: (start line, id, title, [(key line, field)])
    records: list[tuple[int, str, str, list[tuple[int, str]]]] = []
    if kind == "topic":
        from copkit.yamlread import YamlProblem, parse

        try:
            sm = parse(raw, relpath)
        except YamlProblem:
            return []
        data = sm.data
        topics = data.get("topics") if isinstance(data, dict) else None
        if not isinstance(topics, list):
            return []
        for i, topic in enumerate(topics):
            if not isinstance(topic, dict):
                continue
            start = sm.locate(["topics", i])[0]
            keys = sorted((sm.locate(["topics", i, k], key=True)[0], str(k)) for k in topic)
            records.append((start, str(topic.get("id", "")), str(topic.get("title", "")),
                            keys))
        end_of_topics = _next_key_line(sm, data, "topics", len(lines))
    else:
        # one record a file: its fields are the keys at the start of a line (block scalars
        # and nested values are indented, so they never look like one)
        keys = []
        title = ""
        for number, line in enumerate(lines, 1):
            m = _TOP_KEY.match(line)
            if m:
                keys.append((number, m.group(1)))
                if m.group(1) == "title" and not title:
                    title = _scalar(line)
        records.append((1, Path(relpath).stem, title, keys))
        end_of_topics = len(lines)
    weights = WEIGHTS[kind]
    blocks = _block_lines(raw, lines)
    hits: list[Hit] = []
    for r, (start, rid, title, keys) in enumerate(records):
        stop = records[r + 1][0] - 1 if r + 1 < len(records) else end_of_topics
        found: set[str] = set()
        matched: list[Line] = []
        phrase = " ".join(terms)
        for number in range(max(start, 1), min(stop, len(lines)) + 1):
            text = lines[number - 1].rstrip("\r")
            folded_line = folded[number - 1]
            present = [t for t in terms if _contains(folded_line, t)]
            if not present:
                continue
            name = _field_at(keys, number)
            weight = weights.get(name, 0)
            if not weight:
                continue
            if number not in blocks:  # a 'key: value' line: only the value counts
                folded_line = fold(_value_text(text))
                present = [t for t in terms if _contains(folded_line, t)]
                if not present:
                    continue
            found.update(present)
            bonus = len(terms) > 1 and _contains(" ".join(folded_line.split()), phrase)
            score = weight * len(present) + (weight * 2 if bonus else 0)
            matched.append(Line(number, name, text.strip(), score))
        if found != set(terms):
            continue
        matched.sort(key=lambda ln: (-ln.score, ln.line))
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
    for m in _BLOCK_START.finditer(raw):
        start = raw.count("\n", 0, m.start())  # 0-based index of the key line
        key_line = lines[start]
        key = _KEY.match(key_line)
        if key is None:
            continue
        indent = len(key.group(1))  # the column of the key (after any '- ')
        for n in range(start + 1, len(lines)):
            line = lines[n].rstrip("\r")
            if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
                break
            inside.add(n + 1)
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
    from copkit.yamlread import YamlProblem, parse

    try:
        data = parse(line, "title")
    except YamlProblem:
        return line.partition(":")[2].strip()
    value = next(iter(data.data.values()), "") if isinstance(data.data, dict) else ""
    return "" if value is None else str(value)


def _field_at(keys: list[tuple[int, str]], line: int) -> str:
    name = ""
    for key_line, key in keys:
        if key_line <= line:
            name = key
        else:
            break
    return name


def _next_key_line(sm: Any, data: dict[str, Any], key: str, default: int) -> int:
    names = list(data)
    pos = names.index(key)
    if pos + 1 < len(names):
        return int(sm.locate([names[pos + 1]], key=True)[0]) - 1
    return default
