"""The moon phases of the edition's year, kept in the build cache.

ephem finds each of a year's fifty phases by a search of its own: about 20 ms in every build, check and proof for
the same fifty dates. While a command has opened the build cache's namespace `moon-phases` (see
`phases_through`), a year's phases are read from it and kept in it; a record is keyed by the year, and the
namespace's version is the source of this module and of `calendars/astro.py` (the ΔT table, the time zone, the
rule for the date) and the digests of ephem's own files, its Python module and its compiled ephemeris.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date

from calendar_builder.cache import Memo, MemoSlot, code_version, file_digest, installed_folder
from calendar_builder.calendars import astro

#: the namespace of moon phases in the build cache (.cache/moon-phases.pack)
NAMESPACE = "moon-phases"

#: the memo of the running command (see `phases_through`); None: every year's phases are found here
_slot = MemoSlot()


def memo_version() -> str:
    folder = installed_folder("ephem")
    files = sorted(folder.glob("*.py")) + sorted(folder.glob("_libastro*")) if folder is not None else []
    ephem = "; ".join(f"{path.name} {file_digest(path)}" for path in files) or "ephem ?"
    return f"{code_version('calendar_builder.layout.moon_cache', 'calendar_builder.calendars.astro')}; {ephem}"


def moon_phases(year: int) -> list[tuple[date, str]]:
    """`astro.moon_phases`: from the build cache while a command has opened it, else found here."""
    memo = _slot.memo
    if memo is None:
        return astro.moon_phases(year)
    phases = decode(memo.get(year, lambda: encode(astro.moon_phases(year))))
    if phases is None:  # a record that is not one (never expected: records are checked against their key)
        phases = astro.moon_phases(year)
        memo.keep(year, encode(phases))
    return phases


def encode(phases: list[tuple[date, str]]) -> bytes:
    return "".join(f"{day.isoformat()} {kind}\n" for day, kind in phases).encode("ascii")


def decode(data: bytes) -> list[tuple[date, str]] | None:
    """The phases a record holds, in order (a year has some fifty); None for bytes that are not such a record."""
    try:
        lines = data.decode("ascii").split("\n")
        if lines.pop() != "":
            return None
        phases = []
        for line in lines:
            day, kind = line.split(" ")
            if kind not in astro.PHASE_KINDS:
                return None
            phases.append((date.fromisoformat(day), kind))
    except (UnicodeDecodeError, ValueError):
        return None
    return phases if phases and phases == sorted(phases, key=lambda phase: phase[0]) else None


def phases_through(memo: Memo) -> AbstractContextManager[Memo]:
    """Read and keep moon phases through the memo while the block runs."""
    return _slot.through(memo)


__all__ = ["NAMESPACE", "decode", "encode", "memo_version", "moon_phases", "phases_through"]
