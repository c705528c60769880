"""Regenerate the README's screenshots of the web page (docs/web-*.png).

Runs the real server on the 3,000-teacher sample county and drives Debian's chromium
with Playwright, as the browser tests do (tests/web/conftest.py):

    PYTHONPATH=. python docs/web_screenshots.py [folder]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.web.conftest import ARGS, CHROMIUM, Server

ROOT = Path(__file__).parents[1]
COUNTY = ROOT / "sample_data" / "county_3000.xlsx"


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        server = Server(Path(data))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 860})
                page.set_default_timeout(60_000)
                page.goto(server.url + "/")
                page.set_input_files("#roster-input", str(COUNTY))
                page.click("#upload-button")
                page.wait_for_url("**/r/*")
                key = page.url.split("/r/")[1].split("/")[0]
                page.goto(f"{server.url}/r/{key}/solve")
                page.click("#solve-button")
                page.wait_for_url(f"**/r/{key}/plan")
                page.screenshot(path=str(folder / "web-plan.png"))
                page.goto(f"{server.url}/r/{key}/plan?tab=not_selected")
                links = page.locator("#not-selected tbody tr td:first-child a")
                ids = [links.nth(i).inner_text() for i in range(min(60, links.count()))]
                for teacher in ids:  # the first one whose colleagues hold posts they could fill
                    page.goto(f"{server.url}/r/{key}/teacher/{teacher}")
                    if page.locator("#holders").count():
                        break
                page.screenshot(path=str(folder / "web-teacher.png"))
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
