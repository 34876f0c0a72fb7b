"""The layers that keep the package easy to change (docs/architecture.md), checked on every test run.

Import rules are import-linter contracts (.importlinter); the rules about what code may *do* (write files, end
the process, read the environment, open files in layout) are checked here on the source.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "calendar_builder"


def modules(under: str = "") -> list[Path]:
    return sorted(p for p in (PACKAGE / under).rglob("*.py") if "migrations" not in p.parts)


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def calls(path: Path) -> Iterator[tuple[ast.Call, str]]:
    """Every call in the module with its dotted name as written (e.g. 'os.environ.get', 'path.write_text')."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            yield node, dotted(node.func)


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return "?"


def test_the_import_contracts_hold() -> None:
    """Calendars, core, data, layout and text import only what their layer may (see .importlinter)."""
    program = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    result = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "Contracts: 6 kept, 0 broken." in result.stdout, result.stdout


#: what writes, moves or removes a file
WRITERS = {"write_text", "write_bytes", "mkstemp", "NamedTemporaryFile", "rename", "replace", "unlink", "mkdir",
           "rmtree", "copyfile", "copy", "copy2", "copytree", "touch", "chmod"}  # fmt: skip
#: modules allowed to write besides the build module: its publishing step, and the portal (its own database and
#: uploads)
WRITE_ALLOWED = ("calendar_builder/build.py", "calendar_builder/publish.py", "calendar_builder/portal/")


def _writes(path: Path) -> list[str]:
    found = []
    for call, name in calls(path):
        leaf = name.rsplit(".", 1)[-1]
        if name == "open" or name.endswith(".open") and not name.startswith(("Image.", "PILImage.", "pikepdf.")):
            mode = (
                call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "mode"), None)
            )
            if isinstance(mode, ast.Constant) and isinstance(mode.value, str) and set(mode.value) & set("wax+"):
                found.append(f"{relative(path)}:{call.lineno} {name}(mode={mode.value!r})")
        elif leaf in WRITERS and not name.startswith(("str.", "text.", "s.", "'", '"')) and "." in name:
            if leaf == "replace" and not name.startswith(("os.", "path", "pdf")):
                continue  # str.replace and dataclasses.replace are everywhere
            if leaf == "copy" and not name.startswith("shutil"):
                continue
            found.append(f"{relative(path)}:{call.lineno} {name}()")
        elif leaf == "save" and call.args and isinstance(call.args[0], ast.Name | ast.Attribute | ast.Constant):
            target = dotted(call.args[0]) if not isinstance(call.args[0], ast.Constant) else repr(call.args[0].value)
            if target not in ("buffer", "out", "stream", "output", "target_buffer"):
                found.append(f"{relative(path)}:{call.lineno} {name}({target})")
    return found


def test_only_the_build_module_writes_files() -> None:
    found = [w for p in modules() if not relative(p).startswith(WRITE_ALLOWED) for w in _writes(p)]
    assert not found, "only calendar_builder/build.py writes files:\n" + "\n".join(found)


def test_only_the_command_line_ends_the_process() -> None:
    """Everything below the command line raises; the command group turns errors into messages and exit codes."""
    found = []
    for path in modules():
        if relative(path) == "calendar_builder/cli.py":
            continue
        for call, name in calls(path):
            if name in ("sys.exit", "exit", "quit", "os._exit", "ctx.exit", "click.get_current_context().exit"):
                found.append(f"{relative(path)}:{call.lineno} {name}()")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None and "SystemExit" in ast.unparse(node.exc):
                found.append(f"{relative(path)}:{node.lineno} raise SystemExit")
    assert not found, "\n".join(found)


#: the portal's Django settings come from the environment, by design (docs/portal.md), and its entry points (its
#: commands and the WSGI module a web server starts) name the settings module there
ENVIRONMENT_ALLOWED = (
    "calendar_builder/cli.py",
    "calendar_builder/portal/settings.py",
    "calendar_builder/portal/commands.py",
    "calendar_builder/portal/wsgi.py",
)


def test_nothing_below_the_command_line_reads_the_environment() -> None:
    found = []
    for path in modules():
        if relative(path).startswith(ENVIRONMENT_ALLOWED):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and dotted(node) in ("os.environ", "os.getenv", "os.putenv"):
                found.append(f"{relative(path)}:{node.lineno} {dotted(node)}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", modules("layout"), ids=relative)
def test_layout_opens_no_files(path: Path) -> None:
    """Layout places what loading measured (edition.media): it never opens a file itself."""
    found = [
        f"{relative(path)}:{call.lineno} {name}()"
        for call, name in calls(path)
        if name == "open" or name.rsplit(".", 1)[-1] in ("open", "read_text", "read_bytes", "stat", "is_file", "exists")
    ]
    assert not found, "\n".join(found)


def test_the_text_package_never_draws() -> None:
    """Shaping and measuring only: nothing in text/ touches a canvas or a PDF."""
    for path in modules("text"):
        source = path.read_text(encoding="utf-8")
        assert "canvas" not in source.lower().replace("no canvas", ""), relative(path)
