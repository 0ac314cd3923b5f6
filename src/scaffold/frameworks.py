"""The stacks `scaffold` generates."""

from dataclasses import dataclass
from enum import StrEnum


class Framework(StrEnum):
    DJANGO = "django"
    FASTAPI = "fastapi"
    FLASK = "flask"
    DJANGO_FASTAPI = "django+fastapi"


@dataclass(frozen=True)
class Stack:
    title: str
    summary: str
    web: str
    data: str
    jobs: str
    auth: str
    server: str


# Projects made of other stacks, one folder each: the folder and the stack it holds.
PARTS: dict[Framework, dict[str, Framework]] = {
    Framework.DJANGO_FASTAPI: {"admin": Framework.DJANGO, "api": Framework.FASTAPI},
}
SINGLE_STACKS = tuple(framework for framework in Framework if framework not in PARTS)


def project_folders(framework: Framework) -> tuple[str, ...]:
    """The folders of a project that are Python projects of their own (pyproject.toml, uv.lock)."""
    return tuple(PARTS.get(framework, {".": framework}))


@dataclass(frozen=True)
class ResourceLayout:
    """Where a stack's resources go: `{package}` stands for the project's package name."""

    packages: tuple[str, ...]  # the package folders; each holds a resources.py registry
    tests: tuple[str, ...] = ("tests",)  # the test folders, a package per resource in each
    revisions: str | None = None  # the Alembic versions folder, where the stack has Alembic


RESOURCE_LAYOUTS: dict[Framework, ResourceLayout] = {
    Framework.DJANGO: ResourceLayout(packages=("{package}",)),
    Framework.FASTAPI: ResourceLayout(packages=("src/{package}",), revisions="migrations/versions"),
    Framework.FLASK: ResourceLayout(
        packages=("src/{package}",), revisions="src/{package}/migrations/versions"
    ),
    # Django's migrations own the schema; the API maps the tables.
    Framework.DJANGO_FASTAPI: ResourceLayout(
        packages=("admin/{package}", "api/src/{package}"), tests=("admin/tests", "api/tests")
    ),
}


STACKS: dict[Framework, Stack] = {
    Framework.DJANGO: Stack(
        title="Django",
        summary="Full-stack apps: admin, forms, server-rendered pages",
        web="Django, DRF + drf-spectacular, django-htmx, template partials, Tailwind CSS",
        data="PostgreSQL (SQLite without one), Redis cache and sessions",
        jobs="Celery worker and beat",
        auth="django-allauth (email, social providers)",
        server="Gunicorn",
    ),
    Framework.FASTAPI: Stack(
        title="FastAPI",
        summary="Async APIs with generated OpenAPI docs",
        web="FastAPI, Pydantic 2, pydantic-settings, SlowAPI rate limiting",
        data="SQLAlchemy 2 async + asyncpg, Alembic (SQLite without PostgreSQL)",
        jobs="Arq on Redis (inline without Redis)",
        auth="JWT (PyJWT) with Argon2 password hashing",
        server="Uvicorn",
    ),
    Framework.FLASK: Stack(
        title="Flask",
        summary="Small, explicit apps and services",
        web="Flask 3 app factory and blueprints, Flask-WTF, Flask-Limiter rate limiting",
        data="SQLAlchemy 2 + Flask-Migrate (SQLite without PostgreSQL)",
        jobs="Celery (eager without a broker)",
        auth="Flask-Login",
        server="Gunicorn",
    ),
    Framework.DJANGO_FASTAPI: Stack(
        title="Django + FastAPI",
        summary="A Django admin and site beside a FastAPI public API, on one database",
        web="Django (admin, pages) in admin/, FastAPI (public API) in api/",
        data="One PostgreSQL database (SQLite without one); Django's migrations own the schema",
        jobs="Celery (Django side), Arq (API side)",
        auth="One user table: Django's Argon2 hashes, verified by the API to issue JWTs",
        server="Gunicorn (admin) and Uvicorn (API)",
    ),
}
