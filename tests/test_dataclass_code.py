"""The dataclass methods kept between runs (calendar_builder/dataclass_code.py) are the methods Python makes."""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
import zlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder import dataclass_code

ROOT = Path(__file__).resolve().parent.parent


#: imports every module of the package but the portal's (Django's need configured settings; the portal's classes
#: are Django models), then prints, per dataclass, its generated methods' code and annotations, marshalled
COLLECT = """
import builtins, dataclasses, importlib, marshal, pkgutil, sys
if sys.argv[1] == "plain":
    dataclasses.exec = builtins.exec  # the package then leaves dataclasses as it is
import calendar_builder
from calendar_builder import dataclass_code
found = {}
for module in pkgutil.walk_packages(calendar_builder.__path__, "calendar_builder."):
    if module.name.startswith("calendar_builder.portal"):
        continue
    loaded = importlib.import_module(module.name)
    for value in vars(loaded).values():
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.name:
            found[f"{module.name}.{value.__qualname__}"] = {
                name: (method.__code__, method.__qualname__, repr(method.__annotations__))
                for name, method in vars(value).items()
                if callable(method) and hasattr(method, "__code__") and method.__code__.co_filename == "<string>"
            }
store = dataclass_code._store
made = len(store.made) if store is not None and sys.argv[1] != "plain" else -1
from calendar_builder.publish import keep_dataclass_code
keep_dataclass_code()
sys.stdout.buffer.write(marshal.dumps((made, found)))
"""


def _collect(mode: str, prefix: Path) -> tuple[int, dict[str, dict[str, tuple[object, str, str]]]]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = str(prefix)
    done = subprocess.run(
        [sys.executable, "-c", COLLECT, mode], cwd=ROOT, env=environment, capture_output=True, check=True
    )
    made, found = marshal.loads(done.stdout)
    return made, found


def test_the_package_installs_the_hook() -> None:
    assert vars(dataclasses).get("exec") is dataclass_code._exec


def test_every_dataclass_of_the_package_gets_the_methods_python_makes(tmp_path: Path) -> None:
    """Without the hook, through it compiling every text, and through it finding every text in the file written by
    the run before: the same code, names and annotations for every generated method of every class."""
    _, plain = _collect("plain", tmp_path)
    made, first = _collect("hooked", tmp_path)
    again, second = _collect("hooked", tmp_path)
    assert len(plain) > 100 and sum(len(methods) for methods in plain.values()) > 500
    assert made > 500 and again == 0  # the second run compiled nothing
    assert first == plain
    assert second == plain


def test_methods_do_not_take_the_future_flags_of_the_module_that_compiles_them() -> None:
    # dataclass_code.py has `from __future__ import annotations`; `exec` of a text would give the text that flag,
    # and __init__'s return annotation would become the string '_return_type'
    @dataclasses.dataclass(frozen=True)
    class Probe:
        number: int

    assert Probe.__init__.__annotations__["return"] is None
    assert Probe.__init__.__code__.co_flags & 0x1000000 == 0  # CO_FUTURE_ANNOTATIONS


def test_a_text_is_found_in_the_file_after_a_round_trip() -> None:
    text = "def __create_fn__():\n def f(x):\n  return x + 1\n return f"
    code = compile(text, "<string>", "exec", dont_inherit=True)
    codes = {dataclass_code.text_key(text): dataclass_code.packed(code)}
    assert dataclass_code.decode(dataclass_code.encode(codes)) == codes
    assert dataclass_code.unpacked(codes[dataclass_code.text_key(text)]) == code


def test_damaged_or_foreign_files_are_not_read() -> None:
    text = "def __create_fn__():\n def f(x):\n  return x\n return f"
    code = compile(text, "<string>", "exec", dont_inherit=True)
    good = dataclass_code.encode({dataclass_code.text_key(text): dataclass_code.packed(code)})
    header = len(dataclass_code.HEADER)
    assert dataclass_code.decode(good[:-1]) == {}
    assert dataclass_code.decode(good[: header + 10]) == {}
    assert dataclass_code.decode(b"") == {}
    assert dataclass_code.decode(b"\x00" + good[1:]) == {}  # another header, e.g. another interpreter's
    last = good[:-1] + bytes([good[-1] ^ 1])
    assert dataclass_code.decode(last) == {}
    import hashlib

    for payload in (
        marshal.dumps([1, 2]),
        marshal.dumps({1: 2}),
        marshal.dumps({text: b"x"}),
        marshal.dumps({b"x" * 31: b"x"}),
        b"\xff\xfe",
    ):
        forged = dataclass_code.HEADER + hashlib.sha256(payload).digest() + payload
        assert dataclass_code.decode(forged) == {}


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0), st.integers(min_value=1, max_value=255))
def test_any_flipped_byte_gives_nothing_or_the_codes(position: int, flip: int) -> None:
    text = "def __create_fn__():\n def g(a, b):\n  return (a, b)\n return g"
    codes = {dataclass_code.text_key(text): dataclass_code.packed(compile(text, "<string>", "exec", dont_inherit=True))}
    data = bytearray(dataclass_code.encode(codes))
    data[position % len(data)] ^= flip
    assert dataclass_code.decode(bytes(data)) in ({}, codes)


def _run(code: str, prefix: Path, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment.update(PYTHONPYCACHEPREFIX=str(prefix), **env)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


PROBE = (
    "from calendar_builder import dataclass_code as d\n"
    "import calendar_builder.core.model\n"
    "from calendar_builder.publish import keep_dataclass_code\n"
    "s = d._store\n"
    "print(len(s.known), len(s.made), len(s.found), d.pending())\n"
    "keep_dataclass_code()\n"
)


def test_a_second_run_finds_every_method_the_first_compiled(tmp_path: Path) -> None:
    known, made, found, pending = _run(PROBE, tmp_path).split()
    assert (known, found, pending) == ("0", "0", "True") and int(made) > 50
    path = Path(_run("from calendar_builder import dataclass_code as d; print(d.code_path())", tmp_path))
    assert path.is_file() and str(path).startswith(str(tmp_path))
    again = _run(PROBE, tmp_path).split()
    assert again == [made, "0", made, "False"]


def test_no_file_is_written_where_python_writes_no_bytecode(tmp_path: Path) -> None:
    assert _run(PROBE, tmp_path, PYTHONDONTWRITEBYTECODE="1").split()[3] == "True"
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_kept_code_that_is_no_code_is_compiled_again(tmp_path: Path) -> None:
    text = "def __create_fn__():\n def h(self):\n  return 7\n return h"
    key = dataclass_code.text_key(text)
    store = dataclass_code._Store(None, {key: zlib.compress(marshal.dumps([1, 2]))})
    code = store.code(text)
    assert code == compile(text, "<string>", "exec", dont_inherit=True) and key in store.made
    broken = dataclass_code._Store(None, {key: b"\xff"})
    assert broken.code(text) == code and key not in broken.found
    assert dataclass_code.unpacked(zlib.compress(b"\xff")) is None
