"""Draw the logos of the fictional sample organisations (data/logos/<id>.png or .svg), reproducibly.

Each logo is a coloured disc with the organisation's initials and a "BEISPIEL" band, 600 × 600 px:
printed in the 25 mm logo box that is about 610 ppi, well above the 300 ppi print needs. Where the logo path
in organisations.yaml ends in .svg the same design is written as SVG, its letters as paths (outlines from the
shipped Noto Sans Bold), the way a logo with text must come for print; so the default build places one.
Run from the repository root:  python tools/make_sample_logos.py
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import yaml
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

SIZE = 600
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
)
SKIP_WORDS = {"beispielverein", "e.", "v.", "e.v.", "der", "die", "das", "und", "für", "bsp."}


def initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w.lower() not in SKIP_WORDS]
    return "".join(w[0].upper() for w in words[:3]) or "?"


def colour(org_id: str) -> tuple[int, int, int]:
    """A stable, mid-dark colour from the id, so each sample logo looks different and never changes."""
    digest = hashlib.sha256(org_id.encode()).digest()
    return (40 + digest[0] % 140, 40 + digest[1] % 140, 40 + digest[2] % 140)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size)


def draw_logo(org_id: str, name: str) -> Image.Image:
    image = Image.new("RGB", (SIZE, SIZE), "white")
    draw = ImageDraw.Draw(image)
    fill = colour(org_id)
    draw.ellipse((20, 20, SIZE - 20, SIZE - 20), fill=fill)
    text = initials(name)
    draw.text((SIZE / 2, SIZE / 2 - 30), text, font=font(220 if len(text) < 3 else 170), fill="white", anchor="mm")
    draw.rectangle((60, 390, SIZE - 60, 470), fill="white")
    draw.text((SIZE / 2, 430), "BEISPIEL", font=font(62), fill=fill, anchor="mm")
    return image


OUTLINE_FONT = Path(__file__).resolve().parent.parent / "fonts" / "NotoSans-Bold.ttf"


def text_path(text: str, size: float, centre: tuple[float, float]) -> str:
    """SVG path data of `text` in Noto Sans Bold, `size` px high per em, centred on `centre` (y down)."""
    font = TTFont(OUTLINE_FONT)
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    names = [cmap[ord(char)] for char in text]
    width = sum(glyphs[name].width for name in names) * scale
    cap = font["OS/2"].sCapHeight * scale
    x, baseline = centre[0] - width / 2, centre[1] + cap / 2
    pen = SVGPathPen(glyphs, ntos=lambda value: f"{value:.2f}".rstrip("0").rstrip("."))
    for name in names:
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x, baseline)))
        x += glyphs[name].width * scale
    return pen.getCommands()


def svg_logo(org_id: str, name: str) -> str:
    """The same design as draw_logo, as vectors with the letters converted to paths."""
    fill = "#{:02x}{:02x}{:02x}".format(*colour(org_id))
    text = initials(name)
    letters = text_path(text, 220 if len(text) < 3 else 170, (SIZE / 2, SIZE / 2 - 30))
    band = text_path("BEISPIEL", 62, (SIZE / 2, 430))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}">
  <circle cx="{SIZE / 2:g}" cy="{SIZE / 2:g}" r="{SIZE / 2 - 20:g}" fill="{fill}"/>
  <path fill="#ffffff" d="{letters}"/>
  <rect x="60" y="390" width="{SIZE - 120}" height="80" fill="#ffffff"/>
  <path fill="{fill}" d="{band}"/>
</svg>
"""


def main(data_dir: Path) -> int:
    data = yaml.safe_load((data_dir / "organisations.yaml").read_text(encoding="utf-8"))
    for org in data["organisations"]:
        if not org.get("sample") or not org.get("logo"):
            continue
        path = data_dir / org["logo"]
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() == ".svg":
            path.write_text(svg_logo(org["id"], org["name"]), encoding="utf-8")
        else:
            draw_logo(org["id"], org["name"]).save(path, format="PNG", dpi=(600, 600), optimize=True)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data")))
