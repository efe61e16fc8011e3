"""Reading blobs by id with ``git cat-file --batch``: the blobs a walk will need are asked for
all at once and streamed in order (no round trip per blob); any other is read on demand."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from copkit.git.runner import Git


class Blobs:
    """``git cat-file --batch`` processes reading blobs by id.

    :meth:`prefetch` gives the ids a walk will ask for, in order: a second ``cat-file`` process
    is fed them all at once by a thread, so their contents stream without a round trip per
    blob; any other id is read on demand from the first process."""

    def __init__(self, git: Git) -> None:
        self.git = git
        self._proc: subprocess.Popen[bytes] | None = None
        self._stream: subprocess.Popen[bytes] | None = None
        self._planned: dict[str, int] = {}
        self._ahead: dict[str, bytes | None] = {}
        self._order: list[str] = []
        self._next = 0
        self._writer: Any = None

    def _spawn(self) -> subprocess.Popen[bytes]:
        return self.git.popen("cat-file", "--batch", stdin=subprocess.PIPE, bufsize=1 << 16)

    def start(self) -> None:
        """Begin a plan that grows while the walk goes on (:meth:`add`, then :meth:`finish`),
        for a walk that starts before git has listed every commit."""
        self._stream = self._spawn()
        self._widen(self._stream)

    def add(self, shas: Iterable[str]) -> None:
        """Ask the streaming process for more blobs, in the order they will be read (from the
        thread that plans the walk; a blob already asked for is not asked again)."""
        stream = self._stream
        if stream is None or stream.stdin is None:
            return
        lines = []
        for sha in shas:
            if sha not in self._planned:
                self._planned[sha] = len(self._order)
                self._order.append(sha)
                lines.append(sha + "\n")
        if lines:
            try:
                stream.stdin.write("".join(lines).encode("ascii"))
                stream.stdin.flush()
            except (OSError, ValueError):  # the walk stopped early; nothing more to send
                pass

    def finish(self) -> None:
        """The plan is complete: git may end the stream once it has written every blob."""
        stream = self._stream
        if stream is not None and stream.stdin is not None and not stream.stdin.closed:
            try:
                stream.stdin.close()
            except OSError:
                pass

    @staticmethod
    def _widen(proc: subprocess.Popen[bytes]) -> None:
        try:  # a larger pipe moves big blobs with fewer switches between the two processes
            import fcntl

            fcntl.fcntl(proc.stdout.fileno(),  # type: ignore[union-attr]
                        getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
        except (ImportError, OSError, AttributeError):
            pass

    def prefetch(self, shas: Iterable[str]) -> None:
        import threading

        order = list(dict.fromkeys(s for s in shas if s))
        if not order:
            return
        self._order = order
        self._planned = {sha: i for i, sha in enumerate(order)}
        self._stream = self._spawn()
        self._widen(self._stream)
        stdin: IO[bytes] = self._stream.stdin  # type: ignore[assignment]
        payload = "".join(sha + "\n" for sha in order).encode("ascii")

        def feed() -> None:
            try:
                stdin.write(payload)
                stdin.close()
            except OSError:  # the reader stopped early; nothing more to send
                pass

        self._writer = threading.Thread(target=feed, daemon=True)
        self._writer.start()

    @staticmethod
    def _answer(stdout: IO[bytes]) -> bytes | None:
        header = stdout.readline().split()
        if len(header) != 3:
            return None
        size = int(header[2])
        data = stdout.read(size)
        stdout.read(1)
        return data

    def read(self, sha: str) -> bytes | None:
        if sha in self._ahead:
            return self._ahead.pop(sha)
        index = self._planned.get(sha)
        if index is not None and index >= self._next and self._stream is not None:
            stdout: IO[bytes] = self._stream.stdout  # type: ignore[assignment]
            while self._next <= index:
                got = self._order[self._next]
                self._next += 1
                data = self._answer(stdout)
                if got == sha:
                    return data
                self._ahead[got] = data
        if self._proc is None:
            self._proc = self._spawn()
        stdin: IO[bytes] = self._proc.stdin  # type: ignore[assignment]
        stdin.write(sha.encode("ascii") + b"\n")
        stdin.flush()
        return self._answer(self._proc.stdout)  # type: ignore[arg-type]

    def close(self) -> None:
        for name in ("_proc", "_stream"):
            proc = getattr(self, name)
            if proc is None:
                continue
            setattr(self, name, None)
            try:
                if proc.stdin and not proc.stdin.closed and (name == "_proc"
                                                             or self._writer is None):
                    proc.stdin.close()
                if proc.stdout:
                    proc.stdout.close()
                proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                proc.kill()
                proc.wait()
        if self._writer is not None:
            self._writer.join(timeout=5)
            self._writer = None

    def __enter__(self) -> Blobs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
