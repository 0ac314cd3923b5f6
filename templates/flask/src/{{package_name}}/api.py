"""A small JSON API over the logged-in user's items.

It uses the same session cookie as the pages, so writes need the CSRF token too: send it in an
`X-CSRFToken` header (each page carries it in `<meta name="csrf-token">`).
"""

from datetime import datetime

from flask import Blueprint, abort
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import Row, bindparam, select

from .extensions import db
from .forms import ItemForm
from .items import save, signed_in_user
from .models import Item

bp = Blueprint("api", __name__, url_prefix="/api")

# What the API says of an item. Reads select these columns only and serialise the rows as they
# come, without building ORM objects.
FIELDS = (Item.id, Item.title, Item.body, Item.word_count, Item.created_at)
type ItemRow = Row[int, str, str, int | None, datetime]
# Built once, with bound parameters: reading one item is the API's most frequent request.
OWNED_ITEM = select(*FIELDS).where(
    Item.id == bindparam("item_id"), Item.owner_id == bindparam("owner_id")
)


def as_json(item: Item | ItemRow) -> dict[str, object]:
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
    rows = db.session.execute(
        select(*FIELDS).where(Item.owner_id == signed_in_user().id).order_by(Item.id)
    )
    return {"items": [as_json(row) for row in rows]}


@bp.get("/items/<id:item_id>")
def get_item(item_id: int) -> ResponseReturnValue:
    # Through the session's connection: a plain row needs none of the ORM's result handling.
    row = (
        db.session.connection()
        .execute(OWNED_ITEM, {"item_id": item_id, "owner_id": signed_in_user().id})
        .one_or_none()
    )
    if row is None:
        abort(404)
    return as_json(row)


@bp.post("/items")
def create_item() -> ResponseReturnValue:
    form = ItemForm()
    if not form.validate():
        return {"errors": form.errors}, 422
    item = Item(owner=signed_in_user())
    save(item, form)
    return as_json(item), 201
