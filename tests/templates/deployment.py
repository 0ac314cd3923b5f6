"""Run a generated `deploy/` folder's files on this machine, without root paths or port 80/443.

The units, the nginx site and the scripts name server paths (/srv/APP, /run/APP, the Let's Encrypt
folder) and the standard ports; `localize` points them into a test folder and at high ports.
"""

import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from scaffold.frameworks import Framework
from tests.services import free_port
from tests.templates.projects import PACKAGE, run, server

NGINX_WRAPPER = """\
{user}
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{}}
http {{
    access_log {root}/access.log;
    client_body_temp_path {root}/tmp/body;
    proxy_temp_path {root}/tmp/proxy;
    fastcgi_temp_path {root}/tmp/fastcgi;
    uwsgi_temp_path {root}/tmp/uwsgi;
    scgi_temp_path {root}/tmp/scgi;
    types {{ text/css css; text/plain txt; }}
    include {root}/sites/*.conf;
}}
"""


def require(tool: str, package: str) -> str:
    """The tool's path; a test that needs a missing tool fails and says how to install it."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed: apt-get install {package}")
    return path


@dataclass(frozen=True)
class Server:
    """Where a localized deployment keeps what a server would keep under / ."""

    root: Path
    slug: str
    domain: str
    http_port: int
    https_port: int

    @property
    def home(self) -> Path:
        return self.root / "srv"

    @property
    def run(self) -> Path:
        return self.root / "run"

    @property
    def certs(self) -> Path:
        return self.root / "certs"

    def localize(self, text: str) -> str:
        return (
            text.replace(f"/srv/{self.slug}", str(self.home))
            .replace(f"/run/{self.slug}", str(self.run))
            .replace(f"/etc/letsencrypt/live/{self.domain}", str(self.certs))
            .replace("/var/www/letsencrypt", str(self.root / "acme"))
            .replace("listen 80;", f"listen 127.0.0.1:{self.http_port};")
            .replace("listen [::]:80;\n", "")
            .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{self.https_port} ssl http2;")
            .replace("listen [::]:443 ssl http2;\n", "")
        )

    def install_nginx(self, deploy: Path, site: str) -> Path:
        """Write the nginx wrapper with the localized `site` and the proxy snippet; return it."""
        for folder in ("sites", "snippets", "tmp", "acme", "run"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        for name, target in (
            (site, self.root / "sites" / site),
            (f"{self.slug}-proxy.conf", self.root / "snippets" / f"{self.slug}-proxy.conf"),
        ):
            target.write_text(self.localize((deploy / "nginx" / name).read_text()))
        wrapper = self.root / "nginx.conf"
        # As root, nginx's workers would drop to `nobody`, who can't reach the test's folders.
        user = "user root;" if os.geteuid() == 0 else ""
        wrapper.write_text(NGINX_WRAPPER.format(root=self.root, user=user))
        return wrapper

    def self_signed_certificate(self) -> None:
        """A throwaway certificate where Let's Encrypt's would be."""
        self.certs.mkdir(parents=True, exist_ok=True)
        throwaway_certificate(self.certs / "fullchain.pem", self.certs / "privkey.pem", self.domain)


def throwaway_certificate(certificate: Path, key: Path, name: str, *extensions: str) -> None:
    """A throwaway certificate for `name`, valid for two days; `extensions` are openssl's
    `-addext` options."""
    subprocess.run(
        [
            require("openssl", "openssl"),
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={name}",
            *extensions,
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )


def environment_file(provision: Path, cores: int | None = None, **values: str) -> dict[str, str]:
    """The env file provision.sh would write, evaluated by bash with `values` for its settings,
    on a machine with `cores` cores (this one's by default)."""
    text = provision.read_text()
    # From the sizing of workers and pools to the end of the env file's text.
    heredoc = text[text.index("cores=$(nproc)") : text.index("\nENV\n") + 5]
    machine = f"nproc() {{ echo {cores}; }}\n" if cores else ""
    helpers = machine + "new_secret() { openssl rand -hex 32; }\n"
    script = helpers + heredoc.replace('>"$ENV_FILE"', "")
    output = subprocess.run(
        ["bash", "-c", script],
        env={**os.environ, **values},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(
        line.split("=", 1) for line in output.splitlines() if line and not line.startswith("#")
    )


def nginx_test(wrapper: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [require("nginx", "nginx"), "-t", "-p", str(wrapper.parent), "-c", str(wrapper)],
        capture_output=True,
        text=True,
    )


SLUG = PACKAGE.replace("_", "-")
DOMAIN = f"{SLUG}.example.com"


@dataclass(frozen=True)
class Site:
    server: Server
    project: Path
    framework: Framework
    settings: dict[str, str]  # the env file the apps run with

    def curl(self, *args: str, https: bool = True) -> subprocess.CompletedProcess[str]:
        """A real client: resolves the domain to this machine, trusts the throwaway certificate."""
        port = self.server.https_port if https else self.server.http_port
        scheme = "https" if https else "http"
        return subprocess.run(
            [
                require("curl", "curl"),
                "--silent",
                "--show-error",
                "--include",
                "--max-time",
                "60",
                "--resolve",
                f"{DOMAIN}:{port}:127.0.0.1",
                "--cacert",
                str(self.server.certs / "fullchain.pem"),
                *args[:-1],
                f"{scheme}://{DOMAIN}:{port}{args[-1]}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )


def release(deploy: Path, project: Path, env: Mapping[str, str]) -> None:
    """What deploy.sh does in each app's folder before it starts a release: migrate, collect
    static files (the installing is done)."""
    folder = project
    for line in (deploy / "deploy.sh").read_text().splitlines():
        if line.startswith('cd "$release'):
            folder = project / line.removeprefix('cd "$release').strip('"/')
        elif line.startswith("as_app .venv/bin/"):
            run(line.removeprefix("as_app ").split(), cwd=folder, env=env)


def unit_settings(unit: str, name: str) -> list[str]:
    return [line.split("=", 1)[1] for line in unit.splitlines() if line.startswith(f"{name}=")]


@contextmanager
def running_site(
    project: Path, framework: Framework, database: str, redis_url: str, root: Path, **env: str
) -> Iterator[Site]:
    """The project's web units under systemd-socket-activate, behind nginx with its site; `env`
    adds to the environment file provision.sh writes, as an operator would."""
    deploy = project / "deploy"
    srv = Server(root, SLUG, DOMAIN, free_port(), free_port())
    srv.home.mkdir()
    (srv.home / "current").symlink_to(project)
    srv.self_signed_certificate()
    wrapper = srv.install_nginx(deploy, f"{SLUG}.conf")
    srv.run.mkdir(exist_ok=True)
    # What systemd gives the units: the env file provision.sh writes, nothing else.
    settings = environment_file(
        deploy / "provision.sh", DOMAIN=DOMAIN, DATABASE_URL=database, REDIS_URL=redis_url
    )
    settings |= {"WEB_CONCURRENCY": "2", **env}
    release(deploy, project, {**os.environ, **settings})
    nginx = [require("nginx", "nginx"), "-p", str(root), "-c", str(wrapper), "-g", "daemon off;"]
    with ExitStack() as stack:
        for socket_unit in sorted((deploy / "systemd").glob("*.socket")):
            unit = srv.localize(socket_unit.with_suffix(".service").read_text())
            socket = Path(unit_settings(srv.localize(socket_unit.read_text()), "ListenStream")[0])
            own = dict(line.split("=", 1) for line in unit_settings(unit, "Environment"))
            app = [
                require("systemd-socket-activate", "systemd"),
                "--listen",
                str(socket),
                *(f"--setenv={name}={value}" for name, value in (settings | own).items()),
                *unit_settings(unit, "ExecStart")[0].split(),
            ]
            workdir = Path(unit_settings(unit, "WorkingDirectory")[0])
            stack.enter_context(
                server(app, cwd=workdir, env=os.environ, url=f"http://{DOMAIN}/health", uds=socket)
            )
        stack.enter_context(
            server(nginx, cwd=root, env=os.environ, url=f"http://127.0.0.1:{srv.http_port}/")
        )
        yield Site(srv, project, framework, settings)
