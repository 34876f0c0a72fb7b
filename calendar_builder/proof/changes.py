"""What changed since the last proof round, one line per festival, event or series, in the order a reviewer cares.

First new and removed festivals, then changed dates, then renamed entries, then the organisations' changes (a new
organisation is one line with its number of entries, not one line per event). A weekly series whose dates
shifted is one line naming the added and dropped dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from calendar_builder.proof.snapshots import Snapshot
from calendar_builder.proof.things import EVENT, FESTIVAL, SERIES, ReviewThing, dates_in_words, day_label

#: sections in reading order
FESTIVALS, DATES, NAMES, ORGANISATIONS = 0, 1, 2, 3
SHOWN_DATES = 6  # a series line names at most this many added or dropped dates, then "und N weitere"


@dataclass(frozen=True)
class Change:
    section: int
    label: str
    text: str
    #: days whose cells look different on the month pages (framed there)
    days: frozenset[date]

    @property
    def line(self) -> str:
        return f"{self.label}: {self.text}"


@dataclass(frozen=True)
class Changes:
    """The change list of a round against round `previous`."""

    previous: int
    items: tuple[Change, ...]

    @property
    def empty(self) -> bool:
        return not self.items

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(c.line for c in self.items)

    @property
    def changed_days(self) -> frozenset[date]:
        return frozenset(d for c in self.items for d in c.days)

    def count(self, section: int) -> int:
        return sum(1 for c in self.items if c.section == section)


def compare(old: Snapshot, new: Snapshot, traditions: Mapping[str, str]) -> Changes:
    """The changes from `old` to `new`; `traditions` names the festivals' groups (organisations come with the
    snapshots, so a removed organisation is still named)."""
    names = {**traditions, **old.organisations, **new.organisations}
    before = {t.key: t for t in old.things}
    after = {t.key: t for t in new.things}
    new_orgs = sorted(new.organisations.keys() - old.organisations.keys(), key=lambda o: new.organisations[o])
    gone_orgs = sorted(old.organisations.keys() - new.organisations.keys(), key=lambda o: old.organisations[o])
    items: list[Change] = []

    def who(thing: ReviewThing) -> str:
        return names.get(thing.group, thing.group)

    for key in _ordered(after.keys() - before.keys(), after):
        thing = after[key]
        if thing.kind == FESTIVAL:
            items.append(Change(FESTIVALS, "NEUES FEST", f"„{thing.name}“ ({who(thing)}), {dates_in_words(thing)} – "
                                f"{thing.rule}", thing.days))  # fmt: skip
        elif thing.group not in new_orgs:
            label = "NEUE TERMINREIHE" if thing.kind == SERIES else "NEUER TERMIN"
            rule = f", {thing.rule}" if thing.rule else ""
            items.append(Change(ORGANISATIONS, label, f"„{thing.name}“ ({who(thing)}), {dates_in_words(thing)}{rule}",
                                thing.days))  # fmt: skip
    for key in _ordered(before.keys() - after.keys(), before):
        thing = before[key]
        if thing.kind == FESTIVAL:
            items.append(Change(FESTIVALS, "FEST ENTFÄLLT", f"„{thing.name}“ ({who(thing)}), bisher "
                                f"{dates_in_words(thing)}", thing.days))  # fmt: skip
        elif thing.group not in gone_orgs:
            label = "TERMINREIHE ENTFÄLLT" if thing.kind == SERIES else "TERMIN ENTFÄLLT"
            items.append(Change(ORGANISATIONS, label, f"„{thing.name}“ ({who(thing)}), bisher {dates_in_words(thing)}",
                                thing.days))  # fmt: skip
    for key in _ordered(before.keys() & after.keys(), after):
        items += _changed(before[key], after[key], who(after[key]))
    for org in new_orgs:
        items.append(_organisation_line("NEUER VEREIN", new.organisations[org], org, after))
    for org in gone_orgs:
        items.append(_organisation_line("VEREIN ENTFÄLLT", old.organisations[org], org, before))
    for org in sorted(old.organisations.keys() & new.organisations.keys()):
        if old.organisations[org] != new.organisations[org]:
            days = frozenset(d for t in after.values() if t.group == org for d in t.days)
            items.append(Change(ORGANISATIONS, "VEREIN UMBENANNT", f"„{old.organisations[org]}“ → "
                                f"„{new.organisations[org]}“", days))  # fmt: skip
    # sorted() is stable: within a section the order above (festivals before events, then by date) holds
    return Changes(old.number, tuple(sorted(items, key=lambda c: c.section)))


def _ordered(keys: set[str], things: Mapping[str, ReviewThing]) -> list[str]:
    return sorted(keys, key=lambda k: (things[k].kind != FESTIVAL, things[k].first, k))


def _changed(old: ReviewThing, new: ReviewThing, who: str) -> list[Change]:
    """A moved date is one line (with its new rule or notes, if those changed too); a name is another."""
    found: list[Change] = []
    details = []
    if old.rule != new.rule:
        details.append(f"Regel jetzt „{new.rule}“ (bisher „{old.rule}“)")
    added = [c for c in new.caveats if c not in old.caveats]
    dropped = [c for c in old.caveats if c not in new.caveats]
    if added:
        details.append("neu: " + "; ".join(added))
    if dropped:
        details.append("entfällt: " + "; ".join(dropped))
    extra = f"; {', '.join(details)}" if details else ""
    if old.dates != new.dates:
        if new.kind == SERIES or old.kind == SERIES:
            found.append(Change(DATES, "TERMINE GEÄNDERT", f"Terminreihe „{new.name}“ ({who}): "
                                f"{_series_difference(old, new)}{extra}", old.days ^ new.days))  # fmt: skip
        else:
            found.append(Change(DATES, "DATUM GEÄNDERT", f"„{new.name}“ ({who}): {dates_in_words(old)} → "
                                f"{dates_in_words(new)}{extra}", old.days | new.days))  # fmt: skip
    elif details:
        section = DATES if new.kind == FESTIVAL else ORGANISATIONS
        found.append(Change(section, "ANGABEN GEÄNDERT", f"„{new.name}“ ({who}): {', '.join(details)}", new.days))
    if (old.name, old.original_name) != (new.name, new.original_name):
        text = f"„{old.name}“ → „{new.name}“ ({who})"
        if old.original_name != new.original_name:
            text += f", Originalname „{old.original_name or '–'}“ → „{new.original_name or '–'}“"
        found.append(Change(NAMES, "UMBENANNT", text, new.days))
    return found


def _series_difference(old: ReviewThing, new: ReviewThing) -> str:
    added = sorted(new.days - old.days)
    dropped = sorted(old.days - new.days)
    parts = []
    if added:
        parts.append("neu am " + _some_days(added))
    if dropped:
        parts.append("entfällt am " + _some_days(dropped))
    if not parts:
        parts.append("Dauer geändert")
    return f"{', '.join(parts)} (jetzt {len(new.dates)} statt {len(old.dates)} Termine)"


def _some_days(days: list[date]) -> str:
    shown = ", ".join(f"{d:%d.%m.}" for d in days[:SHOWN_DATES])
    rest = len(days) - SHOWN_DATES
    return shown + (f" und {rest} weiteren" if rest > 0 else "")


def _organisation_line(label: str, name: str, org: str, things: Mapping[str, ReviewThing]) -> Change:
    mine = [t for t in things.values() if t.group == org]
    series = sum(1 for t in mine if t.kind == SERIES)
    events = sum(1 for t in mine if t.kind == EVENT)
    dates = sum(len(t.dates) for t in mine)
    if not mine:
        what = "ohne Termine in diesem Jahr"
    else:
        counts = [_count(events, "Einzeltermin", "Einzeltermine"), _count(series, "Terminreihe", "Terminreihen")]
        what = ", ".join(c for c in counts if not c.startswith("0 "))
        what += f", zusammen {_count(dates, 'Datum', 'Daten')} (einzeln in der Prüfliste)"
        if label != "NEUER VEREIN":
            what = f"bisher {what}".replace(" (einzeln in der Prüfliste)", "")
    first = min((t.first for t in mine), default=None)
    when = f", erster Termin {day_label(first)}" if first is not None and label == "NEUER VEREIN" else ""
    return Change(ORGANISATIONS, label, f"{name}: {what}{when}", frozenset(d for t in mine for d in t.days))


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
