"""Findings, the report that gathers them, and its plain-text form (one line per finding)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

# Beyond this many findings of one check on one page the rest are summed up in one line: a page that breaks a
# rule hundreds of times needs one fix, not hundreds of lines.
MAX_PER_PAGE_AND_CHECK = 12


@dataclass(frozen=True)
class Finding:
    """One thing the print shop would reject (error) or should look at (warning).

    page is 1-based; None for findings about the whole document (PDF/X keys, output intent).
    """

    severity: Severity
    page: int | None
    check: str
    message: str

    def __str__(self) -> str:
        where = f"page {self.page}" if self.page is not None else "document"
        return f"{where}: {self.severity} [{self.check}] {self.message}"


@dataclass(frozen=True)
class Report:
    path: str
    pages: int
    settings_summary: str
    findings: tuple[Finding, ...]
    ink_peaks: tuple[float, ...] = ()  # per page: the highest ink coverage painted there, in percent

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors

    def by_check(self, check: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.check == check)


def format_report(report: Report) -> str:
    """The report as the CLI prints it: header, one line per finding, summary."""
    lines = [
        f"Preflight of {report.path}: {report.pages} page(s); {report.settings_summary}",
        "Positions are in mm from the top-left corner of the trimmed page.",
    ]
    lines += [str(f) for f in report.findings]
    if report.ink_peaks:
        peak = max(report.ink_peaks)
        lines.append(f"Highest ink coverage: {peak:.0f} % (page {report.ink_peaks.index(peak) + 1}).")
    n_err, n_warn = len(report.errors), len(report.warnings)
    verdict = "FAILED" if n_err else "passed"
    lines.append(f"{verdict}: {n_err} error(s), {n_warn} warning(s).")
    return "\n".join(lines)


@dataclass
class _Entry:
    severity: Severity
    page: int | None
    check: str
    message: str
    count: int = 1
    pages: set[int] = field(default_factory=set)


class Collector:
    """Gathers findings, folding repeats so the report stays readable.

    `key` identifies "the same problem": repeats on one page are counted ("12 times"); a problem with a shared
    object (a font or image used on many pages) is reported once, on its first page, with the other pages counted.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[object, ...], _Entry] = {}

    def add(
        self, severity: Severity, page: int | None, check: str, message: str, key: object = None, shared: bool = False
    ) -> None:
        ident: tuple[object, ...] = (check, key if key is not None else message)
        if not shared:
            ident = (page, *ident)
        entry = self._entries.get(ident)
        if entry is None:
            self._entries[ident] = _Entry(severity, page, check, message, pages={page} if page else set())
            return
        if shared and page is not None and page not in entry.pages:
            entry.pages.add(page)
        else:
            entry.count += 1

    def findings(self) -> tuple[Finding, ...]:
        result: list[Finding] = []
        shown: dict[tuple[int | None, str], int] = {}
        hidden: dict[tuple[int | None, str], list[_Entry]] = {}
        entries = sorted(self._entries.values(), key=lambda e: (e.page or 0, e.severity != "error"))
        for entry in entries:
            slot = (entry.page, entry.check)
            if shown.get(slot, 0) >= MAX_PER_PAGE_AND_CHECK:
                hidden.setdefault(slot, []).append(entry)
                continue
            shown[slot] = shown.get(slot, 0) + 1
            message = entry.message
            if entry.count > 1:
                message += f" ({entry.count} times)"
            if len(entry.pages) > 1:
                others = sorted(entry.pages - {entry.page})
                message += f" (also on page{'s' if len(others) > 1 else ''} {_ranges(others)})"
            result.append(Finding(entry.severity, entry.page, entry.check, message))
        for (page, check), rest in hidden.items():
            severity: Severity = "error" if any(e.severity == "error" for e in rest) else "warning"
            result.append(Finding(severity, page, check, f"… and {len(rest)} more finding(s) of this kind"))
        result.sort(key=lambda f: (f.page or 0, f.severity != "error"))
        return tuple(result)


def _ranges(pages: list[int]) -> str:
    parts: list[str] = []
    start = prev = pages[0]
    for p in [*pages[1:], None]:
        if p is not None and p == prev + 1:
            prev = p
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if p is not None:
            start = prev = p
    return ", ".join(parts)
