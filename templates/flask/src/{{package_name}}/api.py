"""A small JSON API over the logged-in user's items.

It uses the same session cookie as the pages, so writes need the CSRF token too: send it in an
`X-CSRFToken` header (each page carries it in `<meta name="csrf-token">`).
"""

from flask import Blueprint, abort
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from .extensions import db
from .forms import ItemForm
from .items import owned_item, save, signed_in_user
from .models import Item

bp = Blueprint("api", __name__, url_prefix="/api")


def as_json(item: Item) -> dict[str, object]:
    return {
        "id": item.id,
        "title": item.title,
        "body": item.body,
        "word_count": item.word_count,
        "created_at": item.created_at.isoformat(),
    }


@bp.before_request
def require_login() -> None:
    if not current_user.is_authenticated:
        abort(401)


@bp.get("/items")
def list_items() -> ResponseReturnValue:
    items = db.session.scalars(
        select(Item).where(Item.owner_id == signed_in_user().id).order_by(Item.id)
    )
    return {"items": [as_json(item) for item in items]}


@bp.get("/items/<id:item_id>")
def get_item(item_id: int) -> ResponseReturnValue:
    return as_json(owned_item(item_id))


@bp.post("/items")
def create_item() -> ResponseReturnValue:
    form = ItemForm()
    if not form.validate():
        return {"errors": form.errors}, 422
    item = Item(owner=signed_in_user())
    save(item, form)
    return as_json(item), 201
