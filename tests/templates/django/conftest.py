"""The generated Django project, installed once, and its production stack started for real."""

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scaffold.frameworks import Framework
from tests.services import free_port, fresh_database, stack_redis
from tests.templates.conftest import InstalledProject
from tests.templates.projects import PACKAGE, celery_worker, project_env, run, server, tool


@dataclass(frozen=True)
class Site:
    """A running Gunicorn + Celery worker on PostgreSQL and Redis, with production settings."""

    url: str
    project: Path
    env: dict[str, str]
    server_log: Path
    worker_log: Path

    def manage(self, *args: str) -> str:
        return run([tool(self.project, "python"), "manage.py", *args], self.project, self.env)


@pytest.fixture(scope="session")
def redis_url(redis_url: str) -> str:
    """This stack's own Redis database."""
    return stack_redis(redis_url, Framework.DJANGO)


@pytest.fixture(scope="session")
def django_project(installed_project: InstalledProject) -> Path:
    """The Django project generated with its defaults and installed."""
    return installed_project(Framework.DJANGO)


def production_env(url: str, database: str, **extra: str) -> dict[str, str]:
    """The production settings on one Gunicorn worker at `url`; mail printed to the log by the
    project's console backend, as development prints it."""
    return project_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_CSRF_TRUSTED_ORIGINS=url,
        DJANGO_EMAIL_BACKEND=f"{PACKAGE}.mail.ConsoleEmailBackend",
        WEB_CONCURRENCY="1",
        **extra,
    )


@pytest.fixture(scope="session")
def site(django_project: Path, postgres_url: str, redis_url: str) -> Iterator[Site]:
    """Gunicorn (one worker) and a Celery worker, migrated and with static files collected.

    It runs the production settings as a TLS proxy would see them: clients send
    `X-Forwarded-Proto: https` and an `Origin` the settings trust. Mail is printed to the
    server's log, where the tests read confirmation links.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with fresh_database(postgres_url) as database:
        env = production_env(url, database, REDIS_URL=redis_url)
        python = tool(django_project, "python")
        run([python, "manage.py", "migrate", "--no-input"], django_project, env)
        run([python, "manage.py", "collectstatic", "--no-input"], django_project, env)
        worker = [tool(django_project, "celery"), "-A", "config", "worker", "--pool=solo"]
        with (
            celery_worker([*worker, "--loglevel=info"], django_project, env) as worker_log,
            server(
                [tool(django_project, "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"],
                django_project,
                env,
                url=f"{url}/health",
            ),
        ):
            yield Site(url, django_project, env, django_project / "server.log", worker_log)


@pytest.fixture(scope="session")
def verified_user(site: Site) -> tuple[str, str]:
    """An account whose email address is confirmed, made the way an operator would."""
    email, password = "ada@example.com", secrets.token_urlsafe(16)
    site.manage(
        "shell",
        "-c",
        "from allauth.account.models import EmailAddress; "
        "from django.contrib.auth import get_user_model; "
        f"user = get_user_model().objects.create_user('ada', '{email}', '{password}'); "
        f"EmailAddress.objects.create(user=user, email='{email}', verified=True, primary=True)",
    )
    return email, password
