"""One family of user-facing errors, each located in a data file (file, line, field, what was expected)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where a problem sits in an input file; line is 1-based, 0 when unknown."""

    file: str
    line: int = 0
    field: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
        if self.field:
            where += f" [{self.field}]"
        return where


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, phrased for the person who edits the file."""

    location: Location
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


class CalendarError(Exception):
    """Base class: every error a user can cause; the CLI turns it into a message and exit code."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DataError(CalendarError):
    """One or more problems in the data files, all reported at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[DataError], tuple[list[Problem]]]:
        """Pickled with its problems (the build's feed worker sends its errors back whole)."""
        return (type(self), (self.problems,))


class OutOfRangeError(CalendarError):
    """A date was asked of a calendar or table outside the years it covers."""


@dataclass
class ProblemCollector:
    """Gathers problems so that a check reports all of them, not just the first."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, file: str | Path, line: int, fld: str, message: str) -> None:
        self.problems.append(Problem(Location(str(file), line, fld), message))

    def warning(self, file: str | Path, line: int, fld: str, message: str) -> None:
        self.problems.append(Problem(Location(str(file), line, fld), message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise DataError(self.errors)
