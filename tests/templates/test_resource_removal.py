"""Slow tier: `scaffold remove resource` on a project whose database has the resource's table:
the normal migration command follows, no drift is left, and the project passes its own checks."""

from pathlib import Path

import pytest

from scaffold.frameworks import Framework
from scaffold.verify import Outcome, verify
from tests.templates.projects import PACKAGE, project_env, run, scaffold, with_resources

pytestmark = pytest.mark.slow

PRODUCT = ["name:str:120:unique", "price:decimal", "notes:text:optional", "buyer:ref:user"]
REVIEW = ["product:ref:Product", "stars:int:index", "body:text"]
# Each stack's migration command, then its drift check, in the folder that owns the schema.
MIGRATE = {
    Framework.DJANGO: (".", ["manage.py", "migrate"], ["manage.py", "makemigrations", "--check"]),
    Framework.FASTAPI: (".", ["alembic", "upgrade", "head"], ["alembic", "check"]),
    Framework.FLASK: (
        ".",
        ["flask", "--app", PACKAGE, "db", "upgrade"],
        ["flask", "--app", PACKAGE, "db", "check"],
    ),
    Framework.DJANGO_FASTAPI: (
        "admin",
        ["manage.py", "migrate"],
        ["manage.py", "makemigrations", "--check"],
    ),
}


def uv_run(folder: Path, args: list[str], database: str) -> str:
    return run(["uv", "run", *args], cwd=folder, env=project_env(DATABASE_URL=database))


@pytest.mark.parametrize("framework", list(Framework), ids=str)
def test_a_removed_resource_leaves_a_working_project(
    tmp_path: Path, framework: Framework, database: str
) -> None:
    """Two resources beside the example, migrated; the one that refers to the other and the
    example removed: the database follows with the normal migration command, and every check of
    the project passes."""
    project = with_resources(
        tmp_path, framework, ["Product", *PRODUCT], ["Review", *REVIEW, "--shared"]
    )
    folder, migrate, drift = MIGRATE[framework]
    uv_run(project / folder, migrate, database)

    for name in ("Review", "Item"):
        assert f"Removed resource {name}" in scaffold("remove", "resource", name, cwd=project)

    assert not list(project.rglob("reviews"))
    assert not list(project.rglob("items"))
    uv_run(project / folder, migrate, database)
    uv_run(project / folder, drift, database)
    failed = [check for check in verify(project, framework) if check.outcome != Outcome.PASSED]
    assert failed == []
