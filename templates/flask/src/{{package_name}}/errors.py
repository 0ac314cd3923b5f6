"""Error pages and logging."""

import logging

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException


def render_error(error: HTTPException) -> ResponseReturnValue:
    """The API's errors in JSON, the pages' as a page. By path, not by blueprint: a URL that
    matches no route reaches no blueprint's handler. The API is everything under /api/."""
    if request.path.startswith("/api/"):
        return {"error": error.name}, error.code or 500
    return render_template("error.html", error=error), error.code or 500


def init_errors(app: Flask) -> None:
    # One line per record on stderr, where Gunicorn and systemd collect it.
    logging.basicConfig(
        level=app.config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Unhandled exceptions arrive here too, as a 500, once Flask has logged their traceback.
    app.register_error_handler(HTTPException, render_error)
