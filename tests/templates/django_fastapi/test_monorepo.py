"""Slow tier: the django+fastapi project's two apps on one database, checked and served for real."""

import json
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scaffold.frameworks import PARTS, Framework
from tests.templates.deployment import DOMAIN, Site, running_site
from tests.templates.projects import project_env, run, tool

pytestmark = pytest.mark.slow

FOLDERS = list(PARTS[Framework.DJANGO_FASTAPI])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.mark.parametrize("folder", FOLDERS)
@pytest.mark.parametrize(
    "command",
    [["ruff", "check"], ["ruff", "format", "--check"], ["mypy"]],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_each_app_passes_its_quality_gate(monorepo: Path, folder: str, command: list[str]) -> None:
    """Each app's code passes its own linters and type checker."""
    run([tool(monorepo / folder, command[0]), *command[1:]], cwd=monorepo / folder)


@pytest.mark.parametrize("folder", FOLDERS)
def test_each_apps_tests_pass_on_postgresql_and_redis(
    monorepo: Path, folder: str, database: str, redis_url: str
) -> None:
    """Each app's own tests pass on PostgreSQL and Redis; the API's include the check that its
    models match the tables Django's migrations make."""
    env = project_env(DATABASE_URL=database, REDIS_URL=redis_url)

    output = run(
        [tool(monorepo / folder, "pytest"), "-q", "-p", "no:cacheprovider"], monorepo / folder, env
    )

    assert " passed" in output


@pytest.fixture
def site(monorepo: Path, database: str, redis_url: str, tmp_path: Path) -> Iterator[Site]:
    with running_site(monorepo, Framework.DJANGO_FASTAPI, database, redis_url, tmp_path) as site:
        yield site


class Browser:
    """curl with a cookie jar, posting forms the way a browser does (CSRF token and Referer)."""

    def __init__(self, site: Site, jar: Path) -> None:
        self.site = site
        self.jar = str(jar)

    def get(self, path: str) -> str:
        return self.site.curl("-c", self.jar, "-b", self.jar, path).stdout

    def post_form(self, path: str, fields: dict[str, str]) -> str:
        token = CSRF.search(self.get(path))
        assert token, f"no CSRF token on {path}"
        fields = {"csrfmiddlewaretoken": token.group(1), **fields}
        data = [arg for item in fields.items() for arg in ("--data-urlencode", "=".join(item))]
        return self.site.curl(
            "-c",
            self.jar,
            "-b",
            self.jar,
            "-H",
            f"Referer: https://{DOMAIN}{path}",
            *data,
            path,
        ).stdout


def body(response: str) -> Any:
    return json.loads(response.split("\n\n", 1)[1])


def location(response: str) -> str:
    match = re.search(r"^location: (\S+)", response, re.MULTILINE | re.IGNORECASE)
    assert match, response[:500]
    return match.group(1)


def test_a_user_made_in_the_admin_reads_their_item_through_the_api(
    site: Site, tmp_path: Path
) -> None:
    """An admin adds a user (email typed with capitals) and an item in Django's admin; that user
    logs in to the API with the same email and password and reads the item, all through nginx."""
    admin_password, password = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    admin = site.project / "admin"
    run(
        [
            tool(admin, "python"),
            "manage.py",
            "createsuperuser",
            "--no-input",
            "--username",
            "root",
            "--email",
            "root@example.com",
        ],
        admin,
        project_env(**site.settings, DJANGO_SUPERUSER_PASSWORD=admin_password),
    )
    browser = Browser(site, tmp_path / "cookies")

    logged_in = browser.post_form(
        "/admin/login/", {"username": "root", "password": admin_password, "next": "/admin/"}
    )
    assert location(logged_in) == "/admin/"
    added_user = browser.post_form(
        "/admin/users/user/add/",
        {
            "username": "ada",
            "email": "Ada@Example.com",
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )
    user_id = re.fullmatch(r"/admin/users/user/(\d+)/change/", location(added_user))
    assert user_id, location(added_user)
    added_item = browser.post_form(
        "/admin/items/item/add/",
        {"owner": user_id.group(1), "title": "Milk", "description": "Two litres"},
    )
    assert location(added_item) == "/admin/items/item/"

    token = site.curl(
        "--data-urlencode",
        "username=ada@example.com",
        "--data-urlencode",
        f"password={password}",
        "/api/auth/token",
    ).stdout
    assert token.startswith("HTTP/2 200"), token[:300]
    access = body(token)["access_token"]
    bearer = f"Authorization: Bearer {access}"
    listed = body(site.curl("-H", bearer, "/api/items").stdout)["items"]
    item = site.curl("-H", bearer, f"/api/items/{listed[0]['id']}").stdout

    assert [entry["title"] for entry in listed] == ["Milk"]
    assert item.startswith("HTTP/2 200"), item[:300]
    assert body(item)["description"] == "Two litres"


def test_the_admins_static_files_are_served_by_nginx(site: Site) -> None:
    """Django's collected static files (the admin's CSS) come from nginx, with a long expiry."""
    response = site.curl("/static/admin/css/base.css").stdout

    assert response.startswith("HTTP/2 200")
    assert "cache-control: max-age=2592000" in response


def test_the_apis_docs_work_under_its_prefix(site: Site) -> None:
    """Through nginx, /api/ redirects to the API's Swagger UI at /api/docs, which loads its
    files from the API under the same prefix."""
    home = site.curl("/api/").stdout
    docs = site.curl("/api/docs").stdout
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs)

    assert location(home) == "/api/docs"
    assert assets
    for url in assets:
        assert url.startswith("/api/static-offline-docs/"), url
        status = site.curl("--output", "/dev/null", "--write-out", "%{http_code}", url).stdout
        assert status == "200", url
