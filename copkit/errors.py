"""The one exception root for every error a user should see as a message, not a traceback.

The CLI's single handler (``copkit.cli.main``) turns a :class:`CopkitError` into its message,
its hint and its exit code. Core modules raise these; they never print.
"""

from __future__ import annotations

import errno as _errno
import os
import re

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class CopkitError(Exception):
    """A problem the user can fix. ``location`` is ``path:line:col`` when a file is involved."""

    exit_code = EXIT_FINDINGS

    def __init__(self, message: str, hint: str | None = None, location: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.location = location

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class UsageError(CopkitError):
    """The command line itself is wrong (unknown option value, missing argument...)."""

    exit_code = EXIT_USAGE


class NotACopError(CopkitError):
    """The folder is not a community of practice."""

    @classmethod
    def not_a_folder(cls, path: object, exists: bool) -> NotACopError:
        """The CoP named is a file (``exists``) or nothing at all."""
        what = "is a file, not a folder" if exists else "does not exist"
        return cls(f"{path} {what}", "give the CoP folder with --cop DIR (the folder holding "
                   "charter.yaml)")


class RecordError(CopkitError):
    """A record cannot be read, written or found (bad file, unknown id, existing id...)."""


class GitError(CopkitError):
    """git is missing, the folder is not a repository, or a git operation failed."""


class ConflictError(CopkitError):
    """Another copkit process holds the lock, or a file changed underneath us."""



class FileError(CopkitError):
    """A file or folder could not be read or written: the disk is full, the folder is
    read-only, permission is denied... Not a bug: the message names the path and the cause."""

    @classmethod
    def from_os_error(cls, exc: OSError, path: object = None,
                      alternative: str | None = None) -> FileError | None:
        """``exc`` in plain words, located at ``path`` (by default the file the error names;
        see :func:`shown_path`), with a hint on what to do (``alternative`` adds another way:
        "choose another --out FILE"). None for an error that says nothing about the person's
        disk or files (that one stays a bug)."""
        cause = _OS_CAUSES.get(exc.errno or 0)
        if cause is None:
            return None
        where = path if path is not None else exc.filename2 or exc.filename
        shown = shown_path(where) if where is not None else None
        words, advice, anywhere = cause
        if shown:
            hint = advice.format(path=shown, folder=os.path.dirname(shown) or ".")
        else:
            hint = anywhere
        if alternative:
            hint += f", or {alternative}"
        return cls(words, hint, shown)


def shown_path(path: object) -> str:
    """``path`` as the person typed it, as well as copkit can tell: a temporary file copkit
    writes before renaming it (``.NAME.RANDOM.tmp``) is shown as the file it stands for, and
    a path inside the current folder is relative to it."""
    text = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else str(path)
    folder, name = os.path.split(text)
    temp = _TEMP_NAME.match(name)
    if temp:
        text = os.path.join(folder, temp.group(1))
    if os.path.isabs(text):
        try:
            relative = os.path.relpath(text)
        except ValueError:  # another drive on Windows
            return text
        if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
            return relative
    return text


# copkit's temporary files: .NAME.copkit-ID.tmp (copkit.store), .NAME.XXXXXXXX.tmp (mkstemp)
_TEMP_NAME = re.compile(r"^\.(.+)\.(?:copkit-[0-9a-f]+|[A-Za-z0-9_]{8})\.tmp$")

_PERMISSION = ("permission denied",
               "check the permissions of {path} and of its folder (ls -ld {folder} {path})",
               "check the permissions of the files and folders copkit uses")
_FULL = "run the command again"
# errno -> (the cause in plain words, what to do about {path} in {folder}, what to do when
# the error names no file)
_OS_CAUSES: dict[int, tuple[str, str, str]] = {
    _errno.ENOSPC: ("the disk is full",
                    f"free some space on the disk holding {{folder}} and {_FULL}",
                    f"free some space on the disk and {_FULL}"),
    _errno.EROFS: ("the folder is read-only",
                   "{folder} is on a disk mounted read-only: work on a copy on a writable "
                   "disk",
                   "work on a copy on a writable disk"),
    _errno.EACCES: _PERMISSION,
    _errno.EPERM: _PERMISSION,
    _errno.EIO: ("the disk failed to read or write it (an input/output error)",
                 f"check the disk or the network drive holding {{folder}} and {_FULL}",
                 f"check the disk or the network drive and {_FULL}"),
    _errno.ENAMETOOLONG: ("the name is too long for the disk",
                          "choose a shorter file name, or a folder with a shorter path",
                          "choose a shorter file name, or a folder with a shorter path"),
    _errno.ENOTDIR: ("a part of the path is a file, not a folder",
                     "check the path: every part before the file name must be a folder",
                     "check the path: every part before the file name must be a folder"),
    _errno.EISDIR: ("it is a folder, not a file", "give the name of a file",
                    "give the name of a file"),
    _errno.ELOOP: ("the path goes round a loop of symbolic links",
                   "replace the links in {path} with the folders themselves",
                   "replace the links in the path with the folders themselves"),
    _errno.EMFILE: ("too many files are open at once",
                    f"close other programs or raise the limit (ulimit -n) and {_FULL}",
                    f"close other programs or raise the limit (ulimit -n) and {_FULL}"),
    _errno.ENFILE: ("too many files are open on this computer",
                    f"close other programs and {_FULL}", f"close other programs and {_FULL}"),
}
if hasattr(_errno, "EDQUOT"):  # not on Windows
    _OS_CAUSES[_errno.EDQUOT] = (
        "your disk quota is used up",
        f"free some of your space on the disk holding {{folder}} (or ask for a larger quota) "
        f"and {_FULL}",
        f"free some of your space on the disk (or ask for a larger quota) and {_FULL}")
