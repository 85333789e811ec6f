"""Native output silencing: overlapping blocks may end in any order."""

import os
import threading

import pytest

from hingecoach.pose import quiet
from hingecoach.pose.quiet import native_output_silenced


def test_overlapping_silences_ending_out_of_order_restore_the_descriptors(
    monkeypatch: pytest.MonkeyPatch,
):
    # A `serve` test earlier in this process may have turned silencing off for good.
    monkeypatch.setattr(quiet, "_silencing_allowed", True)
    before = os.fstat(1)
    first, second = native_output_silenced(), native_output_silenced()
    first.__enter__()
    assert os.path.samestat(os.fstat(1), os.stat(os.devnull))
    # The second opens in another thread, as the second-person check does, and outlives
    # the first.
    opener = threading.Thread(target=second.__enter__)
    opener.start()
    opener.join()
    first.__exit__(None, None, None)
    assert os.path.samestat(os.fstat(1), os.stat(os.devnull))  # still one open
    second.__exit__(None, None, None)
    after = os.fstat(1)
    assert (after.st_dev, after.st_ino) == (before.st_dev, before.st_ino)
