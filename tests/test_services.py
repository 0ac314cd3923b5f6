"""The real services the slow tier runs projects against."""

import psycopg
import pytest
import redis

from tests.services import fresh_database


@pytest.mark.slow
def test_fresh_database_is_empty_and_dropped_afterwards(postgres_url: str) -> None:
    """A fresh database takes writes, starts empty, and is gone after its test."""
    with fresh_database(postgres_url) as url, psycopg.connect(url) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)
        conn.execute("CREATE TABLE probe (id int)")
        name = conn.info.dbname

    with psycopg.connect(postgres_url) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        assert found.fetchone() is None


@pytest.mark.slow
def test_redis_answers(redis_url: str) -> None:
    """The session's Redis stores and returns a value."""
    client = redis.Redis.from_url(redis_url)
    client.set("scaffold-probe", "1", ex=10)

    assert client.get("scaffold-probe") == b"1"
    client.close()
