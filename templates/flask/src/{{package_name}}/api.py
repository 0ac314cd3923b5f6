"""A small JSON API over the logged-in user's items.

It uses the same session cookie as the pages, so writes need the CSRF token too: send it in an
`X-CSRFToken` header (each page carries it in `<meta name="csrf-token">`).
"""

from flask import Blueprint, abort
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from .extensions import db
from .forms import ItemForm
from .items import owned_item, save, signed_in_user
from .models import Item

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_request
def require_login() -> None:
    if not current_user.is_authenticated:
        abort(401)


@bp.errorhandler(HTTPException)
def json_error(error: HTTPException) -> ResponseReturnValue:
    return {"error": error.name}, error.code or 500


@bp.get("/items")
def list_items() -> ResponseReturnValue:
    items = db.session.scalars(
        select(Item).where(Item.owner_id == signed_in_user().id).order_by(Item.id)
    )
    return {"items": [item.to_json() for item in items]}


@bp.get("/items/<int:item_id>")
def get_item(item_id: int) -> ResponseReturnValue:
    return owned_item(item_id).to_json()


@bp.post("/items")
def create_item() -> ResponseReturnValue:
    form = ItemForm()
    if not form.validate():
        return {"errors": form.errors}, 422
    item = Item(owner=signed_in_user())
    save(item, form)
    return item.to_json(), 201
