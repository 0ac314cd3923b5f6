"""Slow tier: the FastAPI stack for real: migrations, Uvicorn, an Arq worker, Schemathesis, and
the docs in headless Chromium."""

import secrets
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page

from scaffold.frameworks import Framework
from tests.services import free_port, fresh_database
from tests.templates.browsing import hosts, record_requests
from tests.templates.conftest import InstalledProject
from tests.templates.fastapi.conftest import PASSWORD, sign_up
from tests.templates.projects import (
    PACKAGE,
    background,
    project_env,
    run,
    schemathesis,
    server,
    tool,
)

pytestmark = pytest.mark.slow

# Schemathesis's checks, all of them but these two, each for what it found:
# - allow_header_conformance: Starlette answers a 405 with the Allow header of the first route
#   whose path matches (`OPTIONS /items` gets `Allow: GET`, not `GET, POST`): a framework
#   limitation, harmless to clients, which don't rely on Allow;
# - positive_data_acceptance: email-validator refuses addresses at special-use domains
#   (`a@b.test`), which the schema's `format: email` admits: that 422 is on purpose.
EXCLUDED_CHECKS = ["allow_header_conformance", "positive_data_acceptance"]
# The project's tests that run a real Arq worker on Redis: the job queue's, and the example's job.
ARQ_WORKER_TESTS = [
    "test_jobs.py::test_with_redis_a_job_waits_for_an_arq_worker",
    "items/test_api.py::test_a_new_item_is_processed_by_an_arq_worker",
]


@dataclass(frozen=True)
class LiveApp:
    project: Path
    url: str
    env: dict[str, str]

    def sign_up(self, email: str) -> dict[str, str]:
        return sign_up(self.url, email)


@pytest.fixture(scope="module")
def project(installed_project: InstalledProject) -> Path:
    return installed_project(Framework.FASTAPI)


@pytest.fixture(scope="module")
def live_app(project: Path, postgres_url: str, redis_url: str) -> Iterator[LiveApp]:
    """Uvicorn serving the project on a migrated PostgreSQL database, with Redis."""
    with fresh_database(postgres_url) as database:
        env = project_env(
            DATABASE_URL=database,
            REDIS_URL=redis_url,
            # Schemathesis registers and logs in many times; the limits are the project's tests'.
            REGISTER_RATE_LIMIT="10000/minute",
            LOGIN_RATE_LIMIT="10000/minute",
            # A queue of this run's own: earlier runs' leftover jobs must not reach its worker.
            JOB_QUEUE=f"arq:scaffold-test:{secrets.token_hex(4)}",
        )
        run([tool(project, "alembic"), "upgrade", "head"], cwd=project, env=env)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        args = [tool(project, "uvicorn"), f"{PACKAGE}.main:app", "--port", str(port)]
        with server(args, cwd=project, env=env, url=f"{url}/health"):
            yield LiveApp(project, url, env)


def test_project_tests_pass_with_postgres_and_redis(
    project: Path, database: str, redis_url: str
) -> None:
    """The project's own tests pass on PostgreSQL with Redis, the Arq worker tests included."""
    output = run(
        [tool(project, "pytest"), "-v", "-p", "no:cacheprovider"],
        cwd=project,
        env=project_env(DATABASE_URL=database, REDIS_URL=redis_url),
    )

    assert all(f"{test} PASSED" in output for test in ARQ_WORKER_TESTS)


def test_project_tests_start_their_own_redis_without_redis_url(project: Path) -> None:
    """Without REDIS_URL, the Arq worker tests run against a Redis the tests start: none skip."""
    output = run(
        [tool(project, "pytest"), "-v", "-rs", "-p", "no:cacheprovider"],
        cwd=project,
        env=project_env(),
    )

    assert all(f"{test} PASSED" in output for test in ARQ_WORKER_TESTS)
    assert "SKIPPED" not in output


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_migrations_leave_no_drift(
    project: Path, postgres_url: str, tmp_path: Path, backend: str
) -> None:
    """`alembic upgrade head` on an empty database, then `alembic check` finds nothing to add."""
    with fresh_database(postgres_url) as database:
        url = database if backend == "postgresql" else f"sqlite:///{tmp_path / 'app.sqlite3'}"
        env = project_env(DATABASE_URL=url)
        run([tool(project, "alembic"), "upgrade", "head"], cwd=project, env=env)

        output = run([tool(project, "alembic"), "check"], cwd=project, env=env)

    assert "No new upgrade operations detected" in output


def test_user_creates_and_reads_an_item_over_http(live_app: LiveApp) -> None:
    """Register, log in, create an item and read it back from the running server."""
    auth = live_app.sign_up("ada@example.com")

    created = httpx.post(f"{live_app.url}/items", json={"title": "Lamp"}, headers=auth)
    read = httpx.get(f"{live_app.url}/items/{created.json()['id']}", headers=auth)
    me = httpx.get(f"{live_app.url}/users/me", headers=auth)

    assert created.status_code == 201
    assert read.json()["title"] == "Lamp"
    assert me.json()["email"] == "ada@example.com"


def test_racing_registrations_make_one_account(live_app: LiveApp) -> None:
    """Registrations for one email at the same moment: one account, every other answer 409."""
    body = {"email": "twin@example.com", "password": PASSWORD}

    def register(_: int) -> int:
        return httpx.post(f"{live_app.url}/auth/register", json=body, timeout=60).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(register, range(8)))

    assert statuses == [201] + [409] * 7


def test_arq_worker_runs_the_queued_job(live_app: LiveApp) -> None:
    """The job a create queues waits in Redis until a real `arq` worker process runs it."""
    auth = live_app.sign_up("grace@example.com")
    item_id = httpx.post(f"{live_app.url}/items", json={"title": "Desk"}, headers=auth).json()["id"]
    item_url = f"{live_app.url}/items/{item_id}"
    queued = httpx.get(item_url, headers=auth).json()["processed_at"]

    worker = [tool(live_app.project, "arq"), f"{PACKAGE}.worker.WorkerSettings"]
    with background(
        worker,
        live_app.project,
        live_app.env,
        ready=lambda log: "Starting worker" in log.read_text(),
        log_name="worker.log",
    ) as log:
        deadline = time.monotonic() + 60
        while (processed := httpx.get(item_url, headers=auth).json()["processed_at"]) is None:
            assert time.monotonic() < deadline, f"job not run:\n{log.read_text()}"
            time.sleep(0.2)

    assert queued is None
    assert processed is not None
    assert f"process_item({item_id})" in log.read_text()


def test_api_conforms_to_its_openapi_schema(live_app: LiveApp, tmp_path: Path) -> None:
    """Schemathesis, all checks and every phase (stateful included), as two users whose items
    must stay private to each other: no 5xx, no answer outside the schema, no object of one
    user readable by the other."""
    users = {name: live_app.sign_up(f"{name}@example.com") for name in ("alice", "bob")}

    result = schemathesis(f"{live_app.url}/openapi.json", users, tmp_path, EXCLUDED_CHECKS)

    assert result.returncode == 0, result.stdout + result.stderr


# The address the browser knows the app by: a domain, as in production (Chromium sends nothing for
# 127.0.0.1 through a proxy).
SITE = "http://api.example.test"


@pytest.fixture
def requested() -> list[str]:
    """Every URL the test's page asked for, less what its Content-Security-Policy refused (the
    browser stops that before it is sent)."""
    return []


@pytest.fixture
def page(browser: Browser, live_app: LiveApp, requested: list[str]) -> Iterator[Page]:
    """A page on the live app at SITE. The app is also the browser's proxy: whatever the page
    asks of any host reaches the app, and nothing leaves this machine."""
    context = browser.new_context(base_url=SITE, proxy={"server": live_app.url})
    page = context.new_page()
    record_requests(page, requested)
    yield page
    context.close()


@pytest.mark.parametrize(
    ("path", "operation"),
    [("/docs", ".opblock-summary-path"), ("/redoc", "[data-section-id^='operation/']")],
    ids=["swagger-ui", "redoc"],
)
def test_the_docs_render_with_nothing_from_another_host(
    page: Page, requested: list[str], path: str, operation: str
) -> None:
    """Swagger UI and ReDoc draw the API's operations from the app's own files: no request goes
    to another host, so the docs work offline."""
    page.goto(path)
    page.locator(operation, has_text="/items").first.wait_for()

    assert hosts(requested) == {urlsplit(SITE).hostname}, requested


def test_the_root_redirects_to_swagger_ui(page: Page) -> None:
    """A browser opening the API's address lands on its interactive docs."""
    page.goto("/")

    assert page.url == f"{SITE}/docs"


def test_swagger_uis_authorize_button_logs_in(page: Page, live_app: LiveApp) -> None:
    """Authorize (OAuth2's password flow, at /auth/token) in Swagger UI, then "Try it out" on
    GET /users/me: the request carries the token and answers with the signed-up user."""
    live_app.sign_up("hopper@example.com")
    page.goto("/docs")

    page.click("button.authorize")
    page.fill("#oauth_username", "hopper@example.com")
    page.fill("#oauth_password", PASSWORD)
    page.click(".auth-btn-wrapper button.authorize")
    page.locator(".auth-btn-wrapper button", has_text="Logout").wait_for()
    page.click("button.btn-done")
    me = page.locator("#operations-users-read_me_users_me_get")
    me.locator(".opblock-summary").click()
    me.locator("button.try-out__btn").click()
    me.locator("button.execute").click()
    status = me.locator(".live-responses-table .response .response-col_status")

    assert status.inner_text().strip() == "200"
    assert "hopper@example.com" in me.locator(".live-responses-table .response").inner_text()
