"""Silence native (C++) log lines written straight to file descriptors 1 and 2."""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import threading
from collections.abc import Iterator

# The descriptors are the process's, not a thread's: silences opened in several threads
# (the pose estimator's spans its first frames while the second-person check starts its
# own graph in a worker thread) overlap without nesting, so the first to open one
# redirects and only the last to close restores. Restoring whatever each one saw on entry
# would leave the descriptors on /dev/null when they end out of order.
_lock = threading.Lock()
_open_silences = 0
_saved: dict[int, int] = {}
# Descriptors belong to the process, so whether they may be swapped is the process's
# choice too: a long-running server (`hingecoach serve`) turns it off once at start, or a
# silence opened for one camera that never sees a body would hide every thread's errors.
_silencing_allowed = True


def disable_native_silencing() -> None:
    """Never redirect fds 1 and 2 in this process from now on (for servers)."""
    global _silencing_allowed
    with _lock:
        _silencing_allowed = False


def native_silencing_allowed() -> bool:
    """Whether :func:`native_output_silenced` redirects anything in this process."""
    return _silencing_allowed


def _flush_c_stdio() -> None:
    """Flush C's stdio buffers, so buffered native output lands while it is redirected."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).fflush(None)


def _start_silence() -> None:
    global _open_silences
    with _lock:
        if _open_silences == 0:
            sys.stdout.flush()
            sys.stderr.flush()
            _saved.update({fd: os.dup(fd) for fd in (1, 2)})
            with open(os.devnull, "wb") as devnull:
                for fd in _saved:
                    os.dup2(devnull.fileno(), fd)
        _open_silences += 1


def _end_silence() -> None:
    global _open_silences
    with _lock:
        _open_silences -= 1
        if _open_silences == 0:
            _flush_c_stdio()
            for fd, copy in _saved.items():
                os.dup2(copy, fd)
                os.close(copy)
            _saved.clear()


@contextlib.contextmanager
def native_output_silenced() -> Iterator[None]:
    """Redirect file descriptors 1 and 2 to /dev/null for the duration of the block.

    MediaPipe's graph writes absl/glog lines to fd 2 and TF Lite an INFO line to C's
    stdout (buffered, so it would otherwise appear at exit); Python's ``sys.stdout`` and
    ``sys.stderr`` objects cannot catch them, so the descriptors themselves are swapped.
    Blocks may overlap in any order, from any thread: the descriptors come back when the
    last one ends. After :func:`disable_native_silencing` the block redirects nothing.
    """
    if not _silencing_allowed:
        yield
        return
    _start_silence()
    try:
        yield
    finally:
        _end_silence()


#: Frames with a body kept quiet after the first detection (the landmark model starts on one).
QUIET_AFTER_FOUND = 5
#: Frames after which the silence ends even if no body was found: the graph's start-up lines
#: come within the first frames, and a stream that never shows a body (a camera facing a
#: wall) must not keep the process's stderr on /dev/null.
MAX_QUIET_CALLS = 30


class StartupSilence:
    """The native-output silence of a pose model's start-up, bounded in frames.

    It starts when made, and ends after :data:`QUIET_AFTER_FOUND` frames with a body, or
    :data:`MAX_QUIET_CALLS` frames whatever they show, or at :meth:`end`, whichever comes
    first (both pose backends print their start-up lines over their first frames).
    """

    def __init__(self) -> None:
        self._stack: contextlib.ExitStack | None = contextlib.ExitStack()
        self._stack.enter_context(native_output_silenced())
        self._found_left = QUIET_AFTER_FOUND
        self._calls_left = MAX_QUIET_CALLS

    def after_frame(self, *, found: bool) -> None:
        """Count one frame; end the silence once its bound is reached."""
        if self._stack is None:
            return
        self._calls_left -= 1
        self._found_left -= int(found)
        if self._found_left <= 0 or self._calls_left <= 0:
            self.end()

    def end(self) -> None:
        """End the silence now (idempotent)."""
        if self._stack is not None:
            self._stack.close()
            self._stack = None
