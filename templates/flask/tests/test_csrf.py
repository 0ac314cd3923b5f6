from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from .conftest import PASSWORD, build_app, form_token


@pytest.fixture
def csrf_client(migrated: str) -> Iterator[FlaskClient]:
    """A client of an app that checks CSRF tokens, as in production, with a JSON endpoint under
    /api/ as each resource's API has."""
    for app in build_app(migrated):
        app.add_url_rule("/api/rows", "row_create", lambda: ({}, 201), methods=["POST"])
        yield app.test_client()


def test_a_form_without_its_token_is_refused(csrf_client: FlaskClient) -> None:
    """A POST without the CSRF token is refused with 400 and creates nothing."""
    form = {"username": "grace", "password": PASSWORD, "confirm": PASSWORD}

    response = csrf_client.post("/auth/register", data=form)

    assert response.status_code == 400
    assert "CSRF" in response.text


def test_a_form_with_its_token_is_accepted(csrf_client: FlaskClient) -> None:
    """The token rendered in the form lets the same form through."""
    token = form_token(csrf_client, "/auth/register")
    form = {"username": "grace", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token}

    response = csrf_client.post("/auth/register", data=form)

    assert response.status_code == 302


def test_the_api_refuses_a_write_without_the_token_header(csrf_client: FlaskClient) -> None:
    """A JSON write needs the X-CSRFToken header too: the session cookie is not enough."""
    token = form_token(csrf_client, "/auth/register")
    form = {"username": "grace", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token}
    csrf_client.post("/auth/register", data=form)

    refused = csrf_client.post("/api/rows", json={"title": "Hi"})
    accepted = csrf_client.post("/api/rows", json={"title": "Hi"}, headers={"X-CSRFToken": token})

    assert refused.status_code == 400
    assert accepted.status_code == 201
