from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """The site's name, for page titles and the header."""
    return {"site_name": settings.SITE_NAME}
