"""Benchmark: the generated Flask app against a bare Flask app doing the same, in one run.

Generates a Flask project with `scaffold new`, installs it with `uv sync`, makes its schema with
`flask db upgrade`, registers a user and creates an item through the site itself. Then serves,
side by side:
- the generated app (`gunicorn PKG.wsgi:app`);
- a bare Flask app written into a temporary folder, run with the project's venv and the same
  `gunicorn.conf.py`, answering the same two URLs with plain SQLAlchemy Core (the same engine
  options, the same rows and columns read, the same JSON);
each with one Gunicorn worker (not recycled during the run), and loads them with `wrk` from the
same machine, in short runs that alternate between the two apps (the median counts):
- `/health` (one `SELECT 1`; target: the generated app at least 0.8x the bare one);
- `/api/items/<id>` as the logged-in owner (the user from the session cookie, then the item:
  one database read each; target: at least 0.7x).

wrk sends the User-Agent of the client that logged in, as a browser would. Flask-Login's session
protection marks a session "not fresh" when the browser changes; replaying a cookie made by
another User-Agent, unchanged, would have the generated app re-sign and resend the session
cookie on every request, which a browser (it keeps the cookie it is sent) causes only once.

Both read the same database. By default a fresh PostgreSQL database on the server of
`--postgres-url` (default: SCAFFOLD_TEST_POSTGRES_URL), dropped afterwards: what a deployed
project runs on (deploy/provision.sh), and what the Django and FastAPI benchmarks measure their
targets on. `--database-url` names an empty database instead; `--sqlite` uses a SQLite file, the
development database, where the database costs next to nothing and the ratio is the frameworks'
own overhead alone.

Usage: python -m bench.flask_speed [--seconds S] [--rounds N] [--postgres-url URL |
--database-url URL | --sqlite]. Prints a table; writes bench/results/flask_speed.json. Needs
`wrk` (Debian package `wrk`).
"""

import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path

import httpx
from uv import find_uv_bin

from bench.load import require_wrk, wrk
from scaffold.frameworks import Framework
from scaffold.generate import NewProject, create_project
from tests.services import free_port, fresh_database
from tests.templates.projects import server

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "bench_app"
TARGETS = {"health": 0.8, "item": 0.7}
PASSWORD = "correct horse battery"  # noqa: S105 (a throwaway account on a throwaway database)
USER_AGENT = "flask-speed-bench"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

# The baseline: what the generated app does for these two URLs, without extensions.
BARE_APP = """
import os

from datetime import UTC

from flask import Flask, abort, session
from sqlalchemy import DateTime, create_engine, text

DRIVERS = {"postgres://": "postgresql+psycopg://", "postgresql://": "postgresql+psycopg://"}
url = os.environ["DATABASE_URL"]
for prefix, driver_prefix in DRIVERS.items():
    if url.startswith(prefix):
        url = driver_prefix + url.removeprefix(prefix)
engine = create_engine(url, pool_pre_ping=True)
app = Flask(__name__)
app.secret_key = os.environ["SECRET_KEY"]
# The rows Flask-Login and the view load, columns typed as the models type them (SQLite keeps
# times as text, which SQLAlchemy parses).
USER = text(
    "SELECT id, username, password_hash, created_at FROM users WHERE id = :id"
).columns(created_at=DateTime(timezone=True))
ITEM = text(
    "SELECT id, owner_id, title, description, created_at, processed_at FROM items"
    " WHERE owner_id = :owner AND id = :id"
).columns(created_at=DateTime(timezone=True), processed_at=DateTime(timezone=True))


# A time in UTC, as the generated API's JSON has it (SQLite keeps no time zone).
def utc_iso(value):
    if value is None:
        return None
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.isoformat()


@app.get("/health")
def health():
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return {"status": "ok", "database": "ok"}


@app.get("/api/items/<int:item_id>")
def item(item_id):
    with engine.connect() as connection:
        user = connection.execute(USER, {"id": int(session["_user_id"])}).one_or_none()
        if user is None:
            abort(401)
        row = connection.execute(ITEM, {"id": item_id, "owner": user.id}).one_or_none()
    if row is None:
        abort(404)
    return {
        "id": row.id, "owner_id": row.owner_id, "title": row.title,
        "description": row.description, "created_at": utc_iso(row.created_at),
        "processed_at": utc_iso(row.processed_at),
    }
"""


def run(args: list[str | Path], cwd: Path, env: Mapping[str, str]) -> None:
    subprocess.run(args, cwd=cwd, env=dict(env), check=True, stdout=subprocess.DEVNULL)


@contextmanager
def gunicorn(project: Path, app: str, env: Mapping[str, str], pythonpath: Path) -> Iterator[str]:
    """Serve `app` with the project's Gunicorn settings and one worker; yield its base URL."""
    port = free_port()
    args: list[str | Path] = [
        project / ".venv/bin/gunicorn",
        app,
        "--config",
        project / "gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        # Steady state: no recycling of the worker in the middle of a run.
        "--max-requests",
        "0",
        "--pythonpath",
        pythonpath,
    ]
    url = f"http://127.0.0.1:{port}"
    with server([str(arg) for arg in args], cwd=project, env=env, url=f"{url}/health"):
        yield url


def seed(url: str) -> tuple[str, int]:
    """Register a user and create an item through the site; return its cookie and the item id."""
    with httpx.Client(base_url=url, timeout=30, headers={"User-Agent": USER_AGENT}) as client:

        def token(path: str) -> str:
            if (match := TOKEN.search(client.get(path).text)) is None:
                raise SystemExit(f"no CSRF token at {path}")
            return match.group(1)

        form = {"username": "bench", "password": PASSWORD, "confirm": PASSWORD}
        response = client.post(
            "/auth/register", data={**form, "csrf_token": token("/auth/register")}
        )
        if response.status_code != 302:
            raise SystemExit(f"registering failed:\n{response.text}")
        response = client.post(
            "/api/items",
            json={"title": "Benchmark", "description": "a few words to read back"},
            headers={"X-CSRFToken": token("/items/new")},
        )
        if response.status_code != 201:
            raise SystemExit(f"creating the item failed:\n{response.text}")
        return f"session={client.cookies['session']}", int(response.json()["id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=7, help="alternating runs per URL and app")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "SCAFFOLD_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
        help="a PostgreSQL server to make a fresh database on (the default database)",
    )
    where.add_argument("--database-url", help="an empty database to use instead")
    where.add_argument("--sqlite", action="store_true", help="a SQLite file instead")
    options = parser.parse_args()
    require_wrk()

    with (
        tempfile.TemporaryDirectory(prefix="bench-flask-") as tmp,
        (
            nullcontext(options.database_url)
            if options.database_url or options.sqlite
            else fresh_database(options.postgres_url)
        ) as database_url,
    ):
        work = Path(tmp)
        project = create_project(
            NewProject(name=PACKAGE, framework=Framework.FLASK, parent=work, git=False)
        ).path
        env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "REDIS_URL"}}
        env |= {
            "DATABASE_URL": database_url or f"sqlite:///{work / 'bench.sqlite3'}",
            "SECRET_KEY": secrets.token_urlsafe(32),  # production refuses a weak one
            "WEB_CONCURRENCY": "1",
        }
        run([find_uv_bin(), "sync", "--quiet", "--no-dev", "--compile-bytecode"], project, env)
        run([project / ".venv/bin/flask", f"--app={PACKAGE}", "db", "upgrade"], project, env)
        (work / "bare.py").write_text(BARE_APP)

        apps = {"generated": f"{PACKAGE}.wsgi:app", "bare": "bare:app"}
        with ExitStack() as servers:
            urls = {
                name: servers.enter_context(gunicorn(project, app, env, work))
                for name, app in apps.items()
            }
            cookie, item_id = seed(urls["generated"])
            headers = {"Cookie": cookie, "User-Agent": USER_AGENT}
            paths = {"health": "/health", "item": f"/api/items/{item_id}"}
            for url in urls.values():
                # Warm up the worker and its pool.
                wrk(f"{url}/health", 1, headers, threads=1, connections=8)
            # Short runs, alternating, so that both apps see the same load from the rest of
            # the machine.
            rates: dict[str, dict[str, list[float]]] = {p: {a: [] for a in apps} for p in paths}
            for _ in range(options.rounds):
                for path, route in paths.items():
                    for name, url in urls.items():
                        rates[path][name].append(
                            wrk(
                                url + route,
                                options.seconds,
                                headers,
                                threads=1,
                                connections=8,
                            )
                        )

    results: dict[str, object] = {"database": env["DATABASE_URL"].partition(":")[0]}
    print(f"{'url':8} {'generated':>12} {'bare':>12} {'ratio':>6} {'target':>7}")
    for path in paths:
        generated = statistics.median(rates[path]["generated"])
        bare = statistics.median(rates[path]["bare"])
        ratio = generated / bare
        results |= {f"{path}_generated_rps": generated, f"{path}_bare_rps": bare}
        results[f"{path}_ratio"] = ratio
        print(f"{path:8} {generated:10.0f}/s {bare:10.0f}/s {ratio:6.2f} {TARGETS[path]:>6}x")
    target = ROOT / "bench/results/flask_speed.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
