"""The users' background jobs, found by the Celery app (config/celery.py) as every app's are."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def clear_expired_sessions() -> None:
    """Delete the sessions past their expiry, which Django's database backend otherwise keeps
    forever (its docs ask for `clearsessions` daily); Celery beat runs it (CELERY_BEAT_SCHEDULE)."""
    call_command("clearsessions")
