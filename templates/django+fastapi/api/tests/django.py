"""Django's own code, run in its project (../admin) and its environment, for the tests that need
both apps: the schema Django's migrations make, the password hashes Django writes and reads."""

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL

ADMIN = Path(__file__).resolve().parents[2] / "admin"
# The async drivers the API uses, and the ones Django uses for the same databases.
SYNC_DRIVERS = {"postgresql+asyncpg": "postgresql", "sqlite+aiosqlite": "sqlite"}


def manage(*args: str, database_url: URL | None = None) -> str:
    """`manage.py ARGS` with Django's local settings (Argon2 hashes, as in production)."""
    uv = shutil.which("uv")
    assert uv is not None, "these tests run Django with uv: https://docs.astral.sh/uv/"
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    if database_url is not None:
        sync_url = database_url.set(drivername=SYNC_DRIVERS[database_url.drivername])
        env["DATABASE_URL"] = sync_url.render_as_string(hide_password=False)
    # Our own fixed command line: nothing in it comes from outside the tests.
    result = subprocess.run(  # noqa: S603
        [uv, "run", "--directory", str(ADMIN), "manage.py", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


HASHERS = "from django.contrib.auth import hashers"


def make_password(password: str) -> str:
    """The hash Django stores for `password`."""
    code = f"{HASHERS}; print(hashers.make_password({password!r}))"
    return manage("shell", "--no-imports", "-c", code).strip()


def check_password(password: str, hashed: str) -> bool:
    """Whether Django accepts `password` against a stored hash."""
    code = f"{HASHERS}; print(hashers.check_password({password!r}, {hashed!r}))"
    return manage("shell", "--no-imports", "-c", code).strip() == "True"
