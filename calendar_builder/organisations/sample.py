"""The loud warning for a build that still contains the fictional sample organisations."""

from __future__ import annotations

from collections.abc import Iterable

from calendar_builder.organisations.model import Organisation


def sample_warning(organisations: Iterable[Organisation]) -> str | None:
    """A warning to print in the build output and on every proof page, or None when all entries are real.

    The sample organisations are fictional; a calendar printed with them would advertise clubs that do
    not exist, so the build must never be quiet about them.
    """
    samples = sorted(o.id for o in organisations if o.sample)
    if not samples:
        return None
    return (
        f"ACHTUNG: BEISPIELDATEN – {len(samples)} erfundene Organisation(en) mit 'sample: true' "
        f"sind noch enthalten ({', '.join(samples)}). Nicht drucken! / "
        f"WARNING: SAMPLE DATA – {len(samples)} fictional organisation(s) still in the build."
    )
