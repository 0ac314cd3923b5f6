"""The generated Flask project, installed once, and its production stack started for real."""

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scaffold.frameworks import Framework
from tests.services import free_port, fresh_database, stack_redis
from tests.templates.conftest import InstalledProject
from tests.templates.projects import PACKAGE, celery_worker, project_env, run, server, tool

FLASK = [f"--app={PACKAGE}"]


@pytest.fixture(scope="session")
def redis_url(redis_url: str) -> str:
    """This stack's own Redis database."""
    return stack_redis(redis_url, Framework.FLASK)


@pytest.fixture(scope="session")
def project(installed_project: InstalledProject) -> Path:
    """The Flask project generated with its defaults (the example Item included) and installed."""
    return installed_project(Framework.FLASK)


@dataclass(frozen=True)
class Site:
    url: str
    worker_log: Path


@pytest.fixture(scope="module")
def site(project: Path, postgres_url: str, redis_url: str) -> Iterator[Site]:
    """Gunicorn and a Celery worker on Redis, over a database made by `flask db upgrade`; one
    for each module, stopped after it (a worker left running takes other tests' tasks)."""
    with fresh_database(postgres_url) as database:
        env = project_env(
            DATABASE_URL=database, REDIS_URL=redis_url, SECRET_KEY=secrets.token_urlsafe(32)
        )
        run([tool(project, "flask"), *FLASK, "db", "upgrade"], cwd=project, env=env)
        url = f"http://127.0.0.1:{free_port()}"
        worker = [
            tool(project, "celery"),
            "-A",
            f"{PACKAGE}.worker",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
        ]
        gunicorn = [tool(project, "gunicorn"), f"{PACKAGE}.wsgi:app", "--workers=1"]
        with (
            celery_worker(worker, project, env) as log,
            server(
                [*gunicorn, f"--bind={url.removeprefix('http://')}"], project, env, f"{url}/health"
            ),
        ):
            yield Site(url, log)
