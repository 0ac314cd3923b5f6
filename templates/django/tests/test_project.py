"""Checks of the project as a whole, so that `pytest` (and CI) runs them too."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).parent.parent


@pytest.mark.django_db
def test_migrations_match_the_models() -> None:
    """Every model change has its migration (`makemigrations --check` exits 0)."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_templates_pass_djlint() -> None:
    """The HTML templates are formatted and linted as djLint wants."""
    result = subprocess.run(
        [sys.executable, "-m", "djlint", "templates", "--check", "--lint"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout


def start_wsgi(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the WSGI application as Gunicorn does, in a fresh process; print its settings."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | env
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.wsgi; from django.conf import settings; print(settings.SETTINGS_MODULE)",
        ],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
    )


def test_wsgi_runs_the_production_settings_by_default() -> None:
    """`gunicorn config.wsgi` without DJANGO_SETTINGS_MODULE never runs the debug settings."""
    result = start_wsgi(DJANGO_SECRET_KEY=secrets.token_urlsafe(50))

    assert result.stdout.strip() == "config.settings.production", result.stderr


@pytest.mark.parametrize(
    "secret_key",
    [
        "",
        "changeme",
        "django-insecure-" + secrets.token_urlsafe(50),
        "x" * 64,
        "a-long-random-string",
    ],
    ids=["missing", "short", "startproject", "repetitive", "example"],
)
def test_production_refuses_a_weak_secret_key(secret_key: str) -> None:
    """Production stops at start-up, naming the setting, on a missing, known or weak key."""
    result = start_wsgi(DJANGO_SECRET_KEY=secret_key)

    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY to a long random string" in result.stderr
