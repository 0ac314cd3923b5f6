import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import jinja2
import pytest
import yaml
from playwright.sync_api import Browser, sync_playwright
from pytest_copie.plugin import Copie, Result

from scaffold.fields import parse_fields
from scaffold.frameworks import Framework
from scaffold.generate import NewProject, create_project
from scaffold.names import ResourceNames, resource_names
from scaffold.resources import Project, resource_answers
from tests.services import fresh_database
from tests.templates.projects import EVERY_TYPE, PACKAGE, parts, uv_sync

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


# Two resources, as `scaffold add resource` takes them: every type and modifier in one, owned; a
# shared one that refers to it.
RESOURCES = (
    ("Product", EVERY_TYPE, True),
    ("OrderLine", ("product:ref:Product", "amount:int", "note:str:optional"), False),
)


@pytest.fixture(scope="session")
def resource_renders(
    renders: dict[str, Path],
    template_dir: Path,
    copie_session: Copie,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Path]:
    """Each framework's default project with the two resources rendered onto it, by pytest-copie
    with the answers `scaffold add resource` computes."""
    rendered = {}
    for framework in Framework:
        result = Result(project_dir=renders[f"{framework}-defaults"])
        copie = replace(copie_session, test_dir=tmp_path_factory.mktemp(f"r-{framework}"))
        known: dict[str, ResourceNames] = {}
        for name, specs, owned in RESOURCES:
            assert result.project_dir is not None
            names = resource_names(name)
            project = Project(result.project_dir, framework, "demo_shop")
            answers = resource_answers(project, names, parse_fields(specs, known), owned=owned)
            # What the answers file's location tells Copier, when `scaffold` renders a resource.
            answers["for_resource"] = True
            copie = replace(copie, parent_result=result, counter=copie.counter)
            result = copie.copy(extra_answers=answers, template_dir=template_dir)
            assert result.exit_code == 0, f"{framework} {name}: {result.exception}"
            known[names.cls.lower()] = names
        assert result.project_dir is not None
        rendered[f"{framework}-resources"] = result.project_dir
    return rendered


# Headless, in a container as root, without reaching out to Google's services.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium (Debian's, driven by Playwright, which never downloads one here); its
    absence fails the test rather than skipping it."""
    chromium = shutil.which("chromium")
    assert chromium, "Chromium is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
