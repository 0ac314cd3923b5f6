"""Django's item table (admin/), mapped as it is under the names the API uses."""

from datetime import UTC, datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..database import Base
from ..django_schema import DjangoId


class Item(Base):
    __tablename__ = "items_item"
    __table_args__ = (Index("items_item_owner_id_c5de0655", "owner_id"),)

    id: Mapped[int] = mapped_column(DjangoId, primary_key=True)
    title: Mapped[str] = mapped_column("name", String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=lambda: datetime.now(UTC)
    )
    # Set by the `publish_item` background job (Django calls it processed).
    published_at: Mapped[datetime | None] = mapped_column("processed_at", DateTime(timezone=True))
    owner_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey(
            "users_user.id",
            name="items_item_owner_id_c5de0655_fk_users_user_id",
            deferrable=True,
            initially="DEFERRED",
        ),
    )
