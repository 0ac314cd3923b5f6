"""Slow tier: each project's production servers, socket-activated, behind its nginx site."""

import json
import re
import secrets
import subprocess
import sys
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
# Where the app itself limits sign-ups by the client's address, and to how many a minute: an API
# that takes JSON, or a page's form (allauth's, Flask's).
SIGN_UPS = {
    Framework.DJANGO: ("/accounts/signup/", 20),
    Framework.FASTAPI: ("/auth/register", 5),
    Framework.FLASK: ("/auth/register", 5),
    Framework.DJANGO_FASTAPI: ("/api/auth/register", 5),
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


def sign_up(site: Site, number: int, folder: Path, *args: str) -> str:
    """Sign up as a new user, a browser with a page's form or a client of a JSON API; the
    answer's status. `args` go to curl with the post."""
    path, password = SIGN_UPS[site.framework][0], secrets.token_urlsafe(16)
    email = f"spoof{number}-{secrets.token_hex(3)}@example.com"
    cookies = folder / f"cookies-{number}.txt"
    if site.framework is Framework.DJANGO:
        form = {"email": email, "password1": password, "password2": password}
        response = submit(site, cookies, path, *args, **form)
    elif site.framework is Framework.FLASK:
        form = {"username": email.partition("@")[0], "password": password, "confirm": password}
        response = submit(site, cookies, path, *args, **form)
    else:
        body = json.dumps({"email": email, "password": password})
        response = site.curl(
            *args, "--header", "Content-Type: application/json", "--data", body, path
        ).stdout
    return response.split(None, 2)[1]


def test_spoofed_forwarded_for_does_not_escape_the_apps_rate_limit(
    site: Site, tmp_path: Path
) -> None:
    """A client that sends its own X-Forwarded-For is still counted by the address nginx saw."""
    limit = SIGN_UPS[site.framework][1]
    # From an address of this test's own (any 127.x reaches nginx on 127.0.0.1): the sign-ups
    # it spends leave the other tests theirs, and theirs can't bring its limit sooner.
    own_address = f"127.0.{secrets.randbelow(250) + 2}.{secrets.randbelow(250) + 2}"
    statuses = [
        sign_up(
            site,
            number,
            tmp_path,
            "--interface",
            own_address,
            "--header",
            f"X-Forwarded-For: 203.0.113.{number}",
        )
        for number in range(limit + 2)
    ]

    # Each spoofed address counted apart would let them all through.
    created = "201" if site.framework in {Framework.FASTAPI, Framework.DJANGO_FASTAPI} else "302"
    assert set(statuses) <= {created, "429"}, statuses
    assert statuses.count(created) == limit, statuses
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


def test_tls_follows_mozillas_intermediate_profile(site: Site) -> None:
    """sslyze checks the site against Mozilla's intermediate configuration: nothing fails but
    the certificate's path, which no public CA signs in a test."""
    target = f"{DOMAIN}:{site.server.https_port}{{127.0.0.1}}"

    result = subprocess.run(
        [sys.executable, "-m", "sslyze", "--mozilla_config=intermediate", target],
        capture_output=True,
        text=True,
        timeout=300,
    )

    compliance = result.stdout[result.stdout.index("COMPLIANCE AGAINST") :]
    failed = set(re.findall(r"^\s+\* (\w+):", compliance, re.M))
    assert failed == {"certificate_path_validation"}, compliance


DEEP_JSON = "[" * 100_000 + "]" * 100_000
# Requests an attacker sends without an account, by stack: (method, path, content type, body).
# Each must get an answer below 500; the stacks' own tests check which 4xx.
HOSTILE: dict[Framework, list[tuple[str, str, str, str]]] = {
    Framework.DJANGO: [
        ("POST", "/api/items/", "application/json", DEEP_JSON),
        ("GET", "/api/items/9223372036854775808/", "", ""),
        ("GET", "/api/items/?ordering=owner__password&page=-1", "", ""),
        ("GET", "/items/9223372036854775808", "", ""),
        ("POST", "/accounts/login/", "application/x-www-form-urlencoded", "login=a%00b"),
    ],
    Framework.FASTAPI: [
        ("POST", "/auth/register", "application/json", DEEP_JSON),
        ("POST", "/auth/register", "application/json", '{"email": "\\ud800@example.com"}'),
        ("POST", "/auth/refresh", "application/json", '{"refresh_token": "\\ud800"}'),
        ("POST", "/auth/token", "application/x-www-form-urlencoded", "username=a%00&password=b"),
        ("GET", "/items/9223372036854775808", "", ""),
    ],
    Framework.FLASK: [
        ("POST", "/api/items", "application/json", DEEP_JSON),
        ("POST", "/api/items", "application/json", '{"title": "\\ud800"}'),
        ("GET", "/api/items/9223372036854775808", "", ""),
        ("GET", "/items/9223372036854775808/edit", "", ""),
        ("POST", "/auth/login", "application/json", '{"username": "\\ud800"}'),
    ],
    Framework.DJANGO_FASTAPI: [
        ("POST", "/api/auth/register", "application/json", DEEP_JSON),
        ("POST", "/api/auth/register", "application/json", '{"email": "\\ud800@example.com"}'),
        ("GET", "/api/items/9223372036854775808", "", ""),
        ("POST", "/site-api/items/", "application/json", DEEP_JSON),
    ],
}
# And on every stack: a NUL in the path, a path longer than nginx takes.
HOSTILE_EVERYWHERE = [
    ("GET", "/%00", "", ""),
    ("GET", "/" + "a" * 10_000, "", ""),
]


def test_hostile_requests_get_no_server_error(site: Site, tmp_path: Path) -> None:
    """Malformed, unstorable and out-of-range input through nginx: never a 5xx."""
    answers = {}
    for method, path, content_type, body in [*HOSTILE[site.framework], *HOSTILE_EVERYWHERE]:
        data = tmp_path / "body"
        data.write_text(body)
        args = ["--request", method]
        if body:
            args += ["--header", f"Content-Type: {content_type}", "--data-binary", f"@{data}"]
        status = site.curl(*args, path).stdout.split(None, 2)[1]
        answers[f"{method} {path[:60]}"] = status

    assert all(int(status) < 500 for status in answers.values()), answers
