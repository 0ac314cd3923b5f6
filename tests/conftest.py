from collections.abc import Iterator
from pathlib import Path

import pytest

from scaffold.template import template_source
from tests.services import postgres_server, redis_server


@pytest.fixture(scope="session")
def template_dir() -> Iterator[Path]:
    """The template's working tree as a plain folder, as the wheel ships it."""
    with template_source() as source:
        yield source


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real PostgreSQL server on which the tests may create databases."""
    with postgres_server(tmp_path_factory.mktemp("postgres")) as url:
        yield url


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Redis server."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url
