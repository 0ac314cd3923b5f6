"""The Celery app: `celery -A config worker` runs tasks, `celery -A config beat` schedules them."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("config")
# Every CELERY_* Django setting configures Celery (CELERY_BROKER_URL becomes broker_url).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
