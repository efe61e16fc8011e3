"""The words cache: each commit's changes in words, kept in the repository's git folder
(``.git/copkit/history-*.pickle``), so later runs of ``copkit history`` read the log without
files and only work out new commits. ``copkit member forget`` deletes these files by that
name (:mod:`copkit.records`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from copkit.git.runner import Git
    from copkit.git.words import Words


def _wording_code() -> list[Path]:
    """The source files whose code words the changes: this package's modules, and the YAML
    readers they parse with (a change to any of them may change the words)."""
    from copkit.yaml import read

    readers = Path(read.__file__).parent
    return [*sorted(Path(__file__).parent.glob("*.py")),
            *(readers / f"{name}.py"
              for name in ("read", "fast", "fast_text", "fast_flow", "scalars", "positions"))]


class WordsCache:
    """The changes of each commit (tuples of Change's fields), kept in the repository's git
    folder (``.git/copkit/``): a commit never changes, so its words are computed once and later runs
    of ``copkit history`` only work out the new commits. The file is tied to copkit's version
    and to the code that words the changes; any problem reading or writing it just means the
    words are computed again. (It is a pickle: it lives beside git's hooks, which run code
    anyway, and a clone never copies it.) ``COPKIT_HISTORY_CACHE=0`` turns it off."""

    def __init__(self, git: Git) -> None:
        self.path: Path | None = None
        if git.git_dir is None or os.environ.get("COPKIT_HISTORY_CACHE", "1") == "0":
            return
        import hashlib

        from copkit import __version__

        digest = hashlib.sha1(f"{__version__}\0{git.prefix}".encode())
        for module in _wording_code():
            try:
                digest.update(module.read_bytes())
            except OSError:
                return
        self.path = git.git_dir / "copkit" / f"history-{digest.hexdigest()[:20]}.pickle"

    def load(self) -> Words:
        if self.path is None:
            return {}
        import pickle

        try:
            with open(self.path, "rb") as handle:
                data = pickle.load(handle)
        except Exception:  # missing, truncated or from another version: compute again
            return {}
        return data if isinstance(data, dict) else {}

    def save(self, data: Words) -> None:
        if self.path is None:
            return
        import pickle
        import tempfile

        try:
            self.path.parent.mkdir(exist_ok=True)
            for stale in self.path.parent.glob("history-*.pickle"):
                if stale != self.path:
                    stale.unlink()
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".history-")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError:
            return
