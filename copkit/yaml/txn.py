"""All-or-nothing writes of several files, guarded by a journal.

A copkit command that writes records runs inside :func:`copkit.edit.store.cop_lock`, which opens a
:class:`Transaction`. While it is open, every :func:`copkit.edit.store.write_bytes` *stages* the
new content in a temporary file beside its target (``.NAME.copkit-TXID.tmp``, flushed and
fsync'ed) and leaves the target untouched. When the command commits (or leaves the lock
without an error), :meth:`Transaction.apply` writes the journal ``journal.json`` in copkit's
state folder (``.git/copkit/``, or ``.copkit/`` outside git) saying which temporary file
becomes which target, then renames them, then the git commit runs, then the journal goes.

What a kill leaves behind, and what the next copkit command does about it (:func:`recover`):

* before the journal says ``apply``: only temporary files; they are removed (rolled back);
* after it: every temporary file still there is renamed over its target, every file the
  command removes (:meth:`Transaction.delete`, a meeting renamed) is removed (finished), and
  the commit the command meant to make is made, under its own message.

So the files are always all old or all new once any copkit command has run again; ``check``
names a journal or a temporary file still there (:func:`leftovers`).

The fault seam (``COPKIT_FAULT``, for the fault-injection tests only): ``kill:N`` kills the
process at the N-th point where a write can be interrupted; ``enospc:N`` and ``eio:N`` make
the N-th file write fail with that error. ``COPKIT_FAULT_LOG=FILE`` lists the points passed.
"""

from __future__ import annotations

import contextlib
import errno as _errno
import hashlib
import json
import os
import re
import secrets
import signal
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit.errors import RecordError

JOURNAL = "journal.json"
TEMP_RE = re.compile(r"^\..+\.(copkit-[0-9a-f]{12}|[A-Za-z0-9_]{8})\.tmp$")
_LOCAL = threading.local()  # each thread's open transactions (``stack``)
# blob ids (git's sha1) of what each file held before this process first wrote it
_ORIGINALS: dict[Path, str | None] = {}


# ---------------------------------------------------------------- low-level writes
def new_file_mode() -> int:
    """0666 less the process's umask: records and reports are shared files, not secrets."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_temp(tmp: Path, data: bytes, mode: int) -> None:
    """``data`` into the new file ``tmp``, flushed and fsync'ed, with ``mode``. An OSError
    (a full disk, a failing one) names ``tmp`` even where write() or fsync() name no file."""
    try:
        fault_point("write")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, mode)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        if exc.filename is None:
            exc.filename = str(tmp)
        raise


def target_of(path: Path) -> Path:
    """Where writing ``path`` lands: its real path, so that a symbolic link is written through
    (it stays a link) and every name of one file is one entry."""
    return Path(os.path.realpath(path))


def blob_id(data: bytes | None) -> str | None:
    """git's id of a blob holding ``data`` (None for no file)."""
    if data is None:
        return None
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def remember_original(path: Path) -> None:
    """Note what ``path`` holds before this process first writes it (see :func:`original`)."""
    key = Path(os.path.abspath(path))
    if key not in _ORIGINALS:
        try:
            _ORIGINALS[key] = blob_id(key.read_bytes())
        except FileNotFoundError:
            _ORIGINALS[key] = None


def committed(paths: list[Path]) -> None:
    """``paths`` are committed: what they held before no longer matters."""
    for path in paths:
        _ORIGINALS.pop(Path(os.path.abspath(path)), None)


def original(path: Path) -> tuple[bool, str | None]:
    """(written by this process, blob id of what it held before) for ``path``."""
    key = Path(os.path.abspath(path))
    if key in _ORIGINALS:
        return True, _ORIGINALS[key]
    return False, None


# ---------------------------------------------------------------- the fault seam
_FAULTS = {"count": 0}


def reset_faults() -> None:
    """Count the points from zero again (a test running several commands in one process)."""
    _FAULTS["count"] = 0


def fault_point(what: str) -> None:
    """A place where a real crash or a failing disk can interrupt a write (tests only)."""
    log = os.environ.get("COPKIT_FAULT_LOG")
    if log:  # the tests learn a command's interruption points from this list
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(what + "\n")
    spec = os.environ.get("COPKIT_FAULT")
    if not spec:
        return
    kind, _, n = spec.partition(":")
    if kind == "kill" or what == "write":
        _FAULTS["count"] += 1
    if _FAULTS["count"] != int(n or 0):
        return
    if kind == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif what == "write" and kind in ("enospc", "eio"):
        code = _errno.ENOSPC if kind == "enospc" else _errno.EIO
        raise OSError(code, os.strerror(code))


# ---------------------------------------------------------------- the transaction
@dataclass
class Staged:
    target: Path
    tmp: Path
    exclusive: bool


@dataclass
class Transaction:
    root: Path
    folder: Path  # copkit's state folder, where the journal lives
    txid: str = field(default_factory=lambda: secrets.token_hex(6))
    staged: dict[Path, Staged] = field(default_factory=dict)
    deleted: dict[Path, None] = field(default_factory=dict)  # files removed on apply
    applied: bool = False

    @property
    def journal(self) -> Path:
        return self.folder / JOURNAL

    def stage(self, path: Path, data: bytes, mode: int | None,
              exists: Exception | None) -> None:
        """Put ``data`` aside for ``path``; the target changes only in :meth:`apply`."""
        target = target_of(Path(path))
        base = os.path.realpath(self.root)
        if os.path.commonpath([str(target), base]) != base:
            raise RecordError(f"{path} leads outside the CoP (to {target})",
                              "replace the link with the file itself")
        if self.applied:
            raise RecordError(f"copkit wrote {target} after committing its change",
                              "this is a bug in copkit: report it")
        entry = self.staged.get(target)
        if entry is None:
            if not self.staged:
                self._write_journal({"state": "prepare", "txid": self.txid})
            remember_original(target)
            tmp = target.parent / f".{target.name}.copkit-{self.txid}.tmp"
            entry = Staged(target, tmp, exclusive=exists is not None)
        else:
            os.unlink(entry.tmp)
        if exists is not None and target.exists():
            raise exists
        self.staged[target] = entry
        self.deleted.pop(target, None)  # written again after a delete: written, not removed
        write_temp(entry.tmp, data, mode if mode is not None else file_mode(target))

    def delete(self, path: Path) -> None:
        """Remove ``path`` when the change is applied, after the staged files are in place
        (the journal names it with them, so a kill between the two is finished or rolled back
        like a write). A link is removed, not the file it points to."""
        target = Path(os.path.realpath(Path(path).parent)) / Path(path).name
        base = os.path.realpath(self.root)
        if os.path.commonpath([str(target), base]) != base:
            raise RecordError(f"{path} is outside the CoP", "this is a bug in copkit: report it")
        if self.applied:
            raise RecordError(f"copkit removed {target} after committing its change",
                              "this is a bug in copkit: report it")
        if not self.staged and not self.deleted:
            self._write_journal({"state": "prepare", "txid": self.txid})
        entry = self.staged.pop(target, None)
        if entry is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.tmp)
        remember_original(target)
        self.deleted[target] = None

    def deleting(self, path: Path) -> bool:
        """Whether this transaction removes ``path``."""
        return bool(self.deleted) and \
            Path(os.path.realpath(Path(path).parent)) / Path(path).name in self.deleted

    def pending(self, path: Path) -> bytes | None:
        """What this transaction will write to ``path``, if anything."""
        entry = self.staged.get(target_of(Path(path)))
        return entry.tmp.read_bytes() if entry else None

    def apply(self, commit: dict[str, Any] | None = None) -> list[Path]:
        """Rename every staged file over its target and remove the files deleted, the
        journal saying so first."""
        if self.applied:
            return []
        self.applied = True
        if not self.staged and not self.deleted:
            return []
        for entry in self.staged.values():
            if entry.exclusive and entry.target.exists():
                self.discard()
                raise RecordError(f"{entry.target} appeared while copkit was writing it",
                                  "run the command again")
        files = [{"target": self._rel(e.target), "tmp": self._rel(e.tmp),
                  "exclusive": e.exclusive} for e in self.staged.values()]
        deletes = [self._rel(t) for t in self.deleted]
        self._write_journal({"state": "apply", "txid": self.txid, "files": files,
                             "deletes": deletes, "commit": commit})
        for entry in self.staged.values():
            rename(entry)
        for target in self.deleted:
            remove(target)
        for folder in {e.target.parent for e in self.staged.values()} | \
                {t.parent for t in self.deleted}:
            fsync_dir(folder)
        return [e.target for e in self.staged.values()] + list(self.deleted)

    def finish(self) -> None:
        """The change is complete (and committed, where it was to be): drop the journal."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.journal)

    def discard(self) -> None:
        """Forget every staged file: the targets never changed."""
        for entry in self.staged.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.tmp)
        self.staged.clear()
        self.deleted.clear()
        self.applied = True
        self.finish()

    def _rel(self, path: Path) -> str:
        return os.path.relpath(path, os.path.realpath(self.root))

    def _write_journal(self, payload: dict[str, Any]) -> None:
        fault_point("journal")
        self.folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=".journal.", suffix=".tmp", dir=self.folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.journal)
        fsync_dir(self.folder)


def file_mode(path: Path) -> int:
    """The mode a rewritten file keeps (a new file: what open() would give)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return new_file_mode()


def rename(entry: Staged) -> None:
    fault_point("rename")
    if not entry.tmp.exists():
        return  # renamed already (a journal being finished)
    if entry.exclusive:
        try:
            os.link(entry.tmp, entry.target)
        except FileExistsError:
            pass  # finished already; the file is the one staged
        os.unlink(entry.tmp)
    else:
        os.replace(entry.tmp, entry.target)


def remove(target: Path) -> None:
    """Remove a file a transaction deletes (gone already: a journal being finished)."""
    fault_point("delete")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)


def delete(path: Path) -> None:
    """Remove ``path`` with the running command's other changes (:meth:`Transaction.delete`),
    or at once outside a transaction."""
    tx = current()
    if tx is not None:
        tx.delete(path)
    else:
        remove(Path(path))


def _stack() -> list[Transaction]:
    if not hasattr(_LOCAL, "stack"):
        _LOCAL.stack = []
    stack: list[Transaction] = _LOCAL.stack
    return stack


def current() -> Transaction | None:
    stack = _stack()
    return stack[-1] if stack else None


# ---------------------------------------------------------------- reading one's own writes
def read_bytes(path: Path) -> bytes:
    """What ``path`` holds as the running command sees it: what it has staged, else the
    file (FileNotFoundError when neither)."""
    tx = current()
    pending = tx.pending(path) if tx is not None else None
    if pending is None and tx is not None and tx.deleting(path):
        raise FileNotFoundError(2, "removed by this command", str(path))
    return pending if pending is not None else Path(path).read_bytes()


def size_of(path: Path) -> int:
    """The size of what ``path`` holds as the running command sees it (OSError if nothing)."""
    tx = current()
    pending = tx.pending(path) if tx is not None else None
    return len(pending) if pending is not None else Path(path).stat().st_size


def is_file(path: Path) -> bool:
    tx = current()
    if tx is not None and tx.deleting(path):
        return tx.pending(path) is not None
    return (tx is not None and tx.pending(path) is not None) or Path(path).is_file()


def staged_names(folder: Path) -> list[str]:
    """Names of the files the running command is creating in ``folder``."""
    tx = current()
    if tx is None:
        return []
    real = Path(os.path.realpath(folder))
    return [t.name for t in tx.staged if t.parent == real]


@contextlib.contextmanager
def transaction(root: Path, folder: Path) -> Iterator[Transaction]:
    """Stage every write until the block ends without an error (then apply) or with one
    (then discard). A transaction inside another is the same transaction."""
    outer = current()
    if outer is not None:
        yield outer
        return
    tx = Transaction(Path(root), Path(folder))
    _stack().append(tx)
    try:
        yield tx
    except BaseException:
        tx.discard()
        raise
    else:
        if not tx.applied:
            tx.apply()
            tx.finish()
        elif tx.journal.exists() and (tx.staged or tx.deleted):
            tx.finish()
    finally:
        _stack().pop()


# ---------------------------------------------------------------- after a crash
@dataclass
class Recovery:
    """What :func:`recover` did with a journal left by an interrupted command."""

    finished: bool  # True: the change was completed; False: rolled back
    files: list[str]
    commit: dict[str, Any] | None


def recover(root: Path, folder: Path) -> Recovery | None:
    """Finish or roll back what an interrupted copkit command left (see the module notes).
    The caller commits ``Recovery.commit`` if it is set, then calls :func:`close`."""
    journal = Path(folder) / JOURNAL
    try:
        payload = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        payload = {"state": "prepare", "txid": ""}
    txid = str(payload.get("txid") or "")
    if payload.get("state") != "apply":
        removed = [os.path.relpath(p, root) for p in _temps_of(Path(root), txid)]
        for path in removed:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(Path(root) / path)
        return Recovery(False, removed, None)
    files = []
    for item in payload.get("files") or []:
        entry = Staged(inside(root, item["target"]), inside(root, item["tmp"]),
                       bool(item.get("exclusive")))
        rename(entry)
        files.append(str(item["target"]))
    for rel in payload.get("deletes") or []:
        remove(inside(root, str(rel)))
        files.append(str(rel))
    commit = payload.get("commit")
    return Recovery(True, files, commit if isinstance(commit, dict) else None)


def close(folder: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(Path(folder) / JOURNAL)


def inside(root: Path, rel: str) -> Path:
    base = os.path.realpath(root)
    path = os.path.normpath(os.path.join(base, rel))
    if os.path.commonpath([path, base]) != base:
        raise RecordError(f"copkit's journal names {rel}, outside the CoP",
                          "delete the journal file if you did not write it")
    return Path(path)


def _temps_of(root: Path, txid: str) -> list[Path]:
    if not txid:
        return []
    suffix = f".copkit-{txid}.tmp"
    return [Path(d) / n for d, _, names in os.walk(root) if ".git" not in Path(d).parts
            for n in names if n.endswith(suffix)]


def leftovers(root: Path, folder: Path) -> tuple[bool, list[str]]:
    """(a journal is there, the copkit temporary files left in the CoP)."""
    temps: list[str] = []
    for d, dirs, names in os.walk(root):
        dirs[:] = [x for x in dirs if x not in (".git", ".copkit")]
        temps.extend(os.path.relpath(Path(d) / n, root) for n in names if TEMP_RE.match(n))
    return (Path(folder) / JOURNAL).exists(), sorted(temps)
