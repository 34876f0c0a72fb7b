"""The publishers' logos from data/edition.yaml: read and checked like other media (a missing or unprintable
file is a located error), printed on the cover (SVG as vectors), and a placeholder keeps the edition a draft."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image as PILImage

from calendar_builder.build import load_edition
from calendar_builder.edition.gates import print_blockers
from calendar_builder.edition.settings import load_edition_settings
from calendar_builder.errors import DataError
from calendar_builder.layout.geometry import Image, TextLine, VectorImage
from calendar_builder.layout.pages import imprint_text, layout_edition
from calendar_builder.layout.publisher_row import PLACEHOLDER_LABEL
from calendar_builder.media.read import with_media
from calendar_builder.settings import Settings
from tests.printkit import CLEAN_EDITION, data_folder

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "data" / "logos" / "beispielverein-syrien.svg"


def folder_with(tmp_path: Path, logos: str, files: dict[str, Path | tuple[int, int]]) -> Path:
    """The clean print fixture with `publishers_logos` set to `logos` (YAML) and the given files under logos/."""
    folder = data_folder(tmp_path)
    (folder / "logos").mkdir(exist_ok=True)
    for name, source in files.items():
        if isinstance(source, Path):
            shutil.copy(source, folder / "logos" / name)
        else:
            PILImage.new("RGB", source, (200, 30, 30)).save(folder / "logos" / name)
    (folder / "edition.yaml").write_text(CLEAN_EDITION + "publishers_logos:\n" + logos, encoding="utf-8")
    return folder


def cover_and_blockers(folder: Path) -> tuple[list[object], list[str]]:
    look = load_edition_settings(folder)
    edition = with_media(load_edition(Settings(data_dir=folder, year=2027)), look, folder)
    cover = layout_edition(edition, look)[0]
    return list(cover.elements), [str(b) for b in print_blockers(edition, look, folder)]


def test_svg_logos_print_as_vectors_and_png_logos_as_images_in_the_data_order(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, (
        "  - {file: logos/amr.svg, name: Ausländerrat/Migrationsrat Heidelberg}\n"
        "  - {file: logos/ewz.png, name: Eine-Welt-Zentrum Heidelberg, credit: Grafik Muster}\n"
    ), {"amr.svg": SVG, "ewz.png": (600, 600)})  # fmt: skip
    elements, blockers = cover_and_blockers(folder)
    logos = [e for e in elements if isinstance(e, Image | VectorImage) and e.role == "logo"]
    assert [type(e) for e in logos] == [VectorImage, Image]
    assert logos[0].path.endswith("amr.svg") and logos[1].path.endswith("ewz.png")
    assert logos[0].bounds.x < logos[1].bounds.x  # the first of the data stands leftmost
    captions = " ".join(e.text for e in elements if isinstance(e, TextLine))
    assert "Eine-Welt-Zentrum" in captions and PLACEHOLDER_LABEL not in captions
    assert not [b for b in blockers if "publishers_logos" in b]  # real logos keep the edition printable
    assert "Logos: Eine-Welt-Zentrum Heidelberg (Grafik Muster)" in imprint_text(load_edition_settings(folder))


def test_a_placeholder_is_marked_on_the_cover_and_blocks_print(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, (
        "  - {file: logos/stand-in.svg, name: Eine-Welt-Zentrum Heidelberg, placeholder: true}\n"
    ), {"stand-in.svg": ROOT / "data" / "logos" / "logo-platzhalter.svg"})  # fmt: skip
    elements, blockers = cover_and_blockers(folder)
    captions = [e.text for e in elements if isinstance(e, TextLine)]
    assert f"{PLACEHOLDER_LABEL}:" in captions
    located = [b for b in blockers if "[publishers_logos[1].placeholder]" in b]
    assert located and located[0].startswith(f"{folder / 'edition.yaml'}:")


def test_the_shipped_data_references_only_marked_placeholders_and_stays_a_draft() -> None:
    data = ROOT / "data"
    look = load_edition_settings(data)
    assert look.publisher_logos and all(logo.placeholder for logo in look.publisher_logos)
    edition = load_edition(Settings(data_dir=data, year=2027))
    blockers = [b for b in print_blockers(edition, look, data) if b.field.startswith("publishers_logos")]
    assert len(blockers) == len(look.publisher_logos)


@pytest.mark.parametrize(
    ("logos", "files", "expected"),
    [
        ("  - {file: logos/missing.svg, name: AMR}\n", {}, "[publishers_logos[1].file]: error: logo file not found"),
        ("  - {file: logos/amr.pdf, name: AMR}\n", {}, "pdftocairo -svg"),
        ("  - {file: ../outside.svg, name: AMR}\n", {}, "leaves the data folder"),
        ("  - {file: logos/amr.svg}\n", {"amr.svg": SVG}, "[publishers_logos[1].name]"),
        ("  - {file: logos/amr.svg, name: AMR, colour: red}\n", {"amr.svg": SVG}, "[publishers_logos[1].colour]"),
        ("  - {file: logos/amr.svg, name: AMR, placeholder: ja}\n", {"amr.svg": SVG}, "expected true or false"),
        ("  logos/amr.svg\n", {}, "[publishers_logos]: "),
    ],
)
def test_bad_entries_are_located_errors(tmp_path: Path, logos: str, files: dict[str, Path | tuple[int, int]],
                                        expected: str) -> None:  # fmt: skip
    folder = folder_with(tmp_path, logos, files)
    with pytest.raises(DataError) as caught:
        load_edition_settings(folder)
    message = str(caught.value)
    assert expected in message and f"{folder / 'edition.yaml'}:" in message, message


def test_a_logo_too_coarse_for_the_cover_is_a_located_error(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "  - {file: logos/small.png, name: AMR}\n", {"small.png": (60, 60)})
    look = load_edition_settings(folder)
    with pytest.raises(DataError) as caught:
        with_media(load_edition(Settings(data_dir=folder, year=2027)), look, folder)
    message = str(caught.value)
    assert f"{folder / 'edition.yaml'}:" in message and "[publishers_logos.file]" in message and "ppi" in message
