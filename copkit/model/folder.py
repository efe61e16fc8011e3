"""Which files a CoP folder holds: the top-level files and the record folders copkit reads
(:data:`TOP_FILES`, :data:`RECORD_DIRS`), each record file in a stable order, and the places
it refuses to read (a symbolic link that leads outside the CoP, a record folder that is a
file) or ignores (a ``.yml`` file), each as a finding. Reading and validating them is
:mod:`copkit.model.load`'s."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from copkit.model.findings import Finding

RECORD_DIRS = {"meetings": "meeting", "practices": "practice", "stories": "story",
               "surveys": "survey"}


def looks_like_cop(root: Path) -> bool:
    markers = ("charter.yaml", "members.yaml", "learning-agenda.yaml", "plan.yaml",
               "activities.yaml")
    return any((root / m).is_file() for m in markers)


TOP_FILES = ("charter.yaml", "members.yaml", "learning-agenda.yaml", "activities.yaml",
             "plan.yaml", "organisations.yaml")


def _leads_outside(path: Path, inside: Path) -> bool:
    """Whether ``path`` (a symbolic link) resolves to somewhere outside the folder
    ``inside`` (already resolved). A link that loops or cannot be resolved counts as outside."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):
        return True
    return not target.is_relative_to(inside)


def record_files_and_refusals(root: Path) -> Iterator[tuple[str, Path, Finding | None]]:
    """Every place a record file may be, in a stable order: (relpath, path, None) for a file
    to read, (relpath, path, finding) for one that is refused. A symbolic link that leads
    outside the CoP folder is refused without reading what it points at (it would print
    /etc/passwd, or a CI secret, back into the check's output and CI logs)."""
    inside = root.resolve()
    for name in TOP_FILES:
        path = root / name
        if path.is_symlink() and _leads_outside(path, inside):
            yield name, path, _link_finding(name, "file")
        elif path.is_file():
            yield name, path, None
    for folder in RECORD_DIRS:
        base = root / folder
        if base.is_symlink() and _leads_outside(base, inside):
            yield folder, base, _link_finding(folder, "folder")
            continue
        if not base.is_dir():
            if os.path.lexists(base):
                yield folder, base, Finding(
                    "bad-path", f"this is a file, not a folder: copkit reads each "
                    f"{RECORD_DIRS[folder]} from a .yaml file of its own inside a folder "
                    f"{folder}/", folder, 0, 0,
                    f"rename the file {folder}, then create the folder {folder}/ and put one "
                    f".yaml file per {RECORD_DIRS[folder]} in it")
            continue
        with os.scandir(base) as scan:
            entries = sorted((e.name, e.is_symlink(), e.is_file()) for e in scan
                             if e.name.endswith(".yaml"))
        for name, is_link, is_file in entries:
            path = base / name
            rel = f"{folder}/{name}"
            if is_link and _leads_outside(path, inside):
                yield rel, path, _link_finding(rel, "file")
            elif is_file:
                yield rel, path, None


def _link_finding(relpath: str, what: str) -> Finding:
    return Finding(
        "bad-path", f"this {what} is a symbolic link to a {what} outside the CoP folder; "
        "copkit does not read it", relpath, 0, 0,
        f"copy the {what} into the CoP folder instead of linking to it (records must live in "
        "the CoP's repository), or remove the link")


def folder_files(root: Path, folder: str) -> list[str]:
    """The ``folder/NAME.yaml`` files of one record folder, sorted by name (none when there
    is no such folder)."""
    base = Path(root) / folder
    if not base.is_dir():
        return []
    return [f"{folder}/{n}" for n in sorted(os.listdir(base)) if n.endswith(".yaml")]


def record_files(root: Path) -> Iterator[tuple[str, Path]]:
    """The CoP-relative paths (posix) of every record file, in a stable order. Symbolic links
    that lead outside the CoP folder are left out (see :func:`path_findings`)."""
    for relpath, path, refused in record_files_and_refusals(root):
        if refused is None:
            yield relpath, path


def path_findings(root: Path) -> list[Finding]:
    """Record files and folders that are not read: links leading outside the CoP folder, a
    record folder that is a file."""
    return [refused for _, _, refused in record_files_and_refusals(root) if refused is not None]


def misnamed_files(root: Path) -> Iterator[Finding]:
    inside = root.resolve()
    for folder in (root, *(root / d for d in RECORD_DIRS)):
        if not folder.is_dir() or (folder.is_symlink() and _leads_outside(folder, inside)):
            continue
        for path in sorted(folder.glob("*.yml")):
            rel = path.relative_to(root).as_posix()
            yield Finding("ignored-file", "copkit reads files ending in .yaml; this one is ignored",
                          rel, 0, 0, f"rename it to {path.stem}.yaml", "warning")
