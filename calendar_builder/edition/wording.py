"""The German words every output uses for how a date was decided (feeds, proof, `dates`)."""

from __future__ import annotations

from calendar_builder.core.model import DateSource, Decision

_PREFIX = {
    Decision.TABLE: "Tabelle: ",
    Decision.ANNOUNCED: "angekündigt: ",
    Decision.CONFIRMED: "bestätigt: ",
    Decision.PUBLISHED: "veröffentlicht: ",
}


def source_de(source: DateSource) -> str:
    """E.g. "hijri 1 shawwal (Diyanet)", "Tabelle: Bundesregierung Indien", "angekündigt: Interkulturelle Woche"."""
    if source.decision is Decision.RULE:
        return f"{source.basis} ({source.authority})" if source.authority else source.basis
    return _PREFIX[source.decision] + source.basis
