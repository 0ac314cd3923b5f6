"""Slow tier: the Tailwind CSS the project ships is what its npm build produces."""

import shutil
from pathlib import Path

import pytest

from tests.templates.projects import run

pytestmark = pytest.mark.slow

# What the build reads: the npm manifest (exact versions), Tailwind's input, the templates' classes.
BUILD_INPUTS = ["package.json", "Makefile", "assets", "templates"]


def built_css(project: Path, scratch: Path) -> str:
    """What `make css` (npm install + the Tailwind CLI) builds from the project's inputs."""
    assert shutil.which("npm"), "npm is missing: apt-get install -y nodejs npm"
    for name in BUILD_INPUTS:
        source = project / name
        if source.is_dir():
            shutil.copytree(source, scratch / name)
        else:
            shutil.copy2(source, scratch / name)
    run(["make", "css"], cwd=scratch, timeout=300)
    return (scratch / "static/css/app.css").read_text()


def test_shipped_css_is_the_build_output(django_project: Path, tmp_path: Path) -> None:
    """`make css` (npm install + the Tailwind CLI) rebuilds static/css/app.css byte for byte."""
    assert (
        built_css(django_project, tmp_path) == (django_project / "static/css/app.css").read_text()
    )
