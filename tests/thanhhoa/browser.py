"""The portal in a real browser: Debian's Chromium driven by Playwright
(`executable_path`: no browser can be downloaded here), against the portal
served on loopback (`portal_url`) with the demo catalogue of `make run`, its
CSVs loaded into the DataStore by xloader."""
from __future__ import annotations

import contextlib
import shutil

import pytest

from paths import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / ".run" / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (360, 740)}
# the sections of a citizen's visit, with the demo data that shows them
PAGES = {
    "home": "/",
    "search": "/dataset/?q=trường+học",
    "dataset": "/dataset/danh-sach-truong-trung-hoc-pho-thong",
    "agency": "/organization/so-giao-duc-va-dao-tao",
    "login": "/user/login",
}


def load_demo_portal():
    """Empty the test portal, load the demo catalogue, run xloader's jobs."""
    import rq

    import ckan.plugins as plugins
    import ckan.plugins.toolkit as tk
    from ckan.lib import jobs
    from ckan.tests import factories

    from ckanext.thanhhoa import demo
    from portal_state import empty_portal

    plugins.load_all()
    empty_portal()
    jobs.get_queue().empty()
    admin = factories.SysadminWithToken()
    token = tk.config.get("ckanext.xloader.api_token")
    tk.config["ckanext.xloader.api_token"] = admin["token"]   # xloader submits with it
    try:
        demo.load()
        # in this process, not in forks sharing its database connections
        # (what CKAN's with_test_worker does for one test)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(rq.Worker, "main_work_horse", rq.SimpleWorker.main_work_horse)
            patch.setattr(rq.Worker, "execute_job", rq.SimpleWorker.execute_job)
            jobs.Worker(["default"]).work(burst=True)
    finally:
        tk.config["ckanext.xloader.api_token"] = token
    pending = demo.datastore_pending([d["name"] for d in demo.catalogue()["datasets"]])
    assert not pending, f"xloader did not load {pending}"
    return admin


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


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def demo_portal(portal_url):
    admin = load_demo_portal()
    return {"url": portal_url, "admin": admin}


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser
