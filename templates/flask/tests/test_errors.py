from flask import Flask
from flask.testing import FlaskClient


def test_an_unknown_page_gets_the_404_page(client: FlaskClient) -> None:
    """A missing page answers 404 with the site's own error page."""
    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert ">Page not found</h1>" in response.text


def test_other_errors_get_werkzeugs_words(client: FlaskClient) -> None:
    """An error the site has no words of its own for is named as Werkzeug names it."""
    response = client.get("/auth/logout")  # a form posts to it

    assert response.status_code == 405
    assert ">Method Not Allowed</h1>" in response.text


def test_an_error_gets_the_500_page(app: Flask) -> None:
    """An unhandled exception answers 500 with the site's own error page."""

    def broken() -> str:
        raise RuntimeError("boom")

    app.add_url_rule("/broken", view_func=broken)
    # Tests let exceptions through by default; production turns them into the 500 page.
    app.config["PROPAGATE_EXCEPTIONS"] = False

    response = app.test_client().get("/broken")

    assert response.status_code == 500
    assert ">Something went wrong</h1>" in response.text
