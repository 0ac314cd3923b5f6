import httpx
import pytest

from scaffold.frameworks import Framework
from tests.services import stack_redis


@pytest.fixture(scope="session")
def redis_url(redis_url: str) -> str:
    """This stack's own Redis database."""
    return stack_redis(redis_url, Framework.FASTAPI)


PASSWORD = "correct horse battery staple"


def sign_up(url: str, email: str) -> dict[str, str]:
    """Register and log in over HTTP; the headers that authenticate as the new user."""
    body = {"email": email, "password": PASSWORD}
    assert httpx.post(f"{url}/auth/register", json=body).status_code == 201
    form = {"username": email, "password": PASSWORD}
    response = httpx.post(f"{url}/auth/token", data=form)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
