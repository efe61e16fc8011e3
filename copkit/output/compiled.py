"""Templates compiled once per process: the jinja2 bytecode cache (in memory) that every
environment of copkit.output.render shares. A process that renders many documents (the test
suite, a portfolio, a site) compiles each template once instead of each time (20-40 ms a
template).

jinja2 computes a template's constant parts when it compiles it, through the filters, and
the filters speak the environment's language: so a template's code is kept per language
(``environment.compiled_for``, set by render's environments, which otherwise all have the
same settings), per name and file, and used only while the file's text is the same.

The code is kept in the user's cache folder too (``templates/``, beside the parse cache; not
with ``COPKIT_NO_CACHE``), so that one command (a report, a newsletter) does not compile its
template again in each process (30-40 ms of a newsletter's 0.3 s). jinja2's header says which
Python wrote it; the key holds copkit's and jinja2's versions and the times of the modules
that define the filters (a constant folded through a filter of an older copkit is not used).
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket

LIMIT = 500  # templates kept (a CoP's own ones count too); the oldest go first


class Compiled(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.codes: dict[str, tuple[str, Any]] = {}

    def get_bucket(self, environment: Any, name: str, filename: str | None,
                   source: str) -> Bucket:
        key = self.get_cache_key(f"{_version()}|{environment.compiled_for}|{name}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self.codes.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]
            return
        folder = _folder()
        if folder is None:
            return
        try:  # jinja2 checks the header (its format, Python's) and the source's checksum
            bucket.bytecode_from_string((folder / f"{bucket.key}.jbc").read_bytes())
        except Exception:  # missing, unreadable, damaged: compiled again
            bucket.reset()
        if bucket.code is not None:
            self._keep(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._keep(bucket)
        folder = _folder()
        if folder is None or bucket.code is None:
            return
        path = folder / f"{bucket.key}.jbc"
        temp = folder / f".{bucket.key}.{os.getpid()}.tmp"
        try:  # any problem with the cache folder only means compiling next time
            folder.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(bucket.bytecode_to_string())
            os.replace(temp, path)
        except OSError:
            temp.unlink(missing_ok=True)

    def _keep(self, bucket: Bucket) -> None:
        if len(self.codes) >= LIMIT:
            self.codes.pop(next(iter(self.codes)))
        self.codes[bucket.key] = (bucket.checksum, bucket.code)


def _folder() -> Path | None:
    """The templates' folder in the user's cache folder (read each time: a test may change
    it), None with COPKIT_NO_CACHE."""
    from copkit.model.cache import cache_dir

    return None if os.environ.get("COPKIT_NO_CACHE") else cache_dir() / "templates"


@functools.cache
def _version() -> str:
    """copkit's and jinja2's versions and the times of the modules whose filters jinja2 may
    run while compiling."""
    from copkit import __version__, i18n

    parts = [__version__, jinja2.__version__]
    # render.py by its path beside this module: importing it would be an import circle
    for module in (__file__, i18n.__file__):
        folder = Path(str(module)).parent
        parts += [str(p.stat().st_mtime_ns) for p in sorted(folder.glob("*.py"))
                  if p.name in ("render.py", "__init__.py", "formats.py", "typography.py",
                                "msg.py")]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


@functools.cache
def compiled() -> Compiled:
    """The process's one cache."""
    return Compiled()
