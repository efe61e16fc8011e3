"""git through gitpython: finding the repository, the user's identity, committing touched paths.

Commit rules (used by every command that changes records):
* only the paths the command wrote are staged and committed (``git commit --only -- paths``),
  so whatever else the user has changed or staged is left alone;
* the author is the user's own git identity; with none set, a clear error says how to set it;
* record text never reaches git as an option, ref or config: paths follow ``--`` and the
  message is passed on standard input;
* ``contacts.yaml`` (the members' contact details, :mod:`copkit.contacts`) is never committed:
  a commit that would include it is refused before anything is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from copkit.errors import GitError
from copkit.yaml import txn


def find_repo_root(path: Path) -> Path | None:
    """The root of the git work tree holding ``path``, without starting git."""
    current = Path(path).resolve()
    for folder in (current, *current.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _git_module() -> Any:
    try:
        import git
    except ImportError as exc:  # gitpython raises ImportError when no git executable is found
        raise GitError(
            "git is not installed or cannot be run",
            "install git (https://git-scm.com/downloads, or your system's package manager) "
            "and try again",
        ) from exc
    return git


def open_repo(path: Path) -> Any:
    """A gitpython Repo for the repository holding ``path``."""
    git = _git_module()
    root = find_repo_root(path)
    if root is None:
        raise GitError(f"{path} is not inside a git repository",
                       f"run `git init` in {path}, or `copkit init` to start a new CoP")
    try:
        return git.Repo(root)
    except git.exc.GitError as exc:
        raise GitError(f"cannot open the git repository at {root}: {exc}") from None


def init_repo(path: Path) -> Any:
    git = _git_module()
    try:
        return git.Repo.init(path, initial_branch="main")
    except (git.exc.GitError, OSError) as exc:
        raise GitError(f"git init failed in {path}: {exc}") from None


def identity(repo: Any) -> tuple[str, str]:
    """The user's git name and email as git itself would find them (environment, repository,
    global and system config, ``GIT_CONFIG_GLOBAL`` respected); a clear error when missing."""
    return global_identity(Path(repo.working_tree_dir or repo.git_dir))


def global_identity(path: Path) -> tuple[str, str]:
    """The identity git would use in ``path`` (repository, global or system config), checked
    before copkit writes anything; raises the same clear error as :func:`identity`."""
    values = [os.environ.get(env, "").strip() for env in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL")]
    if not all(values):  # one git process for both (the last value of each wins, as in git)
        found = _config_values(Path(path if Path(path).is_dir() else Path(path).parent),
                               r"^user\.(name|email)$")
        values = [values[0] or found.get("user.name", ""),
                  values[1] or found.get("user.email", "")]
    if not all(values):
        raise GitError(
            "git does not know who you are, so copkit cannot commit your change",
            'set your identity once: git config --global user.name "Your Name" && '
            'git config --global user.email "you@example.org"',
        )
    return values[0], values[1]


def _config_values(folder: Path, pattern: str) -> dict[str, str]:
    """The git config values whose keys match ``pattern`` in ``folder`` (repository, global and
    system config, as git reads them), the last one of each key; {} when none is set."""
    git = _git_module()
    try:
        out = str(git.Git(str(folder)).config("-z", "--get-regexp", pattern))
    except git.exc.GitCommandError:  # exit 1: no key matches
        return {}
    found = {}
    for entry in out.split("\0"):
        key, _, value = entry.partition("\n")
        if key:
            found[key] = value.strip()
    return found


# set by the CLI's --include-changes: a commit may take in what the user changed by hand
# in the files the command writes
INCLUDE_CHANGES = {"on": False}


def commit_paths(repo: Any, paths: Iterable[Path | str], subject: str,
                 body: Iterable[str] = (), *, check_changes: bool = True) -> str:
    """Commit exactly ``paths`` (absolute or relative to the work tree). Returns the sha.

    Before anything lands: HEAD must be on a branch, no stale index.lock, and (unless
    ``--include-changes``) none of the files may hold uncommitted changes of the user's, which
    the commit would take in. Then the command's transaction, if any, is applied (its journal
    names this commit, for :func:`copkit.edit.store.recover`) and the commit made."""
    identity(repo)
    git = _git_module()
    work = Path(repo.working_tree_dir).resolve()
    rel = _relative(work, paths)
    refuse_private(rel)
    lines = list(body)
    message = subject + ("\n\n" + "\n".join(lines) if lines else "") + "\n"
    has_head = repo.head.is_valid()
    on_branch(repo)
    index_lock_free(repo)
    tx = txn.current()
    if check_changes and has_head and not INCLUDE_CHANGES["on"]:
        refuse_user_changes(repo, work, rel)
    if tx is not None:
        root = tx.root
        tx.apply({"subject": subject, "body": lines,
                  "paths": [os.path.relpath(work / r, os.path.realpath(root)) for r in rel]})
    txn.fault_point("commit")
    try:
        existing = [r for r in rel if (work / r).exists()]
        if existing:
            repo.git.add("--", *existing)
        txn.fault_point("staged")
        args = ["--quiet", "--no-verify", "-F", "-"]
        if has_head:
            args.insert(0, "--only")
        repo.git.commit(*args, "--", *rel, istream=_stdin(message))
    except git.exc.GitCommandError as exc:
        if tx is not None:
            tx.finish()
        detail = (exc.stderr or str(exc)).strip().replace("stderr: ", "")
        raise GitError(f"git commit failed: {detail}",
                       "the files are written but not committed: check `git status`, then "
                       "commit them yourself; nothing copkit wrote was lost") from None
    txn.fault_point("committed")
    txn.committed([work / r for r in rel])
    if tx is not None:
        tx.finish()
    return str(repo.head.commit.hexsha)


# files that never enter git history (copkit.contacts.book.CONTACTS)
PRIVATE_FILES = ("contacts.yaml",)


def refuse_private(rel: Iterable[str]) -> None:
    """Refuse a commit that would include a file of :data:`PRIVATE_FILES`."""
    for r in rel:
        if r.rsplit("/", 1)[-1] in PRIVATE_FILES:
            raise GitError(f"{r} holds the members' contact details and is never committed; "
                           "nothing was written",
                           "share it with `copkit contacts export` instead; if it is tracked "
                           f"already, run `git rm --cached {r}`")


def _relative(work: Path, paths: Iterable[Path | str]) -> list[str]:
    rel: list[str] = []
    for p in paths:
        full = Path(p) if Path(p).is_absolute() else work / p
        full = full.resolve() if full.exists() else full
        try:
            rel.append(full.relative_to(work).as_posix())
        except ValueError:
            raise GitError(f"{p} is outside the repository {work}") from None
    if not rel:
        raise GitError("nothing to commit")
    return rel


def on_branch(repo: Any) -> None:
    """Refuse to commit on a detached HEAD: the commit would belong to no branch."""
    head = Path(repo.git_dir) / "HEAD"
    try:
        text = head.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return
    if text.startswith("ref:"):
        return
    raise GitError(
        f"HEAD is detached (at commit {text[:10]}), so a commit would belong to no branch",
        "go back to a branch first (`git switch main`, or `git switch -c NEW-BRANCH` to keep "
        "working from here), or pass --no-commit to write the files without committing")


def index_lock_free(repo: Any) -> None:
    """A leftover .git/index.lock makes every git commit fail: say which file and what to do."""
    import time

    lock = Path(repo.git_dir) / "index.lock"
    deadline = time.monotonic() + 3.0
    while lock.exists() and _git_running(repo) and time.monotonic() < deadline:
        time.sleep(0.05)  # a git at work: its lock goes when it ends
    if not lock.exists():
        return
    if _git_running(repo):
        raise GitError(f"{lock} exists: another git command is working in this repository",
                       "wait for it to finish and run the command again")
    raise GitError(
        f"{lock} exists but no git process is running: a git command that was stopped "
        "left it behind",
        f"remove it (rm '{lock}') and run the command again")


def wait_for_git(repo: Any, seconds: float = 3.0) -> None:
    """Wait (a while) for the git processes working in this repository to end: after a
    crash, the killed command's own git commit may still be landing."""
    import time

    deadline = time.monotonic() + seconds
    while _git_running(repo) and time.monotonic() < deadline:
        time.sleep(0.05)


def _git_running(repo: Any) -> bool:
    """Whether another git process works in this repository (its current folder inside it),
    by Linux's /proc; elsewhere, whether one may: assume so."""
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    work = str(Path(repo.working_tree_dir).resolve())
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "git":
                continue
            if (entry / "stat").read_text().rsplit(")", 1)[1].split()[1] == str(os.getpid()):
                continue  # gitpython's own helpers (cat-file) hold no lock
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if cwd == work or cwd.startswith(work + os.sep):
            return True
    return False


def refuse_user_changes(repo: Any, work: Path, rel: list[str]) -> None:
    """Stop when a file this process wrote held uncommitted changes before it wrote it: the
    commit would sweep them in under copkit's message. (A file copkit did not write is
    committed as the caller asks.)"""
    head = _head_blobs(repo, rel)
    changed = []
    for r in rel:
        written, before = txn.original(work / r)
        if written and before != head.get(r):  # what copkit found there was not committed
            changed.append(r)
    if changed:
        listed = ", ".join(changed)
        raise GitError(
            f"{listed} {'has' if len(changed) == 1 else 'have'} changes of yours that are not "
            "committed, and copkit's commit would take them in",
            f"commit them first (git commit -- {' '.join(changed)}), or run again with "
            "`copkit --include-changes ...` to commit them together, or with --no-commit")


def _head_blobs(repo: Any, rel: list[str]) -> dict[str, str]:
    out = repo.git.ls_tree("-z", "HEAD", "--", *rel)
    blobs: dict[str, str] = {}
    for entry in out.split("\0"):
        if "\t" in entry:
            meta, path = entry.split("\t", 1)
            blobs[path] = meta.split()[2]
    return blobs


def differs_from_head(repo: Any, paths: list[str]) -> bool:
    """Whether any of ``paths`` differs from HEAD (staged or not), or HEAD has none."""
    if not repo.head.is_valid():
        return True
    work = Path(repo.working_tree_dir).resolve()
    rel = _relative(work, paths)
    head = _head_blobs(repo, rel)
    for r in rel:
        try:
            data: bytes | None = (work / r).read_bytes()
        except FileNotFoundError:
            data = None
        if txn.blob_id(data) != head.get(r):
            return True
    return False


def _stdin(text: str) -> Any:
    import tempfile

    handle = tempfile.TemporaryFile()
    handle.write(text.encode("utf-8"))
    handle.seek(0)
    return handle


def commit_message(verb: str, record: str, changes: Iterable[Any] = ()) -> tuple[str, list[str]]:
    """The subject and body of a copkit commit: ``copkit: <verb> <record>`` and one line per
    change (a string, or anything with a ``text``, like :class:`copkit.git.semdiff.Change`).
    Line breaks in record text are folded so the subject stays one line."""

    def one_line(value: Any) -> str:
        return " ".join(str(value).split())

    subject = one_line(f"copkit: {verb} {record}")
    body = [one_line(getattr(c, "text", c)) for c in changes]
    return subject, [line for line in body if line]


def commit_change(repo: Any, paths: Iterable[Path | str], verb: str, record: str,
                  changes: Iterable[Any] = ()) -> str:
    """Commit the paths a command wrote with copkit's message convention (see
    :func:`commit_message`). ``repo`` is a gitpython Repo or a path inside the repository.
    Only ``paths`` are committed: whatever else is changed or staged stays as it was."""
    if isinstance(repo, (str, Path)):
        repo = open_repo(Path(repo))
    # ask git itself (gitpython's config reader ignores GIT_CONFIG_GLOBAL), so a missing
    # identity is the clear error, not git's own message
    global_identity(Path(repo.working_tree_dir))
    subject, body = commit_message(verb, record, changes)
    return commit_paths(repo, paths, subject, body)
