"""Stopping worker threads whichever way their owner goes (closed, deleted, or the
interpreter exiting): Qt aborts the process if a running QThread is destroyed."""

from __future__ import annotations

import atexit
import threading

from PySide6.QtCore import QThread


class ThreadStopper:
    """Stops the worker thread. Holds no reference to the thread's owner, so it can run while
    that object is being destroyed, and it is also run at interpreter exit as a last resort."""

    live: set[ThreadStopper] = set()

    def __init__(self, thread: QThread) -> None:
        self._thread = thread
        self.cancel: threading.Event | None = None
        ThreadStopper.live.add(self)

    def __call__(self, *_args: object) -> None:
        if self not in ThreadStopper.live:
            return
        ThreadStopper.live.discard(self)
        if self.cancel is not None:
            self.cancel.set()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()


@atexit.register
def _stop_all_threads() -> None:
    for stop in list(ThreadStopper.live):
        stop()
