"""Where a portfolio's CoPs are: folders, or git URLs cloned shallowly into copkit's cache.

A source is given on the command line or as a line of a LIST file (`--from`; blank lines and
lines starting with # are skipped). A git URL is never handed to git where it could be read
as an option (it always follows `--`), and one that starts with `-`, or names git's `ext::`
or `file::` transports (which run commands or reach around the URL rules), is refused before
git sees it."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from copkit.errors import CopkitError, UsageError

MAX_LIST = 1_000_000          # bytes of a LIST file
MAX_SOURCES = 5_000
_URL = re.compile(r"^(?:https?|ssh|git|file)://\S+$|^[\w.-]+@[\w.-]+:\S+$")
_TRANSPORT = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*::")


@dataclass(frozen=True)
class Source:
    given: str               # as written by the user
    url: str | None = None   # a git URL to clone; None for a folder
    origin: str = ""         # where it was given: "" (command line) or "LIST:line"
    folder: str | None = None  # a folder of a LIST file, relative to the LIST's folder

    @property
    def is_git(self) -> bool:
        return self.url is not None


def read_list(path: Path) -> list[Source]:
    """The sources of a LIST file, one a line (a relative folder is read from the LIST file's
    folder)."""
    try:
        data = path.read_bytes()[:MAX_LIST + 1]
    except OSError as e:
        raise CopkitError(f"{path}: cannot be read ({e.strerror})",
                          hint="give a text file with one folder or git URL a line") from None
    if len(data) > MAX_LIST:
        raise CopkitError(f"{path} is larger than {MAX_LIST:,} bytes",
                          hint="list at most a few thousand CoPs, one a line")
    text = data.decode("utf-8", errors="replace")
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            source = parse(line, f"{path}:{n}:1")
            if source.url is None:  # a folder: where the LIST file says, wherever it is read
                source = Source(line, None, source.origin, str(path.parent / line))
            out.append(source)
    return out


def parse(text: str, origin: str = "") -> Source:
    """A folder or a git URL; refuses what could reach git as an option or a transport."""
    where = f"{origin}: " if origin else ""
    if text.startswith("-"):
        raise UsageError(f"{where}'{_shown(text)}' starts with '-': a source is a folder or "
                         "a git URL, never an option", hint="write ./-name for a folder "
                         "whose name starts with '-'")
    if _TRANSPORT.match(text):
        raise UsageError(f"{where}'{_shown(text)}' uses a git transport (such as ext:: or "
                         "file::) that copkit refuses", hint="give an https://, ssh:// or "
                         "git@host:path URL, or a folder")
    if _URL.match(text):
        return Source(text, text, origin)
    return Source(text, None, origin)


def _shown(text: str) -> str:
    from copkit.text import printable

    return printable(text[:200])


def gather(paths: list[str], list_file: Path | None) -> list[Source]:
    sources = [parse(p) for p in paths]
    if list_file is not None:
        sources += read_list(list_file)
    if not sources:
        raise UsageError("no CoP given", hint="give folders or git URLs, or --from LIST")
    if len(sources) > MAX_SOURCES:
        raise UsageError(f"{len(sources)} sources: at most {MAX_SOURCES:,}")
    return sources


def clone_dir(cache: Path, url: str) -> Path:
    return cache / "clones" / hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]


def clone(cache: Path, url: str) -> Path:
    """A shallow clone of `url`'s default branch in the cache, made or brought up to date."""
    dest = clone_dir(cache, url)
    safe = ["git", "-c", "protocol.ext.allow=never", "-c", "core.hooksPath=/dev/null"]
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C", GIT_ASKPASS="true")
    if (dest / ".git").is_dir():
        steps = [[*safe, "-C", str(dest), "fetch", "--quiet", "--depth", "1", "origin"],
                 [*safe, "-C", str(dest), "reset", "--quiet", "--hard", "FETCH_HEAD"]]
    else:
        dest.parent.mkdir(parents=True, exist_ok=True)
        steps = [[*safe, "clone", "--quiet", "--depth", "1", "--no-tags", "--", url,
                  str(dest)]]
    for argv in steps:
        try:
            proc = subprocess.run(argv, capture_output=True, env=env, timeout=600,
                                  stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise CopkitError(f"{url}: cannot be cloned ({e})",
                              hint="check the URL and your network") from None
        if proc.returncode != 0:
            lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise CopkitError(f"{_shown(url)}: cannot be cloned: "
                              f"{_shown(lines[-1]) if lines else proc.returncode}",
                              hint="check the URL, that the repository exists and that you "
                              "may read it")
    return dest
