"""Print the hostile corpus's figures at the end of the run."""

from __future__ import annotations

import pytest

from .test_hostile import SUMMARY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in SUMMARY:
        terminalreporter.write_line(line)
