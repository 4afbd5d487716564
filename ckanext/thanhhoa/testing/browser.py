"""The portal in a real browser: Debian's Chromium driven by Playwright
(`executable_path`: no browser can be downloaded here). Pages are opened on
the portal served on loopback; every request that would leave it fails."""
from __future__ import annotations

import contextlib
import pathlib
import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = {"desktop": (1280, 900), "phone": (360, 740)}


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                  "--disable-background-networking", "--no-first-run"])
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, base_url: str, width: str = "desktop", locale: str = "vi-VN"):
    viewport_width, height = WIDTHS[width]
    context = browser.new_context(base_url=base_url, locale=locale,
                                  viewport={"width": viewport_width, "height": height})
    context.set_default_timeout(15000)
    # no request leaves the machine: the map's tiles and anything external fail fast
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(base_url) or route.request.url.startswith("data:")
                  else route.abort())
    return context.new_page()


def screenshot(page, folder: pathlib.Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
