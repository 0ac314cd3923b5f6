"""Install generated projects with uv and run their tools and servers, as their users would."""

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import httpx
from uv import find_uv_bin

# The Python the generated projects ask for by default.
PROJECT_PYTHON = "3.12"
# The name every installed project is generated with; its package is the same.
PACKAGE = "demo_app"


@cache
def local_python() -> str | None:
    """A Python >= 3.12 already on this machine: on PATH, or one pyenv installed.

    uv does not look behind pyenv's shims; handing it the interpreter avoids a download.
    Where there is none, uv downloads one, as it would for a user.
    """
    candidates = [shutil.which(f"python{PROJECT_PYTHON}")]
    if pyenv := shutil.which("pyenv"):
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True).stdout.strip()
        candidates += map(str, sorted(Path(root, "versions").glob(f"{PROJECT_PYTHON}.*/bin/python3")))
    # A pyenv shim only forwards to the version pyenv has selected, which may be another.
    return next((c for c in candidates if c and "/shims/" not in c and Path(c).is_file()), None)


def project_env(**extra: str) -> dict[str, str]:
    """The environment a project's commands run in: no inherited DATABASE_URL or venv."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.pop("VIRTUAL_ENV", None)
    if "UV_PYTHON" not in env and (python := local_python()):
        env["UV_PYTHON"] = python
        env["UV_PYTHON_DOWNLOADS"] = "never"
    env.update(extra)
    return env


def run(
    args: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 600
) -> str:
    """Run a command; on failure, fail with its whole output."""
    result = subprocess.run(
        args,
        cwd=cwd,
        env=dict(env or project_env()),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (
        f"{' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    )
    return result.stdout


def uv_sync(project: Path) -> None:
    run([find_uv_bin(), "sync", "--quiet"], cwd=project)


def tool(project: Path, name: str) -> str:
    return str(project / ".venv/bin" / name)


@contextmanager
def background(
    args: Sequence[str], cwd: Path, env: Mapping[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a process in its own process group, its output in `log`; stop it afterwards."""
    with log.open("w") as output:
        process = subprocess.Popen(
            args, cwd=cwd, env=dict(env), stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def server(
    args: Sequence[str], cwd: Path, env: Mapping[str, str], url: str, timeout: float = 60
) -> Iterator[None]:
    """Start a server in its own process group, wait until `url` answers, stop it afterwards."""
    log = cwd / "server.log"
    with background(args, cwd, env, log) as process:
        deadline = time.monotonic() + timeout
        while True:
            assert process.poll() is None, f"server exited:\n{log.read_text()}"
            try:
                httpx.get(url, timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, f"no answer at {url}:\n{log.read_text()}"
                time.sleep(0.2)
        yield
