"""Checks of the project as a whole, so that `pytest` (and CI) runs them too."""

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
