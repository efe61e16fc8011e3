"""Templates compiled once per process: the jinja2 bytecode cache (in memory) that every
environment of copkit.output.render shares. A process that renders many documents (the test
suite, a portfolio, a site) compiles each template once instead of each time (20-40 ms a
template).

jinja2 computes a template's constant parts when it compiles it, through the filters, and
the filters speak the environment's language: so a template's code is kept per language
(``environment.compiled_for``, set by render's environments, which otherwise all have the
same settings), per name and file, and used only while the file's text is the same.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2
from jinja2.bccache import Bucket

LIMIT = 500  # templates kept (a CoP's own ones count too); the oldest go first


class Compiled(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.codes: dict[str, tuple[str, Any]] = {}

    def get_bucket(self, environment: Any, name: str, filename: str | None,
                   source: str) -> Bucket:
        key = self.get_cache_key(f"{environment.compiled_for}|{name}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self.codes.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if len(self.codes) >= LIMIT:
            self.codes.pop(next(iter(self.codes)))
        self.codes[bucket.key] = (bucket.checksum, bucket.code)


@functools.cache
def compiled() -> Compiled:
    """The process's one cache."""
    return Compiled()
