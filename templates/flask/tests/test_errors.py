from flask import Flask
from flask.testing import FlaskClient


def test_an_unknown_page_gets_the_404_page(client: FlaskClient) -> None:
    """A missing page answers 404 with the site's own error page."""
    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert "<h1>404 Not Found</h1>" in response.text


def test_an_error_gets_the_500_page(app: Flask) -> None:
    """An unhandled exception answers 500 with the site's own error page."""

    def broken() -> str:
        raise RuntimeError("boom")

    app.add_url_rule("/broken", view_func=broken)
    # Tests let exceptions through by default; production turns them into the 500 page.
    app.config["PROPAGATE_EXCEPTIONS"] = False

    response = app.test_client().get("/broken")

    assert response.status_code == 500
    assert "<h1>500 Internal Server Error</h1>" in response.text
