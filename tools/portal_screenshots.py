"""Screenshots of the portal for the README: start page and an organisation page, wide and on a phone.

Run against a running demo portal (`calendar-builder portal demo`):
    .venv/bin/python tools/portal_screenshots.py --url http://localhost:8000 --out docs
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
PAGES = {"start": "/", "organisation": "/organisationen/beispielverein-syrien/", "month": "/kalender/2027/3/"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://localhost:8000")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    parser.add_argument("--phone", action="store_true", help="also take 390 px wide screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        widths = {"": 1280, "-phone": 390} if args.phone else {"": 1280}
        for suffix, width in widths.items():
            page = browser.new_page(viewport={"width": width, "height": 900}, locale="de-DE")
            for name, path in PAGES.items():
                page.goto(args.url.rstrip("/") + path)
                target = args.out / f"portal-{name}{suffix}.png"
                page.screenshot(path=str(target), full_page=False)
                print(f"wrote {target}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
