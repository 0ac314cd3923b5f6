"""Reads: every query the views and tasks make on items."""

from django.db.models import QuerySet

from ..users.models import User
from .models import Item


def item_list(
    *, owner: User, name_contains: str = "", processed: bool | None = None
) -> QuerySet[Item]:
    """The owner's items, newest first; optionally those whose name has a text, or by status."""
    items = Item.objects.filter(owner=owner)
    if name_contains:
        items = items.filter(name__icontains=name_contains)
    if processed is not None:
        items = items.filter(processed_at__isnull=not processed)
    return items


def item_count() -> int:
    return Item.objects.count()
