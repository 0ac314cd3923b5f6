import pytest

from scaffold.frameworks import Framework
from tests.services import stack_redis


@pytest.fixture(scope="session")
def redis_url(redis_url: str) -> str:
    """This stack's own Redis database."""
    return stack_redis(redis_url, Framework.FLASK)
