from fastapi import APIRouter, status

from ..auth.dependencies import CurrentUser
from ..schemas import NOT_AUTHENTICATED
from .models import User
from .schemas import UserRead

router = APIRouter(
    prefix="/users",
    tags=["users"],
    responses={status.HTTP_401_UNAUTHORIZED: NOT_AUTHENTICATED},
)


@router.get("/me", response_model=UserRead)
async def read_me(user: CurrentUser) -> User:
    """The user the access token belongs to."""
    return user
