"""Install generated projects with uv and run their tools and servers, as their users would."""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from pathlib import Path

import httpx
from uv import find_uv_bin

from scaffold.frameworks import PARTS, Framework
from scaffold.generate import NewProject, create_project

# The Python the generated projects ask for by default.
PROJECT_PYTHON = "3.12"
# The name every installed project is generated with; its package is the same.
PACKAGE = "demo_app"
# A resource's fields, as `scaffold add resource` takes them: every type and every modifier.
EVERY_TYPE = (
    "name:str:120:unique",
    "notes:text:optional",
    "quantity:int:index",
    "price:decimal",
    "in_stock:bool",
    "released:date",
    "starts_at:datetime:optional",
    "contact:email",
    "site:url",
    "buyer:ref:user",
)


@cache
def local_python() -> str | None:
    """A Python >= 3.12 already on this machine: on PATH, or one pyenv installed.

    uv does not look behind pyenv's shims; handing it the interpreter avoids a download.
    Where there is none, uv downloads one, as it would for a user.
    """
    candidates = [shutil.which(f"python{PROJECT_PYTHON}")]
    if pyenv := shutil.which("pyenv"):
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True).stdout.strip()
        candidates += map(
            str, sorted(Path(root, "versions").glob(f"{PROJECT_PYTHON}.*/bin/python3"))
        )
    # A pyenv shim only forwards to the version pyenv has selected, which may be another.
    return next((c for c in candidates if c and "/shims/" not in c and Path(c).is_file()), None)


def project_env(**extra: str) -> dict[str, str]:
    """The environment a project's commands run in: no inherited DATABASE_URL or venv."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.pop("VIRTUAL_ENV", None)
    # Projects run uv themselves (a django+fastapi project's API tests run Django through it).
    env["PATH"] = os.pathsep.join([str(Path(find_uv_bin()).parent), env.get("PATH", "")])
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


def built_css(project: Path, scratch: Path, inputs: Sequence[str], output: str) -> str:
    """What `make css` (npm install + the Tailwind CLI) builds in `scratch` from a copy of the
    project's `inputs` (its npm manifest, Makefile, Tailwind's input and templates): `output`."""
    assert shutil.which("npm"), "npm is missing: apt-get install -y nodejs npm"
    for name in inputs:
        source, target = project / name, scratch / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    run(["make", "css"], cwd=scratch, timeout=300)
    return (scratch / output).read_text()


def scaffold(*args: str | Path, cwd: Path | None = None) -> str:
    """The installed `scaffold` command, as a user runs it."""
    command = [str(Path(sys.executable).parent / "scaffold"), *map(str, args)]
    return run(command, cwd=cwd or Path.cwd())


def with_resources(parent: Path, framework: Framework, *resources: Sequence[str]) -> Path:
    """A project of its own (resources change it), each resource added as `scaffold add
    resource` takes its arguments, then installed."""
    project = create_project(NewProject(name=PACKAGE, framework=framework, parent=parent)).path
    for resource in resources:
        scaffold("add", "resource", *resource, cwd=project)
    for part in parts(project, framework):
        uv_sync(part)
    return project


def parts(project: Path, framework: Framework) -> dict[Path, Framework]:
    """The project's installable folders and the stack each holds: the project itself, or, for
    a project made of other stacks, each of its folders."""
    layout = PARTS.get(framework, {".": framework})
    return {project / folder: stack for folder, stack in layout.items()}


def tool(project: Path, name: str) -> str:
    return str(project / ".venv/bin" / name)


def answers(url: str, uds: Path | None = None) -> Callable[[Path], bool]:
    """A readiness check: `url` answers an HTTP request (through the Unix socket `uds`)."""

    def check(log: Path) -> bool:
        transport = httpx.HTTPTransport(uds=str(uds)) if uds else None
        try:
            with httpx.Client(transport=transport, timeout=2) as client:
                client.get(url)
        except httpx.TransportError:
            return False
        return True

    return check


@contextmanager
def server(
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str],
    url: str,
    timeout: float = 60,
    *,
    uds: Path | None = None,
    log_name: str = "server.log",
) -> Iterator[None]:
    """Start a server in its own process group, wait until `url` answers, stop it afterwards."""
    with background(args, cwd, env, ready=answers(url, uds), log_name=log_name, timeout=timeout):
        yield


@contextmanager
def background(
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str],
    ready: Callable[[Path], bool],
    log_name: str,
    timeout: float = 60,
) -> Iterator[Path]:
    """Start a process in its own group, wait until `ready(log)` holds, stop it afterwards.

    Yields the file its output goes to, so tests can read what it logged.
    """
    log = cwd / log_name
    with log.open("w") as output:
        process = subprocess.Popen(
            args,
            cwd=cwd,
            env=dict(env),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout
        while not ready(log):
            assert process.poll() is None, f"{args[0]} exited:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"{args[0]} not ready:\n{log.read_text()}"
            time.sleep(0.2)
        yield log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def celery_worker(
    args: Sequence[str], cwd: Path, env: Mapping[str, str]
) -> AbstractContextManager[Path]:
    """A Celery worker in the background, once it says it is ready; yields its log."""
    return background(
        args, cwd, env, ready=lambda log: " ready." in log.read_text(), log_name="worker.log"
    )


# Where each stack reads its secret key, and what its production server needs from the
# environment besides DATABASE_URL.
SECRET_NAME = {
    Framework.DJANGO: "DJANGO_SECRET_KEY",
    Framework.FASTAPI: "SECRET_KEY",
    Framework.FLASK: "SECRET_KEY",
}
SERVER_ENV: dict[Framework, dict[str, str]] = {
    Framework.DJANGO: {"DJANGO_ALLOWED_HOSTS": "127.0.0.1"},
    Framework.FASTAPI: {"ENVIRONMENT": "production"},
    Framework.FLASK: {},
}


def server_env(framework: Framework, database: str) -> dict[str, str]:
    """The environment of the production server, as deploy/provision.sh writes it."""
    secret = {SECRET_NAME[framework]: secrets.token_urlsafe(50)}
    return project_env(DATABASE_URL=database, **SERVER_ENV[framework], **secret)


def schemathesis(
    schema_url: str,
    users: Mapping[str, Mapping[str, str]],
    cwd: Path,
    excluded: Sequence[str],
    headers: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Schemathesis on the schema, every check but `excluded` and every phase, the stateful one
    included; as each of `users` (headers that authenticate each), whose objects must stay
    private to each other (the object-level authorization check). `headers` go with every
    request, the schema's own included."""
    wfc = {
        "auth": [
            {"name": name, "fixedHeaders": [{"name": k, "value": v} for k, v in headers.items()]}
            for name, headers in users.items()
        ]
    }
    (cwd / "users.json").write_text(json.dumps(wfc))
    peers = ", ".join(f'"{name}"' for name in users)
    (cwd / "schemathesis.toml").write_text(f'[auth.wfc]\npath = "users.json"\npeers = [{peers}]\n')
    return subprocess.run(
        [
            Path(sys.executable).parent / "schemathesis",
            "run",
            schema_url,
            "--checks",
            "all",
            *(["--exclude-checks", ",".join(excluded)] if excluded else []),
            *(
                arg
                for name, value in (headers or {}).items()
                for arg in ("--header", f"{name}:{value}")
            ),
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            "25",
            "--seed",
            "1",
            "--generation-database",
            "none",
            # One worker: Schemathesis' workers are threads, and CPython before 3.11.8 / 3.12.2
            # shares the AST constructor's recursion count between threads, so two that parse
            # at once fail with "AST constructor recursion depth mismatch" (cpython#106905).
            "--workers",
            "1",
            "--no-color",
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


# The production server each stack ships, as its README starts it.
SERVERS: dict[Framework, list[str]] = {
    Framework.DJANGO: ["gunicorn", "config.wsgi"],
    Framework.FASTAPI: ["uvicorn", f"{PACKAGE}.main:app"],
    Framework.FLASK: ["gunicorn", f"{PACKAGE}.wsgi:app"],
}


def server_command(project: Path, framework: Framework, port: int, workers: int = 1) -> list[str]:
    """The stack's production server, on 127.0.0.1:`port` with `workers` worker processes."""
    name, app = SERVERS[framework]
    where = ["--bind", f"127.0.0.1:{port}"] if name == "gunicorn" else ["--port", str(port)]
    return [tool(project, name), app, *where, "--workers", str(workers)]
