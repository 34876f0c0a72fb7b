"""Time loading every shipped font with ReportLab's stock TTFont and with render/ttfload.FastTTFont.

Run after a ReportLab upgrade (with tests/text/test_ttfload.py) to see whether the bulk reader still pays:
    .venv/bin/python tools/bench_font_loading.py [repeats]
Best time per font over the repeats, the loaders interleaved so that a busy machine hurts both alike.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from calendar_builder.render.ttfload import FastTTFont  # noqa: E402
from calendar_builder.resources import font_dir  # noqa: E402

LOADERS: dict[str, type[TTFont]] = {"stock TTFont": TTFont, "FastTTFont": FastTTFont}
LARGE = ("DroidSansFallbackFull.ttf", "NanumGothic.ttf", "NanumGothicBold.ttf")


def main(repeats: int) -> None:
    fonts = sorted(font_dir().glob("*.ttf"))
    best: dict[str, dict[str, float]] = {label: {} for label in LOADERS}
    for _ in range(repeats):
        for label, loader in LOADERS.items():
            for path in fonts:
                start = time.perf_counter()
                loader("bench", str(path))
                took = time.perf_counter() - start
                best[label][path.name] = min(best[label].get(path.name, took), took)
    for label, times in best.items():
        large = sum(t for name, t in times.items() if name in LARGE)
        print(f"{label:13s} {len(times)} fonts {sum(times.values()) * 1000:7.1f} ms"
              f"   of which CJK/Hangul ({len(LARGE)} files) {large * 1000:7.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
