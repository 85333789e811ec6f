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
