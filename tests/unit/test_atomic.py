"""Atomic writes: a failure leaves the old file or folder, and leftovers are recognised."""

import os

import pytest

from hingecoach.atomic import (
    TEMP_PREFIX,
    atomic_path,
    new_sibling_folder,
    remove_leftovers,
    swap_in_folder,
    write_text_atomic,
)


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "result.json"
    write_text_atomic(target, "old")
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_text("half of the new")
        raise RuntimeError("killed")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]
    write_text_atomic(target, "new")
    assert target.read_text() == "new"


def test_the_temp_file_keeps_the_suffix_and_the_folder(tmp_path):
    with atomic_path(tmp_path / "deep" / "frames.npz") as temp:
        assert temp.parent == tmp_path / "deep" and temp.suffix == ".npz"
        assert temp.name.startswith(TEMP_PREFIX)
        temp.write_bytes(b"x")
    assert (tmp_path / "deep" / "frames.npz").read_bytes() == b"x"


def test_a_folder_is_swapped_in_whole(tmp_path):
    target = tmp_path / "report"
    target.mkdir()
    (target / "old.html").write_text("old")
    built = new_sibling_folder(target)
    (built / "new.html").write_text("new")
    swap_in_folder(built, target)
    assert [p.name for p in target.iterdir()] == ["new.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["report"]


def test_only_leftovers_of_dead_processes_are_removed(tmp_path):
    dead = tmp_path / f"{TEMP_PREFIX}{2**22 + 1}-abcd-report"
    dead.mkdir()
    (dead / "half.mp4").write_bytes(b"x")
    alive = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-abcd-report"
    alive.mkdir()
    other = tmp_path / f"{TEMP_PREFIX}{2**22 + 1}-abcd-other"
    other.write_text("x")
    assert remove_leftovers(tmp_path, "report") == 1
    assert not dead.exists() and alive.exists() and other.exists()
