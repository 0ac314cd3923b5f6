"""The security headers every answer carries, the JSON and the HTML documentation pages alike
(RequestIdMiddleware adds them, in the one pass it makes over each response)."""

# No other site may frame a page of this app (/docs inside a foreign page would be
# clickjacking), nor a browser guess a type the answer does not declare. Images only from the app
# (and data: URLs, Swagger UI's icons): ReDoc asks Redocly's CDN for its logo otherwise, and the
# docs must need no other host. No `default-src`: the documentation pages run the inline scripts
# FastAPI writes into them.
SECURITY_HEADERS = (
    (b"content-security-policy", b"frame-ancestors 'none'; img-src 'self' data:"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)
