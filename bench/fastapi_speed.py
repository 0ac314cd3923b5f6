"""Benchmark: the generated FastAPI app beside a bare FastAPI app, same database, in one run.

Generates a project with `scaffold new` (defaults), installs it, migrates a fresh PostgreSQL
database and registers a user. Then starts, each under one Uvicorn worker with the same flags and
the project's own virtual environment:
- the generated app (its middleware, logging, rate limiter, ORM and dependencies);
- a bare FastAPI app, written by this script, doing the same work with nothing around it.

Each is loaded with `wrk` in turn, alternating rounds so that both see the same machine state, on
`/health` (one `SELECT 1`) and `/users/me` (verify the JWT, read the user row). Targets: the
generated app reaches 0.8x the bare app's requests per second on `/health`, 0.7x on `/users/me`.

Needs `wrk` (Debian: `apt-get install wrk`) and a PostgreSQL server on which databases may be
created: `SCAFFOLD_TEST_POSTGRES_URL` or `--postgres-url`.

Requests per second swing by 10 to 30% from round to round on a shared 2-core machine. With
`--instructions`, it also counts the instructions each app's Uvicorn process spends per request
(callgrind, after warm-up, one keep-alive client): slower to run, and the same from run to run.
Needs valgrind (Debian: `apt-get install valgrind`) for that.

Usage: python -m bench.fastapi_speed [--rounds N] [--seconds S] [--instructions].
Prints a table; writes bench/results/fastapi_speed.json.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
from uv import find_uv_bin

from bench.load import require_wrk, wrk
from tests.services import free_port, fresh_database
from tests.templates.projects import answers, background, server

ROOT = Path(__file__).resolve().parents[1]

RESULTS = ROOT / "bench/results/fastapi_speed.json"
PACKAGE = "bench_app"
SECRET_KEY = secrets.token_urlsafe(48)
TARGETS = {"health": 0.8, "users_me": 0.7}
PATHS = {"health": "/health", "users_me": "/users/me"}
# Requests per path under callgrind: before counting (pools, caches), and counted.
WARM_UP, COUNTED = 100, 300
VALGRIND_PID = re.compile(r"^==(\d+)==", re.MULTILINE)

BARE_APP = '''\
"""A bare FastAPI app: the same two endpoints as the generated one, with nothing around them."""

import os

import jwt
from fastapi import FastAPI, Header, HTTPException
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

# The generated app's pool (DATABASE_POOL_SIZE 15, no overflow, a ping as a request takes a
# connection): connection handling is not what this compares.
engine = create_async_engine(
    os.environ["BARE_DATABASE_URL"], pool_size=15, max_overflow=0, pool_pre_ping=True
)
app = FastAPI()


@app.get("/health")
async def health():
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
    return {"status": "ok", "database": "ok"}


@app.get("/users/me")
async def me(authorization: str = Header()):
    try:
        claims = jwt.decode(
            authorization.removeprefix("Bearer "), os.environ["SECRET_KEY"], algorithms=["HS256"]
        )
    except jwt.PyJWTError:
        raise HTTPException(401) from None
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                text("SELECT id, email, created_at FROM users WHERE id = :id"),
                {"id": int(claims["sub"])},
            )
        ).one()
    return {"id": row.id, "email": row.email, "created_at": row.created_at}
'''


@contextmanager
def uvicorn(project: Path, app: str, cwd: Path, env: Mapping[str, str]) -> Iterator[str]:
    """One Uvicorn worker serving `app`; yields its base URL once /health answers."""
    port = free_port()
    args = [str(project / ".venv/bin/uvicorn"), app, "--port", str(port), "--workers", "1"]
    url = f"http://127.0.0.1:{port}"
    log_name = f"{app.split(':')[0]}.log"
    with server(args, cwd=cwd, env=env, url=f"{url}/health", log_name=log_name):
        yield url


def callgrind_control(action: str, pid: int) -> None:
    subprocess.run(["callgrind_control", action, str(pid)], check=True, capture_output=True)


def callgrind_total(dump: Path) -> int:
    for line in dump.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise SystemExit(f"no total in {dump}")


def instructions_per_request(
    project: Path, app: str, env: Mapping[str, str], headers: Mapping[str, str]
) -> dict[str, int]:
    """Instructions one Uvicorn process under callgrind spends per request, for each path."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    name = app.split(":")[0]
    out = project / f"callgrind.{name}"
    args = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
    args += [str(project / ".venv/bin/python"), "-m", "uvicorn", app, "--port", str(port)]
    counts: dict[str, int] = {}
    ready = answers(f"{url}/health")
    # Python starts some fifty times slower under valgrind: minutes, not seconds.
    with (
        background(args, project, env, ready, log_name=f"{name}.callgrind.log", timeout=900) as log,
        httpx.Client(base_url=url, headers=headers, timeout=120) as client,
    ):
        # Valgrind prefixes its own lines with the process id, which callgrind_control needs.
        if (match := VALGRIND_PID.search(log.read_text())) is None:
            raise SystemExit(f"no process id in valgrind's output:\n{log.read_text()}")
        pid = int(match.group(1))
        for path_name, path in PATHS.items():
            for _ in range(WARM_UP):
                client.get(path).raise_for_status()
            callgrind_control("--zero", pid)
            for _ in range(COUNTED):
                client.get(path).raise_for_status()
            callgrind_control("--dump", pid)
            newest = max(project.glob(f"{out.name}.*"), key=lambda dump: dump.stat().st_mtime)
            counts[path_name] = callgrind_total(newest) // COUNTED
    return counts


def set_up(work: Path, database: str) -> tuple[Path, dict[str, str]]:
    uv = find_uv_bin()
    scaffold = Path(sys.executable).parent / "scaffold"
    subprocess.run(
        [scaffold, "new", PACKAGE, "--framework", "fastapi", "--defaults", "--no-git", "-o", work],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    project = work / PACKAGE
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "REDIS_URL"}}
    env |= {
        "DATABASE_URL": database,
        "BARE_DATABASE_URL": database.replace("postgresql://", "postgresql+asyncpg://", 1),
        "SECRET_KEY": SECRET_KEY,
        "ENVIRONMENT": "production",
    }
    subprocess.run([uv, "sync", "--quiet"], cwd=project, env=env, check=True)
    subprocess.run(
        [project / ".venv/bin/alembic", "upgrade", "head"],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    (project / "bare_app.py").write_text(BARE_APP)
    return project, env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--postgres-url", default=os.environ.get("SCAFFOLD_TEST_POSTGRES_URL"))
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions per request"
    )
    args = parser.parse_args()
    if not args.postgres_url:
        raise SystemExit("Name a PostgreSQL server: --postgres-url or SCAFFOLD_TEST_POSTGRES_URL")
    require_wrk()
    if args.instructions and shutil.which("valgrind") is None:
        raise SystemExit("valgrind is missing: apt-get install -y valgrind")

    with tempfile.TemporaryDirectory(prefix="bench-fastapi-") as tmp, ExitStack() as stack:
        work = Path(tmp)
        database = stack.enter_context(fresh_database(args.postgres_url))
        project, env = set_up(work, database)
        apps = {
            "generated": stack.enter_context(uvicorn(project, f"{PACKAGE}.main:app", project, env)),
            "bare": stack.enter_context(uvicorn(project, "bare_app:app", project, env)),
        }
        user = {"email": "bench@example.com", "password": "correct horse battery staple"}
        httpx.post(f"{apps['generated']}/auth/register", json=user).raise_for_status()
        response = httpx.post(
            f"{apps['generated']}/auth/token",
            data={"username": user["email"], "password": user["password"]},
        )
        headers = {"Authorization": f"Bearer {response.raise_for_status().json()['access_token']}"}

        # Warm both up (connection pools, first-request imports) before measuring.
        for url in apps.values():
            for path in PATHS.values():
                wrk(url + path, 2, headers, connections=64)
        rps: dict[str, dict[str, list[float]]] = {name: {app: [] for app in apps} for name in PATHS}
        for _ in range(args.rounds):
            for name, path in PATHS.items():
                for app, url in apps.items():
                    rps[name][app].append(wrk(url + path, args.seconds, headers, connections=64))
        instructions = (
            {
                "generated": instructions_per_request(project, f"{PACKAGE}.main:app", env, headers),
                "bare": instructions_per_request(project, "bare_app:app", env, headers),
            }
            if args.instructions
            else None
        )

    results: dict[str, object] = {"rounds": args.rounds, "seconds": args.seconds}
    header = f"{'endpoint':<10} {'generated':>10} {'bare':>10} {'ratio':>7} {'target':>7}"
    if instructions:
        header += f" {'instr/request gen':>18} {'bare':>10} {'ratio':>7}"
    print(header)
    ok = True
    for name in PATHS:
        generated = statistics.median(rps[name]["generated"])
        bare = statistics.median(rps[name]["bare"])
        ratio = generated / bare
        ok &= ratio >= TARGETS[name]
        entry: dict[str, object] = {
            "generated_rps": round(generated, 1),
            "bare_rps": round(bare, 1),
            "ratio": round(ratio, 3),
            "target": TARGETS[name],
            "runs": rps[name],
        }
        row = f"{name:<10} {generated:>10.0f} {bare:>10.0f} {ratio:>7.2f} {TARGETS[name]:>7.2f}"
        if instructions:
            # Fewer instructions is faster: the bare app's count over the generated app's.
            counts = {app: instructions[app][name] for app in instructions}
            counts_ratio = counts["bare"] / counts["generated"]
            entry |= {
                "instructions_per_request": counts,
                "instruction_ratio": round(counts_ratio, 3),
            }
            row += f" {counts['generated']:>18} {counts['bare']:>10} {counts_ratio:>7.2f}"
        results[name] = entry
        print(row)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"targets {'met' if ok else 'MISSED'}; written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
