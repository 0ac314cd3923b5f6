from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import EmailStr, TypeAdapter, ValidationError

from ..config import settings
from ..database import SessionDep
from ..ratelimit import limiter
from ..routing import StrictJSONRoute
from ..schemas import BAD_REQUEST, TOO_MANY_REQUESTS, Message
from ..users.models import User
from ..users.schemas import UserCreate, UserRead
from ..users.service import EmailTakenError, create_user, get_user
from .dependencies import unauthorized
from .schemas import RefreshRequest, TokenPair
from .service import InvalidTokenError, authenticate, hash_password, issue_tokens, read_token

router = APIRouter(
    prefix="/auth",
    tags=["auth"],
    responses={status.HTTP_400_BAD_REQUEST: BAD_REQUEST},
    route_class=StrictJSONRoute,
)
EMAIL = TypeAdapter(EmailStr)


# SlowAPI needs the `request` argument to find the client, and `response` to add its headers.
@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserRead,
    responses={
        status.HTTP_409_CONFLICT: {"model": Message, "description": "The email is taken"},
        status.HTTP_429_TOO_MANY_REQUESTS: TOO_MANY_REQUESTS,
    },
)
@limiter.limit(lambda: settings.register_rate_limit)
async def register(
    request: Request, response: Response, body: UserCreate, session: SessionDep
) -> User:
    """Create an account."""
    hashed_password = await hash_password(body.password)
    try:
        return await create_user(session, email=body.email, hashed_password=hashed_password)
    except EmailTakenError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, "This email is already registered") from error


@router.post(
    "/token",
    responses={
        status.HTTP_401_UNAUTHORIZED: {"model": Message, "description": "Wrong email or password"},
        status.HTTP_429_TOO_MANY_REQUESTS: TOO_MANY_REQUESTS,
    },
)
@limiter.limit(lambda: settings.login_rate_limit)
async def log_in(
    request: Request,
    response: Response,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
) -> TokenPair:
    """Log in with the OAuth2 password flow (the email is the username)."""
    try:
        email = EMAIL.validate_python(form.username)
    except ValidationError:
        # Not an email, so no account: answer as for a wrong password.
        email = None
    user = email and await authenticate(session, email=email, password=form.password)
    if not user:
        raise unauthorized("Incorrect email or password")
    return issue_tokens(user)


@router.post(
    "/refresh",
    responses={
        status.HTTP_401_UNAUTHORIZED: {
            "model": Message,
            "description": "Invalid or expired refresh token",
        }
    },
)
async def refresh(body: RefreshRequest, session: SessionDep) -> TokenPair:
    """Trade a refresh token for a new pair of tokens."""
    try:
        user_id = read_token(body.refresh_token, "refresh")
    except InvalidTokenError as error:
        raise unauthorized("Invalid or expired refresh token") from error
    user = await get_user(session, user_id)
    if user is None:
        raise unauthorized("Invalid or expired refresh token")
    return issue_tokens(user)
