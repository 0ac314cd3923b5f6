"""Slow tier: the production stack for real, driven over HTTP as a browser would drive it.

Gunicorn and a Celery worker run on PostgreSQL and Redis (the `site` fixture); the client signs up
through allauth's pages with their CSRF tokens, confirms its email from the link in the mail, logs
in, and uses the API with its session.
"""

import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.templates.django.conftest import Site
from tests.templates.projects import schemathesis

pytestmark = pytest.mark.slow

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def browser_like_client(site: Site) -> httpx.Client:
    """A client that looks as the app expects behind its TLS proxy.

    The proxy would say https (X-Forwarded-Proto); the browser would send its Origin. The
    session and CSRF cookies are `Secure`, which httpx keeps for https URLs only: the hook sends
    them over this plain-HTTP hop, as the proxy would.
    """

    def send_cookies(request: httpx.Request) -> None:
        if cookies := "; ".join(f"{c.name}={c.value}" for c in client.cookies.jar):
            request.headers["Cookie"] = cookies

    client = httpx.Client(
        base_url=site.url,
        headers={"X-Forwarded-Proto": "https", "Origin": site.url},
        event_hooks={"request": [send_cookies]},
    )
    return client


def submit(client: httpx.Client, path: str, data: dict[str, str]) -> httpx.Response:
    """Open a page with a form and post it with the CSRF token the page holds."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    token = CSRF_INPUT.search(page.text)
    assert token, f"no CSRF token on {path}"
    return client.post(path, data={"csrfmiddlewaretoken": token.group(1), **data})


def confirmation_path(site: Site, email: str, timeout: float = 10) -> str:
    """The confirmation link of the last mail to `email`, as the console backend logged it."""
    deadline = time.monotonic() + timeout
    pattern = re.compile(rf"To: {re.escape(email)}.*?(/accounts/confirm-email/[^\s]+/)", re.S)
    while time.monotonic() < deadline:
        # Printed whole, as a developer copies it from the terminal.
        if links := pattern.findall(site.server_log.read_text()):
            return str(links[-1])
        time.sleep(0.2)
    raise AssertionError(f"no confirmation mail to {email}:\n{site.server_log.read_text()}")


def new_account(site: Site) -> tuple[str, str]:
    """A new account, signed up and confirmed through allauth's pages."""
    email, password = f"user-{secrets.token_hex(4)}@example.com", secrets.token_urlsafe(16)
    with browser_like_client(site) as client:
        signed_up = submit(
            client,
            "/accounts/signup/",
            {"email": email, "password1": password, "password2": password},
        )
        assert signed_up.status_code == 302, signed_up.text
        assert signed_up.headers["location"] == "/accounts/confirm-email/"
        confirmed = submit(client, confirmation_path(site, email), {})
        assert confirmed.status_code == 302, confirmed.text
    return email, password


@pytest.fixture(scope="module")
def account(site: Site) -> tuple[str, str]:
    return new_account(site)


@pytest.fixture
def signed_in(site: Site, account: tuple[str, str]) -> Iterator[httpx.Client]:
    """A client logged in through allauth's log-in page."""
    email, password = account
    with browser_like_client(site) as client:
        response = submit(client, "/accounts/login/", {"login": email, "password": password})
        assert response.status_code == 302, response.text
        yield client


def test_log_in_starts_a_session(signed_in: httpx.Client, account: tuple[str, str]) -> None:
    """After logging in with the confirmed account, the home page greets the user and links to
    the example's pages."""
    page = signed_in.get("/")

    assert account[0] in page.text
    assert 'href="/items/"' in page.text


def test_unconfirmed_account_cannot_log_in(site: Site) -> None:
    """Signing up without confirming leaves the log-in at the confirmation page."""
    email, password = f"late-{secrets.token_hex(4)}@example.com", secrets.token_urlsafe(16)
    with browser_like_client(site) as client:
        submit(
            client,
            "/accounts/signup/",
            {"email": email, "password1": password, "password2": password},
        )
        client.cookies.clear()
        response = submit(client, "/accounts/login/", {"login": email, "password": password})

    assert response.headers["location"] == "/accounts/confirm-email/"


def test_api_reads_with_the_session(signed_in: httpx.Client) -> None:
    """The API answers the logged-in session with a page of items."""
    response = signed_in.get("/api/items/")

    assert response.status_code == 200
    assert {"count", "next", "previous", "results"} <= set(response.json())


def test_api_refuses_anonymous_requests(site: Site) -> None:
    """Without a session the API answers 403."""
    with browser_like_client(site) as client:
        assert client.get("/api/items/").status_code == 403


def test_api_write_needs_the_csrf_token(signed_in: httpx.Client) -> None:
    """A session-authenticated POST without the CSRF header is refused."""
    response = signed_in.post("/api/items/", json={"title": "No token"})

    assert response.status_code == 403


def test_worker_runs_the_task_the_api_queued(signed_in: httpx.Client, site: Site) -> None:
    """Creating an item queues a job on Redis; the Celery worker runs it and stamps the item."""
    token = signed_in.cookies["csrftoken"]
    created = signed_in.post("/api/items/", json={"title": "Milk"}, headers={"X-CSRFToken": token})
    assert created.status_code == 201, created.text
    item = created.json()

    deadline = time.monotonic() + 20
    while item["processed_at"] is None:
        assert time.monotonic() < deadline, f"not processed:\n{site.worker_log.read_text()}"
        time.sleep(0.2)
        item = signed_in.get(f"/api/items/{item['id']}/").json()

    assert "items.tasks.process_item" in site.worker_log.read_text()
    assert re.search(r"process_item\[[^\]]+\] succeeded", site.worker_log.read_text())


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("strict-transport-security", "max-age=63072000; includeSubDomains; preload"),
        ("content-security-policy", "default-src 'self'"),
        ("x-frame-options", "DENY"),
    ],
    ids=["hsts", "csp", "frame-options"],
)
def test_pages_carry_the_security_headers(site: Site, header: str, expected: str) -> None:
    """Pages served over the proxy's HTTPS carry HSTS, a CSP and frame protection."""
    with browser_like_client(site) as client:
        response = client.get("/")

    assert response.headers[header].startswith(expected)


def test_plain_http_is_redirected_to_https(site: Site) -> None:
    """A request the proxy marks as plain HTTP is sent to HTTPS."""
    response = httpx.get(f"{site.url}/", headers={"X-Forwarded-Proto": "http"})

    assert response.status_code == 301
    assert response.headers["location"] == site.url.replace("http://", "https://") + "/"


def session_headers(site: Site, account: tuple[str, str]) -> dict[str, str]:
    """The headers of a browser logged in as `account` that writes with its CSRF token."""
    email, password = account
    with browser_like_client(site) as client:
        assert (
            submit(client, "/accounts/login/", {"login": email, "password": password}).status_code
            == 302
        )
        cookies = {cookie.name: cookie.value or "" for cookie in client.cookies.jar}
    return {
        "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
        "X-CSRFToken": cookies["csrftoken"],
    }


# Schemathesis's checks, all of them but these two, each for what it found:
# - negative_data_rejection: DRF's CharField takes a number for text and stores its digits
#   ({"description": 0} is "0"), as DRF documents, where the schema says `string`;
# - positive_data_acceptance: DRF refuses text with a NUL character (PostgreSQL can't store one)
#   with a 400, which the schema's `string` doesn't say.
EXCLUDED_CHECKS = ["negative_data_rejection", "positive_data_acceptance"]


def test_api_conforms_to_its_openapi_schema(site: Site, tmp_path: Path) -> None:
    """Schemathesis on DRF's schema, all checks and every phase (stateful included), as two
    users whose items must stay private to each other: no 5xx, no answer outside the schema."""
    users = {name: session_headers(site, new_account(site)) for name in ("alice", "bob")}

    # What the TLS proxy and a browser would add (see browser_like_client).
    proxied = {"X-Forwarded-Proto": "https", "Origin": site.url}

    result = schemathesis(f"{site.url}/api/schema/", users, tmp_path, EXCLUDED_CHECKS, proxied)

    assert result.returncode == 0, result.stdout + result.stderr
