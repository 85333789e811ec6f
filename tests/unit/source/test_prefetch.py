"""The background decoding queue keeps order, passes errors on, and stops early."""

import threading

import pytest

from hingecoach.source.prefetch import prefetch


def test_items_arrive_in_order():
    assert list(prefetch(iter(range(100)), depth=3)) == list(range(100))


def test_an_error_arrives_after_the_items_before_it():
    def broken():
        yield 1
        yield 2
        raise ValueError("damaged at frame 3")

    seen = []
    with pytest.raises(ValueError, match="frame 3"):
        for item in prefetch(broken()):
            seen.append(item)
    assert seen == [1, 2]


def test_stopping_early_ends_the_thread():
    produced = []

    def endless():
        n = 0
        while True:
            produced.append(n)
            yield n
            n += 1

    stream = prefetch(endless(), depth=2)
    assert next(stream) == 0
    stream.close()
    assert not any(t.name == "hingecoach-decode" and t.is_alive() for t in threading.enumerate())
    assert len(produced) < 10
