"""Bodies shared by every domain: error messages, as the OpenAPI document describes them."""

from typing import Any

from pydantic import BaseModel


class Message(BaseModel):
    detail: str


class RateLimited(BaseModel):
    error: str


BAD_REQUEST: dict[str, Any] = {
    "model": Message,
    "description": "The body could not be parsed (not valid JSON or form data)",
}
NOT_AUTHENTICATED: dict[str, Any] = {
    "model": Message,
    "description": "Missing, invalid or expired access token",
}
TOO_MANY_REQUESTS: dict[str, Any] = {
    "model": RateLimited,
    "description": "Rate limit reached: retry after the seconds the `Retry-After` header gives",
}
