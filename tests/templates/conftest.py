from collections.abc import Callable, Iterator
from pathlib import Path

import jinja2
import pytest
import yaml
from pytest_copie.plugin import Copie

from scaffold.frameworks import Framework
from scaffold.generate import NewProject, create_project
from tests.services import fresh_database
from tests.templates.projects import PACKAGE, parts, uv_sync

InstalledProject = Callable[..., Path]

ROOT = Path(__file__).parents[2]
COPIER_YML = yaml.safe_load((ROOT / "copier.yml").read_text())


def applies(question: dict[str, object], framework: Framework) -> bool:
    """Whether a question's `when:` holds for the framework (framework-only questions)."""
    when = question.get("when", True)
    if isinstance(when, bool):
        return when
    # A copier.yml condition, not HTML: nothing to escape.
    environment = jinja2.Environment()  # noqa: S701
    return environment.from_string(str(when)).render(framework=str(framework)) == "True"


def other_answers(question: dict[str, object]) -> list[object]:
    """The answers other than the default: each other choice, or the flip of a yes/no."""
    if question.get("type") == "bool":
        return [not question.get("default", False)]
    choices = question.get("choices", [])
    assert isinstance(choices, dict | list)
    values = choices.values() if isinstance(choices, dict) else choices
    return [value for value in values if value != question.get("default")]


def variants() -> Iterator[tuple[str, dict[str, object]]]:
    """Each framework with its defaults, then with each other answer of each question."""
    for framework in Framework:
        base: dict[str, object] = {"framework": str(framework), "project_name": "Demo Shop"}
        yield f"{framework}-defaults", base
        yield f"{framework}-author", {**base, "author": "Ada Lovelace <ada@example.com>"}
        for name, question in COPIER_YML.items():
            if name.startswith("_") or name == "framework" or not applies(question, framework):
                continue
            for answer in other_answers(question):
                yield f"{framework}-{name}-{answer}", {**base, name: answer}


VARIANTS = dict(variants())


@pytest.fixture(scope="session")
def renders(template_dir: Path, copie_session: Copie) -> dict[str, Path]:
    """Every variant rendered once for the whole session, by pytest-copie."""
    rendered = {}
    for variant, answers in VARIANTS.items():
        result = copie_session.copy(extra_answers=answers, template_dir=template_dir)
        assert result.exit_code == 0, f"{variant}: {result.exception}"
        assert result.project_dir is not None
        rendered[variant] = result.project_dir
    return rendered


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
            ).path
            for part in parts(project, framework):
                uv_sync(part)
            cache[key] = project
        return cache[key]

    return get


@pytest.fixture
def database(postgres_url: str) -> Iterator[str]:
    """An empty PostgreSQL database, dropped after the test."""
    with fresh_database(postgres_url) as url:
        yield url
