"""Register, log in and log out, with Flask-Login keeping the user in the session."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user, logout_user
from sqlalchemy import select

from .extensions import db, limiter, login_manager
from .forms import LoginForm, RegisterForm
from .models import User

bp = Blueprint("auth", __name__, url_prefix="/auth")


def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


login_manager.user_loader(load_user)


def create_user(*, username: str, password: str) -> User:
    user = User(username=username)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def local_target(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None: `next` must not lead elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def rate_limit(setting: str) -> str:
    return str(current_app.config[setting])


# Posts only: showing the form costs nothing, guessing passwords or mass sign-ups do.
@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: rate_limit("REGISTER_RATE_LIMIT"), methods=["POST"])
def register() -> ResponseReturnValue:
    form = RegisterForm()
    if form.validate_on_submit():
        user = create_user(username=form.username.data or "", password=form.password.data or "")
        login_user(user)
        flash("Welcome! Your account is ready.")
        return redirect(url_for("pages.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: rate_limit("LOGIN_RATE_LIMIT"), methods=["POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data))
        if user is not None and user.check_password(form.password.data or ""):
            login_user(user, remember=form.remember.data)
            return redirect(local_target(request.args.get("next")) or url_for("pages.index"))
        flash("Wrong username or password.")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    # POST, so that a link on another site cannot log anyone out (the form carries a CSRF token).
    logout_user()
    flash("You are logged out.")
    return redirect(url_for("pages.index"))
