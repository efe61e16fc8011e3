"""The one module that writes records: round-trip edits, atomic replace, a lock.

* ``edit(path)`` loads a file with ruamel.yaml's round-trip loader, configured with the file's
  own indentation, quotes kept and no line re-wrapping, so saving an unedited document gives
  back the same bytes and an edit changes only what it touches (comments, key order, quoting
  and blank lines survive). Edit containers in place: replacing a whole list loses the comments
  inside it.
* ``write_text`` replaces a file atomically: a temporary file in the same folder, flushed and
  fsync'ed, then renamed over the original, so a crash never leaves half a file.
* ``cop_lock`` serialises copkit processes writing the same CoP (fails cleanly after a wait).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from copkit.errors import ConflictError, RecordError
from copkit.yaml import txn


def write_text(path: Path, text: str, *, exclusive: bool = False,
               exists_hint: str | None = None) -> None:
    """Write ``text`` to ``path`` atomically. With ``exclusive``, refuse to replace a file."""
    write_bytes(path, text.encode("utf-8"), exclusive=exclusive, exists_hint=exists_hint)


def write_bytes(path: Path, data: bytes, *, exclusive: bool = False,
                exists_hint: str | None = None) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, fsync,
    rename. With ``exclusive``, refuse to replace a file (``exists_hint`` says what to do).
    Inside :func:`cop_lock` the write is staged in the command's transaction and lands with
    the others when the command commits (see :mod:`copkit.yaml.txn`). A symbolic link is written
    through: it stays a link."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    exists = RecordError(f"{path} already exists; copkit never overwrites a file unasked",
                         hint=exists_hint)
    if exclusive and path.exists():
        raise exists
    tx = txn.current()
    if tx is not None:
        tx.stage(path, data, None, exists if exclusive else None)
        return
    target = txn.target_of(path)
    txn.remember_original(target)
    mode = txn.file_mode(target)
    tmp = target.parent / f".{target.name}.copkit-{secrets.token_hex(6)}.tmp"
    txn.write_temp(tmp, data, mode)
    try:
        txn.fault_point("rename")
        if exclusive:
            try:
                os.link(tmp, target)  # fails if the file appeared meanwhile
            except FileExistsError:
                raise exists from None
        else:
            os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    txn.fsync_dir(target.parent)


def _guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as used in ``text``."""
    mapping = None
    offset = None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        ind = len(line) - len(stripped)
        if stripped.startswith("- ") or stripped == "-":
            if offset is None:
                # the dash's offset relative to the parent key's indentation
                for j in range(i - 1, -1, -1):  # no copy of the lines above
                    prev = lines[j]
                    ps = prev.lstrip(" ")
                    if ps and not ps.startswith("#"):
                        pind = len(prev) - len(ps)
                        if ps.rstrip().endswith(":") and pind <= ind:
                            offset = ind - pind
                        break
        elif mapping is None and ind > 0:
            for j in range(i - 1, -1, -1):
                prev = lines[j]
                ps = prev.lstrip(" ")
                if ps and not ps.startswith("#"):
                    pind = len(prev) - len(ps)
                    if ps.rstrip().endswith(":") and not ps.startswith("- ") and pind < ind:
                        mapping = ind - pind
                    break
        if mapping is not None and offset is not None:
            break
    mapping = mapping or 2
    offset = 2 if offset is None else offset
    return mapping, offset + 2, offset


def yaml_rt(text: str = "") -> Any:
    """A ruamel.yaml round-trip instance set up for ``text``'s own style (YAML 1.2)."""
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    mapping, sequence, offset = _guess_indent(text)
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    _keep_null_spelling(y)
    return y


def _keep_null_spelling(y: Any) -> None:
    """Write an empty value the way the file writes most of its own (``left:``, ``left: null``
    or ``left: ~``); ruamel keeps no spelling of a null, and would turn ``null`` into nothing."""
    from collections import Counter

    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.representer import RoundTripRepresenter

    seen: Counter[str] = Counter()

    class Constructor(RoundTripConstructor):
        def construct_yaml_null(self, node: Any) -> Any:
            seen[str(node.value)] += 1
            return None

    class Representer(RoundTripRepresenter):
        def represent_none(self, data: Any) -> Any:
            if len(self.represented_objects) == 0 and not self.serializer.use_explicit_start:
                return self.represent_scalar("tag:yaml.org,2002:null", "null")
            spelling = seen.most_common(1)[0][0] if seen else ""
            return self.represent_scalar("tag:yaml.org,2002:null", spelling)

    Constructor.add_constructor("tag:yaml.org,2002:null", Constructor.construct_yaml_null)
    Representer.add_representer(type(None), Representer.represent_none)
    y.Constructor = Constructor
    y.Representer = Representer


class Document:
    """A YAML file opened for a round-trip edit."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = Path(path)
        self.original = text
        # a file written with Windows line ends keeps them (ruamel writes "\n")
        self.newline = "\r\n" if "\r\n" in text else "\n"
        if self.newline == "\r\n":  # ruamel drops blank lines written "\r\n": read "\n"
            text = text.replace("\r\n", "\n")
        self._yaml = yaml_rt(text)
        self.data: Any = self._yaml.load(text) if text.strip() else None

    def dumps(self) -> str:
        _protect(self.data)
        buf = io.StringIO()
        self._yaml.dump(self.data, buf)
        text = buf.getvalue()
        if self.newline == "\r\n":
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return text

    @property
    def changed(self) -> bool:
        return self.dumps() != self.original

    def save(self) -> bool:
        """Write the document back atomically if it changed; True when written."""
        text = self.dumps()
        if text == self.original:
            return False
        from copkit.yaml.read import parse
        from copkit.yaml.scalars import YamlProblem

        try:
            parse(text, str(self.path))
        except YamlProblem as p:  # never write a file copkit itself could not read back
            raise RecordError(
                f"copkit produced invalid YAML for {self.path}: {p.message}") from None
        current = "" if current_bytes(self.path) is None else _raw_text(self.path)
        if current != self.original:
            raise ConflictError(f"{self.path} changed while copkit was editing it",
                                "run the command again")
        write_text(self.path, text)
        self.original = text
        return True


_RISKY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _protect(node: Any) -> None:
    """Give text holding control or line-separator characters the double-quoted style, whose
    escapes every YAML reader understands (plain or single-quoted, libyaml folds them)."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            items = list(current.items())
        elif isinstance(current, list):
            items = list(enumerate(current))
        else:
            continue
        for key, value in items:
            if isinstance(value, str):
                if _RISKY.search(value) and not isinstance(value, DoubleQuotedScalarString):
                    current[key] = DoubleQuotedScalarString(value)
            elif isinstance(value, (dict, list)):
                stack.append(value)


def current_bytes(path: Path) -> bytes | None:
    """What ``path`` holds as this command sees it: its own staged writes included (None when
    there is no such file)."""
    try:
        return txn.read_bytes(path)
    except FileNotFoundError:
        return None


def _raw_text(path: Path) -> str:
    """The file's text exactly as stored (line ends kept), without a UTF-8 BOM."""
    raw = current_bytes(path)
    if raw is None:
        raise RecordError(f"{path} does not exist")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordError(f"{path} is not UTF-8 text", "save it as UTF-8 and try again") from None


def edit(path: Path, relpath: str | None = None) -> Document:
    """Open ``path`` for a round-trip edit (the file must exist). It is read first as `copkit
    check` reads it (:func:`copkit.yaml.read.read_for_edit`): a file check refuses, or one too
    large to rewrite whole, is refused before anything is written; ``relpath`` names it in
    that error (by default, its file name)."""
    from copkit.yaml.read import read_for_edit

    checked = read_for_edit(Path(path), relpath or Path(path).name, whole=True)
    return Document(Path(path), _raw_text(path) if checked is None else checked.text)


def new_document(path: Path, text: str) -> Document:
    """A document for a file about to be created from ``text`` (not written yet)."""
    doc = Document(Path(path), text)
    doc.original = ""
    return doc


# what copkit did on its own that the person running the command should hear of (a journal
# finished or rolled back); the CLI prints these after the command
NOTICES: list[str] = []
_HELD = threading.local()  # ``folders``: the state folders whose lock this thread holds


def _held() -> set[Path]:
    if not hasattr(_HELD, "folders"):
        _HELD.folders = set()
    folders: set[Path] = _HELD.folders
    return folders


@contextlib.contextmanager
def cop_lock(root: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on the CoP while writing. Waits up to ``timeout`` seconds for
    another copkit process, then fails with a clear message instead of corrupting a file.
    Inside, every write is part of one transaction (:mod:`copkit.yaml.txn`); what an interrupted
    command left is finished or rolled back first. Taken again inside itself, it is the same
    lock and the same transaction (so a command can write and commit in one)."""
    import fcntl

    lock_dir = state_folder(Path(root))
    if lock_dir in _held():  # held by this thread already: the same lock, the same transaction
        yield
        return
    lock_dir.mkdir(parents=True, exist_ok=True)
    path = lock_dir / "lock"
    handle = open(path, "a+")
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ConflictError(
                        "another copkit command is writing to this CoP",
                        "wait for it to finish and run the command again") from None
                time.sleep(0.05)
        _held().add(lock_dir)
        if txn.current() is None:
            recover(Path(root))
        with txn.transaction(Path(root), lock_dir):
            yield
    finally:
        _held().discard(lock_dir)
        handle.close()


def recover(root: Path) -> None:
    """Finish or roll back what an interrupted copkit command left (the lock held); the
    commit it meant to make is made now, under its own message. Says so in :data:`NOTICES`."""
    folder = state_folder(root)
    done = txn.recover(root, folder)
    if done is None:
        return
    what = ", ".join(done.files) or "no file"
    if not done.finished:
        NOTICES.append(f"copkit rolled back an interrupted command: its unfinished files "
                       f"were removed ({what}); the records are as they were before it")
        txn.close(folder)
        return
    commit = done.commit or {}
    subject = str(commit.get("subject") or "copkit: change")
    sha = _commit_recovered(root, commit) if commit.get("paths") else None
    txn.close(folder)
    tail = f", committed as {sha[:10]}" if sha else ""
    NOTICES.append(f"copkit finished an interrupted command ('{subject}'): {what} "
                   f"written{tail}")


def _commit_recovered(root: Path, commit: dict[str, Any]) -> str | None:
    from copkit.git import commit as gitio

    repo = gitio.open_repo(root)
    paths = [str(txn.inside(root, str(p))) for p in commit["paths"]]
    gitio.wait_for_git(repo)  # the killed command's own git commit may still be landing
    gitio.index_lock_free(repo)
    if not gitio.differs_from_head(repo, paths):
        return None  # the command had committed already
    subject = str(commit.get("subject") or "copkit: change")
    body = [str(line) for line in commit.get("body") or []]
    return gitio.commit_paths(repo, paths, subject, [*body, "(completed by copkit after the "
                                                          "command was interrupted)"],
                              check_changes=False)


def state_folder(root: Path) -> Path:
    """Where the lock file lives: inside the repository's own .git folder (beside the history
    cache), so it never shows in `git status`; a CoP not (yet) in git, or in a worktree whose
    .git is a file, uses .copkit/ (which `copkit init`'s .gitignore leaves out)."""
    from copkit.git.commit import find_repo_root

    repo = find_repo_root(root)
    if repo is not None and (repo / ".git").is_dir():
        return repo / ".git" / "copkit"
    return root / ".copkit"


def repair(root: Path) -> list[str]:
    """Finish or roll back what an interrupted copkit command left, and remove the temporary
    files copkit's saves left in the CoP. Returns what was done, one line each."""
    with cop_lock(root):
        done = list(NOTICES)
        NOTICES.clear()
        _, temps = txn.leftovers(root, state_folder(root))
        for relpath in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(root / relpath)
            done.append(f"removed {relpath}, a temporary file copkit left while saving")
    return done
