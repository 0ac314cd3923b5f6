"""The WSGI entry point: `gunicorn config.wsgi`."""

import gc
import os

from django.core.cache import caches
from django.core.wsgi import get_wsgi_application
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# Gunicorn imports this module once, in its master process (`preload_app`), and forks each worker
# from it, a fresh one every `max_requests`. So load here what Django would otherwise load on
# every new worker's first request: the URLconf with all its views (reversing a name imports it)
# and the cache backend (which connects only when first used).
reverse("health")
caches.all()
# Keep the garbage collector away from everything loaded so far: otherwise its first full pass in
# each worker touches every object, copying the pages the worker shares with the master.
gc.freeze()
