from flask.testing import FlaskClient


def test_health_reports_the_database_up(client: FlaskClient) -> None:
    """GET /health answers 200 once the database has answered a query."""
    response = client.get("/health")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
