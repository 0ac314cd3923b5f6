from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from ..auth.dependencies import CurrentUser
from ..database import MAX_ID, SessionDep
from ..jobs import JobQueueDep
from ..routing import StrictJSONRoute
from ..schemas import BAD_REQUEST, NOT_AUTHENTICATED, NOT_FOUND
from . import service
from .dependencies import OwnedItem
from .jobs import publish_item
from .models import Item
from .schemas import ItemCreate, ItemPage, ItemRead, ItemUpdate, JobAccepted

router = APIRouter(
    prefix="/items",
    tags=["items"],
    responses={status.HTTP_401_UNAUTHORIZED: NOT_AUTHENTICATED},
    route_class=StrictJSONRoute,
)
ONE_ITEM: dict[int | str, dict[str, Any]] = {status.HTTP_404_NOT_FOUND: NOT_FOUND}


@router.get("")
async def list_items(
    user: CurrentUser,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> ItemPage:
    """Your items, newest first, a page at a time."""
    items, total = await service.list_items(session, owner=user, limit=limit, offset=offset)
    return ItemPage(
        items=[ItemRead.model_validate(item) for item in items],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ItemRead,
    responses={status.HTTP_400_BAD_REQUEST: BAD_REQUEST},
)
async def create_item(body: ItemCreate, user: CurrentUser, session: SessionDep) -> Item:
    """Create an item that belongs to you."""
    return await service.create_item(session, owner=user, data=body)


@router.get("/{item_id}", response_model=ItemRead, responses=ONE_ITEM)
async def read_item(item: OwnedItem) -> Item:
    """One of your items."""
    return item


@router.patch(
    "/{item_id}",
    response_model=ItemRead,
    responses={**ONE_ITEM, status.HTTP_400_BAD_REQUEST: BAD_REQUEST},
)
async def update_item(body: ItemUpdate, item: OwnedItem, session: SessionDep) -> Item:
    """Change the fields given."""
    return await service.update_item(session, item=item, data=body)


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT, responses=ONE_ITEM)
async def delete_item(item: OwnedItem, session: SessionDep) -> None:
    """Delete one of your items."""
    await service.delete_item(session, item=item)


@router.post(
    "/{item_id}/publish",
    status_code=status.HTTP_202_ACCEPTED,
    responses=ONE_ITEM,
)
async def publish(item: OwnedItem, session: SessionDep, jobs: JobQueueDep) -> JobAccepted:
    """Publish the item in the background; `published_at` is set once the job has run."""
    # End the read transaction first: the job uses its own session, and may run right away.
    await session.commit()
    return JobAccepted(job_id=await jobs.enqueue(publish_item, item.id))
