"""Take the screenshots of docs/screens from a running Marsad: `python docs/screens/take.py URL`.

Four pages (overview, measures, a measure, committees) of Souss-Massa, in Arabic, French and
English, on a desk (1400 x 1000) and on a phone (390 x 844), in Debian's Chromium.
"""

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
SIZES = {"desk": (1400, 1000), "phone": (390, 844)}
PAGES = {
    "overview": "/?region=09",
    "measures": "/measures?region=09",
    "measure": "/measure?id={centre}&region=09",
    "committees": "/committees?region=09",
}


def take(base: str, centre: int) -> list[Path]:
    """Every screenshot, written next to this file; their paths."""
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        for size, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in PAGES.items():
                for lang in ("ar", "fr", "en"):
                    page.goto(f"{base}{path.format(centre=centre)}&lang={lang}")
                    page.wait_for_selector(
                        '[data-testid="stApp"][data-test-script-state="notRunning"]'
                    )
                    page.wait_for_timeout(3000)  # charts and tiles draw after the run ends
                    target = HERE / f"{name}-{lang}-{size}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
            page.close()
        browser.close()
    return written


if __name__ == "__main__":
    for shot in take(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 29):
        print(shot.name)
