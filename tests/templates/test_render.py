"""Fast tier: render every framework with its defaults and with every choice of every question."""

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import copier
import pytest
import yaml

from scaffold.frameworks import Framework
from scaffold.names import package_name_for
from tests.templates.conftest import ROOT, VARIANTS

DEBRIS = re.compile(r"\{\{|\{%|%\}|\{#")

def rendered_files(project: Path) -> list[Path]:
    return sorted(p for p in project.rglob("*") if p.is_file())


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_template_syntax_is_left(renders: dict[str, Path], variant: str) -> None:
    """No rendered file keeps a Jinja delimiter, and no file name does.

    HTML templates of the generated apps use these delimiters by design; they are copied as they
    are, never rendered (see the next test), so they cannot hold leftovers of ours.
    """
    leftovers = [
        str(path.relative_to(renders[variant]))
        for path in rendered_files(renders[variant])
        if DEBRIS.search(str(path)) or (path.suffix != ".html" and DEBRIS.search(path.read_text()))
    ]
    assert leftovers == []


def test_html_templates_are_copied_not_rendered() -> None:
    """No HTML template in the tree is rendered by Copier, so its own tags stay untouched."""
    assert sorted((ROOT / "templates").rglob("*.html.jinja")) == []


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_blank_line_debris(renders: dict[str, Path], variant: str) -> None:
    """Files end in one newline, with no trailing spaces and no runs of blank lines."""
    untidy = []
    for path in rendered_files(renders[variant]):
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
            untidy.append(str(path.relative_to(renders[variant])))
    assert untidy == []


def test_generated_python_passes_ruff(renders: dict[str, Path]) -> None:
    """Every render passes `ruff check` and `ruff format --check` under its own settings."""
    projects = [str(path) for path in renders.values()]
    check = subprocess.run([sys.executable, "-m", "ruff", "check", *projects], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run([sys.executable, "-m", "ruff", "format", "--check", *projects], capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout


@pytest.mark.parametrize("variant", VARIANTS)
def test_answers_file_records_every_answer(renders: dict[str, Path], variant: str) -> None:
    """The answers file holds the answers an update needs."""
    answers = yaml.safe_load((renders[variant] / ".copier-answers.yml").read_text())

    for name, value in VARIANTS[variant].items():
        assert answers[name] == value
    assert {"_src_path", "package_name", "python_version", "domain"} <= set(answers)


@pytest.mark.parametrize("framework", list(Framework))
def test_shared_files_are_the_same_in_every_tree(
    renders: dict[str, Path], framework: Framework
) -> None:
    """Files included from templates/_shared render alike for every framework."""
    reference = renders["django-defaults"]
    for shared in (".gitignore", ".pre-commit-config.yaml", ".github/workflows/ci.yml"):
        assert (renders[f"{framework}-defaults"] / shared).read_text() == (
            reference / shared
        ).read_text()


@pytest.mark.parametrize(
    "project_name", ["Demo Shop", "  my-API v2  ", "Café_Bar!", "x"], ids=repr
)
def test_cli_derives_the_package_name_as_copier_does(template_dir: Path, tmp_path: Path, project_name: str) -> None:
    """The CLI's package name matches copier.yml's default for the same project name."""
    worker = copier.run_copy(
        str(template_dir),
        tmp_path,
        data={"framework": "flask", "project_name": project_name},
        defaults=True,
        quiet=True,
        pretend=True,
    )
    assert worker.answers.combined["package_name"] == package_name_for(project_name)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        pytest.param({"project_name": "flask"}, "would shadow", id="shadows-dependency"),
        pytest.param({"project_name": "os"}, "would shadow", id="shadows-stdlib"),
        pytest.param({"package_name": "My-App"}, "not a valid Python package name", id="invalid"),
        pytest.param({"project_name": "   "}, "can't be empty", id="empty"),
        pytest.param({"domain": "localhost"}, "not a domain name", id="bad-domain"),
    ],
)
def test_copier_refuses_bad_answers(
    template_dir: Path, tmp_path: Path, answers: dict[str, str], message: str
) -> None:
    """A bare `copier copy` validates names too, so its users are protected as well."""
    data = {"framework": "fastapi", "project_name": "shop", **answers}
    if "package_name" not in answers:
        data["package_name"] = package_name_for(data["project_name"])
    with pytest.raises(ValueError, match=message):
        copier.run_copy(str(template_dir), tmp_path, data=data, defaults=True, quiet=True)
    assert list(tmp_path.iterdir()) == []
