from typing import Annotated

from fastapi import Depends, HTTPException, Path, status

from ..auth.dependencies import CurrentUser
from ..database import MAX_ID, SessionDep
from .models import Item
from .service import get_item

# Ids are 32-bit integers in the database: larger ones cannot name an item.
ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]


async def get_owned_item(item_id: ItemId, user: CurrentUser, session: SessionDep) -> Item:
    """The item, if the current user owns it; 404 otherwise, so others' ids stay unknown."""
    item = await get_item(session, owner=user, item_id=item_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Item not found")
    return item


OwnedItem = Annotated[Item, Depends(get_owned_item)]
