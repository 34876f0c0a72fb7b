"""Baden-Württemberg's school holidays from data/school-holidays-bw.yaml: the published table for the years it
covers, nothing guessed for the others (a year outside the table gets no band and a warning)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from calendar_builder.core.yamlsource import LineDict, LineList, load_yaml
from calendar_builder.errors import ProblemCollector

SCHOOL_HOLIDAYS_FILE = "school-holidays-bw.yaml"


@dataclass(frozen=True)
class SchoolHoliday:
    name: str
    start: date
    end: date  # inclusive


@dataclass(frozen=True)
class SchoolHolidays:
    """The table: its source, the calendar years it covers in full, and its periods."""

    source: str
    covers: tuple[int, ...]
    holidays: tuple[SchoolHoliday, ...]
    file: str = ""

    def days_in(self, year: int) -> frozenset[date]:
        """Every day of `year` off school; empty for a year the table does not cover."""
        if year not in self.covers:
            return frozenset()
        days = set()
        for holiday in self.holidays:
            day = holiday.start
            while day <= holiday.end:
                if day.year == year:
                    days.add(day)
                day += timedelta(days=1)
        return frozenset(days)

    def notice(self, year: int) -> str | None:
        if year in self.covers:
            return None
        covered = f"{min(self.covers)}–{max(self.covers)}" if self.covers else "no year"
        return (f"{self.file}: the school holidays of {year} are not in the table (it covers {covered}); the calendar "
                "shows no school holiday band. Add the ministry's dates for that year to print it")  # fmt: skip


def load_school_holidays(data_dir: Path) -> SchoolHolidays:
    """The table beside the other data files; without the file, an empty table (no band, a warning)."""
    path = data_dir / SCHOOL_HOLIDAYS_FILE
    if not path.exists():
        return SchoolHolidays("", (), (), str(path))
    file = str(path)
    data, duplicates = load_yaml(path)
    problems = ProblemCollector(list(duplicates))
    if not isinstance(data, LineDict):
        problems.error(file, 1, "", "expected a mapping with source, covers and holidays")
        problems.raise_if_errors()
        return SchoolHolidays("", (), (), file)
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        problems.error(file, data.line_of("source"), "source", "expected the source of the dates (the ministry)")
        source = ""
    covers = data.get("covers")
    if not isinstance(covers, list) or not all(isinstance(y, int) and not isinstance(y, bool) for y in covers):
        problems.error(file, data.line_of("covers"), "covers", "expected a list of calendar years, e.g. [2026, 2027]")
        covers = []
    found: list[SchoolHoliday] = []
    raw = data.get("holidays")
    if not isinstance(raw, LineList):
        problems.error(file, data.line_of("holidays"), "holidays", "expected a list of {name, start, end}")
        raw = LineList()
    for index, item in enumerate(raw):
        line = raw.item_lines[index] if index < len(raw.item_lines) else data.line_of("holidays")
        if not isinstance(item, LineDict):
            problems.error(file, line, "holidays", "expected {name: …, start: YYYY-MM-DD, end: YYYY-MM-DD}")
            continue
        name, start, end = item.get("name"), item.get("start"), item.get("end")
        if not isinstance(name, str) or not isinstance(start, date) or not isinstance(end, date):
            problems.error(file, line, "holidays", "expected a name and the first and last day as YYYY-MM-DD")
            continue
        if end < start or (end - start).days > 60:
            problems.error(file, line, "end", f"{name}: {start} to {end} is not a school holiday (0 to 60 days)")
            continue
        found.append(SchoolHoliday(name, start, end))
    ordered = sorted(found, key=lambda h: h.start)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start <= before.end:
            problems.error(file, data.line_of("holidays"), "holidays",
                           f"{after.name} ({after.start}) overlaps {before.name} (until {before.end})")  # fmt: skip
    problems.raise_if_errors()
    return SchoolHolidays(source.strip(), tuple(covers), tuple(ordered), file)
