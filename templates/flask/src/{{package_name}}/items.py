"""Items: pages to list, create, edit and delete the logged-in user's own items."""

from typing import cast

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from .extensions import db, login_manager
from .forms import ItemForm
from .models import Item, User
from .tasks import count_words

bp = Blueprint("items", __name__, url_prefix="/items")


@bp.before_request
def require_login() -> ResponseReturnValue | None:
    """Every page here is for logged-in users; others go to the login page and come back."""
    if not current_user.is_authenticated:
        return cast(ResponseReturnValue, login_manager.unauthorized())
    return None


def signed_in_user() -> User:
    return cast(User, current_user)


def owned_item(item_id: int) -> Item:
    """The item if the logged-in user owns it; 404 otherwise, so others' items stay unseen."""
    item = db.session.get(Item, item_id)
    if item is None or item.owner_id != signed_in_user().id:
        abort(404)
    return item


def save(item: Item, form: ItemForm) -> None:
    item.title = form.title.data or ""
    item.body = form.body.data or ""
    item.word_count = None
    db.session.add(item)
    db.session.commit()
    # Counted in the background by a Celery worker (inline when no broker is configured).
    count_words.delay(item.id)


@bp.get("/")
def index() -> str:
    items = db.session.scalars(
        select(Item).where(Item.owner_id == signed_in_user().id).order_by(Item.created_at.desc())
    )
    return render_template("items/index.html", items=items.all())


@bp.route("/new", methods=["GET", "POST"])
def create() -> ResponseReturnValue:
    form = ItemForm()
    if form.validate_on_submit():
        save(Item(owner=signed_in_user()), form)
        flash("Item created.")
        return redirect(url_for("items.index"))
    return render_template("items/form.html", form=form, item=None)


@bp.route("/<id:item_id>/edit", methods=["GET", "POST"])
def edit(item_id: int) -> ResponseReturnValue:
    item = owned_item(item_id)
    form = ItemForm(obj=item)
    if form.validate_on_submit():
        save(item, form)
        flash("Item saved.")
        return redirect(url_for("items.index"))
    return render_template("items/form.html", form=form, item=item)


@bp.post("/<id:item_id>/delete")
def delete(item_id: int) -> ResponseReturnValue:
    db.session.delete(owned_item(item_id))
    db.session.commit()
    flash("Item deleted.")
    return redirect(url_for("items.index"))
