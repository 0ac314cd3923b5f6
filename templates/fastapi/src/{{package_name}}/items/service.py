from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..users.models import User
from .models import Item
from .schemas import ItemCreate, ItemUpdate


async def list_items(
    session: AsyncSession, *, owner: User, limit: int, offset: int
) -> tuple[list[Item], int]:
    """One page of the owner's items, newest first, and how many they have in all."""
    mine = Item.owner_id == owner.id
    total = await session.scalar(select(func.count()).select_from(Item).where(mine))
    items = await session.scalars(
        select(Item).where(mine).order_by(Item.id.desc()).limit(limit).offset(offset)
    )
    return list(items), total or 0


async def get_item(session: AsyncSession, *, owner: User, item_id: int) -> Item | None:
    item: Item | None = await session.scalar(
        select(Item).where(Item.id == item_id, Item.owner_id == owner.id)
    )
    return item


async def create_item(session: AsyncSession, *, owner: User, data: ItemCreate) -> Item:
    item = Item(owner_id=owner.id, **data.model_dump())
    session.add(item)
    await session.commit()
    return item


async def update_item(session: AsyncSession, *, item: Item, data: ItemUpdate) -> Item:
    for field, value in data.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(item, field, value)
    await session.commit()
    return item


async def delete_item(session: AsyncSession, *, item: Item) -> None:
    await session.delete(item)
    await session.commit()
