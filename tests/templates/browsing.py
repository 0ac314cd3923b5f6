"""What the browser tests of every stack share: the two widths pages are checked at, the site's
button colour, and where screenshots are kept for a person to look at."""

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, ViewportSize

VIEWPORTS = {
    "desktop": ViewportSize(width=1280, height=800),
    "phone": ViewportSize(width=390, height=844),
}
# Tailwind's indigo-600, as Chromium reports it: the site's buttons (the same input CSS in
# Django and Flask).
INDIGO = "oklch(0.511 0.262 276.966)"
SCREENSHOTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"


def screenshot(page: Page, name: str, *, full_page: bool = True) -> None:
    """Keep a screenshot of the page as test-artifacts/screenshots/NAME.png."""
    path = SCREENSHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=full_page)


def record_requests(page: Page, requested: list[str]) -> None:
    """Add to `requested` every URL the page asks for from now on, less what its
    Content-Security-Policy refused (the browser stops that before it is sent)."""
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "requestfailed",
        lambda request: requested.remove(request.url) if request.failure == "csp" else None,
    )


def hosts(urls: list[str]) -> set[str | None]:
    """The hosts the URLs name. A blob: URL (Redoc's search worker) is made by the page itself,
    under its own origin."""
    return {urlsplit(url.removeprefix("blob:")).hostname for url in urls}
