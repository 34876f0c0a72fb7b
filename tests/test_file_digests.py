"""Digests of files kept in the build cache (cache.file_digest): a file read once is not read again in a later run
while its identity and status (path, device, inode, size, mtime, ctime) stay the same, and any change to it, even
one that keeps its size and sets its mtime back, is read afresh. The digest is always the SHA-256 of the
contents, whatever the cache holds."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calendar_builder import cache
from calendar_builder.cache import (
    DIGESTS,
    DIGESTS_NAMESPACE,
    DIGESTS_VERSION,
    Memo,
    changed_packs,
    file_digest,
    open_memo,
    package_files,
    package_version,
)
from calendar_builder.publish import write_cache_packs
from calendar_builder.text.fonts import font_dir
from calendar_builder.text.shape_cache import fonts_digest


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    """Each test starts without the digests this process has read (they are kept per process too)."""
    cache._file_digest.cache_clear()
    yield
    cache._file_digest.cache_clear()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _parts(path: Path) -> tuple[object, ...]:
    stat = os.stat(path)
    return ("file", os.path.abspath(path), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def _run(folder: Path, path: Path) -> str:
    """One command: open the digests, ask for the file's, save what changed."""
    cache._file_digest.cache_clear()
    with DIGESTS.through(open_memo(folder, DIGESTS_NAMESPACE, DIGESTS_VERSION)) as memo:
        digest = file_digest(path)
    write_cache_packs(folder, changed_packs(memo))
    return digest


def test_a_file_unchanged_for_a_while_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "profile.icc"
    path.write_bytes(b"colour" * 1000)
    monkeypatch.setattr(cache, "RACY_NS", -(10**12))  # as if the file had been written long before the run
    assert _run(tmp_path / "cache", path) == _sha(path)
    kept = open_memo(tmp_path / "cache", DIGESTS_NAMESPACE, DIGESTS_VERSION)
    assert kept.find(_parts(path)) == _sha(path).encode()
    # a later run takes the kept digest: shown by one planted under the file's identity
    memo = Memo(DIGESTS_NAMESPACE, DIGESTS_VERSION)
    memo.keep(_parts(path), b"ab" * 32)
    cache._file_digest.cache_clear()
    with DIGESTS.through(memo):
        assert file_digest(path) == "ab" * 32


def test_a_file_changed_in_place_with_its_mtime_set_back_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "NotoSans.ttf"
    path.write_bytes(b"A" * 4096)
    monkeypatch.setattr(cache, "RACY_NS", -(10**12))
    folder = tmp_path / "cache"
    assert _run(folder, path) == _sha(path)
    before = os.stat(path)
    with path.open("r+b") as stream:  # same size, same place
        stream.write(b"B")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old mtime
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert _run(folder, path) == _sha(path) != hashlib.sha256(b"A" * 4096).hexdigest()


def test_a_file_just_written_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "logo.svg"
    path.write_bytes(b"<svg/>")
    folder = tmp_path / "cache"
    assert _run(folder, path) == _sha(path)
    assert open_memo(folder, DIGESTS_NAMESPACE, DIGESTS_VERSION).find(_parts(path)) is None


@pytest.mark.parametrize("stored", [b"", b"x" * 64, b"AB" * 32, b"ab" * 31, b"\xff" * 64])
def test_a_stored_value_that_is_no_digest_is_not_taken(tmp_path: Path, stored: bytes) -> None:
    path = tmp_path / "file"
    path.write_bytes(b"contents")
    memo = Memo(DIGESTS_NAMESPACE, DIGESTS_VERSION)
    memo.keep(_parts(path), stored)
    with DIGESTS.through(memo):
        assert file_digest(path) == _sha(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contents=st.lists(st.binary(max_size=300), min_size=1, max_size=5), old=st.booleans())
def test_the_digest_is_always_the_files_sha256(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, contents: list[bytes], old: bool
) -> None:
    """Whatever was written before and kept, each run gives the SHA-256 of what the file holds now."""
    monkeypatch.setattr(cache, "RACY_NS", -(10**12) if old else 2_000_000_000)
    folder = tmp_path / f"cache-{len(contents)}-{old}"
    path = tmp_path / f"data-{len(contents)}-{old}"
    for content in contents:
        path.write_bytes(content)
        assert _run(folder, path) == hashlib.sha256(content).hexdigest()
        assert _run(folder, path) == hashlib.sha256(content).hexdigest()


def test_the_versions_made_from_digests_are_those_of_the_contents() -> None:
    """package_version and fonts_digest read each file's digest through file_digest: the values are those of
    hashing every file's contents (as the versions were made before the digests were kept)."""
    root = Path(cache.__file__).resolve().parent
    expected = hashlib.sha256()
    for path in package_files(("portal", "profiles")):
        expected.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        expected.update(hashlib.sha256(path.read_bytes()).digest())
    assert package_version() == expected.hexdigest()[:32]
    fonts = hashlib.sha256()
    for path in sorted(font_dir().glob("*.ttf")):
        fonts.update(path.name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    assert fonts_digest(font_dir()) == fonts.hexdigest()


def test_package_files_are_every_file_but_bytecode_and_the_skipped_folders() -> None:
    root = Path(cache.__file__).resolve().parent
    every = sorted(
        path for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )  # fmt: skip
    assert package_files(()) == every
    assert package_files(("portal", "profiles")) == [
        path for path in every if path.relative_to(root).parts[0] not in ("portal", "profiles")
    ]


def _never_read_here(_path: str) -> tuple[int, str]:
    raise AssertionError("read by the asking thread")


def test_digests_read_beside_are_the_files_and_spare_the_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fonts = sorted(font_dir().glob("*.ttf"))[:3]
    cache.digests_beside(fonts)
    for path in fonts:
        cache._beside_threads[os.path.abspath(path)].join()
    monkeypatch.setattr(cache, "_read_digest", _never_read_here)
    assert [file_digest(path) for path in fonts] == [_sha(path) for path in fonts]
    assert not cache._beside and not any(os.path.abspath(path) in cache._beside_threads for path in fonts)


def test_a_file_changed_after_it_was_read_beside_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "logo.svg"
    path.write_bytes(b"<svg/>" * 1000)
    cache.digests_beside([path])
    cache._beside_threads[os.path.abspath(path)].join()
    path.write_bytes(b"<svg></svg>" * 1000)
    assert file_digest(path) == _sha(path)


def test_a_process_whose_thread_never_ran_reads_the_file_itself(tmp_path: Path) -> None:
    """A forked process has the thread's entry but not the thread (and so no digest from it)."""
    path = tmp_path / "profile.icc"
    path.write_bytes(b"colour" * 1000)
    cache.digests_beside([path])
    cache._beside_threads[os.path.abspath(path)].join()
    cache._beside.clear()
    assert file_digest(path) == _sha(path)
