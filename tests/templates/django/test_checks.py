"""Slow tier: the Django project's own checks beyond the generic ones (ruff, mypy, pytest)."""

import secrets
from pathlib import Path

import pytest

from tests.templates.projects import project_env, run, tool

pytestmark = pytest.mark.slow


def test_templates_pass_djlint(django_project: Path) -> None:
    """The HTML templates are formatted and linted as djLint wants."""
    run([tool(django_project, "djlint"), "templates", "--check", "--lint"], django_project)


def test_migrations_match_the_models(django_project: Path) -> None:
    """`makemigrations --check` finds no model change without its migration."""
    run(
        [tool(django_project, "python"), "manage.py", "makemigrations", "--check", "--dry-run"],
        django_project,
    )


def test_production_settings_pass_check_deploy(django_project: Path) -> None:
    """`check --deploy` with the production settings reports no warning at all."""
    output = run(
        [tool(django_project, "python"), "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        django_project,
        project_env(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ),
    )

    assert "no issues (0 silenced)" in output


def test_project_tests_pass_on_postgres_with_redis(
    django_project: Path, database: str, redis_url: str
) -> None:
    """With DATABASE_URL and REDIS_URL set, the project's tests pass on PostgreSQL and Redis."""
    output = run(
        [tool(django_project, "pytest"), "-q", "-p", "no:cacheprovider"],
        django_project,
        project_env(DATABASE_URL=database, REDIS_URL=redis_url),
    )

    assert " passed" in output


def test_social_providers_come_from_the_environment(django_project: Path) -> None:
    """Providers named in DJANGO_SOCIAL_PROVIDERS get their log-in pages, with no code edited."""
    output = run(
        [
            tool(django_project, "python"),
            "manage.py",
            "shell",
            "-c",
            "from django.urls import reverse as r; print(r('github_login'), r('google_login'))",
        ],
        django_project,
        project_env(DJANGO_SOCIAL_PROVIDERS="github,google", SOCIAL_GITHUB_CLIENT_ID="id"),
    )

    assert "/accounts/github/login/ /accounts/google/login/" in output
