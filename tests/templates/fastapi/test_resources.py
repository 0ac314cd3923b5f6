"""Slow tier: `scaffold add resource` on a FastAPI project, for real: the project's checks with
the resources' own tests, their migrations on both databases, and their API over HTTP."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from uv import find_uv_bin

from scaffold.frameworks import Framework
from tests.services import free_port, fresh_database
from tests.templates.fastapi.conftest import sign_up
from tests.templates.projects import (
    PACKAGE,
    project_env,
    run,
    schemathesis,
    server,
    tool,
    with_resources,
)

pytestmark = pytest.mark.slow

# Every type and every modifier, owned; then a shared resource that refers to it, with a job.
PRODUCT = [
    "name:str:120:unique",
    "notes:text:optional",
    "stock:int:index",
    "price:decimal",
    "active:bool",
    "released:date",
    "published_at:datetime:optional",
    "contact:email",
    "website:url",
    "maker:ref:user",
]
REVIEW = ["title:str", "product:ref:Product", "rating:int:optional"]
# As the stack's own Schemathesis run excludes them (see test_stack.py), for the same reasons.
EXCLUDED_CHECKS = ["allow_header_conformance", "positive_data_acceptance"]


RESOURCES = (["Product", *PRODUCT], ["Review", *REVIEW, "--shared", "--job"])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return with_resources(
        tmp_path_factory.mktemp("fastapi-resources"), Framework.FASTAPI, *RESOURCES
    )


@dataclass(frozen=True)
class LiveApp:
    url: str

    def sign_up(self, email: str) -> dict[str, str]:
        return sign_up(self.url, email)

    def me(self, auth: dict[str, str]) -> int:
        user_id: int = httpx.get(f"{self.url}/users/me", headers=auth).json()["id"]
        return user_id


@pytest.fixture(scope="module")
def live_app(project: Path, postgres_url: str) -> Iterator[LiveApp]:
    """Uvicorn serving the project on a migrated PostgreSQL database."""
    with fresh_database(postgres_url) as database:
        env = project_env(
            DATABASE_URL=database,
            REGISTER_RATE_LIMIT="10000/minute",
            LOGIN_RATE_LIMIT="10000/minute",
        )
        run([tool(project, "alembic"), "upgrade", "head"], cwd=project, env=env)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        args = [tool(project, "uvicorn"), f"{PACKAGE}.main:app", "--port", str(port)]
        with server(args, cwd=project, env=env, url=f"{url}/health"):
            yield LiveApp(url)


def test_the_resources_are_registered(project: Path) -> None:
    """Each resource is a package of the project, named in its registry, in the order added
    (the example first, which `scaffold new` added)."""
    registry = (project / "src" / PACKAGE / "resources.py").read_text()
    packages = ("items", "products", "reviews")
    listed = "".join(f'    "{package}",\n' for package in packages)

    assert f"RESOURCES: list[str] = [\n{listed}]\n" in registry
    for package in packages:
        assert (project / "src" / PACKAGE / package / "router.py").is_file()
        assert (project / "tests" / package / "test_api.py").is_file()


@pytest.mark.parametrize(
    "check",
    [
        ["uv", "sync", "--locked", "--quiet"],
        ["ruff", "check"],
        ["ruff", "format", "--check"],
        ["mypy"],
    ],
    ids=" ".join,
)
def test_the_project_checks_pass(project: Path, check: list[str]) -> None:
    """The project's static checks pass with both resources in it, as its CI runs them."""
    args = [find_uv_bin() if check[0] == "uv" else tool(project, check[0]), *check[1:]]

    run(args, cwd=project)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_project_tests_pass(project: Path, postgres_url: str, backend: str) -> None:
    """The project's tests, the resources' own among them, pass on SQLite and on PostgreSQL."""
    pytest_args = [tool(project, "pytest"), "-v", "-p", "no:cacheprovider"]
    if backend == "postgresql":
        with fresh_database(postgres_url) as database:
            output = run(pytest_args, cwd=project, env=project_env(DATABASE_URL=database))
    else:
        output = run(pytest_args, cwd=project)

    for test in (
        "products/test_api.py::test_create_then_read",
        "reviews/test_api.py::test_everyone_lists_and_reads_every_review",
        "reviews/test_api.py::test_a_new_review_is_processed_by_an_arq_worker",
    ):
        assert f"tests/{test} PASSED" in output
    assert "FAILED" not in output
    assert "SKIPPED" not in output


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_the_migrations_make_the_models_tables(
    project: Path, postgres_url: str, tmp_path: Path, backend: str
) -> None:
    """`alembic upgrade head` then `alembic check` finds nothing to add, and every revision,
    the resources' too, downgrades."""
    with fresh_database(postgres_url) as database:
        url = database if backend == "postgresql" else f"sqlite:///{tmp_path / 'app.sqlite3'}"
        env = project_env(DATABASE_URL=url)
        run([tool(project, "alembic"), "upgrade", "head"], cwd=project, env=env)

        output = run([tool(project, "alembic"), "check"], cwd=project, env=env)
        run([tool(project, "alembic"), "downgrade", "base"], cwd=project, env=env)

    assert "No new upgrade operations detected" in output


def test_a_user_works_with_their_products_over_http(live_app: LiveApp) -> None:
    """Create, list with a filter, read, update and delete a product on the running server;
    another user gets 404 for it every time."""
    ada, grace = live_app.sign_up("ada@example.com"), live_app.sign_up("grace@example.com")
    products = f"{live_app.url}/products"
    body = {
        "name": "Lamp",
        "stock": 3,
        "price": "19.9",
        "active": True,
        "released": "2026-11-01",
        "published_at": "2026-11-02T10:00:00+02:00",
        "contact": "shop@example.com",
        "website": "https://example.com",
        "maker_id": live_app.me(grace),
    }

    created = httpx.post(products, json=body, headers=ada)
    lamp = f"{products}/{created.json()['id']}"
    httpx.post(products, json=body | {"name": "Desk", "active": False}, headers=ada)
    listed = httpx.get(products, params={"active": "true"}, headers=ada)
    updated = httpx.patch(lamp, json={"stock": 5, "notes": "Brass"}, headers=ada)
    theirs = [httpx.request(method, lamp, json={}, headers=grace) for method in ("GET", "PATCH")]
    read = httpx.get(lamp, headers=ada)
    deleted = httpx.delete(lamp, headers=ada)

    assert created.status_code == 201, created.text
    assert created.json() | {"id": 0} == body | {
        "id": 0,
        "owner_id": live_app.me(ada),
        "notes": None,
        "price": "19.90",
        "published_at": "2026-11-02T08:00:00Z",
        "website": "https://example.com/",
    }
    assert [product["name"] for product in listed.json()["items"]] == ["Lamp"]
    assert (updated.json()["stock"], updated.json()["notes"]) == (5, "Brass")
    assert [response.status_code for response in theirs] == [404, 404]
    assert httpx.get(products, headers=grace).json()["total"] == 0
    assert read.json() == updated.json()
    assert deleted.status_code == 204
    assert httpx.get(lamp, headers=ada).status_code == 404


def test_everyone_reads_reviews_only_their_owner_changes_them(live_app: LiveApp) -> None:
    """A review of one's own product: another user lists and reads it, and gets 403 for a
    change; a review naming a product its author can't see is refused."""
    alan, edsger = live_app.sign_up("alan@example.com"), live_app.sign_up("edsger@example.com")
    product = {
        "name": "Chair",
        "stock": 1,
        "price": "5",
        "active": True,
        "released": "2026-11-01",
        "contact": "shop@example.com",
        "website": "https://example.com/chair",
        "maker_id": live_app.me(alan),
    }
    product_id = httpx.post(f"{live_app.url}/products", json=product, headers=alan).json()["id"]
    reviews = f"{live_app.url}/reviews"

    created = httpx.post(reviews, json={"title": "Sturdy", "product_id": product_id}, headers=alan)
    review = f"{reviews}/{created.json()['id']}"
    others = httpx.post(reviews, json={"title": "Mine?", "product_id": product_id}, headers=edsger)
    listed = httpx.get(reviews, params={"product_id": product_id}, headers=edsger)
    changed = httpx.patch(review, json={"title": "Wobbly"}, headers=edsger)
    deleted = httpx.delete(review, headers=edsger)

    assert created.status_code == 201, created.text
    assert others.status_code == 422
    assert [row["title"] for row in listed.json()["items"]] == ["Sturdy"]
    assert httpx.get(review, headers=edsger).json()["title"] == "Sturdy"
    assert (changed.status_code, deleted.status_code) == (403, 403)


def test_the_resources_conform_to_the_openapi_schema(live_app: LiveApp, tmp_path: Path) -> None:
    """Schemathesis, all checks and every phase, as two users whose products must stay private
    to each other: no 5xx, no answer outside the schema."""
    users = {name: live_app.sign_up(f"{name}@example.com") for name in ("barbara", "donald")}

    result = schemathesis(f"{live_app.url}/openapi.json", users, tmp_path, EXCLUDED_CHECKS)

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_django_fastapi_projects_api_maps_the_resources_django_makes(
    tmp_path: Path, postgres_url: str
) -> None:
    """In a django+fastapi project the API serves the same two resources over the tables Django's
    migrations make: its checks pass, and its tests (the schema comparison among them) on
    PostgreSQL."""
    project = with_resources(tmp_path, Framework.DJANGO_FASTAPI, *RESOURCES)
    api = project / "api"

    for check in (["ruff", "check"], ["ruff", "format", "--check"], ["mypy"]):
        run([tool(api, check[0]), *check[1:]], cwd=api)
    with fresh_database(postgres_url) as database:
        output = run(
            [tool(api, "pytest"), "-v", "-p", "no:cacheprovider"],
            cwd=api,
            env=project_env(DATABASE_URL=database),
        )

    assert "test_models_match_the_tables_djangos_migrations_make PASSED" in output
    assert "tests/reviews/test_api.py::test_create_then_read PASSED" in output
    assert "FAILED" not in output
