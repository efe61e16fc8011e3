"""The full-text index of `copkit find` (:mod:`copkit.model.search`; see its notes): one
SQLite FTS5 file per CoP in copkit's cache folder, kept fresh per file, holding what
:func:`copkit.model.search_rows._prepare` makes of each file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from copkit.model.search_rows import Hit, _fold, _hits, _prepare, _read, _Row

if TYPE_CHECKING:
    import sqlite3

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
    :func:`copkit.text.fold` reads as a space), and are compared."""
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
