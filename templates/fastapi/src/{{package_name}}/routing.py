"""The route class of every router that reads a JSON body (see FastAPI's "Custom Request and
APIRoute class")."""

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute


def holds_lone_surrogate(value: Any) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return True
    return False


class StrictJSONRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            value = json.loads(body)
            # JSON can spell half of a UTF-16 surrogate pair ("\ud800"), which no UTF-8 text can
            # hold: not a column, a password hash, a token, nor the 422 that would echo it back.
            # FastAPI answers 400 to a body that fails to parse.
            if b"\\u" in body and holds_lone_surrogate(value):
                msg = "JSON holds an unpaired surrogate"
                raise ValueError(msg)
            self._json = value
        return self._json


class StrictJSONRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict_handler
