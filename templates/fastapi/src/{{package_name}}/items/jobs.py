from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .models import Item


async def publish_item(ctx: dict[str, Any], item_id: int) -> bool:
    """Mark the item published; False if it was deleted in the meantime. Run twice (a worker
    killed mid-job), it keeps the first time."""
    factory: async_sessionmaker[AsyncSession] = ctx["session_factory"]
    async with factory() as session:
        item = await session.get(Item, item_id)
        if item is None:
            return False
        if item.published_at is None:
            item.published_at = datetime.now(UTC)
            await session.commit()
    return True
