from typing import Literal

from pydantic import BaseModel


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    # The OAuth2 token type, not a secret.
    token_type: Literal["bearer"] = "bearer"  # noqa: S105


class RefreshRequest(BaseModel):
    refresh_token: str
