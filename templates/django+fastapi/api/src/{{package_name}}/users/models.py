"""Django's user table, mapped as it is: Django's migrations (admin/) own the schema.

tests/test_schema.py migrates a fresh database with Django and compares it with these models.
"""

from datetime import UTC, datetime

from sqlalchemy import DateTime, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, validates

from ..database import Base
from ..django_schema import DjangoId

# Django's Argon2PasswordHasher writes its algorithm's name before the Argon2 hash itself.
DJANGO_ARGON2_PREFIX = "argon2"


class User(Base):
    __tablename__ = "users_user"
    __table_args__ = (
        UniqueConstraint("username", name="users_user_username_key"),
        # Django's index for LIKE queries on PostgreSQL.
        Index(
            "users_user_username_06e46fe6_like",
            "username",
            postgresql_ops={"username": "varchar_pattern_ops"},
        ).ddl_if(dialect="postgresql"),
        # One account per email; those made without one share the empty string.
        Index(
            "users_user_email_unique",
            "email",
            unique=True,
            postgresql_where=text("NOT (email = '')"),
            sqlite_where=text("NOT (email = '')"),
        ),
    )

    id: Mapped[int] = mapped_column(DjangoId, primary_key=True)
    password: Mapped[str] = mapped_column(String(128))
    last_login: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_superuser: Mapped[bool] = mapped_column(default=False)
    username: Mapped[str] = mapped_column(String(150))
    first_name: Mapped[str] = mapped_column(String(150), default="")
    last_name: Mapped[str] = mapped_column(String(150), default="")
    email: Mapped[str] = mapped_column(String(254))
    is_staff: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(
        "date_joined", DateTime(timezone=True), default=lambda: datetime.now(UTC)
    )

    @validates("email")
    def username_follows_email(self, _key: str, email: str) -> str:
        # Django requires a unique username; users who register here are known by their email.
        if not self.username:
            self.username = email
        return email

    @property
    def hashed_password(self) -> str:
        """The Argon2 hash as argon2-cffi reads it; other Django hashes never verify here."""
        return self.password.removeprefix(DJANGO_ARGON2_PREFIX)

    @hashed_password.setter
    def hashed_password(self, value: str) -> None:
        self.password = DJANGO_ARGON2_PREFIX + value
