"""The portal in a real browser: Debian's Chromium driven by Playwright
(`executable_path`: no browser can be downloaded here). Pages are opened on
the portal served on loopback; every request that would leave it fails.

Every page is served under the Content-Security-Policy nginx sends in
production (`docker/nginx/default.conf`), added to each document as nginx
adds it, and what the browser refuses is collected (`csp_violations`), so
each browser test also proves the theme passes the policy. One violation
is known and harmless: ckanext-datatablesview calls
`setTimeout(initFilterObserver(), 100)`, passing the function's result
(undefined), which the browser would evaluate as the string "undefined";
the policy blocks that eval and the table works."""
from __future__ import annotations

import contextlib
import functools
import pathlib
import re
import shutil
import weakref

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = {"desktop": (1280, 900), "phone": (360, 740)}
NGINX_CONF = pathlib.Path(__file__).resolve().parents[3] / "docker" / "nginx" / "default.conf"
KNOWN_VIOLATION = re.compile(r"/ckanext-datatablesview/\w+_datatablesview\.js$")

_violations: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@functools.lru_cache(maxsize=1)
def production_policy() -> str:
    conf = NGINX_CONF.read_text(encoding="utf-8")
    return re.search(r'add_header Content-Security-Policy "([^"]+)"', conf).group(1)


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
    policy = production_policy()

    def serve(route):
        url = route.request.url
        if not (url.startswith(base_url) or url.startswith("data:")):
            return route.abort()      # no request leaves the machine: the map's tiles fail fast
        if route.request.resource_type != "document":
            return route.continue_()
        response = route.fetch(max_redirects=0)     # the browser follows them itself
        return route.fulfill(response=response,
                             headers={**response.headers, "content-security-policy": policy})

    context.route("**/*", serve)
    page = context.new_page()
    found = _violations[page] = []
    page.on("console", lambda message: found.append(
        f"{message.text} ({message.location.get('url')})")
        if "Content Security Policy" in message.text
        and not KNOWN_VIOLATION.search(message.location.get("url") or "") else None)
    return page


def sign_in(page, name: str, password: str) -> None:
    """Sign in through CKAN's login form, in Vietnamese."""
    import re

    page.goto("/user/login")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill(name)
    page.get_by_role("textbox", name="Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/(dashboard|user)/"))


def csp_violations(page) -> list[str]:
    """What the browser refused under the production policy on this page so
    far, in every frame (the known harmless one left out)."""
    return list(_violations.get(page, []))


def screenshot(page, folder: pathlib.Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
