"""Browser tests: Playwright drives Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``; never a downloaded
browser) against a live server, at desktop size and on a 390×844 phone.

Without Chromium the tests are skipped, unless ``REQUIRE_BROWSER=1`` (CI sets it), which makes a missing browser a
failure. Screenshots go to ``var/screenshots/<viewport>/``.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.alliances.conftest import alliances  # noqa: F401  (the fixture, for the journeys)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "browser-journey-2020"  # noqa: S105 -- a test account's password

# Table cells and form fields narrower than three Chinese characters, holding more than two: the squeeze that
# tables of Chinese text suffer on a phone.
NARROW_CELLS = """() => Array.from(document.querySelectorAll("td, th")).filter((cell) => {
    const box = cell.getBoundingClientRect();
    return box.width > 0 && box.width < 48 && cell.textContent.trim().length > 2;
}).map((cell) => cell.textContent.trim().slice(0, 20))"""

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 3,
    },
}


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(autouse=True)
def _chinese_default(settings):
    """Users see the portal in Chinese unless they choose English (the rest of the suite reads English)."""
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture(scope="module")
def browser():
    """Chromium for one module. Playwright's sync API keeps an event loop in the test's thread while it runs, so
    Django is told that the ORM calls the test makes meanwhile are safe (they are synchronous, one at a time);
    the variable goes when the browser does, before any other test (or a ``check --deploy`` it starts) runs."""
    path = chromium_path()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is not installed (apt-get install chromium fonts-noto-cjk)")
        pytest.skip("Chromium is not installed; make test-browser needs it")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Screen:
    """One person's browser tab at one size: signs in, takes screenshots, checks the layout as it goes."""

    page: object
    base_url: str
    viewport: str
    journey: str
    errors: list[str] = field(default_factory=list)
    shots: int = 0

    def go(self, path: str):
        self.page.goto(self.base_url + path)

    def sign_in(self, username: str, password: str = PASSWORD):
        self.go("/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.locator("main form [type=submit]").first.click()
        self.page.wait_for_load_state()
        assert "/login/" not in self.page.url, f"{username} could not sign in"

    def menu(self, selector: str):
        """Follows a link of the top menu; on a phone the menu opens first (the hamburger button), and a link in a
        drop-down menu is reached by opening that menu."""
        toggler = self.page.locator(".navbar-toggler")
        if toggler.is_visible():
            toggler.click()
            # Bootstrap animates the menu open (class "collapsing"); a click during the animation can miss the link.
            self.page.locator(".navbar-collapse.collapse.show").wait_for(state="visible")
        link = self.page.locator(selector).first
        if not link.is_visible():  # an item of a drop-down menu: open the menu first
            link.locator("xpath=ancestor::li[contains(@class, 'dropdown')]").locator(".dropdown-toggle").first.click()
        link.wait_for(state="visible")
        with self.page.expect_navigation():
            self.page.click(selector)

    def submit(self, form: str = "main form[method=post]"):
        """Presses the form's submit button and waits for the next page."""
        with self.page.expect_navigation():
            self.page.locator(form).first.locator("[type=submit]").last.click()

    def shot(self, name: str):
        """Writes a full-page screenshot; on the phone, the page must not scroll sideways."""
        self.shots += 1
        folder = SCREENSHOTS / self.viewport
        folder.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(folder / f"{self.journey}-{self.shots:02d}-{name}.png"), full_page=True)
        if self.viewport == "phone":
            widths = self.page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert widths[0] <= widths[1], f"{name}: the page is {widths[0]} px wide on a {widths[1]} px phone"
            squeezed = self.page.evaluate(NARROW_CELLS)
            assert not squeezed, f"{name}: text squeezed into narrow columns on the phone: {squeezed}"


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request) -> str:
    return request.param


@pytest.fixture
def screens(browser, live_server, viewport, request):
    """Opens a fresh browser context (its own cookies) per person; console errors and CSP refusals fail the test."""
    contexts, opened = [], []

    def open_screen(journey: str) -> Screen:
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **VIEWPORTS[viewport])
        contexts.append(context)
        page = context.new_page()
        screen = Screen(page, live_server.url, viewport, journey)
        page.on("console", lambda message: message.type == "error" and screen.errors.append(message.text))
        page.on("pageerror", lambda error: screen.errors.append(str(error)))
        opened.append(screen)
        return screen

    yield open_screen
    for context in contexts:
        context.close()
    errors = [error for screen in opened for error in screen.errors]
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)
