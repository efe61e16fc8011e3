"""Running git: one way to start it (``git -C root``, pathspecs taken literally, never a prompt
for credentials, messages in English), with its errors turned into :class:`GitError`; and the
checking of a revision typed by the user, which never reaches git as an option."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from copkit.errors import GitError, NotACopError

_REV_OK = re.compile(r"^[A-Za-z0-9_./@{}^~:+-]+$")


class Git:
    """git run in the CoP folder (``git -C root``), with errors turned into GitError."""

    def __init__(self, root: Path) -> None:
        root = Path(root)
        if not root.is_dir():
            raise NotACopError(f"{root} is not a folder", "give the CoP folder with --cop DIR")
        self.root = root
        self._shallow: bool | None = None
        self._head: str | None = None  # HEAD's commit id; "" when there is none
        try:
            out = self.run("rev-parse", "--is-inside-work-tree", "--show-prefix",
                           "--absolute-git-dir", check=False)
        except FileNotFoundError:
            raise GitError("git is not installed or cannot be run",
                           "install git (https://git-scm.com/downloads) and try again") from None
        lines = out[1].split(b"\n")
        if out[0] != 0 or lines[0].strip() != b"true":
            raise GitError(
                f"{root} is not in a git repository, so it has no history",
                "copkit keeps the CoP's history in git: run `git init` and `git add -A && "
                "git commit -m start` in the CoP folder (copkit init does this for a new CoP)")
        # the CoP folder's path inside the repository ("" at its top)
        self.prefix = lines[1].decode("utf-8", "surrogateescape").strip() if len(lines) > 1 \
            else ""
        self.git_dir = Path(lines[2].decode("utf-8", "surrogateescape").strip()) \
            if len(lines) > 2 and lines[2].strip() else None

    def argv(self, *args: str) -> list[str]:
        """The command line of ``git args`` run in the CoP folder (pathspecs taken literally)."""
        return ["git", "--literal-pathspecs", "-C", str(self.root), *args]

    @staticmethod
    def env() -> dict[str, str]:
        """git's environment: never a prompt for credentials, messages in English."""
        return dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")

    def popen(self, *args: str, stdin: int | None = None, stderr: int = subprocess.DEVNULL,
              bufsize: int = -1) -> subprocess.Popen[bytes]:
        """``git args`` started with its output on a pipe, for a caller that reads it as it
        comes."""
        return subprocess.Popen(self.argv(*args), stdin=stdin, stdout=subprocess.PIPE,
                                stderr=stderr, env=self.env(), bufsize=bufsize)

    def run(self, *args: str, check: bool = True, stdin: bytes | None = None
            ) -> tuple[int, bytes, bytes]:
        proc = subprocess.run(self.argv(*args), input=stdin, capture_output=True,
                              env=self.env())
        if check and proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(f"git {args[0]} failed: {detail[-1] if detail else proc.returncode}",
                           "check `git status` in the CoP folder")
        return proc.returncode, proc.stdout, proc.stderr

    def out(self, *args: str) -> bytes:
        return self.run(*args)[1]

    @property
    def shallow(self) -> bool:
        if self._shallow is None:
            self._shallow = self.out("rev-parse", "--is-shallow-repository").strip() == b"true"
        return self._shallow

    @property
    def head(self) -> str | None:
        """The id of the commit HEAD named when first asked; None before the first commit."""
        if self._head is None:
            code, out, _ = self.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}",
                                    check=False)
            self._head = out.decode("ascii", "replace").strip() if code == 0 else ""
        return self._head or None

    @property
    def has_head(self) -> bool:
        return self.head is not None

    def empty_tree(self) -> str:
        return self.out("hash-object", "-t", "tree", "--stdin").decode().strip()


def resolve_revision(git: Git, rev: str) -> str:
    """The commit id a revision names; a clear error when it names none. The text is checked
    first and passed after ``--end-of-options``, so it can never act as an option."""
    text = rev.strip()
    if not text or text.startswith("-") or not _REV_OK.match(text) or ".." in text:
        raise GitError(f"'{rev}' is not a revision copkit understands",
                       "give a commit id (like 3f2a9c1), a branch or tag name, or HEAD~3; "
                       "or use --since DATE")
    if not git.has_head:
        raise GitError("the repository has no commits yet, so there is no history to compare",
                       "commit the CoP first: git add -A && git commit -m start")
    code, out, _ = git.run("rev-parse", "--verify", "--quiet", "--end-of-options",
                           f"{text}^{{commit}}", check=False)
    if code != 0:
        hint = "see the commits with `copkit history` or `git log --oneline`"
        if git.shallow:
            hint = ("this is a shallow clone, so older commits are missing: run "
                    "`git fetch --unshallow` to get the whole history")
        raise GitError(f"unknown revision '{rev}': no commit has that name", hint)
    return out.decode().strip()
