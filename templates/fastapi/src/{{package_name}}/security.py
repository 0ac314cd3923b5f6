"""The security headers every answer carries, the JSON and the HTML documentation pages alike
(RequestIdMiddleware adds them, in the one pass it makes over each response)."""

# No other site may frame a page of this app (/docs inside a foreign page would be
# clickjacking), nor a browser guess a type the answer does not declare. No `default-src`: the
# documentation pages load Swagger UI and ReDoc from their CDN, as FastAPI serves them.
SECURITY_HEADERS = (
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)
