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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit.people import fold

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


def _terms(query: str) -> list[str]:
    return list(dict.fromkeys(fold(query).split()))


def _contains(folded_line: str, term: str) -> bool:
    """``term`` at the start of a word of the line."""
    return f" {term}" in f" {folded_line}"


def search(root: Path, query: str, limit: int | None = 20) -> list[Hit]:
    """Records matching every word of ``query``, best first."""
    root = Path(root)
    terms = _terms(query)
    if not terms:
        return []
    hits: list[Hit] = []
    for relpath, kind in _files(root):
        try:
            raw = (root / relpath).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        whole = fold(raw)
        if not all(_contains(whole, t) for t in terms):
            continue
        hits.extend(_search_file(relpath, kind, raw, terms))
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


def _search_file(relpath: str, kind: str, raw: str, terms: list[str]) -> list[Hit]:
    from copkit.yamlread import YamlProblem, parse

    try:
        sm = parse(raw, relpath)
    except YamlProblem:
        return []
    data = sm.data
    if not isinstance(data, dict):
        return []
    lines = raw.splitlines()
    # records of this file: (start line, id, title, {field: key line})
    records: list[tuple[int, str, str, list[tuple[int, str]]]] = []
    if kind == "topic":
        topics = data.get("topics")
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
        keys = sorted((sm.locate([k], key=True)[0], str(k)) for k in data)
        records.append((1, Path(relpath).stem, str(data.get("title", "")), keys))
        end_of_topics = len(lines)
    weights = WEIGHTS[kind]
    hits: list[Hit] = []
    for r, (start, rid, title, keys) in enumerate(records):
        stop = records[r + 1][0] - 1 if r + 1 < len(records) else end_of_topics
        found: set[str] = set()
        matched: list[Line] = []
        phrase = " ".join(terms)
        for number in range(max(start, 1), stop + 1):
            text = lines[number - 1] if number - 1 < len(lines) else ""
            folded = fold(text)
            present = [t for t in terms if _contains(folded, t)]
            if not present:
                continue
            name = _field_at(keys, number)
            weight = weights.get(name, 0)
            if not weight:
                continue
            found.update(present)
            score = weight * len(present) + (weight * 2 if len(terms) > 1 and
                                              _contains(folded, phrase) else 0)
            matched.append(Line(number, name, text.strip(), score))
        if found != set(terms):
            continue
        matched.sort(key=lambda ln: (-ln.score, ln.line))
        hits.append(Hit(relpath, kind, rid, title, sum(ln.score for ln in matched),
                        matched[:3]))
    return hits


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
