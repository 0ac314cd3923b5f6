import pytest
from django.test import Client


@pytest.mark.django_db
def test_health_reports_the_database_up(client: Client) -> None:
    """GET /health answers 200 once the database has answered a query."""
    response = client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
