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


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (f"/items/{TOO_LARGE_ID}/edit", "text/html"),
        ("/items/0/edit", "text/html"),
        (f"/api/items/{TOO_LARGE_ID}", "application/json"),
    ],
    ids=["page", "zero", "api"],
)
def test_an_id_out_of_range_is_not_found(logged_in: FlaskClient, path: str, expected: str) -> None:
    """An id no row can have answers 404 (JSON under /api/), without asking the database."""
    response = logged_in.get(path)

    assert response.status_code == 404
    assert response.mimetype == expected


@pytest.mark.parametrize(
    "body",
    [
        '{"title": "a\\u0000b"}',
        '{"title": "\\ud800"}',
        '{"title": "ok", "body": "\\udfff"}',
        '{"title": {"nested": "object"}}',
        '{"title": 5}',
        '["title", "list"]',
        '"title"',
        "[" * 100_000 + "]" * 100_000,
        '{"title": ',
    ],
    ids=[
        "nul",
        "lone-surrogate",
        "lone-surrogate-body",
        "object",
        "number",
        "list",
        "string",
        "nested-100000",
        "truncated",
    ],
)
def test_hostile_json_gets_a_client_error(logged_in: FlaskClient, body: str) -> None:
    """Malformed or unstorable JSON answers 400 or 422 in JSON, never a server error."""
    response = logged_in.post("/api/items", data=body, content_type="application/json")

    assert response.status_code in {400, 422}
    assert response.is_json


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/items/new", {"title": "a\x00b", "body": ""}),
        ("/items/new", {"title": "ok", "body": "a\x00b"}),
        ("/auth/login", {"username": "ada\x00", "password": PASSWORD}),
        ("/auth/register", {"username": "b\x00b", "password": PASSWORD, "confirm": PASSWORD}),
    ],
    ids=["item-title", "item-body", "login", "register"],
)
def test_a_nul_character_in_a_form_is_a_form_error(
    logged_in: FlaskClient, path: str, form: dict[str, str]
) -> None:
    """A NUL character (which PostgreSQL cannot store) shows the form again with its error."""
    response = logged_in.post(path, data=form)

    assert response.status_code == 200
    assert "NUL character" in response.text


@pytest.mark.parametrize(
    "path", ["/auth/login", "/auth/register", "/items/new"], ids=["login", "register", "item"]
)
def test_pages_refuse_json(logged_in: FlaskClient, path: str) -> None:
    """Pages take forms: JSON, which could carry text no page can show back, is a 415."""
    body = json.dumps({"username": "\ud800", "title": "\ud800"})

    response = logged_in.post(path, data=body, content_type="application/json")

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
