"""`flask` commands for maintenance."""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from .auth import create_user
from .extensions import db
from .models import User


@click.command("create-user")
@click.argument("username")
@click.password_option()
@with_appcontext
def create_user_command(username: str, password: str) -> None:
    """Create a user who can log in (for example the first one, on a new server)."""
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise click.ClickException(f"A user named {username!r} exists already.")
    if len(password) < 8:
        raise click.ClickException("The password needs at least 8 characters.")
    create_user(username=username, password=password)
    click.echo(f"Created user {username!r}.")
