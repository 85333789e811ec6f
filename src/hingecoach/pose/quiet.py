"""Silence native (C++) log lines written straight to file descriptors 1 and 2."""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Iterator


def _flush_c_stdio() -> None:
    """Flush C's stdio buffers, so buffered native output lands while it is redirected."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).fflush(None)


@contextlib.contextmanager
def native_output_silenced() -> Iterator[None]:
    """Redirect file descriptors 1 and 2 to /dev/null for the duration of the block.

    MediaPipe's graph writes absl/glog lines to fd 2 and TF Lite an INFO line to C's
    stdout (buffered, so it would otherwise appear at exit); Python's ``sys.stdout`` and
    ``sys.stderr`` objects cannot catch them, so the descriptors themselves are swapped.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    saved = {fd: os.dup(fd) for fd in (1, 2)}
    try:
        with open(os.devnull, "wb") as devnull:
            for fd in saved:
                os.dup2(devnull.fileno(), fd)
        yield
    finally:
        _flush_c_stdio()
        for fd, copy in saved.items():
            os.dup2(copy, fd)
            os.close(copy)
