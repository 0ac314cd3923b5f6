from fastapi import APIRouter, HTTPException, Request, status
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..database import EngineDep
from .schemas import Health, Readiness

router = APIRouter(tags=["health"])


async def check_database(engine: EngineDep) -> None:
    # A connection, not a session: load balancers call this several times a second, and a query
    # through the ORM's session costs a fifth more.
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (OSError, SQLAlchemyError) as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "database unavailable") from error


@router.get(
    "/health",
    responses={status.HTTP_503_SERVICE_UNAVAILABLE: {"description": "The database is unreachable"}},
)
async def health(engine: EngineDep) -> Health:
    """Answer when the app is up and its database answers a query."""
    await check_database(engine)
    return Health(status="ok", database="ok")


@router.get(
    "/ready",
    responses={
        status.HTTP_503_SERVICE_UNAVAILABLE: {"description": "The database or Redis is unreachable"}
    },
)
async def ready(request: Request, engine: EngineDep) -> Readiness:
    """Answer when the database and, if configured, Redis are both reachable."""
    await check_database(engine)
    if request.app.state.arq is None:
        return Readiness(status="ok", database="ok", redis="disabled")
    try:
        await request.app.state.arq.ping()
    except (OSError, RedisError) as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "redis unavailable") from error
    return Readiness(status="ok", database="ok", redis="ok")
