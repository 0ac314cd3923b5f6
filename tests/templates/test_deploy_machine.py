"""Slow tier: a booted Debian 12 server provisioned by each project's deploy/provision.sh.

One machine hosts every stack side by side (each its own user, units, site and domain), gets
real certificates from a local ACME server through HTTP-01 challenges, and is checked from this
machine. Needs root (systemd-nspawn): CI runs it; elsewhere it says why it did not run.
"""

import os
import re
import shutil
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scaffold.frameworks import Framework
from scaffold.generate import NewProject, create_project
from tests.services import fresh_database
from tests.templates.deployment import require
from tests.templates.machine import PYTHON_HOME, Machine, Pebble, booted, pebble
from tests.templates.projects import local_python

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.geteuid() != 0, reason="booting a server with systemd-nspawn needs root (CI runs it)"
    ),
]

# How provision.sh reports each change it makes.
CHANGE = re.compile(
    r"^provision: (?:wrote|created|enabled|installed|obtained|started|added) .*$", re.M
)


@dataclass(frozen=True)
class App:
    framework: Framework
    slug: str
    domain: str
    source: str  # the project's folder inside the machine
    env: dict[str, str]  # the settings provision.sh and deploy.sh run with
    units: list[str]  # the project's systemd units, all of which provision.sh installs


@dataclass
class Server:
    machine: Machine
    acme: Pebble
    work: Path
    postgres_url: str
    redis_url: str
    databases: ExitStack
    apps: dict[Framework, App] = field(default_factory=dict)

    def app(self, framework: Framework) -> App:
        """The framework's project, provisioned on its first use (the others may be too)."""
        if framework not in self.apps:
            name = f"shop_{framework.name.lower()}"
            project = create_project(
                NewProject(name=name, framework=framework, parent=self.work)
            ).path
            shutil.copytree(project, self.machine.root / "opt/src" / name, symlinks=True)
            slug = name.replace("_", "-")
            database = self.databases.enter_context(fresh_database(self.postgres_url))
            app = App(
                framework,
                slug,
                f"{slug}.example.com",
                f"/opt/src/{name}",
                {
                    "SOURCE": f"/opt/src/{name}",
                    "ACME_SERVER": self.acme.directory,
                    "ACME_CA_BUNDLE": "/etc/acme-ca.pem",
                    "DATABASE_URL": database,
                    "REDIS_URL": self.redis_url.rsplit("/", 1)[0] + f"/{11 + len(self.apps)}",
                    "UV_PYTHON": f"{PYTHON_HOME}/bin/python3",
                    "UV_PYTHON_DOWNLOADS": "never",
                    # The machine's network may pass through a proxy with its own CA.
                    "SSL_CERT_FILE": "/etc/ssl/certs/ca-certificates.crt",
                },
                sorted(unit.name for unit in (project / "deploy/systemd").iterdir()),
            )
            self.provision(app)
            self.apps[framework] = app
        return self.apps[framework]

    def provision(self, app: App) -> str:
        return self.machine.run(f"{app.source}/deploy/provision.sh", env=app.env).stdout

    def get(self, app: App, path: str) -> subprocess.CompletedProcess[str]:
        """HTTPS from this machine, trusting only the ACME server's root."""
        return subprocess.run(
            [
                require("curl", "curl"),
                "--silent",
                "--show-error",
                "--max-time",
                "60",
                "--write-out",
                "%{http_code}",
                "--output",
                "/dev/null",
                "--cacert",
                str(self.acme.root_certificate),
                "--resolve",
                f"{app.domain}:443:127.0.0.1",
                f"https://{app.domain}{path}",
            ],
            capture_output=True,
            text=True,
        )

    def served_serial(self, app: App) -> str:
        return subprocess.run(  # noqa: S602 (a fixed pipeline of our own)
            f"openssl s_client -connect 127.0.0.1:443 -servername {app.domain} </dev/null "
            "2>/dev/null | openssl x509 -noout -serial",
            shell=True,
            capture_output=True,
            text=True,
            check=True,
        ).stdout


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, postgres_url: str, redis_url: str
) -> Iterator[Server]:
    """The machine, booted, with a local ACME server."""
    python = local_python() or shutil.which("python3.12")
    assert python, "no Python 3.12 on this machine to give the server"
    work = tmp_path_factory.mktemp("server")
    with booted(work, Path(python)) as machine, pebble(work) as acme, ExitStack() as databases:
        shutil.copy(acme.ca_bundle, machine.root / "etc/acme-ca.pem")
        yield Server(machine, acme, work, postgres_url, redis_url, databases)


@pytest.fixture(params=Framework, ids=str)
def app(request: pytest.FixtureRequest, server: Server) -> App:
    """Each stack, provisioned by its own provision.sh on the shared machine."""
    return server.app(request.param)


def test_https_verifies_against_the_acme_root(server: Server, app: App) -> None:
    """The site answers /health over HTTPS with a certificate the ACME server issued."""
    # `systemctl reload nginx` returns before the new workers, with the new site, take over.
    deadline = time.monotonic() + 15
    while (result := server.get(app, "/health")).stdout != "200" and time.monotonic() < deadline:
        time.sleep(0.5)

    assert result.stdout == "200", result.stderr


def test_units_nginx_and_renewal_timer_are_active_and_enabled(server: Server, app: App) -> None:
    """The app's units, nginx and certbot.timer run now and start at boot."""
    units = [*app.units, "nginx.service", "certbot.timer"]

    active = server.machine.run("systemctl", "is-active", *units, check=False).stdout.split()
    enabled = server.machine.run("systemctl", "is-enabled", *units, check=False).stdout.split()

    assert active == ["active"] * len(units)
    assert enabled == ["enabled"] * len(units)


def test_no_unit_failed(server: Server, app: App) -> None:
    """`systemctl --failed` lists nothing once the stack is up."""
    failed = server.machine.run("systemctl", "--failed", "--plain", "--no-legend").stdout

    assert failed.strip() == ""


def test_second_provision_changes_nothing(server: Server, app: App) -> None:
    """provision.sh run again reports no change."""
    output = server.provision(app)

    assert CHANGE.findall(output) == []


def test_forced_renewal_reloads_nginx_with_the_new_certificate(server: Server, app: App) -> None:
    """A renewal runs the deploy hook: nginx serves the new certificate within seconds."""
    before = server.served_serial(app)

    # Without a terminal certbot first sleeps up to 8 minutes, to spread renewals over time.
    server.machine.run(
        "certbot",
        "renew",
        "--force-renewal",
        "--no-random-sleep-on-renew",
        "--cert-name",
        app.domain,
        "--quiet",
        env={"REQUESTS_CA_BUNDLE": "/etc/acme-ca.pem"},
    )

    # A reload is graceful: old workers may take a few more connections before they leave.
    deadline = time.monotonic() + 15
    while (served := server.served_serial(app)) == before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert served != before


def test_release_under_load_drops_no_request(server: Server, app: App) -> None:
    """deploy.sh swaps in a new release while requests keep coming: every one answers 200."""
    codes: Counter[str] = Counter()
    done = threading.Event()

    def load() -> None:
        # A light, steady load: a request every 50 ms or so, not a flood that starves the deploy.
        while not done.wait(0.05):
            codes[server.get(app, "/health").stdout] += 1

    worker = threading.Thread(target=load)
    worker.start()
    try:
        output = server.machine.run(f"{app.source}/deploy/deploy.sh", env=app.env).stdout
    finally:
        done.set()
        worker.join()

    assert "is live" in output
    assert set(codes) == {"200"}, codes
    assert codes["200"] > 10
