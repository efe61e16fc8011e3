"""`copkit` in processes of their own, without paying Python's start and copkit's imports
for each one: a helper process imports copkit's command modules once, then forks a child per
command. Each child is a real process (its own memory, files, locks; SIGKILL ends it on the
spot, as it would end `python -m copkit`) that runs copkit's entry point with the arguments,
environment and working folder it was given, its output in files, then exits with copkit's
exit code. For tests where the process boundary is the point (kills, many writers at once)
and the command runs many times; `python -m copkit` itself is tested in tests/test_cli.py.

    with Forks() as forks:
        child = forks.start(["member", "add", "Ana", "--cop", str(root)], env)
        done = forks.wait(child)          # CompletedProcess: returncode, stdout, stderr
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Child:
    pid: int
    argv: list[str]
    out: Path
    err: Path


class Forks:
    """The helper process (started on first use) and the children it forked."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[str] | None = None
        self._folder = Path(tempfile.mkdtemp(prefix="copkit-forks-"))
        self._count = 0

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        if self._proc is None:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", "from tests.forks import serve; serve()"], cwd=ROOT,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(json.dumps(request) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the fork helper ended (exit {self._proc.wait()})")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def start(self, args: list[str], env: dict[str, str], cwd: Path | None = None) -> Child:
        """Fork a child running ``copkit ARGS`` with exactly ``env``."""
        self._count += 1
        out = self._folder / f"{self._count}.out"
        err = self._folder / f"{self._count}.err"
        pid = self._ask({"args": args, "env": env, "cwd": str(cwd or Path.cwd()),
                         "out": str(out), "err": str(err)})["pid"]
        return Child(int(pid), ["copkit", *args], out, err)

    def wait(self, child: Child, kill_after: float | None = None
             ) -> subprocess.CompletedProcess[str]:
        """The child's exit code (negative: the signal that ended it) and output; with
        ``kill_after``, a SIGKILL if it still runs after that many seconds."""
        request: dict[str, Any] = {"wait": child.pid}
        if kill_after is not None and hasattr(os, "pidfd_open"):  # Linux: wait on its end
            pidfd = os.pidfd_open(child.pid)
            try:
                if not select.select([pidfd], [], [], kill_after)[0]:
                    os.kill(child.pid, signal.SIGKILL)
            finally:
                os.close(pidfd)
        elif kill_after is not None:  # elsewhere the helper, its parent, watches it
            request["kill_after"] = kill_after
        code = int(self._ask(request)["code"])
        out = child.out.read_text(encoding="utf-8", errors="replace")
        err = child.err.read_text(encoding="utf-8", errors="replace")
        child.out.unlink()
        child.err.unlink()
        return subprocess.CompletedProcess(child.argv, code, out, err)

    def run(self, args: list[str], env: dict[str, str], kill_after: float | None = None
            ) -> subprocess.CompletedProcess[str]:
        return self.wait(self.start(args, env), kill_after)

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait(timeout=60)
            assert proc.stdout is not None
            proc.stdout.close()
        for path in self._folder.iterdir():
            path.unlink()
        self._folder.rmdir()

    def __enter__(self) -> Forks:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def serve() -> None:
    """The helper: import copkit's commands, then for each request line fork a child (answer
    its pid) or reap one (answer its exit code)."""
    import importlib

    from copkit.cli.main import COMMANDS

    for module in dict.fromkeys(entry.module for entry in COMMANDS):
        importlib.import_module(module)
    for line in sys.stdin:
        request = json.loads(line)
        if "wait" in request:
            answer = {"code": _reap(int(request["wait"]), request.get("kill_after"))}
        else:
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                _child(request)  # never returns
            answer = {"pid": pid}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def _reap(pid: int, kill_after: float | None) -> int:
    """The exit code of the child ``pid`` (negative: the signal that ended it), killed with
    SIGKILL if it still runs ``kill_after`` seconds from now."""
    if kill_after is not None:
        import time

        deadline = time.monotonic() + kill_after
        while True:
            ended, status = os.waitpid(pid, os.WNOHANG)
            if ended:
                return os.waitstatus_to_exitcode(status)
            if time.monotonic() >= deadline:
                os.kill(pid, signal.SIGKILL)
                break
            time.sleep(0.002)  # the poll's step (no way to wait on a child with a timeout)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _child(request: dict[str, Any]) -> None:
    """In the forked child: copkit's entry point as `python -m copkit ARGS` would run it."""
    code = 1
    try:
        _redirect(0, open(os.devnull, "rb"))
        _redirect(1, open(request["out"], "wb"))
        _redirect(2, open(request["err"], "wb"))
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        sys.argv = ["copkit", *request["args"]]
        from copkit.cli.main import run

        try:
            run()
            code = 0
        except SystemExit as exc:
            code = _exit_code(exc.code)
        except BaseException:  # as the interpreter would: the traceback, exit 1
            import traceback

            traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # the child ends either way
                pass
        os._exit(code)


def _redirect(fd: int, file: IO[bytes]) -> None:
    os.dup2(file.fileno(), fd)
    file.close()


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
