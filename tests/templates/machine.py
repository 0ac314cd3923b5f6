"""A booted Debian 12 server for the deployment tests: systemd-nspawn and a local ACME server.

The root filesystem is made once with debootstrap and kept as a tarball in the user's cache; each
run extracts a fresh copy and boots it with systemd as PID 1. The container shares this machine's
network, so apt inside reaches the Debian mirror, the apps use this machine's PostgreSQL and Redis,
and Pebble (a test ACME server) validates HTTP-01 challenges against the container's nginx on
port 80. Needs root.
"""

import os
import shutil
import signal
import ssl
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.templates.deployment import require, throwaway_certificate

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "scaffold-stacks"
MIRROR = "http://deb.debian.org/debian"
PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
# Where the copied Python lives inside (Debian 12 has 3.11; the projects want 3.12 or newer).
PYTHON_HOME = "/opt/python"


def rootfs_tarball() -> Path:
    """Debian 12 with systemd, made once (about 35 s) and kept in the cache."""
    tarball = CACHE / "bookworm-rootfs.tar"
    if not tarball.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        build = CACHE / "bookworm-rootfs"
        shutil.rmtree(build, ignore_errors=True)
        subprocess.run(
            [
                require("debootstrap", "debootstrap"),
                "--variant=minbase",
                "--include=systemd,systemd-sysv,dbus,ca-certificates",
                "bookworm",
                str(build),
                MIRROR,
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(["tar", "-C", str(build), "-cf", f"{tarball}.part", "."], check=True)
        Path(f"{tarball}.part").rename(tarball)
        shutil.rmtree(build)
    return tarball


@dataclass(frozen=True)
class Machine:
    root: Path
    pid: int  # the container's PID 1, as this machine sees it

    def run(
        self, *args: str, env: Mapping[str, str] | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run a command inside, as root, with a clean environment plus `env`."""
        variables = [f"{k}={v}" for k, v in {"PATH": PATH, "HOME": "/root", **(env or {})}.items()]
        result = subprocess.run(
            ["nsenter", "-t", str(self.pid), "-a", "/usr/bin/env", "-i", *variables, *args],
            capture_output=True,
            text=True,
            timeout=900,
        )
        if check:
            assert result.returncode == 0, (
                f"{' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
            )
        return result


def _copy_python(python: Path, root: Path) -> None:
    """A Python >= 3.12 for the server, as uv would install one where it may download."""
    prefix = python.resolve().parents[1]
    shutil.copytree(
        prefix,
        root / PYTHON_HOME.lstrip("/"),
        symlinks=True,
        ignore=shutil.ignore_patterns("site-packages", "test", "__pycache__", "*.a"),
    )
    (root / "etc/ld.so.conf.d/python.conf").write_text(f"{PYTHON_HOME}/lib\n")


@contextmanager
def booted(workdir: Path, python: Path) -> Iterator[Machine]:
    """A fresh copy of the root filesystem, booted; powered off and removed afterwards."""
    root = workdir / "machine"
    root.mkdir()
    subprocess.run(["tar", "-C", str(root), "-xf", str(rootfs_tarball())], check=True)
    # The certificate authorities this machine trusts (a proxy's, say) apply inside too.
    for certificate in Path("/usr/local/share/ca-certificates").glob("*.crt"):
        shutil.copy(certificate, root / "usr/local/share/ca-certificates")
    _copy_python(python, root)
    nspawn = subprocess.Popen(
        [
            require("systemd-nspawn", "systemd-container"),
            "-D",
            str(root),
            "-b",
            "--register=no",
            "--keep-unit",
            "--console=passive",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        machine = Machine(root, _pid1(nspawn.pid))
        deadline = time.monotonic() + 60
        # Until its system bus is up, systemctl can't even ask.
        while not (
            state := machine.run("systemctl", "is-system-running", "--wait", check=False)
        ).stdout.strip():
            assert time.monotonic() < deadline, state
            time.sleep(0.5)
        assert state.stdout.strip() in {"running", "degraded"}, state
        machine.run("update-ca-certificates")
        machine.run("ldconfig")
        yield machine
    finally:
        if nspawn.poll() is None:
            with suppress(LookupError, ProcessLookupError):  # already gone
                os.kill(_pid1(nspawn.pid, wait=1), signal.SIGRTMIN + 4)  # a clean power-off
            try:
                nspawn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(nspawn.pid, signal.SIGKILL)
                nspawn.wait()
        shutil.rmtree(root, ignore_errors=True)


def _pid1(nspawn: int, wait: float = 20) -> int:
    """The container's systemd: the child of systemd-nspawn once it has become systemd."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        for task in Path(f"/proc/{nspawn}/task").glob("*"):
            for pid in (task / "children").read_text().split():
                with suppress(FileNotFoundError):  # a process that just ended
                    if Path(f"/proc/{pid}/comm").read_text().strip() == "systemd":
                        return int(pid)
        time.sleep(0.1)
    raise LookupError("the container has no PID 1")


@dataclass(frozen=True)
class Pebble:
    directory: str
    ca_bundle: Path  # what certbot must trust to talk to Pebble
    root_certificate: Path  # what clients must trust for certificates Pebble issues


@contextmanager
def pebble(workdir: Path) -> Iterator[Pebble]:
    """Pebble on 127.0.0.1:14000, with its DNS answering 127.0.0.1 for every name."""
    folder = workdir / "pebble"
    folder.mkdir()
    throwaway_certificate(
        folder / "cert.pem", folder / "key.pem", "pebble", "-addext", "subjectAltName=IP:127.0.0.1"
    )
    (folder / "config.json").write_text(
        '{"pebble": {"listenAddress": "127.0.0.1:14000", '
        '"managementListenAddress": "127.0.0.1:15000", '
        f'"certificate": "{folder}/cert.pem", "privateKey": "{folder}/key.pem", '
        '"httpPort": 80, "tlsPort": 5001, "ocspResponderURL": "", '
        '"externalAccountBindingRequired": false}}'
    )
    dns = subprocess.Popen(
        [
            require("pebble-challtestsrv", "pebble"),
            "-defaultIPv6",
            "",
            "-dns01",
            "127.0.0.1:8053",
            "-http01",
            "",
            "-https01",
            "",
            "-tlsalpn01",
            "",
            "-management",
            "127.0.0.1:8055",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    log = folder / "pebble.log"
    with log.open("w") as output:
        ca = subprocess.Popen(
            [
                require("pebble", "pebble"),
                "-config",
                str(folder / "config.json"),
                "-dnsserver",
                "127.0.0.1:8053",
            ],
            # Pebble turns down 5% of valid nonces by default, to exercise clients' retries;
            # Debian 12's certbot (2.1) crashes on such an error answer ("can't set attribute",
            # certbot#9539) where Let's Encrypt would not have sent one.
            env={**os.environ, "PEBBLE_VA_NOSLEEP": "1", "PEBBLE_WFE_NONCEREJECT": "0"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        context = ssl.create_default_context(cafile=folder / "cert.pem")
        deadline = time.monotonic() + 20
        while True:
            assert ca.poll() is None, log.read_text()
            try:
                with httpx.Client(verify=context) as client:
                    root = client.get("https://127.0.0.1:15000/roots/0").text
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        (folder / "root.pem").write_text(root)
        yield Pebble("https://127.0.0.1:14000/dir", folder / "cert.pem", folder / "root.pem")
    finally:
        for process in (ca, dns):
            process.terminate()
            process.wait(timeout=10)
