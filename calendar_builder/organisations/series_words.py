"""A recurring event in German words for print: "dienstags 16:00 Hausaufgabenhilfe", "jeden 2. Freitag im Monat".

Print names a series once (the "Regelmäßig" lines of the directory and of the "Verein des Monats" box) instead of
in every day cell; the feeds keep every occurrence. The words follow how German calendars and notice boards write
repetitions; a rule the words cannot say exactly falls back to "regelmäßig (Termine im Online-Kalender)".
"""

from __future__ import annotations

from calendar_builder.organisations.model import OrgEvent

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
WEEKDAY_ADVERBS = ("montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags", "sonntags")
ORDINAL_WORDS = {2: "zweiten", 3: "dritten", 4: "vierten"}
FALLBACK = "regelmäßig (Termine im Online-Kalender)"


def rule_parts(rrule: str) -> dict[str, str]:
    return dict(piece.split("=", 1) for piece in rrule.split(";") if "=" in piece)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]


def _by_day(value: str) -> list[tuple[int | None, int]]:
    """BYDAY=2FR,-1SU -> [(2, 4), (-1, 6)]; weekday index 0 = Monday; no ordinal -> None."""
    found: list[tuple[int | None, int]] = []
    for item in value.split(","):
        code = item[-2:]
        ordinal = item[:-2]
        found.append((int(ordinal) if ordinal else None, DAY_CODES.index(code)))
    return found


def repetition_words(event: OrgEvent) -> str:
    """How often the series comes round, e.g. 'dienstags', 'jeden 2. Freitag im Monat', 'jeden zweiten Mittwoch'."""
    parts = rule_parts(event.rrule)
    freq = parts.get("FREQ", "")
    interval = int(parts.get("INTERVAL", "1") or "1")
    try:
        days = _by_day(parts["BYDAY"]) if "BYDAY" in parts else [(None, event.start.weekday())]
    except ValueError:
        return FALLBACK
    if freq == "DAILY" and interval == 1:
        return "täglich"
    if freq == "WEEKLY" and all(ordinal is None for ordinal, _ in days):
        if interval == 1:
            return _join([WEEKDAY_ADVERBS[day] for _, day in days])
        if interval in ORDINAL_WORDS:
            return f"jeden {ORDINAL_WORDS[interval]} " + _join([WEEKDAY_NAMES[day] for _, day in days])
        return FALLBACK
    if freq == "MONTHLY" and interval == 1:
        if "BYMONTHDAY" in parts:
            return f"am {parts['BYMONTHDAY'].replace(',', '. und ')}. jedes Monats"
        if all(ordinal is not None for ordinal, _ in days):
            named = [
                ("letzten" if ordinal == -1 else f"{ordinal}.") + f" {WEEKDAY_NAMES[day]}"
                for ordinal, day in days
                if ordinal is not None
            ]
            return "jeden " + _join(named) + " im Monat"
        if "BYDAY" not in parts:
            return f"am {event.start.day}. jedes Monats"
    if freq == "YEARLY" and interval == 1 and "BYDAY" not in parts:
        return f"jährlich am {event.start.day}.{event.start.month}."
    return FALLBACK


def series_line(event: OrgEvent) -> str:
    """The whole "Regelmäßig" line of a series: repetition, time and title ('dienstags 16:00 Hausaufgabenhilfe')."""
    time = f" {event.time:%H:%M}" if event.time else ""
    return f"{repetition_words(event)}{time} {event.title_de}"
