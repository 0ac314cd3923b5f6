"""The WSGI entry point: `gunicorn config.wsgi`."""

import os
from importlib import import_module

from django.conf import settings
from django.core.cache import caches
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# Django imports the URLconf (every view, allauth, DRF) and the cache backend on the first request
# that needs them, which takes most of a second. Import them now: Gunicorn's preload_app then does
# it once, in the master, and each worker it forks (at start, or after max_requests) is ready.
import_module(settings.ROOT_URLCONF)
caches.all()
