"""Passwords (Argon2) and tokens (JWT): short-lived access tokens, longer-lived refresh tokens."""

from datetime import UTC, datetime, timedelta
from typing import Literal

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.ext.asyncio import AsyncSession

from ..config import settings
from ..database import MAX_ID
from ..users.models import User
from ..users.service import get_user_by_email
from .schemas import TokenPair

ALGORITHM = "HS256"
TokenType = Literal["access", "refresh"]

hasher = PasswordHasher()
# Checked against when the email is unknown, so that a wrong email takes as long as a wrong
# password and response times don't tell which accounts exist.
DUMMY_HASH = hasher.hash("not a password")


class InvalidTokenError(Exception):
    """The token is malformed, tampered with, expired or of the wrong type."""


# Argon2 takes tens of milliseconds of CPU on purpose and releases the GIL meanwhile: in a worker
# thread it leaves the event loop serving other requests, where in the loop it would stall them.
async def hash_password(password: str) -> str:
    return await run_in_threadpool(hasher.hash, password)


def _verify(hashed: str, password: str) -> bool:
    try:
        return hasher.verify(hashed, password)
    except VerificationError:
        return False
    except InvalidHashError:
        # Not an Argon2 hash at all: a damaged row can't be logged in to.
        return False


async def verify_password(hashed: str, password: str) -> bool:
    return await run_in_threadpool(_verify, hashed, password)


async def authenticate(session: AsyncSession, *, email: str, password: str) -> User | None:
    user = await get_user_by_email(session, email=email)
    if user is None:
        await verify_password(DUMMY_HASH, password)
        return None
    return user if await verify_password(user.hashed_password, password) else None


def create_token(user_id: int, token_type: TokenType, lifetime: timedelta) -> str:
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "type": token_type, "iat": now, "exp": now + lifetime}
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)


def issue_tokens(user: User) -> TokenPair:
    return TokenPair(
        access_token=create_token(
            user.id, "access", timedelta(minutes=settings.access_token_minutes)
        ),
        refresh_token=create_token(user.id, "refresh", timedelta(days=settings.refresh_token_days)),
    )


def read_token(token: str, expected_type: TokenType) -> int:
    """The user id the token was issued for; InvalidTokenError if it can't be trusted."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "iat", "sub", "type"]},
        )
    except jwt.PyJWTError as error:
        raise InvalidTokenError(str(error)) from error
    # An access token must not refresh, and a refresh token must not act as an access token.
    if claims["type"] != expected_type:
        raise InvalidTokenError("wrong token type")
    # Only this app signs tokens, but a leaked key must not turn into server errors: an id is
    # digits that fit the column (and int() refuses more than 4,300 of them).
    subject = str(claims["sub"])
    if not (subject.isdigit() and len(subject) <= len(str(MAX_ID)) and int(subject) <= MAX_ID):
        raise InvalidTokenError("not a user id")
    return int(subject)
