"""The Celery app: `celery -A config worker` runs tasks, `celery -A config beat` schedules them."""

import os

from celery import Celery

# Django loads this module first, whatever the entry point (`config/__init__.py` imports it), so its
# default is the deployed one, as in wsgi.py and asgi.py: only manage.py defaults to `local`.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("config")
# Every CELERY_* Django setting configures Celery (CELERY_BROKER_URL becomes broker_url).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
