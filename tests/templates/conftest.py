from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scaffold.frameworks import Framework
from scaffold.generate import NewProject, create_project
from tests.services import fresh_database
from tests.templates.projects import PACKAGE, uv_sync

InstalledProject = Callable[..., Path]


@pytest.fixture(scope="session")
def installed_project(tmp_path_factory: pytest.TempPathFactory) -> InstalledProject:
    """Generate a project with `scaffold new` and install it with `uv sync`, once per session.

    Call it with the framework and any answers; the same call returns the same project, so the
    slow tier installs each framework once however many test modules use it.
    """
    cache: dict[tuple[Framework, tuple[tuple[str, str], ...]], Path] = {}

    def get(framework: Framework, **answers: str) -> Path:
        key = (framework, tuple(sorted(answers.items())))
        if key not in cache:
            parent = tmp_path_factory.mktemp(f"project-{framework}")
            project = create_project(
                NewProject(name=PACKAGE, framework=framework, parent=parent, data=answers)
            )
            uv_sync(project)
            cache[key] = project
        return cache[key]

    return get


@pytest.fixture
def database(postgres_url: str) -> Iterator[str]:
    """An empty PostgreSQL database, dropped after the test."""
    with fresh_database(postgres_url) as url:
        yield url
