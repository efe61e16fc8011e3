"""Writing the site folder: refusals first (a folder of the CoP's records, a folder that is not
a site copkit built, unless --force), then only what changed.

`.copkit-site.json` in the folder records, for every file written, the hash of what it was
made from (a page: its template set, language and context; a copied file: its bytes) and of
what was written. A page whose source hash is unchanged is neither rendered nor written; a
file that was written before and is no longer part of the site is removed (only files the
manifest lists: nothing else in the folder is touched).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from copkit.errors import UsageError

MANIFEST = ".copkit-site.json"
RECORD_FOLDERS = ("meetings", "practices", "stories", "surveys", "templates", "files", ".git",
                  ".copkit")


def check_out(out: Path, cop_root: Path, force: bool) -> dict[str, Any]:
    """Refuse an `--out` folder that would mix the site with the records (the CoP folder
    itself, one of its record folders, a folder holding the CoP), or that exists, is not
    empty and is not a site copkit built (unless `force`); return the previous manifest."""
    target = out.resolve()
    root = cop_root.resolve()
    inside = [root / f for f in RECORD_FOLDERS]
    if target == root or target in root.parents or \
            any(target == f or f in target.parents for f in inside):
        raise UsageError(f"--out {out} is the CoP's folder or one of its record folders: "
                         "the site would be mixed with the records",
                         hint="choose a folder of its own, e.g. --out _site (add it to "
                              ".gitignore) or a folder outside the CoP")
    if target.exists() and not target.is_dir():
        raise UsageError(f"--out {out} is a file", hint="give a folder for the site")
    manifest = read_manifest(target)
    if manifest is None and target.is_dir() and any(target.iterdir()) and not force:
        raise UsageError(f"--out {out} is a folder that holds other files and no site copkit "
                         "built", hint="choose an empty or new folder, or add --force to "
                         "write the site into it (its other files are left as they are)")
    return manifest or {}


def read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else None


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8") if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()[:32]


def unchanged(out: Path, previous: dict[str, Any], path: str, source: str) -> bool:
    """Whether `path` was made from the same source last time and is still there as written."""
    old = previous.get("files", {}).get(path)
    return isinstance(old, dict) and old.get("source") == source and (out / path).is_file()


def write_file(out: Path, path: str, data: bytes) -> None:
    """Write one file atomically (a temporary file beside it, then a rename)."""
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def finish(out: Path, previous: dict[str, Any], files: dict[str, str]) -> int:
    """Remove the files of the previous site that are gone, write the manifest; the number of
    files removed."""
    removed = 0
    for path in previous.get("files", {}):
        if path not in files and not path.startswith(("/", "..")) and ".." not in path.split("/"):
            with contextlib.suppress(OSError):
                (out / path).unlink()
                removed += 1
    data = {"generator": "copkit site",
            "files": {p: {"source": s} for p, s in sorted(files.items())}}
    write_file(out, MANIFEST, (json.dumps(data, indent=0, sort_keys=True) + "\n").encode())
    return removed
