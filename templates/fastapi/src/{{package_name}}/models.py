"""Every table, imported in one place so that Alembic and the tests see the whole schema."""

from .users.models import User

__all__ = ["User"]
