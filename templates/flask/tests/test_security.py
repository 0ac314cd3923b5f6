import json

import pytest
from flask import Flask, request
from flask.testing import FlaskClient

from .conftest import PASSWORD

TOO_LARGE_ID = 2**63


def test_pages_forbid_framing_and_foreign_content(client: FlaskClient) -> None:
    """Every page says it may not be framed and loads only this site's resources."""
    response = client.get("/auth/login")

    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.fixture
def rows(app: Flask) -> FlaskClient:
    """A client of `app` with routes as a resource has: at `<id:...>` URLs, and one taking JSON."""
    app.add_url_rule("/rows/<id:row_id>", "row_page", lambda row_id: str(row_id))
    app.add_url_rule("/api/rows/<id:row_id>", "row_api", lambda row_id: {"id": row_id})
    app.add_url_rule("/api/rows", "row_create", lambda: ({}, 201), methods=["POST"])
    return app.test_client()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (f"/rows/{TOO_LARGE_ID}", "text/html"),
        ("/rows/0", "text/html"),
        (f"/api/rows/{TOO_LARGE_ID}", "application/json"),
    ],
    ids=["page", "zero", "api"],
)
def test_an_id_out_of_range_is_not_found(rows: FlaskClient, path: str, expected: str) -> None:
    """An id no row can have answers 404 (JSON under /api/), without asking the database."""
    response = rows.get(path)

    assert response.status_code == 404
    assert response.mimetype == expected
    assert rows.get(f"/api/rows/{2**31 - 1}").json == {"id": 2**31 - 1}


@pytest.mark.parametrize(
    "body",
    ['["title", "list"]', '"title"', "[" * 100_000 + "]" * 100_000, '{"title": '],
    ids=["list", "string", "nested-100000", "truncated"],
)
def test_hostile_json_gets_a_client_error(rows: FlaskClient, body: str) -> None:
    """JSON that is malformed or not an object answers 400 in JSON, never a server error.

    What a JSON object's values may hold, each resource's tests check on its own API.
    """
    response = rows.post("/api/rows", data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.is_json


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/auth/login", {"username": "ada\x00", "password": PASSWORD}),
        ("/auth/register", {"username": "b\x00b", "password": PASSWORD, "confirm": PASSWORD}),
    ],
    ids=["login", "register"],
)
def test_a_nul_character_in_a_form_is_a_form_error(
    client: FlaskClient, path: str, form: dict[str, str]
) -> None:
    """A NUL character (which PostgreSQL cannot store) shows the form again with its error."""
    response = client.post(path, data=form)

    assert response.status_code == 200
    assert "NUL character" in response.text


@pytest.mark.parametrize("path", ["/auth/login", "/auth/register"], ids=["login", "register"])
def test_pages_refuse_json(client: FlaskClient, path: str) -> None:
    """Pages take forms: JSON, which could carry text no page can show back, is a 415."""
    body = json.dumps({"username": "\ud800"})

    response = client.post(path, data=body, content_type="application/json")

    assert response.status_code == 415


@pytest.fixture
def whoami(app: Flask) -> FlaskClient:
    """A client of `app` with a page that answers the client's address as the app sees it."""
    app.add_url_rule("/whoami", "whoami", lambda: request.remote_addr or "")
    return app.test_client()


def test_on_the_unix_socket_the_address_is_the_one_nginx_set(whoami: FlaskClient) -> None:
    """Behind nginx on the socket (no address of its own), X-Forwarded-For names the client."""
    response = whoami.get(
        "/whoami", headers={"X-Forwarded-For": "198.51.100.7"}, environ_base={"REMOTE_ADDR": ""}
    )

    assert response.text == "198.51.100.7"


def test_over_tcp_a_clients_forwarded_for_is_ignored(whoami: FlaskClient) -> None:
    """A client with an address of its own cannot choose another with X-Forwarded-For."""
    response = whoami.get(
        "/whoami",
        headers={"X-Forwarded-For": "198.51.100.7"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )

    assert response.text == "203.0.113.9"
