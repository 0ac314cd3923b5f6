"""Security headers on every answer, the JSON and the HTML documentation pages alike."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No other site may frame a page of this app (/docs inside a foreign page would be
# clickjacking), nor a browser guess a type the answer does not declare. No `default-src`: the
# documentation pages load Swagger UI and ReDoc from their CDN, as FastAPI serves them.
SECURITY_HEADERS = [
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeadersMiddleware:
    """A plain ASGI middleware, like RequestIdMiddleware: one list extended per response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)
