"""Background jobs. Without a broker (no REDIS_URL) they run inline, in the caller's process."""

import logging

from celery import shared_task

from .selectors import item_count

logger = logging.getLogger(__name__)


@shared_task
def process_item(item_id: int) -> None:
    """Stamp a new item as processed: the place for slow work the request should not wait for."""
    # Imported here: the services queue this task, so a module-level import would be circular.
    from .services import item_mark_processed

    item_mark_processed(item_id=item_id)


@shared_task
def report_item_count() -> int:
    """Log how many items there are; Celery beat runs it every hour (CELERY_BEAT_SCHEDULE)."""
    count = item_count()
    logger.info("%d items", count)
    return count
