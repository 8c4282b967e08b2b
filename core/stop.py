"""SIGTERM as an exception: a stopped process (a service manager, a Prefect cancellation) unwinds like Ctrl-C does,
so `finally` blocks and atexit handlers run (child processes stopped, temp files removed)."""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator


class Terminated(SystemExit):
    """Raised by SIGTERM; exits with 128 + the signal number, like the default action."""

    def __init__(self, signum: int):
        super().__init__(128 + signum)
        self.signum = signum


def _raise(signum, frame) -> None:
    raise Terminated(signum)


def raise_on_sigterm() -> None:
    """Make SIGTERM raise `Terminated` in this process (call from the main thread, as the CLI does)."""
    signal.signal(signal.SIGTERM, _raise)


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """`Terminated` on SIGTERM for the block, where SIGTERM would otherwise kill the process outright (main thread,
    default action). A host that handles SIGTERM already (the CLI, Prefect's flow engine) keeps its handler."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
