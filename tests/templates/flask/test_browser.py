"""Slow tier: the Flask pages in headless Chromium (Debian's `chromium`, driven by Playwright) at
desktop and phone widths, in the site's layout and its built CSS (Django's look: the same Tailwind
input). A screenshot of each page is kept in test-artifacts/screenshots/flask/."""

import re
import secrets
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, StorageState

from tests.templates.browsing import INDIGO, VIEWPORTS, screenshot
from tests.templates.flask.conftest import Site

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery"
# Tailwind's red-600, as Chromium reports it: the site's errors.
RED = "oklch(0.577 0.245 27.325)"


def new_page(
    browser: Browser, site: Site, viewport: str, state: StorageState | None = None
) -> Page:
    """A page in a fresh browser context: signed in if given a signed-in user's `state`."""
    context = browser.new_context(
        base_url=site.url, viewport=VIEWPORTS[viewport], storage_state=state
    )
    return context.new_page()


def sign_up(browser: Browser, site: Site) -> StorageState:
    """A new account, made through the sign-up form; the browser's state, signed in. (Each
    page then starts signed in: the site allows five sign-ups and ten log-ins a minute.)"""
    page = new_page(browser, site, "desktop")
    page.goto("/auth/register")
    page.fill("input[name=username]", f"ada-{secrets.token_hex(3)}")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{site.url}/")
    state = page.context.storage_state()
    page.context.close()
    return state


@pytest.fixture(scope="module")
def newcomer(browser: Browser, site: Site) -> StorageState:
    """Signed in, and nothing made yet."""
    return sign_up(browser, site)


@pytest.fixture(scope="module")
def author(browser: Browser, site: Site) -> tuple[StorageState, str]:
    """Signed in, with an item made through its form; and the path of the item's page."""
    state = sign_up(browser, site)
    page = new_page(browser, site, "desktop", state)
    page.goto("/items/new")
    page.fill("input[name=title]", "Bread from the browser")
    page.fill("textarea[name=description]", "Flour, water and salt.\nBaked at dawn.")
    page.click("main form button:text('Save')")
    page.wait_for_url(re.compile(r"/items/\d+$"))
    path = urlsplit(page.url).path
    page.context.close()
    return state, path


# Each page: its path (None: the author's item), who sees it, and what must be on it besides
# the layout's header, nav and main.
PAGES = {
    "home": ("/", None, "main a.button:text('Sign up')"),
    "signup": ("/auth/register", None, "main form button.button"),
    "login": ("/auth/login", None, "main form button.button"),
    "not-found": ("/nothing-here", None, "main a.button"),
    "home-signed-in": ("/", "author", "#resources a:text('Items')"),
    "items-empty": ("/items/", "newcomer", "main td:text('No items yet.')"),
    "items": ("/items/", "author", "main tbody a:text('Show')"),
    "item-form": ("/items/new", "author", "main form button.button"),
    "item-detail": (None, "author", "main dl dt:text('Processed at')"),
}


def assert_in_layout(page: Page, width: int) -> None:
    """The built CSS served and applied: header and nav, main; each button in the site's
    indigo; each field with a visible label (no colon) that names it; nothing wider than the
    screen."""
    stylesheet = page.locator("link[rel=stylesheet]").get_attribute("href")
    assert stylesheet is not None
    css = page.request.get(stylesheet)
    assert css.status == 200
    assert css.headers["content-type"].startswith("text/css")
    assert ".button {" in css.text()
    assert page.locator("header nav").is_visible()
    assert page.locator("main").is_visible()
    for button in page.locator(".button:visible").all():
        assert button.evaluate("el => getComputedStyle(el).backgroundColor") == INDIGO
    fields = page.locator("main form :is(input, textarea, select):visible").all()
    for field in fields:
        label = page.locator(f"label[for='{field.get_attribute('id')}']")
        assert label.is_visible()
        assert label.inner_text().strip()
        assert not label.inner_text().strip().endswith(":")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_pages_in_the_sites_layout(
    browser: Browser, site: Site, request: pytest.FixtureRequest, name: str, viewport: str
) -> None:
    """Each page, signed out or in, at desktop and phone widths, with a screenshot kept."""
    path, who, content = PAGES[name]
    state, item = None, None
    if who == "newcomer":
        state = request.getfixturevalue("newcomer")
    elif who == "author":
        state, item = request.getfixturevalue("author")
    page = new_page(browser, site, viewport, state)

    response = page.goto(path or item or "")
    screenshot(page, f"flask/{name}-{viewport}")

    assert response is not None
    assert response.status == (404 if name == "not-found" else 200)
    assert page.locator(content).first.is_visible()
    assert_in_layout(page, VIEWPORTS[viewport]["width"])
    page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_form_shows_its_errors_then_the_flash(
    browser: Browser, site: Site, author: tuple[StorageState, str], viewport: str
) -> None:
    """A form sent without its title comes back with the error in red by the field, which is
    marked invalid and described by it; saved, the item's page shows the flash message."""
    page = new_page(browser, site, viewport, author[0])
    page.goto("/items/new")

    page.click("main form button:text('Save')")
    title = page.locator("input[name=title]")
    error = page.locator(f"#{title.get_attribute('aria-describedby')}")
    screenshot(page, f"flask/item-form-errors-{viewport}")

    assert title.get_attribute("aria-invalid") == "true"
    assert error.inner_text() == "This field is required."
    assert error.evaluate("el => getComputedStyle(el).color") == RED
    assert_in_layout(page, VIEWPORTS[viewport]["width"])

    title.fill(f"Rye, on a {viewport}")
    page.click("main form button:text('Save')")
    page.wait_for_url(re.compile(r"/items/\d+$"))
    flash = page.locator("main [role=status]")
    screenshot(page, f"flask/item-created-{viewport}")

    assert flash.inner_text() == "Item created."
    assert flash.locator("li").evaluate("el => getComputedStyle(el).borderRadius") != "0px"
    assert page.locator("main h1").inner_text() == f"Rye, on a {viewport}"
    page.context.close()
