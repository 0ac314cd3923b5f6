"""Slow tier: the pages in headless Chromium (Debian's `chromium`, driven by Playwright).

Playwright never downloads a browser here: it launches the system's Chromium.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.templates.django.conftest import Site

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).parents[3] / "test-artifacts"


@pytest.fixture
def page(browser: Browser, site: Site) -> Iterator[Page]:
    """A fresh browser context, seen by the app as coming through its TLS proxy."""
    context = browser.new_context(
        base_url=site.url, extra_http_headers={"X-Forwarded-Proto": "https"}
    )
    page = context.new_page()
    yield page
    context.close()


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url("**/")


def test_home_page_has_tailwind_styles(page: Page) -> None:
    """The home page renders with the built CSS applied; a screenshot is kept."""
    page.goto("/")
    heading = page.locator("h1")

    assert heading.evaluate("el => getComputedStyle(el).fontWeight") == "700"
    assert page.locator("nav").evaluate("el => getComputedStyle(el).display") == "flex"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "django-home.png", full_page=True)


def test_log_in_through_the_form(page: Page, verified_user: tuple[str, str]) -> None:
    """Filling allauth's log-in form signs the user in; the home page links to the example."""
    log_in(page, *verified_user)

    assert page.locator("#resources a", has_text="Items").is_visible()
    assert verified_user[0] in page.locator("nav").inner_text()


def test_htmx_swaps_the_form_without_reloading(page: Page, verified_user: tuple[str, str]) -> None:
    """From the home page to the example's form: htmx swaps in its error in place, the page
    itself never reloaded; the item saved, its page says whether its job has run."""
    log_in(page, *verified_user)
    page.click("#resources a:has-text('Items')")
    page.wait_for_url("**/items/")
    page.click("text=New item")
    page.wait_for_url("**/items/new")
    # A full reload would drop this marker with the rest of the window's state.
    page.evaluate("window.notReloaded = true")

    # Blank to Django, which strips it, though not to the browser's own `required` check.
    page.fill("input[name=title]", "   ")
    page.click("#form button[type=submit]")
    page.locator("#form", has_text="This field is required.").wait_for()
    assert page.evaluate("window.notReloaded") is True

    page.fill("input[name=title]", "Bread from the browser")
    page.click("#form button[type=submit]")
    page.wait_for_url(re.compile(r"/items/\d+$"))
    assert page.locator("h1").inner_text() == "Bread from the browser"
    assert page.locator("#job").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "django-items.png", full_page=True)
