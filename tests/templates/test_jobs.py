"""Slow tier: a job outlives its worker, killed with SIGKILL mid-job, on every stack's queue.

The job is held mid-run without any code of the test's in the project: the test locks the row
the job updates, so the worker's UPDATE waits on PostgreSQL; then the whole worker (its process
group) is killed, its orphaned database session with it, as a machine's crash would leave it.
"""

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from scaffold.frameworks import SINGLE_STACKS, Framework
from tests.services import fresh_database, with_database
from tests.templates.conftest import InstalledProject
from tests.templates.projects import PACKAGE, run, server_env, tool

pytestmark = pytest.mark.slow

# After the restart, the job must have run again within this many seconds.
RERUN_WITHIN = 60


@dataclass(frozen=True)
class JobStack:
    migrate: list[str]
    # Python that creates an item, queues its job and prints the item's id.
    enqueue: str
    worker: list[str]
    # The item's table, and the column its job fills in.
    table: str
    done: str


CELERY_WORKER = ["worker", "--loglevel=INFO", "--concurrency=1"]
STACKS = {
    Framework.DJANGO: JobStack(
        migrate=["python", "manage.py", "migrate", "--noinput"],
        enqueue=f"""
import os
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django.setup()
from {PACKAGE}.items.services import item_create
from {PACKAGE}.users.models import User
user = User.objects.create_user(username="worker", email="w@example.com", password="x" * 12)
print(item_create(owner=user, title="a job").pk)
""",
        worker=["celery", "-A", "config", *CELERY_WORKER],
        table="items_item",
        done="processed_at",
    ),
    Framework.FLASK: JobStack(
        migrate=["flask", "--app", PACKAGE, "db", "upgrade"],
        enqueue=f"""
from {PACKAGE} import create_app
from {PACKAGE}.auth import create_user
from {PACKAGE}.extensions import db
from {PACKAGE}.items.models import Item
from {PACKAGE}.items.tasks import process_item
with create_app().app_context():
    item = Item(owner=create_user(username="worker", password="x" * 12), title="a job")
    db.session.add(item)
    db.session.commit()
    process_item.delay(item.id)
    print(item.id)
""",
        worker=["celery", "-A", f"{PACKAGE}.worker", *CELERY_WORKER],
        table="items",
        done="processed_at",
    ),
    Framework.FASTAPI: JobStack(
        migrate=["alembic", "upgrade", "head"],
        enqueue=f"""
import asyncio
from arq import create_pool
from arq.connections import RedisSettings
from {PACKAGE} import models
from {PACKAGE}.config import settings
from {PACKAGE}.database import session_factory
from {PACKAGE}.items.models import Item

async def main():
    async with session_factory() as session:
        user = models.User(email="w@example.com", hashed_password="-")
        session.add(user)
        await session.flush()
        item = Item(owner_id=user.id, title="a job")
        session.add(item)
        await session.commit()
    queue = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    await queue.enqueue_job("process_item", item.id, _queue_name=settings.job_queue)
    print(item.id)

asyncio.run(main())
""",
        worker=["arq", f"{PACKAGE}.worker.WorkerSettings"],
        table="items",
        done="processed_at",
    ),
}
# The sessions of this test's database that wait on a lock (the blocked job's): counted, ended.
WAITING = (
    "SELECT count(*) FROM pg_stat_activity"
    " WHERE wait_event_type = 'Lock' AND datname = current_database()"
)
END_WAITING = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
    " WHERE wait_event_type = 'Lock' AND datname = current_database()"
)
# A Redis database of each stack's own, apart from STACK_REDIS_DATABASES: no worker of another
# test takes its job.
REDIS_DATABASE = {Framework.DJANGO: "11", Framework.FLASK: "12", Framework.FASTAPI: "13"}


@contextmanager
def worker(args: list[str], project: Path, env: dict[str, str], log: Path) -> Iterator[int]:
    """The worker in a process group of its own; yields the group's id. Stopped afterwards."""
    with log.open("a") as output:
        process = subprocess.Popen(
            args,
            cwd=project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process.pid
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)


def wait_for(condition: str, check: Callable[[], bool], seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"{condition} within {seconds} s:\n{log.read_text()}"
        time.sleep(0.5)


@pytest.mark.parametrize("framework", SINGLE_STACKS, ids=str)
def test_a_job_runs_again_after_its_worker_is_killed_mid_job(
    framework: Framework,
    installed_project: InstalledProject,
    postgres_url: str,
    redis_url: str,
    tmp_path: Path,
) -> None:
    """SIGKILL of the worker while it runs a job: restarted, a worker runs the job to the end."""
    stack, project = STACKS[framework], installed_project(framework)
    log = tmp_path / "worker.log"
    with fresh_database(postgres_url) as database:
        env = server_env(framework, database) | {
            "REDIS_URL": with_database(redis_url, REDIS_DATABASE[framework]),
            "JOB_QUEUE": f"arq:scaffold-test:{tmp_path.name}",
        }
        run([tool(project, stack.migrate[0]), *stack.migrate[1:]], cwd=project, env=env)
        python = tool(project, "python")
        item_id = int(run([python, "-c", stack.enqueue], cwd=project, env=env).split()[-1])
        done = sql.SQL("SELECT {} IS NOT NULL FROM {} WHERE id = %s").format(
            sql.Identifier(stack.done), sql.Identifier(stack.table)
        )
        with psycopg.connect(database, autocommit=True) as watcher:

            def waiting_on_the_lock() -> bool:
                return watcher.execute(WAITING).fetchone() == (1,)

            def job_done() -> bool:
                return watcher.execute(done, [item_id]).fetchone() == (True,)

            command = [tool(project, stack.worker[0]), *stack.worker[1:]]
            with psycopg.connect(database) as holder:
                holder.execute(
                    sql.SQL("SELECT 1 FROM {} WHERE id = %s FOR UPDATE").format(
                        sql.Identifier(stack.table)
                    ),
                    [item_id],
                )
                with worker(command, project, env, log) as group:
                    wait_for("the worker's job blocked on the row", waiting_on_the_lock, 60, log)
                    os.killpg(group, signal.SIGKILL)
                # A crashed machine's connections die with it; here PostgreSQL would otherwise
                # finish the dead worker's statement once the lock is released.
                watcher.execute(END_WAITING)
                holder.rollback()
            assert not job_done()

            with worker(command, project, env, log):
                wait_for("the job ran again", job_done, RERUN_WITHIN, log)
