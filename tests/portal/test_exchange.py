"""YAML -> portal -> YAML: byte-identical on the shipped data and on generated organisations and events."""

from __future__ import annotations

import string
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from calendar_builder.organisations import load_organisations
from calendar_builder.portal.exchange import export_data, export_files, import_data
from calendar_builder.portal.yamlout import Flow, FlowMap, Texts, organisations_text

from .conftest import DATA

pytestmark = pytest.mark.django_db


def test_shipped_data_round_trips_byte_for_byte(tmp_path: Path) -> None:
    import_data(DATA)
    files = export_files()
    assert files["organisations.yaml"] == (DATA / "organisations.yaml").read_bytes()
    for relative, data in files.items():
        assert data == (DATA / relative).read_bytes(), relative
    export_data(tmp_path)
    assert export_data(tmp_path) == []  # a second export changes nothing
    import_data(tmp_path)
    assert export_files() == files


def test_export_keeps_ids_and_loads_back(tmp_path: Path) -> None:
    import_data(DATA)
    export_data(tmp_path)
    (tmp_path / "logos").mkdir(exist_ok=True)
    original = load_organisations(DATA / "organisations.yaml")
    exported = load_organisations(tmp_path / "organisations.yaml")
    assert [(o.id, [e.id for e in o.events]) for o in exported.organisations] == [
        (o.id, [e.id for e in o.events]) for o in original.organisations
    ]


def test_imported_events_files_round_trip(tmp_path: Path, data_copy: Path) -> None:
    """An events file written by the core's importer (data/events/<id>.yaml) comes back unchanged."""
    from calendar_builder.build import write_import
    from calendar_builder.organisations.commands import run_import

    csv = tmp_path / "termine.csv"
    csv.write_text("Titel;Datum;Beginn;Ende;Ort\nLesung;12.03.2027;19:00;21:00;WeltHaus\n", encoding="utf-8")
    written = write_import(run_import("csv", csv, "beispielverein-habesha", data_copy, 2027, None, False))
    assert written is not None
    import_data(data_copy)
    files = export_files()
    relative = written.relative_to(data_copy).as_posix()
    assert files[relative] == written.read_bytes()


# --- generated data -----------------------------------------------------------------------------------

WORDS = st.text(alphabet=string.ascii_letters + "äöüßéçğışАБВгдاربيةעבר ", min_size=1, max_size=12)
#: whitespace as the loader leaves it (it joins the words of every text with single spaces)
TEXT = st.lists(WORDS, min_size=1, max_size=30).map(lambda words: " ".join(" ".join(words).split()) or "x")
PUNCT = st.sampled_from(["", ":", " - ", ", ", "#1", "'", '"', " & ", "?", "{x}", "[a]", "yes", "no", "19:30"])
TITLE = st.tuples(TEXT, PUNCT).map(lambda t: " ".join((t[0] + t[1]).split()) or "x")
LANGS = st.lists(st.sampled_from(["en", "ar", "tr", "fa", "uk", "no", "ku", "ti"]), unique=True, max_size=3)
SLUG = st.from_regex(r"[a-z][a-z0-9]{1,10}(-[a-z0-9]{1,6})?", fullmatch=True)


@st.composite
def texts(draw: Any, keyed: bool = False) -> Texts:
    pairs = [("de", draw(TITLE))] + [(lang, draw(TITLE)) for lang in draw(LANGS)]
    return Texts(tuple(pairs), keyed)


@st.composite
def events(draw: Any) -> dict[str, object]:
    start = date(2027, 1, 1) + timedelta(days=draw(st.integers(0, 360)))
    record: dict[str, object] = {"id": draw(SLUG), "title": draw(texts()), "date": start}
    if draw(st.booleans()):
        record["end"] = start + timedelta(days=draw(st.integers(1, 5)))
    if draw(st.booleans()):
        record["time"] = time(draw(st.integers(8, 15)), draw(st.sampled_from([0, 15, 30])))
        if draw(st.booleans()):
            record["end_time"] = time(draw(st.integers(16, 22)), 0)
    weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[start.weekday()]
    if "end" not in record and draw(st.booleans()):
        record["rrule"] = draw(
            st.sampled_from(
                [
                    f"FREQ=WEEKLY;BYDAY={weekday}",
                    f"FREQ=WEEKLY;UNTIL=20281231;INTERVAL=2;BYDAY={weekday}",
                    f"FREQ=MONTHLY;COUNT=8;BYDAY={(start.day - 1) // 7 + 1}{weekday}",
                ]
            )
        )
        first_skip = start + timedelta(days=7 * draw(st.integers(1, 3)))
        if record["rrule"].startswith("FREQ=WEEKLY;BYDAY") and draw(st.booleans()):  # type: ignore[union-attr]
            record["exdates"] = Flow((first_skip,))
            moved = first_skip + timedelta(days=7)
            record["moved"] = [FlowMap((("from", moved), ("date", moved + timedelta(days=1)),
                                        ("time", time(18, 0))))]  # fmt: skip
    if draw(st.booleans()):
        record["location"] = draw(TITLE)
    if draw(st.booleans()):
        record["description"] = draw(texts())
    if draw(st.booleans()):
        record["url"] = "https://example.org/" + draw(SLUG)
    return record


@st.composite
def catalogues(draw: Any) -> str:
    count = draw(st.integers(1, 4))
    ids = draw(st.lists(SLUG, min_size=count, max_size=count, unique=True))
    entries = []
    for oid in ids:
        name = draw(TITLE)
        org: dict[str, object] = {"id": oid, "name": name}
        if len(name) > 18 or draw(st.booleans()):
            # a short name equal to the name is not written back (the loader fills it in): leave that out
            short = draw(st.text(alphabet=string.ascii_letters, min_size=1, max_size=17))
            org["short_name"] = short + "x" if short == name else short
        if draw(st.booleans()):
            org["partner"] = True
        org["description"] = draw(texts(keyed=True))
        if draw(st.booleans()):
            org["languages"] = Flow(tuple(["de", *draw(LANGS)]))
        contact = {k: v for k, v in (("address", draw(st.one_of(st.just(""), TITLE))),
                                     ("email", draw(st.sampled_from(["", "info@verein.example.org"]))),
                                     ("phone", draw(st.sampled_from(["", "06221 58-10360"])))) if v}  # fmt: skip
        if contact:
            org["contact"] = contact
        found = draw(st.lists(events(), max_size=4, unique_by=lambda e: e["id"]))
        if found:
            org["events"] = found
        comment = draw(st.sampled_from(["", "Quelle: Jahresbericht 2025", "--- Abschnitt ---\nzweite Zeile"]))
        entries.append((comment, org))
    header = draw(st.sampled_from(["", "# Organisationen\n#\n# zweite Zeile"]))
    return organisations_text(header, entries)


@settings(
    max_examples=30,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=catalogues())
def test_generated_data_round_trips(text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    from calendar_builder.portal.models import DataFile, Organisation

    Organisation.objects.all().delete()
    DataFile.objects.all().delete()
    folder = tmp_path_factory.mktemp("generated")
    (folder / "organisations.yaml").write_text(text, encoding="utf-8")
    load_organisations(folder / "organisations.yaml")  # what we generate is valid data for `build`
    import_data(folder)
    assert export_files()["organisations.yaml"].decode("utf-8") == text
