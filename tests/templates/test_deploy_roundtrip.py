"""Slow tier: each project's production servers, socket-activated, behind its nginx site."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from scaffold.frameworks import Framework
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


@pytest.fixture(params=list(Framework), ids=str)
def site(
    request: pytest.FixtureRequest,
    installed_project: InstalledProject,
    database: str,
    redis_url: str,
    tmp_path: Path,
) -> Iterator[Site]:
    """The project's web units under systemd-socket-activate, behind nginx with its site."""
    framework: Framework = request.param
    with running_site(
        installed_project(framework), framework, database, redis_url, tmp_path
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
