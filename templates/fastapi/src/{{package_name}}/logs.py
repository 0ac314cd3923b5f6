"""Structured logging: one JSON object per line, carrying the id of the request being served."""

import json
import logging
import re
import secrets
from collections.abc import Sequence
from contextvars import ContextVar
from datetime import UTC, datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
# An id a proxy or client already gave the request is kept, if it looks like one.
VALID_REQUEST_ID = re.compile(rb"[A-Za-z0-9._-]{1,64}")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    # Uvicorn's own loggers go through the same JSON handler, but for an access log that
    # `uvicorn --no-access-log` turned off (no handler, not propagating): it stays off.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        if logger.handlers or logger.propagate:
            logger.handlers.clear()
            logger.propagate = True


class RequestIdMiddleware:
    """Give each request an id, in the logs and in the `X-Request-ID` response header, and add
    `headers` (the security headers) to every response on the way.

    A plain ASGI middleware: Starlette's BaseHTTPMiddleware would cost every request a task.
    """

    def __init__(self, app: ASGIApp, headers: Sequence[tuple[bytes, bytes]] = ()) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Straight from ASGI's header pairs (names come lowercased): a Headers object costs more.
        given = next((value for name, value in scope["headers"] if name == b"x-request-id"), b"")
        current = given.decode() if VALID_REQUEST_ID.fullmatch(given) else secrets.token_hex(16)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                header = (b"x-request-id", current.encode())
                message["headers"] = [*message.get("headers", []), header, *self.headers]
            await send(message)

        token = request_id.set(current)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id.reset(token)
