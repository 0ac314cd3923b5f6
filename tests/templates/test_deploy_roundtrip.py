"""Slow tier: each project's production server, socket-activated, behind the generated nginx site."""

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scaffold.frameworks import Framework
from tests.services import free_port
from tests.templates.conftest import InstalledProject
from tests.templates.deployment import Server, environment_file, require
from tests.templates.projects import PACKAGE, run, server

pytestmark = pytest.mark.slow

SLUG = PACKAGE.replace("_", "-")
DOMAIN = f"{SLUG}.example.com"
# The stack's static folder, where it has one: nginx serves it without the app.
STATIC = {Framework.DJANGO: "staticfiles", Framework.FLASK: f"src/{PACKAGE}/static"}
# A request whose answer shows the app saw the client's scheme as https: (path, status, Location).
SCHEME_PROBES = {
    # Production settings redirect http to https (301): a page served as it is was seen as https.
    Framework.DJANGO: ("/accounts/login/", 200, None),
    # Trailing-slash redirects are absolute URLs, built with the scheme the app saw.
    Framework.FASTAPI: ("/health/", 307, f"https://{DOMAIN}/health"),
    Framework.FLASK: ("/items", 308, f"https://{DOMAIN}/items/"),
}


@dataclass(frozen=True)
class Site:
    server: Server
    project: Path
    framework: Framework

    def curl(self, *args: str, https: bool = True) -> subprocess.CompletedProcess[str]:
        """A real client: resolves the domain to this machine, trusts the throwaway certificate."""
        port = self.server.https_port if https else self.server.http_port
        scheme = "https" if https else "http"
        return subprocess.run(
            [
                require("curl", "curl"), "--silent", "--show-error", "--include",
                "--max-time", "60", "--resolve", f"{DOMAIN}:{port}:127.0.0.1",
                "--cacert", str(self.server.certs / "fullchain.pem"),
                *args[:-1], f"{scheme}://{DOMAIN}:{port}{args[-1]}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )


@pytest.fixture(params=list(Framework), ids=str)
def site(
    request: pytest.FixtureRequest,
    installed_project: InstalledProject,
    database: str,
    redis_url: str,
    tmp_path: Path,
) -> Iterator[Site]:
    """The project's web unit under systemd-socket-activate, behind nginx with its site."""
    framework: Framework = request.param
    project = installed_project(framework)
    deploy = project / "deploy"
    srv = Server(tmp_path, SLUG, DOMAIN, free_port(), free_port())
    srv.home.mkdir()
    (srv.home / "current").symlink_to(project)
    srv.self_signed_certificate()
    wrapper = srv.install_nginx(deploy, f"{SLUG}.conf")
    srv.run.mkdir(exist_ok=True)
    socket = srv.run / "web.sock"

    unit = srv.localize((deploy / "systemd" / f"{SLUG}-web.service").read_text())
    command = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    # What systemd gives the unit: the env file provision.sh writes, nothing else.
    settings = environment_file(
        deploy / "provision.sh", DOMAIN=DOMAIN, DATABASE_URL=database, REDIS_URL=redis_url
    )
    settings["WEB_CONCURRENCY"] = "2"
    # What deploy.sh does before it starts a release: migrate, and collect static files.
    for line in (deploy / "deploy.sh").read_text().splitlines():
        if line.startswith("as_app .venv/bin/"):
            run(line.removeprefix("as_app ").split(), cwd=project, env={**os.environ, **settings})
    app = [
        require("systemd-socket-activate", "systemd"), "--listen", str(socket),
        *(f"--setenv={name}={value}" for name, value in settings.items()),
        *command.removeprefix("ExecStart=").split(),
    ]
    nginx = [require("nginx", "nginx"), "-p", str(tmp_path), "-c", str(wrapper), "-g", "daemon off;"]
    with (
        server(app, cwd=project, env=os.environ, url=f"http://{DOMAIN}/health", uds=socket),
        server(nginx, cwd=tmp_path, env=os.environ, url=f"http://127.0.0.1:{srv.http_port}/"),
    ):
        yield Site(srv, project, framework)


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
