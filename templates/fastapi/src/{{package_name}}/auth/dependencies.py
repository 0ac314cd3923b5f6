from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer

from ..database import SessionFactoryDep
from ..users.models import User
from ..users.service import get_user
from .service import InvalidTokenError, read_token

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token")


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"}
    )


async def get_current_user(
    factory: SessionFactoryDep, token: Annotated[str, Depends(oauth2_scheme)]
) -> User:
    try:
        user_id = read_token(token, "access")
    except InvalidTokenError as error:
        raise unauthorized("Invalid or expired token") from error
    # A session of its own rather than the request's SessionDep: a generator dependency costs
    # more than the query itself. The user comes back detached, with its columns loaded.
    async with factory() as session:
        user = await get_user(session, user_id)
    if user is None:
        raise unauthorized("Invalid or expired token")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
