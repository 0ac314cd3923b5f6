from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from fastapi.security.base import SecurityBase

from ..database import session_factory
from ..users.models import User
from ..users.service import get_user
from .service import InvalidTokenError, read_token


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"}
    )


class BearerTokenUser(SecurityBase):
    """The user an access token was issued to, read from the `Authorization: Bearer` header.

    One dependency where FastAPI's tutorial chains three (scheme, token, user): each level of
    dependency resolution costs an authenticated request about as much as the user's query.
    Being a security scheme, it still puts the OAuth2 password flow in the OpenAPI document.
    """

    def __init__(self, token_url: str) -> None:
        self.bearer = OAuth2PasswordBearer(tokenUrl=token_url, auto_error=False)
        self.model = self.bearer.model
        self.scheme_name = self.bearer.scheme_name

    async def __call__(self, request: Request) -> User:
        token = await self.bearer(request)
        if token is None:
            raise unauthorized("Not authenticated")
        try:
            user_id = read_token(token, "access")
        except InvalidTokenError as error:
            raise unauthorized("Invalid or expired token") from error
        # A session of its own rather than the request's SessionDep: a generator dependency costs
        # more than the query itself. The user comes back detached, with its columns loaded.
        async with session_factory() as session:
            user = await get_user(session, user_id)
        if user is None:
            raise unauthorized("Invalid or expired token")
        return user


current_user = BearerTokenUser("/auth/token")
CurrentUser = Annotated[User, Depends(current_user)]
