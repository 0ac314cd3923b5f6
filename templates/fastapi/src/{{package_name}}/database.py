"""The database engine, the model base class and the per-request session dependency."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase

from .config import settings

# No pool_pre_ping: it costs every request a round trip. After a database restart, the first
# query on each dead connection fails and SQLAlchemy then discards the pool's stale connections.
engine = create_async_engine(
    settings.database_url, pool_size=settings.database_pool_size, max_overflow=0
)
session_factory = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    # Named constraints, so that migrations can drop and alter them on every database.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


async def get_session_factory() -> async_sessionmaker[AsyncSession]:
    """The factory every session comes from; the tests override it to share one transaction.

    Async, though it awaits nothing: FastAPI runs plain functions in a thread pool.
    """
    return session_factory


SessionFactoryDep = Annotated[async_sessionmaker[AsyncSession], Depends(get_session_factory)]


async def get_engine() -> AsyncEngine:
    """The engine, for a query that needs no session (and none of its cost); the tests override
    it with the engine of their own database."""
    return engine


EngineDep = Annotated[AsyncEngine, Depends(get_engine)]


async def get_session(factory: SessionFactoryDep) -> AsyncIterator[AsyncSession]:
    async with factory() as session:
        yield session


# Closed as the route function returns, not after the response is sent: the connection goes
# back to the pool sooner, which is what bounds throughput under load.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
