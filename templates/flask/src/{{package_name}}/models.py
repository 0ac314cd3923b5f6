"""The database tables, as typed SQLAlchemy 2 models."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import Base


def utcnow() -> datetime:
    return datetime.now(UTC)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # What Flask-Login asks of a user; its UserMixin is untyped.
    is_active = True
    is_authenticated = True
    is_anonymous = False

    def __str__(self) -> str:
        return self.username

    def get_id(self) -> str:
        return str(self.id)

    def set_password(self, password: str) -> None:
        # Werkzeug hashes with scrypt, a memory-hard algorithm, and a random salt.
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)
