"""Decode ahead in a background thread, so decoding overlaps pose estimation.

PyAV releases the GIL while FFmpeg decodes and converts, and MediaPipe while its graph
runs, so on two cores a decoding thread keeps frames ready for the pose model instead of
making it wait. The queue is bounded: memory stays at a few frames, whatever the length.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar, cast

Item = TypeVar("Item")

#: Frames decoded ahead: enough to absorb a slow keyframe, few enough to stay small
#: (8 frames of 1080p RGB are 50 MB).
DEFAULT_DEPTH = 8
_DONE = object()


class _Failure:
    """An exception raised in the producer thread, to re-raise in the consumer."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def prefetch(items: Iterable[Item], depth: int = DEFAULT_DEPTH) -> Iterator[Item]:
    """Yield the items of an iterator that a background thread produces ahead of time.

    Exceptions raised while producing are re-raised here, in order, after the items
    produced before them. Stopping early (closing the generator) stops the thread.

    Parameters
    ----------
    items : iterable
        Produced in the background thread.
    depth : int
        Most items held ahead.

    Yields
    ------
    object
        The items, in order.
    """
    buffer: queue.Queue[object] = queue.Queue(maxsize=max(1, depth))
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                buffer.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as error:  # handed to the consumer, who re-raises it
            put(_Failure(error))
            return
        put(_DONE)

    worker = threading.Thread(target=produce, name="hingecoach-decode", daemon=True)
    worker.start()
    try:
        while True:
            item = buffer.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.error
            yield cast(Item, item)  # neither marker: an item from ``items``
    finally:
        stop.set()
        worker.join(timeout=5.0)
