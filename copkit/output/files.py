"""Writing a document's files: what was written (`Output`), the refusal to replace a file
unforced, and the writing itself, each file atomically, all or none."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from copkit.errors import RecordError

EXISTS_HINT = "add --force to replace it, or choose another --out FILE"


@dataclass
class Output:
    """What a document's writing wrote, or the Markdown to print."""
    text: str | None = None          # Markdown when printed to stdout
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def refuse_existing(paths: list[Path], force: bool) -> None:
    """Unless `force`, refuse when one of `paths` exists (before anything is drawn or made)."""
    if force:
        return
    existing = [p for p in paths if p.exists()]
    if existing:
        raise RecordError(f"{existing[0]} already exists", hint=EXISTS_HINT)


def write_outputs(items: list[tuple[Path, str | bytes]], *, force: bool,
                  exists_hint: str = EXISTS_HINT) -> None:
    """Write the files of one document (the report and its charts): each atomically
    (`copkit.store.write_bytes`), never over a file unforced. When one cannot be written (the
    disk is full, the folder is read-only...), the files this call created before it are
    removed again, and the error names the file and the cause (a FileError). Forced, a file
    that already holds the very bytes (a chart that did not change) is left as it is: no
    write, no sync of the disk."""
    from copkit.edit.store import write_bytes
    from copkit.errors import FileError

    created: list[Path] = []
    replaced = False
    try:
        for path, data in items:
            existed = path.exists()
            data = data.encode("utf-8") if isinstance(data, str) else data
            if force and existed and _holds(path, data):
                continue
            write_bytes(path, data, exclusive=not force, exists_hint=exists_hint)
            if existed:
                replaced = True
            else:
                created.append(path)
    except BaseException as exc:
        for done in created:
            with contextlib.suppress(OSError):
                done.unlink()
        if not isinstance(exc, OSError):
            raise
        named = exc.filename is not None or exc.filename2 is not None
        error = FileError.from_os_error(exc, None if named else path,
                                        alternative="choose another --out FILE")
        if error is None:
            raise
        if not replaced:
            error.message += " (nothing was written)"
        raise error from None


def _holds(path: Path, data: bytes) -> bool:
    """Whether `path` is a plain file (not a link) that holds exactly `data`."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False
