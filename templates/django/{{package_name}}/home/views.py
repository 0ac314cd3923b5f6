from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..resources import RESOURCES


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The home page: sign up or log in, and once signed in a link to each resource's pages."""
    # Each resource's app holds its model, whose names its pages use too.
    resources = [next(apps.get_app_config(name).get_models())._meta for name in RESOURCES]
    return render(request, "home.html", {"resources": resources})
