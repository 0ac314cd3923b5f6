"""Writes: every change to items goes through these functions."""

from functools import partial

from django.db import transaction
from django.utils import timezone

from ..users.models import User
from .models import Item
from .tasks import process_item


def item_create(*, owner: User, name: str, description: str = "") -> Item:
    """Create an item and queue its processing once the transaction has committed."""
    item = Item(owner=owner, name=name, description=description)
    item.full_clean()
    item.save()
    # A worker that picked the job up before the commit would not find the row.
    transaction.on_commit(partial(process_item.delay, item.pk))
    return item


def item_mark_processed(*, item_id: int) -> None:
    Item.objects.filter(pk=item_id, processed_at__isnull=True).update(processed_at=timezone.now())
