"""`copkit find`: search the knowledge base — practices, meetings (notes, decisions, actions),
value-creation stories, the learning agenda, members (names, organisations, expertise: never a
contact detail) and organisations — and rank what matches, with the file and line of each
hit.

Matching folds accents, case and punctuation ("gestion" finds "Gestión"), and every word of
the query must appear in the record (a word matches the start of longer words too: "unit"
finds "units"). A record's score adds, for each matching line, the weight of the field the
line belongs to (a title counts more than a body) times the number of query words on it, with
a bonus when the whole phrase is on the line.

**The index.** Reading and folding every file on every query took 0.8 s on a large CoP, so
find keeps a full-text index (SQLite FTS5, from Python's own ``sqlite3``) in copkit's cache
folder (:func:`copkit.model.cache.cache_dir`, never inside the CoP), one file per CoP
(:func:`index_path`, :mod:`copkit.model.search_index`). It holds what a query needs of each
file, made by the code a search without the index runs (:func:`_prepare`), and the hits are
scored by the same function (:func:`_hits`; both in :mod:`copkit.model.search_rows`), so that
both give the same hits, in the same order:

* ``lines``: each line of a weighted field that holds a word: its record, number, field, text,
  and the folded words a query looks for in it (a block scalar's line, or the value of a
  'key: value' line); ``records``: each record's id and title;
* ``words``: those folded words, for "which lines hold a word of the query". Folded words are
  ASCII ``[a-z0-9]+``, which FTS5's ascii tokenizer splits exactly as copkit does, and a
  query word is the prefix query ``"word"*``: quoted, so that nothing the user types is FTS5
  syntax (folding has already removed ``"``, ``*``, ``-``, ``(`` and ``:``, and lower-cased
  ``NEAR``, ``AND`` and ``OR``), and bound as a parameter, never SQL.

A file the index cannot hold exactly (see :func:`copkit.model.search_index._indexable`) is
searched without it.

It is kept fresh per file: each query lists the files and compares each one's size, times and
inode (:func:`copkit.model.cache.stamp`) with the index, and indexes again only the new and
changed files (and forgets the removed ones). A file indexed within two seconds of its last change
could change again without its stamp changing (its time has the file system's resolution):
such a "racy" file (git's word) is kept with a digest of its text, and read again by later
queries until it is older. An index that cannot be read or written, is damaged or comes from
another copkit version is rebuilt, or the query runs without it: the index never makes find
fail. ``COPKIT_NO_CACHE=1`` searches without it.
"""

from __future__ import annotations

import os
from pathlib import Path

from copkit.model.search_index import _LONGEST_TERM, _Index
from copkit.model.search_index import index_path as index_path
from copkit.model.search_rows import WEIGHTS as WEIGHTS
from copkit.model.search_rows import Hit as Hit
from copkit.model.search_rows import Line as Line
from copkit.model.search_rows import _contains, _hits, _prepare, _read
from copkit.model.search_rows import fold_lines as fold_lines
from copkit.text import fold


def _terms(query: str) -> list[str]:
    return list(dict.fromkeys(fold(query).split()))


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
    for folder, kind in (("practices", "practice"), ("meetings", "meeting"),
                         ("stories", "story")):
        base = root / folder
        if base.is_dir():
            out += [(f"{folder}/{n}", kind) for n in sorted(os.listdir(base))
                    if n.endswith(".yaml")]
    for name, kind in (("learning-agenda.yaml", "topic"), ("members.yaml", "member"),
                       ("organisations.yaml", "organisation")):
        if (root / name).is_file():
            out.append((name, kind))
    return out


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
