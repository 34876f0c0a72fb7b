"""Rewrite docs/preview-month.png (March) and docs/preview-back.png: the default data's pages as a reader sees them.

The shipped data is always a draft (sample organisations); the previews leave out the draft band so that they
show the design. The pages are rendered at 72 dpi, cut to the trim, with a 256-colour palette (small files).

    .venv/bin/python tools/make_print_previews.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from calendar_builder.build import load_edition  # noqa: E402
from calendar_builder.edition.settings import load_edition_settings  # noqa: E402
from calendar_builder.layout.pages import layout_edition  # noqa: E402
from calendar_builder.media.read import with_media  # noqa: E402
from calendar_builder.render.print_pdf import render_print_pdf  # noqa: E402
from calendar_builder.settings import Settings  # noqa: E402

YEAR = 2027
PREVIEWS = (("preview-month", 4), ("preview-back", 14))  # page numbers in binding order: March, back page


def main() -> None:
    data = ROOT / "data"
    look = load_edition_settings(data)
    edition = with_media(load_edition(Settings(data_dir=data, year=YEAR)), look, data)
    pages = layout_edition(edition, look)
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "preview.pdf"
        pdf.write_bytes(render_print_pdf(pages, look, look.title_for(YEAR), datetime(YEAR - 1, 1, 1, tzinfo=UTC)))
        bleed = round(look.bleed_mm / 25.4 * 72)
        width, height = (round(side / 25.4 * 72) for side in look.trim_mm)
        for name, page in PREVIEWS:
            stem = Path(folder) / name
            subprocess.run(["pdftoppm", "-r", "72", "-f", str(page), "-l", str(page), "-x", str(bleed), "-y",
                            str(bleed), "-W", str(width), "-H", str(height), "-png", "-singlefile", str(pdf),
                            str(stem)], check=True)  # fmt: skip
            image = Image.open(stem.with_suffix(".png")).convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
            target = ROOT / "docs" / f"{name}.png"
            image.save(target, optimize=True)
            print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
