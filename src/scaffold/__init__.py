"""Generate production-ready Django, FastAPI and Flask projects, and keep them updatable."""

__version__ = "0.3.0.dev0"
