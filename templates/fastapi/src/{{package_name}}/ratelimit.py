"""Rate limits (SlowAPI), counted in Redis when it is configured, in memory otherwise."""

from slowapi import Limiter
from slowapi.util import get_remote_address

from .config import settings

limiter = Limiter(
    key_func=get_remote_address,
    storage_uri=settings.redis_url or "memory://",
    # Adds X-RateLimit-* headers, and Retry-After to every 429.
    headers_enabled=True,
)
