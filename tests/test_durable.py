"""One filesystem sync for a block of atomic writes: no file is left unsynced, none is synced twice, and without
syncfs every file gets its own fsync."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from calendar_builder import durable
from calendar_builder.build import write_atomic


@pytest.fixture
def syncs(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[object]]:
    """Record the syncs that reach the system (and still do them)."""
    seen: dict[str, list[object]] = {"fsync": [], "syncfs": []}
    real_fsync, real_syncfs = os.fsync, durable._syncfs

    def fsync(handle: int) -> None:
        seen["fsync"].append(os.readlink(f"/proc/self/fd/{handle}") if os.path.exists("/proc/self/fd") else handle)
        real_fsync(handle)

    def syncfs(folder: Path) -> bool:
        seen["syncfs"].append(folder)
        return real_syncfs(folder)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(durable, "_syncfs", syncfs)
    return seen


def test_outside_a_block_each_write_is_fsynced(tmp_path: Path, syncs: dict[str, list[object]]) -> None:
    write_atomic(tmp_path / "a.txt", "a")
    write_atomic(tmp_path / "b.txt", "b")
    assert len(syncs["fsync"]) == 2 and not syncs["syncfs"]


def test_a_block_ends_with_one_filesystem_sync(tmp_path: Path, syncs: dict[str, list[object]]) -> None:
    with durable.one_sync():
        for n in range(20):
            write_atomic(tmp_path / "stage" / f"{n}.ics", f"entry {n}")
        assert not syncs["fsync"] and not syncs["syncfs"], "nothing is synced before the block ends"
    assert syncs["syncfs"] == [tmp_path / "stage"]
    assert not syncs["fsync"]
    assert sorted(p.name for p in (tmp_path / "stage").iterdir()) == sorted(f"{n}.ics" for n in range(20))


def test_without_syncfs_every_file_is_fsynced_once(tmp_path: Path, syncs: dict[str, list[object]],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(durable, "_syncfs", lambda folder: syncs["syncfs"].append(folder) or False)
    with durable.one_sync():
        for n in range(5):
            write_atomic(tmp_path / f"{n}.txt", str(n))
        write_atomic(tmp_path / "cache.pack", b"x", durable=False)  # not durable: not synced at all
    assert len(syncs["syncfs"]) == 1
    assert len(syncs["fsync"]) == 5
    if os.path.exists("/proc/self/fd"):
        assert sorted(Path(str(p)).name for p in syncs["fsync"]) == [f"{n}.txt" for n in range(5)]


def test_a_failing_block_still_syncs_what_it_wrote(tmp_path: Path, syncs: dict[str, list[object]]) -> None:
    with pytest.raises(RuntimeError, match="preflight failed"), durable.one_sync():
        write_atomic(tmp_path / "kept.pdf", b"%PDF")
        raise RuntimeError("preflight failed")
    assert syncs["syncfs"] == [tmp_path]
    # and the next write is on its own again
    write_atomic(tmp_path / "after.txt", "x")
    assert len(syncs["fsync"]) == 1


def test_a_file_replaced_or_removed_before_the_end_is_no_error(tmp_path: Path) -> None:
    with durable.one_sync():
        write_atomic(tmp_path / "gone.txt", "x")
        (tmp_path / "gone.txt").unlink()
        write_atomic(tmp_path / "twice.txt", "1")
        write_atomic(tmp_path / "twice.txt", "2")
    assert (tmp_path / "twice.txt").read_text() == "2"
