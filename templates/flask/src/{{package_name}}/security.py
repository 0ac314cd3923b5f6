"""What every answer carries and every request is held to, whichever blueprint serves it."""

from collections.abc import Iterable
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from flask import Flask, Response, abort, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

# The pages load nothing from other sites and run no inline script; no other site may frame
# them (the log-in form inside a foreign page would be clickjacking).
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
        " frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


class IdConverter(IntegerConverter):
    """`<id:...>` in a route: a positive number that fits the `integer` primary keys.

    A larger one names no row, so it matches no route (404) rather than reaching the database,
    which would refuse it with an error.
    """

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=1, max=2**31 - 1)


class JSONProvider(DefaultJSONProvider):
    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        # Python's parser recurses once per nesting level: a body nested deeper than the
        # interpreter's stack is malformed JSON (Flask answers 400), not a server error.
        try:
            return super().loads(s, **kwargs)
        except RecursionError as error:
            msg = "JSON nested too deeply"
            raise ValueError(msg) from error


def check_json_body() -> None:
    """Pages take forms and the API takes JSON objects, whose values Flask-WTF reads as a form's.
    A JSON body anywhere else is a 415, and JSON that is not an object a 400, as malformed JSON
    is: a page never shows back text that only JSON can carry (an unpaired surrogate). The API
    is everything under /api/: each resource's is a blueprint of its own (see resources.py)."""
    if request.method in {"GET", "HEAD", "OPTIONS"} or not request.is_json:
        return
    if not request.path.startswith("/api/"):
        abort(415)
    if not isinstance(request.get_json(), dict):
        abort(400)


def trust_nginx(wsgi_app: WSGIApplication) -> WSGIApplication:
    """Take the client's address from X-Forwarded-For on unix-socket connections only.

    deploy/ runs Gunicorn on a unix socket that only nginx can reach, and nginx sets
    X-Forwarded-For to the one address it saw, never appending to a client's own (Gunicorn
    trusts such connections for the scheme in the same way). A client that reaches Gunicorn over
    TCP has an address of its own, and the header it sends is ignored.
    """
    proxied = ProxyFix(wsgi_app, x_for=1)

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        handler = wsgi_app if environ.get("REMOTE_ADDR") else proxied
        return handler(environ, start_response)

    return app


def init_security(app: Flask) -> None:
    """Register the above on `app`; call before the blueprints, whose routes use `<id:...>`."""
    app.url_map.converters["id"] = IdConverter
    app.json = JSONProvider(app)
    app.before_request(check_json_body)
    app.after_request(add_security_headers)
    # Flask's documented way to add WSGI middleware; its type stubs see a method being replaced.
    app.wsgi_app = trust_nginx(app.wsgi_app)  # type: ignore[method-assign, assignment]
