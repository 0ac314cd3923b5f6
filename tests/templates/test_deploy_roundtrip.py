"""Slow tier: each project's production servers, socket-activated, behind its nginx site."""

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from scaffold.frameworks import Framework
from tests.services import Mailbox, smtp_server
from tests.templates.conftest import InstalledProject
from tests.templates.deployment import DOMAIN, Site, running_site
from tests.templates.projects import PACKAGE

pytestmark = pytest.mark.slow

# The stack's static folder, where it has one: nginx serves it without the app.
STATIC = {
    Framework.DJANGO: "staticfiles",
    Framework.FLASK: f"src/{PACKAGE}/static",
    Framework.DJANGO_FASTAPI: "admin/staticfiles",
}
# A request whose answer shows the app saw the client's scheme as https: (path, status, Location).
SCHEME_PROBES = {
    # Production settings redirect http to https (301): a page served as it is was seen as https.
    Framework.DJANGO: ("/accounts/login/", 200, None),
    # Trailing-slash redirects are absolute URLs, built with the scheme the app saw.
    Framework.FASTAPI: ("/health/", 307, f"https://{DOMAIN}/health"),
    Framework.FLASK: ("/items", 308, f"https://{DOMAIN}/items/"),
    # The API under /api/: its redirects keep the prefix as well as the scheme.
    Framework.DJANGO_FASTAPI: ("/api/health/", 307, f"https://{DOMAIN}/api/health"),
}
# The path nginx limits to 10 requests a minute (burst 5), per stack.
LOGIN_PATHS = {
    Framework.DJANGO: "/accounts/login/",
    Framework.FASTAPI: "/auth/token",
    Framework.FLASK: "/auth/login",
    Framework.DJANGO_FASTAPI: "/api/auth/token",
}
# Where the app itself limits sign-ups to 5 a minute by the client's address: an API that takes
# JSON, or (Flask) a page's form.
REGISTER_PATHS = {
    Framework.FASTAPI: "/auth/register",
    Framework.FLASK: "/auth/register",
    Framework.DJANGO_FASTAPI: "/api/auth/register",
}


# The stacks with allauth's pages, which sign up, confirm and reset by mail.
ACCOUNT_PAGES = [Framework.DJANGO, Framework.DJANGO_FASTAPI]
# A form's CSRF token: Django's field, or Flask-WTF's.
CSRF_INPUT = re.compile(r'name="(csrfmiddlewaretoken|csrf_token)"[^>]* value="([^"]+)"')


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as mailbox:
        yield mailbox


@pytest.fixture(params=list(Framework), ids=str)
def site(
    request: pytest.FixtureRequest,
    installed_project: InstalledProject,
    database: str,
    redis_url: str,
    mailbox: Mailbox,
    tmp_path: Path,
) -> Iterator[Site]:
    """The project's web units under systemd-socket-activate, behind nginx with its site, and
    sending mail to a real SMTP server."""
    framework: Framework = request.param
    mail = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(mailbox.port), "EMAIL_USE_TLS": "false"}
    with running_site(
        installed_project(framework), framework, database, redis_url, tmp_path, **mail
    ) as site:
        yield site


def test_http_redirects_to_https(site: Site) -> None:
    """Plain HTTP answers with a permanent redirect to the same path over HTTPS."""
    response = site.curl("/health", https=False).stdout

    assert response.startswith("HTTP/1.1 308")
    assert f"Location: https://{DOMAIN}/health" in response


def test_health_answers_through_the_proxy_with_hsts(site: Site) -> None:
    """/health answers 200 over HTTP/2 and TLS, with a year-long HSTS header."""
    response = site.curl("/health").stdout

    assert response.startswith("HTTP/2 200")
    assert "strict-transport-security: max-age=63072000; includeSubDomains" in response
    assert '"status":"ok"' in response.replace(" ", "")


def test_acme_challenge_is_served_over_http(site: Site) -> None:
    """The ACME HTTP-01 challenge folder is served as files over plain HTTP."""
    challenge = site.server.root / "acme/.well-known/acme-challenge"
    challenge.mkdir(parents=True)
    (challenge / "token123").write_text("token123.thumbprint")

    response = site.curl("/.well-known/acme-challenge/token123", https=False).stdout

    assert response.startswith("HTTP/1.1 200")
    assert response.endswith("token123.thumbprint")


def test_app_sees_the_clients_scheme_as_https(site: Site) -> None:
    """Behind the proxy, the app builds URLs and redirects for https, as the client used."""
    path, status, location = SCHEME_PROBES[site.framework]

    response = site.curl(path).stdout

    assert response.startswith(f"HTTP/2 {status}"), response[:300]
    if location:
        assert f"location: {location}\n" in response


@pytest.mark.parametrize("site", list(STATIC), ids=str, indirect=True)
def test_static_files_are_served_by_nginx(site: Site) -> None:
    """A file in the static folder is served by nginx itself, with a long expiry."""
    folder = site.project / STATIC[site.framework]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scaffold-probe.txt").write_text("served by nginx")

    response = site.curl("/static/scaffold-probe.txt").stdout

    assert response.startswith("HTTP/2 200")
    assert "cache-control: max-age=2592000" in response
    assert response.endswith("served by nginx")


def test_nginx_rate_limit_answers_json_with_retry_after(site: Site) -> None:
    """Past nginx's log-in limit, the answer is a 429 in the apps' JSON shape with Retry-After."""
    path = LOGIN_PATHS[site.framework]

    answers = [site.curl(path).stdout for _ in range(8)]

    limited = [answer for answer in answers if answer.startswith("HTTP/2 429")]
    assert limited, [answer[:40] for answer in answers]
    assert "retry-after: 60" in limited[0]
    assert "content-type: application/json" in limited[0]
    assert "strict-transport-security: max-age=63072000; includeSubDomains" in limited[0]
    assert limited[0].endswith('{"detail": "Too many requests: try again in a minute."}')


def test_hsts_is_sent_once(site: Site) -> None:
    """nginx alone sends HSTS: an app's own header (Django's) is not a second copy."""
    response = site.curl(SCHEME_PROBES[site.framework][0]).stdout

    assert response.lower().count("strict-transport-security:") == 1


@pytest.mark.parametrize("site", list(REGISTER_PATHS), ids=str, indirect=True)
def test_spoofed_forwarded_for_does_not_escape_the_apps_rate_limit(
    site: Site, tmp_path: Path
) -> None:
    """A client that sends its own X-Forwarded-For is still counted by the address nginx saw."""
    path, password = REGISTER_PATHS[site.framework], "correct horse battery"
    statuses = []
    for number in range(7):
        spoofed = ("--header", f"X-Forwarded-For: 203.0.113.{number}")
        if site.framework is Framework.FLASK:
            cookies = tmp_path / f"cookies-{number}.txt"
            form = {"username": f"spoof{number}", "password": password, "confirm": password}
            response = submit(site, cookies, path, *spoofed, **form)
        else:
            response = site.curl(
                *spoofed,
                "--header",
                "Content-Type: application/json",
                "--data",
                f'{{"email": "spoof{number}@example.com", "password": "{password}"}}',
                path,
            ).stdout
        statuses.append(response.split(None, 2)[1])

    # Each spoofed address counted apart would let all seven through; sign-ups made earlier in
    # the minute (other tests, same Redis) may only bring the limit sooner.
    created = "302" if site.framework is Framework.FLASK else "201"
    assert set(statuses) <= {created, "429"}, statuses
    assert statuses.count(created) <= 5
    assert statuses[-2:] == ["429", "429"], statuses


def submit(site: Site, cookies: Path, path: str, *args: str, **fields: str) -> str:
    """Open a page with a form as a browser would, then post it with the page's CSRF token;
    `args` go to curl with the post."""
    browser = ("--cookie", str(cookies), "--cookie-jar", str(cookies))
    page = site.curl(*browser, path).stdout
    assert page.startswith("HTTP/2 200"), page[:300]
    token = CSRF_INPUT.search(page)
    assert token, f"no CSRF token on {path}"
    form = [f"{name}={value}" for name, value in [token.groups(), *fields.items()]]
    return site.curl(
        *browser,
        *args,
        *(arg for field in form for arg in ("--data-urlencode", field)),
        # What a browser sends along with a form posted on the site itself.
        "--header",
        f"Origin: https://{DOMAIN}",
        "--referer",
        f"https://{DOMAIN}{path}",
        path,
    ).stdout


@pytest.mark.parametrize("site", ACCOUNT_PAGES, ids=str, indirect=True)
def test_accounts_sign_up_confirm_log_in_and_reset_through_nginx(
    site: Site, mailbox: Mailbox, tmp_path: Path
) -> None:
    """allauth's forms work as deployed: Gunicorn on nginx's unix socket sees no client address
    of its own, so allauth must take the one nginx sets (a 403 otherwise)."""
    cookies = tmp_path / "cookies.txt"
    email, password = f"user-{secrets.token_hex(4)}@example.com", secrets.token_urlsafe(16)

    signed_up = submit(
        site, cookies, "/accounts/signup/", email=email, password1=password, password2=password
    )
    assert signed_up.startswith("HTTP/2 302"), signed_up[:300]
    confirm = mailbox.link(email, r"/accounts/confirm-email/[^\s]+/")
    assert submit(site, cookies, confirm).startswith("HTTP/2 302")
    logged_in = submit(site, cookies, "/accounts/login/", login=email, password=password)
    assert logged_in.startswith("HTTP/2 302"), logged_in[:300]

    reset = submit(site, cookies, "/accounts/password/reset/", email=email)
    assert reset.startswith("HTTP/2 302"), reset[:300]
    # The key's page moves the key into the session, then shows the form on its own URL.
    key_page = site.curl(
        "--cookie",
        str(cookies),
        "--cookie-jar",
        str(cookies),
        mailbox.link(email, r"/accounts/password/reset/key/[^\s]+/"),
    ).stdout
    assert key_page.startswith("HTTP/2 302"), key_page[:300]
    form_path = re.search(r"^location: (\S+)", key_page, re.M | re.I)
    assert form_path
    new_password = secrets.token_urlsafe(16)
    changed = submit(
        site, cookies, form_path.group(1), password1=new_password, password2=new_password
    )
    assert changed.startswith("HTTP/2 302"), changed[:300]
    cookies.unlink()
    relogged = submit(site, cookies, "/accounts/login/", login=email, password=new_password)
    assert relogged.startswith("HTTP/2 302"), relogged[:300]
