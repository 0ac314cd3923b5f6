"""Public pages, and the URLs of the static files they load."""

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, render_template

bp = Blueprint("pages", __name__)


@cache
def content_hash(path: Path) -> str:
    """The start of the file's SHA-256, read once per process (a deploy restarts it)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


@bp.app_url_defaults
def versioned_static(endpoint: str, values: dict[str, Any]) -> None:
    """`url_for("static", filename=...)` with `?v=` the file's hash: nginx (deploy/) lets browsers
    keep static files for 30 days, and a rebuilt app.css must reach them at once."""
    if endpoint != "static" or "filename" not in values or current_app.static_folder is None:
        return
    path = Path(current_app.static_folder, values["filename"])
    if path.is_file():
        values.setdefault("v", content_hash(path))


@bp.get("/")
def index() -> str:
    return render_template("index.html")
