"""Server-rendered pages. An htmx request gets only the part of the page it swaps."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from ..users.models import User
from .forms import ItemForm
from .selectors import item_list
from .services import item_create


class HtmxHttpRequest(HttpRequest):
    """A request as HtmxMiddleware leaves it, for the type checker."""

    htmx: HtmxDetails


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The home page: a welcome, and for a signed-in user their items with a form to add one."""
    context: dict[str, object] = {"form": ItemForm()}
    if request.user.is_authenticated:
        context["items"] = item_list(owner=request.user)
    return render(request, "items/home.html", context)


@login_required
@require_POST
def item_new(request: HtmxHttpRequest) -> HttpResponse:
    """Add an item from the form; htmx swaps in the refreshed list, a plain post is redirected."""
    user = cast(User, request.user)
    form = ItemForm(request.POST)
    if form.is_valid():
        item_create(owner=user, **form.cleaned_data)
        if not request.htmx:
            return redirect("home")
        form = ItemForm()
    context = {"form": form, "items": item_list(owner=user)}
    return render(request, "items/home.html#items", context)
