import pytest
from httpx import AsyncClient


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/health"])
async def test_answers_forbid_framing_and_type_sniffing(client: AsyncClient, path: str) -> None:
    """The documentation pages and the JSON answers say no other site may frame them."""
    response = await client.get(path)

    assert response.headers["Content-Security-Policy"] == (
        "frame-ancestors 'none'; img-src 'self' data:"
    )
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
