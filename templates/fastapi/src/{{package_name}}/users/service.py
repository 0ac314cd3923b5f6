from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from .models import User


class EmailTakenError(Exception):
    """Another account already has this email."""


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def get_user_by_email(session: AsyncSession, *, email: str) -> User | None:
    user: User | None = await session.scalar(select(User).where(User.email == email.lower()))
    return user


async def create_user(session: AsyncSession, *, email: str, hashed_password: str) -> User:
    user = User(email=email.lower(), hashed_password=hashed_password)
    session.add(user)
    try:
        await session.commit()
    except IntegrityError as error:
        # The unique index decides rather than a lookup first, which two concurrent
        # registrations for one email would both pass.
        await session.rollback()
        raise EmailTakenError(email) from error
    return user
