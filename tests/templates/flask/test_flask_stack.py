"""Slow tier: the Flask stack against real PostgreSQL, Redis, Gunicorn and a Celery worker."""

import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.templates.flask.conftest import FLASK, Site
from tests.templates.projects import project_env, run, tool

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def test_project_tests_pass_with_postgres_and_redis(
    project: Path, database: str, redis_url: str
) -> None:
    """With PostgreSQL and Redis, the project's tests pass, its real-worker test included."""
    output = run(
        [tool(project, "pytest"), "-q", "-p", "no:cacheprovider"],
        cwd=project,
        env=project_env(DATABASE_URL=database, REDIS_URL=redis_url),
    )

    assert " passed" in output
    assert "skipped" not in output


def test_migrations_make_the_schema_without_drift(project: Path, database: str) -> None:
    """`flask db upgrade` builds a fresh database, then `flask db check` finds no drift."""
    env = project_env(DATABASE_URL=database)

    run([tool(project, "flask"), *FLASK, "db", "upgrade"], cwd=project, env=env)
    output = run([tool(project, "flask"), *FLASK, "db", "check"], cwd=project, env=env)

    assert "No new upgrade operations detected" in output


def form_token(client: httpx.Client, path: str) -> str:
    """The CSRF token of the form on the page at `path`."""
    match = TOKEN.search(client.get(path).text)
    assert match is not None, f"no CSRF token in the form at {path}"
    return match.group(1)


def sign_up_and_log_in(client: httpx.Client, username: str) -> None:
    """Register `username`, log out, and log in again: each form posted with its CSRF token."""
    form = {"username": username, "password": PASSWORD, "confirm": PASSWORD}
    form["csrf_token"] = form_token(client, "/auth/register")
    response = client.post("/auth/register", data=form)
    assert response.status_code == 302, response.text
    client.post("/auth/logout", data={"csrf_token": form_token(client, "/items/")})

    form = {
        "username": username,
        "password": PASSWORD,
        "csrf_token": form_token(client, "/auth/login"),
    }
    response = client.post("/auth/login", data=form)
    assert response.headers["location"] == "/", response.text


@pytest.fixture
def client(site: Site) -> Iterator[httpx.Client]:
    """A browser-like client of the live site: it keeps cookies, follows no redirects."""
    with httpx.Client(base_url=site.url, timeout=10) as client:
        yield client


def test_a_visitor_registers_and_logs_in_with_the_forms_tokens(client: httpx.Client) -> None:
    """Register, log out and log in again, each form posted with its CSRF token."""
    sign_up_and_log_in(client, f"ada-{secrets.token_hex(3)}")

    home = client.get("/")
    response = client.get("/items/")

    assert 'href="/items/"' in home.text  # the example resource, listed on the home page
    assert response.status_code == 200
    assert ">Items</h1>" in response.text


def test_a_form_without_its_token_is_refused(client: httpx.Client) -> None:
    """The live site refuses a form posted without its CSRF token."""
    form = {"username": "mallory", "password": "x" * 10, "confirm": "x" * 10}

    response = client.post("/auth/register", data=form)

    assert response.status_code == 400


def test_the_worker_processes_a_new_item(site: Site, client: httpx.Client) -> None:
    """An item created through its form is processed by the Celery worker, not by the web
    process: its page waits for the worker until the task has set `processed_at`."""
    sign_up_and_log_in(client, f"grace-{secrets.token_hex(3)}")
    form = {
        "title": "Note",
        "description": "one two three",
        "csrf_token": form_token(client, "/items/new"),
    }
    created = client.post("/items/new", data=form)
    assert created.status_code == 302

    deadline = time.monotonic() + 30
    while (item := client.get("/api/items").json()["items"][0])["processed_at"] is None:
        assert time.monotonic() < deadline, (
            f"the worker ran no task:\n{site.worker_log.read_text()}"
        )
        time.sleep(0.2)

    assert item["title"] == "Note"
    assert "Waiting for the worker" not in client.get(created.headers["location"]).text
    assert "process_item" in site.worker_log.read_text()
