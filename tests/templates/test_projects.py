"""Slow tier: install each generated project and run its own checks, tests and server."""

import subprocess
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from scaffold.frameworks import SINGLE_STACKS, Framework
from scaffold.generate import NewProject, create_project
from tests.services import free_port
from tests.templates.conftest import InstalledProject
from tests.templates.projects import (
    PACKAGE,
    SECRET_NAME,
    project_env,
    run,
    server,
    server_command,
    server_env,
    tool,
    uv_sync,
)

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Project:
    path: Path
    framework: Framework


@pytest.fixture(params=SINGLE_STACKS, ids=str)
def project(request: pytest.FixtureRequest, installed_project: InstalledProject) -> Project:
    """Each framework's project, generated with its defaults and installed."""
    framework: Framework = request.param
    return Project(installed_project(framework), framework)


@pytest.mark.parametrize(
    "command",
    [["ruff", "check"], ["ruff", "format", "--check"], ["mypy", "."]],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_project_passes_its_quality_gate(project: Project, command: list[str]) -> None:
    """The generated code passes the project's own linters and type checker."""
    run([tool(project.path, command[0]), *command[1:]], cwd=project.path)


def test_project_tests_pass_on_sqlite(project: Project) -> None:
    """With no DATABASE_URL, the project's own tests pass on its embedded SQLite default."""
    output = run([tool(project.path, "pytest"), "-q", "-p", "no:cacheprovider"], cwd=project.path)

    assert " passed" in output


def test_project_tests_pass_on_postgres(project: Project, database: str) -> None:
    """Pointed at a fresh PostgreSQL database, the project's own tests pass."""
    output = run(
        [tool(project.path, "pytest"), "-q", "-p", "no:cacheprovider"],
        cwd=project.path,
        env=project_env(DATABASE_URL=database),
    )

    assert " passed" in output


def test_production_server_answers_health(project: Project, database: str) -> None:
    """The production app server starts and /health reports the database up."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/health"

    with server(
        server_command(project.path, project.framework, port),
        cwd=project.path,
        env=server_env(project.framework, database),
        url=url,
    ):
        response = httpx.get(url)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_production_server_refuses_to_start_without_a_secret(
    project: Project, database: str
) -> None:
    """Without its secret key, the production server stops at start-up and says which to set."""
    env = server_env(project.framework, database)
    del env[SECRET_NAME[project.framework]]

    result = subprocess.run(
        server_command(project.path, project.framework, free_port()),
        cwd=project.path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert f"Set {SECRET_NAME[project.framework]} to a" in result.stderr


# The Alembic command of each stack that runs it (Flask's through Flask-Migrate).
ALEMBIC = {
    Framework.FASTAPI: ["alembic"],
    Framework.FLASK: ["flask", "--app", PACKAGE, "db"],
}


@pytest.mark.parametrize("framework", list(ALEMBIC), ids=str)
def test_migrations_run_in_a_folder_with_a_percent_sign(
    framework: Framework, tmp_path: Path
) -> None:
    """A `%` in the project's path, which Alembic's configparser reads as interpolation, breaks
    no migration."""
    parent = tmp_path / "100% ours"
    project = create_project(NewProject(name=PACKAGE, framework=framework, parent=parent)).path
    uv_sync(project)
    alembic = [tool(project, ALEMBIC[framework][0]), *ALEMBIC[framework][1:]]

    run([*alembic, "upgrade", "head"], cwd=project, env=project_env())

    assert "(head)" in run([*alembic, "current"], cwd=project, env=project_env())
