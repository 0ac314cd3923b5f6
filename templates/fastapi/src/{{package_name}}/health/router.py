from fastapi import APIRouter, HTTPException, status
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..database import SessionDep
from .schemas import Health

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    responses={status.HTTP_503_SERVICE_UNAVAILABLE: {"description": "The database is unreachable"}},
)
async def health(session: SessionDep) -> Health:
    """Answer when the app is up and its database answers a query."""
    try:
        await session.execute(text("SELECT 1"))
    except (OSError, SQLAlchemyError) as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "database unavailable") from error
    return Health(status="ok", database="ok")
