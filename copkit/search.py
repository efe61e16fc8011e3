"""`copkit find`: search the knowledge base — practices, meeting notes and decisions, and the
learning agenda — and rank what matches, with the file and line of each hit.

Matching folds accents, case and punctuation ("gestion" finds "Gestión"), and every word of
the query must appear in the record (a word matches the start of longer words too: "unit"
finds "units"). A record's score adds, for each matching line, the weight of the field the
line belongs to (a title counts more than a body) times the number of query words on it, with
a bonus when the whole phrase is on the line.

**The index.** Reading and folding every file on every query took 0.8 s on a large CoP, so
find keeps a full-text index (SQLite FTS5, from Python's own ``sqlite3``) in copkit's cache
folder (:func:`copkit.cache.cache_dir`, never inside the CoP), one file per CoP
(:func:`index_path`). It holds what a query needs of each file, made by the code a search
without the index runs (:func:`_prepare`), and the hits are scored by the same function
(:func:`_hits`), so that both give the same hits, in the same order:

* ``lines``: each line of a weighted field that holds a word: its record, number, field, text,
  and the folded words a query looks for in it (a block scalar's line, or the value of a
  'key: value' line); ``records``: each record's id and title;
* ``words``: those folded words, for "which lines hold a word of the query". Folded words are
  ASCII ``[a-z0-9]+``, which FTS5's ascii tokenizer splits exactly as copkit does, and a
  query word is the prefix query ``"word"*``: quoted, so that nothing the user types is FTS5
  syntax (folding has already removed ``"``, ``*``, ``-``, ``(`` and ``:``, and lower-cased
  ``NEAR``, ``AND`` and ``OR``), and bound as a parameter, never SQL.

A file the index cannot hold exactly (see :func:`_indexable`) is searched without it.

It is kept fresh per file: each query lists the files and compares each one's size, times and
inode (:func:`copkit.cache.stamp`) with the index, and indexes again only the new and changed
files (and forgets the removed ones). A file indexed within two seconds of its last change
could change again without its stamp changing (its time has the file system's resolution):
such a "racy" file (git's word) is kept with a digest of its text, and read again by later
queries until it is older. An index that cannot be read or written, is damaged or comes from
another copkit version is rebuilt, or the query runs without it: the index never makes find
fail. ``COPKIT_NO_CACHE=1`` searches without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
import time
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copkit.people import _TRANSLIT, fold

if TYPE_CHECKING:
    import sqlite3

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
    Done on the whole text at C speed: a search without the index reads every file."""
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
    if not _looks_like_cop(root):
        from copkit.errors import NotACopError

        raise NotACopError(f"{root} is not a CoP folder: it has no charter.yaml or members.yaml",
                           "start one with copkit init DIR, or point at one with --cop DIR")
    files = _files(root)
    indexed: tuple[dict[str, list[Hit]], set[str]] | None = None
    if not os.environ.get("COPKIT_NO_CACHE") and max(map(len, terms)) <= _LONGEST_TERM:
        indexed = _Index(root).search(files, terms)
    hits: list[Hit] = []
    for relpath, kind in files:
        if indexed is None or relpath in indexed[1]:
            hits += _search_file(root, relpath, kind, terms)
        else:
            hits += indexed[0].get(relpath, [])
    hits.sort(key=lambda h: (-h.score, h.path, h.line))
    return hits[:limit] if limit else hits


# copkit.repo.looks_like_cop, which find does not import: copkit.repo imports the record
# models (pydantic), a sixth of a find's time
_MARKERS = ("charter.yaml", "members.yaml", "learning-agenda.yaml", "plan.yaml",
            "activities.yaml")


def _looks_like_cop(root: Path) -> bool:
    return any((root / m).is_file() for m in _MARKERS)


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


def _search_file(root: Path, relpath: str, kind: str, terms: list[str]) -> list[Hit]:
    """The hits of one file, read now (a search without the index)."""
    read = _read(root / relpath)
    if read is None:
        return []
    raw, lines, folded = read
    whole = " ".join(folded)
    if not all(_contains(whole, t) for t in terms):
        return []
    records, rows = _prepare(relpath, kind, raw, lines, folded, terms)
    return _hits(relpath, kind, records, rows, terms)


# A line of a weighted field: (record number in the file, line number, field, the line, the
# line folded, the folded value of a 'key: value' line or None for a line of a block scalar).
_Row = tuple[int, int, str, str, str, "str | None"]
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(?:\s|$)")


def _prepare(relpath: str, kind: str, raw: str, lines: list[str], folded: list[str],
             terms: Sequence[str] | None) -> tuple[list[tuple[str, str]], list[_Row]]:
    """The records of a file, each an (id, title), and the lines of their weighted fields that
    may match: those holding a word of ``terms``, or, for the index (``terms`` None), every one
    holding a word."""
    # records of this file: (start line, id, title, [(key line, field)])
    records: list[tuple[int, str, str, list[tuple[int, str]]]] = []
    if kind == "topic":
        from copkit.yaml.read import parse
        from copkit.yaml.scalars import YamlProblem

        try:
            sm = parse(raw, relpath)
        except YamlProblem:
            return [], []
        data = sm.data
        topics = data.get("topics") if isinstance(data, dict) else None
        if not isinstance(topics, list):
            return [], []
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
    return [(rid, title) for _, rid, title, _ in records], rows


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


# ---------------------------------------------------------------- the index

_FORMAT = "1"  # of the index's tables and of what _prepare puts in them: change it with them
_RACY_NS = 2_000_000_000  # a file's times may be this coarse (FAT: 2 s; most: 1 ns to 10 ms)
# FTS5 keeps the first 32 KB of a word: a longer word of a query is looked for without the index
_LONGEST_TERM = 1000
# a line's id in the index: its file's id, then its place among the file's lines kept (so a
# file's lines are a range of ids); a file with more lines is searched without the index
_LINE_BITS = 24
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files(id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL,
    stamp TEXT NOT NULL, racy INTEGER NOT NULL, digest BLOB, direct INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS records(file INTEGER, record INTEGER, rid TEXT, title TEXT,
    PRIMARY KEY (file, record)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lines(id INTEGER PRIMARY KEY, record INTEGER, number INTEGER,
    field TEXT, text TEXT, folded TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(folded, content='', tokenize='ascii',
    detail=none, columnsize=0);
"""
# errors of the moment, not of the index file: another copkit writing it for longer than
# the wait, a full disk, no memory
_PASSING = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_NOMEM", "SQLITE_INTERRUPT")


def index_path(root: Path) -> Path:
    """The index of the CoP at ``root`` in copkit's cache folder. SQLite may keep a journal
    next to it while it writes: the same path with ``-journal`` added."""
    from copkit.model.cache import cache_dir

    key = hashlib.sha256(os.fsencode(Path(root).resolve())).hexdigest()[:20]
    return cache_dir() / f"find-{key}.sqlite3"


class _Outdated(Exception):
    """The index file is from another copkit version."""


@dataclass
class _Stored:
    id: int
    stamp: str
    racy: bool
    digest: bytes | None
    direct: bool


def _stamp(st: os.stat_result) -> str:
    from copkit.model.cache import stamp

    return ",".join(map(str, stamp(st)))


def _digest(raw: str) -> bytes:
    return hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _storable(text: str) -> bool:
    """Whether SQLite can hold ``text`` (a file name read from the disk or a value from a YAML
    escape may hold a lone surrogate, which UTF-8 cannot encode)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Index:
    """The full-text index of one CoP (see the module's documentation)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = index_path(root)

    def search(self, files: list[tuple[str, str]], terms: list[str]
               ) -> tuple[dict[str, list[Hit]], set[str]] | None:
        """The hits of ``terms`` in each indexed file (unsorted), the index first brought up
        to date, and the files to search without it; None when the index cannot be used."""
        try:
            import sqlite3
        except ImportError:  # pragma: no cover - a Python built without SQLite
            return None
        for attempt in range(2):
            try:
                return self._search(files, terms)
            except sqlite3.Error as exc:
                if attempt or _passing(exc):
                    return None
            except OSError:
                return None
            except (_Outdated, ValueError, TypeError, KeyError, IndexError, OverflowError):
                # another copkit's index, or a damaged one (values of the wrong kind)
                if attempt:
                    return None
            self.discard()
        return None  # pragma: no cover - the loop returns

    def discard(self) -> None:
        for path in (self.path, self.path.with_name(self.path.name + "-journal")):
            try:
                path.unlink()
            except OSError:
                pass

    def _search(self, files: list[tuple[str, str]], terms: list[str]
                ) -> tuple[dict[str, list[Hit]], set[str]]:
        import sqlite3

        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA cache_size = -32000")  # 32 MB: a first index is written in memory
        try:
            self._schema(db)
            ids, direct = self._refresh(db, files)
            return self._query(db, files, ids, terms), direct
        finally:
            db.close()

    def _schema(self, db: sqlite3.Connection) -> None:
        version = f"{_FORMAT} {_copkit_version()}"
        for _ in range(2):
            tables = {name for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "meta" in tables:
                row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
                if row != (version,):
                    raise _Outdated(str(row))
                return
            with _transaction(db):
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT OR IGNORE INTO meta VALUES ('version', ?)", (version,))
        raise _Outdated("no version")  # pragma: no cover - created just above

    def _refresh(self, db: sqlite3.Connection, files: list[tuple[str, str]]
                 ) -> tuple[dict[str, int], set[str]]:
        """Index the new and changed files, forget the removed ones. Returns the id of each
        indexed file, and the files to search without the index (a name or a value SQLite
        cannot hold, a file whose preparation failed: its search will say why)."""
        now = time.time_ns()
        current: dict[str, os.stat_result] = {}
        direct: set[str] = set()
        base = str(self.root)
        for relpath, _kind in files:
            if not _storable(relpath):
                direct.add(relpath)
                continue
            try:
                current[relpath] = os.stat(os.path.join(base, relpath))
            except OSError:
                continue
        stored = self._stored(db)
        work = self._work(stored, current, now)
        if any(work):
            with _transaction(db):
                stored = self._stored(db)  # again: another copkit may have done it meanwhile
                work = self._work(stored, current, now)
                self._apply(db, stored, work, dict(files), now)
            stored = self._stored(db)
        ids: dict[str, int] = {}
        for relpath, entry in stored.items():
            if relpath not in current:
                continue
            if entry.direct:
                direct.add(relpath)
            else:
                ids[relpath] = entry.id
        return ids, direct

    def _stored(self, db: sqlite3.Connection) -> dict[str, _Stored]:
        return {path: _Stored(fid, stamp, bool(racy), digest, bool(direct))
                for fid, path, stamp, racy, digest, direct in db.execute(
                    "SELECT id, path, stamp, racy, digest, direct FROM files")}

    def _work(self, stored: dict[str, _Stored], current: dict[str, os.stat_result], now: int
              ) -> tuple[list[tuple[str, os.stat_result, str | None]],
                         list[tuple[int, bool]], list[int]]:
        """What to do: the files to index (with their text when already read), the racy files
        found unchanged (their id and whether they still are racy), the files gone."""
        index: list[tuple[str, os.stat_result, str | None]] = []
        unchanged: list[tuple[int, bool]] = []
        for relpath, st in current.items():
            entry = stored.get(relpath)
            if entry is None or entry.stamp != _stamp(st):
                index.append((relpath, st, None))
            elif entry.racy:
                try:
                    raw = (self.root / relpath).read_text(encoding="utf-8", errors="replace")
                except OSError:
                    index.append((relpath, st, None))
                    continue
                if _digest(raw) != entry.digest:
                    index.append((relpath, st, raw))
                elif st.st_mtime_ns < now - _RACY_NS:
                    unchanged.append((entry.id, False))
        gone = [entry.id for relpath, entry in stored.items() if relpath not in current]
        return index, unchanged, gone

    def _apply(self, db: sqlite3.Connection, stored: dict[str, _Stored],
               work: tuple[list[tuple[str, os.stat_result, str | None]],
                           list[tuple[int, bool]], list[int]],
               kinds: dict[str, str], now: int) -> None:
        index, unchanged, gone = work
        db.executemany("UPDATE files SET racy = ? WHERE id = ?",
                       [(int(racy), fid) for fid, racy in unchanged])
        for fid in gone:
            _delete_rows(db, fid)
        db.executemany("DELETE FROM files WHERE id = ?", [(fid,) for fid in gone])
        next_file = int(db.execute("SELECT max(id) FROM files").fetchone()[0] or 0) + 1
        added: list[tuple[int, str, str, int, bytes | None, int]] = []
        changed: list[tuple[str, int, bytes | None, int, int]] = []
        records: list[tuple[int, int, str, str]] = []
        lines: list[tuple[int, int, int, str, str, str]] = []
        for relpath, st, raw in index:
            entry = stored.get(relpath)
            if entry is not None:
                _delete_rows(db, entry.id)
            read = _read(self.root / relpath) if raw is None else (raw, *_fold(raw))
            if read is None:  # not in the index until it can be read
                if entry is not None:
                    db.execute("DELETE FROM files WHERE id = ?", (entry.id,))
                continue
            raw, file_lines, folded = read
            racy = st.st_mtime_ns >= now - _RACY_NS
            prepared = _indexable(relpath, kinds[relpath], raw, file_lines, folded)
            values = (_stamp(st), int(racy), _digest(raw) if racy else None,
                      int(prepared is None))
            if entry is None:
                fid = next_file
                next_file += 1
                added.append((fid, relpath, *values))
            else:
                fid = entry.id
                changed.append((*values, fid))
            if prepared is None:
                continue
            file_records, rows = prepared
            records += [(fid, r, rid, title) for r, (rid, title) in enumerate(file_records)]
            lines += [((fid << _LINE_BITS) + i, *row) for i, row in enumerate(rows)]
        db.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)", added)
        db.executemany("UPDATE files SET stamp = ?, racy = ?, digest = ?, direct = ? "
                       "WHERE id = ?", changed)
        db.executemany("INSERT INTO records VALUES (?, ?, ?, ?)", records)
        db.executemany("INSERT INTO lines VALUES (?, ?, ?, ?, ?, ?)", lines)
        if stored:
            db.executemany("INSERT INTO words(rowid, folded) VALUES (?, ?)",
                           [(line[0], line[5]) for line in lines])
        else:  # a new index: every line's words, copied within SQLite (a quarter quicker)
            db.execute("INSERT INTO words(rowid, folded) SELECT id, folded FROM lines")

    def _query(self, db: sqlite3.Connection, files: list[tuple[str, str]],
               ids: dict[str, int], terms: list[str]) -> dict[str, list[Hit]]:
        """The hits in the indexed files, by file."""
        rows: dict[int, list[_Row]] = {}
        # each term is [a-z0-9]+, quoted: a prefix query, never FTS5 syntax
        for line_id, record, number, name, text, folded in db.execute(
                "SELECT id, record, number, field, text, folded FROM lines WHERE id IN "
                "(SELECT rowid FROM words WHERE words MATCH ?)",
                (" OR ".join(f'"{t}"*' for t in terms),)):
            if not (type(record) is type(number) is int
                    and type(name) is type(text) is type(folded) is str):
                raise TypeError("a damaged index")  # made again
            rows.setdefault(line_id >> _LINE_BITS, []).append((record, number, name, text, folded,
                                                              None))
        if not rows:
            return {}
        titles: dict[int, dict[int, tuple[str, str]]] = {}
        few = len(rows) <= 50  # else reading them all is quicker
        for fid, record, rid, title in db.execute(
                "SELECT file, record, rid, title FROM records"
                + (f" WHERE file IN ({','.join('?' * len(rows))})" if few else ""),
                list(rows) if few else []):
            if not type(rid) is type(title) is str:
                raise TypeError("a damaged index")
            titles.setdefault(fid, {})[record] = (rid, title)
        out: dict[str, list[Hit]] = {}
        for relpath, kind in files:
            fid = ids.get(relpath)
            if fid is not None and fid in rows:
                found = sorted(rows[fid], key=lambda row: (row[0], row[1]))
                out[relpath] = _hits(relpath, kind, titles.get(fid, {}), found, terms)
        return out


def _indexable(relpath: str, kind: str, raw: str, lines: list[str], folded: list[str]
               ) -> tuple[list[tuple[str, str]], list[tuple[int, int, str, str, str]]] | None:
    """What the index keeps of a file: its records (id, title) and the lines of their weighted
    fields that hold a word, each (record, line number, field, text, the folded words a query
    looks for: a block scalar's line, or the value of a 'key: value' line). None for a file to
    search without the index: one whose preparation fails (the search then says why), or with
    a value SQLite cannot hold, or a value with a word the whole line does not have.

    The last makes two checks of a search without the index redundant here: that the line holds
    a word of the query (the words of its value are the line's), and that the file does (its
    lines are). A 'key: value' line's value is the line without its keys and comment, cut at
    spaces and punctuation, so in ASCII its words are the line's; only other letters can fold
    differently on their own (:func:`fold_lines` drops a letter of another script, which
    :func:`copkit.people.fold` reads as a space), and are compared."""
    try:
        records, rows = _prepare(relpath, kind, raw, lines, folded, None)
    except Exception:  # searched without the index, which says what is wrong
        return None
    if len(rows) >= 1 << _LINE_BITS or not all(_storable(rid) and _storable(title)
                                               for rid, title in records):
        return None
    kept: list[tuple[int, int, str, str, str]] = []
    for record, number, name, text, gate, value in rows:
        if value is None:
            kept.append((record, number, name, text.strip(), gate))
        elif not value.isspace() and value:
            if not text.isascii() and not set(value.split()) <= set(gate.split()):
                return None
            kept.append((record, number, name, text.strip(), value))
    return records, kept


def _delete_rows(db: sqlite3.Connection, fid: int) -> None:
    # a contentless FTS5 table forgets a row given the text it indexed
    ids = (fid << _LINE_BITS, (fid + 1) << _LINE_BITS)
    db.execute("INSERT INTO words(words, rowid, folded) SELECT 'delete', id, folded FROM lines "
               "WHERE id >= ? AND id < ?", ids)
    db.execute("DELETE FROM lines WHERE id >= ? AND id < ?", ids)
    db.execute("DELETE FROM records WHERE file = ?", (fid,))


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")  # the write lock first: two copkits never index at once
    try:
        yield
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(Exception):
                db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _passing(exc: Exception) -> bool:
    """An error of the moment, or an SQLite without FTS5: search without the index, and keep
    it. Any other error (the file is not a database, is damaged, cannot be opened or written)
    is the index file's: it is deleted and made again (if that fails too, as in a read-only
    cache folder, the search runs without it)."""
    name = getattr(exc, "sqlite_errorname", None) or ""  # Python 3.11+
    text = str(exc)
    return name.startswith(_PASSING) or "no such module" in text or (
        not name and any(w in text for w in ("locked", "busy", "full")))


def _copkit_version() -> str:
    from copkit import __version__

    return __version__


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
