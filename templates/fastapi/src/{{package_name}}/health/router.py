from fastapi import APIRouter, HTTPException, Request, status
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..database import SessionFactoryDep
from .schemas import Health, Readiness

router = APIRouter(tags=["health"])


async def check_database(factory: SessionFactoryDep) -> None:
    # A session of its own rather than the request's: no generator dependency to unwind, which
    # matters on an endpoint that load balancers call several times a second.
    try:
        async with factory() as session:
            await session.execute(text("SELECT 1"))
    except (OSError, SQLAlchemyError) as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "database unavailable") from error


@router.get(
    "/health",
    responses={status.HTTP_503_SERVICE_UNAVAILABLE: {"description": "The database is unreachable"}},
)
async def health(factory: SessionFactoryDep) -> Health:
    """Answer when the app is up and its database answers a query."""
    await check_database(factory)
    return Health(status="ok", database="ok")


@router.get(
    "/ready",
    responses={
        status.HTTP_503_SERVICE_UNAVAILABLE: {"description": "The database or Redis is unreachable"}
    },
)
async def ready(request: Request, factory: SessionFactoryDep) -> Readiness:
    """Answer when the database and, if configured, Redis are both reachable."""
    await check_database(factory)
    if request.app.state.arq is None:
        return Readiness(status="ok", database="ok", redis="disabled")
    try:
        await request.app.state.arq.ping()
    except (OSError, RedisError) as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "redis unavailable") from error
    return Readiness(status="ok", database="ok", redis="ok")
