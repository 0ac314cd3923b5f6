from httpx import AsyncClient


async def test_health_reports_the_database_up(client: AsyncClient) -> None:
    """GET /health answers 200 once the database has answered a query."""
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
