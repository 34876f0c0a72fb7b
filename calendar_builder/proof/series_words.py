"""An organisation's repeat rule (RFC 5545 RRULE) said in German, so a reviewer checks a series in one line."""

from __future__ import annotations

from datetime import date

from calendar_builder.proof.rule_words import WEEKDAYS

DAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
#: "montags", "dienstags", … for weekly series
ADVERBS = ("montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags", "sonntags")
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember")  # fmt: skip


def series_in_words(rrule: str, start: date) -> str:
    """E.g. 'jede Woche dienstags und donnerstags, bis 22.07.2027', 'jeden 2. Mittwoch im Monat, 10 Mal'.

    `rrule` is the canonical form the organisations' loader keeps (UNTIL as YYYYMMDD); parts this does not
    word (rare ones such as BYSETPOS) are named as they are, so nothing is silently dropped.
    """
    parts = dict(piece.split("=", 1) for piece in rrule.split(";") if "=" in piece)
    freq = parts.pop("FREQ", "")
    interval = int(parts.pop("INTERVAL", "1") or 1)
    byday = [d for d in parts.pop("BYDAY", "").split(",") if d]
    text = _frequency(freq, interval, byday, parts, start)
    if "COUNT" in parts:
        count = int(parts.pop("COUNT"))
        text += f", {count} Mal ab {start:%d.%m.%Y}"
    elif "UNTIL" in parts:
        text += f", bis {_until(parts.pop('UNTIL'))}"
    parts.pop("WKST", None)
    if parts:
        text += " (" + ", ".join(f"{k}={v}" for k, v in sorted(parts.items())) + ")"
    return text


def _frequency(freq: str, interval: int, byday: list[str], parts: dict[str, str], start: date) -> str:
    if freq == "DAILY":
        return "täglich" if interval == 1 else f"alle {interval} Tage"
    if freq == "WEEKLY":
        days = [ADVERBS[DAYS[d[-2:]]] for d in byday] or [ADVERBS[start.weekday()]]
        every = "jede Woche" if interval == 1 else ("alle zwei Wochen" if interval == 2 else f"alle {interval} Wochen")
        return f"{every} {_and(days)}"
    if freq == "MONTHLY":
        every = "im Monat" if interval == 1 else f"alle {interval} Monate"
        if byday:
            return f"jeden {_and([_nth_day(d) for d in byday])} {every}"
        day = int(parts.pop("BYMONTHDAY", str(start.day)))
        return f"am {day}. {'jedes Monats' if interval == 1 else f'Tag, alle {interval} Monate'}"
    if freq == "YEARLY":
        month = int(parts.pop("BYMONTH", str(start.month)))
        day = int(parts.pop("BYMONTHDAY", str(start.day)))
        return f"jedes Jahr am {day}. {MONTHS[month - 1]}"
    return f"Wiederholung {freq}"


def _nth_day(token: str) -> str:
    """'2WE' -> '2. Mittwoch', '-1FR' -> 'letzten Freitag'."""
    weekday = WEEKDAYS[DAYS[token[-2:]]]
    nth = token[:-2]
    if not nth:
        return weekday
    number = int(nth)
    if number == -1:
        return f"letzten {weekday}"
    if number < 0:
        return f"{-number}.-letzten {weekday}"
    return f"{number}. {weekday}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]


def _until(value: str) -> str:
    return f"{value[6:8]}.{value[4:6]}.{value[0:4]}"
