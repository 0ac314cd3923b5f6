"""Benchmark: the generated Django app against a bare `django-admin startproject`, in one run.

Generates a project with `scaffold new`, installs it, and builds a baseline with the same Django
(its `startproject` settings and default middleware) holding the same two views: `/health` (one
`SELECT 1`) and a database-backed read of one page of items (a count and 20 rows, as JSON). Both
run under Gunicorn with one sync worker and the generated `gunicorn.conf.py`, on the same
PostgreSQL server (a database each) with persistent connections; the generated app also uses
Redis (cache, sessions) and its production settings.

The generated API read answers only a signed-in user, with that user's items; so does the
baseline's, doing the same as startproject would: its default database-backed session (a real
log-in cookie) names the user, and the view reads that user's page of items.
`wrk` loads each, alternating, from this machine.

Targets: the generated app's requests per second at least 0.8x the baseline's on /health and 0.7x
on the API read.

Usage: python -m bench.django_speed [--rounds N] [--seconds S]. Needs `wrk`, PostgreSQL and Redis
(SCAFFOLD_TEST_POSTGRES_URL, SCAFFOLD_TEST_REDIS_URL, or the local defaults). Prints a table;
writes bench/results/django_speed.json.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from uv import find_uv_bin

from bench.load import require_wrk, wrk
from tests.services import free_port, fresh_database
from tests.templates.projects import server

ROOT = Path(__file__).resolve().parents[1]

RESULTS = ROOT / "bench/results/django_speed.json"
TARGETS = {"health": 0.8, "api": 0.7}
ITEMS = 20

BASELINE_MODELS = '''from django.conf import settings
from django.db import models


class Item(models.Model):
    """The generated app's items table, in the baseline's own database."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    processed_at = models.DateTimeField(null=True)
'''

# Beside the generated app's own health view, copied into the baseline as it is.
BASELINE_VIEWS = """from django.http import HttpRequest, JsonResponse

from .models import Item

FIELDS = ("id", "owner", "title", "description", "created_at", "updated_at", "processed_at")


def items(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "Not signed in."}, status=403)
    rows = Item.objects.filter(owner=request.user).order_by("-created_at", "-id")
    page = list(rows.values(*FIELDS)[:20])
    return JsonResponse({"count": rows.count(), "next": None, "previous": None, "results": page})
"""

BASELINE_URLS = """from django.urls import path

from items.health import health
from items.views import items

urlpatterns = [path("health", health), path("api/items/", items)]
"""


def run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def signed_in_user(python: str, project: Path, env: dict[str, str], models: str) -> str:
    """Create a user with a page of items and log it in; return its session cookie."""
    script = (
        "from django.contrib.auth import get_user_model; from django.test import Client; "
        f"from {models} import Item; "
        "user = get_user_model().objects.create_user('bench', 'bench@example.com', 'x'); "
        "Item.objects.bulk_create("
        f"Item(owner=user, title=f'Item {{n}}') for n in range({ITEMS})); "
        "client = Client(); client.force_login(user); "
        "print(client.cookies['sessionid'].value)"
    )
    output = run([python, "manage.py", "shell", "-c", script], project, env)
    return output.splitlines()[-1]


@contextmanager
def gunicorn(project: Path, app_dir: Path, wsgi: str, env: dict[str, str]) -> Iterator[str]:
    """Gunicorn with one sync worker and the generated gunicorn.conf.py, for either app."""
    port = free_port()
    args = [
        str(project / ".venv/bin/gunicorn"),
        wsgi,
        "--config",
        str(project / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
    ]
    url = f"http://127.0.0.1:{port}"
    with server(args, cwd=app_dir, env=env, url=f"{url}/health", timeout=30):
        yield url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    options = parser.parse_args()
    require_wrk()
    postgres = os.environ.get(
        "SCAFFOLD_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
    )
    redis = os.environ.get("SCAFFOLD_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

    with (
        tempfile.TemporaryDirectory(prefix="bench-django-") as tmp,
        fresh_database(postgres) as db_url,
        fresh_database(postgres) as baseline_db_url,
    ):
        work = Path(tmp)
        inherited = {"VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"}
        base_env = {k: v for k, v in os.environ.items() if k not in inherited}
        run(
            [
                sys.executable,
                "-m",
                "scaffold",
                "new",
                "bench_app",
                "--framework",
                "django",
                "--defaults",
                "--no-git",
            ],
            work,
            base_env,
        )
        project = work / "bench_app"
        run([find_uv_bin(), "sync", "--quiet"], project, base_env)
        python = str(project / ".venv/bin/python")

        app_env = {
            **base_env,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": db_url,
            "REDIS_URL": redis,
        }
        run([python, "manage.py", "migrate", "--no-input"], project, app_env)
        app_session = signed_in_user(python, project, app_env, "bench_app.items.models")

        run([str(project / ".venv/bin/django-admin"), "startproject", "baseline"], work, base_env)
        baseline = work / "baseline"
        (baseline / "items").mkdir()
        (baseline / "items/__init__.py").touch()
        (baseline / "items/models.py").write_text(BASELINE_MODELS)
        (baseline / "items/views.py").write_text(BASELINE_VIEWS)
        shutil.copy(project / "bench_app/health/views.py", baseline / "items/health.py")
        (baseline / "baseline/urls.py").write_text(BASELINE_URLS)
        settings = baseline / "baseline/settings.py"
        settings.write_text(
            settings.read_text()
            + "\nimport dj_database_url\n\nDEBUG = False\nALLOWED_HOSTS = ['127.0.0.1']\n"
            + "INSTALLED_APPS += ['items']\n"
            + "DATABASES = {'default': dj_database_url.config(conn_max_age=600,"
            + " conn_health_checks=True)}\n"
        )
        baseline_env = {**base_env, "DATABASE_URL": baseline_db_url}
        run([python, "manage.py", "makemigrations", "items"], baseline, baseline_env)
        run([python, "manage.py", "migrate", "--no-input"], baseline, baseline_env)
        baseline_session = signed_in_user(python, baseline, baseline_env, "items.models")

        paths = {"health": "/health", "api": "/api/items/"}
        samples: dict[str, dict[str, list[float]]] = {
            view: {"app": [], "baseline": []} for view in paths
        }
        with (
            gunicorn(project, project, "config.wsgi", app_env) as app_url,
            gunicorn(project, baseline, "baseline.wsgi", baseline_env) as baseline_url,
        ):
            # Each side with its own log-in cookie.
            servers = {
                "app": (
                    app_url,
                    {"X-Forwarded-Proto": "https", "Cookie": f"sessionid={app_session}"},
                ),
                "baseline": (baseline_url, {"Cookie": f"sessionid={baseline_session}"}),
            }
            for view, path in paths.items():
                for url, headers in servers.values():  # warm up both
                    wrk(f"{url}{path}", 2, headers)
                for _ in range(options.rounds):
                    for side, (url, headers) in servers.items():
                        samples[view][side].append(wrk(f"{url}{path}", options.seconds, headers))

    results = {}
    print(f"{'view':<8}{'generated req/s':>18}{'baseline req/s':>18}{'ratio':>8}{'target':>8}")
    for view, sides in samples.items():
        app, base = statistics.median(sides["app"]), statistics.median(sides["baseline"])
        ratio = app / base
        results[view] = {
            "app_rps": app,
            "baseline_rps": base,
            "ratio": ratio,
            "target": TARGETS[view],
        }
        verdict = "ok" if ratio >= TARGETS[view] else "MISSED"
        print(f"{view:<8}{app:>18.0f}{base:>18.0f}{ratio:>8.2f}{TARGETS[view]:>8.2f}  {verdict}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
