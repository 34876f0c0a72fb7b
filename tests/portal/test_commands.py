"""The `portal` command group: Django stays unloaded for the other commands; import and export via the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from calendar_builder.cli import main

from .conftest import DATA, ROOT


def test_the_calendar_commands_do_not_load_django() -> None:
    code = "import sys, calendar_builder.cli; from click.testing import CliRunner; " \
           "CliRunner().invoke(calendar_builder.cli.main, ['--help']); print('django' in sys.modules)"  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.django_db
def test_import_then_export_through_the_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["portal", "import", "--data", str(DATA)])
    assert result.exit_code == 0, result.output
    assert "13 organisations and 41 events" in result.output
    result = runner.invoke(main, ["portal", "export", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "organisations.yaml").read_bytes() == (DATA / "organisations.yaml").read_bytes()
    again = runner.invoke(main, ["portal", "export", "--data", str(tmp_path)])
    assert "already up to date" in again.output


@pytest.mark.django_db
def test_import_of_bad_data_is_a_located_message(tmp_path: Path) -> None:
    (tmp_path / "organisations.yaml").write_text(
        "organisations:\n  - id: x\n    name: X\n    description: {de: Y}\n    events:\n"
        "      - {id: a, title: A, date: 2027-02-30}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["portal", "import", "--data", str(tmp_path)])
    assert result.exit_code != 0
    assert "organisations.yaml:6" in result.output and "Traceback" not in result.output


@pytest.mark.django_db
def test_the_configured_database_is_used() -> None:
    """CI runs the portal's tests twice; the second run must really be on PostgreSQL."""
    from django.db import connection

    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
