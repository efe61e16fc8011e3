"""The one exception root for every error a user should see as a message, not a traceback.

The CLI's single handler (``copkit.cli.main``) turns a :class:`CopkitError` into its message,
its hint and its exit code. Core modules raise these; they never print.
"""

from __future__ import annotations

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
