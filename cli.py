"""Entry point: `python cli.py …` works the same as the installed `calendar-builder` command."""

from calendar_builder.cli import run

if __name__ == "__main__":
    run()
