"""Slow tier: `scaffold add resource` in a Django project, end to end.

Two resources: an owned Product with every field type and modifier, and a shared OrderLine that
refers to it. The project's own checks pass with them on SQLite and on PostgreSQL, their
migrations leave no drift, their pages need no CSS rebuild, and the production server (Gunicorn)
serves their API to sessions logged in through allauth, and their pages to headless Chromium.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page

from scaffold.frameworks import Framework
from tests.services import free_port, fresh_database
from tests.templates.django.conftest import Site, production_env
from tests.templates.django.test_browser import log_in
from tests.templates.django.test_css import BUILD_INPUTS, BUILT
from tests.templates.django.test_live import (
    EXCLUDED_CHECKS,
    browser_like_client,
    new_account,
    session_headers,
    submit,
)
from tests.templates.projects import (
    PACKAGE,
    built_css,
    project_env,
    run,
    schemathesis,
    server,
    tool,
    with_resources,
)

pytestmark = pytest.mark.slow

PRODUCT = [
    "name:str:120:unique",
    "description:text:optional",
    "quantity:int:index",
    "price:decimal",
    "in_stock:bool",
    "released_on:date",
    "ends_at:datetime:optional",
    "contact:email",
    "website:url",
    "assignee:ref:user",
]
ORDER_LINE = [
    "product:ref:Product",
    "amount:int",
    "note:str:optional",
    "code:str:20:optional:unique",
]
PASSWORD = "a-long-test-password"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return with_resources(
        tmp_path_factory.mktemp("django-resources"),
        Framework.DJANGO,
        ["Product", *PRODUCT],
        ["OrderLine", *ORDER_LINE, "--shared"],
    )


def manage(project: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return run([tool(project, "python"), "manage.py", *args], project, env or project_env())


def test_the_resources_are_wired_in(project: Path) -> None:
    """Their apps are in the registry the settings and URLs read, with their tests beside them."""
    registry = (project / PACKAGE / "resources.py").read_text()

    assert '    "products",\n    "order_lines",\n]' in registry
    for part in ("products/api/views.py", "order_lines/migrations/0001_initial.py"):
        assert (project / PACKAGE / part).is_file()
    assert (project / "tests/order_lines/factories.py").is_file()
    assert (project / "templates/products/list.html").is_file()


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check"],
        ["ruff", "format", "--check"],
        ["mypy"],
        ["djlint", "templates", "--check", "--lint"],
    ],
    ids=["ruff-check", "ruff-format", "mypy", "djlint"],
)
def test_the_project_passes_its_checks(project: Path, command: list[str]) -> None:
    """The generated code passes the project's own linters, formatter and type checker."""
    run([tool(project, command[0]), *command[1:]], project)


def test_the_project_tests_pass_on_sqlite(project: Path) -> None:
    """The project's tests, the resources' own among them, pass on the SQLite default; migrate
    applies the resources' migrations, which match their models."""
    output = run([tool(project, "pytest"), "-q", "-p", "no:cacheprovider"], project)
    manage(project, "makemigrations", "--check", "--dry-run")
    manage(project, "migrate", "--no-input")

    assert re.search(r"\d+ passed", output)
    assert "products" in manage(project, "showmigrations", "products", "order_lines")


def test_the_project_tests_pass_on_postgres(project: Path, database: str) -> None:
    """Pointed at PostgreSQL, the tests pass, and the migrations apply and leave no drift."""
    env = project_env(DATABASE_URL=database)
    output = run([tool(project, "pytest"), "-q", "-p", "no:cacheprovider"], project, env)
    manage(project, "migrate", "--no-input", env=env)
    manage(project, "makemigrations", "--check", "--dry-run", env=env)

    assert re.search(r"\d+ passed", output)


def test_the_pages_need_no_css_rebuild(project: Path, tmp_path: Path) -> None:
    """The resources' pages use only classes the shipped CSS has: `make css` with their templates
    rebuilds static/css/app.css byte for byte."""
    assert built_css(project, tmp_path, BUILD_INPUTS, BUILT) == (project / BUILT).read_text()


@pytest.fixture(scope="module")
def site(project: Path, postgres_url: str) -> Iterator[Site]:
    """Gunicorn with the production settings on a fresh PostgreSQL database, migrated. Without
    REDIS_URL the items' job runs inline."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with fresh_database(postgres_url) as database:
        env = production_env(url, database)
        manage(project, "migrate", "--no-input", env=env)
        manage(project, "collectstatic", "--no-input", env=env)
        with server(
            [tool(project, "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"],
            project,
            env,
            url=f"{url}/health",
        ):
            yield Site(url, project, env, project / "server.log", project / "server.log")


@pytest.fixture(scope="module")
def accounts(site: Site) -> dict[str, int]:
    """Two confirmed accounts, ada and bob, made the way an operator would; their ids."""
    output = manage(
        site.project,
        "shell",
        "-c",
        "from allauth.account.models import EmailAddress\n"
        "from django.contrib.auth import get_user_model\n"
        "for name in ('ada', 'bob'):\n"
        "    email = name + '@example.com'\n"
        f"    user = get_user_model().objects.create_user(name, email, {PASSWORD!r})\n"
        "    EmailAddress.objects.create(user=user, email=user.email, verified=True)\n"
        "    print(name, user.pk)",
        env=site.env,
    )
    return {name: int(pk) for name, pk in re.findall(r"^(ada|bob) (\d+)$", output, re.MULTILINE)}


class Session:
    """A client logged in through allauth's log-in page, writing with its CSRF token."""

    def __init__(self, site: Site, name: str) -> None:
        self.client = browser_like_client(site)
        response = submit(
            self.client, "/accounts/login/", {"login": f"{name}@example.com", "password": PASSWORD}
        )
        assert response.status_code == 302, response.text
        self.token = self.client.cookies["csrftoken"]

    def __call__(self, method: str, path: str, json: object = None) -> httpx.Response:
        headers = {"X-CSRFToken": self.token}
        return self.client.request(method, f"/api/{path}", headers=headers, json=json)


@pytest.fixture(scope="module")
def ada(site: Site, accounts: dict[str, int]) -> Iterator[Session]:
    session = Session(site, "ada")
    yield session
    session.client.close()


@pytest.fixture(scope="module")
def bob(site: Site, accounts: dict[str, int]) -> Iterator[Session]:
    session = Session(site, "bob")
    yield session
    session.client.close()


def product(name: str, assignee: int, **fields: object) -> dict[str, object]:
    """A product's JSON: every required field, and `fields`."""
    return {
        "name": name,
        "quantity": 3,
        "price": "12.50",
        "released_on": "2026-11-01",
        "contact": "shop@example.com",
        "website": "https://example.com/",
        "assignee": assignee,
        **fields,
    }


def test_the_api_serves_the_owned_resource(
    site: Site, accounts: dict[str, int], ada: Session, bob: Session
) -> None:
    """Ada creates, lists (filtered, ordered), changes and reads her products; Bob sees none of
    them; bad input is a 400, never a 500; anonymous and token-less writes are refused."""
    with browser_like_client(site) as anonymous:
        assert anonymous.get("/api/products/").status_code == 403
    assert (
        ada.client.post("/api/products/", json=product("No token", accounts["ada"])).status_code
        == 403
    )

    teapot = ada("POST", "products/", json=product("Teapot", accounts["ada"], in_stock=True))
    cup = ada("POST", "products/", json=product("Cup", accounts["ada"], price="4.00"))
    assert teapot.status_code == cup.status_code == 201, teapot.text + cup.text
    assert ada("POST", "products/", json=product("Cup", accounts["ada"])).status_code == 400

    def names(query: str) -> list[str]:
        response = ada("GET", f"products/?{query}")
        assert response.status_code == 200, response.text
        return [row["name"] for row in response.json()["results"]]

    assert names("ordering=price") == ["Cup", "Teapot"]
    assert names("ordering=-price") == ["Teapot", "Cup"]
    assert names("in_stock=true") == ["Teapot"]
    assert names("released_on=2026-11-01&ordering=name") == ["Cup", "Teapot"]
    for query in ("ordering=owner__password", "quantity=many", "price=NaN", "ends_at=noon"):
        assert ada("GET", f"products/?{query}").status_code == 400, query

    url = f"products/{teapot.json()['id']}/"
    assert ada("PATCH", url, json={"price": "13.00"}).json()["price"] == "13.00"
    assert (
        ada(
            "PUT", url, json=product("Teapot", accounts["ada"], ends_at="2026-12-31T18:30:00Z")
        ).status_code
        == 200
    )
    for method in ("GET", "PATCH", "PUT", "DELETE"):
        assert bob(method, url, json={}).status_code == 404, method
    assert bob("GET", "products/").json()["count"] == 0
    assert ada("GET", url).json()["ends_at"] == "2026-12-31T18:30:00Z"


def test_the_api_serves_the_shared_resource(
    accounts: dict[str, int], ada: Session, bob: Session
) -> None:
    """Ada's order lines refer to her own products only; Bob reads them but can't change them."""
    mine = ada("POST", "products/", json=product("Kettle", accounts["ada"])).json()["id"]
    line = ada("POST", "order-lines/", json={"product": mine, "amount": 2, "code": ""})
    assert line.status_code == 201, line.text
    # An empty unique code is no code: a second one is no clash.
    assert ada("POST", "order-lines/", json={"product": mine, "amount": 1, "code": ""}).is_success
    url = f"order-lines/{line.json()['id']}/"

    assert bob("POST", "order-lines/", json={"product": mine, "amount": 1}).status_code == 400
    assert bob("GET", url).json()["amount"] == 2
    assert bob("PATCH", url, json={"amount": 9}).status_code == 403
    assert bob("DELETE", url).status_code == 403
    assert bob("GET", f"order-lines/?product={mine}").json()["count"] == 2
    assert ada("DELETE", url).status_code == 204
    assert ada("GET", url).status_code == 404


def test_the_api_conforms_to_its_openapi_schema(site: Site, tmp_path: Path) -> None:
    """Schemathesis on the schema with the resources in it, as the project's own live test runs it:
    two users whose rows stay private to each other, no 5xx, no answer outside the schema."""
    users = {name: session_headers(site, new_account(site)) for name in ("alice", "bob")}
    proxied = {"X-Forwarded-Proto": "https", "Origin": site.url}

    result = schemathesis(f"{site.url}/api/schema/", users, tmp_path, EXCLUDED_CHECKS, proxied)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def page(browser: Browser, site: Site, accounts: dict[str, int]) -> Iterator[Page]:
    context = browser.new_context(
        base_url=site.url, extra_http_headers={"X-Forwarded-Proto": "https"}
    )
    page = context.new_page()
    log_in(page, "ada@example.com", PASSWORD)
    yield page
    context.close()


def test_the_pages_create_and_edit_through_the_forms(page: Page) -> None:
    """A product made through the form (its error swapped in by htmx first, without a reload),
    shown, edited, and picked for an order line; then deleted through its confirmation page."""
    page.goto("/products/new")
    page.evaluate("window.notReloaded = true")
    page.fill("input[name=name]", "Sled")
    page.fill("input[name=quantity]", "7")
    page.fill("input[name=price]", "9.99")
    page.check("input[name=in_stock]")
    page.fill("input[name=released_on]", "2026-12-24")
    page.fill("input[name=ends_at]", "2026-12-31T18:30")
    # The browser takes an address without a dot in its domain; Django's validation does not.
    page.fill("input[name=contact]", "elf@example")
    page.fill("input[name=website]", "https://example.com/sled")
    page.select_option("select[name=assignee]", label="bob")
    page.click("#form button[type=submit]")
    page.locator("#form", has_text="Enter a valid email address.").wait_for()
    assert page.evaluate("window.notReloaded") is True

    page.fill("input[name=contact]", "elf@example.com")
    page.click("#form button[type=submit]")
    page.wait_for_url(re.compile(r"/products/\d+$"))
    detail = page.url
    assert page.locator("h1").inner_text() == "Sled"
    assert page.locator("a[href='mailto:elf@example.com']").is_visible()

    page.goto(f"{detail}/edit")
    assert page.input_value("input[name=ends_at]") == "2026-12-31T18:30"
    page.fill("input[name=price]", "11.50")
    page.click("#form button[type=submit]")
    page.wait_for_url(detail)
    assert "11.50" in page.locator("dl").inner_text()

    page.goto("/order-lines/new")
    page.select_option("select[name=product]", label="Sled")
    page.fill("input[name=amount]", "2")
    page.click("#form button[type=submit]")
    page.wait_for_url(re.compile(r"/order-lines/\d+$"))
    assert "Sled" in page.locator("dl").inner_text()

    page.goto(f"{detail}/delete")
    page.click("form button:has-text('Delete')")
    page.wait_for_url("**/products/")
    assert "Sled" not in page.locator("#rows").inner_text()
