"""A cache of parsed record files, so that reading a large CoP again is fast.

Each file's parsed data is kept with the file's size, modification time, change time and inode;
a file whose stat differs is parsed again. Positions are not cached: when a finding needs one,
it is found in the file's text, reading only as far as that position (see
``copkit.yaml.read.SourceMap``).

The cache lives in the user's own cache folder (``$COPKIT_CACHE_DIR``, else
``$XDG_CACHE_HOME/copkit``, else ``~/.cache/copkit``), never inside the CoP: a CoP repository
comes from many hands, and a cache file inside it could be crafted by anyone. Set
``COPKIT_NO_CACHE=1`` to turn it off. Any problem with the cache (unreadable, unwritable, from
another copkit version) just means parsing from scratch.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from copkit import __version__

Stamp = tuple[int, int, int, int]


def cache_dir() -> Path:
    explicit = os.environ.get("COPKIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "copkit"


def charts_dir() -> Path:
    """Where the report's drawn charts are kept (copkit.output.charts), shared by every CoP:
    a chart holds the names it shows (the network picture), so forgetting a member empties it
    (copkit.records.forget)."""
    return cache_dir() / "charts"


def stamp(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class ParseCache:
    """Parsed data of one CoP's files, keyed by CoP-relative path and stamp."""

    def __init__(self, root: Path) -> None:
        self.enabled = not os.environ.get("COPKIT_NO_CACHE")
        key = hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:20]
        self.path = cache_dir() / f"parsed-{key}.pickle"
        self.entries: dict[str, tuple[Stamp, Any]] = {}
        self.seen: set[str] = set()
        self.dirty = False
        if self.enabled:
            self._load()

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                payload = pickle.load(handle)  # our own file, in the user's cache folder
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
                ValueError, TypeError):
            return
        if isinstance(payload, dict) and payload.get("version") == __version__:
            entries = payload.get("files")
            if isinstance(entries, dict):
                self.entries = entries

    def get(self, relpath: str, current: Stamp) -> Any:
        self.seen.add(relpath)
        entry = self.entries.get(relpath)
        if entry is not None and entry[0] == current:
            return entry[1]
        return None

    def put(self, relpath: str, current: Stamp, data: Any) -> None:
        if self.enabled:
            self.entries[relpath] = (current, data)
            self.dirty = True

    def save(self) -> None:
        if not self.enabled:
            return
        stale = set(self.entries) - self.seen
        for relpath in stale:
            del self.entries[relpath]
        if not (self.dirty or stale):
            return
        with contextlib.suppress(OSError, pickle.PicklingError, RecursionError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as handle:
                pickle.dump({"version": __version__, "files": self.entries}, handle,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
