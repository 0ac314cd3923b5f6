"""Generate production-ready Django, FastAPI and Flask projects, and keep them updatable."""

__version__ = "0.2.0"
