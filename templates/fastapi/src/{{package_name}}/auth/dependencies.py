from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer

from ..database import SessionDep
from ..users.models import User
from ..users.service import get_user
from .service import InvalidTokenError, read_token

# Reads `Authorization: Bearer`, answers 401 without one, and puts the OAuth2 password flow in
# the OpenAPI document (the docs' Authorize button).
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token")
TokenDep = Annotated[str, Depends(oauth2_scheme)]


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"}
    )


async def get_current_user(session: SessionDep, token: TokenDep) -> User:
    """The user the access token was issued to, loaded in the request's own session."""
    try:
        user_id = read_token(token, "access")
    except InvalidTokenError as error:
        raise unauthorized("Invalid or expired token") from error
    user = await get_user(session, user_id)
    if user is None:
        raise unauthorized("Invalid or expired token")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
