"""Background tasks. Each runs in the Flask app context (see `jobs.py`)."""

from celery import shared_task

from .extensions import db
from .models import Item


@shared_task
def count_words(item_id: int) -> int | None:
    """Store the number of words in an item's text; None if the item is gone meanwhile."""
    item = db.session.get(Item, item_id)
    if item is None:
        return None
    item.word_count = len(item.body.split())
    db.session.commit()
    return item.word_count
