"""The django+fastapi project, installed once (both folders)."""

from pathlib import Path

import pytest

from scaffold.frameworks import Framework
from tests.services import stack_redis
from tests.templates.conftest import InstalledProject


@pytest.fixture(scope="session")
def redis_url(redis_url: str) -> str:
    """This stack's own Redis database."""
    return stack_redis(redis_url, Framework.DJANGO_FASTAPI)


@pytest.fixture(scope="session")
def monorepo(installed_project: InstalledProject) -> Path:
    return installed_project(Framework.DJANGO_FASTAPI)
