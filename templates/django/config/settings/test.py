"""pytest: fast password hashing, emails kept in memory, tasks run inline."""

from .base import *  # noqa: F403
from .base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CELERY_TASK_ALWAYS_EAGER = True
# Templates link static files by name, and WhiteNoise looks them up per request: the tests need
# no `collectstatic`.
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# allauth keeps its rate limits in the cache, which outlives a test: one test must not throttle
# the next.
ACCOUNT_RATE_LIMITS = False
