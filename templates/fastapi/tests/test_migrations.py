import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def alembic(*args: str, database_url: str) -> None:
    # A process of its own: Alembic's env.py runs its own event loop.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "alembic", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'migrated.sqlite3'}"


def test_migrations_build_the_models_schema(database_url: str) -> None:
    """Migrating an empty database gives exactly the models' schema: `alembic check` is clean."""
    alembic("upgrade", "head", database_url=database_url)

    alembic("check", database_url=database_url)


def test_migrations_downgrade_to_nothing(database_url: str) -> None:
    """Every migration can be undone."""
    alembic("upgrade", "head", database_url=database_url)

    alembic("downgrade", "base", database_url=database_url)
