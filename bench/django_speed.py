"""Benchmark: the generated Django app against a bare `django-admin startproject`, in one run.

Generates a project with `scaffold new`, installs it, and builds a baseline with the same Django
(its `startproject` settings and default middleware) holding the same two views: `/health` (one
`SELECT 1`) and a database-backed read of one page of items (a count and 20 rows, as JSON). Both
run under Gunicorn with one sync worker and the generated `gunicorn.conf.py`, on the same
PostgreSQL database with persistent connections; the generated app also uses Redis (cache,
sessions) and its production settings, and its API read is authenticated by a real session.
`wrk` loads each, alternating, from this machine.

Targets: the generated app's requests per second at least 0.9x the baseline's on /health and 0.8x
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
TARGETS = {"health": 0.9, "api": 0.8}
ITEMS = 20

BASELINE_MODELS = '''from django.db import models


class Item(models.Model):
    """The generated app's items table, read as it is."""

    owner_id = models.BigIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField()
    created_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True)

    class Meta:
        managed = False
        db_table = "items_item"
'''

# Beside the generated app's own health view, copied into the baseline as it is.
BASELINE_VIEWS = """from django.http import HttpRequest, JsonResponse

from .models import Item

FIELDS = ("id", "name", "description", "created_at", "processed_at")


def items(request: HttpRequest) -> JsonResponse:
    rows = Item.objects.filter(owner_id=int(request.GET["owner"])).order_by("-created_at", "-id")
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
        # A user with a page of items, and a real session for the API's authentication.
        script = (
            "from django.contrib.auth import get_user_model; from django.test import Client; "
            "from bench_app.items.models import Item; "
            "user = get_user_model().objects.create_user('bench', 'bench@example.com', 'x'); "
            "Item.objects.bulk_create("
            f"Item(owner=user, name=f'Item {{n}}') for n in range({ITEMS})); "
            "client = Client(); client.force_login(user); "
            "print(user.pk, client.cookies['sessionid'].value)"
        )
        output = run([python, "manage.py", "shell", "-c", script], project, app_env)
        owner, session = output.splitlines()[-1].split()

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
        baseline_env = {**base_env, "DATABASE_URL": db_url}

        headers = {"X-Forwarded-Proto": "https", "Cookie": f"sessionid={session}"}
        paths = {"health": "/health", "api": "/api/items/"}
        samples: dict[str, dict[str, list[float]]] = {
            view: {"app": [], "baseline": []} for view in paths
        }
        with (
            gunicorn(project, project, "config.wsgi", app_env) as app_url,
            gunicorn(project, baseline, "baseline.wsgi", baseline_env) as baseline_url,
        ):
            for view, path in paths.items():
                base_path = f"{path}?owner={owner}" if view == "api" else path
                wrk(f"{app_url}{path}", 2, headers)  # warm up both
                wrk(f"{baseline_url}{base_path}", 2, headers)
                for _ in range(options.rounds):
                    samples[view]["app"].append(wrk(f"{app_url}{path}", options.seconds, headers))
                    samples[view]["baseline"].append(
                        wrk(f"{baseline_url}{base_path}", options.seconds, headers)
                    )

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
