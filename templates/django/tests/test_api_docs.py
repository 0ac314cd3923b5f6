import re

import pytest
from django.test import Client
from django.urls import reverse

# An attribute that names a file by a full URL, on another site, rather than by a path on this one.
ELSEWHERE = re.compile(r'(?:src|href)="(?!/)')


@pytest.mark.parametrize("page", ["swagger-ui", "redoc"])
def test_the_api_docs_load_their_assets_from_this_site(client: Client, page: str) -> None:
    """Swagger UI and Redoc come from this site's static files (drf-spectacular-sidecar), not
    from a CDN: they work offline and within the site's Content Security Policy."""
    response = client.get(reverse(page))

    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/" in response.text
    assert ELSEWHERE.findall(response.text) == []
