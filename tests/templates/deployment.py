"""Run a generated `deploy/` folder's files on this machine, without root paths or port 80/443.

The units, the nginx site and the scripts name server paths (/srv/APP, /run/APP, the Let's Encrypt
folder) and the standard ports; `localize` points them into a test folder and at high ports.
"""

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

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
        subprocess.run(
            [
                require("openssl", "openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-days", "1", "-subj", f"/CN={self.domain}",
                "-keyout", str(self.certs / "privkey.pem"),
                "-out", str(self.certs / "fullchain.pem"),
            ],
            check=True,
            capture_output=True,
        )


def environment_file(provision: Path, **values: str) -> dict[str, str]:
    """The env file provision.sh would write, evaluated by bash with `values` for its settings."""
    text = provision.read_text()
    heredoc = text[text.index('cat >"$ENV_FILE" <<ENV') : text.index("\nENV\n") + 5]
    script = "new_secret() { openssl rand -hex 32; }\n" + heredoc.replace(
        '>"$ENV_FILE"', ""
    )
    output = subprocess.run(
        ["bash", "-c", script], env={**os.environ, **values}, capture_output=True, text=True,
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
