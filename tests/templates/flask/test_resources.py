"""Slow tier: `scaffold add resource` in a Flask project, end to end.

Two resources: an owned Product with every field type and modifier, and a shared Review that
refers to it. The project's own checks pass with them on SQLite and PostgreSQL, their migrations
leave no drift, and the live site (Gunicorn) serves their API and pages, the forms driven in
headless Chromium.
"""

import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
import pytest
from playwright.sync_api import Browser

from scaffold.frameworks import Framework
from tests.services import free_port, fresh_database
from tests.templates.browsing import VIEWPORTS
from tests.templates.projects import PACKAGE, project_env, run, server, tool, with_resources

pytestmark = pytest.mark.slow

FLASK = [f"--app={PACKAGE}"]
PASSWORD = "correct horse battery"
FORM_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
META_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')

PRODUCT = [
    "name:str:120:unique",
    "description:text:optional",
    "stock:int:index",
    "price:decimal",
    "active:bool",
    "released_on:date",
    "published_at:datetime:optional",
    "contact:email",
    "homepage:url",
    "maker:ref:user",
]
REVIEW = ["title:str", "product:ref:product", "helpful:bool:optional", "reviewer:ref:user:optional"]
TABLES = {"products", "reviews"}
DESKTOP, PHONE = VIEWPORTS["desktop"], VIEWPORTS["phone"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return with_resources(
        tmp_path_factory.mktemp("flask-resources"),
        Framework.FLASK,
        ["Product", *PRODUCT],
        ["Review", *REVIEW, "--shared"],
    )


def first_revision(project: Path) -> str:
    """The head the first resource added follows: the example's (`scaffold new` adds it)."""
    versions = project / "src" / PACKAGE / "migrations" / "versions"
    (products,) = versions.glob("*_products.py")
    match = re.search(r'^down_revision = "(\w+)"', products.read_text(), re.MULTILINE)
    assert match is not None
    return match.group(1)


def test_the_registry_lists_both_resources(project: Path) -> None:
    """After the example, `items`, that `scaffold new` adds."""
    registry = (project / "src" / PACKAGE / "resources.py").read_text()

    assert 'RESOURCES: list[str] = [\n    "items",\n    "products",\n    "reviews",\n]' in registry
    assert (project / ".copier/resources/products.yml").is_file()
    assert (project / ".copier/resources/reviews.yml").is_file()


def test_the_project_passes_its_checks_with_the_resources(project: Path) -> None:
    """Ruff, its formatter, mypy and the tests (the resources' own) pass on SQLite."""
    for check in (["ruff", "check"], ["ruff", "format", "--check"], ["mypy"]):
        run([tool(project, check[0]), *check[1:]], cwd=project)
    output = run([tool(project, "pytest"), "-q", "-p", "no:cacheprovider"], cwd=project)

    assert " passed" in output
    assert "failed" not in output


def test_the_resources_tests_pass_on_postgres(project: Path, database: str) -> None:
    pytest = [tool(project, "pytest"), "-q", "-p", "no:cacheprovider"]

    output = run(
        [*pytest, "tests/products", "tests/reviews"],
        cwd=project,
        env=project_env(DATABASE_URL=database),
    )

    assert " passed" in output
    assert "failed" not in output


def postgres_tables(url: str) -> set[str]:
    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {row[0] for row in rows}


def sqlite_tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {row[0] for row in rows}


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_the_migrations_match_the_models(
    project: Path, database: str, tmp_path: Path, engine: str
) -> None:
    """`flask db upgrade` makes the tables, `flask db check` finds no drift, and a downgrade
    to the project's own head drops them."""
    sqlite = tmp_path / "db.sqlite3"
    url = f"sqlite:///{sqlite}" if engine == "sqlite" else database
    env = project_env(DATABASE_URL=url)
    flask = [tool(project, "flask"), *FLASK, "db"]

    run([*flask, "upgrade"], cwd=project, env=env)
    output = run([*flask, "check"], cwd=project, env=env)
    tables = sqlite_tables(sqlite) if engine == "sqlite" else postgres_tables(url)
    run([*flask, "downgrade", first_revision(project)], cwd=project, env=env)
    after = sqlite_tables(sqlite) if engine == "sqlite" else postgres_tables(url)

    assert "No new upgrade operations detected" in output
    assert tables >= TABLES
    assert not after & TABLES


@pytest.fixture(scope="module")
def site(project: Path, postgres_url: str) -> Iterator[str]:
    """Gunicorn, as the project configures it, over a PostgreSQL database it migrated."""
    with fresh_database(postgres_url) as database:
        env = project_env(DATABASE_URL=database, SECRET_KEY=secrets.token_urlsafe(32))
        run([tool(project, "flask"), *FLASK, "db", "upgrade"], cwd=project, env=env)
        url = f"http://127.0.0.1:{free_port()}"
        gunicorn = [tool(project, "gunicorn"), f"{PACKAGE}.wsgi:app", "--workers=2"]
        bind = f"--bind={url.removeprefix('http://')}"
        with server([*gunicorn, bind], project, env, f"{url}/health"):
            yield url


@contextmanager
def signed_up(url: str, username: str) -> Iterator[httpx.Client]:
    """A client of the live site with `username` registered and logged in, and the CSRF token
    the API asks of its writes in its headers."""
    with httpx.Client(base_url=url, timeout=10) as client:
        match = FORM_TOKEN.search(client.get("/auth/register").text)
        assert match is not None
        form = {"username": username, "password": PASSWORD, "confirm": PASSWORD}
        response = client.post("/auth/register", data=form | {"csrf_token": match.group(1)})
        assert response.status_code == 302, response.text
        meta = META_TOKEN.search(client.get("/products/").text)
        assert meta is not None
        client.headers["X-CSRFToken"] = meta.group(1)
        yield client


def user_id(client: httpx.Client, username: str) -> int:
    """The id of `username`, from the choices of the product form."""
    form = client.get("/products/new").text
    match = re.search(rf'value="(\d+)"[^>]*>{re.escape(username)}<', form)
    assert match is not None, form
    return int(match.group(1))


def product(maker_id: int, **overrides: object) -> dict[str, object]:
    return {
        "name": f"Lamp {secrets.token_hex(3)}",
        "description": "A desk lamp",
        "stock": 3,
        "price": "19.90",
        "active": True,
        "released_on": "2026-03-01",
        "published_at": "2026-03-01T10:00:00+02:00",
        "contact": "ann@example.com",
        "homepage": "https://example.com/lamp",
        "maker_id": maker_id,
    } | overrides


def test_the_live_api_serves_both_resources(site: str) -> None:
    """Create, list, filter, order, read, change and delete, as two users."""
    username = f"ann-{secrets.token_hex(3)}"
    with signed_up(site, username) as ann:
        me = user_id(ann, username)
        ann.post("/api/products", json=product(me))
        created = ann.post("/api/products", json=product(me, stock=7))
        lamp = created.json()
        ann.post("/api/products", json=product(me, active=False, price=250))
        listed = ann.get("/api/products", params={"ordering": "-price", "limit": 2})
        filtered = ann.get("/api/products", params={"stock": 7})
        unknown = ann.get("/api/products", params={"ordering": "password"})
        changed = ann.patch(f"/api/products/{lamp['id']}", json={"price": "17.50"})
        invalid = ann.patch(f"/api/products/{lamp['id']}", json={"released_on": 7})
        review = ann.post("/api/reviews", json={"title": "Bright", "product_id": lamp["id"]})

        assert created.status_code == 201, created.text
        assert lamp["published_at"] == "2026-03-01T08:00:00+00:00"
        assert listed.json()["total"] == 3
        assert listed.json()["items"][0]["price"] == "250.00"
        assert [row["id"] for row in filtered.json()["items"]] == [lamp["id"]]
        assert unknown.status_code == 400
        assert changed.json()["price"] == "17.50"
        assert changed.json()["stock"] == 7
        assert invalid.status_code == 422
        assert review.status_code == 201, review.text

        with signed_up(site, f"bob-{secrets.token_hex(3)}") as bob:
            others_product = bob.get(f"/api/products/{lamp['id']}")
            others_review = bob.get(f"/api/reviews/{review.json()['id']}")
            refused = bob.patch(f"/api/reviews/{review.json()['id']}", json={"title": "Mine"})
            sneaky = bob.post("/api/reviews", json={"title": "Mine", "product_id": lamp["id"]})
            reviews_page = bob.get("/reviews/").text

            assert others_product.status_code == 404
            assert others_review.status_code == 200
            assert refused.status_code == 403
            assert sneaky.status_code == 422
            # The shared review names no product that only its owner may see.
            assert "(private)" in reviews_page
            assert lamp["name"] not in reviews_page

        deleted = ann.delete(f"/api/products/{lamp['id']}")
        assert deleted.status_code == 204
        assert ann.get(f"/api/products/{lamp['id']}").status_code == 404
    anonymous = httpx.get(f"{site}/api/products")
    assert anonymous.status_code == 401


def test_the_forms_create_and_edit_in_a_browser(site: str, browser: Browser) -> None:
    """Register, then create a product, edit it, review it and delete it, through the pages."""
    username = f"cat-{secrets.token_hex(3)}"
    context = browser.new_context(base_url=site, viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto("/auth/register")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.fill("input[name=confirm]", PASSWORD)
        page.click("main form button[type=submit]")
        page.click("nav a:text('Products')")
        page.click("text=New product")
        page.fill("input[name=name]", f"Chair {username}")
        page.fill("textarea[name=description]", "Four legs <b>and</b> a back")
        page.fill("input[name=stock]", "4")
        page.fill("input[name=price]", "49.5")
        page.check("input[name=active]")
        page.fill("input[name=released_on]", "2026-05-04")
        page.fill("input[name=published_at]", "2026-05-04T09:30")
        page.fill("input[name=contact]", "cat@example.com")
        page.fill("input[name=homepage]", "https://example.com/chair")
        page.select_option("select[name=maker_id]", label=username)
        page.click("main form button:text('Save')")
        page.wait_for_url("**/products/*")
        created = page.inner_text("main")
        detail = page.url
        # A phone's width: the list's table of every type scrolls inside its card, not the page.
        page.set_viewport_size(PHONE)
        page.goto("/products/")
        phone_width = page.evaluate("document.documentElement.scrollWidth")
        page.set_viewport_size(DESKTOP)
        page.goto(detail)

        page.click("text=Edit")
        shown_time = page.input_value("input[name=published_at]")
        page.fill("input[name=price]", "45")
        page.uncheck("input[name=active]")
        page.fill("input[name=homepage]", "javascript:alert(1)")
        page.click("main form button:text('Save')")
        refused = page.inner_text("main form")
        page.fill("input[name=homepage]", "https://example.com/chair-2")
        page.click("main form button:text('Save')")
        page.wait_for_url("**/products/*")
        edited = page.inner_text("main")

        page.click("nav a:text('Reviews')")
        page.click("text=New review")
        page.fill("input[name=title]", "Comfortable")
        page.select_option("select[name=product_id]", label=f"Chair {username}")
        page.click("main form button:text('Save')")
        page.wait_for_url("**/reviews/*")
        reviewed = page.inner_text("main")

        page.click("nav a:text('Products')")
        page.click(f"tr:has-text('Chair {username}') a:text('Show')")
        page.click("button:text('Delete')")
        page.wait_for_url("**/products/")
        after = page.inner_text("main")
    finally:
        context.close()

    assert "Product created." in created
    assert phone_width <= PHONE["width"]
    assert "49.50" in created
    assert "Four legs <b>and</b> a back" in created  # shown as text, escaped
    assert shown_time.startswith("2026-05-04")
    assert "Invalid URL." in refused
    assert "Product saved." in edited
    assert "45.00" in edited
    assert "https://example.com/chair-2" in edited
    assert "Review created." in reviewed
    assert f"Chair {username}" in reviewed
    assert "Product deleted." in after
    assert f"Chair {username}" not in after
