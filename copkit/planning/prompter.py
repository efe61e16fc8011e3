"""How the walk talks to a person, and holding Ctrl-C back while it writes."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any, Protocol


class Prompter(Protocol):
    """How the walk talks to a person. ``ask`` and ``confirm`` raise EOFError at the end of
    input and KeyboardInterrupt on Ctrl-C."""

    def say(self, text: str = "") -> None: ...

    def ask(self, question: str, default: str | None = None) -> str: ...

    def confirm(self, question: str, default: bool = True) -> bool: ...


@contextlib.contextmanager
def shielded() -> Iterator[None]:
    """Hold Ctrl-C back while a file is written and committed; it takes effect right after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, frame: Any) -> None:
        caught.append(signum)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt
