"""Slow tier: the pages in headless Chromium (Debian's `chromium`, driven by Playwright).

Playwright never downloads a browser here: it launches the system's Chromium.
"""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from tests.templates.browsing import INDIGO, VIEWPORTS, hosts, record_requests, screenshot
from tests.templates.django.conftest import Site

pytestmark = pytest.mark.slow


def new_page(browser: Browser, site: Site, viewport: ViewportSize) -> Page:
    """A page in a fresh browser context, seen by the app as coming through its TLS proxy."""
    context = browser.new_context(
        base_url=site.url, viewport=viewport, extra_http_headers={"X-Forwarded-Proto": "https"}
    )
    return context.new_page()


@pytest.fixture
def page(browser: Browser, site: Site) -> Iterator[Page]:
    """A fresh page at desktop width."""
    page = new_page(browser, site, VIEWPORTS["desktop"])
    yield page
    page.context.close()


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
    screenshot(page, "django-home-styles")


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
    assert page.locator("dt", has_text="Processed at").is_visible()
    screenshot(page, "django-item-detail")


@pytest.mark.parametrize(
    ("path", "operation"),
    [("/api/docs/", ".opblock-summary-path"), ("/api/redoc/", "[data-section-id^='operation/']")],
    ids=["swagger-ui", "redoc"],
)
def test_api_docs_render_from_this_site_alone(page: Page, path: str, operation: str) -> None:
    """Swagger UI and Redoc draw the API's operations with nothing fetched from another host:
    they work offline. (Redoc asks for Redocly's logo from its CDN; the site's Content Security
    Policy stops that request in the browser, before it leaves.)"""
    requested: list[str] = []
    record_requests(page, requested)

    page.goto(path)
    page.locator(operation, has_text="/api/items/").first.wait_for()
    screenshot(page, f"django-{path.strip('/').replace('/', '-')}", full_page=False)

    assert hosts(requested) == {"127.0.0.1"}, requested


# Each page, signed out or in, and what must be on it besides the layout's header and nav.
PAGES = {
    "home": ("/", False, "main a.button"),
    "login": ("/accounts/login/", False, "main form button[type=submit]"),
    "signup": ("/accounts/signup/", False, "main form button[type=submit]"),
    "password-reset": ("/accounts/password/reset/", False, "main form button[type=submit]"),
    "not-found": ("/nothing-here", False, "main a.button"),
    "items": ("/items/", True, "main a.button"),
    "item-form": ("/items/new", True, "main form button[type=submit]"),
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_pages_in_the_sites_layout(
    browser: Browser, site: Site, verified_user: tuple[str, str], name: str, viewport: str
) -> None:
    """Each page in the built CSS's layout at desktop and phone widths: header and nav, main,
    a styled button, every field with a label (no colon) that names it; nothing wider than the
    screen. A screenshot of each is kept (test-artifacts/screenshots/)."""
    path, signed_in, action = PAGES[name]
    page = new_page(browser, site, VIEWPORTS[viewport])
    if signed_in:
        log_in(page, *verified_user)

    response = page.goto(path)
    screenshot(page, f"django-{name}-{viewport}")

    assert response is not None
    assert response.status == (404 if name == "not-found" else 200)
    stylesheet = page.locator("link[rel=stylesheet]").get_attribute("href")
    assert stylesheet is not None
    assert page.request.get(stylesheet).ok
    assert page.locator("header nav").is_visible()
    assert page.locator("main").is_visible()
    button = page.locator(action).first
    assert button.is_visible()
    # The site's indigo, where an unstyled button is grey or transparent.
    assert button.evaluate("el => getComputedStyle(el).backgroundColor") == INDIGO
    for field in page.locator("main form input:visible, main form textarea:visible").all():
        label = page.locator(f"label[for='{field.get_attribute('id')}']")
        assert label.is_visible()
        assert not label.inner_text().strip().endswith(":")
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_admin_header_names_the_site(browser: Browser, site: Site, viewport: str) -> None:
    """The admin's log-in page is headed with the site's name, as the site's own nav shows it."""
    page = new_page(browser, site, VIEWPORTS[viewport])
    page.goto("/")
    site_name = page.locator("header nav a").first.inner_text()

    page.goto("/admin/login/")
    screenshot(page, f"django-admin-login-{viewport}")

    assert page.locator("#site-name").inner_text() == f"{site_name} administration"
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    page.context.close()
